"""Translated pages as readers get them: complete translations, honest fallbacks, safety."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from guidekit import config as projectmod
from guidekit.i18n import catalogs

GUIDE = """\
---
title: Sleep and rest
description: Why rest matters.
---

# Sleep and rest

Rest helps your mood. See [help](other.md#talk-to-someone).

## Why rest matters {#why}

- Sleep gives the body time to recover.
- Call [[helpline:heal]] if you need to talk.

## A heading without an id

| Thing | Helps |
| --- | --- |
| Sleep | Yes |
"""

OTHER = """\
---
title: Other
---

# Other

## Talk to someone {#talk-to-someone}

Talking helps.
"""

HELPLINES = """\
services:
  - id: heal
    name: {en: Talian HEAL, ms: Talian HEAL}
    numbers:
      - {display: "15555", tel: "15555"}
    source: test fixture
    verified_on: null
"""

MALAY = {
    "Sleep and rest": "Tidur dan rehat",
    "Why rest matters.": "Mengapa rehat penting.",
    "Rest helps your mood. See [help](other.md#talk-to-someone).":
        "Rehat membantu emosi anda. Lihat [bantuan](other.md#talk-to-someone).",
    "Why rest matters": "Mengapa rehat penting",
    "Sleep gives the body time to recover.": "Tidur memberi badan masa untuk pulih.",
    "Call [[helpline:heal]] if you need to talk.": "Hubungi [[helpline:heal]] jika anda perlu bercakap.",
    "A heading without an id": "Tajuk tanpa id",
    "Thing": "Perkara",
    "Helps": "Membantu",
    "Sleep": "Tidur",
    "Yes": "Ya",
    "Other": "Lain",
    "Talk to someone": "Bercakap dengan seseorang",
    "Talking helps.": "Bercakap membantu.",
}


def _translate_site(root: Path, locale: str) -> None:
    """Every site string translated (identity): the test is about pages, not the words."""
    proj = projectmod.load(root / "mkdocs.yml")
    po = catalogs.po_file(proj, locale, catalogs.SITE)
    cat = catalogs.read_po(po, po.name, locale)
    for message in cat:
        if message.id:
            message.string = message.id
    catalogs._write(po, catalogs.render(cat))


def _translate(root: Path, locale: str, table: dict[str, str], fuzzy: set[str] = frozenset()) -> None:
    proj = projectmod.load(root / "mkdocs.yml")
    assert catalogs.extract(proj) == []
    catalogs.update(proj, [locale])
    for po in (root / "locales" / locale / "LC_MESSAGES").glob("*.po"):
        if po.name == "site.po":
            continue
        cat = catalogs.read_po(po, po.name, locale)
        for message in cat:
            if message.id in table:
                message.string = table[message.id]
                if message.id in fuzzy:
                    message.flags.add("fuzzy")
        catalogs._write(po, catalogs.render(cat))


def _build(root: Path, locale: str = "ms") -> tuple[subprocess.CompletedProcess, Path]:
    out = root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"), "build",
         "--locale", "en", "--locale", locale, "--site-dir", str(out)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result, out


@pytest.fixture
def project_root(make_project):
    return make_project({"guides/sleep.md": GUIDE, "guides/other.md": OTHER,
                         "guides/_data/helplines.yml": HELPLINES})


def _ids(html: str) -> list[str]:
    return re.findall(r'<h[1-6][^>]* id="([^"]+)"', html)


def test_complete_translation_is_served_with_the_same_heading_ids(project_root):
    _translate(project_root, "ms", MALAY)
    _, site = _build(project_root)
    en = (site / "en" / "sleep" / "index.html").read_text("utf-8")
    ms = (site / "ms" / "sleep" / "index.html").read_text("utf-8")
    assert "Mengapa rehat penting" in ms and "Tidur memberi badan" in ms
    assert _ids(ms) == _ids(en)
    assert "a-heading-without-an-id" in _ids(ms)
    assert 'href="../other/#talk-to-someone"' in ms
    assert 'href="tel:15555"' in ms
    assert "<title>Tidur dan rehat" in ms
    assert "guidekit-notice" not in ms
    assert '<div lang="en">' not in ms


def test_a_fuzzy_message_keeps_the_english_page_with_a_notice(project_root):
    _translate(project_root, "ms", MALAY, fuzzy={"Talking helps."})
    _, site = _build(project_root)
    other = (site / "ms" / "other" / "index.html").read_text("utf-8")
    assert "Bercakap membantu" not in other and "Bercakap dengan seseorang" not in other
    assert "guidekit-notice" in other and '<div lang="en">' in other
    sleep = (site / "ms" / "sleep" / "index.html").read_text("utf-8")
    assert "Tidur memberi badan" in sleep  # the complete guide is still served translated


@pytest.mark.parametrize("bad", [
    'Rehat membantu. <script>alert(1)</script> Lihat [bantuan](other.md#talk-to-someone).',
    'Rehat membantu. Lihat [bantuan](javascript:alert(1)).',
    'Rehat membantu. Hubungi 03-9999 9999. Lihat [bantuan](other.md#talk-to-someone).',
])
def test_an_unsafe_msgstr_never_reaches_the_html_and_the_log_names_the_po_line(project_root, bad):
    table = dict(MALAY)
    table["Rest helps your mood. See [help](other.md#talk-to-someone)."] = bad
    _translate(project_root, "ms", table)
    result, site = _build(project_root)
    ms = (site / "ms" / "sleep" / "index.html").read_text("utf-8")
    assert "alert(1)" not in ms and "9999" not in ms
    assert "Rest helps your mood." in ms  # that one message falls back to the source text
    assert "Tidur memberi badan" in ms    # the rest of the translation is kept
    po_line = catalogs.message_lines(project_root / "locales/ms/LC_MESSAGES/sleep.po")[
        "Rest helps your mood. See [help](other.md#talk-to-someone)."]
    assert re.search(rf"locales/ms/LC_MESSAGES/sleep\.po:{po_line}: unsafe-translation: ", result.stderr)


def _fictional_clinician(root: Path, committed_on: str) -> Path:
    """A git repository of the project with one fictional reviewer and a throwaway key; every
    file committed on `committed_on`. Returns the private key."""
    from test_review import commit, git, person, write_registry

    key = root.parent / (root.name + "-key")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    write_registry(root, [person("test-clinician", ["en", "ms", "zh_Hans", "ta"],
                                 [{"key": key.with_suffix(".pub").read_text().strip()}],
                                 name="Dr Test Fictional")])
    (root / ".gitignore").write_text("site/\n")
    git(root, "init", "-q", "-b", "main")
    commit(root, "start", committed_on)
    return key


def _sign(root: Path, key: Path, guide: str, locales: list[str], date: str | None = None):
    from click.testing import CliRunner
    from guidekit.cli import main

    args = ["-f", str(root / "mkdocs.yml"), "review", "sign", guide, "--reviewer",
            "test-clinician", "--key", str(key), *(x for lid in locales for x in ("-l", lid))]
    result = CliRunner().invoke(main, args + (["--date", date] if date else []))
    assert result.exit_code == 0, result.output


def test_signed_pages_show_review_dates_in_each_language_and_drafts_a_banner(project_root):
    import datetime as dt

    for locale in ("ms", "zh_Hans", "ta"):
        # An identity translation is a complete one; the test is about the footer, not the words.
        _translate(project_root, locale, {m: m for m in MALAY})
    signed_on = dt.date.today().replace(day=1) - dt.timedelta(days=20)  # mid-month, in the past
    key = _fictional_clinician(project_root, signed_on.isoformat())
    _sign(project_root, key, "sleep.md", ["en", "ms", "zh_Hans", "ta"], signed_on.isoformat())
    out = project_root / "site"
    result = subprocess.run([sys.executable, "-m", "guidekit.cli", "-f", str(project_root / "mkdocs.yml"),
                             "build", "--site-dir", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    from babel.dates import format_date
    from guidekit.i18n.dates import format_day

    due = signed_on.replace(year=signed_on.year + 1)  # the default interval: 12 months
    for url, locale in (("en", "en"), ("ms", "ms"), ("zh", "zh_Hans"), ("ta", "ta")):
        page = (out / url / "sleep" / "index.html").read_text("utf-8")
        footer = re.search(r'<aside class="guidekit-review">(.*?)</aside>', page, re.DOTALL).group(1)
        assert "Dr Test Fictional" in footer
        assert format_day(signed_on, locale) in footer, (url, footer)
        assert format_day(due, locale) in footer, (url, footer)
        assert "guidekit-banner" not in page
        # Signing needs git, so the project is a clone: "Last updated" is the commit's date.
        updated = re.search(r'class="guidekit-review__updated">(.*?)</p>', page).group(1)
        assert format_day(signed_on, locale) in updated, (url, updated)
    en = (out / "en" / "sleep" / "index.html").read_text("utf-8")
    assert f"Reviewed by Dr Test Fictional, Psychiatrist, on " \
           f"{signed_on.day} {format_date(signed_on, 'MMMM', locale='en')} {signed_on.year} · " \
           f"Next review due {due.day} " in en
    assert format_date(signed_on, format="long", locale="en") not in en  # not US style
    # The other guide was never signed: honestly a draft in every language.
    for url in ("en", "ms", "zh", "ta"):
        assert "guidekit-banner" in (out / url / "other" / "index.html").read_text("utf-8")


NAV = ("nav:\n  - Sleep: sleep.md\n  - Help:\n      - Other: other.md\n  - Status:\n"
       "      - status/review.md\n      - status/translations.md\n")


@pytest.mark.parametrize("mode", ["withhold", "draft"])
def test_publishing_leaves_out_unsigned_pages_with_valid_nav_and_links(make_project, mode):
    from conftest import MINIMAL_MKDOCS

    mkdocs = MINIMAL_MKDOCS.replace("      source_locale: en\n",
                                    f"      source_locale: en\n      unreviewed: {mode}\n").replace(
        "site_url: http://localhost:8000/", "site_url: https://guides.example.org/") + NAV
    root = make_project({"guides/sleep.md": GUIDE, "guides/other.md": OTHER,
                         "guides/_data/helplines.yml": HELPLINES.replace(
                             "verified_on: null", "verified_on: 2026-11-01")}, mkdocs=mkdocs)
    _translate(root, "ms", MALAY)
    _translate_site(root, "ms")   # --publish needs the help panel, crisis panel and notices
    key = _fictional_clinician(root, "2026-11-01")
    _sign(root, key, "sleep.md", ["en"])      # sleep: English signed, Malay not; other: nothing
    out = root / "site"
    result = subprocess.run([sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"),
                             "build", "--publish", "--locale", "en",
                             "--locale", "ms", "--site-dir", str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr  # strict build: nav, links valid
    verb = "withheld" if mode == "withhold" else "shown as a draft"
    assert f"guides/other.md:1: warning: review-withheld: {verb} in every language: no valid " \
           "en sign-off" in result.stdout
    assert f"guides/sleep.md:1: warning: review-withheld: ms translation {verb}: no valid ms " \
           "sign-off" in result.stdout
    en = (out / "en" / "sleep" / "index.html").read_text("utf-8")
    ms = (out / "ms" / "sleep" / "index.html").read_text("utf-8")
    if mode == "draft":
        assert (out / "en" / "other" / "index.html").is_file()
        assert "guidekit-banner" in (out / "en" / "other" / "index.html").read_text("utf-8")
        assert "Tidur dan rehat" in ms
        return
    for url in ("en", "ms"):
        assert not (out / url / "other").exists()
        for page in (out / url).rglob("*.html"):
            assert "other/" not in re.sub(r'hreflang="[^"]*"', "", page.read_text("utf-8")) or \
                page.name == "404.html", page
    assert "See help." in en and 'href="../other/' not in en
    # the unsigned Malay translation is not shown: its readers get the signed English page
    assert "Tidur dan rehat" not in ms and "Rest helps your mood." in ms
    assert "guidekit-notice" in ms and "Dr Test Fictional" in ms


def test_a_broken_helpline_registry_stops_the_build_with_its_line_and_no_traceback(project_root):
    (project_root / "guides/_data/helplines.yml").write_text("services:\n  - id: heal\n    name: [\n",
                                                             encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "guidekit.cli", "-f", str(project_root / "mkdocs.yml"),
                             "build", "--locale", "en", "--site-dir", str(project_root / "site")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "guides/_data/helplines.yml:" in result.stdout and "helplines-yaml" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
