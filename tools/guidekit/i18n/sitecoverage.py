"""Which site strings a language shows in English, and which of those are safety text.

Site strings (locales/<L>/LC_MESSAGES/site.po) are on every page: a fuzzy or untranslated one
falls back to English everywhere. Most are an inconvenience; the safety strings (help panel,
crisis panel above search results, the notices that tell a reader the page is in English, and the
helpline hours and notes the help panel shows) must be in the reader's language before a
language is published. `guidekit check`, `build --publish` and the build log use this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from guidekit.config import Project
from guidekit.i18n import catalogs, policy
from guidekit.problems import Problem, ProblemsFound

# msgids of sitestrings.TEMPLATE_STRINGS a reader in crisis depends on.
SAFETY_STRINGS = frozenset({
    "Get help now",
    "If you or someone else is in danger right now, call {emergency}.",
    "You are not alone. These services listen, in confidence.",
    "If your search is about wanting to hurt yourself, please talk to someone now.",
    "Close",
    policy.MISSING, policy.UPDATING, policy.PARTIAL,
})
# Extracted comments site_template gives the help panel's helpline data.
_HELPLINE_COMMENTS = ("Opening hours of the helpline ", "Note on a number of the helpline ")


@dataclass(frozen=True)
class Fallback:
    locale: str
    msgid: str
    state: str          # "fuzzy" or "untranslated"
    path: str           # the site.po as users see it
    line: int           # its entry, or 1 when the entry is missing
    safety: bool

    def problem(self) -> Problem:
        short = self.msgid if len(self.msgid) <= 60 else self.msgid[:59] + "…"
        if self.safety:
            return Problem(self.path, self.line, "site-safety-string-untranslated",
                           f"{self.locale} readers see the safety text {short!r} in English "
                           f"(it is {self.state})",
                           "translate it and clear the fuzzy flag: it is shown on every page")
        return Problem(self.path, self.line, "site-string-untranslated",
                       f"{short!r} is {self.state}; pages show it in English",
                       "translate it and clear the fuzzy flag", severity="warning")


def safety_ids(project: Project) -> set[str]:
    """Safety msgids of this project's site catalogue, helpline hours and notes included."""
    ids = set(SAFETY_STRINGS)
    for message in catalogs.site_template(project):
        if message.id and any(c.startswith(_HELPLINE_COMMENTS) for c in message.auto_comments):
            ids.add(str(message.id))
    return ids


def fallbacks(project: Project, locale_id: str) -> list[Fallback]:
    """Every site string `locale_id` shows in English, at its site.po line."""
    tr = catalogs.translations(project, locale_id, catalogs.SITE)
    safety = safety_ids(project)
    out = []
    for state, ids in (("fuzzy", tr.fuzzy_ids), ("untranslated", tr.untranslated_ids)):
        for msgid in ids:
            out.append(Fallback(locale_id, msgid, state, tr.path, tr.lines.get(msgid, 1),
                                msgid in safety))
    return sorted(out, key=lambda f: (f.line, f.msgid))


def published(project: Project, locale_id: str) -> bool:
    """A language readers are shown in: something of it is translated (a guide message or a site
    string). A language whose catalogues were only created is not started yet."""
    return any(c["translated"] for c in catalogs.stats(project).get(locale_id, {}).values())


def check(project: Project, locale_ids: list[str] | None = None, publish: bool = False) -> list[Problem]:
    """Site strings shown in English: safety text is an error in a published language (in every
    language built with `publish`), everything else a warning."""
    problems: list[Problem] = []
    ids = locale_ids if locale_ids is not None else [loc.id for loc in project.targets]
    for locale_id in ids:
        if locale_id == project.source_locale:
            continue
        try:
            strict = publish or published(project, locale_id)
            for f in fallbacks(project, locale_id):
                problem = f.problem()
                if not strict and problem.is_error:
                    problem = Problem(problem.path, problem.line, problem.code,
                                      problem.message + " (language not started yet)",
                                      problem.hint, severity="warning")
                problems.append(problem)
        except ProblemsFound as exc:
            problems += exc.problems
    return problems
