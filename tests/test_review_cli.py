"""`guidekit review ...` end to end: exit codes, path:line output, JSON, git history, the PR
comment and CODEOWNERS. Reviewers are fictional, in temp registries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from guidekit import config as projectmod
from guidekit.cli import main
from guidekit.review import codeowners
from guidekit.review import report as reviewreport
from test_review import GUIDE, POT, commit, git, person, write_registry

TODAY = "2026-03-10"

LONG = """\
---
title: Warning signs
description: What to look for.
---

# Warning signs

Zebra paragraph comes first.

Apple paragraph comes second.

Mango paragraph comes last.
"""

LONG_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ms\\n"

msgid "Warning signs"
msgstr "Tanda amaran"

msgid "What to look for."
msgstr "Apa yang perlu diperhatikan."

msgid "Zebra paragraph comes first."
msgstr "Perenggan zebra dahulu."

msgid "Apple paragraph comes second."
msgstr "Perenggan epal kedua."

msgid "Mango paragraph comes last."
msgstr "Perenggan mangga akhir."
"""


@pytest.fixture
def repo(make_project, tmp_path):
    """A git repository: guides a.md (long, translated into Malay) and b.md; amy (en, ms) and
    ben (en) with keys and GitHub names; first commit on branch main."""
    import subprocess

    root = make_project({"guides/a.md": LONG, "guides/b.md": GUIDE,
                         "locales/templates/a.pot": POT, "locales/templates/b.pot": POT,
                         "locales/ms/LC_MESSAGES/a.po": LONG_PO})
    keys = tmp_path.parent / (tmp_path.name + "-keys")
    keys.mkdir()
    for name in ("amy", "ben", "mallory"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                        str(keys / name)], check=True)
    pub = {n: (keys / f"{n}.pub").read_text().strip() for n in ("amy", "ben", "mallory")}
    write_registry(root, [person("amy", ["en", "ms"], [{"key": pub["amy"]}], github="amy-fic"),
                          person("ben", ["en"], [{"key": pub["ben"]}])])
    git(root, "init", "-q", "-b", "main")
    commit(root, "start")
    return root


def keys(root: Path) -> Path:
    """Where the repo fixture made its throwaway keys (outside the repository)."""
    return root.parent / (root.name + "-keys")


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "review", *args],
                              catch_exceptions=False)


def sign(root: Path, *args: str, who: str = "amy"):
    return run(root, "sign", *args, "--reviewer", who, "--key", str(keys(root) / who),
               "--today", TODAY)


def test_status_json_shape(repo):
    assert sign(repo, "a.md").exit_code == 0
    result = run(repo, "status", "--format", "json", "--today", TODAY)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows[0] == {"guide": "a.md", "locale": "en", "state": "current", "reviewer": "amy",
                       "date": "2026-03-10", "next_due": "2027-03-10"}
    assert rows[1]["state"] == "unsigned"
    assert [(r["guide"], r["locale"]) for r in rows] == [
        (g, lid) for g in ("a.md", "b.md") for lid in ("en", "ms", "zh_Hans", "ta")]


def test_sign_several_languages_and_guides_at_once(repo):
    result = sign(repo, "a.md", "guides/b.md", "--locale", "en")
    assert result.exit_code == 0, result.output
    assert "reviews/en/a.yml:3: en of a.md signed off by amy on 2026-03-10: the words of " \
           "commit" in result.stderr
    assert sign(repo, "--all", "-l", "ms").exit_code == 1        # b.md has no translation
    assert not (repo / "reviews/ms").exists()
    assert sign(repo, "a.md", "-l", "en", "-l", "ms").exit_code == 0


def test_sign_needs_a_key_and_a_guide(repo):
    result = run(repo, "sign", "a.md", "--reviewer", "amy", "--today", TODAY)
    assert result.exit_code == 2 and "--key" in result.output
    result = run(repo, "sign", "--reviewer", "amy", "--key", str(keys(repo) / "amy"))
    assert result.exit_code == 2
    result = sign(repo, "nope.md")
    assert result.exit_code == 1 and result.stdout.startswith("nope.md:1: guide-unknown:")


def test_sign_refuses_a_bad_date_as_usage_and_uncommitted_words(repo):
    result = run(repo, "sign", "a.md", "--reviewer", "amy", "--key", str(keys(repo) / "amy"),
                 "--date", "2026-02-30")
    assert result.exit_code == 2 and "Traceback" not in result.output
    (repo / "guides/a.md").write_text(LONG + "\nMore.\n")
    result = sign(repo, "a.md")
    assert result.exit_code == 1
    assert result.stdout.startswith("guides/a.md:1: review-uncommitted: guides/a.md has changes "
                                    "that are not committed")
    assert not (repo / "reviews").exists()


def test_verify_against_the_base_branch(repo):
    assert sign(repo, "a.md").exit_code == 0
    commit(repo, "sign a")
    result = run(repo, "verify", "--allowed-signers-from", "main", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "1 signature(s) verified against main:reviewers.yml" in result.stderr

    # A pull request that swaps in its own key for amy cannot vouch for itself with it.
    git(repo, "checkout", "-q", "-b", "takeover")
    write_registry(repo, [person("amy", ["en", "ms"], [
        {"key": (keys(repo) / "mallory.pub").read_text().strip()}])])
    commit(repo, "my key now")
    result = run(repo, "sign", "b.md", "--reviewer", "amy", "--key", str(keys(repo) / "mallory"),
                 "--today", TODAY)
    assert result.exit_code == 0
    commit(repo, "sign b")
    result = run(repo, "verify", "--allowed-signers-from", "main", "--today", TODAY)
    assert result.exit_code == 1
    assert [line.split(": ")[0] + ": " + line.split(": ")[1] for line in
            result.stdout.splitlines()] == ["reviews/en/b.yml:8: signature-invalid"]


def _edit(repo: Path, old: str, new: str, path: str = "locales/ms/LC_MESSAGES/a.po") -> None:
    target = repo / path
    target.write_text(target.read_text().replace(old, new))


def test_diff_of_a_translation_is_in_page_order_and_shows_fuzzy_as_fuzzy(repo):
    assert sign(repo, "a.md", "-l", "ms").exit_code == 0
    commit(repo, "sign a ms")
    _edit(repo, "Perenggan zebra dahulu.", "Perenggan zebra yang pertama.")
    _edit(repo, 'msgid "Mango paragraph', '#, fuzzy\nmsgid "Mango paragraph')
    _edit(repo, "Perenggan epal kedua.", "Perenggan epal yang kedua.")
    result = run(repo, "diff", "a.md", "--locale", "ms")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("note: readers of ms now get the en page: 1 fuzzy and 0 untranslated "
                        "message(s)")
    changed = [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-Perenggan zebra dahulu.", "+Perenggan zebra yang pertama.",
        "-Perenggan epal kedua.", "+Perenggan epal yang kedua.",
        "-Perenggan mangga akhir.", "+[fuzzy, not shown to readers] Perenggan mangga akhir."]
    assert re.match(r"--- guides/a\.md \(ms\) as signed by amy on 2026-03-10 \(commit "
                    r"[0-9a-f]{12}\)$", lines[1])


def test_diff_of_english_and_when_unchanged_or_unsigned(repo):
    assert run(repo, "diff", "a.md").exit_code == 1
    assert sign(repo, "a.md").exit_code == 0
    result = run(repo, "diff", "a.md")
    assert (result.exit_code, result.stdout) == (
        0, "no change since the en sign-off of 2026-03-10 by amy\n")
    _edit(repo, "Apple paragraph comes second.", "Apple paragraph now comes second.",
          "guides/a.md")
    result = run(repo, "diff", "a.md")
    assert "-Apple paragraph comes second.\n+Apple paragraph now comes second.\n" in result.stdout


@pytest.fixture
def pull_request(repo):
    """main: a.md signed in en and ms, b.md in en. Branch `change` edits a.md's English and
    Malay, adds a reviewer, and leaves an unsigned record behind."""
    assert sign(repo, "a.md", "b.md").exit_code == 0
    assert sign(repo, "a.md", "-l", "ms").exit_code == 0
    commit(repo, "sign-offs")
    git(repo, "checkout", "-q", "-b", "change")
    _edit(repo, "Mango paragraph comes last.", "Mango paragraph comes last.\n\n"
          '<!-- safe-messaging: allow numbers-detail '
          'reason="prevalence <img src=x> from the cited survey" '
          "-->\nAbout 1 in 20 teens.", "guides/a.md")
    _edit(repo, "Perenggan zebra dahulu.", "Perenggan zebra | dahulu sekali.")
    write_registry(repo, [person("amy", ["en", "ms"], [{"key": (keys(repo) / "amy.pub")
                                                       .read_text().strip()}], github="amy-fic"),
                          person("ben", ["en"], [{"key": (keys(repo) / "ben.pub").read_text()
                                                  .strip()}]),
                          person("cat", ["ta"], name="Dr Cat | *Fictional*")])
    record = repo / "reviews/en/b.yml"
    record.write_text("\n".join(x for x in record.read_text().splitlines()
                                if not x.startswith("signature:")) + "\n")
    commit(repo, "edit a, add cat, strip a signature", "2026-03-05")
    return repo


def test_the_review_comment(pull_request):
    result = run(pull_request, "report", "--base", "main", "--today", TODAY)
    assert result.exit_code == 0, result.output
    body = result.stdout
    assert body.startswith("<!-- guidekit-review-report -->\n## Clinical review\n\n"
                           "> [!CAUTION]\n> **This pull request edits `reviewers.yml`**")
    assert "> - added: Dr Cat \\| \\*Fictional\\*, Psychiatrist for ta\n" in body
    assert "> [!WARNING]\n> **1 sign-off problem(s)**" in body
    assert ("> - `reviews/en/b.yml:3: signature-missing: the en sign-off by amy is not "
            "signed") in body
    assert "This change touches 2 guide(s) in 4 language(s): en, ms, zh_Hans, ta." in body
    # one collapsible section per guide, a blank line after <summary> so Markdown renders
    section = body.split("<details>\n")[1].split("</details>")[0]
    assert section.startswith("<summary><strong>guides/a.md</strong> — en: changed · ms: changed"
                              " · zh_Hans: unsigned · ta: unsigned</summary>\n\n| Language |")
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[1].startswith("| en | **changed** | Dr Amy (fictional), Psychiatrist (@amy-fic) "
                              "on 2026-03-10, words of commit `")
    assert rows[1].endswith("| the en page | Dr Amy (fictional), Psychiatrist (@amy-fic); "
                            "Dr Ben (fictional), Psychiatrist |")
    assert rows[2].split(" | ")[3] == "the **en page** (0 fuzzy, 1 untranslated)"
    assert rows[4] == ("| ta | **unsigned** | – | the **en page** (0 fuzzy, 6 untranslated) | "
                       "**nobody yet**: no reviewer with a key is registered for ta |")
    # the inline diffs: what readers see, in page order
    assert "**en: what its readers see now, compared with the sign-off of 2026-03-10**" in section
    assert "```diff\n--- guides/a.md as signed by amy on 2026-03-10" in section
    assert "+About 1 in 20 teens.\n" in section
    ms = section.split("**ms: what its readers see now")[1]
    assert "-Perenggan zebra dahulu.\n+Perenggan zebra | dahulu sekali.\n" in ms
    assert "- the en text changed too" in ms
    assert "guides/b.md</strong> — en: unsigned" in body
    assert body.endswith("### Safe-messaging suppressions in the touched guides\n\n"
                         "- `guides/a.md:14` allows `numbers-detail`: \"prevalence &lt;img "
                         "src=x&gt; from the cited survey\"\n")


def test_the_comment_is_valid_github_markdown_structure(pull_request):
    body = run(pull_request, "report", "--base", "main", "--today", TODAY).stdout
    assert body.count("<details>") == body.count("</details>") == 2
    fences = [line for line in body.splitlines() if line.startswith("```")]
    assert len(fences) % 2 == 0
    outside = re.sub(r"(?ms)^```diff\n.*?^```$", "", body)
    assert "<img" not in outside  # what writers type is text, never HTML
    for line in outside.splitlines():
        if line.startswith("| "):
            assert line.count(" | ") - line.count("\\| ") == 4, line


def test_a_report_without_guide_changes(repo):
    git(repo, "checkout", "-q", "-b", "docs")
    (repo / "README.md").write_text("hello\n")
    commit(repo, "readme")
    body = run(repo, "report", "--base", "main", "--today", TODAY).stdout
    assert body == ("<!-- guidekit-review-report -->\n## Clinical review\n\nThis change touches "
                    "no guide, translation or sign-off.\n\n### Safe-messaging suppressions in "
                    "the touched guides\n\nNone.\n")


def test_report_outside_git_is_a_plain_problem(make_project):
    root = make_project({"guides/a.md": GUIDE})
    result = run(root, "report", "--base", "main")
    assert result.exit_code == 1
    assert result.stdout.startswith(".:1: git-failed: git diff")


def test_the_fence_outgrows_any_backticks_in_the_diff():
    assert reviewreport.fenced(["a ```` b\n"]) == ["`````diff", "a ```` b", "`````"]
    assert reviewreport.cell("a|b <i>\nc") == "a\\|b &lt;i&gt; c"


def test_codeowners_from_the_registry(repo):
    result = run(repo, "codeowners", "--check")
    assert result.exit_code == 1
    assert result.stdout.startswith(".github/CODEOWNERS:1: codeowners-outdated:")
    assert run(repo, "codeowners").exit_code == 0
    text = (repo / ".github/CODEOWNERS").read_text()
    assert text.splitlines()[3:] == [
        "# Reviewers without a github username (not requested): ben",
        "/reviewers.yml @amy-fic",
        "/guides/ @amy-fic",
        "/reviews/en/ @amy-fic",
        "/locales/ms/ @amy-fic",
        "/reviews/ms/ @amy-fic",
        "# /locales/zh_Hans/: no reviewer with a github username for zh_Hans: its catalogues",
        "# /reviews/zh_Hans/: no reviewer with a github username for zh_Hans: its sign-offs",
        "# /locales/ta/: no reviewer with a github username for ta: its catalogues",
        "# /reviews/ta/: no reviewer with a github username for ta: its sign-offs"]
    assert run(repo, "codeowners", "--check").exit_code == 0


def test_the_shipped_codeowners_matches_the_shipped_registry(root):
    assert codeowners.write(projectmod.load(root / "mkdocs.yml"), check=True) == []



def test_the_comment_renders_as_github_markdown(pull_request):
    # CommonMark with GitHub's tables and raw HTML: how GitHub reads a comment.
    from markdown_it import MarkdownIt

    body = run(pull_request, "report", "--base", "main", "--today", TODAY).stdout
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(body)
    sections = re.findall(r"<details>\n<summary>(.*?)</summary>(.*?)</details>", html, re.DOTALL)
    assert [s[0].split("</strong>")[0] for s in sections] == [
        "<strong>guides/a.md", "<strong>guides/b.md"]
    first = sections[0][1]
    assert first.count("<table>") == 1 and first.count("<th>") == 5
    assert first.count("<tr>") == 5                     # the header and four languages
    assert first.count('<pre><code class="language-diff">') == 2  # en and ms
    assert "<img" not in html and "&lt;img src=x&gt;" in html
    assert "Dr Cat | *Fictional*, Psychiatrist for ta" in html  # no <em>, the pipe kept
    assert '<blockquote>\n<p>[!CAUTION]' in html      # GitHub shows it as an alert box

