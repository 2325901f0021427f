"""Split a guide into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guidekit import schema, yamlfile
from guidekit.problems import Problem, ProblemsFound

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
    # every key and list item of the front matter -> its line, e.g. ("review", 0) -> 9
    value_lines: Mapping[tuple[Any, ...], int] = field(default_factory=dict, compare=False)

    def line_of(self, *keys: Any) -> int:
        """Line of a front-matter value (the nearest enclosing one when it is missing)."""
        where = tuple(keys)
        while where and where not in self.value_lines:
            where = where[:-1]
        return self.value_lines.get(where, 1)


# The vocabulary of front matter. Readability targets per audience live in checks/safemessaging.
AUDIENCES = ("teens", "caregivers", "educators")
TOPICS = ("eating-disorders", "self-harm", "suicide", "wellbeing", "about")
MAX_REVIEW_INTERVAL = 36  # months: clinical content is reviewed at least this often

SCHEMA = schema.Fields(
    {
        # Shown in <title>, <meta>, nav and search: plain text, no markup or bidi controls.
        "title": schema.Text(plain=True),
        "description": schema.Text(plain=True),
        "audience": schema.ListOf(schema.Text(AUDIENCES), single_ok=True),
        "topics": schema.ListOf(schema.Text(TOPICS), single_ok=True),
        "content_notes": schema.ListOf(schema.Text(plain=True)),
        # A whole number from 1 to MAX_REVIEW_INTERVAL: checked, at its line, by review/status.py.
        "review_interval_months": schema.Anything(),
        # Sign-off records: their inner shape is the review module's to check (review/status.py).
        "review": schema.Anything(),
        # MkDocs and Material keys a page may set. Only our main.html carries the help dialog,
        # the crisis panel and the review line: another template (redirect.html, a partial)
        # would publish a page without them. Icon and status name files and CSS classes.
        "template": schema.Text(("main.html",)),
        "hide": schema.ListOf(schema.Text(("navigation", "toc", "footer", "path", "tags",
                                           "feedback"))),
        "search": schema.Fields({"exclude": schema.Flag(), "boost": schema.Number(0, 100)}),
        "status": schema.Text(pattern=r"[a-z0-9_-]{1,40}", what="a status name like new"),
        "icon": schema.Text(pattern=r"[a-z0-9_-]{1,40}(?:/[a-z0-9_-]{1,60}){1,3}",
                            what="an icon name like material/heart"),
        "subtitle": schema.Text(plain=True),
    })

MAX_NESTING = 40  # Markdown container levels (lists, quotes); Python-Markdown recurses per level
_CONTAINER = re.compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t]|$))+")
_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")


def split(text: str, path: str = "<string>") -> Document:
    """Parse front matter; raise ProblemsFound with path:line messages on broken YAML, a value
    of the wrong type or a body nested deeper than any renderer can take."""
    match = _FRONT.match(text)
    if not match:
        _check_nesting(text, path, 1)
        return Document(path, text, {}, text, 1, {})
    raw = match.group(1) or ""
    parsed = yamlfile.parse(raw, path, "front-matter-yaml", "front matter", first_line=2)
    meta = parsed.data if parsed.data is not None else {}
    if not isinstance(meta, dict):
        raise ProblemsFound([Problem(path, 2, "front-matter-not-mapping",
                                     "front matter must be a mapping of keys to values",
                                     "write it as 'key: value' lines")])
    problems = [] if parsed.data is None else schema.check(SCHEMA, parsed, "front-matter", "fix the value between the '---' lines")
    if problems:
        raise ProblemsFound(problems)
    body_line = text[: match.end()].count("\n") + 1
    if not match.group(0).endswith("\n"):
        body_line += 1
    meta_lines = {str(key): parsed.line(key) for key in meta}
    _check_nesting(text[match.end():], path, body_line)
    return Document(path, text, meta, text[match.end():], body_line, meta_lines, parsed.lines)


def _check_nesting(body: str, path: str, first_line: int) -> None:
    """A list, quote or admonition nested hundreds of levels deep makes the Markdown renderers
    recurse until RecursionError: refuse it at its line, long before that. Each 4 columns of
    indentation and each list or quote marker at the start of a line count as one level."""
    for offset, line in enumerate(body.split("\n")):
        text = line.expandtabs(4)
        stripped = text.lstrip(" ")
        depth = (len(text) - len(stripped)) // 4
        found = _CONTAINER.match(stripped)
        if found:
            depth += found.group(0).count(">") + len(_MARKER.findall(found.group(0)))
        if depth > MAX_NESTING:
            raise ProblemsFound([Problem(path, first_line + offset, "markdown-nesting",
                                         f"lists, quotes or blocks nested {depth} levels deep "
                                         f"(limit {MAX_NESTING})", "flatten the structure")])


# The toolkit's own page data (review line, banners, notices) is held by the plugin, never in
# page meta; a front-matter key with this prefix is an unknown key to the schema (an error in
# check and build) and is dropped by the build besides, so a writer cannot forge "Reviewed by".
RESERVED_PREFIX = "guidekit"


def reserved_keys(meta: dict[str, Any]) -> list[str]:
    return sorted(k for k in meta if isinstance(k, str) and k.lower().startswith(RESERVED_PREFIX))


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
        shown = display or str(p)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ProblemsFound([Problem(shown, 1, "guide-unreadable", f"cannot read the guide: "
                                         f"{exc.strerror or exc}", "check that it is a readable "
                                         "file")]) from None
        text = yamlfile.decode(data, shown, "not-utf8", "the guide")
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text() would
        hit = _read_cache[key] = (stamp, split(text, shown))
    return hit[1]


# (path, display) -> ((mtime, size), Document): one entry per file, replaced when it changes,
# so a build of any size keeps every guide's parse and `serve` never accumulates old ones
_read_cache: dict[tuple, tuple[tuple[int, int], Document]] = {}
