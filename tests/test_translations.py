"""The translations layer and the safety rules every reader-visible translation passes."""

from __future__ import annotations

import logging
import sys
import unicodedata

import pytest
from guidekit.checks import qa
from guidekit.i18n import translations
from hostile import HOSTILE, SAFE


@pytest.mark.parametrize("msgid,msgstr,code", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_every_hostile_translation_is_refused_with_its_code(msgid, msgstr, code):
    found = {f.code for f in qa.is_safe_to_render(msgid, msgstr)}
    assert code in found, found
    assert found <= qa.SAFETY_CODES
    # `check` reports the same finding as advice.
    assert code in {f.code for f in qa.check_message(msgid, msgstr)}


@pytest.mark.parametrize("msgid,msgstr", [s[1:] for s in SAFE], ids=[s[0] for s in SAFE])
def test_ordinary_translations_are_not_refused(msgid, msgstr):
    assert qa.is_safe_to_render(msgid, msgstr) == []


def test_hostile_list_covers_every_safety_code():
    assert {h[3] for h in HOSTILE} == qa.SAFETY_CODES


def test_every_unicode_format_character_counts_as_invisible():
    missing = [f"U+{cp:04X}" for cp in range(sys.maxunicode + 1)
               if unicodedata.category(chr(cp)) in ("Cf", "Zl", "Zp")
               and not qa.invisible_characters(chr(cp))]
    assert missing == []


def test_a_bidi_control_the_source_has_is_allowed():
    assert qa.is_safe_to_render("a \u200f 12", "b \u200f 12") == []


def test_gate_shows_safe_translations_and_the_source_for_refused_ones(caplog):
    gate = translations.Gate({"Get help now": "Dapatkan bantuan", "Open 24 hours": "Buka 42 jam"},
                             "locales/ms/LC_MESSAGES/site.po", {"Open 24 hours": 17})
    with caplog.at_level(logging.WARNING, logger="guidekit"):
        assert gate("Get help now") == "Dapatkan bantuan"
        assert gate("Open 24 hours") == "Open 24 hours"
        assert gate("Open 24 hours") == "Open 24 hours"
        assert gate("Not in the catalogue") == "Not in the catalogue"
    assert gate.get("Not in the catalogue") is None
    assert [r.getMessage() for r in caplog.records] == [
        ("locales/ms/LC_MESSAGES/site.po:17: unsafe-translation: number-changed; "
         "showing the source text instead")]


@pytest.mark.parametrize("text", ["{0}", "{}", "{emergency", "}{", "{{emergency}}", "{a.b}", "{x!r:>9}",
                                  "%(x)s %s"])
def test_fill_never_raises_and_fills_only_named_fields(text):
    assert translations.fill(text, {"emergency": "999"}) == text.replace("{emergency}", "999")


def test_fill_does_not_expand_a_value_twice():
    assert translations.fill("{a} {b}", {"a": "{b}", "b": "x"}) == "{b} x"


def test_a_refused_site_string_with_a_positional_field_falls_back_without_crashing(tmp_path):
    gate = translations.Gate({"In {language}.": "Dalam {0}."}, "site.po", {})
    assert gate("In {language}.", language="Bahasa Melayu") == "In Bahasa Melayu."


def test_source_problems_are_at_the_guides_line_and_ignore_front_matter_text():
    from guidekit import frontmatter

    doc = frontmatter.split("---\ntitle: 'javascript: in a title is text'\n---\n\n# Hi\n\n"
                            "[x](javascript:alert(1))\n", "guides/x.md")
    assert [p.format() for p in translations.source_problems(doc)] == [
        ("guides/x.md:7: unsafe-url: the guide contains a javascript: URL; "
         "link to a page of the site or to an https:// address instead")]
