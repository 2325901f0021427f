"""The translations layer: the one gate between a catalogue and a reader.

Every translated string a reader sees (guide messages, site strings, nav titles, site name and
description, notices, banners, helpline hours and notes, status-page titles, front-matter titles
and descriptions) is looked up through a `Gate`. A msgstr that fails the build's safety rules
(`checks.qa.is_safe_to_render`: markup, URLs, placeholders, attr_lists, numbers, invisible
characters, block syntax) is never shown: the source text is, and the PO line is logged once.

Values are filled into placeholders by plain replacement, never `str.format`, so a translation
(or a source string) with a stray `{0}` cannot crash a build.

MkDocs-free; escaping for HTML contexts is the templates' and the plugin's job.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from guidekit.checks import qa
from guidekit.problems import Problem

# Not under "mkdocs": a refused translation is reported, but must not abort a strict build,
# because the page is still correct (the source text is shown instead).
log = logging.getLogger("guidekit")

_FIELD = re.compile(r"\{([A-Za-z_]\w*)\}")


def fill(text: str, values: Mapping[str, object]) -> str:
    """`text` with each `{name}` in `values` replaced, in one pass (a value that itself contains
    `{other}` is not expanded again); every other brace is left as it is."""
    if not values:
        return text
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


class Gate:
    """The reader-safe translations of one catalogue: msgid -> msgstr, or the msgid when the
    msgstr is refused. `path` and `lines` locate a refused message for the log line."""

    def __init__(self, strings: Mapping[str, str], path: str = "", lines: Mapping[str, int] | None = None):
        self._strings = strings
        self._path = path
        self._lines = lines or {}
        self._checked: dict[str, str | None] = {}

    def get(self, msgid: str) -> str | None:
        """The safe translation, the msgid if the translation was refused, None if untranslated."""
        if msgid in self._checked:
            return self._checked[msgid]
        msgstr = self._strings.get(msgid)
        if msgstr:
            findings = qa.is_safe_to_render(msgid, msgstr)
            if findings:
                codes = ", ".join(sorted({f.code for f in findings}))
                log.warning(f"{self._path}:{self._lines.get(msgid, 1)}: unsafe-translation: {codes}; "
                            "showing the source text instead")
                msgstr = msgid
        else:
            msgstr = None
        self._checked[msgid] = msgstr
        return msgstr

    def __call__(self, msgid: str, **values: object) -> str:
        """The text to show: the safe translation, else the source text, placeholders filled."""
        return fill(self.get(msgid) or msgid, values)


IDENTITY = Gate({})  # the source language: every string is its own msgid


def gate(tr) -> Gate:
    """The Gate for a `catalogs.Translations`, one per Translations object (they are cached by
    file mtime, so an edited catalogue gets a new Gate and its problems are logged again)."""
    cached = _gates.get(id(tr))
    if cached is not None and cached[0] is tr:
        return cached[1]
    result = Gate(tr.strings, tr.path, tr.lines)
    _gates[id(tr)] = (tr, result)
    return result


_gates: dict[int, tuple[object, Gate]] = {}


_MARKUP_CHARS = frozenset("<>&:={}()\\")
_SOURCE_HINTS = {"unsafe-url": "link to a page of the site or to an https:// address instead"}


def source_problems(doc) -> list[Problem]:
    """The writer's side of the gate: a guide (a `frontmatter.Document`) whose Markdown body has a
    script, an event handler or a javascript:/data: URL is an error at its line (the build stops;
    there is no safer text to fall back to). Front matter is plain text, escaped wherever it is
    printed, so it is not Markdown to check.

    Line by line first, so each problem has its own line; then every block (lines between blank
    lines) and the whole body, because an HTML tag or a link definition may span lines
    (`<img\nsrc=x\nonerror=...>`): such a problem is reported at the first line of its block."""
    lines = doc.body.split("\n")
    problems: list[Problem] = []
    flagged: set[int] = set()

    def scan(text: str, offset: int) -> list[Problem]:
        if text.isascii() and _MARKUP_CHARS.isdisjoint(text):
            return []  # nothing a browser could run (most lines; the build checks every page)
        return [Problem(doc.path, doc.body_line + offset, f.code, f.message,
                        _SOURCE_HINTS.get(f.code, f.hint)) for f in qa.unsafe_markup(text, "the guide")]

    for offset, line in enumerate(lines):
        found = scan(line, offset)
        if found:
            flagged.add(offset)
            problems += found
    start = 0
    for end in range(len(lines) + 1):
        if end < len(lines) and lines[end].strip():
            continue
        if end - start > 1 and not flagged.intersection(range(start, end)):
            found = scan("\n".join(lines[start:end]), start)
            if found:
                flagged.add(start)
                problems += found
        start = end + 1
    if not problems:
        problems = scan(doc.body, 0)
    return problems
