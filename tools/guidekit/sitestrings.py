"""The `site` catalogue domain: nav section titles, site name and description, our templates' text.

Every string our templates and notices show is declared here (so `guidekit extract` finds them)
and looked up in locales/<L>/LC_MESSAGES/site.po at build time. Fuzzy or empty entries fall
back to English, as gettext does.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# msgid -> translator comment. The English text is the msgid.
TEMPLATE_STRINGS: dict[str, str] = {
    "Get help now": "Label of the help panel shown on every page",
    "If you or someone else is in danger right now, call {emergency}.":
        "Keep {emergency} exactly: it becomes the tap-to-call emergency number",
    "You are not alone. These services listen, in confidence.": "Help panel introduction",
    "Number last checked on {date}.": "Helpline verification date; keep {date}",
    "Number not yet checked against the official source.": "Shown when nobody has verified a helpline yet",
    "Open content note": "Screen-reader hint on a collapsed content note",
    "This guide is not yet available in {language}. You are reading the English version.":
        "Notice on a page whose translation is missing; keep {language}",
    "This guide is being updated in {language}. You are reading the English version until the translation is finished.":
        "Notice on a page whose translation is out of date; keep {language}",
    "Some parts of this guide are not yet translated into {language}; they are shown in English.":
        "Notice on a page published with some messages untranslated; keep {language}",
    "Draft: awaiting clinical review.": "Banner on every guide that no clinician has signed yet",
    "Translation awaiting review.": "Banner on a translated page no reviewer for this language has signed",
    "Reviewed by {name}, {role}, on {date}": "Review line in the page footer",
    "Next review due {date}": "Review line in the page footer",
    "If your search is about wanting to hurt yourself, please talk to someone now.":
        "Crisis panel heading shown above search results",
    "Translation status": "Title of the translation status page",
    "Close": "Button that closes the help panel",
    "Review status": "Title of the review status page",
}


def read_translations(po_path: Path) -> dict[str, str]:
    """Non-fuzzy, non-empty translations of a PO file; {} when it does not exist."""
    return dict(_read(str(po_path), po_path.stat().st_mtime_ns if po_path.exists() else 0))


@lru_cache(maxsize=64)
def _read(path: str, _mtime: int) -> tuple[tuple[str, str], ...]:
    from babel.messages.pofile import read_po

    p = Path(path)
    if not p.exists():
        return ()
    with p.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    return tuple(
        (str(m.id), str(m.string))
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    )


class SiteStrings:
    def __init__(self, locales_dir: Path, locale_id: str, source_locale: str):
        self._table = {} if locale_id == source_locale else read_translations(
            locales_dir / locale_id / "LC_MESSAGES" / "site.po")

    def __call__(self, msgid: str, **values: str) -> str:
        text = self._table.get(msgid, msgid)
        return text.format(**values) if values else text
