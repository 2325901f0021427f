"""`guidekit review sign`: sign off committed words, several guides and languages at once,
all or nothing.

Refuses, writing nothing, when anything would make a record that does not count: an unknown
reviewer or one not registered for the language, no key or a key reviewers.yml does not list
(or not valid when the words were committed), a future date or one before the words existed,
an incomplete or fuzzy translation, and uncommitted changes to anything the sign-off covers
(the guide, the language's catalogue) or to reviewers.yml. The words signed are exactly the
committed ones, which is what `review diff` later compares against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound
from guidekit.review import digest as digests
from guidekit.review import gitrepo, records
from guidekit.review import registry as reviewers
from guidekit.review import sshsig as signing
from guidekit.review import status as review


def sign(project: Project, targets: Iterable[tuple[str, str]], reviewer_id: str, key: Path,
         date: dt.date | None = None, today: dt.date | None = None,
         ) -> tuple[list[tuple[records.SignOff, str]], list[Problem]]:
    """Sign every (guide, locale) in `targets`; return ([(record, commit)], problems).
    On any problem nothing is written and the list of records is empty."""
    targets = list(dict.fromkeys(targets))
    today = today or dt.date.today()
    date = date or today
    registry = reviewers.load(project)
    problems = [p for p in registry.problems if p.is_error]
    who = registry.get(reviewer_id)
    if who is None:
        problems.append(Problem(registry.path, 1, "reviewer-unknown", f"no reviewer "
                                f"{reviewer_id!r} in {registry.path}", "only a registered "
                                "reviewer can sign; see CONTRIBUTING.md (Becoming a reviewer)"))
    elif not who.keys:
        problems.append(Problem(registry.path, who.line, "reviewer-no-key", f"{registry.path} "
                                f"lists no signing key for {who.id}", "add your SSH public key "
                                "under keys in a pull request of its own, then sign"))
    if date > today:
        first = project.rel(review.guide_path(project, targets[0][0])) if targets else "."
        problems.append(Problem(first, 1, "review-date-future",
                                f"sign-off date {date} is after today "
                                f"({today})", "sign with today's date or an earlier one on "
                                "which the review was really done"))
    for _, locale in targets:
        if who is not None and not who.may_sign(locale):
            problems.append(Problem(registry.path, who.line, "reviewer-locale", f"{who.name} "
                                    f"({who.id}) may not sign {locale}; {registry.path} allows "
                                    f"{', '.join(who.locales)}",
                                    f"ask a reviewer for {locale} to sign this language"))
    if not gitrepo.is_repo(project):
        problems.append(Problem(".", 1, "review-not-git", "a sign-off is bound to committed "
                                "words, and this project is not a git clone",
                                "sign in a clone of the repository"))
        return [], sorted(set(problems))
    files = {reviewers.registry_path(project)}
    for guide, locale in targets:
        files.update(digests.inputs(project, guide, locale))
    for name in gitrepo.uncommitted(project, sorted(files)):
        problems.append(Problem(name, 1, "review-uncommitted", f"{name} has changes that are "
                                "not committed; a sign-off covers committed words only",
                                "commit (or discard) the changes, then sign"))
    if problems:
        return [], sorted(set(problems))
    prepared: list[tuple[records.SignOff, str, dt.datetime]] = []
    for guide, locale in targets:
        try:
            found, why = _prepare(project, guide, locale, reviewer_id, date)
        except ProblemsFound as exc:
            problems += exc.problems
            continue
        if why:
            problems += why
        elif found is not None:
            prepared.append(found)
    if problems:
        return [], sorted(set(problems))
    signed: list[tuple[records.SignOff, str]] = []
    files_out: dict[Path, str] = {}
    with signing.Verifier(registry) as verifier:
        for record, commit, when in prepared:
            data = signing.message(record.guide, record.locale, record.digest, record.date,
                                   record.reviewer)
            try:
                signature = signing.sign(key, data)
            except signing.SigningError as exc:
                return [], [Problem(project.rel(key), 1, "signature-failed", str(exc),
                                    "give your private key, or the .pub file of a key "
                                    "loaded in ssh-agent")]
            reason = verifier.verify(reviewer_id, data, signature, when)
            if reason:
                return [], [Problem(registry.path, who.line if who else 1, "signature-invalid",
                                    f"the signature with {project.rel(key)} does not verify for "
                                    f"{reviewer_id} on {when:%Y-%m-%d %H:%M} UTC (when the words "
                                    f"were committed or the sign-off date): {reason}",
                                    f"sign with a key listed for you in {registry.path} and "
                                    "valid then")]
            done = records.SignOff(record.guide, record.locale, record.reviewer, record.date,
                                   record.digest, signature, record.path, 3)
            path = records.record_path(project, record.guide, record.locale)
            files_out[path] = records.render(done, project.rel(review.guide_path(project,
                                                                                  record.guide)))
            signed.append((done, commit))
    records.write_all(files_out)
    return signed, []


def _prepare(project: Project, guide: str, locale: str, reviewer_id: str, date: dt.date,
             ) -> tuple[tuple[records.SignOff, str, dt.datetime] | None, list[Problem]]:
    doc = review.read_guide(project, guide)
    problems = review.guide_problems(project, doc, guide)
    version = digests.working(project, guide, locale)
    if locale != project.source_locale:
        page = digests.reader_page(project, guide, locale, version)
        po = project.rel(project.po_path(locale, guide))
        missing = len(page.fuzzy) + len(page.untranslated)
        if missing or not page.translated:
            problems.append(Problem(po, 1, "translation-incomplete", f"{missing} message(s) of "
                                    f"{guide} are untranslated or fuzzy in {locale} "
                                    f"({len(page.fuzzy)} fuzzy), so its readers get the English "
                                    "page", "finish the translation, then sign it"))
    if problems:
        return None, problems
    now = digests.of(project, guide, locale, version)
    found = digests.introduced(project, guide, locale, now)
    if found is None:  # clean but never committed: an untracked guide, or no commit yet
        return None, [Problem(doc.path, 1, "review-uncommitted", f"{doc.path} in {locale} is "
                              "not in any commit", "commit it, then sign")]
    if date < found.time.date():
        return None, [Problem(doc.path, 1, "review-date-backdated", f"sign-off date {date} is "
                              f"before the words were committed ({found.time.date()}, commit "
                              f"{found.commit[:12]})", "sign with the day you reviewed them")]
    when = max(found.time, dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC))
    path = project.rel(records.record_path(project, guide, locale))
    return (records.SignOff(guide, locale, reviewer_id, date, now, None, path), found.commit,
            when), []
