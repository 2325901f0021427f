"""Where a piece of built HTML came from: a guide line, a PO msgstr line, or neither.

Used by `links` to report a broken link against the text a writer or translator can edit.
Search is by the link target as it is written in Markdown (`warning-signs.md#behaviour`), which
survives rendering while everything around it (paths, HTML) changes. PO files are read with
pofile, which keeps the line of each piece of the msgstr text (Babel keeps only the msgid's).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from guidekit.config import Locale, Project
from guidekit.i18n import pofile


@dataclass(frozen=True)
class PoEntry:
    msgid: str
    msgstr: str
    line: int                          # 1-based line of the `msgstr` keyword
    starts: tuple[tuple[int, int], ...]  # (offset in msgstr, PO line) of each string piece
    fuzzy: bool = False

    def line_at(self, offset: int) -> int:
        line = self.line
        for start, piece_line in self.starts:
            if start > offset:
                break
            line = piece_line
        return line


@dataclass(frozen=True)
class Origin:
    path: str       # as users see it: guides/x.md, locales/ms/LC_MESSAGES/x.po, site/en/x/index.html
    line: int
    kind: str       # guide, po, data, template
    written: str    # the link as written there
    hint: str = ""  # what to fix there


@dataclass(frozen=True)
class Found:
    path: Path
    line: int
    written: str                  # the link target as written there
    entry: PoEntry | None = None  # set when found in a PO msgstr


_MD_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")  # [text](target) in a msgid or msgstr


def read_po_entries(path: Path) -> tuple[PoEntry, ...]:
    """Translated (non-empty, non-obsolete) entries of a PO file with msgstr line numbers."""
    path = Path(path)
    if not path.is_file():
        return ()
    return _read_po(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _read_po(path: str, _mtime: int) -> tuple[PoEntry, ...]:
    # The one PO reader; a broken file still yields the entries it could read (check reports
    # the problems), so a link report can point into it.
    po = pofile.parse(Path(path).read_bytes(), path)
    entries = []
    for e in po.messages():
        text = e.msgstr if e.msgid_plural is None else "\n".join(
            e.msgstr_plural[i] for i in sorted(e.msgstr_plural))  # plural forms searched as one
        if e.msgid and text:
            entries.append(PoEntry(e.msgid, text, e.msgstr_line, e.pieces or ((0, e.msgstr_line),),
                                   e.fuzzy))
    return tuple(entries)


def _pattern(needle: str) -> re.Pattern[str]:
    # Whole targets only: `signs.md` must not match inside `warning-signs.md`, nor `#body` in `#body-image`.
    return re.compile(r"(?<![\w.{-])" + re.escape(needle) + r"(?![\w-])")


def find_in_text(text: str, needles: list[str], nth: int = 0) -> tuple[int, str] | None:
    """Offset and matched needle of the nth occurrence (clamped) of the first needle found."""
    for needle in needles:
        hits = [m.start() for m in _pattern(needle).finditer(text)]
        if hits:
            return hits[min(nth, len(hits) - 1)], needle
    return None


class SourceMap:
    """Guides by built URL, and search in guides and PO files; caches what it reads."""

    def __init__(self, project: Project, site_dir: Path):
        self.project = project
        self.site_dir = Path(site_dir)
        self.directory_urls = bool(project.config.get("use_directory_urls", True))
        self._by_url = {self.url_of(guide): guide for guide in project.guides()}
        self._locales = {loc.url: loc for loc in project.locales}

    def locale_of(self, rel: str) -> Locale | None:
        """The language of a site path ('ms/x/index.html'); None for the site root's own pages."""
        return self._locales.get(rel.split("/", 1)[0]) if "/" in rel else None

    def inner(self, rel: str) -> str:
        """A site path inside its language: 'en/x/index.html' -> 'x/index.html'."""
        return rel.split("/", 1)[1] if self.locale_of(rel) else rel

    def url_of(self, guide: str) -> str:
        """The page URL MkDocs gives a guide, relative to its language root: 'x/y/' or 'x/y.html'."""
        stem = guide[:-3]
        folder, name = posixpath.split(stem)
        if name in ("index", "README"):
            return f"{folder}/" if folder else ""
        if not self.directory_urls:
            return f"{stem}.html"
        return f"{stem}/"

    def guide_for(self, url: str) -> str | None:
        """Guide of a page given its URL or file inside a language: 'x/y/index.html' -> 'x/y.md'."""
        url = url.removesuffix("index.html")
        return self._by_url.get(url)

    def guide_text(self, guide: str) -> str:
        return self.text(self.project.docs_dir / guide)

    def text(self, path: Path) -> str:
        return _read_text(str(path), path.stat().st_mtime_ns if path.is_file() else 0)

    def find_in_guide(self, guide: str, needles: list[str], nth: int = 0) -> Found | None:
        path = self.project.docs_dir / guide
        text = self.guide_text(guide)
        hit = find_in_text(text, needles, nth)
        if hit is None:
            return None
        return Found(path, text.count("\n", 0, hit[0]) + 1, hit[1])

    def find_in_po(self, path: Path, needles: list[str], nth: int = 0) -> Found | None:
        """The nth msgstr occurrence (clamped) of the first needle found in non-fuzzy entries."""
        for needle in needles:
            pattern = _pattern(needle)
            hits = [(entry, m.start()) for entry in read_po_entries(path) if not entry.fuzzy
                    for m in pattern.finditer(entry.msgstr)]
            if hits:
                entry, offset = hits[min(nth, len(hits) - 1)]
                return Found(Path(path), entry.line_at(offset), needle, entry)
        return None


    # -- where a link came from ------------------------------------------------------------------

    def needles(self, value: str, target: str, fragment: str, internal: bool) -> list[str]:
        """How a link to `target` (a site path) may be written in the source, most specific first."""
        out = [value] if len(value) > 2 else []
        if not internal or value.startswith("#"):
            return out
        anchor = f"#{fragment}" if fragment else ""
        inner = self.inner(target)
        guide = self.guide_for(inner)
        if guide is None and inner.endswith("index.html"):
            stem = inner[: -len("index.html")].rstrip("/")
            guide = f"{stem}.md" if stem else None  # a page that is missing: the guide it would be
        if guide is None:
            return [*out, posixpath.basename(target) + anchor]  # an image or other file
        tail = posixpath.basename(guide)
        if tail in ("index.md", "README.md"):
            tail = "/".join(guide.split("/")[-2:])
        out.append(tail + anchor)
        folder = posixpath.basename(posixpath.dirname(inner))
        if folder:
            out.append(f"{folder}/{anchor}")
        return out

    def origin(self, page: str, line: int, value: str, in_article: bool, template: str,
               target: str, fragment: str, internal: bool, nth: int) -> Origin:
        """What produced the nth link `value` on site page `page` (at HTML `line`)."""
        locale = self.locale_of(page)
        needles = self.needles(value, target, fragment, internal)
        guide = self.guide_for(self.inner(page)) if locale else None
        translated = locale is not None and locale.id != self.project.source_locale
        if in_article and guide:
            if translated:
                found = self.find_in_po(self.project.po_path(locale.id, guide), needles, nth)
                if found and not find_in_text(found.entry.msgid, needles):
                    return self._po_origin(found)  # the translation changed the link
            found = self.find_in_guide(guide, needles, nth)
            if found:
                return Origin(self.project.rel(found.path), found.line, "guide", found.written)
        if translated:
            site_po = self.project.locales_dir / locale.id / "LC_MESSAGES" / "site.po"
            found = self.find_in_po(site_po, needles, nth)
            if found and not find_in_text(found.entry.msgid, needles):
                return self._po_origin(found)
        if not in_article:
            # The help panel's numbers and links come from the data registry (helplines.yml).
            for data in sorted(self.project.data_dir.glob("*.y*ml")):
                text = self.text(data)
                hit = find_in_text(text, [*needles, value.split(":", 1)[-1]])
                if hit:
                    where = self.project.rel(data)
                    return Origin(where, text.count("\n", 0, hit[0]) + 1, "data", hit[1], f"it comes from {where}")
        if in_article and guide:
            return Origin(self.project.rel(self.project.docs_dir / guide), 1, "guide", value,
                          "the link is not written in the guide: a Markdown extension or plugin added it")
        template = template if locale else "language chooser (guidekit/chooser.py)"
        return Origin(self.project.rel(self.site_dir / page), line, "template", value,
                      f"the link comes from the theme: fix it in {template}")

    def _po_origin(self, found: Found) -> Origin:
        hint = "keep link targets and #anchors exactly as in the msgid"
        entry = found.entry
        lost = [t for t in _MD_TARGET.findall(entry.msgid) if t not in _MD_TARGET.findall(entry.msgstr)]
        stem, _, fragment = found.written.partition("#")
        alike = [t for t in lost if (stem and stem in t) or (fragment and t.endswith(f"#{fragment}"))]
        if len(alike or lost) == 1:
            hint = f"keep the link target exactly as in the msgid: '{(alike or lost)[0]}'"
        return Origin(self.project.rel(found.path), found.line, "po", found.written, hint)


@lru_cache(maxsize=512)
def _read_text(path: str, _mtime: int) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
