"""Reader dates (Babel, git), the printed handout's QR code and block, the contributors' pages."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess

import pytest
import segno
from guidekit.i18n import dates
from guidekit.site import printing, statuspages
from guidekit.site.lastupdated import LastUpdated

DAY = dt.date(2026, 3, 9)


@pytest.mark.parametrize("locale,babel,text", [
    ("en", "en_MY", "9 March 2026"),               # not the US "March 9, 2026"
    ("ms", "ms_MY", "9 Mac 2026"),
    ("zh_Hans", "zh_Hans_MY", "2026年3月9日"),
    ("ta", "ta_MY", "9 மார்ச், 2026"),
    ("xx", "en_MY", "9 March 2026"),               # unknown to CLDR: Malaysian English
])
def test_dates_are_malaysian(locale, babel, text):
    assert dates.babel_locale(locale) == babel
    assert dates.format_day(DAY, locale) == text


def _git(root, *args, date=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+08:00"
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_last_updated_is_the_newest_commit_of_the_guide_or_its_catalogue(tmp_path):
    root = tmp_path / "repo"
    (root / "guides").mkdir(parents=True)
    (root / "locales/ms/LC_MESSAGES").mkdir(parents=True)
    guide, po = root / "guides/a.md", root / "locales/ms/LC_MESSAGES/a.po"
    _git(root, "init", "-q")
    guide.write_text("# A\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "guide", date="2026-01-05")
    po.write_text('msgid ""\nmsgstr ""\n')
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "translation", date="2026-02-10")
    (root / "guides/b.md").write_text("# B\n")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "another guide", date="2026-03-01")
    updated = LastUpdated(root, [root / "guides", root / "locales"])
    assert updated.page(guide) == dt.date(2026, 1, 5)            # the English page
    assert updated.page(guide, po) == dt.date(2026, 2, 10)       # the Malay page: its PO is newer
    assert updated.page(root / "guides/b.md") == dt.date(2026, 3, 1)
    assert updated.page(root / "guides/new.md") is None          # not committed yet


def test_last_updated_outside_git_is_none(tmp_path):
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides/a.md").write_text("# A\n")
    assert LastUpdated(tmp_path, [tmp_path / "guides"]).page(tmp_path / "guides/a.md") is None


URL = "https://guides.example.my/ta/caregivers/festive-meals-and-fasting/"


def test_qr_code_is_inline_svg_of_the_page_address():
    svg = printing.qr_svg(URL)
    assert svg.startswith('<svg viewBox="0 0 ') and svg.endswith("</svg>")
    qr = segno.make(URL, error="m", micro=False)
    side = qr.symbol_size(border=4)[0]
    assert f'viewBox="0 0 {side} {side}"' in svg
    assert qr.error == "M"
    # Nothing is fetched and nothing runs: a path, no href, no script, no fixed size.
    assert not re.search(r"href|<script|<image|width=|height=", svg)
    assert printing.qr_svg(URL) == svg                       # deterministic build output
    assert printing.qr_svg(URL + "x") != svg


def test_print_block_escapes_what_it_is_given():
    ctx = {"strings": {}, "untranslated": [], "locale": {"source": True, "source_lang": "en"}}
    block = printing.print_info(ctx, 'Guides <b>"&', URL + '?q="><script>')
    assert "<script>" not in block and "<b>" not in block
    assert 'Guides &lt;b&gt;&quot;&amp;' in block
    assert 'Printed on <time class="guidekit-print-info__date"></time>' in block
    assert "Scan to read this page online" in block
    assert "data-guidekit-print hidden>" in printing.print_button(ctx)  # shown by print.js


def _t(msgid, **values):
    return ("«" + msgid + "»").format(**values)


def test_status_pages_speak_to_coordinators():
    stats = {"ms": {"a.md": {"total": 4, "translated": 4, "fuzzy": 0, "untranslated": 0},
                    "b/c.md": {"total": 10, "translated": 6, "fuzzy": 3, "untranslated": 1}}}
    titles = {"a.md": "Tajuk A", "b/c.md": "<img src=x> | C"}
    page = statuspages.translation_markdown(_t, stats, {"ms": "Bahasa Melayu"}, titles)
    assert ".md`" not in page and "Fuzzy" not in page and "Untranslated" not in page
    assert "| «Guide» | Bahasa Melayu |" in page
    assert "| [Tajuk A](../a.md) | «Complete» |" in page
    assert "«6 of 10 parts translated»; «3 changed in English and need updating»" in page
    assert "&lt;img src=x&gt; \\| C" in page and "<img" not in page
    rows = [{"guide": "a.md", "locale": "ms", "state": "unsigned", "reviewer": None,
             "date": None, "next_due": None},
            {"guide": "b/c.md", "locale": "ms", "state": "current", "reviewer": "Dr X",
             "date": "2026-03-09", "next_due": "2027-03-09"}]
    page = statuspages.review_markdown(_t, rows, {"ms": "Bahasa Melayu"}, titles,
                                       lambda iso: dates.format_day(dt.date.fromisoformat(iso), "ms"))
    assert "unsigned" not in page and ".md`" not in page
    assert "| [Tajuk A](../a.md) | Bahasa Melayu | «Not yet checked» | — | — | — |" in page
    assert "«Checked» | Dr X | 9 Mac 2026 | 9 Mac 2027 |" in page
    assert "«Checked by a health professional?»" in page
