"""What changed in the words a reader sees since a sign-off: `guidekit review diff`.

Both sides are rendered by review/page.py, the rendering the digests use, so the diff shows
exactly the change that made a sign-off stale, in page order. A fuzzy message is shown as its
stale translation, marked fuzzy (readers get the English text there until a translator checks
it); when the publish policy now serves the English page, the diff says so first.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from guidekit.config import Project
from guidekit.problems import Problem
from guidekit.review import digest as digests
from guidekit.review import page, records
from guidekit.review import status as review


@dataclass(frozen=True)
class Change:
    """A sign-off compared with the words now."""
    guide: str
    locale: str
    record: records.SignOff | None
    same: bool = False                 # nothing changed since the sign-off
    commit: str = ""                   # the commit that holds the signed words
    lines: tuple[str, ...] = ()        # unified diff lines, each ending in "\n"
    served_in_source: bool = False     # readers of this language now get the English page
    fuzzy: int = 0
    untranslated: int = 0
    source_changed: bool = False       # a translation whose English changed too

    def notes(self, source_locale: str) -> list[str]:
        out = []
        if self.served_in_source:
            out.append(f"readers of {self.locale} now get the {source_locale} page: "
                       f"{self.fuzzy} fuzzy and {self.untranslated} untranslated message(s)")
        elif self.fuzzy or self.untranslated:
            out.append(f"{self.fuzzy} fuzzy and {self.untranslated} untranslated message(s) "
                       f"are shown in {source_locale}")
        if self.source_changed:
            out.append(f"the {source_locale} text changed too")
        return out


def compare(project: Project, guide: str, locale: str) -> tuple[Change, list[Problem]]:
    record, problems = records.read(project, guide, locale)
    now_version = digests.working(project, guide, locale)
    now_page = digests.reader_page(project, guide, locale, now_version)
    counts: dict[str, Any] = {"served_in_source": not now_page.translated,
                              "fuzzy": len(now_page.fuzzy),
              "untranslated": len(now_page.untranslated)}
    if record is None:
        display = project.rel(review.guide_path(project, guide))
        return Change(guide, locale, None, **counts), problems or [
            Problem(display, 1, "review-unsigned", f"no {locale} sign-off to compare with",
                    "there is nothing signed yet: review the whole guide")]
    if record.digest == digests.of(project, guide, locale, now_version):
        return Change(guide, locale, record, same=True, **counts), []
    then = digests.introduced(project, guide, locale, record.digest)
    if then is None:
        return Change(guide, locale, record, **counts), [Problem(
            record.path, record.line, "review-version-missing", f"the signed version "
            f"({record.digest}) is not in this repository's history",
            "review the whole guide as it is now")]
    old = _view(project, guide, locale, then.version)
    new = _view(project, guide, locale, now_version)
    display = project.rel(review.guide_path(project, guide))
    label = display if locale == project.source_locale else f"{display} ({locale})"
    lines = tuple(difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        f"{label} as signed by {record.reviewer} on {record.date} (commit {then.commit[:12]})",
        f"{label} now"))
    source_changed = locale != project.source_locale and \
        page.source_digest(then.version.guide_text) != page.source_digest(now_version.guide_text)
    return Change(guide, locale, record, commit=then.commit, lines=tuple(
        line if line.endswith("\n") else line + "\n" for line in lines),
        source_changed=source_changed, **counts), []


def _view(project: Project, guide: str, locale: str, version: digests.Version) -> str:
    return digests.reader_page(project, guide, locale, version, mark_fuzzy=True).text


def diff(project: Project, guide: str, locale: str | None = None) -> tuple[str, list[Problem]]:
    """Text for `guidekit review diff`, or problems saying why there is none."""
    lid = project.locale(locale).id if locale else project.source_locale
    change, problems = compare(project, guide, lid)
    if change.record is None:
        return "", problems
    head = [f"note: {n}\n" for n in change.notes(project.source_locale)]
    if change.same:
        return "".join(head) + (f"no change since the {lid} sign-off of {change.record.date} by "
                                f"{change.record.reviewer}\n"), problems
    return "".join(head + list(change.lines)), problems
