"""`guidekit review sign`: record a sign-off in the guide's front matter, refusing anything
the policy would not accept, and touching no line of the file but the `review:` block.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from guidekit import frontmatter
from guidekit.config import Project
from guidekit.problems import Problem
from guidekit.review import registry as reviewers
from guidekit.review import sshsig as signing
from guidekit.review.status import (
    SignOff,
    digest,
    front_lines,
    guide_path,
    interval,
    missing_translations,
    read_guide,
    records,
    review_span,
    source_digest,
)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)  # "  - locale: en", as people write it


def _review_block(items: list[Any]) -> list[str]:
    text = yaml.dump({"review": items}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=1_000_000, default_flow_style=False)
    return [line + "\n" for line in text.splitlines()]


def with_record(doc: frontmatter.Document, record: dict[str, Any], order: list[str]) -> str:
    """The file text with `record` replacing that locale's sign-off; nothing else touched."""
    items = [x for x in (doc.meta.get("review") or [])
             if not (isinstance(x, dict) and str(x.get("locale")) == record["locale"])]
    items.append(record)
    rank = {lid: i for i, lid in enumerate(order)}
    items.sort(key=lambda x: rank.get(str(x.get("locale")) if isinstance(x, dict) else "", 99))
    block = _review_block(items)
    lines = doc.text.splitlines(keepends=True)
    front = front_lines(doc)
    if doc.body_line == 1:  # no front matter yet
        return "---\n" + "".join(block) + "---\n" + doc.text
    span = review_span(doc)
    if span is None:
        end_of_front = 1 + len(front)
        if front and not front[-1].endswith("\n"):
            block[0] = "\n" + block[0]
        return "".join(lines[:end_of_front] + block + lines[end_of_front:])
    start, last = span
    return "".join(lines[:1 + start] + block + lines[2 + last:])


def _write_atomic(path: Path, text: str) -> None:
    # read_text() gave universal newlines; write the file back with its own line endings
    newline = "\r\n" if b"\r\n" in path.read_bytes() else "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def sign(project: Project, guide: str, reviewer_id: str, locale: str | None = None,
         date: dt.date | None = None, key: Path | None = None,
         today: dt.date | None = None) -> tuple[SignOff | None, list[Problem]]:
    """Record a sign-off of the content as it is now; on any refusal write nothing."""
    today = today or dt.date.today()
    date = date or today
    lid = project.locale(locale).id if locale else project.source_locale
    doc = read_guide(project, guide)
    line = next((r.line for r in records(doc)[0] if r.locale == lid),
                doc.meta_lines.get("review", 1))
    registry = reviewers.load(project)
    problems = [p for p in registry.problems if p.is_error]
    who = registry.get(reviewer_id)
    if who is None:
        problems.append(Problem(registry.path, 1, "reviewer-unknown", f"no reviewer "
                                f"{reviewer_id!r} in {registry.path}",
                                "only a registered reviewer can sign; see CONTRIBUTING-review.md"))
    elif not who.may_sign(lid):
        problems.append(Problem(registry.path, who.line, "reviewer-locale", f"{who.name} "
                                f"({who.id}) may not sign {lid}; {registry.path} allows "
                                f"{', '.join(who.locales)}",
                                f"ask a reviewer for {lid} to sign this language"))
    if date > today:
        problems.append(Problem(doc.path, line, "review-date-future", f"sign-off date {date} is "
                                f"after today ({today})", "sign with today's date or an earlier "
                                "one on which the review was really done"))
    if lid != project.source_locale:
        missing = missing_translations(project, lid, guide)
        po = project.rel(project.po_path(lid, guide))
        if missing is None:
            problems.append(Problem(project.rel(project.template_path(guide)), 1,
                                    "translation-incomplete", f"{guide} has no message template, "
                                    f"so there is no {lid} translation to sign",
                                    "run 'guidekit extract' and translate it first"))
        elif missing:
            problems.append(Problem(po, 1, "translation-incomplete", f"{len(missing)} message(s) "
                                    f"of {guide} are untranslated or fuzzy in {lid}",
                                    "finish the translation, then sign it"))
    problems += interval(doc)[1]
    if problems:
        return None, problems
    record = SignOff(lid, reviewer_id, date, digest(project, guide, lid, doc), None, line)
    fields: dict[str, Any] = {"locale": lid, "reviewer": reviewer_id, "date": date,
                              "digest": record.digest}
    if key is not None:
        data = signing.message(guide, lid, record.digest, date, reviewer_id)
        try:
            signature = signing.sign(key, data)
        except signing.SigningError as exc:
            return None, [Problem(project.rel(key), 1, "signature-failed", str(exc),
                                  "check the key path (the private key, not .pub)")]
        with signing.Verifier(registry) as verifier:
            reason = verifier.verify(reviewer_id, data, signature, date)
        if reason:
            return None, [Problem(registry.path, who.line, "signature-invalid", f"the signature "
                                  f"with {project.rel(key)} does not verify for {reviewer_id}: "
                                  f"{reason}", "sign with a key listed for you in "
                                  f"{registry.path} and valid on {date}")]
        fields["signature"] = signature
        record = SignOff(lid, reviewer_id, date, record.digest, signature, line)
    text = with_record(doc, fields, [loc.id for loc in project.locales])
    after = frontmatter.split(text, doc.path)
    if source_digest(after) != source_digest(doc):  # a bug, not a user error
        raise AssertionError(f"signing {guide} would change its content")
    _write_atomic(guide_path(project, guide), text)
    lines = [r.line for r in records(after)[0] if r.locale == lid]
    return SignOff(lid, reviewer_id, date, record.digest, record.signature, lines[0]), []
