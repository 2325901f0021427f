"""Translation QA: each bad msgstr gets its exact code; good translations get none."""

from __future__ import annotations

import pytest
from guidekit.checks import qa


def codes(msgid: str, msgstr: str) -> list[str]:
    return [f.code for f in qa.check_message(msgid, msgstr)]


def safe_codes(msgid: str, msgstr: str) -> set[str]:
    return {f.code for f in qa.is_safe_to_render(msgid, msgstr)}


GOOD = [
    ("Call [[helpline:heal]] now.", "Hubungi [[helpline:heal]] sekarang."),
    ("Read [the guide](warning-signs.md#early) first.", "先阅读[指南](warning-signs.md#early)。"),
    ("Use `guidekit check` and **stop**.", "Guna `guidekit check` dan **berhenti**."),
    ("In 2022, 1,000 people took part.", "２０２２年，有1000人参加。"),
    ("Call 03-7627 2929 any time.", "எந்த நேரத்திலும் 03-7627 2929 அழைக்கவும்."),
    ("Data: a short list", "Data: senarai pendek"),
    ("A line  \nbreak", "Satu baris  \nputus"),
    ("<div data-guidekit=\"help-panel\"></div>", "<div data-guidekit=\"help-panel\"></div>"),
    ("See the note[^1] and [NHS][nhs].", "Lihat nota[^1] dan [NHS][NHS]."),
    ("Ask {name} about it.", "Tanya {name} tentangnya."),
    ("Snake_case and 5 * 3 are fine", "snake_case dan 5 * 3 juga"),
    ("", ""),
    ("Untranslated", ""),
]


@pytest.mark.parametrize("msgid,msgstr", GOOD)
def test_good_translations_pass(msgid, msgstr):
    assert qa.check_message(msgid, msgstr) == []


SCRIPTS = [
    "<script>alert(1)</script>",
    "<SCRIPT src=//x.example></SCRIPT>",
    "< script >alert(1)</script >",
    "<scr\u200bipt>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)",
    "&#x3C;ScRiPt&#x3E;alert(1)",
    "&amp;lt;script&amp;gt;",
    "<script\n>alert(1)</script>",
    "<iframe src=x></iframe>",
    "<style>body{display:none}</style>",
    "Teks <img src=x onerror=alert(1)>",
    "Teks <a href='#' ONCLICK = 'x()'>a</a>",
    "Teks <svg/onload=alert(1)>",
    "[Teks](a.md){: onclick=\"alert(1)\" }",
    "Teks {: onmouseover='x()' }",
]


@pytest.mark.parametrize("msgstr", SCRIPTS)
def test_unsafe_html_in_any_spelling(msgstr):
    assert "unsafe-html" in codes("Some text", msgstr)
    assert "unsafe-html" in safe_codes("Some text", msgstr)


URLS = [
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript\\:alert(1))",
    "[x](<javascript:alert(1)>)",
    "![x](javascript:alert(1))",
    "[x](vbscript:msgbox)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](DATA:text/html,hi)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href=' j a v a s c r i p t:alert(1)'>x</a>",
    '<img src="data:image/svg+xml,x">',
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](a.md){: href=\"javascript:alert(1)\" }",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<a href=javascript&NewLine;:alert(1)>x</a>",
    '<a href="&#1;javascript:alert(1)">x</a>',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
]


@pytest.mark.parametrize("msgstr", URLS)
def test_unsafe_url_in_any_spelling(msgstr):
    assert "unsafe-url" in codes("Read [x](a.md).", msgstr)
    assert "unsafe-url" in safe_codes("Read [x](a.md).", msgstr)


def test_the_word_data_is_not_a_url():
    assert codes("Data: a list", "Data: senarai") == []


def test_changed_phone_digit():
    findings = qa.check_message("Call 03-7627 2929.", "Hubungi 03-7627 2928.")
    assert [f.code for f in findings] == ["phone-changed"]
    assert findings[0].message == ("phone number(s) '03-7627 2929' not exactly as in the source "
                                   "(found '03-7627 2928')")
    assert findings[0].severity == "error"
    assert safe_codes("Call 03-7627 2929.", "Hubungi 03-7627 2928.") == {"phone-changed"}


def test_reformatted_phone_is_a_change():
    assert codes("Call 019-261 5999.", "Hubungi 0192615999.") == ["phone-changed"]


def test_changed_emergency_number():
    assert codes("Call 999 now.", "Hubungi 991 sekarang.") == ["phone-changed"]


def test_changed_link_target_and_anchor():
    assert codes("Read [this](a.md#early).", "Baca [ini](a.md#awal).") == ["link-target-changed"]
    assert codes("Read [this](a.md).", "Baca [ini](b.md).") == ["link-target-changed"]
    assert safe_codes("Read [this](a.md#x).", "Baca [ini](a.md#y).") == {"link-target-changed"}


def test_swapped_link_order_is_fine():
    assert codes("[a](a.md) and [b](b.md)", "[b](b.md) dan [a](a.md)") == []


def test_dropped_link():
    findings = qa.check_message("Read [this](a.md).", "Baca ini.")
    assert [f.code for f in findings] == ["link-count-changed"]
    assert findings[0].message == "the source has 1 link(s), the translation 0"


def test_dropped_image():
    assert codes("![A calm sea](sea.png)", "Laut yang tenang") == ["link-count-changed"]


def test_reference_link_and_footnote():
    assert codes("See [NHS][nhs].", "Lihat NHS.") == ["reference-link-missing"]
    assert codes("See this[^2].", "Lihat ini.") == ["footnote-missing"]


def test_changed_inline_code():
    findings = qa.check_message("Run `guidekit check`.", "Jalankan `guidekit semak`.")
    assert [f.code for f in findings] == ["code-span-changed"]
    assert codes("Run `x`.", "Jalankan x.") == ["code-span-changed"]


def test_unbalanced_emphasis():
    assert codes("Some **bold** text", "Teks **tebal") == ["emphasis-unbalanced"]
    assert codes("Some *soft* text", "Teks *lembut") == ["emphasis-unbalanced"]


@pytest.mark.parametrize("msgstr", [
    "# Tajuk", "> petikan", "baris\n- item", "baris\n1. item", "| a | b |", "```\nkod\n```",
    "!!! warning", "baris\n---",
])
def test_added_block_syntax(msgstr):
    assert "block-syntax-added" in codes("A heading-free sentence", msgstr)


def test_block_syntax_the_source_has_is_fine():
    assert codes("- an item", "- satu item") == []


def test_numbers_are_a_multiset_and_fullwidth_is_fine():
    assert codes("In 2022 there were 10 cases.", "2022年有１０例。") == []
    assert codes("In 2022 there were 10 cases.", "2023年有10例。") == ["number-changed"]
    assert codes("Between 12 and 18.", "Antara 12 dan 12.") == ["number-changed"]
    assert codes("Ages 12 to 18", "வயது ௧௨ முதல் ௧௮") == []


def test_placeholders_identical():
    assert codes("Call [[helpline:heal]].", "Hubungi [[helpline:befrienders-kl]].") == ["placeholder-changed"]
    assert codes("Hello {name}", "Hai {nama}") == ["placeholder-changed"]
    assert codes("Title {#kinds}", "Jenis {#jenis}") == ["attr-list-changed"]
    assert codes("Call [[helpline:heal]].", "Hubungi 15555.") == ["phone-changed", "placeholder-changed"]


def test_attribute_list_added():
    assert "attr-list-changed" in codes("Read [x](a.md).", "Baca [x](a.md){: .big }")
    assert codes("## Kinds {: #kinds }", "## Jenis {: #kinds }") == []


def test_html_added():
    assert codes("Plain", "Biasa <b>tebal</b>") == ["html-added"]
    assert safe_codes("Plain", "<span>Biasa</span>") == {"html-added", "block-syntax-added"}


def test_whitespace():
    assert codes(" Hello", "Hai") == ["whitespace-changed"]
    assert codes("Hello\n", "Hai") == ["whitespace-changed"]
    assert codes("One\n\nTwo", "Satu Dua") == ["whitespace-changed"]
    assert codes("A line\nwrapped", "Satu baris dibalut") == []       # soft wraps may move
    assert safe_codes(" Hello", "Hai") == set()                      # not a build safety issue


def test_findings_carry_hints():
    for finding in qa.check_message("Read [x](a.md) `c` 10", "<script>"):
        assert finding.hint and finding.severity == "error"


def test_identity_translation_of_every_real_guide_passes(root):
    from guidekit import config as project
    from guidekit import frontmatter
    from guidekit.i18n import segments

    proj = project.load(root / "mkdocs.yml")
    for guide in proj.guides():
        doc = frontmatter.read(proj.docs_dir / guide, guide)
        for seg in segments.extract(doc):
            assert qa.check_message(seg.msgid, seg.msgid) == [], (guide, seg.line)


def test_safety_shortcut_agrees_with_the_full_check():
    """is_safe_to_render skips plain prose; it must never skip a message the full check refuses."""
    import random

    from guidekit.checks.qa import SAFETY_CODES, check_message, is_safe_to_render

    pieces = ["Rehat", " membantu", "<script>", "&lt;script&gt;", "[a](b.md#c)", "[a](x.md)", "３", "3",
              "௩", "javascript:", "JaVa\tscript:", "{name}", "[[helpline:heal]]", "<b>", "onclick=", ":", "(", "]"]
    rng = random.Random(7)
    msgid = "Rest helps. See [help](b.md#c) or call [[helpline:heal]] {name} 3."
    for _ in range(3000):
        msgstr = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        full = [f for f in check_message(msgid, msgstr) if f.code in SAFETY_CODES]
        assert is_safe_to_render(msgid, msgstr) == full, msgstr
        plain_id = "Rest helps your mood."
        full = [f for f in check_message(plain_id, msgstr) if f.code in SAFETY_CODES]
        assert is_safe_to_render(plain_id, msgstr) == full, msgstr
