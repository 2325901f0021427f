"""The state of each guide x language sign-off, and what readers may see because of it.

A sign-off counts only when it is signed: the record's signature must verify against a key
that reviewers.yml lists for that reviewer, valid when the signed words were committed (git's
commit time, or the sign-off date if later), and the reviewer must be registered for the
language. States:

- `current`: signed, verified, the words are unchanged and the next review is not yet due;
- `changed`: signed and verified, but the words differ from what was signed;
- `expired`: signed and verified, but more than `review_interval_months` ago;
- `unsigned`: no record, or a record without a signature that verifies (never current);
- `invalid`: a record that cannot stand at all (malformed, misplaced, unknown reviewer, a
  language the reviewer may not sign, a future date).

Every record that is not plainly absent and is not fine comes with a `path:line` Problem.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from guidekit import frontmatter
from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound
from guidekit.review import digest as digests
from guidekit.review import gitrepo, records
from guidekit.review import registry as reviewers
from guidekit.review import sshsig as signing

DEFAULT_INTERVAL = 12
MAX_INTERVAL = frontmatter.MAX_REVIEW_INTERVAL
STATES = ("current", "changed", "expired", "unsigned", "invalid")


@dataclass(frozen=True)
class Status:
    guide: str                 # relative to docs_dir, e.g. "warning-signs.md"
    locale: str
    state: str                 # one of STATES
    reviewer: str | None = None
    date: dt.date | None = None
    next_due: dt.date | None = None
    path: str = ""             # where messages point: the record, or the guide when unsigned
    line: int = 1
    problems: tuple[Problem, ...] = ()
    digest: str = ""           # the digest of the content as it is now
    signed_digest: str = ""    # the digest the record signed
    commit: str = ""           # the commit that brought the signed words (verified records)

    def as_json(self) -> dict[str, Any]:
        return {"guide": self.guide, "locale": self.locale, "state": self.state,
                "reviewer": self.reviewer,
                "date": self.date.isoformat() if self.date else None,
                "next_due": self.next_due.isoformat() if self.next_due else None}


# ---------------------------------------------------------------- guide-level rules

def guide_path(project: Project, guide: str) -> Path:
    return project.docs_dir / guide


def read_guide(project: Project, guide: str) -> frontmatter.Document:
    path = guide_path(project, guide)
    return frontmatter.read(path, project.rel(path))


def resolve_guide(project: Project, arg: str) -> str:
    """'warning-signs.md', 'guides/warning-signs.md' or a path -> 'warning-signs.md'."""
    for path in (project.docs_dir / arg, Path(arg), project.root / arg):
        if path.is_file():
            try:
                return path.resolve().relative_to(project.docs_dir.resolve()).as_posix()
            except ValueError:
                continue
    raise ProblemsFound([Problem(arg, 1, "guide-unknown", f"no guide {arg!r} in "
                                 f"{project.rel(project.docs_dir)}/",
                                 "give the path of a guide, e.g. warning-signs.md")])


def interval(doc: frontmatter.Document) -> tuple[int, list[Problem]]:
    value = doc.meta.get("review_interval_months", DEFAULT_INTERVAL)
    line = doc.meta_lines.get("review_interval_months", 1)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INTERVAL:
        return DEFAULT_INTERVAL, [Problem(
            doc.path, line, "review-interval",
            f"review_interval_months is {value!r}; it must be a whole number from 1 to "
            f"{MAX_INTERVAL}",
            f"clinical content is reviewed at least every {MAX_INTERVAL} months")]
    return value, []


def guide_problems(project: Project, doc: frontmatter.Document, guide: str) -> list[Problem]:
    """Problems of the guide itself that make every sign-off of it invalid."""
    out = interval(doc)[1]
    if "review" in doc.meta:
        out.append(Problem(doc.path, doc.meta_lines.get("review", 1), "review-in-front-matter",
                           "sign-off records no longer live in the guide's front matter",
                           f"delete the 'review:' block; sign-offs are files under "
                           f"{records.REVIEWS_DIR}/<language>/{guide[:-3]}.yml, written by "
                           "'guidekit review sign'"))
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def sign_hint(guide: str, locale: str) -> str:
    return (f"ask a reviewer for {locale} to run 'guidekit review sign {guide} --locale {locale} "
            "--reviewer ID --key KEY'")


# ---------------------------------------------------------------- one record

@dataclass
class Context:
    """What every status computation of one run shares: the registry and one verifier."""
    project: Project
    today: dt.date
    registry: reviewers.Registry
    _verifier: signing.Verifier | None = field(default=None, repr=False)
    _git: bool | None = field(default=None, repr=False)
    _head: str | None = field(default=None, repr=False)

    def verify(self, reviewer: str, data: bytes, signature: str, when: dt.datetime) -> str:
        if self._verifier is None:
            self._verifier = signing.Verifier(self.registry)
        return self._verifier.verify(reviewer, data, signature, when)

    def in_git(self) -> bool:
        if self._git is None:
            self._head = gitrepo.head(self.project)
            self._git = self._head is not None or gitrepo.is_repo(self.project)
        return self._git

    def head(self) -> str | None:
        return self._head if self.in_git() else None

    def prepare(self) -> None:
        """Settle what is shared before threads use it."""
        self.in_git()
        if self._verifier is None:
            self._verifier = signing.Verifier(self.registry)

    def close(self) -> None:
        if self._verifier is not None:
            self._verifier.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def context(project: Project, today: dt.date | None = None,
            registry: reviewers.Registry | None = None) -> Context:
    return Context(project, today or dt.date.today(),
                   registry if registry is not None else reviewers.load(project))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def judge(ctx: Context, record: records.SignOff) -> tuple[str, list[Problem], str]:
    """(state the record allows at best, problems, commit of the signed words).

    'invalid' or 'unsigned' with the problems saying why, or 'current' when the record stands
    (the caller then compares digests and dates)."""
    project, guide, locale = ctx.project, record.guide, record.locale
    at = (record.path, record.line)
    hint = sign_hint(guide, locale)
    out: list[Problem] = []
    who = ctx.registry.get(record.reviewer)
    if locale not in {loc.id for loc in project.locales}:
        out.append(Problem(*at, "review-locale", f"no locale {locale!r} in the guidekit locale "
                           "table", "use a Babel id such as en, ms, zh_Hans, ta"))
    if who is None:
        out.append(Problem(record.path, record.line_of("reviewer"), "reviewer-unknown",
                           f"{locale} sign-off names {record.reviewer!r}, who is not in "
                           f"{ctx.registry.path}", hint))
    elif not who.may_sign(locale):
        out.append(Problem(record.path, record.line_of("reviewer"), "reviewer-locale",
                           f"{who.name} ({who.id}) may not sign {locale}; {ctx.registry.path} "
                           f"allows {', '.join(who.locales)}", hint))
    if record.date > ctx.today:
        out.append(Problem(record.path, record.line_of("date"), "review-date-future",
                           f"{locale} sign-off is dated {record.date}, after today ({ctx.today})",
                           "a sign-off date is the day it was given, never a later one"))
    if out:
        return "invalid", out, ""
    if not record.signature:
        return "unsigned", [Problem(*at, "signature-missing", f"the {locale} sign-off by "
                                    f"{record.reviewer} is not signed, so it does not count",
                                    hint)], ""
    if not ctx.in_git():
        return "unsigned", [Problem(*at, "review-unverifiable", f"the {locale} sign-off cannot "
                                    "be checked outside a git clone (the key's validity is "
                                    "checked when the signed words were committed)",
                                    "run in a git clone with its history (fetch-depth: 0)")], ""
    found = digests.introduced(project, guide, locale, record.digest, ctx.head())
    if found is None:
        return "unsigned", [Problem(*at, "review-unverifiable", f"the words the {locale} "
                                    f"sign-off names ({record.digest[:19]}…) are in no commit of "
                                    "this repository's history", "a sign-off is only made of "
                                    "committed words; " + hint)], ""
    # The key must be valid when the signed words were committed (or on the sign-off date if
    # that is later): a date typed earlier than the commit never moves the check back. After a
    # squash or rebase merge the words' commit is the merge, so the date may precede it.
    when = max(found.time, _midnight(record.date))
    data = signing.message(guide, locale, record.digest, record.date, record.reviewer)
    reason = ctx.verify(record.reviewer, data, record.signature, when)
    if reason:
        return "unsigned", [Problem(record.path, record.line_of("signature"), "signature-invalid",
                                    f"{locale} signature of {record.reviewer} does not verify "
                                    f"for words committed {when:%Y-%m-%d %H:%M} UTC: {reason}",
                                    "a signature binds guide, language, digest, date and "
                                    "reviewer, with a key reviewers.yml lists for the reviewer "
                                    "and valid when the words were committed; " + hint)], \
            found.commit
    return "current", [], found.commit


def evaluate(ctx: Context, guide: str, locale: str,
             doc: frontmatter.Document | None = None) -> Status:
    project = ctx.project
    display = project.rel(guide_path(project, guide))
    try:
        doc = doc or read_guide(project, guide)
        now = digests.now(project, guide, locale)
    except ProblemsFound as exc:
        return Status(guide, locale, "invalid", path=display, problems=tuple(exc.problems))
    months, _ = interval(doc)
    shared = guide_problems(project, doc, guide)
    record, bad = records.read(project, guide, locale)
    if record is None:
        state = "invalid" if bad or shared else "unsigned"
        line = bad[0].line if bad else 1
        path = bad[0].path if bad else display
        return Status(guide, locale, state, path=path, line=line,
                      problems=tuple(shared + bad), digest=now)
    best, why, commit = judge(ctx, record)
    due = add_months(record.date, months)
    if shared:
        best = "invalid"
    if best != "current":
        state = best
    elif record.digest != now:
        state = "changed"
    elif ctx.today > due:
        state = "expired"
    else:
        state = "current"
    return Status(guide, locale, state, record.reviewer, record.date, due, record.path,
                  record.line, tuple(shared + why), now, record.digest, commit)


def orphans(project: Project) -> list[Problem]:
    """Record files that stand for no guide x language of this project."""
    guides = set(project.guides())
    ids = {loc.id for loc in project.locales}
    out = []
    for path in records.all_record_files(project):
        place = records.where(path, project)
        if place is None or place[0] not in guides or place[1] not in ids:
            out.append(Problem(project.rel(path), 1, "review-orphan", "this sign-off record "
                               "names no guide and language of the project",
                               f"records live at {records.REVIEWS_DIR}/<language>/<guide>.yml; "
                               "delete a record whose guide was removed"))
    return out


# ---------------------------------------------------------------- the whole project

def status(project: Project, today: dt.date | None = None,
           guides: Iterable[str] | None = None, locales: Iterable[str] | None = None,
           registry: reviewers.Registry | None = None) -> list[Status]:
    """Every guide x language, sorted by guide then the locale table's order."""
    ids = list(locales) if locales is not None else [loc.id for loc in project.locales]
    with context(project, today, registry) as ctx:
        jobs: list[Status | tuple[str, str, frontmatter.Document]] = []
        for guide in (project.guides() if guides is None else guides):
            try:
                doc = read_guide(project, guide)
            except ProblemsFound as exc:
                jobs += [Status(guide, lid, "invalid", path=exc.problems[0].path,
                                problems=tuple(exc.problems)) for lid in ids]
                continue
            jobs += [(guide, lid, doc) for lid in ids]

        def run(job: Status | tuple[str, str, frontmatter.Document]) -> Status:
            return job if isinstance(job, Status) else evaluate(ctx, *job)

        if len(jobs) < 4:
            return [run(job) for job in jobs]
        ctx.prepare()
        # Judging a record waits on git and ssh-keygen: a few at a time.
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(run, jobs))


def record_problems(project: Project, rows: Iterable[Status],
                    registry: reviewers.Registry | None = None) -> list[Problem]:
    """Everything wrong with the records (and the registry they are judged by)."""
    registry = registry if registry is not None else reviewers.load(project)
    return sorted(set(list(registry.problems) + [p for st in rows for p in st.problems]
                      + orphans(project)))


def verify(project: Project, registry: reviewers.Registry,
           today: dt.date | None = None) -> tuple[int, list[Problem]]:
    """Judge every record against `registry` (in CI: the base branch's); return (records
    that verified, problems). A record without a valid signature is always a problem."""
    rows = status(project, today, registry=registry)
    verified = sum(1 for st in rows if st.commit and not st.problems)
    return verified, record_problems(project, rows, registry)


# ---------------------------------------------------------------- what readers see

@dataclass(frozen=True)
class PageReview:
    state: str
    reviewer: str | None = None        # id
    reviewer_name: str | None = None
    reviewer_role: str | None = None
    date: dt.date | None = None
    next_due: dt.date | None = None


def page_review(project: Project, guide: str, locale_id: str,
                today: dt.date | None = None) -> PageReview:
    """What the page footer of one guide in one language shows."""
    registry = reviewers.load(project)
    (st,) = status(project, today, [guide], [locale_id], registry)
    who = registry.get(st.reviewer) if st.reviewer else None
    return PageReview(st.state, st.reviewer, who.name if who else None,
                      who.role if who else None, st.date, st.next_due)


def not_current_problem(project: Project, st: Status, severity: str = "error") -> Problem:
    why = {
        "unsigned": f"no clinical sign-off for {st.locale}",
        "changed": f"content changed since the {st.locale} sign-off of {st.date}",
        "expired": f"the {st.locale} sign-off of {st.date} expired on {st.next_due}",
        "invalid": f"the {st.locale} sign-off is invalid",
    }[st.state]
    return Problem(st.path or project.rel(guide_path(project, st.guide)), st.line,
                   "review-not-current", why, sign_hint(st.guide, st.locale), severity)


def check_review(project: Project, publish: bool = False,
                 today: dt.date | None = None) -> list[Problem]:
    """For `guidekit check`: bad records always fail; with --publish, what a publishing build
    would withhold is reported too (see review/publish.py)."""
    if publish:
        from guidekit.review import publish as publishing

        return publishing.plan(project, [loc.id for loc in project.locales], today).problems()
    return record_problems(project, status(project, today))


def format_review_line(review: PageReview, locale_id: str,
                       strings: Callable[..., str] | None = None) -> tuple[str | None, str | None]:
    """("Reviewed by <name>, <role>, on <date>", "Next review due <date>") in the reader's
    language; (None, None) when the page is not current (the draft banner shows instead)."""
    from guidekit.i18n.dates import format_day

    if review.state != "current" or review.date is None or review.next_due is None:
        return None, None

    def text(msgid: str, **values: str) -> str:
        return strings(msgid, **values) if strings else msgid.format(**values)

    def day(d: dt.date) -> str:
        return format_day(d, locale_id)

    reviewed = text("Reviewed by {name}, {role}, on {date}", name=review.reviewer_name or "",
                    role=review.reviewer_role or "", date=day(review.date))
    return reviewed, text("Next review due {date}", date=day(review.next_due))
