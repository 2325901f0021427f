"""Clinical sign-off: digests, states, the registry, signatures and the publish policy.

Every reviewer here is fictional and every key is a throwaway made in tmp_path.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import textwrap
from pathlib import Path

import pytest
from guidekit import config as projectmod
from guidekit.problems import Problem
from guidekit.review import registry as reviewers
from guidekit.review import sign as signoff
from guidekit.review import sshsig as signing
from guidekit.review import status as review

D = dt.date
TODAY = D(2026, 3, 10)

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
    import yaml

    (root / "reviewers.yml").write_text(yaml.safe_dump({"reviewers": people}, sort_keys=False),
                                        encoding="utf-8")


@pytest.fixture
def make_key(tmp_path):
    """make_key("alice") -> (private key path, public key line); throwaway, no passphrase."""

    def make(name: str) -> tuple[Path, str]:
        folder = tmp_path / "keys"
        folder.mkdir(exist_ok=True)
        key = folder / name
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
                       check=True)
        return key, (folder / f"{name}.pub").read_text().strip()

    return make


@pytest.fixture
def site(make_project):
    """A project with guides a.md and b.md (same words) and a complete Malay translation of a."""

    def make(people: list[dict] | None = None, guide: str = GUIDE,
             files: dict[str, str] | None = None) -> projectmod.Project:
        root = make_project({"guides/a.md": guide, "guides/b.md": guide,
                             "locales/templates/a.pot": POT, "locales/templates/b.pot": POT,
                             "locales/ms/LC_MESSAGES/a.po": PO_MS, **(files or {})})
        write_registry(root, people if people is not None else [person("amy", ["en", "ms"])])
        return projectmod.load(root / "mkdocs.yml")

    return make


def states(proj: projectmod.Project, today: dt.date = TODAY) -> dict[tuple[str, str], str]:
    return {(s.guide, s.locale): s.state for s in review.status(proj, today)}


def codes(problems: list[Problem]) -> list[tuple[str, int, str]]:
    return sorted({(p.path, p.line, p.code) for p in problems})


def record_line(proj: projectmod.Project, guide: str, locale: str) -> int:
    doc = review.read_guide(proj, guide)
    return next(r.line for r in review.records(doc)[0] if r.locale == locale)


def put_records(proj: projectmod.Project, guide: str, block: str) -> None:
    """Write a hand-made review block into a guide's front matter (what a careless edit does)."""
    path = proj.docs_dir / guide
    text = path.read_text()
    head, rest = text.split("---\n", 2)[1:]
    path.write_text("---\n" + head + textwrap.dedent(block) + "---\n" + rest)


# ---------------------------------------------------------------- digests and states

def test_unsigned_guides_are_unsigned_and_fine_for_preview(site):
    proj = site()
    assert set(states(proj).values()) == {"unsigned"}
    assert review.check_review(proj, publish=False, today=TODAY) == []


def test_sign_makes_current_then_an_edit_makes_it_changed_and_publish_fail(site):
    proj = site()
    record, problems = signoff.sign(proj, "a.md", "amy", today=TODAY)
    assert problems == []
    assert record.line == 6
    assert states(proj)[("a.md", "en")] == "current"
    assert review.publish_problems(proj, ["en"], TODAY) == [
        p for p in review.publish_problems(proj, ["en"], TODAY) if p.path == "guides/b.md"]

    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("hard to spot", "hard to see"))
    assert states(proj)[("a.md", "en")] == "changed"
    problems = review.check_review(proj, publish=True, today=TODAY)
    mine = [p for p in problems if p.path == "guides/a.md" and "en" in p.message]
    assert [p.format() for p in mine] == [
        ("guides/a.md:6: review-not-current: content changed since the en sign-off of 2026-03-10; "
        "ask a reviewer for en to run 'guidekit review sign a.md --locale en --reviewer ID'")]
    assert review.check_review(proj, publish=False, today=TODAY) == []


def test_front_matter_change_is_a_change_but_the_review_block_is_not(site):
    proj = site()
    signoff.sign(proj, "a.md", "amy", today=TODAY)
    doc = review.read_guide(proj, "a.md")
    assert review.source_digest(doc) == review.digest(proj, "a.md", "en")
    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("What to look for.", "What to watch for."))
    assert states(proj)[("a.md", "en")] == "changed"


def test_expired_after_the_interval(site):
    proj = site()
    signoff.sign(proj, "a.md", "amy", today=D(2025, 1, 31))
    [st] = [s for s in review.status(proj, D(2026, 1, 31)) if s.guide == "a.md" and s.locale == "en"]
    assert (st.state, st.next_due) == ("current", D(2026, 1, 31))
    [st] = [s for s in review.status(proj, D(2026, 2, 1)) if s.guide == "a.md" and s.locale == "en"]
    assert st.state == "expired"
    problems = review.publish_problems(proj, ["en"], D(2026, 2, 1))
    assert "guides/a.md:6: review-not-current: the en sign-off of 2025-01-31 expired on " \
           "2026-01-31" in [p.format().split(";")[0] for p in problems]


def test_next_due_clamps_to_the_end_of_a_short_month():
    assert review.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert review.add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert review.add_months(D(2025, 11, 15), 36) == D(2028, 11, 15)


def test_interval_over_36_months_is_an_error_at_its_line(site):
    proj = site(guide=GUIDE.replace("review_interval_months: 12", "review_interval_months: 48"))
    problems = review.check_review(proj, publish=False, today=TODAY)
    assert ("guides/a.md", 4, "review-interval") in codes(problems)
    assert states(proj)[("a.md", "en")] == "invalid"


def test_unknown_reviewer_is_invalid_at_the_record_line(site):
    proj = site()
    digest = review.digest(proj, "a.md", "en")
    put_records(proj, "a.md", f"""\
        review:
          - locale: en
            reviewer: dr-nobody
            date: 2026-01-05
            digest: {digest}
        """)
    assert states(proj)[("a.md", "en")] == "invalid"
    problems = review.check_review(proj, publish=False, today=TODAY)
    assert [p.format() for p in problems] == [
        ("guides/a.md:6: reviewer-unknown: en sign-off names 'dr-nobody', who is not in "
        "reviewers.yml; ask a reviewer for en to run 'guidekit review sign a.md --locale en "
        "--reviewer ID'")]


def test_reviewer_signing_a_language_they_may_not_sign(site):
    proj = site([person("amy", ["en"])])
    digest = review.digest(proj, "a.md", "ms")
    put_records(proj, "a.md", f"""\
        review:
          - locale: ms
            reviewer: amy
            date: 2026-01-05
            digest: {digest}
        """)
    problems = review.check_review(proj, publish=False, today=TODAY)
    assert codes(problems) == [("guides/a.md", 6, "reviewer-locale")]
    assert "Dr Amy (fictional) (amy) may not sign ms; reviewers.yml allows en" in problems[0].message


def test_a_date_in_the_future_is_invalid(site):
    proj = site()
    digest = review.digest(proj, "a.md", "en")
    put_records(proj, "a.md", f"""\
        review:
          - {{locale: en, reviewer: amy, date: 2026-12-01, digest: "{digest}"}}
        """)
    assert codes(review.check_review(proj, False, TODAY)) == [("guides/a.md", 6, "review-date-future")]


def test_malformed_and_duplicate_records(site):
    proj = site()
    digest = review.digest(proj, "a.md", "en")
    put_records(proj, "a.md", f"""\
        review:
          - locale: en
            reviewer: amy
            date: 2026-01-05
            digest: {digest}
          - locale: en
            reviewer: amy
            date: 2026-01-06
            digest: {digest}
          - locale: ms
            reviewer: amy
            date: someday
            digest: sha256:abc
        """)
    assert codes(review.check_review(proj, False, TODAY)) == [
        ("guides/a.md", 10, "review-duplicate"), ("guides/a.md", 14, "review-record")]


def test_tampered_digest_without_signature_is_changed(site):
    proj = site()
    signoff.sign(proj, "a.md", "amy", today=TODAY)
    path = proj.docs_dir / "a.md"
    text = path.read_text()
    digest = review.digest(proj, "a.md", "en")
    path.write_text(text.replace(digest, "sha256:" + "0" * 64))
    assert states(proj)[("a.md", "en")] == "changed"


# ---------------------------------------------------------------- translations

def test_translation_digest_covers_source_and_every_msgstr(site):
    proj = site()
    _, problems = signoff.sign(proj, "a.md", "amy", locale="ms", today=TODAY)
    assert problems == []
    assert states(proj)[("a.md", "ms")] == "current"
    po = proj.po_path("ms", "a.md")
    po.write_text(PO_MS.replace("sukar dikesan", "susah dikesan"))
    assert states(proj)[("a.md", "ms")] == "changed"
    po.write_text(PO_MS)
    assert states(proj)[("a.md", "ms")] == "current"
    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("# Warning signs", "# Warning signs!"))
    assert states(proj)[("a.md", "ms")] == "changed"


def test_used_translations_skip_fuzzy_obsolete_and_foreign_msgids(site):
    po = PO_MS.replace('msgid "What to look for."', '#, fuzzy\nmsgid "What to look for."') + \
        '\nmsgid "Not in the template"\nmsgstr "Tiada"\n\n#~ msgid "Old"\n#~ msgstr "Lama"\n'
    proj = site(files={"locales/ms/LC_MESSAGES/a.po": po})
    assert review._used_translations(proj, "ms", "a.md") == {
        "Warning signs": "Tanda amaran",
        "Eating disorders can be hard to spot.": "Gangguan makan boleh sukar dikesan."}
    assert review.missing_translations(proj, "ms", "a.md") == ["What to look for."]


def test_a_message_the_page_does_not_use_is_not_part_of_the_digest(site):
    # A translator's tool may add a message with a context; the page never shows it, so the
    # digest (what readers see) ignores it, and reading it is no error.
    ctx = 'msgctxt "button"\nmsgid "Warning signs"\n'
    proj = site(files={"locales/ms/LC_MESSAGES/a.po": PO_MS + "\n" + ctx + 'msgstr "Tanda"\n'})
    used = review._used_translations(proj, "ms", "a.md")
    assert used["Warning signs"] == "Tanda amaran"
    assert "Tanda" not in used.values()


def test_broken_catalogue_makes_the_translation_invalid_not_a_traceback(site):
    proj = site(files={"locales/ms/LC_MESSAGES/a.po": PO_MS + '\nmsgid "x"\ngarbage\n'})
    [st] = [s for s in review.status(proj, TODAY) if (s.guide, s.locale) == ("a.md", "ms")]
    assert st.state == "invalid"
    assert [(p.path, p.line, p.code) for p in st.problems] == [("locales/ms/LC_MESSAGES/a.po", 16, "po-syntax")]
    assert "cannot parse 'garbage'" in st.problems[0].message
    assert states(proj)[("a.md", "en")] == "unsigned"


def test_sign_refuses_a_translation_without_template(site):
    proj = site()
    (proj.root / "locales/templates/a.pot").unlink()
    _, problems = signoff.sign(proj, "a.md", "amy", locale="ms", today=TODAY)
    assert [p.format() for p in problems] == [
        ("locales/templates/a.pot:1: translation-incomplete: a.md has no message template, so "
        "there is no ms translation to sign; run 'guidekit extract' and translate it first")]


# ---------------------------------------------------------------- sign refuses, writes nothing

@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"reviewer_id": "nobody"}, ("reviewers.yml", 1, "reviewer-unknown")),
    ({"reviewer_id": "ben", "locale": "ms"}, ("reviewers.yml", 2, "reviewer-locale")),
    ({"reviewer_id": "amy", "date": D(2026, 3, 11)}, ("guides/a.md", 1, "review-date-future")),
    ({"reviewer_id": "amy", "locale": "zh_Hans"},
     ("locales/zh_Hans/LC_MESSAGES/a.po", 1, "translation-incomplete")),
])
def test_sign_refuses_and_writes_nothing(site, kwargs, expected):
    proj = site([person("ben", ["en"]), person("amy", ["en", "ms", "zh_Hans"])])
    before = (proj.docs_dir / "a.md").read_bytes()
    record, problems = signoff.sign(proj, "a.md", today=TODAY, **kwargs)
    assert record is None
    assert codes(problems) == [expected]
    assert (proj.docs_dir / "a.md").read_bytes() == before


def test_fuzzy_message_makes_the_translation_incomplete(site):
    proj = site(files={"locales/ms/LC_MESSAGES/a.po": PO_MS.replace(
        'msgid "What to look for."', '#, fuzzy\nmsgid "What to look for."')})
    _, problems = signoff.sign(proj, "a.md", "amy", locale="ms", today=TODAY)
    assert [p.format() for p in problems] == [
        ("locales/ms/LC_MESSAGES/a.po:1: translation-incomplete: 1 message(s) of a.md are "
        "untranslated or fuzzy in ms; finish the translation, then sign it")]


def test_sign_accepts_a_past_date(site):
    proj = site()
    record, problems = signoff.sign(proj, "a.md", "amy", date=D(2026, 2, 1), today=TODAY)
    assert problems == [] and record.date == D(2026, 2, 1)


def test_sign_edits_only_the_review_block(site):
    guide = GUIDE.replace("review_interval_months: 12\n",
                          "review_interval_months: 12   # keep short\n"
                          "review:\n- locale: en\n  reviewer: amy\n  date: 2025-01-01\n"
                          "  digest: sha256:" + "1" * 64 + "\n"
                          "# reviewers: see CONTRIBUTING-review.md\n"
                          "audience:   [teens,   caregivers]\n")
    proj = site(guide=guide)
    signoff.sign(proj, "a.md", "amy", locale="ms", today=TODAY)
    signoff.sign(proj, "a.md", "amy", today=TODAY)
    text = (proj.docs_dir / "a.md").read_text()
    digest_en = review.digest(proj, "a.md", "en")
    digest_ms = review.digest(proj, "a.md", "ms")
    assert text == GUIDE.replace(
        "review_interval_months: 12\n",
        "review_interval_months: 12   # keep short\n"
        "review:\n"
        f"  - locale: en\n    reviewer: amy\n    date: 2026-03-10\n    digest: {digest_en}\n"
        f"  - locale: ms\n    reviewer: amy\n    date: 2026-03-10\n    digest: {digest_ms}\n"
        "# reviewers: see CONTRIBUTING-review.md\n"
        "audience:   [teens,   caregivers]\n")
    assert states(proj)[("a.md", "en")] == "current"
    assert states(proj)[("a.md", "ms")] == "current"


def test_sign_a_guide_without_front_matter(site):
    proj = site(guide="# Plain\n\nNo front matter.\n")
    signoff.sign(proj, "a.md", "amy", today=TODAY)
    text = (proj.docs_dir / "a.md").read_text()
    assert text.startswith("---\nreview:\n  - locale: en\n")
    assert text.endswith("---\n# Plain\n\nNo front matter.\n")
    assert states(proj)[("a.md", "en")] == "current"


@pytest.mark.parametrize("guide", ["---\n---\n# Empty\n", "---\n\nA rule first.\n"])
def test_sign_a_guide_with_empty_or_no_front_matter(site, guide):
    proj = site(guide=guide)
    signoff.sign(proj, "a.md", "amy", today=TODAY)
    text = (proj.docs_dir / "a.md").read_text()
    assert text.startswith("---\nreview:\n  - locale: en\n")
    assert text.endswith("    digest: " + review.digest(proj, "a.md", "en") + "\n---\n"
                         + guide.removeprefix("---\n---\n"))
    assert states(proj)[("a.md", "en")] == "current"


def test_sign_keeps_crlf_line_endings(site):
    proj = site()
    path = proj.docs_dir / "a.md"
    path.write_bytes(GUIDE.replace("\n", "\r\n").encode())
    signoff.sign(proj, "a.md", "amy", today=TODAY)
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert states(proj)[("a.md", "en")] == "current"


# ---------------------------------------------------------------- signatures

def test_signed_sign_off_verifies(site, make_key):
    key, pub = make_key("amy")
    proj = site([person("amy", ["en", "ms"], [{"key": pub}])])
    record, problems = signoff.sign(proj, "a.md", "amy", key=key, today=TODAY)
    assert problems == [] and record.signature and "\n" not in record.signature
    assert states(proj)[("a.md", "en")] == "current"
    assert review.check_review(proj, False, TODAY) == []


def test_tampered_digest_with_signature_fails(site, make_key):
    key, pub = make_key("amy")
    proj = site([person("amy", ["en"], [{"key": pub}])])
    signoff.sign(proj, "a.md", "amy", key=key, today=TODAY)
    path = proj.docs_dir / "a.md"
    path.write_text(path.read_text().replace("hard to spot", "easy to spot"))
    # someone "fixes" the stale digest by hand instead of asking the reviewer
    path.write_text(path.read_text().replace(review.read_guide(proj, "a.md").meta["review"][0]
                                             ["digest"], review.digest(proj, "a.md", "en")))
    problems = review.check_review(proj, False, TODAY)
    assert codes(problems) == [("guides/a.md", 6, "signature-invalid")]
    assert problems[0].message.startswith("en signature of amy does not verify: ")


def test_signature_replayed_onto_another_guide_or_language(site, make_key):
    key, pub = make_key("amy")
    proj = site([person("amy", ["en", "ms"], [{"key": pub}])])
    signoff.sign(proj, "a.md", "amy", key=key, today=TODAY)
    block = (proj.docs_dir / "a.md").read_text().split("review_interval_months: 12\n")[1]
    block = block.split("---\n")[0]
    # b.md has the very same words, so the digest matches: only the signature can tell
    put_records(proj, "b.md", block)
    assert review.digest(proj, "b.md", "en") == review.digest(proj, "a.md", "en")
    assert codes(review.check_review(proj, False, TODAY)) == [("guides/b.md", 6, "signature-invalid")]

    ms_digest = review.digest(proj, "a.md", "ms")
    (proj.docs_dir / "b.md").write_text(GUIDE)
    put_records(proj, "a.md", "")  # no-op: keep a.md as signed
    text = (proj.docs_dir / "a.md").read_text()
    en = next(r for r in review.records(review.read_guide(proj, "a.md"))[0])
    replay = text.replace("review:\n", f"review:\n  - locale: ms\n    reviewer: amy\n"
                          f"    date: {en.date}\n    digest: {ms_digest}\n    signature: {en.signature}\n")
    (proj.docs_dir / "a.md").write_text(replay)
    assert codes(review.check_review(proj, False, TODAY)) == [("guides/a.md", 6, "signature-invalid")]


def test_signature_outside_the_key_validity(site, make_key):
    key, pub = make_key("amy")
    proj = site([person("amy", ["en"], [{"key": pub, "valid_before": "2026-03-01"}])])
    record, problems = signoff.sign(proj, "a.md", "amy", key=key, today=TODAY)
    assert record is None and codes(problems) == [("reviewers.yml", 2, "signature-invalid")]
    record, problems = signoff.sign(proj, "a.md", "amy", key=key, date=D(2026, 2, 28), today=TODAY)
    assert problems == []
    assert review.check_review(proj, False, TODAY) == []
    # the key's validity is edited to start later: the old signature no longer counts
    write_registry(proj.root, [person("amy", ["en"], [{"key": pub, "valid_after": "2026-03-01"}])])
    assert codes(review.check_review(proj, False, TODAY)) == [("guides/a.md", 6, "signature-invalid")]


def test_forged_signature_by_an_unregistered_key(site, make_key):
    _, pub = make_key("amy")
    mallory, _ = make_key("mallory")
    proj = site([person("amy", ["en"], [{"key": pub}])])
    digest = review.digest(proj, "a.md", "en")
    forged = signing.sign(mallory, signing.message("a.md", "en", digest, TODAY, "amy"))
    put_records(proj, "a.md", f"""\
        review:
          - locale: en
            reviewer: amy
            date: {TODAY}
            digest: {digest}
            signature: {forged}
        """)
    problems = review.check_review(proj, False, TODAY)
    assert codes(problems) == [("guides/a.md", 6, "signature-invalid")]


def test_signature_for_a_reviewer_without_keys(site, make_key):
    mallory, _ = make_key("mallory")
    proj = site()
    digest = review.digest(proj, "a.md", "en")
    forged = signing.sign(mallory, signing.message("a.md", "en", digest, TODAY, "amy"))
    put_records(proj, "a.md", f"review:\n  - {{locale: en, reviewer: amy, date: {TODAY}, "
                              f"digest: '{digest}', signature: '{forged}'}}\n")
    [p] = review.check_review(proj, False, TODAY)
    assert (p.code, p.line) == ("signature-invalid", 6)
    assert "reviewers.yml lists no signing key for amy" in p.message


def test_allowed_signers_file(make_key):
    _, pub = make_key("amy")
    reg = reviewers.Registry("reviewers.yml", (reviewers.Reviewer(
        "amy", "A", "R", "Q", ("en",), (reviewers.Key(pub, D(2026, 1, 1), D(2027, 1, 1)),)),))
    assert signing.allowed_signers(reg) == (
        f'amy namespaces="guidekit-review@kitajagakita",valid-after="20260101Z",'
        f'valid-before="20270101Z" {pub}\n')


def test_armour_round_trip(make_key):
    key, _ = make_key("amy")
    line = signing.sign(key, b"hello\n")
    armoured = signing.armour(line)
    assert armoured.startswith("-----BEGIN SSH SIGNATURE-----\n")
    assert signing.one_line(armoured) == line


# ---------------------------------------------------------------- registry

def registry_problems(root: Path, text: str) -> list[str]:
    (root / "reviewers.yml").write_text(textwrap.dedent(text))
    return [p.format() for p in reviewers.load(projectmod.load(root / "mkdocs.yml")).problems]


def test_registry_broken_yaml(make_project):
    root = make_project()
    assert registry_problems(root, "reviewers:\n  - id: amy\n    name: [\n  - id: ben\n") == [
        ("reviewers.yml:4: reviewers-yaml: the reviewers registry is not valid YAML: expected the node content, but found '-'; "
        "fix the YAML syntax")]


def test_registry_missing_field_duplicate_and_bad_key(make_project):
    root = make_project()
    problems = registry_problems(root, """\
        # comment
        reviewers:
          - {id: amy, name: A, role: R, qualification: Q, locales: [en]}
          - id: ben
            name: B
            role: R
            locales: [en]
          - {id: amy, name: A2, role: R, qualification: Q, locales: [ms]}
          - {id: cat, name: C, role: R, qualification: Q, locales: [xx], keys: [{key: "not a key"}]}
        """)
    assert [p.split(": ", 2)[0] + ": " + p.split(": ", 2)[1] for p in problems] == [
        "reviewers.yml:4: reviewers-field", "reviewers.yml:8: reviewers-duplicate",
        "reviewers.yml:9: reviewers-locale", "reviewers.yml:9: reviewers-key"]
    assert problems[0] == "reviewers.yml:4: reviewers-field: reviewer ben lacks qualification; " \
                          "add the missing field(s)"


def test_shipped_registry_is_empty_and_valid(root):
    proj = projectmod.load(root / "mkdocs.yml")
    registry = reviewers.load(proj)
    assert registry.problems == () and registry.reviewers == ()


# ---------------------------------------------------------------- what readers see

def test_page_review_and_review_line_in_four_languages(site):
    proj = site([person("amy", ["en", "ms"], registration="MMC 00000 (fictional)")])
    signoff.sign(proj, "a.md", "amy", date=D(2026, 3, 2), today=TODAY)
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


def test_publish_problems_only_for_published_locales(site):
    proj = site()
    signoff.sign(proj, "a.md", "amy", today=TODAY)
    signoff.sign(proj, "b.md", "amy", today=TODAY)
    assert review.publish_problems(proj, ["en"], TODAY) == []
    problems = review.publish_problems(proj, ["en", "ms"], TODAY)
    assert codes(problems) == [("guides/a.md", 1, "review-not-current"),
                               ("guides/b.md", 1, "review-not-current")]
    assert problems[0].format() == (
        "guides/a.md:1: review-not-current: no clinical sign-off for ms; ask a reviewer for ms "
        "to run 'guidekit review sign a.md --locale ms --reviewer ID'")
