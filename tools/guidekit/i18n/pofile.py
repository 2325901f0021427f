"""The one PO reader and writer: every module that reads a PO/POT file reads it here.

Reading is strict and keeps line numbers: each entry knows the line of its `msgctxt`, `msgid`
and `msgstr` (and of every string piece of the msgstr), so a problem is reported where a
translator can fix it. Malformed input is a list of `path:line: code:` problems, never a
silently repaired catalogue (Babel 2.19 accepts an unterminated `msgstr "abc` as "ab", merges
duplicates and reports a non-UTF-8 byte at line 1).

Writing follows GNU gettext's write-po.c (what `msgcat`, `msgmerge` and Poedit produce): page
width 79, strings split after each `\\n`, long strings wrapped at Unicode line-break
opportunities (after spaces, between CJK ideographs) with East Asian wide characters counted
as two columns, an empty first line when a string does not fit beside its keyword, references
filled to the page width, comments written verbatim. A file written here goes through `msgcat`
unchanged.

Babel stays the catalogue model: `to_catalog` builds a Babel Catalog from parsed entries and
`render` writes one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.parser import HeaderParser
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from uniseg import linebreak  # type: ignore[import-untyped]

from guidekit.problems import Problem, ProblemsFound

PAGE_WIDTH = 79    # GNU gettext's default --width
SYNTAX_HINT = "fix the PO syntax; 'msgfmt -c' reports the same line"


@dataclass
class Entry:
    """One PO entry as written, with the lines a problem should point at."""
    msgid: str = ""
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    line: int = 0                  # line of `msgid`
    msgstr_line: int = 0           # line of `msgstr` (or `msgstr[0]`)
    msgctxt_line: int = 0          # line of `msgctxt`, 0 without one
    first_line: int = 0            # first line of the entry, comments included
    pieces: tuple[tuple[int, int], ...] = ()  # (offset in msgstr, line) of each msgstr string
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def translated(self) -> bool:
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    def line_at(self, offset: int) -> int:
        """The PO line holding character `offset` of the msgstr."""
        line = self.msgstr_line
        for start, piece_line in self.pieces:
            if start > offset:
                break
            line = piece_line
        return line


@dataclass
class PoFile:
    path: str                       # as users see it
    entries: list[Entry]            # in file order, header and obsolete entries included
    problems: list[Problem]

    @property
    def header(self) -> Entry | None:
        return next((e for e in self.entries if e.is_header), None)

    def messages(self) -> list[Entry]:
        """Current (non-obsolete) entries other than the header."""
        return [e for e in self.entries if not e.obsolete and not e.is_header]

    def lines(self) -> dict[tuple[str | None, str], int]:
        """(msgctxt, msgid) -> line of the msgid, for current entries."""
        return {e.key: e.line for e in self.messages()}


# --------------------------------------------------------------------------- reading

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v", "?": "?", "'": "'"}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|$)")


class _Bad(Exception):
    def __init__(self, code: str, message: str, hint: str = SYNTAX_HINT):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def parse_string(text: str) -> str:
    """The value of one quoted PO string (`"..."`, nothing after it); raises _Bad."""
    if not text.startswith('"'):
        raise _Bad("po-syntax", f"expected a quoted string, found {text[:30]!r}",
                   'each string starts and ends with a double quote: "..."')
    out: list[str] = []
    i, n = 1, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            rest = text[i + 1:].strip()
            if rest:
                raise _Bad("po-syntax", f"text after the closing quote: {rest[:30]!r}",
                           'escape a quote inside a string as \\"')
            return "".join(out)
        if ch == "\\":
            if i + 1 >= n:
                break
            nxt = text[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            octal = re.match(r"[0-7]{1,3}", text[i + 1:])
            if octal:
                out.append(chr(int(octal.group(0), 8)))
                i += 1 + len(octal.group(0))
                continue
            hexa = re.match(r"x([0-9A-Fa-f]+)", text[i + 1:])
            if hexa:
                out.append(chr(int(hexa.group(1), 16) & 0xFF))
                i += 1 + len(hexa.group(0))
                continue
            raise _Bad("po-escape", f"invalid escape sequence '\\{nxt}'",
                       'write a backslash as \\\\; valid escapes are \\n \\t \\" \\\\')
        out.append(ch)
        i += 1
    raise _Bad("po-syntax", "unterminated string", "close the string with a double quote")


def _decode_lines(data: bytes, display: str) -> tuple[list[str], list[Problem]]:
    """Lines of the file as text; each line that is not UTF-8 is a problem at that line."""
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        raw = raw.removesuffix(b"\r")
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            problems.append(Problem(display, number, "po-encoding",
                                    f"not UTF-8: byte {raw[exc.start]:#04x} at column {exc.start + 1}",
                                    "save the file as UTF-8 and set charset=UTF-8 in its header"))
            lines.append(raw.decode("utf-8", "replace"))
    return lines, problems


class _Parser:
    def __init__(self, display: str):
        self.display = display
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []
        self.entry: Entry | None = None     # being read
        self.state = ""                      # keyword whose strings come next
        self.pending = Entry()               # comments gathered for the next entry
        self.seen_keyword = False
        self.prev_state = ""                 # inside `#| msgid` strings

    def problem(self, line: int, code: str, message: str, hint: str = SYNTAX_HINT) -> None:
        self.problems.append(Problem(self.display, line, code, message, hint))

    def finish(self, at: int) -> None:
        entry = self.entry
        if entry is not None:
            if not entry.msgstr_line:
                if any(p.line >= entry.first_line for p in self.problems):
                    self.entry, self.state = None, ""
                    return   # one problem per mistake: the line already reported explains it
                self.problem(entry.line or at, "po-syntax", "entry has no msgstr",
                             'every msgid needs a msgstr (empty: msgstr "")')
            else:
                self.entries.append(entry)
        self.entry, self.state = None, ""

    def comment(self, number: int, line: str) -> None:
        if self.entry is not None and self.state.startswith("msgstr"):
            self.finish(number)
        target = self.entry if self.entry is not None else self.pending
        if not target.first_line:
            target.first_line = number
        kind, rest = line[1:2], line[2:]
        if kind == ".":
            target.extracted_comments.append(rest.removeprefix(" "))
        elif kind == ":":
            target.references += rest.split()
        elif kind == ",":
            target.flags += [f.strip() for f in rest.split(",") if f.strip()]
        elif kind == "|":
            self.previous(number, rest.strip(), target)
        else:
            text = line[1:]
            target.translator_comments.append(text.removeprefix(" "))

    def previous(self, number: int, rest: str, target: Entry) -> None:
        match = _KEYWORD.match(rest)
        try:
            if match and match.group(1) in ("msgctxt", "msgid", "msgid_plural"):
                self.prev_state = match.group(1)
                value = parse_string(rest[match.end():].strip())
                setattr(target, "previous_" + self.prev_state, value)
            elif rest.startswith('"') and self.prev_state:
                name = "previous_" + self.prev_state
                setattr(target, name, (getattr(target, name) or "") + parse_string(rest))
            else:
                self.problem(number, "po-syntax", f"cannot parse '#| {rest[:30]}'",
                             '#| lines hold the previous msgctxt/msgid: #| msgid "..."')
        except _Bad as bad:
            self.problem(number, bad.code, bad.message, bad.hint)

    def keyword(self, number: int, keyword: str, index: str | None, rest: str, obsolete: bool) -> None:
        try:
            value = parse_string(rest.strip())
        except _Bad as bad:
            self.problem(number, bad.code, bad.message, bad.hint)
            value = ""
        new_entry = keyword == "msgctxt" or (keyword == "msgid" and self.state != "msgctxt")
        if new_entry:
            if self.entry is not None:
                self.finish(number)
            self.entry, self.pending = self.pending, Entry()
            self.entry.obsolete = obsolete
            if not self.entry.first_line:
                self.entry.first_line = number
        entry = self.entry
        if entry is None:
            self.problem(number, "po-syntax", f"{keyword} without a msgid",
                         "start each entry with msgid (or msgctxt)")
            return
        if keyword == "msgctxt":
            entry.msgctxt, entry.msgctxt_line = value, number
        elif keyword == "msgid":
            entry.msgid, entry.line = value, number
        elif keyword == "msgid_plural":
            if not entry.line or self.state != "msgid":
                self.problem(number, "po-syntax", "msgid_plural must follow the msgid")
            entry.msgid_plural = value
        elif not entry.line:
            self.problem(number, "po-syntax", f"{keyword} without a msgid",
                         "start each entry with msgid (or msgctxt)")
        elif index is not None:
            if entry.msgid_plural is None:
                self.problem(number, "po-syntax", f"{keyword} in an entry without msgid_plural")
            if not entry.msgstr_line:
                entry.msgstr_line = number
            entry.msgstr_plural[int(index)] = value
        else:
            if entry.msgid_plural is not None:
                self.problem(number, "po-syntax", "plural entry needs msgstr[0], msgstr[1], ...")
            if entry.msgstr_line:
                self.problem(number, "po-syntax", "second msgstr in one entry")
            entry.msgstr_line, entry.msgstr = number, value
            entry.pieces = ((0, number),)
        self.state = keyword if index is None else f"msgstr[{index}]"

    def continuation(self, number: int, line: str) -> None:
        try:
            value = parse_string(line)
        except _Bad as bad:
            self.problem(number, bad.code, bad.message, bad.hint)
            return
        entry, state = self.entry, self.state
        if entry is None or not state:
            self.problem(number, "po-syntax", "string outside an entry",
                         "a continuation string follows a msgid, msgstr or msgctxt line")
            return
        if state == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif state == "msgid":
            entry.msgid += value
        elif state == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        elif state == "msgstr":
            entry.pieces += ((len(entry.msgstr), number),)
            entry.msgstr += value
        else:
            index = int(state[7:-1])
            entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + value

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].lstrip()
            if line.startswith("|"):
                self.comment(number, "#" + line)
                return
            if not line:
                return
        if not line:
            if self.entry is not None and self.state.startswith("msgstr"):
                self.finish(number)
            return
        if line.startswith("#"):
            self.comment(number, line)
            return
        match = _KEYWORD.match(line)
        if match:
            self.keyword(number, match.group(1).split("[")[0], match.group(2), line[match.end():],
                         obsolete)
        elif line.startswith('"'):
            self.continuation(number, line)
        else:
            self.problem(number, "po-syntax", f"cannot parse {line[:40]!r}",
                         "each line is a comment, a keyword with a quoted string, or a string")


def parse(data: bytes, display: str) -> PoFile:
    """Every entry of a PO/POT file and every problem found; never raises for bad input."""
    lines, problems = _decode_lines(data, display)
    parser = _Parser(display)
    for number, line in enumerate(lines, 1):
        parser.feed(number, line)
    parser.finish(len(lines))
    problems += parser.problems
    seen: dict[tuple[str | None, str], int] = {}
    for entry in parser.entries:
        if entry.obsolete:
            continue
        if entry.key in seen:
            context = f" in context {entry.msgctxt!r}" if entry.msgctxt is not None else ""
            problems.append(Problem(display, entry.line, "po-duplicate",
                                    f"duplicate entry for msgid {_short(entry.msgid)}{context} "
                                    f"(first at line {seen[entry.key]})",
                                    "merge the two entries into one"))
        else:
            seen[entry.key] = entry.line
    result = PoFile(display, parser.entries, problems)
    problems += _charset_problems(result)
    return result


_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)


def _charset_problems(po: PoFile) -> list[Problem]:
    header = po.header
    hint = "the header needs 'Content-Type: text/plain; charset=UTF-8\\n'"
    if header is None:
        first = po.entries[0].line if po.entries else 1
        return [Problem(po.path, first, "po-header-missing",
                        "no header entry (msgid \"\") declaring the charset", hint)]
    match = _CHARSET.search(header.msgstr)
    if match is None:
        return [Problem(po.path, header.msgstr_line, "po-charset-missing",
                        "the header declares no charset", hint)]
    if match.group(1).lower() not in ("utf-8", "utf8", "charset"):   # CHARSET: a fresh template
        offset = header.msgstr.find(match.group(0))
        return [Problem(po.path, header.line_at(offset), "po-encoding",
                        f"header declares charset {match.group(1)}", hint)]
    return []


def read(path: Path, display: str) -> PoFile:
    """A PO/POT file read strictly; ProblemsFound with every problem at its line."""
    po = parse(Path(path).read_bytes(), display)
    if po.problems:
        raise ProblemsFound(sorted(po.problems))
    return po


def _short(text: str, size: int = 50) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= size else text[: size - 1] + "…")


# --------------------------------------------------------------------------- Babel model

def header_fields(entry: Entry | None) -> list[tuple[str, str]]:
    """(name, value) of each header line, in file order."""
    if entry is None:
        return []
    fields = []
    for line in entry.msgstr.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields.append((name.strip(), value.strip()))
    return fields


def to_catalog(po: PoFile, locale: str | None = None) -> Catalog:
    """A Babel Catalog of a parsed file; the header as written is kept for `render`."""
    catalog = Catalog(locale=locale, charset="utf-8")
    header = po.header
    if header is not None:
        catalog.header_comment = "\n".join("#" + (" " + c if c else "")
                                           for c in header.translator_comments)
        headers = HeaderParser().parsestr(header.msgstr)
        catalog.mime_headers = headers.items()
        catalog.fuzzy = header.fuzzy
    catalog.original_header = header_fields(header)  # type: ignore[attr-defined]
    for entry in po.entries:
        if entry.is_header:
            continue
        message = to_message(entry)
        if entry.obsolete:
            catalog.obsolete[catalog._key_for(message.id, message.context)] = message
        else:
            catalog[message.id] = message   # keyed by (msgid, msgctxt) through message.context
    return catalog


def _location(reference: str) -> tuple[str, int | None]:
    name, sep, number = reference.rpartition(":")
    if sep and number.isdigit():
        return name, int(number)
    return reference, None


def to_message(entry: Entry) -> Message:
    msgid: str | tuple[str, str] = entry.msgid
    string: str | tuple[str, ...] = entry.msgstr
    if entry.msgid_plural is not None:
        msgid = (entry.msgid, entry.msgid_plural)
        count = max(entry.msgstr_plural, default=-1) + 1
        string = tuple(entry.msgstr_plural.get(i, "") for i in range(count))
    previous = [entry.previous_msgid] if entry.previous_msgid is not None else []
    if previous and entry.previous_msgid_plural is not None:
        previous.append(entry.previous_msgid_plural)
    message = Message(msgid, string, locations=[_location(r) for r in entry.references],  # type: ignore[misc]
                      flags=entry.flags, auto_comments=list(entry.extracted_comments),
                      user_comments=list(entry.translator_comments), previous_id=previous,
                      lineno=entry.line, context=entry.msgctxt)
    message.flags = set(entry.flags)   # not the python-format flags Babel guesses from the text
    # Babel drops repeated comment lines; a wrapped comment may repeat one.
    message.auto_comments = list(entry.extracted_comments)
    message.user_comments = list(entry.translator_comments)
    return message


def same_comments(a: Iterable[str], b: Iterable[str]) -> bool:
    """Extracted comments compared as text: a comment re-wrapped at another width is the same."""
    return " ".join(" ".join(a).split()) == " ".join(" ".join(b).split())


# --------------------------------------------------------------------------- writing

# Header fields in GNU gettext's order (msginit/xgettext); others keep their place after these.
GNU_HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                    "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                    "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms")
# What the translator (or their editor) owns: written back exactly as read.
TRANSLATOR_FIELDS = frozenset({"Last-Translator", "Language-Team", "PO-Revision-Date"})
_KEPT_FIELDS = frozenset({"Content-Type", "Generated-By"})   # Babel rewrites their spelling
_DROPPED_FIELDS = frozenset({"Generated-By"})   # Babel's version: churn on every upgrade


def header_text(catalog: Catalog) -> str:
    """The header msgstr. A catalogue read from a file keeps that file's fields, in its order:
    the translator's own (Last-Translator, Language-Team, PO-Revision-Date), Content-Type and
    unknown ones (Poedit's X-Generator...) exactly as written, the others as Babel now has them
    (POT-Creation-Date after an update). A new catalogue gets Babel's fields in GNU's order."""
    babel = {k: v for k, v in catalog.mime_headers if k not in _DROPPED_FIELDS}
    original: list[tuple[str, str]] = getattr(catalog, "original_header", [])
    out: list[tuple[str, str]] = []
    if original:
        done = set()
        for name, value in original:
            if name not in done:
                done.add(name)
                keep = name in TRANSLATOR_FIELDS or name in _KEPT_FIELDS or name not in babel
                out.append((name, value if keep else babel[name]))
    else:
        out = [(name, babel[name]) for name in GNU_HEADER_ORDER if name in babel]
        out += [(k, v) for k, v in babel.items() if k not in GNU_HEADER_ORDER]
    return "".join(f"{name}: {value}\n" for name, value in out)


def render(catalog: Catalog, width: int = PAGE_WIDTH) -> bytes:
    """The PO text of a Babel catalogue, laid out as GNU msgcat writes it."""
    blocks = []
    header_lines = [ln.rstrip() for ln in (catalog.header_comment or "").split("\n") if ln.strip()]
    head = [ln if ln.startswith("#") else "# " + ln for ln in header_lines]
    if catalog.fuzzy:
        head.append("#, fuzzy")
    head += _string("msgid", "", width) + _string("msgstr", header_text(catalog), width)
    blocks.append(head)
    for message in catalog:
        if message.id:
            blocks.append(_message(message, width, obsolete=False))
    for message in catalog.obsolete.values():
        blocks.append(_message(message, width, obsolete=True))
    return "\n".join("\n".join(block) + "\n" for block in blocks).encode("utf-8")


def _message(message: Message, width: int, obsolete: bool) -> list[str]:
    out = ["#" + (" " + c if c else "") for c in message.user_comments]
    out += ["#." + (" " + c if c else "") for c in message.auto_comments]
    out += _references(message.locations, width)
    flags = sorted(message.flags, key=lambda f: (f != "fuzzy", f))
    if flags:
        out.append("#, " + ", ".join(flags))
    prefix = "#~ " if obsolete else ""
    previous = [p for p in (message.previous_id or []) if p is not None]
    if previous:
        prev_prefix = "#~| " if obsolete else "#| "
        out += _string("msgid", previous[0], width, prev_prefix)
        if len(previous) > 1:
            out += _string("msgid_plural", previous[1], width, prev_prefix)
    if message.context is not None:
        out += _string("msgctxt", message.context, width, prefix)
    if isinstance(message.id, (list, tuple)):
        out += _string("msgid", message.id[0], width, prefix)
        out += _string("msgid_plural", message.id[1], width, prefix)
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for index, text in enumerate(strings or ["", ""]):
            out += _string(f"msgstr[{index}]", text or "", width, prefix)
    else:
        out += _string("msgid", message.id, width, prefix)
        out += _string("msgstr", str(message.string or ""), width, prefix)
    return out


def _references(locations: Iterable[tuple[str, int | None]], width: int) -> list[str]:
    """`#:` lines filled to the page width, as GNU's message_print_comment_filepos does."""
    out: list[str] = []
    line, column = "#:", 2
    for filename, lineno in locations:
        text = f"{filename}:{lineno}" if lineno is not None else filename
        length = len(text) + 1
        if column > 2 and column + length > width:
            out.append(line)
            line, column = "#:", 2
        line += " " + text
        column += length
    if column > 2:
        out.append(line)
    return out


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
            .replace("\r", "\\r").replace("\a", "\\a").replace("\b", "\\b")
            .replace("\f", "\\f").replace("\v", "\\v"))


def _portions(value: str) -> Iterator[str]:
    """The string cut after each newline (GNU writes one quoted line per portion at least)."""
    start = 0
    while True:
        end = value.find("\n", start)
        if end < 0:
            yield value[start:]
            return
        yield value[start:end + 1]
        start = end + 1
        if start == len(value):
            return


def _string(keyword: str, value: str, width: int, prefix: str = "") -> list[str]:
    """`keyword "value"` wrapped like GNU write-po.c's wrap() (no indent, no format flags)."""
    lines: list[str] = []
    after_break = len(prefix) + 1                      # the opening quote of a continuation
    room = width - 1 - after_break                     # room for text; one column for `"`
    first = True
    portions = list(_portions(value))
    for index, portion in enumerate(portions):
        text = _escape(portion).replace("\n", "\\n")
        more = index + 1 < len(portions)
        start = (len(prefix) + len(keyword) + 1 + 1 - after_break) if first else 0
        breaks = _breaks(text, room, start)
        if first and text and (more or start > room or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            start = 0
            breaks = _breaks(text, room, start)
        pieces, last = [], 0
        for at in breaks:
            pieces.append(text[last:at])
            last = at
        pieces.append(text[last:])
        head = f"{prefix}{keyword} " if first else prefix
        lines.append(f'{head}"{pieces[0]}"')
        lines += [f'{prefix}"{piece}"' for piece in pieces[1:]]
        first = False
    if not lines:
        lines.append(f'{prefix}{keyword} ""')
    return lines


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    """Columns of one character, as libunistring's uc_width (UTF-8, not a CJK locale)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def _breaks(text: str, room: int, start: int) -> list[int]:
    """Offsets where GNU breaks `text` (escaped), first line starting at column `start`."""
    if start + len(text) <= room and start + sum(map(_width, text)) <= room:
        return []   # fits: no need for the (slow) line-break analysis
    allowed = _opportunities(text)
    chosen: list[int] = []
    last_p: int | None = None
    column, piece = start, 0
    for i, ch in enumerate(text):
        if i in allowed:
            last_p = i
            column += piece
            piece = 0
        piece += _width(ch)
        if column + piece > room and last_p is not None:
            chosen.append(last_p)
            column, last_p = 0, None
    return chosen


@lru_cache(maxsize=4096)
def _class(ch: str) -> str:
    """UAX #14 class of a character, resolved as LB1 says (and as libunistring does)."""
    name = linebreak.line_break(ch).name
    if name in ("AI", "SG", "XX", "AK", "AP", "AS", "VI", "VF"):
        return "AL"
    if name == "SA":
        return "CM" if unicodedata.category(ch) in ("Mn", "Mc") else "AL"
    if name == "CJ":
        return "NS"
    if name in ("EB", "EM", "H2", "H3", "JL", "JV", "JT"):
        return "ID"
    if name == "ZWJ":
        return "CM"
    return name


_NO_BREAK_BEFORE = frozenset({"CL", "CP", "EX", "IS", "SY", "WJ", "ZW"})   # LB7, LB11, LB13
_NO_BREAK_PAIRS = frozenset(
    [("GL", x) for x in ("OP", "CL", "CP", "QU", "GL", "NS", "EX", "SY", "IS", "PR", "PO", "NU",
                         "AL", "HL", "ID", "IN", "HY", "BA", "BB", "B2", "CB", "RI")]   # LB12
    + [(x, "QU") for x in ("OP", "CL", "CP", "QU", "GL", "NS", "EX", "SY", "IS", "PR", "PO",
                           "NU", "AL", "HL", "ID", "IN", "HY", "BA", "BB", "B2", "RI")]  # LB19
    + [("QU", x) for x in ("OP", "CL", "CP", "QU", "GL", "NS", "EX", "SY", "IS", "PR", "PO",
                           "NU", "AL", "HL", "ID", "IN", "HY", "BA", "BB", "B2", "RI")]
    + [(x, y) for x in ("OP", "CL", "CP", "QU", "NS", "EX", "SY", "IS", "PR", "PO", "NU", "AL",
                        "HL", "ID", "IN", "HY", "BA", "BB", "B2", "RI")
       for y in ("BA", "HY", "NS")]                                                        # LB21
    + [("BB", x) for x in ("OP", "CL", "CP", "QU", "GL", "NS", "EX", "SY", "IS", "PR", "PO",
                           "NU", "AL", "HL", "ID", "IN", "HY", "BA", "BB", "B2", "RI")]
    + [("HL", "HY"), ("HL", "BA"), ("SY", "HL")]                                          # LB21a/b
    + [(x, "IN") for x in ("AL", "HL", "EX", "ID", "IN", "NU")]                           # LB22
    + [("AL", "NU"), ("HL", "NU"), ("NU", "AL"), ("NU", "HL")]                            # LB23
    + [("PR", "ID"), ("ID", "PO"), ("PR", "AL"), ("PR", "HL"), ("PO", "AL"), ("PO", "HL"),
       ("AL", "PR"), ("AL", "PO"), ("HL", "PR"), ("HL", "PO")]                            # LB24
    + [("CL", "PO"), ("CP", "PO"), ("CL", "PR"), ("CP", "PR"), ("NU", "PO"), ("NU", "PR"),
       ("PO", "OP"), ("PO", "NU"), ("PR", "OP"), ("PR", "NU"), ("HY", "NU"), ("IS", "NU"),
       ("NU", "NU"), ("SY", "NU")]                                                        # LB25
    + [("AL", "AL"), ("AL", "HL"), ("HL", "AL"), ("HL", "HL")]                            # LB28
    + [("AL", "OP"), ("HL", "OP"), ("NU", "OP"), ("CP", "AL"), ("CP", "HL"), ("CP", "NU")]  # LB30
    + [("RI", "RI")])


def _opportunities(text: str) -> set[int]:
    """Offsets before which a line may break, as GNU gettext 0.21 (libunistring) computes them:
    the UAX #14 pair rules of its time (no LB29 `IS × AL`, so `www.` | `example`; quotation
    marks never broken from their neighbours, even in CJK text), plus write-po.c's overrides:
    never inside an escape sequence, never before the `\\n` ending a portion. Checked against
    `msgcat` on every shipped catalogue and on random text (tests/test_pofile.py)."""
    allowed: set[int] = set()
    before = ""          # class of the last character that is not a space (CM merged into it)
    spaces = False
    for i, ch in enumerate(text):
        here = _class(ch)
        if i == 0:
            before = "AL" if here == "CM" else here
            continue
        if here == "SP":
            spaces = True
            continue
        if here == "CM":
            if spaces:                        # LB10: a mark after a space is a letter
                allowed.add(i)
                before, spaces = "AL", False
            continue                          # LB9: a mark belongs to its base
        if _break_between(before, here, spaces) or (
                here == "OP" and before in ("AL", "HL", "NU") and _width(ch) == 2):
            allowed.add(i)   # LB30 leaves out East Asian wide brackets: `*` | `（`
        before, spaces = here, False
    for i, ch in enumerate(text):
        if ch == "\\" and i + 1 < len(text):
            allowed.discard(i + 1)
    if text.endswith("\\n"):
        allowed.discard(len(text) - 2)
    return allowed


def _break_between(before: str, here: str, spaces: bool) -> bool:
    if here in _NO_BREAK_BEFORE:
        return False
    if before == "OP":                                          # LB14: OP SP* ×
        return False
    if (before, here) in (("QU", "OP"), ("CL", "NS"), ("CP", "NS"), ("B2", "B2")):
        return False                                            # LB15-17, even with spaces
    if spaces:
        return True                                             # LB18: SP ÷
    if here == "GL" and before not in ("BA", "HY"):
        return False                                            # LB12a
    return (before, here) not in _NO_BREAK_PAIRS
