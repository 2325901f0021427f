"""Translatable blocks of a guide, found with markdown-it-py, and translation by splicing.

A guide is never regenerated from a parse tree: `translate_body` replaces only the text span of
each translated block and keeps everything around it (list markers, `> `, admonition and tab
indentation, table pipes, `{#id}` attribute lists). The identity translation returns the body
byte for byte.

Line endings: guides are read with universal newlines (MkDocs and `frontmatter.read` both do),
so the body normally has `\\n` only; a stray `\\r` is treated as trailing whitespace and kept.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from guidekit.frontmatter import Document

Slugify = Callable[[str, str], str]
Lookup = Callable[["Segment"], "str | None"]

META_KEYS = ("title", "description")


@dataclass(frozen=True)
class Segment:
    msgid: str
    line: int            # 1-based line in the whole file (front matter included)
    # title, description, heading, paragraph, cell, admonition-title, tab-title, alt, term
    kind: str
    comment: str = ""    # from a preceding <!-- i18n: ... -->
    # Splice information (body character offsets): the translation replaces body[start:end],
    # wrapped as head + text + tail; `cont` (line end + container prefix) starts each
    # continuation line of a multi-line (hard-break) text.
    start: int = field(default=-1, compare=False, repr=False)
    end: int = field(default=-1, compare=False, repr=False)
    head: str = field(default="", compare=False, repr=False)
    tail: str = field(default="", compare=False, repr=False)
    cont: str = field(default="", compare=False, repr=False)


# --------------------------------------------------------------------------- parser

def _tabs_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """pymdownx.tabbed blocks: `=== "Title"` (also `===!`, `===+`) with content indented by 4."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[pos:state.eMarks[start_line]]
    match = _TAB_RE.match(line)
    if not match:
        return False
    if silent:
        return True
    old_parent, old_line_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    state.parentType = "tab"
    state.blkIndent = state.sCount[start_line] + 4
    next_line = start_line
    while True:
        next_line += 1
        if next_line >= end_line:
            break
        if state.bMarks[next_line] + state.tShift[next_line] < state.eMarks[next_line] \
                and state.sCount[next_line] < state.blkIndent:
            break
    state.lineMax = next_line
    token = state.push("tab_open", "div", 1)
    token.block = True
    token.info = match.group("title")
    token.map = [start_line, next_line]
    state.md.block.tokenize(state, start_line + 1, next_line)
    token = state.push("tab_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_line_max, old_indent
    state.line = next_line
    return True


_TAB_RE = re.compile(r'^===[!+]{0,2}[ \t]+"(?P<title>.*)"[ \t]*$')


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    md.use(admon_plugin).use(deflist_plugin).use(footnote_plugin)
    md.block.ruler.before("fence", "tabs", _tabs_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    return md


# --------------------------------------------------------------------------- helpers

_URL = re.compile(r"<[a-z][a-z0-9+.-]*:[^>\s]*>|\b(?:https?|ftp|mailto):\S+|www\.\S+",
                  re.IGNORECASE)
_NOT_WORDS = re.compile(
    r"\]\([^)]*\)"               # link / image destinations
    r"|\[\[[^\]]*\]\]"           # [[helpline:...]] placeholders
    r"|`+[^`]*`+"                # inline code
    r"|<!--.*?-->|</?[A-Za-z][^>]*>"  # HTML
    r"|&#?\w+;"                   # entities
    r"|\[\^[^\]]*\]",            # footnote references
    re.DOTALL)


def has_words(text: str) -> bool:
    """True when text has letters outside URLs, code, HTML and placeholders."""
    rest = _NOT_WORDS.sub(" ", _URL.sub(" ", text))
    return any(unicodedata.category(ch).startswith("L") for ch in rest)


# Python-Markdown attr_list: a trailing `{...}` on a heading/cell/term line, or alone on the
# last line of a paragraph.
_HEADER_ATTRS = re.compile(r"[ ]+\{:?([^}\n]*)\}[ ]*$")
_BLOCK_ATTRS = re.compile(r"^[ ]*\{:?([^}\n]*)\}[ ]*$")
_ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s}]+)|(?:^|\s)id=[\"']?([^\s\"'}]+)")
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_I18N = re.compile(r"<!--\s*i18n:\s*(.*?)\s*-->", re.DOTALL)
_ADMON_RE = re.compile(r'^(?P<marker>!!!|\?\?\?\+?)[ ]*(?P<klass>[\w\-]+(?:[ ]+[\w\-]+)*)'
                       r'(?:[ ]+"(?P<title>.*)")?[ ]*$')
_IMAGE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]")
_ROW_LEAD = re.compile(r"(?:[ \t]*>)*[ \t]*")  # blockquote markers and indent before a table row
_CONT_MARKERS = re.compile(r"\[\^[^\]]*\]:|\d{1,9}[.)]|[-*+:]")


def _cont_prefix(prefix: str) -> str:
    """The prefix of a continuation line: list/definition/footnote markers become spaces."""
    return _CONT_MARKERS.sub(lambda m: " " * len(m.group(0)), prefix)


class _Body:
    def __init__(self, body: str):
        self.text = body
        self.lines = body.split("\n")
        self.offsets = []
        pos = 0
        for line in self.lines:
            self.offsets.append(pos)
            pos += len(line) + 1

    def line(self, i: int) -> str:
        return self.lines[i] if i < len(self.lines) else ""

    def content_span(self, i: int, content: str) -> tuple[int, int] | None:
        """Column span of `content` at the end of line i (before trailing whitespace)."""
        raw = self.line(i).rstrip()
        content = content.strip()
        if not content or not raw.endswith(content):
            return None
        return len(raw) - len(content), len(raw)


_md_instance: Any = None


def _plain_heading_text(text: str) -> str:
    """What Python-Markdown's toc slugifies: the heading rendered, tags stripped, unescaped."""
    global _md_instance
    import markdown
    from markdown.extensions.toc import strip_tags

    if _md_instance is None:
        _md_instance = markdown.Markdown()
    _md_instance.reset()
    rendered = _md_instance.convert(re.sub(r"\[\^[^\]]+\]", "", text))
    rendered = re.sub(r"^<p>|</p>$", "", rendered.strip())
    return html.unescape(strip_tags(rendered))


def _default_slugify(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    return slugify(value, separator)


# --------------------------------------------------------------------------- extraction

def extract(doc: Document) -> list[Segment]:
    """One Segment per translatable block in document order, front matter first."""
    found = []
    for key in META_KEYS:
        value = doc.meta.get(key)
        if isinstance(value, str) and has_words(value):
            found.append(Segment(" ".join(value.split()), doc.meta_lines.get(key, 1), key))
    return found + list(body_segments(doc.body, doc.body_line))


def body_segments(body: str, body_line: int = 1, slugify: Slugify | None = None,
                  separator: str = "-") -> tuple[Segment, ...]:
    return _parse(body, body_line, slugify or _default_slugify, separator)[0]


@lru_cache(maxsize=4096)  # a guide is parsed for its template and again for its page: once
def _parse(body: str, body_line: int, slugify: Slugify,
           separator: str) -> tuple[tuple[Segment, ...], tuple[str, ...]]:
    extractor = _Extractor(body, body_line, slugify, separator)
    segments = tuple(extractor.run())
    return segments, tuple(extractor.ids)


class _Extractor:
    def __init__(self, body: str, body_line: int, slugify: Slugify, separator: str):
        self.src = _Body(body)
        self.body_line = body_line
        self.slugify = slugify
        self.separator = separator
        self.segments: list[tuple[int, int, Segment]] = []  # (body line, column, segment)
        self.comments: list[tuple[int, int, str]] = []      # (first, end) body lines, comment

    def run(self) -> list[Segment]:
        tokens = parser().parse(self.src.text)
        self.used_ids = self._explicit_ids(tokens)
        self.ids: list[str] = []
        row_cells: list[tuple[int, int, str]] = []
        row_line = -1
        cell = 0
        for i, tok in enumerate(tokens):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if tok.type == "heading_open" and nxt is not None:
                self._heading(tok, nxt)
            elif tok.type == "paragraph_open" and nxt is not None:
                self._paragraph(tok, nxt, tokens, i)
            elif tok.type == "tr_open" and tok.map:
                row_line = tok.map[0]
                row_cells = self._split_row(row_line)
                cell = 0
            elif tok.type in ("th_open", "td_open"):
                if cell < len(row_cells):
                    self._cell(row_line, *row_cells[cell])
                cell += 1
            elif tok.type == "dt_open" and nxt is not None and nxt.map:
                self._term(nxt)
            elif tok.type == "admonition_open" and tok.map:
                self._admonition_title(tok.map[0])
            elif tok.type == "tab_open" and tok.map:
                self._tab_title(tok.map[0])
            elif tok.type == "html_block" and tok.map:
                self._comment(tok, tokens, i)
        result = []
        for line, _col, seg in sorted(self.segments, key=lambda x: (x[0], x[1])):
            comment = next((c for first, end, c in self.comments if first <= line < end), "")
            if comment:
                seg = Segment(seg.msgid, seg.line, seg.kind, comment, seg.start, seg.end,
                              seg.head, seg.tail, seg.cont)
            result.append(seg)
        return result

    def _add(self, line: int, col: int, msgid: str, kind: str, **splice: Any) -> None:
        seg = Segment(msgid, self.body_line + line, kind, "", **splice)
        self.segments.append((line, col, seg))

    def _explicit_ids(self, tokens: list[Token]) -> set[str]:
        """Ids written in the page: toc reserves them before it slugs any heading."""
        ids = set()
        for i, tok in enumerate(tokens):
            if tok.type == "inline" and i and tokens[i - 1].type == "heading_open":
                match = _HEADER_ATTRS.search(" ".join(tok.content.split("\n")))
                found = _ID_IN_ATTRS.search(match.group(1)) if match else None
                if found:
                    ids.add(found.group(1) or found.group(2))
            if tok.type in ("html_block", "inline"):
                ids.update(_HTML_ID.findall(tok.content))
        return ids

    def _heading(self, tok: Token, inline: Token) -> None:
        if not tok.map or inline.type != "inline":
            return
        first, end = tok.map
        if tok.markup in ("=", "-"):  # setext: the last line is the underline
            end -= 1
        lines = [ln.strip() for ln in inline.content.split("\n")]
        text = " ".join(lines)
        attrs = _HEADER_ATTRS.search(text)
        explicit = None
        if attrs:
            found = _ID_IN_ATTRS.search(attrs.group(1))
            explicit = (found.group(1) or found.group(2)) if found else None
            text = text[: attrs.start()]
        if explicit is None:
            from markdown.extensions.toc import unique

            plain = _plain_heading_text(text)
            anchor = unique(self.slugify(plain, self.separator), self.used_ids)
        self.ids.append(explicit if explicit is not None else anchor)
        if not has_words(text):
            return
        first_span = self.src.content_span(first, lines[0])
        if first_span is None and tok.markup.startswith("#"):  # closing hashes: `## Title ##`
            raw = self.src.line(first)
            at = raw.find(lines[0], raw.find("#") + len(tok.markup))
            first_span = (at, at + len(lines[0])) if lines[0] and at >= 0 else None
        last_span = first_span if end - 1 == first else self.src.content_span(end - 1, lines[-1])
        if first_span is None or last_span is None:
            return
        start = self.src.offsets[first] + first_span[0]
        stop = self.src.offsets[end - 1] + last_span[1]
        if attrs and explicit is not None:
            # the explicit attribute list stays exactly as written after the translated text
            stop -= len(attrs.group(0).rstrip())
            tail = ""
        elif attrs:
            rest = attrs.group(1).strip()
            tail = " {: #" + anchor + (" " + rest if rest else "") + "}"
        else:
            tail = " {#" + anchor + "}"
        self._add(first, first_span[0], text, "heading", start=start, end=stop, tail=tail)

    def _paragraph(self, tok: Token, inline: Token, tokens: list[Token], index: int) -> None:
        if not tok.map or inline.type != "inline":
            return
        first, end = tok.map
        lines = inline.content.split("\n")
        if len(lines) != end - first:
            return
        if len(lines) > 1 and _BLOCK_ATTRS.match(lines[-1].strip()):
            lines = lines[:-1]
            end -= 1
        spans = []
        for k, ln in enumerate(lines):
            span = self.src.content_span(first + k, ln)
            if span is None:
                return
            spans.append(span)
        if self._images_only(inline):
            self._alts(first, end)
            return
        parts = []
        for k, ln in enumerate(lines):
            parts.append(ln.strip())
            if k < len(lines) - 1:
                raw = self.src.line(first + k).rstrip("\r")
                parts.append("\n" if raw.endswith("  ") else " ")
        msgid = "".join(parts)
        if not has_words(msgid):
            return
        start = self.src.offsets[first] + spans[0][0]
        stop = self.src.offsets[end - 1] + spans[-1][1]
        prefix = self.src.line(first)[: spans[0][0]]
        eol = "\r\n" if self.src.line(first).endswith("\r") else "\n"
        self._add(first, spans[0][0], msgid, "paragraph", start=start, end=stop,
                  cont=eol + _cont_prefix(prefix))

    @staticmethod
    def _images_only(inline: Token) -> bool:
        children = inline.children or []
        images = 0
        for child in children:
            if child.type == "image":
                images += 1
            elif child.type in ("softbreak", "hardbreak", "link_open", "link_close"):
                continue
            elif child.type != "text" or child.content.strip():
                return False
        return images > 0

    def _alts(self, first: int, end: int) -> None:
        for k in range(first, end):
            line = self.src.line(k)
            for match in _IMAGE.finditer(line):
                alt = match.group(1)
                if alt.strip() and has_words(alt):
                    col = match.start(1)
                    base = self.src.offsets[k]
                    self._add(k, col, alt, "alt", start=base + col, end=base + match.end(1))

    def _split_row(self, i: int) -> list[tuple[int, int, str]]:
        """Cells of a table row as (start column, end column, raw text), split on unescaped |."""
        line = self.src.line(i).rstrip()
        quoted = _ROW_LEAD.match(line)  # always matches, perhaps empty
        lead = quoted.end() if quoted else 0
        bounds = [lead - 1] if not line[lead:].startswith("|") else [lead]
        k = bounds[0] + 1
        while k < len(line):
            if line[k] == "\\":
                k += 2
                continue
            if line[k] == "|":
                bounds.append(k)
            k += 1
        if not line.endswith("|") or len(bounds) == 1:
            bounds.append(len(line))
        cells = []
        for a, b in itertools.pairwise(bounds):
            raw = line[a + 1:b]
            text = raw.strip()
            col = a + 1 + (len(raw) - len(raw.lstrip()))
            cells.append((col, col + len(text), text))
        return cells

    def _cell(self, line: int, col: int, stop: int, text: str) -> None:
        attrs = _HEADER_ATTRS.search(text)
        if attrs:
            stop -= len(text) - attrs.start()
            text = text[: attrs.start()]
        if text and has_words(text):
            base = self.src.offsets[line]
            self._add(line, col, text, "cell", start=base + col, end=base + stop)

    def _term(self, inline: Token) -> None:
        if inline.map is None:
            return
        line = inline.map[0]
        text = inline.content.strip()
        attrs = _HEADER_ATTRS.search(text)
        span = self.src.content_span(line, text)
        if span is None or not has_words(text[: attrs.start()] if attrs else text):
            return
        stop = span[1] - (len(text) - attrs.start() if attrs else 0)
        if attrs:
            text = text[: attrs.start()]
        base = self.src.offsets[line]
        self._add(line, span[0], text, "term", start=base + span[0], end=base + stop)

    def _admonition_title(self, line: int) -> None:
        raw = self.src.line(line).rstrip()
        indent = len(raw) - len(raw.lstrip(" \t>"))
        match = _ADMON_RE.match(raw[indent:])
        if not match:
            return
        base = self.src.offsets[line] + indent
        title = match.group("title")
        if title is None:
            # Python-Markdown shows the capitalised type; a translation adds an explicit title.
            title = match.group("klass").split(" ", 1)[0].capitalize()
            at = base + match.end("klass")
            self._add(line, indent, title, "admonition-title", start=at, end=at, head=' "',
                      tail='"')
        elif title.strip() and has_words(title):
            self._add(line, indent, title, "admonition-title",
                      start=base + match.start("title"), end=base + match.end("title"))

    def _tab_title(self, line: int) -> None:
        raw = self.src.line(line).rstrip()
        indent = len(raw) - len(raw.lstrip(" \t>"))
        match = _TAB_RE.match(raw[indent:])
        if match and has_words(match.group("title")):
            base = self.src.offsets[line] + indent
            self._add(line, indent, match.group("title"), "tab-title",
                      start=base + match.start("title"), end=base + match.end("title"))

    def _comment(self, tok: Token, tokens: list[Token], index: int) -> None:
        match = _I18N.search(tok.content)
        if not match:
            return
        for later in tokens[index + 1:]:
            if later.level < tok.level:
                return
            if later.level == tok.level and later.map and later.nesting >= 0:
                self.comments.append((later.map[0], max(later.map[1], later.map[0] + 1),
                                      " ".join(match.group(1).split())))
                return


# --------------------------------------------------------------------------- translation

# A translated line must not start a new block: list item, heading, quote, fence, setext
# underline or indented code. Python-Markdown unescapes each of these backslash escapes.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|[-+*](?=\s|$)|\d{1,9}[.)](?=\s|$)|>|`{3,}|~{3,}"
                          r"|[=-]+\s*$)")


def _guard(line: str) -> str:
    line = line.strip()
    match = _BLOCK_START.match(line)
    if not match:
        return line
    marker = match.group(0)
    if marker[0].isdigit():
        digits = marker.rstrip(".)")
        return digits + "\\" + line[len(digits):]
    return "\\" + line if marker[0] not in "=~" else "&#" + str(ord(marker[0])) + ";" + line[1:]


def _replacement(seg: Segment, text: str) -> str:
    if seg.kind == "cell":
        text = re.sub(r"(?<!\\)\|", r"\\|", re.sub(r"\s*\n\s*", " ", text.strip()))
    elif seg.kind != "paragraph":
        text = re.sub(r"\s*\n\s*", " ", text.strip())
    else:
        lines = [_guard(line) for line in text.strip().split("\n") if line.strip()]
        text = ("  " + seg.cont).join(lines)
    return seg.head + text + seg.tail


def translate_body(doc: Document, lookup: Lookup, slugify: Slugify | None = None,
                   separator: str = "-") -> str:
    """doc.body with every translated segment spliced in; untranslated text stays as written."""
    return translate_text(doc.body, lookup, doc.body_line, slugify, separator)


def translate_text(body: str, lookup: Lookup, body_line: int = 1, slugify: Slugify | None = None,
                   separator: str = "-") -> str:
    """Like translate_body for a Markdown body given as text (e.g. MkDocs' page markdown).

    `body` must be the guide's body exactly as extracted (front matter stripped, nothing else
    changed), or the msgids will not match; body_line only affects Segment.line.
    """
    edits = []
    for seg in body_segments(body, body_line, slugify, separator):
        if seg.start < 0:
            continue
        text = lookup(seg)
        if not text or text == seg.msgid:
            continue
        edits.append((seg.start, seg.end, _replacement(seg, text)))
    out = []
    pos = 0
    for start, end, text in sorted(edits):
        if start < pos:  # overlapping spans cannot happen; never corrupt the page if they do
            continue
        out.append(body[pos:start])
        out.append(text)
        pos = end
    out.append(body[pos:])
    return "".join(out)


def translate_meta(doc: Document, lookup: Lookup) -> dict[str, str]:
    """Translated front-matter title/description (only those with a translation)."""
    result = {}
    for seg in extract(doc):
        if seg.kind in META_KEYS:
            text = lookup(seg)
            if text and text != seg.msgid:
                result[seg.kind] = text
    return result


def heading_ids(doc: Document, slugify: Slugify | None = None, separator: str = "-") -> list[str]:
    """The id of every source heading, in order: its explicit `{#id}` or toc's slug of its text."""
    return list(_parse(doc.body, doc.body_line, slugify or _default_slugify, separator)[1])
