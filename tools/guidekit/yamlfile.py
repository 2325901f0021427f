"""The one way guidekit reads YAML: bounded, strict about duplicates, with the line of every value.

Every YAML file a writer or translator can touch (mkdocs.yml, front matter, reviewers.yml,
helplines.yml, distress-terms.yml) goes through `parse`/`read`. PyYAML alone expands aliases
without limit ("billion laughs"), keeps the last of two equal keys silently, recurses once per
nesting level until RecursionError and reports bad bytes at line 1. Here:

- size, alias count, nesting depth and the size of the document *with aliases expanded* are
  capped before any Python value is built, so a bomb is one clear error, fast, in little memory;
- a duplicate key is reported at the duplicate (the one YAML keeps);
- merge keys (`<<: *base`) are applied as YAML 1.1 says, their keys keep the lines they came from;
- a byte that is not UTF-8 or a control character is reported at its own line;
- `Yaml.line(*keys)` gives the line of any key or list item, so schema errors point at it.

The result is plain data (dict, list, str, int, float, bool, None, date): every alias is
expanded into its own copy, so nothing downstream can blow up by walking shared references.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guidekit.problems import Problem, ProblemsFound, yaml_problem

MAX_BYTES = 1_000_000      # a guide's front matter or a registry is a few kilobytes
MAX_ALIASES = 100          # real files use none; a handful at most in mkdocs.yml
MAX_NODES = 50_000         # values after expanding aliases: a bomb needs billions
MAX_DEPTH = 50             # nesting levels, counted through aliases

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class Loader(yaml.SafeLoader):
    """SafeLoader whose composer counts aliases and nesting as it goes (subclass it to add tags)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _limit(f"more than {MAX_ALIASES} aliases (*name)", self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _limit(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _limit(problem: str, mark: yaml.Mark | None) -> yaml.MarkedYAMLError:
    return yaml.composer.ComposerError(None, None, problem, mark)


@dataclass(frozen=True)
class Yaml:
    """A parsed YAML document: plain data, and the 1-based file line of every key and item."""
    path: str                                   # as shown in messages
    data: Any
    lines: Mapping[tuple[Any, ...], int] = field(default_factory=dict)

    def line(self, *keys: Any) -> int:
        """Line of the value at keys (dict keys and list indexes); the nearest enclosing one
        that exists when the value itself is missing."""
        where = tuple(keys)
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)


def read(path: Path | str, display: str, code: str, what: str,
         loader: type[Loader] = Loader, max_bytes: int = MAX_BYTES) -> Yaml:
    """Read and parse a YAML file; ProblemsFound (at `display`:line, with `code`) when unusable."""
    p = Path(path)
    try:
        with p.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise ProblemsFound([Problem(display, 1, code, f"{what} is a directory, not a file",
                                     "remove or rename the directory")]) from None
    except OSError as exc:
        raise ProblemsFound([Problem(display, 1, code, f"cannot read {what}: {exc.strerror}",
                                     "check the file's permissions")]) from None
    return parse_bytes(data, display, code, what, loader=loader, max_bytes=max_bytes)


def parse_bytes(data: bytes, display: str, code: str, what: str, first_line: int = 1,
                loader: type[Loader] = Loader, max_bytes: int = MAX_BYTES) -> Yaml:
    if len(data) > max_bytes:
        raise ProblemsFound([Problem(display, first_line, code,
                                     f"{what} is larger than {max_bytes} bytes",
                                     "split it or remove what does not belong in it")])
    return parse(decode(data, display, code, what, first_line), display, code, what,
                 first_line, loader, max_bytes)


def decode(data: bytes, display: str, code: str, what: str, first_line: int = 1) -> str:
    """UTF-8 text (a leading BOM dropped); a bad byte is a Problem at its own line."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = first_line + data[: exc.start].count(b"\n")
        raise ProblemsFound([Problem(display, line, code,
                                     f"{what} is not UTF-8: byte 0x{data[exc.start]:02x} ({exc.reason})",
                                     "save the file as UTF-8")]) from None


def parse(text: str, display: str, code: str, what: str, first_line: int = 1,
          loader: type[Loader] = Loader, max_bytes: int = MAX_BYTES) -> Yaml:
    """Parse YAML text that starts at file line `first_line` (2 for front matter)."""
    if len(text) > max_bytes:
        raise ProblemsFound([Problem(display, first_line, code,
                                     f"{what} is larger than {max_bytes} characters",
                                     "split it or remove what does not belong in it")])
    try:
        instance = loader(text)  # checks for control characters right away
        try:
            node = instance.get_single_node()
            if node is None:
                return Yaml(display, None, {(): first_line})
            _measure(node)
            builder = _Builder(instance, display, code, first_line)
            data = builder.build(node, ())
        finally:
            instance.dispose()
    except yaml.YAMLError as exc:
        raise ProblemsFound([yaml_problem(exc, display, code, what, first_line, text)]) from None
    if builder.problems:
        raise ProblemsFound(builder.problems)
    return Yaml(display, data, builder.lines)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _measure(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand to too many values, too deep, or into a loop.

    Iterative, and each node is measured once: the check costs the size of the text, not of
    the expansion it guards against."""
    done: dict[int, tuple[int, int]] = {}     # id(node) -> (expanded size, expanded depth)
    open_: set[int] = set()                   # nodes on the current path: seeing one is a loop
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            kids = [done[id(k)] for k in _children(node)]
            size = 1 + sum(s for s, _ in kids)
            depth = 1 + max((d for _, d in kids), default=0)
            open_.discard(key)
            done[key] = (size, depth)
            if size > MAX_NODES:
                raise _limit(f"aliases expand to more than {MAX_NODES} values (a YAML bomb?)",
                             node.start_mark)
            if depth > MAX_DEPTH:
                raise _limit(f"aliases nest values more than {MAX_DEPTH} levels deep",
                             node.start_mark)
            continue
        if key in done:
            continue
        if key in open_:
            raise _limit("an alias refers to the value that contains it", node.start_mark)
        open_.add(key)
        stack.append((node, True))
        stack.extend((kid, False) for kid in _children(node) if id(kid) not in done)


class _Builder:
    """Plain values from nodes, recording the line of every key and item as it goes."""

    def __init__(self, loader: Loader, display: str, code: str, first_line: int) -> None:
        self.loader = loader
        self.display = display
        self.code = code
        self.first = first_line
        self.lines: dict[tuple[Any, ...], int] = {}
        self.problems: list[Problem] = []

    def at(self, node: yaml.Node) -> int:
        return self.first + node.start_mark.line

    def build(self, node: yaml.Node, path: tuple[Any, ...]) -> Any:
        self.lines.setdefault(path, self.at(node))
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            result = []
            for index, item in enumerate(node.value):
                self.lines[path + (index,)] = self.at(item)
                result.append(self.build(item, path + (index,)))
            return result
        # Scalars and explicitly tagged values (!ENV, !!set, ...): the loader's own constructors.
        return self.loader.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, path: tuple[Any, ...]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        own: dict[Any, int] = {}
        merges = [(key, value) for key, value in node.value if key.tag == _MERGE]
        # YAML 1.1 merge: earlier sources win over later ones, the mapping's own keys over all.
        for key, source in reversed(merges):
            for part in reversed(source.value) if isinstance(source, yaml.SequenceNode) else [source]:
                if not isinstance(part, yaml.MappingNode):
                    self.problems.append(Problem(self.display, self.at(key), self.code,
                                                 "a merge key (<<) must refer to a mapping",
                                                 "write the keys out instead of merging"))
                    continue
                result.update(self.mapping(part, path))
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                continue
            line = self.at(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.display, line, self.code,
                                             "a key must be a plain value, not a list or mapping",
                                             "write 'key: value'"))
                continue
            key = self.loader.construct_object(key_node)
            if key in own:
                self.problems.append(Problem(
                    self.display, line, self.code,
                    f"duplicate key {key!r} (first at line {own[key]}); YAML keeps this one",
                    "remove one of the two"))
            own[key] = line
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result
