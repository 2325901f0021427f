"""Clinical sign-off: records, digests, states, signatures, key validity at commit time, forgeries.

Every reviewer here is fictional, lives in a temp registry, and every key is a throwaway made
in tmp_path. Commits carry fixed dates so key windows and back-dating can be tested exactly.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from guidekit import config as projectmod
from guidekit.problems import Problem
from guidekit.review import digest as digests
from guidekit.review import publish as publishing
from guidekit.review import records
from guidekit.review import registry as reviewers
from guidekit.review import sign as signoff
from guidekit.review import sshsig as signing
from guidekit.review import status as review

D = dt.date
TODAY = D(2026, 3, 10)
START = "2026-03-01"

GUIDE = """\
---
title: Warning signs
description: What to look for.
review_interval_months: 12
---

# Warning signs

Eating disorders can be hard to spot.
"""

POT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Warning signs"
msgstr ""

msgid "What to look for."
msgstr ""

msgid "Eating disorders can be hard to spot."
msgstr ""
"""

PO_MS = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ms\\n"

msgid "Warning signs"
msgstr "Tanda amaran"

msgid "What to look for."
msgstr "Apa yang perlu diperhatikan."

msgid "Eating disorders can be hard to spot."
msgstr "Gangguan makan boleh sukar dikesan."
"""


def person(rid: str, locales: list[str], keys: list[dict] | None = None, **extra) -> dict:
    return {"id": rid, "name": f"Dr {rid.title()} (fictional)", "role": "Psychiatrist",
            "qualification": "MBBS (fictional)", "locales": locales, "keys": keys or [], **extra}


def write_registry(root: Path, people: list[dict]) -> None:
    (root / "reviewers.yml").write_text(yaml.safe_dump({"reviewers": people}, sort_keys=False),
                                        encoding="utf-8")


def git(root: Path, *args: str, date: str = START) -> str:
    stamp = f"{date}T10:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    run = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                          "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                         capture_output=True, text=True, env=env)
    return run.stdout


def commit(root: Path, message: str = "change", date: str = START) -> str:
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "--allow-empty", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def make_key(tmp_path):
    """make_key("amy") -> (private key path, public key line); throwaway, no passphrase."""

    def make(name: str) -> tuple[Path, str]:
        folder = tmp_path / "keys"
        folder.mkdir(exist_ok=True)
        key = folder / name
        if not key.exists():
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                            str(key)], check=True)
        return key, (folder / f"{name}.pub").read_text().strip()

    return make


@pytest.fixture
def site(make_project, make_key):
    """A git repository with guides a.md and b.md (same words), a complete Malay translation
    of a, and amy (en, ms) and ben (en) with keys; committed on START."""

    def make(people: list[dict] | None = None, guide: str = GUIDE,
             files: dict[str, str] | None = None) -> projectmod.Project:
        root = make_project({"guides/a.md": guide, "guides/b.md": guide,
                             "locales/templates/a.pot": POT, "locales/templates/b.pot": POT,
                             "locales/ms/LC_MESSAGES/a.po": PO_MS, **(files or {})})
        if people is None:
            people = [person("amy", ["en", "ms"], [{"key": make_key("amy")[1]}]),
                      person("ben", ["en"], [{"key": make_key("ben")[1]}])]
        write_registry(root, people)
        git(root, "init", "-q", "-b", "main")
        (root / ".git/info/exclude").write_text("keys/\n")  # private keys stay out of history
        commit(root, "start")
        return projectmod.load(root / "mkdocs.yml")

    return make


def sign(proj, guide="a.md", locale="en", who="amy", key=None, date=None, today=TODAY,
         make_key=None):
    key = key or proj.root / "keys" / who
    return signoff.sign(proj, [(guide, locale)], who, key, date, today)


def states(proj: projectmod.Project, today: dt.date = TODAY) -> dict[tuple[str, str], str]:
    return {(s.guide, s.locale): s.state for s in review.status(proj, today)}


def codes(problems: list[Problem]) -> list[tuple[str, int, str]]:
    return sorted({(p.path, p.line, p.code) for p in problems})


def gates(proj: projectmod.Project, today: dt.date = TODAY) -> dict[str, list[tuple]]:
    """What verify, check, check --publish and build --publish's plan say, as (path, line, code)
    of the errors."""
    def errors(problems):
        return codes([p for p in problems if p.is_error])

    return {"verify": errors(review.verify(proj, reviewers.load(proj), today)[1]),
            "check": errors(review.check_review(proj, False, today)),
            "publish": errors(publishing.plan(proj, [loc.id for loc in proj.locales],
                                              today).errors)}


def record_text(proj, guide="a.md", locale="en") -> str:
    return records.record_path(proj, guide, locale).read_text()


def put_record(proj, text: str, guide="a.md", locale="en") -> None:
    path = records.record_path(proj, guide, locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


# ---------------------------------------------------------------- signing and states

def test_sign_makes_current_and_an_edit_makes_it_changed_and_withheld(site):
    proj = site()
    signed, problems = sign(proj)
    assert problems == []
    [(record, sha)] = signed
    assert record.path == "reviews/en/a.yml" and record.signature and sha
    assert states(proj)[("a.md", "en")] == "current"
    assert states(proj)[("b.md", "en")] == "unsigned"
    assert gates(proj) == {"verify": [], "check": [], "publish": []}

    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("hard to spot", "hard to see"))
    commit(proj.root, "edit", "2026-03-05")
    assert states(proj)[("a.md", "en")] == "changed"
    plan = publishing.plan(proj, ["en"], TODAY)
    assert plan.errors == () and set(plan.withheld) == {"a.md", "b.md"}
    assert "changed since the en sign-off of 2026-03-10" in plan.withheld["a.md"]


def test_the_record_file_is_plain_and_names_what_it_signs(site):
    proj = site()
    sign(proj, locale="ms")
    text = record_text(proj, locale="ms")
    assert text.startswith("# Clinical sign-off of guides/a.md in ms, written by 'guidekit "
                           "review sign'.\n")
    fields = yaml.safe_load(text)
    assert (fields["guide"], fields["locale"], fields["reviewer"], str(fields["date"])) == \
        ("a.md", "ms", "amy", "2026-03-10")
    assert fields["digest"] == digests.now(proj, "a.md", "ms")


def test_records_are_not_content(site):
    # A digest is full of digit runs; signatures are long base64. None of it is in a guide,
    # so no check that reads Markdown sees it, and no line number moves.
    proj = site()
    before = {p: p.read_bytes() for p in (proj.root / "locales").rglob("*.po*")}
    guide_before = (proj.docs_dir / "a.md").read_bytes()
    sign(proj)
    sign(proj, locale="ms")
    assert (proj.docs_dir / "a.md").read_bytes() == guide_before
    assert {p: p.read_bytes() for p in (proj.root / "locales").rglob("*.po*")} == before
    assert not (proj.docs_dir / "reviews").exists()


def test_expired_after_the_interval(site):
    proj = site()
    sign(proj, date=D(2026, 3, 2))
    [st] = [s for s in review.status(proj, D(2027, 3, 2)) if (s.guide, s.locale) == ("a.md", "en")]
    assert (st.state, st.next_due) == ("current", D(2027, 3, 2))
    [st] = [s for s in review.status(proj, D(2027, 3, 3)) if (s.guide, s.locale) == ("a.md", "en")]
    assert st.state == "expired"


def test_next_due_clamps_to_the_end_of_a_short_month():
    assert review.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert review.add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)


def test_interval_over_36_months_is_an_error_at_its_line(site):
    proj = site(guide=GUIDE.replace("review_interval_months: 12", "review_interval_months: 48"))
    assert ("guides/a.md", 4, "review-interval") in codes(review.check_review(proj, False, TODAY))
    assert states(proj)[("a.md", "en")] == "invalid"


def test_a_review_block_left_in_front_matter_is_reported(site):
    proj = site(guide=GUIDE.replace("---\n\n#", "review:\n  - locale: en\n---\n\n#"))
    assert ("guides/a.md", 5, "review-in-front-matter") in \
        codes(review.check_review(proj, False, TODAY))


# ---------------------------------------------------------------- translations

def test_translation_digest_covers_source_and_every_shown_msgstr(site):
    proj = site()
    sign(proj, locale="ms")
    assert states(proj)[("a.md", "ms")] == "current"
    po = proj.po_path("ms", "a.md")
    po.write_text(PO_MS.replace("sukar dikesan", "susah dikesan"))
    assert states(proj)[("a.md", "ms")] == "changed"
    po.write_text(PO_MS)
    assert states(proj)[("a.md", "ms")] == "current"
    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("review_interval_months: 12",
                                             "review_interval_months: 6"))
    assert states(proj)[("a.md", "ms")] == "changed"  # the English changed


def test_a_message_the_page_does_not_use_is_not_part_of_the_digest(site):
    proj = site()
    before = digests.now(proj, "a.md", "ms")
    po = proj.po_path("ms", "a.md")
    po.write_text(PO_MS + '\nmsgctxt "button"\nmsgid "Warning signs"\nmsgstr "Tanda"\n'
                  '\n#~ msgid "Old"\n#~ msgstr "Lama"\n')
    assert digests.now(proj, "a.md", "ms") == before


def test_broken_catalogue_makes_the_translation_invalid_not_a_traceback(site):
    proj = site(files={"locales/ms/LC_MESSAGES/a.po": PO_MS + '\nmsgid "x"\ngarbage\n'})
    [st] = [s for s in review.status(proj, TODAY) if (s.guide, s.locale) == ("a.md", "ms")]
    assert st.state == "invalid"
    assert [(p.path, p.code) for p in st.problems] == [("locales/ms/LC_MESSAGES/a.po", "po-syntax")]


@pytest.mark.parametrize("po", [
    PO_MS.replace('msgid "What to look for."', '#, fuzzy\nmsgid "What to look for."'),
    PO_MS.replace('msgstr "Apa yang perlu diperhatikan."', 'msgstr ""'),
])
def test_sign_refuses_a_fuzzy_or_incomplete_translation(site, po):
    proj = site(files={"locales/ms/LC_MESSAGES/a.po": po})
    signed, problems = sign(proj, locale="ms")
    assert signed == [] and codes(problems) == [
        ("locales/ms/LC_MESSAGES/a.po", 1, "translation-incomplete")]
    assert not records.record_path(proj, "a.md", "ms").exists()


# ---------------------------------------------------------------- sign refuses, writes nothing

@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"who": "nobody", "key": None}, ("reviewers.yml", 1, "reviewer-unknown")),
    ({"who": "ben", "locale": "ms"}, ("reviewers.yml", 12, "reviewer-locale")),
    ({"date": D(2026, 3, 11)}, ("guides/a.md", 1, "review-date-future")),
    ({"date": D(2026, 2, 28)}, ("guides/a.md", 1, "review-date-backdated")),
    ({"key": "mallory"}, ("reviewers.yml", 2, "signature-invalid")),
])
def test_sign_refuses_and_writes_nothing(site, make_key, kwargs, expected):
    proj = site()
    if kwargs.get("key") == "mallory":
        kwargs["key"] = make_key("mallory")[0]
    if kwargs.get("who") == "nobody":
        kwargs["key"] = make_key("amy")[0]
    signed, problems = sign(proj, **kwargs)
    assert signed == []
    assert codes(problems) == [expected]
    assert not (proj.root / "reviews").exists()


@pytest.mark.parametrize("dirty", ["guides/a.md", "locales/ms/LC_MESSAGES/a.po", "reviewers.yml"])
def test_sign_refuses_uncommitted_changes_to_what_it_covers(site, dirty):
    proj = site()
    (proj.root / dirty).write_text((proj.root / dirty).read_text() + "\n")
    signed, problems = signoff.sign(proj, [("a.md", "en"), ("a.md", "ms")], "amy",
                                    proj.root / "keys" / "amy", None, TODAY)
    assert signed == []
    assert codes(problems) == [(dirty, 1, "review-uncommitted")]
    assert not (proj.root / "reviews").exists()


def test_sign_refuses_an_untracked_guide(site):
    proj = site()
    (proj.docs_dir / "new.md").write_text(GUIDE)
    signed, problems = sign(proj, guide="new.md")
    assert signed == [] and codes(problems) == [("guides/new.md", 1, "review-uncommitted")]


def test_signing_several_is_all_or_nothing(site):
    proj = site()  # b.md has no Malay translation
    signed, problems = signoff.sign(proj, [("a.md", "en"), ("a.md", "ms"), ("b.md", "ms")],
                                    "amy", proj.root / "keys" / "amy", None, TODAY)
    assert signed == [] and codes(problems) == [
        ("locales/ms/LC_MESSAGES/b.po", 1, "translation-incomplete")]
    assert not (proj.root / "reviews").exists()
    signed, problems = signoff.sign(proj, [("a.md", "en"), ("a.md", "ms"), ("b.md", "en")],
                                    "amy", proj.root / "keys" / "amy", None, TODAY)
    assert problems == [] and len(signed) == 3


def test_key_validity_is_judged_when_the_words_were_committed(site, make_key):
    # amy's key is retired from 2026-03-05. Words committed before then were signed in time;
    # words committed after it can never be signed with it, whatever date is typed.
    _key, pub = make_key("amy")
    proj = site([person("amy", ["en", "ms"], [{"key": pub, "valid_before": "2026-03-05"}])])
    signed, problems = sign(proj, date=D(2026, 3, 4))
    assert problems == []
    assert gates(proj) == {"verify": [], "check": [], "publish": []}
    assert states(proj)[("a.md", "en")] == "current"
    path = proj.docs_dir / "b.md"
    path.write_text(path.read_text().replace("hard to spot", "hard to notice"))
    commit(proj.root, "edit b", "2026-03-08")
    signed, problems = sign(proj, guide="b.md", date=D(2026, 3, 4))
    assert signed == [] and codes(problems) == [("guides/b.md", 1, "review-date-backdated")]
    signed, problems = sign(proj, guide="b.md", date=D(2026, 3, 9))
    assert signed == [] and codes(problems) == [("reviewers.yml", 2, "signature-invalid")]


def test_a_new_key_signs_words_committed_before_it_became_valid(site, make_key):
    _key, pub = make_key("amy")
    proj = site([person("amy", ["en"], [{"key": pub, "valid_after": "2026-03-08"}])])
    signed, problems = sign(proj, date=D(2026, 3, 9))   # words of 2026-03-01, signed on the 9th
    assert problems == [] and states(proj)[("a.md", "en")] == "current"
    signed, problems = sign(proj, guide="b.md", date=D(2026, 3, 7))  # before the key's time
    assert signed == [] and codes(problems) == [("reviewers.yml", 2, "signature-invalid")]


# ---------------------------------------------------------------- forgeries

def forge(proj, signer_key: Path | None, guide="a.md", locale="en", reviewer="amy",
          date=TODAY, digest=None, place=None) -> None:
    """Write a record by hand, as an attacker would (signed with `signer_key`, or unsigned)."""
    digest = digest or digests.now(proj, guide, locale)
    signature = signing.sign(signer_key, signing.message(guide, locale, digest, date, reviewer)) \
        if signer_key else None
    record = records.SignOff(guide, locale, reviewer, date, digest, signature, "")
    put_record(proj, records.render(record, f"guides/{guide}"), *(place or (guide, locale)))


def assert_refused_everywhere(proj, path: str, code: str, line: int | None = None):
    found = gates(proj)
    for gate, errors in found.items():
        assert any(p == path and c == code and (line is None or n == line)
                   for p, n, c in errors), (gate, errors)
    st = review.status(proj, TODAY)
    assert not any(s.state == "current" and s.path == path for s in st)


def test_a_record_without_signature_never_counts(site):
    proj = site()
    forge(proj, None)
    assert states(proj)[("a.md", "en")] == "unsigned"
    assert_refused_everywhere(proj, "reviews/en/a.yml", "signature-missing", 3)


def test_a_record_signed_with_an_unregistered_key(site, make_key):
    proj = site()
    forge(proj, make_key("mallory")[0])
    assert states(proj)[("a.md", "en")] == "unsigned"
    assert_refused_everywhere(proj, "reviews/en/a.yml", "signature-invalid", 8)


def test_a_record_signed_with_another_reviewers_key(site, make_key):
    proj = site()
    forge(proj, make_key("ben")[0], reviewer="amy")
    assert_refused_everywhere(proj, "reviews/en/a.yml", "signature-invalid")


def test_a_record_naming_a_reviewer_without_keys(site, make_key):
    proj = site([person("amy", ["en"])])
    forge(proj, make_key("mallory")[0])
    assert_refused_everywhere(proj, "reviews/en/a.yml", "signature-invalid")
    [p] = [p for p in review.check_review(proj, False, TODAY)]
    assert "reviewers.yml lists no signing key for amy" in p.message


def test_a_retired_key_with_a_back_dated_record(site, make_key):
    key, pub = make_key("amy")
    proj = site([person("amy", ["en"], [{"key": pub, "valid_before": "2026-03-05"}])])
    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("hard to spot", "easy to miss"))
    commit(proj.root, "edit", "2026-03-08")
    forge(proj, key, date=D(2026, 3, 4))          # dated before the words existed
    assert_refused_everywhere(proj, "reviews/en/a.yml", "signature-invalid", 8)
    [st] = [s for s in review.status(proj, TODAY) if (s.guide, s.locale) == ("a.md", "en")]
    assert "for words committed 2026-03-08 10:00 UTC" in st.problems[0].message
    forge(proj, key, date=D(2026, 3, 8))          # honest date: the key was retired by then
    assert_refused_everywhere(proj, "reviews/en/a.yml", "signature-invalid", 8)


@pytest.mark.parametrize(("field", "value"), [
    ("date", "2026-03-09"), ("reviewer", "ben"), ("digest", "sha256:" + "0" * 64),
])
def test_an_edited_record_field_breaks_the_signature(site, field, value):
    proj = site()
    sign(proj)
    text = record_text(proj)
    old = next(line for line in text.splitlines() if line.startswith(field + ":"))
    put_record(proj, text.replace(old, f"{field}: {value}"))
    errors = gates(proj)
    for gate in errors.values():
        assert [c for _, _, c in gate if c in ("signature-invalid", "review-unverifiable")], errors
    assert states(proj)[("a.md", "en")] != "current"


def test_a_record_replayed_onto_another_guide_or_language(site):
    proj = site()
    sign(proj)
    text = record_text(proj)
    assert digests.now(proj, "b.md", "en") == digests.now(proj, "a.md", "en")  # same words
    put_record(proj, text, "b.md", "en")
    assert_refused_everywhere(proj, "reviews/en/b.yml", "review-misplaced", 3)
    put_record(proj, text.replace("guide: a.md", "guide: b.md"), "b.md", "en")
    assert_refused_everywhere(proj, "reviews/en/b.yml", "signature-invalid")
    put_record(proj, text.replace("locale: en", "locale: ms"), "a.md", "ms")
    assert_refused_everywhere(proj, "reviews/ms/a.yml", "review-unverifiable")


def test_a_record_for_a_future_date(site, make_key):
    proj = site()
    forge(proj, make_key("amy")[0], date=D(2026, 3, 11))
    assert_refused_everywhere(proj, "reviews/en/a.yml", "review-date-future", 6)


def test_a_record_of_words_never_committed(site, make_key):
    proj = site()
    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("hard to spot", "hard to notice"))
    forge(proj, make_key("amy")[0])
    assert_refused_everywhere(proj, "reviews/en/a.yml", "review-unverifiable", 3)


def test_a_reviewer_not_registered_for_the_language(site, make_key):
    proj = site()
    forge(proj, make_key("ben")[0], locale="ms", reviewer="ben")
    assert_refused_everywhere(proj, "reviews/ms/a.yml", "reviewer-locale", 5)


def test_an_orphan_record(site, make_key):
    proj = site()
    forge(proj, make_key("amy")[0], place=("gone.md", "en"))
    assert_refused_everywhere(proj, "reviews/en/gone.yml", "review-orphan", 1)


@pytest.mark.parametrize(("text", "line", "code"), [
    (("guide: a.md\nlocale: en\nreviewer: amy\ndate: 2026-02-30\ndigest: sha256:{d}\n"
     "signature: AAAA\n"), 4, "review-date"),
    ("guide: a.md\nlocale: en\nreviewer: amy\ndate: someday\ndigest: sha256:{d}\n", 4,
     "review-date"),
    (("guide: a.md\nlocale: en\nreviewer: amy\ndate: 2026-03-02\ndate: 2026-03-03\n"
     "digest: sha256:{d}\n"), 5, "review-duplicate"),
    ("guide: a.md\nlocale: en\nreviewer: amy\ndate: 2026-03-02\ndigest: sha256:abc\n", 5,
     "review-record"),
    ("guide: a.md\nlocale: en\nreviewer: amy\ndate: 2026-03-02\n", 1, "review-record"),
    ("guide: a.md\nlocale: en\nreviewer: [amy]\ndate: 2026-03-02\ndigest: sha256:{d}\n", 3,
     "review-record"),
    (("guide: a.md\nlocale: en\nreviewer: amy\ndate: 2026-03-02\ndigest: sha256:{d}\n"
     "approved: yes\n"), 6, "review-record"),
    ("- guide: a.md\n", 1, "review-record"),
    ("guide: a.md\nlocale: en\n  reviewer: [\n", 3, "review-record"),
    (("guide: a.md\nlocale: en\nreviewer: amy\ndate: 2026-03-02\ndigest: sha256:{d}\n"
     "signature: 'not base64!'\n"), 6, "review-record"),
])
def test_malformed_records_are_path_line_problems(site, text, line, code):
    proj = site()
    put_record(proj, text.replace("{d}", "0" * 64))
    assert_refused_everywhere(proj, "reviews/en/a.yml", code, line)
    assert states(proj)[("a.md", "en")] == "invalid"


def test_allowed_signers_file(make_key):
    _, pub = make_key("amy")
    reg = reviewers.Registry("reviewers.yml", (reviewers.Reviewer(
        "amy", "A", "R", "Q", ("en",), (reviewers.Key(pub, D(2026, 1, 1), D(2027, 1, 1)),)),))
    assert signing.allowed_signers(reg) == (
        f'amy namespaces="guidekit-review@kitajagakita",valid-after="20260101Z",'
        f'valid-before="20270101Z" {pub}\n')


# ---------------------------------------------------------------- registry

def registry_problems(root: Path, text: str) -> list[str]:
    (root / "reviewers.yml").write_text(text)
    return [p.format() for p in reviewers.load(projectmod.load(root / "mkdocs.yml")).problems]


def test_registry_broken_yaml(make_project):
    root = make_project()
    assert registry_problems(root, "reviewers:\n  - id: amy\n    name: [\n  - id: ben\n") == [
        ("reviewers.yml:4: reviewers-yaml: the reviewers registry is not valid YAML: expected "
         "the node content, but found '-'; fix the YAML syntax")]


def test_registry_missing_field_duplicate_bad_key_and_github(make_project):
    root = make_project()
    problems = registry_problems(root, """\
# comment
reviewers:
  - {id: amy, name: A, role: R, qualification: Q, locales: [en], github: amy-gh}
  - id: ben
    name: B
    role: R
    locales: [en]
  - {id: amy, name: A2, role: R, qualification: Q, locales: [ms]}
  - {id: cat, name: C, role: R, qualification: Q, locales: [xx], keys: [{key: "not a key"}]}
  - {id: dan, name: D, role: R, qualification: Q, locales: [en], github: "not a user!"}
""")
    assert [p.split(": ", 2)[0] + ": " + p.split(": ", 2)[1] for p in problems] == [
        "reviewers.yml:4: reviewers-field", "reviewers.yml:8: reviewers-duplicate",
        "reviewers.yml:9: reviewers-locale", "reviewers.yml:9: reviewers-key",
        "reviewers.yml:10: reviewers-field"]


def test_the_shipped_registry_may_gain_a_real_looking_reviewer(root, tmp_path, make_key):
    # The shipped file holds no one today; a clinician adding themselves must break nothing.
    copy = tmp_path / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".venv", ".git", "site", "*.pyc",
                                                              ".pytest_cache", ".ruff_cache"))
    proj = projectmod.load(copy / "mkdocs.yml")
    before = {(s.guide, s.locale): s.state for s in review.status(proj)}
    text = (copy / "reviewers.yml").read_text().replace("reviewers: []", "reviewers:")
    (copy / "reviewers.yml").write_text(text + (
        "  - id: dr-nur-aisyah\n    name: Dr Nur Aisyah binti Hassan (fictional)\n"
        "    role: Consultant psychiatrist\n    qualification: MBBS, MMed (Psych)\n"
        "    registration: \"MMC 12345\"\n    locales: [en, ms]\n    github: nur-aisyah-md\n"
        f"    keys:\n      - key: {make_key('nur')[1]}\n        valid_after: 2026-01-01\n"))
    registry = reviewers.load(proj)
    assert registry.problems == () and [r.id for r in registry.reviewers] == ["dr-nur-aisyah"]
    assert {(s.guide, s.locale): s.state for s in review.status(proj)} == before
    assert review.check_review(proj) == []


# ---------------------------------------------------------------- what readers see

def test_page_review_and_review_line(site):
    proj = site([person("amy", ["en", "ms"], [{"key": "PLACEHOLDER"}])]) if False else site()
    sign(proj, date=D(2026, 3, 2))
    pr = review.page_review(proj, "a.md", "en", TODAY)
    assert pr == review.PageReview("current", "amy", "Dr Amy (fictional)", "Psychiatrist",
                                   D(2026, 3, 2), D(2027, 3, 2))
    lines = {lid: review.format_review_line(pr, lid) for lid in ("en", "ms", "zh_Hans", "ta")}
    assert lines["en"] == ("Reviewed by Dr Amy (fictional), Psychiatrist, on 2 March 2026",
                           "Next review due 2 March 2027")
    assert lines["ms"][1] == "Next review due 2 Mac 2027"
    assert lines["zh_Hans"][1] == "Next review due 2027年3月2日"
    assert "2027" in lines["ta"][1] and "மார்" in lines["ta"][1]
    translated = review.format_review_line(pr, "ms", lambda m, **v: "Semakan seterusnya {date}"
                                           .format(**v) if m.startswith("Next") else m.format(**v))
    assert translated[1] == "Semakan seterusnya 2 Mac 2027"
    assert review.format_review_line(review.page_review(proj, "a.md", "ms", TODAY), "ms") == \
        (None, None)


def test_publish_plan_falls_back_to_signed_english_for_unsigned_translations(site):
    proj = site()
    sign(proj)
    plan = publishing.plan(proj, ["en", "ms"], TODAY)
    assert plan.errors == ()
    assert set(plan.withheld) == {"b.md"}
    assert set(plan.english["ms"]) == {"a.md"}   # b.md's ms page is English anyway
    assert [p.format().split(";")[0] for p in plan.notes] == [
        "guides/a.md:1: warning: review-withheld: ms translation withheld: no valid ms sign-off",
        ("guides/b.md:1: warning: review-withheld: withheld in every language: no valid en "
        "sign-off")]


@pytest.mark.parametrize("name", ["en/a.yaml", "en/A.yml", "zh/a.yml", "en/a.yml.bak", "a.yml"])
def test_a_file_under_reviews_that_is_no_record_is_refused(site, name):
    proj = site()
    sign(proj)
    path = proj.root / "reviews" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(record_text(proj))
    assert_refused_everywhere(proj, f"reviews/{name}", "review-orphan", 1)


def test_a_project_inside_a_larger_repository(make_project, make_key):
    # git paths are relative to the repository, the project's to its mkdocs.yml
    outer = make_project({"README.md": "outer\n"})
    inner = outer / "site-src"
    (inner / "guides").mkdir(parents=True)
    (outer / "mkdocs.yml").rename(inner / "mkdocs.yml")
    (inner / "guides/a.md").write_text(GUIDE)
    write_registry(inner, [person("amy", ["en"], [{"key": make_key("amy")[1]}])])
    git(outer, "init", "-q", "-b", "main")
    (outer / ".git/info/exclude").write_text("keys/\n")
    commit(outer, "start")
    proj = projectmod.load(inner / "mkdocs.yml")
    (inner / "guides/a.md").write_text(GUIDE + "\nMore.\n")
    assert signoff.sign(proj, [("a.md", "en")], "amy", outer / "keys/amy", None, TODAY)[0] == []
    _, problems = signoff.sign(proj, [("a.md", "en")], "amy", outer / "keys/amy", None,
                                    TODAY)
    assert codes(problems) == [("guides/a.md", 1, "review-uncommitted")]
    commit(outer, "more", "2026-03-02")
    _signed, problems = signoff.sign(proj, [("a.md", "en")], "amy", outer / "keys/amy", None,
                                    TODAY)
    assert problems == [] and states(proj)[("a.md", "en")] == "current"


def test_a_sign_off_survives_a_squash_merge(site):
    # Signed on a branch on the 3rd; the branch is squashed onto main on the 6th, so the words'
    # commit on main is newer than the sign-off date. The key is checked then, and still valid.
    proj = site()
    git(proj.root, "checkout", "-q", "-b", "edit")
    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("hard to spot", "hard to notice"))
    commit(proj.root, "edit", "2026-03-02")
    assert sign(proj, date=D(2026, 3, 3))[1] == []
    commit(proj.root, "sign", "2026-03-03")
    git(proj.root, "checkout", "-q", "main")
    git(proj.root, "merge", "-q", "--squash", "edit", date="2026-03-06")
    commit(proj.root, "edit (#1)", "2026-03-06")
    git(proj.root, "branch", "-q", "-D", "edit")
    assert states(proj)[("a.md", "en")] == "current"
    assert gates(proj) == {"verify": [], "check": [], "publish": []}


def test_sign_refuses_a_guide_with_two_old_review_blocks_and_writes_nothing(site):
    old = "review:\n  - locale: en\nreview:\n  - x\n"
    proj = site(guide=GUIDE.replace("---\n\n#", old + "---\n\n#"))
    signed, problems = sign(proj)
    assert signed == [] and ("guides/a.md", 7, "front-matter-yaml") in codes(problems)
    assert not (proj.root / "reviews").exists()


def test_a_broken_registry_makes_every_record_count_for_nothing(site):
    proj = site()
    sign(proj)
    (proj.root / "reviewers.yml").write_text("reviewers:\n  - id: amy\n    name: [\n")
    assert states(proj)[("a.md", "en")] == "invalid"
    for gate, errors in gates(proj).items():
        assert ("reviewers.yml", 4, "reviewers-yaml") in errors, gate


def test_sign_refuses_a_guide_with_an_old_review_block_and_writes_nothing(site):
    proj = site(guide=GUIDE.replace("---\n\n#", "review:\n  - locale: en\n---\n\n#"))
    signed, problems = sign(proj)
    assert signed == [] and codes(problems) == [("guides/a.md", 5, "review-in-front-matter")]
    assert not (proj.root / "reviews").exists()
