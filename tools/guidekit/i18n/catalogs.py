"""Translation catalogues: POT templates from the guides, PO files per language, their statistics.

Babel's Catalog/Message are the model. Around Babel 2.19 we do three things ourselves:
`#| msgid` (previous msgid) lines are written here, unwrapped by Babel's comment wrapper, and
parsed back on read (Babel returns them as translator comments); strings are checked for an
unterminated quote before Babel reads them (it silently accepts `msgstr "abc`); duplicate
entries are reported (Babel merges them). Files are written atomically and only when their
content changed, so a second run writes nothing.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, generate_po, normalize, unescape
from babel.messages.pofile import read_po as babel_read_po

from guidekit import files, frontmatter
from guidekit.config import Project
from guidekit.i18n import fuzzy, segments, sitestrings
from guidekit.problems import Problem, ProblemsFound
from guidekit.progress import SILENT, Progress
from guidekit.safety import helplines

SITE = "site"             # the catalogue domain of site-wide strings
WIDTH = 76                # gettext's default line width
BOGUS_FLAGS = ("python-format", "python-brace-format")
TEMPLATE_HINT = "run 'guidekit extract'"
UPDATE_HINT = "run 'guidekit update'"


# --------------------------------------------------------------------------- names and paths

def template_file(project: Project, domain: str) -> Path:
    return project.locales_dir / "templates" / (domain + ".pot")


def po_file(project: Project, locale_id: str, domain: str) -> Path:
    return project.locales_dir / locale_id / "LC_MESSAGES" / (domain + ".po")


def _domain(guide: str) -> str:
    return guide.removesuffix(".md")


# --------------------------------------------------------------------------- templates

def _new_catalog(project: Project, domain: str, locale: str | None = None) -> Catalog:
    what = f"guides/{domain}.md" if domain != SITE else "the site-wide strings"
    if locale:
        comment = f"# {Locale.parse(locale).english_name} translation of {what}.\n#"
    else:
        comment = (f"# Translation template for {what}.\n"
                   "# Written by 'guidekit extract'; edit the source, not this file.\n#")
    catalog = Catalog(locale=locale, domain=domain, header_comment=comment,
                      project=str(project.config.get("site_name", "guides")), version=domain,
                      msgid_bugs_address=str(project.options.get("msgid_bugs_address", "")),
                      creation_date=_now(), charset="utf-8", fuzzy=locale is None)
    if locale:
        catalog.language_team = Locale.parse(locale).english_name or locale
        catalog.last_translator = ""  # msgfmt -c warns about Babel's placeholder
    return catalog


def _now() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)


def _add(catalog: Catalog, msgid: str, location: tuple[str, int] | None, comment: str = "") -> None:
    message = catalog.get(msgid)
    if message is None:
        catalog.add(msgid, locations=[location] if location else [],
                    auto_comments=[comment] if comment else [])
    else:
        if location and location not in message.locations:
            message.locations.append(location)
        if comment and comment not in message.auto_comments:
            message.auto_comments.append(comment)
    _strip_flags(catalog[msgid])


def _strip_flags(message: Message) -> None:
    for flag in BOGUS_FLAGS:
        message.flags.discard(flag)


def template(project: Project, guide: str) -> Catalog:
    """The POT catalogue of one guide (path relative to docs_dir, e.g. 'teens/x.md')."""
    path = project.docs_dir / guide
    display = project.rel(path)
    doc = frontmatter.read(path, display)
    catalog = _new_catalog(project, _domain(guide))
    for seg in segments.extract(doc):
        _add(catalog, seg.msgid, (display, seg.line), seg.comment)
    return catalog


def _nav_titles(nav) -> Iterable[str]:
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(title, str):
                    yield title
                if isinstance(value, list):
                    yield from _nav_titles(value)


def site_template(project: Project) -> Catalog:
    """The `site` domain: site name and description, nav titles, our templates' strings."""
    catalog = _new_catalog(project, SITE)
    config_display = project.rel(project.config_file)
    config_lines = project.config_file.read_text(encoding="utf-8").split("\n")

    def where(text: str) -> tuple[str, int] | None:
        for number, line in enumerate(config_lines, 1):
            if text in line:
                return config_display, number
        return None

    for key in ("site_name", "site_description"):
        value = project.config.get(key)
        if isinstance(value, str) and value.strip():
            _add(catalog, value, where(value), f"mkdocs.yml {key}")
    for title in _nav_titles(project.config.get("nav")):
        _add(catalog, title, where(title), "Navigation title")
    for msgid, comment in sitestrings.TEMPLATE_STRINGS.items():
        _add(catalog, msgid, None, comment)
    # Readers see the helpline registry's hours and number notes in the help panel: they are
    # site text like any other (names are per-language fields in the registry itself).
    registry = helplines.load(project)
    for service in registry.services:
        if isinstance(service.hours, str) and service.hours.strip():
            _add(catalog, service.hours, None, f"Opening hours of the helpline {service.id}")
        for number in service.numbers:
            if isinstance(number.note, str) and number.note.strip():
                _add(catalog, number.note, None, f"Note on a number of the helpline {service.id}")
    return catalog


# --------------------------------------------------------------------------- writing

def render(catalog: Catalog) -> bytes:
    """PO text of a catalogue, with `#| msgid` lines GNU msgfmt accepts."""
    for each in catalog:
        _strip_flags(each)
    for each in catalog.obsolete.values():
        _strip_flags(each)
    blocks: list[list[str]] = [[]]
    for line in generate_po(catalog, width=WIDTH, include_previous=False):
        blocks[-1].append(line)
        if line == "\n":
            blocks.append([])
    messages = list(catalog)  # header first, then the messages in order; obsolete ones follow
    obsolete = list(catalog.obsolete.values())
    out = []
    for index, block in enumerate(blocks):
        message = messages[index] if index < len(messages) else None
        if message is not None and message.id and message.previous_id and message.fuzzy:
            at = next(i for i, ln in enumerate(block) if ln.startswith(("msgctxt ", "msgid ")))
            previous = message.previous_id[0]
            hint = f"#| msgid {normalize(previous, prefix='#| ', width=WIDTH)}\n"
            block = block[:at] + [hint] + block[at:]
        elif message is None and block and index - len(messages) < len(obsolete) \
                and obsolete[index - len(messages)].fuzzy:
            # Babel drops the flags of obsolete entries: an unreviewed translation would come
            # back as reviewed when its text returns.
            at = next(i for i, ln in enumerate(block) if ln.startswith("#~ "))
            block = block[:at] + ["#, fuzzy\n"] + block[at:]
        out.extend(block)
    return "".join(out).encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    """One file, atomically (a temporary file renamed into place)."""
    files.write_all({path: data})


_VOLATILE = re.compile(rb'^"(?:POT-Creation-Date|Generated-By): [^\n]*\n', re.MULTILINE)


def _same(old: bytes, new: bytes) -> bool:
    return _VOLATILE.sub(b"", old) == _VOLATILE.sub(b"", new)


# --------------------------------------------------------------------------- reading

@dataclass
class _Entry:
    line: int                 # line of `msgid`
    context: str | None
    msgid: str
    obsolete: bool


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)(?:[ \t]+(.*))?$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')


def _scan(text: str, display: str) -> tuple[list[_Entry], list[Problem]]:
    """A strict line scanner: entries with the line of their msgid, and syntax problems."""
    entries: list[_Entry] = []
    problems = []
    current: dict | None = None
    state = None

    def finish():
        nonlocal current
        if current and current.get("msgid") is not None:
            context = "".join(current["msgctxt"]) if "msgctxt" in current else None
            entries.append(_Entry(current["line"], context, "".join(current["msgid"]),
                                  current["obsolete"]))
        current = None

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            line = line[2:].strip()
            obsolete = True
            if not line or line.startswith("|"):
                continue
        elif not line or line.startswith("#"):
            if current and state and state.startswith("msgstr"):
                finish()
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, rest = match.group(1), (match.group(2) or "").strip()
            if not _STRING.match(rest):
                reason = "unterminated string" if rest.startswith('"') else (f"{keyword} needs a "
                                                                             "quoted string")
                problems.append(Problem(display, number, "po-syntax", reason,
                                        "close the string with a double quote"))
                continue
            if keyword == "msgctxt" or (keyword == "msgid" and (current is None
                                                                or state != "msgctxt")):
                finish()
                current = {"obsolete": obsolete}
            if current is None:
                current = {"obsolete": obsolete}
            if keyword == "msgid":
                current["line"] = number
            current.setdefault(keyword, []).append(unescape(rest))
            state = keyword
        elif line.startswith('"'):
            if not _STRING.match(line):
                problems.append(Problem(display, number, "po-syntax", "unterminated string",
                                        "close the string with a double quote"))
            elif current is not None and state:
                current[state].append(unescape(line))
        else:
            problems.append(Problem(display, number, "po-syntax", f"cannot parse {line[:40]!r}",
                                    "each line must be a comment, a keyword with a quoted string, "
                                    "or a string"))
    finish()
    for entry in entries:
        if entry.msgid is not None and isinstance(entry.msgid, list):  # pragma: no cover
            entry.msgid = "".join(entry.msgid)
    return entries, problems


def _decode(data: bytes, display: str) -> str:
    """UTF-8 text; the byte-order mark some Windows editors write first is dropped (it is not
    part of any string), so the translator's file reads as msgfmt would read it."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsFound([Problem(display, line, "po-encoding",
                                     f"file is not UTF-8 ({exc.reason})",
                                     "save the file as UTF-8 and set charset=UTF-8 in its "
                                     "header")]) from None


def read_po(path: Path, display: str, locale: str | None = None) -> Catalog:
    """Read a PO/POT file strictly; raise ProblemsFound with the line of what is wrong."""
    data = Path(path).read_bytes()
    text = _decode(data, display)
    entries, problems = _scan(text, display)
    # message_lines() needs exactly this scan: keep its result rather than scanning again.
    _lines_seen[str(path)] = (_mtime(Path(path)), tuple(
        (e.msgid, e.line) for e in entries if not e.obsolete and e.msgid))
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if entry.obsolete:
            continue
        key = (entry.context, entry.msgid)
        if key in seen:
            problems.append(Problem(display, entry.line, "po-duplicate",
                                    f"duplicate entry for msgid {_short(entry.msgid)} (first at "
                                    f"line {seen[key]})",
                                    "merge the two entries into one"))
        else:
            seen[key] = entry.line
    charset = re.search(r'^"Content-Type:[^"]*charset=([\w.-]+)', text,
                        re.MULTILINE | re.IGNORECASE)
    if charset and charset.group(1).lower() not in ("utf-8", "utf8", "charset"):
        line = text[: charset.start()].count("\n") + 1
        problems.append(Problem(display, line, "po-encoding",
                                f"header declares charset {charset.group(1)}",
                                "use UTF-8: 'Content-Type: text/plain; charset=UTF-8'"))
    if problems:
        raise ProblemsFound(problems)
    # GNU msgmerge writes `#~| msgid` for obsolete entries; Babel rejects the line. Blank it
    # (same line count, so Babel's line numbers stay right); obsolete entries keep no previous.
    data = re.sub(rb"(?m)^[ \t]*#~\|[^\n]*", b"", data.removeprefix(b"\xef\xbb\xbf"))
    try:
        catalog = babel_read_po(io.BytesIO(data), locale=locale, abort_invalid=True,
                                charset="utf-8")
    except PoFileError as exc:
        raise ProblemsFound([Problem(display, exc.lineno + 1, "po-syntax",
                                     str(exc).rsplit(" on ", 1)[0],
                                     "fix the PO syntax; 'msgfmt -c' shows the same "
                                     "error")]) from None
    except (ValueError, UnicodeError) as exc:
        raise ProblemsFound([Problem(display, 1, "po-syntax", str(exc),
                                     "fix the PO header")]) from None
    for message in [*catalog, *catalog.obsolete.values()]:
        _strip_flags(message)
        _read_previous(message)
    return catalog


def _read_previous(message: Message) -> None:
    """Babel reads `#| msgid "..."` as translator comments `| msgid "..."`: turn them back."""
    previous: dict[str, list[str]] = {}
    kept: list[str] = []
    current: str | None = None
    for comment in message.user_comments:
        if not comment.startswith("|"):
            kept.append(comment)
            continue
        rest = comment[1:].strip()
        match = _KEYWORD.match(rest)
        if match:
            current = match.group(1)
            rest = (match.group(2) or "").strip()
        if current and _STRING.match(rest):
            previous.setdefault(current, []).append(unescape(rest))
    message.user_comments = kept
    if "msgid" in previous:
        message.previous_id = ["".join(previous["msgid"])]


def message_lines(path: Path) -> dict[str, int]:
    """Line of each (non-obsolete) entry's msgid in a PO file; {} when it does not exist."""
    p = Path(path)
    if not p.exists():
        return {}
    mtime = p.stat().st_mtime_ns
    seen = _lines_seen.get(str(p))
    return dict(seen[1] if seen is not None and seen[0] == mtime else _message_lines(str(p), mtime))


# path -> (mtime, lines) of the last read: one entry per file, however often it changes
_lines_seen: dict[str, tuple[int, tuple[tuple[str, int], ...]]] = {}


@lru_cache(maxsize=256)
def _message_lines(path: str, _mtime: int) -> tuple[tuple[str, int], ...]:
    text = Path(path).read_bytes().decode("utf-8", "replace")
    entries, _ = _scan(text, path)
    return tuple((e.msgid, e.line) for e in entries if not e.obsolete and e.msgid)


def _short(text: str, size: int = 50) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= size else text[: size - 1] + "…")


# --------------------------------------------------------------------------- extract

def extract(project: Project, check: bool = False, progress: Progress = SILENT) -> list[Problem]:
    """Write locales/templates/<guide>.pot and site.pot; --check writes nothing.

    All or nothing: when any guide cannot be read, no template is written or removed (a
    broken guide must not lose its template), and the templates that are written are renamed
    into place together."""
    problems: list[Problem] = []
    wanted: dict[str, Catalog] = {}
    progress.start(len(project.guides()) + 1, "guides read")
    for guide in project.guides():
        progress.advance(guide)
        if _domain(guide) == SITE:
            problems.append(Problem(project.rel(project.docs_dir / guide), 1, "domain-clash",
                                    "a guide may not be called site.md at the top level",
                                    "rename the guide; 'site' is the catalogue of site-wide "
                                    "strings"))
            continue
        try:
            wanted[_domain(guide)] = template(project, guide)
        except ProblemsFound as exc:
            problems.extend(exc.problems)
    try:
        wanted[SITE] = site_template(project)
    except ProblemsFound as exc:
        problems.extend(exc.problems)
    progress.advance(SITE)
    if any(p.is_error for p in problems):
        return sorted(problems)
    writes: dict[Path, bytes] = {}
    progress.start(len(wanted), "templates")
    for domain, catalog in wanted.items():
        progress.advance(domain)
        path = template_file(project, domain)
        old = path.read_bytes() if path.exists() else None
        if old is not None:
            try:
                existing = read_po(path, project.rel(path))
            except ProblemsFound:
                existing = None
            if existing is not None and _same_messages(existing, catalog):
                continue  # rendering to compare bytes costs more than comparing messages
        # _same ignores the creation date: render once, with the date a write would give it
        catalog.creation_date = _now()
        new = render(catalog)
        if old is not None and _same(old, new):
            continue
        if check:
            problems.append(Problem(project.rel(path), 1, "template-outdated",
                                    "template is missing" if old is None
                                    else "template is out of date",
                                    TEMPLATE_HINT))
            continue
        writes[path] = new
    root = project.locales_dir / "templates"
    stale = [path for path in (sorted(root.rglob("*.pot")) if root.exists() else [])
             if path.relative_to(root).as_posix()[:-4] not in wanted]
    if check:
        problems += [Problem(project.rel(path), 1, "template-outdated",
                             "template of a guide that no longer exists", TEMPLATE_HINT)
                     for path in stale]
        return sorted(problems)
    files.write_all(writes)
    for path in stale:
        path.unlink()
        _prune(path.parent, root)
    return sorted(problems)


def _prune(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# --------------------------------------------------------------------------- update

def _resurrect(catalog: Catalog) -> None:
    """Let obsolete entries match again (Catalog.update never looks at `obsolete`).

    All of them move back, translated or not, so the obsolete section keeps a stable order."""
    for key, message in list(catalog.obsolete.items()):
        if message.id and catalog.get(message.id, message.context) is None:
            catalog[message.id] = message
            del catalog.obsolete[key]


_BOGUS_FLAGS = frozenset({"python-format", "python-brace-format"})


def _same_messages(a: Catalog, b: Catalog) -> bool:
    """True when `b` brings nothing new to `a`: the same messages in the same order, with the
    same source references and extracted comments, and no flag a write would strip. Then
    Catalog.update and a rewrite would change nothing a translator or reader sees."""
    def current(catalog: Catalog) -> list[Message]:
        return [m for m in catalog if m.id]

    ours, theirs = current(a), current(b)
    if len(ours) != len(theirs):
        return False
    for x, y in zip(ours, theirs):
        if (x.id, x.context, x.locations, x.auto_comments) != (y.id, y.context, y.locations,
                                                               y.auto_comments):
            return False
        if _BOGUS_FLAGS & (x.flags | y.flags):
            return False
    ids = {m.id for m in ours}
    return not any(m.id in ids for m in a.obsolete.values())


def updated(project: Project, locale_id: str, domain: str, pot: Catalog,
            existing: Catalog | None = None) -> tuple[Catalog, bytes | None, set[str]]:
    """The catalogue of `domain` in `locale_id` updated from `pot`; old bytes; newly fuzzy msgids.
    `existing`: the PO file as already read, if the caller has it."""
    path = po_file(project, locale_id, domain)
    if path.exists():
        old = path.read_bytes()
        catalog = existing or read_po(path, project.rel(path), locale=locale_id)
    else:
        old = None
        catalog = _new_catalog(project, domain, locale_id)
        catalog.revision_date = pot.creation_date  # deterministic, and not msgfmt's placeholder
    was_fuzzy = {m.id for m in catalog if m.id and m.fuzzy}
    previous = {m.id: m.previous_id for m in catalog if m.id and m.previous_id}
    _resurrect(catalog)
    # Babel's own merge and fuzzy matches, found through RapidFuzz instead of difflib over every
    # msgid
    fuzzy.update(catalog, pot, update_header_comment=False, update_creation_date=True)
    newly: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        if not message.fuzzy:
            message.previous_id = []
        elif not message.previous_id and message.id in previous:
            # Babel drops `#| msgid` of an exact match that is still fuzzy: keep the hint.
            message.previous_id = previous[message.id]
        if message.fuzzy and message.id not in was_fuzzy:
            newly.add(str(message.id))  # keyed as _rendered_lines keys them
    return catalog, old, newly


def update(project: Project, locales: list[str] | None = None, check: bool = False,
           progress: Progress = SILENT) -> list[Problem]:
    """Create/update locales/<L>/LC_MESSAGES/<domain>.po from the templates; --check writes
    nothing."""
    ids = [project.locale(x).id for x in locales] if locales else [loc.id
                                                                   for loc in project.targets]
    problems: list[Problem] = []
    root = project.locales_dir / "templates"
    templates = sorted(root.rglob("*.pot")) if root.exists() else []
    pots: dict[str, Catalog] = {}
    for path in templates:
        try:
            pots[path.relative_to(root).as_posix()[:-4]] = read_po(path, project.rel(path))
        except ProblemsFound as exc:
            problems.extend(exc.problems)
    if not templates:
        problems.append(Problem(project.rel(root), 1, "template-missing",
                                "no templates to update from",
                                TEMPLATE_HINT))
    progress.start(len(ids) * len(pots), "catalogues")
    writes: dict[Path, bytes] = {}
    for locale_id in ids:
        for domain, pot in pots.items():
            progress.advance(f"{locale_id}: {domain}")
            path = po_file(project, locale_id, domain)
            display = project.rel(path)
            try:
                existing = read_po(path, display, locale=locale_id) if path.exists() else None
                if existing is not None and _same_messages(existing, pot):
                    continue  # in step with its template: nothing to merge, nothing to write
                catalog, old, newly = updated(project, locale_id, domain, pot, existing)
            except ProblemsFound as exc:
                problems.extend(exc.problems)
                continue
            new = render(catalog)
            if old is not None and old == new:
                continue
            if check:
                problems.append(Problem(display, 1, "catalog-outdated",
                                        "catalogue is missing" if old is None
                                        else "catalogue is out of date",
                                        UPDATE_HINT))
            else:
                writes[path] = new
            lines = _rendered_lines(catalog, new) if newly else {}
            for message in catalog:
                if str(message.id) in newly:
                    where = ", ".join(f"{f}:{n}" for f, n in message.locations) or "the source"
                    problems.append(Problem(
                        display, lines.get(str(message.id), 1), "translation-outdated",
                        f"source text changed at {where}; the translation is now fuzzy",
                        "update the translation and clear its fuzzy flag", severity="warning"))
    # All or nothing: one unreadable template or catalogue, and no catalogue is rewritten.
    if any(p.is_error for p in problems):
        return sorted(p for p in problems if p.code != "translation-outdated")
    files.write_all(writes)
    return sorted(problems)


def _rendered_lines(catalog: Catalog, data: bytes) -> dict[str, int]:
    """Line of each message's msgid in `render(catalog)`: render writes the header, then the
    messages in catalogue order, each with exactly one line starting `msgid ` (obsolete entries,
    last, start `#~`), so the n-th such line is the n-th message; no second parse needed."""
    at = [n for n, line in enumerate(data.split(b"\n"), 1) if line.startswith(b"msgid ")]
    return {str(m.id): n for m, n in zip(list(catalog), at) if m.id}


# --------------------------------------------------------------------------- translations

@dataclass(frozen=True)
class Translations:
    """What a build may show for one guide in one language: never fuzzy or empty entries."""
    path: str                                   # the PO file, for messages
    strings: dict[str, str] = field(default_factory=dict)
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    fuzzy_ids: tuple[str, ...] = ()
    untranslated_ids: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)   # msgid -> line in the PO
    # msgid -> guide lines
    sources: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)

    def lookup(self, seg: segments.Segment) -> str | None:
        """What a reader may be shown for this segment: through the translations gate."""
        from guidekit.i18n import translations

        return translations.gate(self).get(seg.msgid)

    def counts(self) -> dict[str, int]:
        return {"total": self.total, "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated}


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def translations(project: Project, locale_id: str, guide: str) -> Translations:
    """Translations of one guide ('teens/x.md', or 'site') in one language, cached by mtime.

    Counts are over the guide's current messages (read from the guide itself, so an edit shows
    up before `guidekit update` has run). Raises ProblemsFound for a broken PO file.
    """
    domain = _domain(guide)
    po = po_file(project, locale_id, domain)
    source = project.config_file if domain == SITE else project.docs_dir / (domain + ".md")
    return _translations(project, locale_id, domain, str(po), _mtime(po), str(source),
                         _mtime(source))


# One entry per catalogue (and per guide), replaced when its files change: the caches hold the
# whole project at once (the status pages need every catalogue, and a build forks after reading
# them all, so the languages share them), never more, however long `serve` runs.
_cache: dict[tuple, tuple[tuple[int, int], Translations]] = {}
_ids_cache: dict[tuple, tuple[int, tuple[tuple[str, tuple], ...]]] = {}


def _current_ids(project: Project, domain: str, source_mtime: int) -> tuple[tuple[str, tuple], ...]:
    """(msgid, locations) of a guide's template as it is now; shared by every language."""
    key = (str(project.root), domain)
    hit = _ids_cache.get(key)
    if hit is None or hit[0] != source_mtime:
        current = site_template(project) if domain == SITE else template(project, domain + ".md")
        hit = _ids_cache[key] = (source_mtime,
                                 tuple((str(m.id), tuple(m.locations)) for m in current if m.id))
    return hit[1]


def _translations(project: Project, locale_id: str, domain: str, po: str, po_mtime: int,
                  source: str, source_mtime: int) -> Translations:
    key = (str(project.root), locale_id, domain)
    hit = _cache.get(key)
    if hit is not None and hit[0] == (po_mtime, source_mtime):
        return hit[1]
    current = _current_ids(project, domain, source_mtime)
    path = Path(po)
    display = project.rel(path)
    entries: dict[str, Message] = {}
    lines: dict[str, int] = {}
    if path.exists():
        catalog = read_po(path, display, locale=locale_id)
        # Our templates have no msgctxt; a message with one (added by a tool) is never shown.
        entries = {m.id: m for m in catalog if m.id and isinstance(m.id, str) and not m.context}
        lines = message_lines(path)
    strings, fuzzy, untranslated = {}, [], []
    for msgid, _ in current:
        entry = entries.get(msgid)
        if entry is None or not entry.string:
            untranslated.append(msgid)
        elif entry.fuzzy:
            fuzzy.append(msgid)
        else:
            strings[msgid] = str(entry.string)
    sources = dict(current)
    result = Translations(display, strings, len(strings) + len(fuzzy) + len(untranslated),
                          len(strings),
                          len(fuzzy), len(untranslated), tuple(fuzzy), tuple(untranslated), lines,
                          sources)
    _cache[key] = ((po_mtime, source_mtime), result)
    return result


def stats(project: Project, progress: Progress = SILENT) -> dict[str, dict[str, dict[str, int]]]:
    """{locale: {guide path relative to guides/: {total, translated, fuzzy, untranslated}}}."""
    result: dict[str, dict[str, dict[str, int]]] = {}
    guides = sorted(project.guides())
    progress.start(len(project.targets) * len(guides), "catalogues")
    for locale in sorted(project.targets, key=lambda loc: loc.id):
        result[locale.id] = {}
        for guide in guides:
            progress.advance(f"{locale.id}: {guide}")
            result[locale.id][guide] = translations(project, locale.id, guide).counts()
    return result
