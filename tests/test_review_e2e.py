"""End to end, on a temp copy of the real project: a fictional clinician adds themselves the
documented way, signs every guide in every language, and `guidekit check` and
`guidekit build --publish` stay green. Nothing here touches the shipped reviewers.yml."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from guidekit import config as projectmod
from guidekit.i18n import catalogs
from test_review import git

IGNORE = shutil.ignore_patterns(".venv", ".git", "site", "__pycache__", ".pytest_cache",
                                ".ruff_cache", ".mypy_cache", "*.egg-info")


def guidekit(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GUIDEKIT_SITE_URL": "https://guides.example.org/"}  # as deploys set it
    return subprocess.run([sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"),
                           *args], capture_output=True, text=True, check=False, env=env)


def commit_now(root: Path, message: str) -> None:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    git(root, "add", "-A", date=today)
    git(root, "commit", "-q", "-m", message, date=today)


def complete_every_translation(root: Path) -> None:
    """Stand-in translators: every missing or fuzzy message gets its English text (an identity
    translation is complete and safe; the test is about sign-off, not about the words)."""
    proj = projectmod.load(root / "mkdocs.yml")
    for locale in proj.targets:
        for guide in proj.guides():
            path = proj.po_path(locale.id, guide)
            catalog = catalogs.read_po(path, proj.rel(path), locale.id)
            for message in catalog:
                if message.id and (not message.string or message.fuzzy):
                    message.string = message.id
                    message.flags.discard("fuzzy")
            catalogs._write(path, catalogs.render(catalog))


def test_a_clinician_signs_every_guide_in_every_language_and_publishing_stays_green(
        root, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(root, project, ignore=IGNORE)
    git(project, "init", "-q", "-b", "main")
    (project / ".git/info/exclude").write_text("site/\n")
    complete_every_translation(project)
    today = dt.date.today().isoformat()
    helplines = project / "guides/_data/helplines.yml"  # a person checked them (in this copy)
    helplines.write_text(helplines.read_text().replace("verified_on: null",
                                                       f"verified_on: {today}"))
    commit_now(project, "the project, translated")

    # The clinician adds themselves as CONTRIBUTING.md says: an entry with their key.
    key = tmp_path / "clinician"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    registry = project / "reviewers.yml"
    registry.write_text(registry.read_text().replace("reviewers: []", "reviewers:") + (
        "  - id: dr-test-fictional\n"
        "    name: Dr Test Fictional\n"
        "    role: Psychiatrist (fictional, tests only)\n"
        "    qualification: MBBS (fictional)\n"
        "    locales: [en, ms, zh_Hans, ta]\n"
        "    github: test-fictional\n"
        "    keys:\n"
        f"      - key: {key.with_suffix('.pub').read_text().strip()}\n"))
    assert guidekit(project, "review", "codeowners").returncode == 0
    assert "@test-fictional" in (project / ".github/CODEOWNERS").read_text()
    commit_now(project, "reviewers: add Dr Test Fictional")

    signed = guidekit(project, "review", "sign", "--all", "-l", "en", "-l", "ms", "-l",
                      "zh_Hans", "-l", "ta", "--reviewer", "dr-test-fictional", "--key", str(key))
    assert signed.returncode == 0, signed.stdout + signed.stderr
    guides = projectmod.load(project / "mkdocs.yml").guides()
    assert len(re.findall(r"signed off by dr-test-fictional", signed.stderr)) == 4 * len(guides)
    commit_now(project, "review: sign every guide")

    status = guidekit(project, "review", "status", "--format", "json")
    assert status.returncode == 0 and '"unsigned"' not in status.stdout
    assert guidekit(project, "review", "verify").returncode == 0
    check = guidekit(project, "check")
    assert check.returncode == 0, check.stdout
    check = guidekit(project, "check", "--publish")
    assert check.returncode == 0, check.stdout
    assert "review-withheld" not in check.stdout
    out = tmp_path / "out"
    build = guidekit(project, "build", "--publish", "--site-dir", str(out))
    assert build.returncode == 0, build.stdout + build.stderr
    assert "0 guide(s) withheld, 0 translation(s)" in build.stderr
    page = (out / "ms" / "warning-signs" / "index.html").read_text("utf-8")
    assert "Dr Test Fictional" in page and "guidekit-banner" not in page
