"""Review work that reads git history: what changed since a sign-off, and the pull-request report.

`diff` finds the committed version whose digest equals the signed one, so a clinician sees
exactly what changed since they approved it; `report` tells a pull request which sign-offs it
made stale and who may renew them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from guidekit import frontmatter
from guidekit.checks.safemessaging import list_suppressions  # the parser the checks obey
from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound
from guidekit.review import registry as reviewers
from guidekit.review import status as review


def _git(project: Project, *args: str, check: bool = True) -> bytes | None:
    try:
        run = subprocess.run(["git", *args], cwd=project.root, capture_output=True, check=False)
    except FileNotFoundError:
        raise ProblemsFound([Problem(".", 1, "git-missing", "git is not installed",
                                     "install git")]) from None
    if run.returncode != 0:
        if not check:
            return None
        reason = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ProblemsFound([Problem(".", 1, "git-failed", f"git {' '.join(args)}: "
                                     f"{reason[-1] if reason else run.returncode}",
                                     "run inside a git clone with the history fetched "
                                     "(actions/checkout: fetch-depth: 0)")])
    return run.stdout


def _show(project: Project, commit: str, path: Path) -> bytes | None:
    return _git(project, "show", f"{commit}:./{project.rel(path)}", check=False)


def registry_at(project: Project, ref: str) -> reviewers.Registry:
    """reviewers.yml as it is at a git ref (CI trusts the base branch, not the pull request)."""
    path = reviewers.registry_path(project)
    data = _git(project, "show", f"{ref}:./{project.rel(path)}", check=False)
    display = f"{ref}:{project.rel(path)}"
    if data is None:
        return reviewers.Registry(display, (), (Problem(project.rel(path), 1, "reviewers-missing",
                                                        f"no {project.rel(path)} at {ref}",
                                                        "fetch the base branch first"),))
    return reviewers.parse(data.decode("utf-8"), display, project)


# ---------------------------------------------------------------- diff

def _pairs_text(pairs: dict[str, str]) -> list[str]:
    out = []
    for msgid, msgstr in sorted(pairs.items()):
        out += [f"msgid {msgid!r}\n", f"msgstr {msgstr!r}\n", "\n"]
    return out


@dataclass(frozen=True)
class _Version:
    source_text: str
    pairs: dict[str, str]


def _version(project: Project, guide: str, locale: str, commit: str | None) -> _Version | None:
    gpath = review.guide_path(project, guide)
    text = gpath.read_bytes() if commit is None else _show(project, commit, gpath)
    if text is None:
        return None
    if locale == project.source_locale:
        return _Version(text.decode("utf-8"), {})
    pot_path, po_path = project.template_path(guide), project.po_path(locale, guide)
    if commit is None:
        pot = pot_path.read_bytes() if pot_path.is_file() else None
        po = po_path.read_bytes() if po_path.is_file() else None
    else:
        pot, po = _show(project, commit, pot_path), _show(project, commit, po_path)
    try:
        return _Version(text.decode("utf-8"), review.catalog_state(pot, po)[0])
    except ProblemsFound:  # a broken catalogue in some old commit cannot be what was signed
        return None


def _digest(version: _Version, display: str, locale: str, source_locale: str) -> str | None:
    try:
        doc = frontmatter.split(version.source_text.replace("\r\n", "\n"), display)
    except ProblemsFound:
        return None
    source = review.source_digest(doc)
    return source if locale == source_locale else review.translation_digest(source, version.pairs)


def diff(project: Project, guide: str, locale: str | None = None) -> tuple[str, list[Problem]]:
    """A unified diff from the signed version to now, or a plain problem saying why not."""
    lid = project.locale(locale).id if locale else project.source_locale
    doc = review.read_guide(project, guide)
    record = next((r for r in review.records(doc)[0] if r.locale == lid), None)
    if record is None:
        return "", [Problem(doc.path, 1, "review-unsigned", f"no {lid} sign-off to compare with",
                            "there is nothing signed yet: review the whole guide")]
    if record.digest == review.digest(project, guide, lid, doc):
        return f"no change since the {lid} sign-off of {record.date} by {record.reviewer}\n", []
    paths = [review.guide_path(project, guide)]
    if lid != project.source_locale:
        paths += [project.template_path(guide), project.po_path(lid, guide)]
    log = _git(project, "log", "--all", "--format=%H", "--", *(project.rel(p) for p in paths))
    now = _version(project, guide, lid, None)
    for commit in log.decode().split():
        then = _version(project, guide, lid, commit)
        if then is None or _digest(then, doc.path, lid, project.source_locale) != record.digest:
            continue
        head = f"{doc.path} as signed ({lid}, {record.date}, {record.reviewer}, commit {commit[:12]})"
        out = []
        if lid != project.source_locale:
            po = project.rel(project.po_path(lid, guide))
            out += difflib.unified_diff(_pairs_text(then.pairs), _pairs_text(now.pairs),
                                        f"{po} as signed ({lid}, {record.date}, commit "
                                        f"{commit[:12]})", f"{po} now")
        then_doc = frontmatter.split(then.source_text.replace("\r\n", "\n"), doc.path)
        old = review.without_review(then_doc)
        out += difflib.unified_diff(old.splitlines(keepends=True),
                                    review.without_review(doc).splitlines(keepends=True),
                                    head, f"{doc.path} now")
        return "".join(out), []
    return "", [Problem(doc.path, record.line, "review-version-missing",
                        f"the signed version ({record.digest}) is not in this repository's "
                        "history", "review the whole guide as it is now")]


# ---------------------------------------------------------------- pull-request report

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


def touched(project: Project, base: str) -> dict[str, set[str]]:
    """guide -> languages whose words this change may have changed (git diff BASE...HEAD)."""
    names = _git(project, "diff", "--name-only", "--relative", f"{base}...HEAD", "--",
                 project.rel(project.docs_dir), project.rel(project.locales_dir))
    docs = project.rel(project.docs_dir) + "/"
    locs = project.rel(project.locales_dir) + "/"
    every = [loc.id for loc in project.locales]
    guides = set(project.guides())
    out: dict[str, set[str]] = {}
    for name in names.decode("utf-8").splitlines():
        if name.startswith(docs) and name.endswith(".md"):
            guide, langs = name[len(docs):], every  # the source feeds every translation
        elif name.startswith(locs + "templates/") and name.endswith(".pot"):
            guide, langs = name[len(locs) + 10:-4] + ".md", every[1:]
        elif name.startswith(locs) and "/LC_MESSAGES/" in name and name.endswith(".po"):
            lang, _, rest = name[len(locs):].partition("/LC_MESSAGES/")
            guide, langs = rest[:-3] + ".md", [lang]
        else:
            continue
        if guide in guides:
            out.setdefault(guide, set()).update(langs)
    return out


def _who(reviewer: reviewers.Reviewer) -> str:
    return f"{reviewer.name}, {reviewer.role}"


def report(project: Project, base: str, today: dt.date | None = None) -> str:
    """Markdown for a pull-request comment."""
    changes = touched(project, base)
    registry = reviewers.load(project)
    order = {loc.id: i for i, loc in enumerate(project.locales)}
    out = ["## Clinical review", ""]
    if not changes:
        return "\n".join(out + ["This change touches no guide and no translation.", ""])
    rows = [st for st in review.status(project, today, sorted(changes))
            if st.locale in changes[st.guide]]
    langs = sorted({lid for v in changes.values() for lid in v}, key=order.get)
    out += [f"This change touches {len(changes)} guide(s) in {len(langs)} language(s): "
            + ", ".join(langs) + ".", "",
            "| Guide | Language | Sign-off | Reviewer | Signed | Next review due |",
            "|---|---|---|---|---|---|"]
    for st in rows:
        who = registry.get(st.reviewer) if st.reviewer else None
        out.append(f"| `{project.rel(review.guide_path(project, st.guide))}` | {st.locale} | "
                   f"{st.state} | {who.name if who else (st.reviewer or '–')} | "
                   f"{st.date or '–'} | {st.next_due or '–'} |")
    stale = [st for st in rows if st.state == "changed"]
    out += ["", "### Sign-offs this change made stale", ""]
    out += [f"- `{project.rel(review.guide_path(project, st.guide))}` ({st.locale}): signed by "
            f"{st.reviewer} on {st.date}; the words have changed since. Diff for the reviewer: "
            f"`guidekit review diff {st.guide} --locale {st.locale}`" for st in stale] or ["None."]
    needed = sorted({st.locale for st in rows if st.state != "current"}, key=order.get)
    out += ["", "### Who may sign", ""]
    for lid in needed:
        people = registry.for_locale(lid)
        names = "; ".join(_who(r) for r in people) if people else \
            f"no reviewer registered for {lid} yet"
        out.append(f"- **{lid}**: {names}")
    if not needed:
        out.append("Every touched guide is signed off in every touched language.")
    found = suppressions(project, sorted(changes))
    out += ["", "### Safe-messaging suppressions in the touched guides", ""]
    out += [f"- `{s.path}:{s.line}` allows `{s.code}`: " + (f'"{s.reason}"' if s.reason else
                                                            "**no reason given**")
            for s in found] or ["None."]
    problems = [p for st in rows for p in st.problems]
    if problems:
        out += ["", "### Invalid sign-off records", ""]
        out += [f"- `{p.format()}`" for p in sorted(set(problems))]
    return "\n".join(out) + "\n"
