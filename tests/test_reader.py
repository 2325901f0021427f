"""reader.py: what the reader-facing templates get, built without MkDocs."""

from __future__ import annotations

import re

import pytest
from guidekit import config as projectmod
from guidekit.i18n.sitestrings import TEMPLATE_STRINGS
from guidekit.site import reader

REGISTRY = """\
services:
  - id: heal
    name: {en: Talian HEAL, ms: Talian HEAL, zh_Hans: 卫生部心理健康热线（Talian HEAL）, ta: Talian HEAL}
    numbers:
      - {display: "15555", tel: "15555"}
    topics: [eating-disorders]
    hours: 8 am to midnight
    verified_on: 2026-01-15
  - id: emergency
    name: {en: Emergency (MERS 999), ms: Kecemasan (MERS 999)}
    numbers:
      - {display: "999", tel: "999"}
    verified_on: null
  - id: befrienders-kl
    name: {en: Befrienders Kuala Lumpur}
    numbers:
      - {display: "03-7627 2929", tel: "+60376272929"}
      - {display: "019-261 5999", tel: "+60192615999", note: WhatsApp, channel: whatsapp}
    verified_on: null
"""


MS_SITE_PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "Get help now"
msgstr "Dapatkan bantuan sekarang"

msgid "Number last checked on {date}."
msgstr "Nombor terakhir disemak pada {date}."
'''


@pytest.fixture
def proj(make_project):
    root = make_project({
        "guides/index.md": "# Home\n",
        "guides/_data/helplines.yml": REGISTRY,
        "locales/ms/LC_MESSAGES/site.po": MS_SITE_PO,
    })
    return projectmod.load(root / "mkdocs.yml")


def ctx(proj, locale="en"):
    return reader.reader_context(proj, proj.locale(locale))


def test_every_template_string_is_there(proj):
    for locale in ("en", "ms", "zh_Hans", "ta"):
        strings = ctx(proj, locale)["strings"]
        assert set(TEMPLATE_STRINGS) <= set(strings)
    assert ctx(proj, "ms")["strings"]["Get help now"] == "Dapatkan bantuan sekarang"
    assert ctx(proj, "ta")["strings"]["Get help now"] == "Get help now"


def test_emergency_first_then_registry_order(proj):
    ids = [s["id"] for s in ctx(proj)["helplines"]]
    assert ids == ["emergency", "heal", "befrienders-kl"]


def test_names_numbers_and_tel_links(proj):
    services = {s["id"]: s for s in ctx(proj, "zh_Hans")["helplines"]}
    assert services["heal"]["name"] == "卫生部心理健康热线（Talian HEAL）"
    assert services["heal"]["name_lang"] == "zh-Hans"
    # No Chinese name: the English one, marked as English for screen readers.
    assert services["befrienders-kl"]["name"] == "Befrienders Kuala Lumpur"
    assert services["befrienders-kl"]["name_lang"] == "en"
    # A WhatsApp number opens a chat with the registry's digits, never a dial link.
    assert [n["tel"] for n in services["befrienders-kl"]["numbers"]] == [
        "tel:+60376272929", "https://wa.me/60192615999"]


def test_verification_text_in_the_locale(proj):
    en = {s["id"]: s for s in ctx(proj, "en")["helplines"]}
    # Malaysian English: day month year, never the US "January 15, 2026".
    assert en["heal"]["verified"] == "Number last checked on 15 January 2026."
    assert en["emergency"]["verified"] == "Number not yet checked against the official source."
    ms = {s["id"]: s for s in ctx(proj, "ms")["helplines"]}
    assert ms["heal"]["verified"] == "Nombor terakhir disemak pada 15 Januari 2026."
    assert ms["heal"]["verified_lang"] == "ms"
    # Untranslated sentence: the date stays in the sentence's language, marked as such.
    ta = {s["id"]: s for s in ctx(proj, "ta")["helplines"]}
    assert ta["heal"]["verified"] == "Number last checked on 15 January 2026."
    assert ta["heal"]["verified_lang"] == "en"


def test_help_panel_markup(proj):
    panel = ctx(proj, "ms")["panels"]["footer"]
    assert panel.index('href="tel:999"') < panel.index('href="tel:15555"')
    assert 'aria-labelledby="guidekit-help-title"' in panel
    assert ">Dapatkan bantuan sekarang</h2>" in panel
    # Untranslated strings are marked as English (WCAG 3.1.2 language of parts).
    assert '<span lang="en">You are not alone.' in panel
    # Help once, calmly: no verification line under each number in any panel.
    for variant in ("footer", "dialog", "crisis"):
        assert "not yet checked" not in ctx(proj, "ms")["panels"][variant]
        assert "guidekit-help__verified" not in ctx(proj)["panels"][variant]
    assert 'href="https://wa.me/60192615999"' in panel
    dialog = ctx(proj)["panels"]["dialog"]
    assert dialog.startswith('<dialog id="guidekit-help-dialog"')
    assert '<form method="dialog"' in dialog
    crisis = ctx(proj)["panels"]["crisis"]
    assert "please talk to someone now" in crisis and 'href="tel:999"' in crisis


def test_page_content_inserts_panels_and_describes_content_notes(proj):
    c = ctx(proj)
    html = ('<p>a</p>\n<div data-guidekit="help-panel"></div>\n'
            '<details class="content-note">\n<summary>Content note: x</summary>\n<p>b</p>\n</details>\n'
            '<div data-guidekit="help-panel"></div>')
    assert reader.has_inline_panel(html) and not reader.has_inline_panel("<p>a</p>")
    out = reader.page_content(html, c)
    assert 'data-guidekit="help-panel"' not in out
    # One inline panel per page, where the guide first asks for it; a second marker is dropped.
    assert out.count('id="guidekit-help-inline"') == 1 and "guidekit-help-inline-2" not in out
    assert out.index('id="guidekit-help-inline"') < out.index("<details")
    assert '<summary aria-describedby="guidekit-content-note-hint">Content note: x</summary>' in out
    assert reader.page_content(out, c).count("aria-describedby") == out.count("aria-describedby")


def test_eating_disorder_panel(proj, make_project):
    c = ctx(proj)
    panel = c["panels"]["ed"]
    assert panel.startswith('<div class="guidekit-help guidekit-help--crisis guidekit-help--ed"')
    assert reader.ED_HEADING in panel and "hurt yourself" not in panel
    # 999 first, then only the services the registry lists for eating disorders.
    assert panel.index('href="tel:999"') < panel.index('href="tel:15555"')
    assert 'data-service="heal"' in panel and 'data-service="befrienders-kl"' not in panel
    assert f'href="{reader.GETTING_HELP_URL_PLACEHOLDER}"' not in panel  # no getting-help guide
    root = make_project({
        "guides/index.md": "# Home\n",
        "guides/getting-help.md": "# Getting help\n",
        "guides/_data/helplines.yml": REGISTRY,
    })
    other = reader.reader_context(projectmod.load(root / "mkdocs.yml"),
                                  projectmod.load(root / "mkdocs.yml").locale("ms"))
    assert f'<a href="{reader.GETTING_HELP_URL_PLACEHOLDER}">' in other["panels"]["ed"]
    assert '<span lang="en">How to get help for an eating disorder</span>' in other["panels"]["ed"]


def test_distress_model_script_cannot_be_broken_out_of(make_project):
    root = make_project({
        "guides/index.md": "# Home\n",
        # Free text reaches the model through fold tables: it must stay inert in a script file.
        "guides/_data/distress-terms.yml": 'en:\n  fold: {"<": "</script><!--&"}\n  crisis: [x]\n',
    })
    js = reader.distress_model_js(projectmod.load(root / "mkdocs.yml"))
    assert js.startswith("// Generated") and "window.guidekitDistressModel = {" in js
    body = js.split("\n", 1)[1]
    assert "<" not in body and ">" not in body and "&" not in body and js.isascii()
    assert "\\u003c/script\\u003e\\u003c!--\\u0026" in body


def test_no_model_without_a_distress_file(make_project):
    root = make_project({"guides/index.md": "# Home\n"})
    assert reader.distress_model_js(projectmod.load(root / "mkdocs.yml")) is None


def test_content_note_bodies_are_kept_out_of_search():
    html = ('<p>a</p><details class="content-note"><summary>Content note: x</summary>'
            '<p>hidden</p><details class="note"><summary>inner</summary><p>y</p></details>'
            '<p>also hidden</p></details><p>after</p>')
    out = reader.hide_note_bodies_from_search(html)
    assert out == ('<p>a</p><details class="content-note"><summary>Content note: x</summary>'
                   f'{reader.NOTE_BODY_OPEN}<p>hidden</p><details class="note"><summary>inner'
                   '</summary><p>y</p></details><p>also hidden</p></div></details><p>after</p>')
    assert reader.hide_note_bodies_from_search(out) == out
    assert reader.hide_note_bodies_from_search("<details><summary>s</summary>x</details>") == \
        "<details><summary>s</summary>x</details>"


def test_data_json_cannot_close_its_script(proj, tmp_path):
    c = ctx(proj)
    assert "<" not in c["data_json"] and ">" not in c["data_json"]
    assert re.search(r'"hint_id": "guidekit-content-note-hint"', c["data_json"])


def test_real_project_context(root):
    proj = projectmod.load(root / "mkdocs.yml")
    for loc in proj.locales:
        c = reader.reader_context(proj, loc)
        assert c["helplines"] and c["helplines"][0]["emergency"], "999 must come first"
        assert c["helplines"][0]["numbers"][0]["tel"] == "tel:999"
        assert "heal" in [s["id"] for s in c["helplines"] if "eating-disorders" in s["topics"]]
        assert all(s["numbers"] for s in c["helplines"])


def test_check_note_says_once_whether_numbers_were_checked(proj, make_project):
    html = '<p>x</p>\n<div data-guidekit="helpline-check-note"></div>'
    out = reader.page_content(html, ctx(proj))
    assert out == ('<p>x</p>\n<p class="guidekit-check-note">These numbers have not yet been '
                   "checked against each service&#x27;s official source.</p>")
    checked = REGISTRY.replace("verified_on: null", "verified_on: 2026-03-02")
    root = make_project({"guides/index.md": "# Home\n", "guides/_data/helplines.yml": checked})
    proj2 = projectmod.load(root / "mkdocs.yml")
    # The oldest check is the one that counts, in Malaysian English.
    assert "official source on 15 January 2026." in reader.page_content(
        html, reader.reader_context(proj2, proj2.locale("en")))
