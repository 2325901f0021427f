"""What a reader of one language sees of one guide, rendered from the guide's text and the
language's catalogue: the one rendering that sign-off digests and review diffs both use.

Works on texts, not on the working tree, so that a version from git history renders exactly
as the working copy does. For the source language the page is the guide file itself. For a
translation it is the translated title, description and body, in page order, where every
message is the translation a reader gets: never a fuzzy or empty entry, never a msgstr the
build's safety filter refuses (the source text is shown instead, as in the build). When the
publish policy serves the English page instead, that is what the page is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from guidekit import frontmatter
from guidekit.checks import qa
from guidekit.i18n import pofile, policy, segments
from guidekit.problems import ProblemsFound

FUZZY_MARK = "[fuzzy, not shown to readers] "


@dataclass(frozen=True)
class ReaderPage:
    text: str                       # Markdown as the reader gets it, in page order
    translated: bool                # False: readers of this language get the source page
    fuzzy: tuple[str, ...] = ()     # msgids whose translation awaits a translator's check
    untranslated: tuple[str, ...] = ()
    total: int = 0


def source_digest(text: str) -> str:
    """The source page: the guide file, every byte of it (line endings normalised)."""
    return _sha(text.replace("\r\n", "\n"))


def translation_digest(source: str, page: ReaderPage) -> str:
    """A translation: the English it renders (its digest) and the words its readers see."""
    return _sha(json.dumps([source, page.translated, page.text], ensure_ascii=False))


def _sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def render(guide_text: str, po: bytes | None, display: str, po_display: str,
           publish: dict, mark_fuzzy: bool = False) -> ReaderPage:
    """The translated page of `guide_text` with the catalogue `po` (None: no catalogue yet).

    mark_fuzzy (for review diffs only): show a fuzzy message's stale translation, marked, in
    place of the source text a reader gets, so a reviewer sees it is fuzzy rather than gone;
    the page is then rendered as a translation even when readers get the source page.
    Raises ProblemsFound (guidekit.problems) for an unreadable guide or catalogue.
    """
    return _render(guide_text.replace("\r\n", "\n"), po, display, po_display,
                   tuple(sorted(publish.items())), mark_fuzzy)


@lru_cache(maxsize=1024)  # every build asks for every guide in every language, more than once
def _render(guide_text: str, po: bytes | None, display: str, po_display: str,
            publish: tuple, mark_fuzzy: bool) -> ReaderPage:
    doc = frontmatter.split(guide_text, display)
    found = list(dict.fromkeys(seg.msgid for seg in segments.extract(doc)))
    entries = _entries(po, po_display)
    strings: dict[str, str] = {}
    stale: dict[str, str] = {}
    untranslated: list[str] = []
    for msgid in found:
        entry = entries.get(msgid)
        if entry is None or not entry[0]:
            untranslated.append(msgid)
        elif entry[1]:
            stale[msgid] = entry[0]
        else:
            strings[msgid] = entry[0]
    counts = policy.Counts(len(found), len(strings), len(stale), len(untranslated))
    decision = policy.decide(dict(publish), counts)

    def lookup(seg: segments.Segment) -> str | None:
        if seg.msgid in strings:
            shown = strings[seg.msgid]
            return seg.msgid if qa.is_safe_to_render(seg.msgid, shown) else shown
        if mark_fuzzy and seg.msgid in stale:
            return FUZZY_MARK + stale[seg.msgid]
        return None

    translated = decision.translated or mark_fuzzy
    if translated:
        meta = segments.translate_meta(doc, lookup)
        head = "".join(f"{key}: {meta.get(key, doc.meta.get(key))}\n"
                       for key in segments.META_KEYS if isinstance(doc.meta.get(key), str))
        text = head + "---\n" + segments.translate_body(doc, lookup)
    else:
        text = guide_text
    return ReaderPage(text, decision.translated, tuple(stale), tuple(untranslated), len(found))


def _entries(po: bytes | None, display: str) -> dict[str, tuple[str, bool]]:
    """msgid -> (msgstr, fuzzy) of the catalogue's current entries (no msgctxt, not obsolete)."""
    if po is None:
        return {}
    # pofile is the project's one strict PO reader; it reads bytes (a file at a signed commit).
    parsed = pofile.parse(po, display)
    if parsed.problems:
        raise ProblemsFound(sorted(parsed.problems))   # at `display` and the line
    return {e.msgid: (e.msgstr, e.fuzzy) for e in parsed.messages()
            if e.msgid and e.msgctxt is None and e.msgid_plural is None}
