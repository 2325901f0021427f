"""Partial publishing: which pages a publishing build may show readers, and what it withholds.

A guide is published only when its English sign-off is current; otherwise it is withheld from
every language (so no language switcher, nav entry or link ever points at a missing page).
A translated page is shown in its language only when that language's sign-off is current;
otherwise its readers get the signed English page with the usual "being updated" notice.
A page the publish policy already serves in English needs only the English sign-off.

With `unreviewed: draft` in the guidekit plugin config, nothing is withheld: such pages are
published with the draft banner, and the same report lists them as drafts.

Records that cannot stand (forgeries, unsigned or malformed records) are errors: a publishing
build refuses to run while any exists, whatever else it would publish.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound
from guidekit.review import digest as digests
from guidekit.review import registry as reviewers
from guidekit.review import status as review

MODES = ("withhold", "draft")
ENV = "GUIDEKIT_PUBLISH_PLAN"   # the plan, as JSON, for the per-language builds
HOME = "index.md"


@dataclass(frozen=True)
class Plan:
    mode: str
    withheld: dict[str, str] = field(default_factory=dict)   # guide -> why (every language)
    english: dict[str, dict[str, str]] = field(default_factory=dict)  # locale -> guide -> why
    errors: tuple[Problem, ...] = ()
    notes: tuple[Problem, ...] = ()    # one warning per page withheld or shown as draft

    def problems(self) -> list[Problem]:
        return sorted(set(self.errors + self.notes))

    def to_json(self) -> str:
        return json.dumps({"mode": self.mode, "withheld": sorted(self.withheld),
                           "english": {k: sorted(v) for k, v in self.english.items()}})

    @staticmethod
    def from_json(text: str) -> Plan:
        data = json.loads(text)
        return Plan(data["mode"], {g: "" for g in data["withheld"]},
                    {k: {g: "" for g in v} for k, v in data["english"].items()})


def mode(project: Project) -> str:
    return str(project.options.get("unreviewed", "withhold"))


def plan(project: Project, locale_ids: Iterable[str], today: dt.date | None = None) -> Plan:
    wanted = [project.locale(x).id for x in locale_ids]
    source = project.source_locale
    how = mode(project)
    registry = reviewers.load(project)
    errors: list[Problem] = list(registry.problems) + review.orphans(project)
    if how not in MODES:
        errors.append(Problem(project.rel(project.config_file), 1, "unreviewed-mode",
                              f"unreviewed: {how!r} is not one of {', '.join(MODES)}",
                              "withhold (the default) leaves unsigned pages out; draft shows "
                              "them with the draft banner"))
    rows = review.status(project, today, registry=registry,
                         locales=[loc.id for loc in project.locales if loc.id in {source, *wanted}])
    by_key = {(st.guide, st.locale): st for st in rows}
    withheld: dict[str, str] = {}
    english: dict[str, dict[str, str]] = {}
    notes: list[Problem] = []
    verb = "withheld" if how != "draft" else "shown as a draft"
    for st in rows:
        errors += st.problems
    for guide in project.guides():
        first = by_key[(guide, source)]
        if first.state != "current":
            withheld[guide] = _why(first)
            notes.append(_note(project, first, f"{verb} in every language: {_why(first)}"))
            continue
        for lid in wanted:
            if lid == source:
                continue
            st = by_key[(guide, lid)]
            if st.state == "current" or not _served_translated(project, guide, lid):
                continue
            english.setdefault(lid, {})[guide] = _why(st)
            notes.append(_note(project, st, f"{lid} translation {verb}: {_why(st)}; "
                               + ("its readers get the signed English page" if how != "draft"
                                  else "it carries the draft banner")))
    if HOME in withheld and how != "draft":
        errors.append(Problem(project.rel(project.docs_dir / HOME), 1, "review-home-withheld",
                              f"the home page cannot be withheld ({withheld[HOME]}): every "
                              "language would lose its front page", review.sign_hint(HOME, source)))
    if how == "draft":
        return Plan(how, {}, {}, tuple(sorted(set(errors))), tuple(notes))
    return Plan(how, withheld, english, tuple(sorted(set(errors))), tuple(notes))


def _served_translated(project: Project, guide: str, locale: str) -> bool:
    try:
        version = digests.working(project, guide, locale)
        return digests.reader_page(project, guide, locale, version).translated
    except ProblemsFound:  # an unreadable catalogue: status reports it, readers get English
        return False


def _why(st: review.Status) -> str:
    return {"unsigned": f"no valid {st.locale} sign-off",
            "changed": f"changed since the {st.locale} sign-off of {st.date}",
            "expired": f"the {st.locale} sign-off of {st.date} expired on {st.next_due}",
            "invalid": f"the {st.locale} sign-off is invalid"}.get(st.state, st.state)


def _note(project: Project, st: review.Status, message: str) -> Problem:
    path = project.rel(review.guide_path(project, st.guide))
    return Problem(path, 1, "review-withheld", message, review.sign_hint(st.guide, st.locale),
                   "warning")
