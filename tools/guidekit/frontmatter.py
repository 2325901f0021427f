"""Split a guide into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from guidekit.problems import Problem, ProblemsFound, yaml_problem

# The same delimiters MkDocs accepts (mkdocs.utils.meta), so both agree on where the body starts.
_FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Document:
    path: str            # for messages, e.g. "guides/warning-signs.md"
    text: str            # the whole file
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1   # 1-based line of the file where the body starts
    meta_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 1-based line


def split(text: str, path: str = "<string>") -> Document:
    """Parse front matter; raise ProblemsFound with a path:line message on broken YAML."""
    match = _FRONT.match(text)
    if not match:
        return Document(path, text, {}, text, 1, {})
    raw = match.group(1) or ""
    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        problem = yaml_problem(exc, path, "front-matter-yaml", "front matter", first_line=2)
        raise ProblemsFound([replace(problem, hint="fix the YAML between the '---' lines")]) from None
    if not isinstance(meta, dict):
        raise ProblemsFound([Problem(path, 2, "front-matter-not-mapping",
                                     "front matter must be a mapping of keys to values",
                                     "write it as 'key: value' lines")])
    body_line = text[: match.end()].count("\n") + 1
    if not match.group(0).endswith("\n"):
        body_line += 1
    meta_lines = {}
    for offset, line in enumerate(raw.splitlines()):
        key = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if key and key.group(1) not in meta_lines:
            meta_lines[key.group(1)] = 2 + offset
    return Document(path, text, meta, text[match.end():], body_line, meta_lines)


def read(path, display: str | None = None) -> Document:
    """The guide at `path`, parsed once per version of the file (treat the result as read-only).

    A build asks for the same guide many times (its template, its page in every language, its
    sign-off digests, the status pages); the file's mtime and size say when to read it again.
    """
    from pathlib import Path

    p = Path(path)
    try:
        stat = p.stat()
    except OSError:
        stat = None
    key = (str(p), display)
    stamp = (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)
    hit = _read_cache.get(key)
    if hit is None or hit[0] != stamp:
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ProblemsFound([Problem(display or str(p), 1, "not-utf8", f"file is not UTF-8 ({exc.reason})",
                                         "save the file as UTF-8")]) from None
        hit = _read_cache[key] = (stamp, split(text, display or str(p)))
    return hit[1]


# (path, display) -> ((mtime, size), Document): one entry per file, replaced when it changes,
# so a build of any size keeps every guide's parse and `serve` never accumulates old ones
_read_cache: dict[tuple, tuple[tuple[int, int], Document]] = {}
