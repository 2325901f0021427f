"""Clinical sign-off: bound to the exact words a reader of one language sees, and expiring.

A sign-off record lives in the guide's front matter (`review:`, one per locale). Its digest
covers, for the source, the body and every front matter key but `review`; for a translation,
the source digest and every msgid/msgstr pair used for the page. Any change to the words makes
the sign-off `changed`; time makes it `expired`; a record the registry or the signature does
not back is `invalid`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog

from guidekit import frontmatter
from guidekit.config import Project
from guidekit.i18n import catalogs, pofile
from guidekit.problems import Problem, ProblemsFound
from guidekit.review import registry as reviewers
from guidekit.review import sshsig as signing

DEFAULT_INTERVAL = 12
MAX_INTERVAL = frontmatter.MAX_REVIEW_INTERVAL
STATES = ("current", "changed", "expired", "unsigned", "invalid")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class SignOff:
    locale: str
    reviewer: str
    date: dt.date
    digest: str
    signature: str | None = None
    line: int = 1


@dataclass(frozen=True)
class Status:
    guide: str                 # relative to docs_dir, e.g. "warning-signs.md"
    locale: str
    state: str                 # one of STATES
    reviewer: str | None = None
    date: dt.date | None = None
    next_due: dt.date | None = None
    line: int = 1              # line of the sign-off record (1 when unsigned)
    problems: tuple[Problem, ...] = ()
    digest: str = ""           # the digest of the content as it is now

    def as_json(self) -> dict[str, Any]:
        return {"guide": self.guide, "locale": self.locale, "state": self.state,
                "reviewer": self.reviewer,
                "date": self.date.isoformat() if self.date else None,
                "next_due": self.next_due.isoformat() if self.next_due else None}


# ---------------------------------------------------------------- digests

def source_digest(doc: frontmatter.Document) -> str:
    return _source_digest(doc.text, doc.path)


@lru_cache(maxsize=4096)  # status pages ask for every guide in every language, on every build
def _source_digest(text: str, path: str) -> str:
    doc = frontmatter.split(text, path)
    meta = {k: v for k, v in doc.meta.items() if k != "review"}
    canonical = yaml.safe_dump(meta, sort_keys=True, allow_unicode=True) + "\0" + doc.body
    return "sha256:" + hashlib.sha256(canonical.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def translation_digest(source: str, pairs: dict[str, str]) -> str:
    canonical = json.dumps([source, sorted(pairs.items())], ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _po(data: bytes, display: str, abort_invalid: bool) -> Catalog:
    """A catalogue from bytes (a file at a signed commit) through the one strict reader; a
    template is read leniently (its problems are `check`'s business, not the sign-off's)."""
    po = pofile.parse(data, display)
    if po.problems and abort_invalid:
        raise ProblemsFound(sorted(po.problems))
    return pofile.to_catalog(po)


def catalog_state(pot: bytes | None, po: bytes | None,
                  display: str = "<po>") -> tuple[dict[str, str], list[str]]:
    """(msgid -> msgstr used for the page, msgids not usable: untranslated or fuzzy).

    Keys are msgids, or "context\x04msgid" (gettext's own convention) for messages with a
    context; obsolete (#~) entries and messages missing from the template never count."""
    template = [m for m in _po(pot, display, False) if m.id and isinstance(m.id, str)] \
        if pot is not None else []
    catalog = _po(po, display, True) if po is not None else None
    used: dict[str, str] = {}
    missing: list[str] = []
    for entry in template:
        key = f"{entry.context}\x04{entry.id}" if entry.context else str(entry.id)
        message = catalog.get(entry.id, entry.context) if catalog is not None else None
        if message is not None and isinstance(message.string, str) and message.string \
                and not message.fuzzy:
            used[key] = message.string
        else:
            missing.append(key)
    return used, missing


def _read_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _used_translations(project: Project, locale: str, guide: str) -> dict[str, str]:
    """Non-fuzzy msgid -> msgstr used for the page: what the build reads (and caches)."""
    return dict(catalogs.translations(project, locale, guide).strings)


def missing_translations(project: Project, locale: str, guide: str) -> list[str] | None:
    """Msgids without a usable translation; None when the guide has no template at all."""
    if not project.template_path(guide).is_file():
        return None
    found = catalogs.translations(project, locale, guide)
    return [*found.untranslated_ids, *found.fuzzy_ids]


def digest(project: Project, guide: str, locale: str,
           doc: frontmatter.Document | None = None) -> str:
    doc = doc or read_guide(project, guide)
    source = source_digest(doc)
    if locale == project.source_locale:
        return source
    return translation_digest(source, _used_translations(project, locale, guide))


# ---------------------------------------------------------------- records

def guide_path(project: Project, guide: str) -> Path:
    return project.docs_dir / guide


def read_guide(project: Project, guide: str) -> frontmatter.Document:
    path = guide_path(project, guide)
    return frontmatter.read(path, project.rel(path))


def resolve_guide(project: Project, arg: str) -> str:
    """'warning-signs.md', 'guides/warning-signs.md' or a path -> 'warning-signs.md'."""
    candidates = [project.docs_dir / arg, Path(arg), project.root / arg]
    for path in candidates:
        if path.is_file():
            try:
                return path.resolve().relative_to(project.docs_dir.resolve()).as_posix()
            except ValueError:
                continue
    raise ProblemsFound([Problem(arg, 1, "guide-unknown", f"no guide {arg!r} in "
                                 f"{project.rel(project.docs_dir)}/",
                                 "give the path of a guide, e.g. warning-signs.md")])


def front_lines(doc: frontmatter.Document) -> list[str]:
    if doc.body_line == 1:
        return []
    return doc.text.splitlines(keepends=True)[1:doc.body_line - 2]


def review_span(doc: frontmatter.Document) -> tuple[int, int] | None:
    """(first, last) index in front_lines(doc) of the `review:` block, None without one."""
    front = front_lines(doc)
    start = next((i for i, line in enumerate(front) if re.match(r"review\s*:", line)), None)
    if start is None:
        return None
    last = start
    for i in range(start + 1, len(front)):
        line = front[i]
        if line[:1] in (" ", "\t", "-") and line.strip():
            last = i
        elif line.strip() and not line.startswith("#"):
            break
    return start, last


def without_review(doc: frontmatter.Document) -> str:
    """The file text minus the `review:` block: what a reviewer compares between versions."""
    span = review_span(doc)
    if span is None:
        return doc.text
    lines = doc.text.splitlines(keepends=True)
    return "".join(lines[:1 + span[0]] + lines[2 + span[1]:])


def record_lines(doc: frontmatter.Document) -> list[int]:
    raw = doc.meta.get("review")
    return [doc.line_of("review", index) for index in range(len(raw))] if isinstance(raw, list) else []


def records(doc: frontmatter.Document) -> tuple[list[SignOff], list[Problem]]:
    raw = doc.meta.get("review")
    base = doc.meta_lines.get("review", 1)
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [Problem(doc.path, base, "review-record", "'review' must be a list of "
                            "sign-off records", "let 'guidekit review sign' write it")]
    lines = record_lines(doc) or [base] * len(raw)
    found: list[SignOff] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for item, line in zip(raw, lines):
        try:
            if not isinstance(item, dict):
                raise ValueError("a record must be a mapping")  # noqa: TRY004
            missing = [k for k in ("locale", "reviewer", "date", "digest") if not item.get(k)]
            if missing:
                raise ValueError("missing " + ", ".join(missing))
            date = item["date"]
            date = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
            if not _DIGEST.match(str(item["digest"])):
                raise ValueError(f"digest {item['digest']!r} is not sha256:<64 hex digits>")
        except ValueError as exc:
            problems.append(Problem(doc.path, line, "review-record", f"bad sign-off record: {exc}",
                                    "let 'guidekit review sign' write the record"))
            continue
        locale = str(item["locale"])
        if locale in seen:
            problems.append(Problem(doc.path, line, "review-duplicate", f"second sign-off record "
                                    f"for {locale}", "keep one record per language"))
            continue
        seen.add(locale)
        sig = item.get("signature")
        found.append(SignOff(locale, str(item["reviewer"]), date, str(item["digest"]),
                             str(sig) if sig else None, line))
    return found, problems


def interval(doc: frontmatter.Document) -> tuple[int, list[Problem]]:
    value = doc.meta.get("review_interval_months", DEFAULT_INTERVAL)
    line = doc.meta_lines.get("review_interval_months", 1)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INTERVAL:
        return min(DEFAULT_INTERVAL, MAX_INTERVAL), [Problem(
            doc.path, line, "review-interval",
            f"review_interval_months is {value!r}; it must be a whole number from 1 to "
            f"{MAX_INTERVAL}", f"clinical content is reviewed at least every {MAX_INTERVAL} months")]
    return value, []


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------- status

@dataclass
class _Context:
    """What every status computation of one run shares: the registry and one verifier."""
    project: Project
    today: dt.date
    registry: reviewers.Registry
    _verifier: signing.Verifier | None = field(default=None, repr=False)

    def verify(self, *args: Any) -> str:
        if self._verifier is None:
            self._verifier = signing.Verifier(self.registry)
        return self._verifier.verify(*args)

    def close(self) -> None:
        if self._verifier is not None:
            self._verifier.close()


def record_problems(ctx: _Context, doc: frontmatter.Document, guide: str,
                    record: SignOff) -> list[Problem]:
    """Why a record cannot stand, whatever the content: registry, date, signature."""
    out: list[Problem] = []
    where = (doc.path, record.line)
    sign_hint = f"ask a reviewer for {record.locale} to run 'guidekit review sign {guide} " \
                f"--locale {record.locale} --reviewer ID'"
    who = ctx.registry.get(record.reviewer)
    if who is None:
        out.append(Problem(*where, "reviewer-unknown", f"{record.locale} sign-off names "
                           f"{record.reviewer!r}, who is not in {ctx.registry.path}", sign_hint))
    elif not who.may_sign(record.locale):
        out.append(Problem(*where, "reviewer-locale", f"{who.name} ({who.id}) may not sign "
                           f"{record.locale}; {ctx.registry.path} allows "
                           f"{', '.join(who.locales)}", sign_hint))
    if record.date > ctx.today:
        out.append(Problem(*where, "review-date-future", f"{record.locale} sign-off is dated "
                           f"{record.date}, after today ({ctx.today})",
                           "a sign-off date is the day it was given, never a later one"))
    if record.locale not in {loc.id for loc in ctx.project.locales}:
        out.append(Problem(*where, "review-locale", f"no locale {record.locale!r} in the "
                           "guidekit locale table", "use a Babel id such as en, ms, zh_Hans, ta"))
    if record.signature and who is not None:
        data = signing.message(guide, record.locale, record.digest, record.date, record.reviewer)
        reason = ctx.verify(record.reviewer, data, record.signature, record.date)
        if reason:
            out.append(Problem(*where, "signature-invalid", f"{record.locale} signature of "
                               f"{record.reviewer} does not verify: {reason}",
                               "a signature binds guide, language, digest, date and reviewer and "
                               "a registered key valid on that date; " + sign_hint + " --key"))
    return out


def guide_status(ctx: _Context, guide: str,
                 locales: Iterable[str] | None = None) -> list[Status]:
    project = ctx.project
    ids = list(locales) if locales is not None else [loc.id for loc in project.locales]
    try:
        doc = read_guide(project, guide)
    except ProblemsFound as exc:
        return [Status(guide, lid, "invalid", problems=tuple(exc.problems)) for lid in ids]
    found, problems = records(doc)
    months, interval_problems = interval(doc)
    problems += interval_problems
    by_locale = {r.locale: r for r in found}
    for record in found:  # records for languages not in the table still deserve a message
        if record.locale not in {loc.id for loc in project.locales}:
            problems += record_problems(ctx, doc, guide, record)
    out = []
    for lid in ids:
        try:
            now = digest(project, guide, lid, doc)
        except ProblemsFound as exc:
            out.append(Status(guide, lid, "invalid", problems=tuple(problems + exc.problems)))
            continue
        record = by_locale.get(lid)
        if record is None:
            state = "invalid" if problems else "unsigned"
            out.append(Status(guide, lid, state, problems=tuple(problems), digest=now))
            continue
        mine = problems + record_problems(ctx, doc, guide, record)
        due = add_months(record.date, months)
        if mine:
            state = "invalid"
        elif record.digest != now:
            state = "changed"
        elif ctx.today > due:
            state = "expired"
        else:
            state = "current"
        out.append(Status(guide, lid, state, record.reviewer, record.date, due, record.line,
                          tuple(mine), now))
    return out


def status(project: Project, today: dt.date | None = None,
           guides: Iterable[str] | None = None) -> list[Status]:
    """Every guide x language, sorted by guide then the locale table's order."""
    ctx = _Context(project, today or dt.date.today(), reviewers.load(project))
    try:
        return [s for g in (project.guides() if guides is None else guides) for s in guide_status(ctx, g)]
    finally:
        ctx.close()


def verify(project: Project, registry: reviewers.Registry, today: dt.date | None = None,
           require: bool = False) -> tuple[int, list[Problem]]:
    """Check every sign-off record against `registry` (in CI: the base branch's); return
    (signatures verified, problems). With `require`, an unsigned record is a problem too."""
    ctx = _Context(project, today or dt.date.today(), registry)
    problems: list[Problem] = list(registry.problems)
    count = 0
    try:
        for guide in project.guides():
            try:
                doc = read_guide(project, guide)
            except ProblemsFound as exc:
                problems += exc.problems
                continue
            found, bad = records(doc)
            problems += bad
            for record in found:
                problems += record_problems(ctx, doc, guide, record)
                count += bool(record.signature)
                if require and not record.signature:
                    problems.append(Problem(doc.path, record.line, "signature-missing",
                                            f"the {record.locale} sign-off is not signed",
                                            "sign with 'guidekit review sign ... --key'"))
    finally:
        ctx.close()
    return count, sorted(set(problems))


# ---------------------------------------------------------------- policy for check and build

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
    ctx = _Context(project, today or dt.date.today(), registry)
    try:
        (st,) = guide_status(ctx, guide, [locale_id])
    finally:
        ctx.close()
    who = registry.get(st.reviewer) if st.reviewer else None
    return PageReview(st.state, st.reviewer, who.name if who else None,
                      who.role if who else None, st.date, st.next_due)


def not_current_problem(project: Project, st: Status) -> Problem:
    path = project.rel(guide_path(project, st.guide))
    ask = (f"ask a reviewer for {st.locale} to run 'guidekit review sign {st.guide} "
           f"--locale {st.locale} --reviewer ID'")
    why = {
        "unsigned": f"no clinical sign-off for {st.locale}",
        "changed": f"content changed since the {st.locale} sign-off of {st.date}",
        "expired": f"the {st.locale} sign-off of {st.date} expired on {st.next_due}",
        "invalid": f"the {st.locale} sign-off is invalid",
    }[st.state]
    return Problem(path, st.line, "review-not-current", why, ask)


def publish_problems(project: Project, locales: Iterable[str],
                     today: dt.date | None = None) -> list[Problem]:
    """Every guide x published language whose sign-off is not current, plus why records fail."""
    wanted = [project.locale(x).id for x in locales]
    ctx = _Context(project, today or dt.date.today(), reviewers.load(project))
    out: list[Problem] = list(ctx.registry.problems)
    try:
        for guide in project.guides():
            for st in guide_status(ctx, guide, wanted):
                out += st.problems
                if st.state != "current":
                    out.append(not_current_problem(project, st))
    finally:
        ctx.close()
    return sorted(set(out))


def check_review(project: Project, publish: bool = False,
                 today: dt.date | None = None) -> list[Problem]:
    """For `guidekit check`: invalid records always fail; under --publish anything not current."""
    if publish:
        return publish_problems(project, [loc.id for loc in project.locales], today)
    out: list[Problem] = list(reviewers.load(project).problems)
    for st in status(project, today):
        out += st.problems
    return sorted(set(out))


def format_review_line(review: PageReview, locale_id: str,
                       strings: Callable[..., str] | None = None) -> tuple[str | None, str | None]:
    """("Reviewed by <name>, <role>, on <date>", "Next review due <date>") in the reader's
    language; (None, None) when the page is not current (the draft banner shows instead)."""
    from babel.dates import format_date

    if review.state != "current" or review.date is None or review.next_due is None:
        return None, None

    def text(msgid: str, **values: str) -> str:
        return strings(msgid, **values) if strings else msgid.format(**values)

    def day(d: dt.date) -> str:
        return format_date(d, format="long", locale=locale_id)

    reviewed = text("Reviewed by {name}, {role}, on {date}", name=review.reviewer_name or "",
                    role=review.reviewer_role or "", date=day(review.date))
    return reviewed, text("Next review due {date}", date=day(review.next_due))
