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
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message

from guidekit import files, frontmatter
from guidekit.config import Project
from guidekit.i18n import fuzzy, pofile, segments, sitestrings
from guidekit.problems import Problem, ProblemsFound
from guidekit.progress import SILENT, Progress
from guidekit.safety import helplines

SITE = "site"             # the catalogue domain of site-wide strings
BOGUS_FLAGS = ("python-format", "python-brace-format")
TEMPLATE_HINT = "run 'guidekit extract'"
UPDATE_HINT = "run 'guidekit update'"


# --------------------------------------------------------------------------- names and paths

def domains(project: Project) -> list[str]:
    """Catalogue domains: one per guide ('warning-signs', 'teens/x'), then 'site'."""
    return [g[:-3] for g in project.guides()] + [SITE]


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
        catalog.language_team = Locale.parse(locale).english_name
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
    """PO text of a catalogue as GNU msgcat/msgmerge and Poedit write it (see pofile)."""
    for message in catalog:
        _strip_flags(message)
    for message in catalog.obsolete.values():
        _strip_flags(message)
    return pofile.render(catalog)


def _write(path: Path, data: bytes) -> None:
    """One file, atomically (a temporary file renamed into place)."""
    files.write_all({path: data})


_VOLATILE = re.compile(rb'^"(?:POT-Creation-Date|Generated-By): [^\n]*\n', re.MULTILINE)


def _same(old: bytes, new: bytes) -> bool:
    return _VOLATILE.sub(b"", old) == _VOLATILE.sub(b"", new)


# --------------------------------------------------------------------------- reading

def parse(path: Path, display: str) -> pofile.PoFile:
    """A PO/POT file read strictly by pofile (ProblemsFound at the line of what is wrong);
    the parse is kept for message_lines(), which needs exactly this result."""
    po = pofile.read(path, display)
    if len(_parsed) > 4096:  # `mkdocs serve` edits add keys; never grow without bound
        _parsed.clear()
    _parsed[(str(path), _mtime(Path(path)))] = po
    return po


def read_po(path: Path, display: str, locale: str | None = None) -> Catalog:
    """Read a PO/POT file strictly into a Babel catalogue; raise ProblemsFound with lines."""
    catalog = pofile.to_catalog(parse(path, display), locale=locale)
    for message in [*catalog, *catalog.obsolete.values()]:
        _strip_flags(message)
    return catalog


_parsed: dict[tuple[str, int], pofile.PoFile] = {}


def _parsed_file(path: Path) -> pofile.PoFile:
    """The parse of a PO file as it is now, even a broken one (lines of what could be read)."""
    key = (str(path), _mtime(path))
    po = _parsed.get(key)
    if po is None:
        po = pofile.parse(path.read_bytes(), str(path))
    return po


def entry_lines(path: Path) -> dict[tuple[str | None, str], int]:
    """(msgctxt, msgid) -> line of the msgid, for each current entry; {} without the file."""
    p = Path(path)
    return _parsed_file(p).lines() if p.is_file() else {}


def message_lines(path: Path) -> dict[str, int]:
    """Line of each current entry's msgid (entries without msgctxt); {} without the file."""
    return {msgid: line for (context, msgid), line in entry_lines(path).items() if context is None}


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
                                    "rename the guide; 'site' is the catalogue of site-wide strings"))
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
                                    "template is missing" if old is None else "template is out of date",
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
        if (x.id, x.context, x.locations) != (y.id, y.context, y.locations):
            return False
        if not pofile.same_comments(x.auto_comments, y.auto_comments):
            return False  # a `#.` comment re-wrapped by another tool is the same comment
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
    # Babel's own merge and fuzzy matches, found through RapidFuzz instead of difflib over every msgid
    fuzzy.update(catalog, pot, update_header_comment=False, update_creation_date=True)
    newly = set()
    for message in catalog:
        if not message.id:
            continue
        if not message.fuzzy:
            message.previous_id = []
        elif not message.previous_id and message.id in previous:
            # Babel drops `#| msgid` of an exact match that is still fuzzy: keep the hint.
            message.previous_id = previous[message.id]
        if message.fuzzy and message.id not in was_fuzzy:
            newly.add(message.id)
    return catalog, old, newly


def update(project: Project, locales: list[str] | None = None, check: bool = False,
           progress: Progress = SILENT) -> list[Problem]:
    """Create/update locales/<L>/LC_MESSAGES/<domain>.po from the templates; --check writes nothing."""
    ids = [project.locale(x).id for x in locales] if locales else [loc.id for loc in project.targets]
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
        problems.append(Problem(project.rel(root), 1, "template-missing", "no templates to update from",
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
                                        "catalogue is missing" if old is None else "catalogue is out of date",
                                        UPDATE_HINT))
            else:
                writes[path] = new
            lines = _rendered_lines(catalog, new) if newly else {}
            for message in catalog:
                if message.id in newly:
                    where = ", ".join(f"{f}:{n}" for f, n in message.locations) or "the source"
                    problems.append(Problem(
                        display, lines.get(message.id, 1), "translation-outdated",
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
    sources: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # msgid -> guide lines

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
    return _translations(project, locale_id, domain, str(po), _mtime(po), str(source), _mtime(source))


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
    result = Translations(display, strings, len(strings) + len(fuzzy) + len(untranslated), len(strings),
                          len(fuzzy), len(untranslated), tuple(fuzzy), tuple(untranslated), lines,
                          sources)
    _cache[key] = ((po_mtime, source_mtime), result)
    return result


SITE_ROW = SITE + ".po"   # the site strings' row in stats: no guide path ends in .po


def stats(project: Project, progress: Progress = SILENT) -> dict[str, dict[str, dict[str, int]]]:
    """{locale: {guide path relative to guides/, or 'site.po': {total, translated, fuzzy,
    untranslated}}}: site strings are on every page, so they have a row of their own."""
    result: dict[str, dict[str, dict[str, int]]] = {}
    guides = sorted(project.guides())
    progress.start(len(project.targets) * len(guides), "catalogues")
    for locale in sorted(project.targets, key=lambda loc: loc.id):
        result[locale.id] = {}
        for guide in guides:
            progress.advance(f"{locale.id}: {guide}")
            result[locale.id][guide] = translations(project, locale.id, guide).counts()
        result[locale.id][SITE_ROW] = translations(project, locale.id, SITE).counts()
    return result
