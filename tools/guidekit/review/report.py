"""The pull-request comment: `guidekit review report`, GitHub-flavoured Markdown.

One collapsible section per guide the pull request touches, with, per language: the state,
who signed what and when, what readers of that language get (the translation, or the English
page while the translation is fuzzy or incomplete), who may sign, and an inline diff of the
reader-visible words changed since the sign-off. Warnings come first: sign-off records that do
not count, and edits to reviewers.yml (which decide whose signatures count). The first line is
a hidden marker, so the workflow finds and updates its one comment instead of adding more.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from guidekit.checks.safemessaging import list_suppressions  # the parser the checks obey
from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound
from guidekit.review import diff as diffs
from guidekit.review import gitrepo, records
from guidekit.review import registry as reviewers
from guidekit.review import status as review

MARKER = "<!-- guidekit-review-report -->"
MAX_DIFF_LINES = 150     # per guide x language; the whole comment must stay under GitHub's 65536
MAX_CHARS = 60000


def registry_at(project: Project, ref: str) -> reviewers.Registry:
    """reviewers.yml as it is at a git ref (CI trusts the base branch, not the pull request)."""
    path = reviewers.registry_path(project)
    data = gitrepo.show(project, ref, path)
    display = f"{ref}:{project.rel(path)}"
    if data is None:
        return reviewers.Registry(display, (), (Problem(project.rel(path), 1, "reviewers-missing",
                                                        f"no {project.rel(path)} at {ref}",
                                                        "fetch the base branch first"),))
    return reviewers.parse(data.decode("utf-8"), display, project)


@dataclass(frozen=True)
class Suppression:
    path: str
    line: int
    code: str
    reason: str


def suppressions(project: Project, guides: list[str]) -> list[Suppression]:
    """Every `<!-- safe-messaging: allow CODE[,CODE] reason="..." -->` in these guides."""
    wanted = {project.rel(review.guide_path(project, g)) for g in guides}
    return [Suppression(path, line, ", ".join(codes), reason or "")
            for path, line, codes, reason in list_suppressions(project) if path in wanted]


def touched(project: Project, names: list[str]) -> dict[str, set[str]]:
    """guide -> languages whose words or sign-offs these changed files may concern."""
    docs = project.rel(project.docs_dir) + "/"
    locs = project.rel(project.locales_dir) + "/"
    revs = records.REVIEWS_DIR + "/"
    every = [loc.id for loc in project.locales]
    targets = [loc.id for loc in project.targets]
    guides = set(project.guides())
    out: dict[str, set[str]] = {}
    for name in names:
        langs: list[str] = []
        guide = ""
        if name.startswith(docs) and name.endswith(".md"):
            guide, langs = name[len(docs):], every  # the source feeds every translation
        elif name.startswith(locs + "templates/") and name.endswith(".pot"):
            guide, langs = name[len(locs) + len("templates/"):-4] + ".md", targets
        elif name.startswith(locs) and "/LC_MESSAGES/" in name and name.endswith(".po"):
            lang, _, rest = name[len(locs):].partition("/LC_MESSAGES/")
            guide, langs = rest[:-3] + ".md", [lang]
        elif name.startswith(revs) and name.endswith(".yml"):
            lang, _, rest = name[len(revs):].partition("/")
            guide, langs = rest[:-4] + ".md", [lang]
        if guide in guides:
            out.setdefault(guide, set()).update(x for x in langs if x in every)
    return out


# ---------------------------------------------------------------- Markdown helpers

def cell(text: object) -> str:
    """Plain text in Markdown (a table cell, a list item): no HTML, no Markdown, one line."""
    value = str(text if text not in (None, "") else "–")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = re.sub(r"([\\`*_~\[\]|#])", r"\\\1", value)
    return re.sub(r"\s+", " ", value)


def code(text: object, in_table: bool = False) -> str:
    """An inline code span showing `text` exactly (GitHub needs `\\|` even there, in a table)."""
    value = re.sub(r"\s+", " ", str(text))
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    if in_table:
        value = value.replace("|", "\\|")
    return f"{fence}{pad}{value}{pad}{fence}"


def fenced(lines: list[str], info: str = "diff") -> list[str]:
    longest = max((len(m) for line in lines for m in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *(line.rstrip("\n") for line in lines), fence]


def _person(registry: reviewers.Registry, rid: str | None) -> str:
    who = registry.get(rid) if rid else None
    if who is None:
        return f"{code(rid, in_table=True)} (not in reviewers.yml)" if rid else "–"
    handle = f" (@{who.github})" if who.github else ""
    return f"{cell(who.name)}, {cell(who.role)}{handle}"


def _who_may_sign(registry: reviewers.Registry, locale: str) -> str:
    people = [r for r in registry.for_locale(locale) if r.keys]
    if not people:
        return f"**nobody yet**: no reviewer with a key is registered for {locale}"
    return "; ".join(_person(registry, r.id) for r in people)


# ---------------------------------------------------------------- the report

def report(project: Project, base: str, today: dt.date | None = None) -> str:
    names = gitrepo.changed_files(project, base)
    registry = reviewers.load(project)
    changes = touched(project, names)
    source = project.source_locale
    out = [MARKER, "## Clinical review", ""]
    out += _registry_warning(project, base, names)
    rows = review.status(project, today, registry=registry)
    bad = review.record_problems(project, rows, registry)
    if bad:
        out += ["> [!WARNING]", (f"> **{len(bad)} sign-off problem(s)**: these records do not "
                "count, and a publishing build refuses to run until they are fixed."), ">"]
        out += [f"> - {code(p.format())}" for p in bad] + [""]
    if not changes:
        out += ["This change touches no guide, translation or sign-off.", ""]
    else:
        langs = sorted({x for v in changes.values() for x in v},
                       key=[loc.id for loc in project.locales].index)
        out += [f"This change touches {len(changes)} guide(s) in {len(langs)} language(s): "
                + ", ".join(langs) + ". Open a guide to see, per language, who signed it, what "
                "its readers get, and what changed since the sign-off.", ""]
    by_key = {(st.guide, st.locale): st for st in rows}
    for guide in sorted(changes):
        out += _guide_section(project, registry, guide, [by_key[(guide, loc.id)]
                                                          for loc in project.locales], source)
    found = suppressions(project, sorted(changes))
    out += ["### Safe-messaging suppressions in the touched guides", ""]
    out += [f"- {code(f'{s.path}:{s.line}')} allows {code(s.code)}: "
            + (f"\"{cell(s.reason)}\"" if s.reason else "**no reason given**")
            for s in found] or ["None."]
    text = "\n".join(out) + "\n"
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit("\n", 1)[0] + ("\n\n**The report is too long for one "
                                                      "comment and was cut here**; run "
                                                      "`guidekit review report` locally.\n")
    return text


def _registry_warning(project: Project, base: str, names: list[str]) -> list[str]:
    reg_path = project.rel(reviewers.registry_path(project))
    if reg_path not in names:
        return []
    before, after = registry_at(project, base), reviewers.load(project)
    old = {r.id: r for r in before.reviewers}
    new = {r.id: r for r in after.reviewers}
    lines = ["> [!CAUTION]", (f"> **This pull request edits `{reg_path}`**, which decides whose "
             "sign-offs count. Keys it adds are not trusted until it is merged (signatures are "
             "verified against the base branch's registry). Each added reviewer must approve "
             "this pull request themselves."), ">"]
    for rid in sorted(new.keys() - old.keys()):
        lines.append(f"> - added: {_person(after, rid)} for {', '.join(new[rid].locales)}")
    for rid in sorted(old.keys() - new.keys()):
        lines.append(f"> - removed: {_person(before, rid)}")
    for rid in sorted(old.keys() & new.keys()):
        if old[rid] != new[rid]:
            what = [name for name in ("name", "role", "qualification", "registration",
                                      "locales", "keys", "github")
                    if getattr(old[rid], name) != getattr(new[rid], name)]
            lines.append(f"> - changed: {_person(after, rid)}: {', '.join(what)}")
    if after.problems:
        lines += [f"> - {code(p.format())}" for p in after.problems]
    return lines + [""]


def _guide_section(project: Project, registry: reviewers.Registry, guide: str,
                   rows: list[review.Status], source: str) -> list[str]:
    display = project.rel(review.guide_path(project, guide))
    summary = " · ".join(f"{st.locale}: {st.state}" for st in rows)
    # The summary line is an HTML block on GitHub: HTML escapes only, no Markdown there.
    out = ["<details>", (f"<summary><strong>{html.escape(display)}</strong> — "
           f"{html.escape(summary)}</summary>"),
           "", "| Language | State | Signed | Readers get | Who may sign |",
           "|---|---|---|---|---|"]
    details: list[str] = []
    for st in rows:
        try:
            change, _ = diffs.compare(project, guide, st.locale)
        except ProblemsFound:  # a broken guide or catalogue: its problems are in st.problems
            change = diffs.Change(guide, st.locale, None)
        signed = "–"
        if change.record is not None:
            signed = f"{_person(registry, change.record.reviewer)} on {change.record.date}"
            if st.commit:
                signed += f", words of commit `{st.commit[:12]}`"
        readers = _readers(change, st, source)
        need = "–" if st.state == "current" else _who_may_sign(registry, st.locale)
        state = f"**{st.state}**" if st.state != "current" else st.state
        out.append(f"| {st.locale} | {state} | {signed} | {readers} | {need} |")
        if change.lines:
            details += [f"**{st.locale}: what its readers see now, compared with the sign-off "
                        f"of {change.record.date}**" if change.record else "", ""]
            details += [f"- {cell(n)}" for n in change.notes(source)] + [""] \
                if change.notes(source) else []
            shown = list(change.lines[:MAX_DIFF_LINES])
            details += fenced(shown)
            if len(change.lines) > MAX_DIFF_LINES:
                details.append(f"({len(change.lines) - MAX_DIFF_LINES} more diff lines: run "
                               f"`guidekit review diff {guide} --locale {st.locale}`)")
            details.append("")
        for problem in st.problems:
            details.append(f"- ⚠️ {code(problem.format())}")
        if st.problems:
            details.append("")
    return out + [""] + details + ["</details>", ""]


def _readers(change: diffs.Change, st: review.Status, source: str) -> str:
    if st.locale == source:
        return f"the {source} page"
    if change.served_in_source:
        return (f"the **{source} page** ({change.fuzzy} fuzzy, {change.untranslated} "
                "untranslated)")
    if change.fuzzy or change.untranslated:
        return (f"the translation, with {change.fuzzy} fuzzy and {change.untranslated} "
                f"untranslated message(s) in {source}")
    return "the translation"
