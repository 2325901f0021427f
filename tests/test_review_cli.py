"""`guidekit review ...` end to end: exit codes, path:line output, JSON shape, git history."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from guidekit.cli import main
from test_review import GUIDE, PO_MS, POT, person, write_registry

TODAY = "2026-03-10"


def git(root: Path, *args: str) -> str:
    run = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                          "-c", "commit.gpgsign=false", *args], cwd=root, check=True,
                         capture_output=True, text=True)
    return run.stdout


@pytest.fixture
def repo(make_project):
    """A git repository holding a small project; first commit on branch main."""
    root = make_project({"guides/a.md": GUIDE, "guides/b.md": GUIDE,
                         "locales/templates/a.pot": POT, "locales/templates/b.pot": POT,
                         "locales/ms/LC_MESSAGES/a.po": PO_MS})
    write_registry(root, [person("amy", ["en", "ms"]), person("ben", ["en"])])
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "review", *args],
                              catch_exceptions=False)


def test_status_json_shape(repo):
    assert run(repo, "sign", "a.md", "--reviewer", "amy", "--today", TODAY).exit_code == 0
    result = run(repo, "status", "--format", "json", "--today", TODAY)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows[0] == {"guide": "a.md", "locale": "en", "state": "current", "reviewer": "amy",
                       "date": "2026-03-10", "next_due": "2027-03-10"}
    assert rows[1] == {"guide": "a.md", "locale": "ms", "state": "unsigned", "reviewer": None,
                       "date": None, "next_due": None}
    assert [(r["guide"], r["locale"]) for r in rows] == [
        (g, lid) for g in ("a.md", "b.md") for lid in ("en", "ms", "zh_Hans", "ta")]


def test_status_text_and_markdown(repo):
    text = run(repo, "status", "--today", TODAY)
    assert text.exit_code == 0
    assert text.stdout.splitlines()[:2] == [
        "guide        locale   state     reviewer  date  next_due",
        "guides/a.md  en       unsigned  -         -     -"]
    markdown = run(repo, "status", "--format", "markdown", "--today", TODAY).stdout
    assert markdown.splitlines()[:3] == [
        "| guide | locale | state | reviewer | date | next_due |", "|---|---|---|---|---|---|",
        "| guides/a.md | en | unsigned | - | - | - |"]


def test_status_exits_1_on_an_invalid_record(repo):
    assert run(repo, "sign", "a.md", "--reviewer", "ben", "--today", TODAY).exit_code == 0
    write_registry(repo, [person("amy", ["en", "ms"])])
    result = run(repo, "status", "--format", "json", "--today", TODAY)
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["state"] == "invalid"
    result = run(repo, "status", "--today", TODAY)
    assert result.exit_code == 1
    assert "guides/a.md:6: reviewer-unknown: en sign-off names 'ben', who is not in " \
           "reviewers.yml;" in result.stdout


def test_sign_refusal_exits_1_and_writes_nothing(repo):
    before = (repo / "guides/a.md").read_bytes()
    result = run(repo, "sign", "guides/a.md", "--reviewer", "ben", "--locale", "ms",
                 "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout.startswith("reviewers.yml:10: reviewer-locale: Dr Ben (fictional) (ben) "
                                    "may not sign ms; reviewers.yml allows en")
    result = run(repo, "sign", "a.md", "--reviewer", "amy", "--date", "2026-03-11",
                 "--today", TODAY)
    assert result.exit_code == 1
    assert "review-date-future: sign-off date 2026-03-11 is after today (2026-03-10)" in \
        result.stdout
    assert (repo / "guides/a.md").read_bytes() == before
    assert run(repo, "sign", "nope.md", "--reviewer", "amy").exit_code == 1


def test_sign_with_key_then_verify_against_the_base_branch(repo, tmp_path):
    key = tmp_path / "amy_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    pub = key.with_suffix(".pub").read_text().strip()
    write_registry(repo, [person("amy", ["en", "ms"], [{"key": pub}])])
    git(repo, "commit", "-q", "-am", "amy's key")
    result = run(repo, "sign", "a.md", "--reviewer", "amy", "--key", str(key), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "guides/a.md:6: en signed off by amy on 2026-03-10 (signed)" in result.stderr
    result = run(repo, "verify", "--allowed-signers-from", "main", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "1 signature(s) checked against main:reviewers.yml" in result.stderr

    # a pull request that swaps in its own key for amy cannot vouch for itself
    mallory = tmp_path / "mallory"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(mallory)], check=True)
    write_registry(repo, [person("amy", ["en", "ms"],
                                 [{"key": mallory.with_suffix(".pub").read_text().strip()}])])
    assert run(repo, "sign", "b.md", "--reviewer", "amy", "--key", str(mallory),
               "--today", TODAY).exit_code == 0
    assert run(repo, "verify", "--today", TODAY).exit_code == 1  # a.md's key is gone here
    result = run(repo, "verify", "--allowed-signers-from", "main", "--today", TODAY)
    assert result.exit_code == 1
    assert [line.split(": ")[0] + ": " + line.split(": ")[1] for line in
            result.stdout.splitlines()] == ["guides/b.md:6: signature-invalid"]


def test_verify_require_signatures(repo):
    run(repo, "sign", "a.md", "--reviewer", "amy", "--today", TODAY)
    assert run(repo, "verify", "--today", TODAY).exit_code == 0
    result = run(repo, "verify", "--require-signatures", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout.startswith("guides/a.md:6: signature-missing: the en sign-off is not "
                                    "signed")


def test_diff_finds_the_signed_version(repo):
    run(repo, "sign", "a.md", "--reviewer", "amy", "--today", TODAY)
    git(repo, "commit", "-q", "-am", "sign a")
    signed = git(repo, "rev-parse", "HEAD").strip()
    path = repo / "guides/a.md"
    path.write_text(path.read_text().replace("hard to spot", "hard to notice"))
    git(repo, "commit", "-q", "-am", "edit a")
    path.write_text(path.read_text() + "\nMore.\n")
    result = run(repo, "diff", "a.md")
    assert result.exit_code == 0
    assert result.stdout == (
        f"--- guides/a.md as signed (en, 2026-03-10, amy, commit {signed[:12]})\n"
        "+++ guides/a.md now\n"
        "@@ -6,4 +6,6 @@\n"
        " \n"
        " # Warning signs\n"
        " \n"
        "-Eating disorders can be hard to spot.\n"
        "+Eating disorders can be hard to notice.\n"
        "+\n"
        "+More.\n")


def test_diff_of_a_translation_shows_the_changed_msgstr(repo):
    run(repo, "sign", "a.md", "--reviewer", "amy", "--locale", "ms", "--today", TODAY)
    git(repo, "commit", "-q", "-am", "sign a ms")
    po = repo / "locales/ms/LC_MESSAGES/a.po"
    po.write_text(PO_MS.replace("sukar dikesan", "susah dikesan"))
    result = run(repo, "diff", "a.md", "--locale", "ms")
    assert result.exit_code == 0
    assert "-msgstr 'Gangguan makan boleh sukar dikesan.'\n" \
           "+msgstr 'Gangguan makan boleh susah dikesan.'\n" in result.stdout
    assert "guides/a.md" not in result.stdout  # the English did not change


def test_diff_says_plainly_when_the_signed_version_is_not_in_history(repo):
    path = repo / "guides/a.md"
    path.write_text(path.read_text().replace("hard to spot", "hard to see"))
    run(repo, "sign", "a.md", "--reviewer", "amy", "--today", TODAY)  # signed, never committed
    path.write_text(path.read_text().replace("hard to see", "hard to notice"))
    result = run(repo, "diff", "a.md")
    assert result.exit_code == 1
    digest = path.read_text().split("digest: ")[1].split()[0]
    assert result.stdout.startswith(
        f"guides/a.md:6: review-version-missing: the signed version ({digest}) is not in this "
        "repository's history; review the whole guide as it is now")


def test_diff_without_change_or_sign_off(repo):
    assert run(repo, "diff", "a.md").exit_code == 1
    run(repo, "sign", "a.md", "--reviewer", "amy", "--today", TODAY)
    result = run(repo, "diff", "a.md")
    assert (result.exit_code, result.stdout) == (
        0, "no change since the en sign-off of 2026-03-10 by amy\n")


def test_report_for_a_pull_request(repo):
    run(repo, "sign", "a.md", "--reviewer", "amy", "--today", TODAY)
    run(repo, "sign", "a.md", "--reviewer", "amy", "--locale", "ms", "--today", TODAY)
    run(repo, "sign", "b.md", "--reviewer", "amy", "--today", TODAY)
    git(repo, "commit", "-q", "-am", "sign-offs")
    git(repo, "checkout", "-q", "-b", "change")
    path = repo / "guides/a.md"
    path.write_text(path.read_text().replace(
        "hard to spot.", 'hard to spot.\n\n<!-- safe-messaging: allow numbers-detail '
        'reason="prevalence figure from the cited survey" -->\nAbout 1 in 20 teens.'))
    git(repo, "commit", "-q", "-am", "edit a")
    result = run(repo, "report", "--base", "main", "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout == """\
## Clinical review

This change touches 1 guide(s) in 4 language(s): en, ms, zh_Hans, ta.

| Guide | Language | Sign-off | Reviewer | Signed | Next review due |
|---|---|---|---|---|---|
| `guides/a.md` | en | changed | Dr Amy (fictional) | 2026-03-10 | 2027-03-10 |
| `guides/a.md` | ms | changed | Dr Amy (fictional) | 2026-03-10 | 2027-03-10 |
| `guides/a.md` | zh_Hans | unsigned | – | – | – |
| `guides/a.md` | ta | unsigned | – | – | – |

### Sign-offs this change made stale

- `guides/a.md` (en): signed by amy on 2026-03-10; the words have changed since. \
Diff for the reviewer: `guidekit review diff a.md --locale en`
- `guides/a.md` (ms): signed by amy on 2026-03-10; the words have changed since. \
Diff for the reviewer: `guidekit review diff a.md --locale ms`

### Who may sign

- **en**: Dr Amy (fictional), Psychiatrist; Dr Ben (fictional), Psychiatrist
- **ms**: Dr Amy (fictional), Psychiatrist
- **zh_Hans**: no reviewer registered for zh_Hans yet
- **ta**: no reviewer registered for ta yet

### Safe-messaging suppressions in the touched guides

- `guides/a.md:20` allows `numbers-detail`: "prevalence figure from the cited survey"
"""


def test_report_on_a_translation_only_change(repo):
    git(repo, "checkout", "-q", "-b", "ms-fix")
    (repo / "locales/ms/LC_MESSAGES/a.po").write_text(PO_MS.replace("sukar", "susah"))
    git(repo, "commit", "-q", "-am", "ms wording")
    out = run(repo, "report", "--base", "main", "--today", TODAY).stdout
    assert "This change touches 1 guide(s) in 1 language(s): ms." in out
    assert "| `guides/a.md` | ms | unsigned | – | – | – |" in out
    assert "### Safe-messaging suppressions in the touched guides\n\nNone.\n" in out


def test_report_outside_git_is_a_plain_problem(make_project):
    root = make_project({"guides/a.md": GUIDE})
    result = run(root, "report", "--base", "main")
    assert result.exit_code == 1
    assert result.stdout.startswith(".:1: git-failed: git diff")


def test_suppressions_listed(make_project):
    from guidekit import config as projectmod
    from guidekit.review import history as reviewgit

    root = make_project({"guides/a.md": GUIDE + '\n<!-- safe-messaging: allow ed-numbers,ed-method '
                                                'reason="quoted from the clinical guideline" -->\n'
                                                "Text.\n", "guides/b.md": GUIDE})
    found = reviewgit.suppressions(projectmod.load(root / "mkdocs.yml"), ["a.md", "b.md"])
    assert found == [reviewgit.Suppression("guides/a.md", 11, "ed-numbers, ed-method",
                                           "quoted from the clinical guideline")]
