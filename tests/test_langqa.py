"""langqa: language-aware translation QA, and site strings as first-class translations."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from conftest import ROOT
from guidekit import config
from guidekit.checks import langqa, qa, runner
from guidekit.cli import main
from guidekit.i18n import catalogs, sitecoverage
from langqa_injection import INJECTORS, cases


@pytest.fixture(scope="module")
def shipped():
    ctx = runner.Context(config.load(ROOT / "mkdocs.yml"))
    entries, problems = ctx.entries()
    assert problems == []
    profiles = {loc: langqa.Profile.of([(e.msgid, e.msgstr) for e in entries if e.locale == loc],
                                       langqa.language(loc)) for loc in {e.locale for e in entries}}
    return ctx, entries, profiles


def test_shipped_catalogues_have_zero_findings(shipped):
    ctx, entries, _ = shipped
    assert {e.locale for e in entries} == {"ms", "zh_Hans", "ta"}
    assert [f"{p.path}:{p.line}: {p.code}: {p.message}" for p in runner.check_translation_qa(ctx)] == []


def _detected(entries, profiles, per_class, seed):
    hits, total, missed = Counter(), Counter(), []
    for name, locale, e, damaged, codes in cases(entries, per_class, seed):
        found = {f.code for f in langqa.check(e.msgid, damaged, locale, profiles[locale])
                 + qa.check_message(e.msgid, damaged)}
        total[(name, locale)] += 1
        if found & set(codes):
            hits[(name, locale)] += 1
        else:
            missed.append((name, locale, e.path, e.line, damaged[:80], sorted(found)))
    return hits, total, missed


def test_every_mistake_class_is_found_in_every_language(shipped):
    """Eleven mistake classes x three languages (Latin, Han, Tamil scripts), eight entries each."""
    _, entries, profiles = shipped
    hits, total, missed = _detected(entries, profiles, 8, 14)
    assert {name for name, _ in total} == set(INJECTORS)
    assert all(n >= 4 for n in total.values()), total
    # Measured 251/256 on the catalogues of 2026-11-29 (misses: a quoted English sentence the
    # source also quotes, a truncation that kept two thirds of a list-like sentence).
    assert sum(hits.values()) / sum(total.values()) >= 0.97, missed
    assert all(hits[key] / total[key] >= 0.75 for key in total), missed


def test_held_out_draw_is_found_too(shipped):
    """Another seed, forty entries per class and language: the checks are general, not tuned."""
    _, entries, profiles = shipped
    hits, total, missed = _detected(entries, profiles, 40, 7)
    assert sum(hits.values()) / sum(total.values()) >= 0.98, missed


GOOD = [   # realistic, correct translations the checks must leave alone
    ("ms", "Children and teenagers can have eating disorders too.",
     "Kanak-kanak dan remaja juga boleh mengalami gangguan makan."),
    ("ms", "Talk to them calmly. Listen more than you speak.",
     "Bercakap dengan mereka dengan tenang. Dengar lebih banyak daripada bercakap."),
    ("ms", "Ask a doctor at a klinik kesihatan (health clinic).",
     "Tanya doktor di klinik kesihatan."),
    ("ms", "**Do not** comment on their body, even to praise it.",
     "**Jangan** mengulas tentang badan mereka, walaupun untuk memuji."),
    ("ms", "Young people often copy the adults around them.",
     "Anak-anak muda sering meniru orang dewasa di sekeliling mereka."),
    ("zh_Hans", "Recovery takes time. Small steps count.", "康复需要时间。每一小步都很重要。"),
    ("zh_Hans", "Call [[helpline:heal]] (Talian HEAL) if you need to talk.",
     "如果你想找人谈谈，可以拨打 [[helpline:heal]]（Talian HEAL）。"),
    ("zh_Hans", "*Kita jaga kita* means \"we take care of each other\".",
     "*Kita jaga kita* 的意思是“我们互相照顾”。"),
    ("zh_Hans", "Eat slowly, and take your time.", "慢慢吃，不用着急。"),
    ("ta", "Little by little, things can get better.", "மெல்ல மெல்ல, நிலைமை மேம்படலாம்."),
    ("ta", "As they grow, children learn from you.", "வளர வளர, குழந்தைகள் உங்களிடமிருந்து கற்றுக்கொள்கிறார்கள்."),
    ("ta", "Read [the warning signs](warning-signs.md).",
     "[எச்சரிக்கை அறிகுறிகளைப்](warning-signs.md) படியுங்கள்."),
    ("ta", "**Be patient.** Recovery takes time.", "**பொறுமையாக இருங்கள்.** குணமடைய நேரம் ஆகும்."),
]


@pytest.mark.parametrize("locale, msgid, msgstr", GOOD)
def test_good_translations_have_no_findings(shipped, locale, msgid, msgstr):
    _, _, profiles = shipped
    assert langqa.check(msgid, msgstr, locale, profiles[locale]) == []


@pytest.mark.parametrize("msgid", [
    "National Eating Disorders Association (NEDA)",
    "[Beat](https://www.beateatingdisorders.org.uk/)",
    "`guidekit check`",
    "KitaJagaKita Guides",
])
@pytest.mark.parametrize("locale", ["ms", "zh_Hans", "ta"])
def test_names_code_and_links_may_stay_in_english(locale, msgid):
    assert langqa.check(msgid, msgid, locale) == []


def test_suppression_needs_a_reason():
    codes, invalid = langqa.suppressions(['translation-qa: allow untranslated-copy reason="brand name"'])
    assert codes == {"untranslated-copy"} and invalid == []
    codes, invalid = langqa.suppressions(["translation-qa: allow untranslated-copy"])
    assert codes == set() and [f.code for f in invalid] == ["qa-suppression-invalid"]
    _, invalid = langqa.suppressions(['translation-qa: allow no-such-code reason="x"'])
    assert [f.code for f in invalid] == ["qa-suppression-invalid"]


# --------------------------------------------------------------------------- end to end

GUIDE = """\
# Warning signs

Eating disorders can be hard to spot. People often hide them. This guide lists the signs.

**Skipping meals** is one sign.

Talk to someone you trust, like a teacher or a parent.
"""

GOOD_TR = {
    "ms": {"Warning signs": "Tanda-tanda amaran",
           "Eating disorders can be hard to spot. People often hide them. This guide lists the signs.":
               "Gangguan makan boleh jadi sukar dikesan. Orang sering menyembunyikannya. "
               "Panduan ini menyenaraikan tanda-tandanya.",
           "**Skipping meals** is one sign.": "**Tidak makan** ialah satu tanda.",
           "Talk to someone you trust, like a teacher or a parent.":
               "Bercakap dengan seseorang yang anda percayai, seperti guru atau ibu bapa."},
    "zh_Hans": {"Warning signs": "警示迹象",
                "Eating disorders can be hard to spot. People often hide them. This guide lists the signs.":
                    "饮食失调可能很难察觉。人们常常隐藏它。本指南列出了这些迹象。",
                "**Skipping meals** is one sign.": "**不吃饭**是其中一个迹象。",
                "Talk to someone you trust, like a teacher or a parent.": "和你信任的人谈谈，比如老师或父母。"},
    "ta": {"Warning signs": "எச்சரிக்கை அறிகுறிகள்",
           "Eating disorders can be hard to spot. People often hide them. This guide lists the signs.":
               "உணவுக் கோளாறுகளைக் கண்டறிவது கடினமாக இருக்கலாம். மக்கள் அவற்றை அடிக்கடி மறைக்கிறார்கள். "
               "இந்த வழிகாட்டி அறிகுறிகளைப் பட்டியலிடுகிறது.",
           "**Skipping meals** is one sign.": "**உணவைத் தவிர்ப்பது** ஒரு அறிகுறி.",
           "Talk to someone you trust, like a teacher or a parent.":
               "ஆசிரியர் அல்லது பெற்றோர் போல நீங்கள் நம்பும் ஒருவரிடம் பேசுங்கள்."},
}


def _translate(proj, locale, domain, table, fuzzy=()):
    path = catalogs.po_file(proj, locale, domain)
    catalog = catalogs.read_po(path, "x.po", locale=locale)
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
        if message.id in fuzzy:
            message.string = message.string or message.id
            message.flags.add("fuzzy")
    path.write_bytes(catalogs.render(catalog))
    return path


@pytest.fixture
def project(make_project):
    root = make_project({"guides/warning-signs.md": GUIDE})
    proj = config.load(root / "mkdocs.yml")
    assert catalogs.extract(proj) == [] and catalogs.update(proj) == []
    for locale, table in GOOD_TR.items():
        _translate(proj, locale, "warning-signs", table)
    return root, proj


def _check(root, only="translation-qa"):
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check", "--only", only])


def test_clean_translations_pass_check(project):
    root, _ = project
    result = _check(root)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("locale", ["ms", "zh_Hans", "ta"])
@pytest.mark.parametrize("mistake, code", [
    ("pasted", "untranslated-copy"), ("truncated", "translation-truncated"),
    ("doubled", "doubled-word"), ("spaces", "double-space"), ("bold", "markup-count-changed"),
    ("bracket", "bracket-unbalanced"), ("stop", "final-punctuation-dropped"),
])
def test_each_mistake_fails_check_at_the_entry_line(project, locale, mistake, code):
    root, proj = project
    src = "Eating disorders can be hard to spot. People often hide them. This guide lists the signs."
    good = GOOD_TR[locale][src]
    bold_src = "**Skipping meals** is one sign."
    damaged = {
        "pasted": (src, src),
        "truncated": (src, good.split(". ")[0].split("。")[0] + ("。" if "。" in good else ".")),
        "doubled": (src, good.replace(good.split()[1], good.split()[1] + " " + good.split()[1], 1)
                    if " " in good else good.replace("人们", "人们人们")),
        "spaces": (src, good.replace(" ", "  ", 1) if " " in good else good.replace("人们", "人们  常常")),
        "bold": (bold_src, GOOD_TR[locale][bold_src].replace("**", "")),
        "bracket": (src, good.replace(good[6], good[6] + "(", 1)),
        "stop": (src, good.rstrip(".。")),
    }[mistake]
    path = _translate(proj, locale, "warning-signs", {damaged[0]: damaged[1]})
    line = catalogs.entry_lines(path)[(None, damaged[0])]
    result = _check(root)
    assert result.exit_code == 1, result.output
    assert f"{proj.rel(path)}:{line}: {code}:" in result.output


def test_translator_comment_suppresses_with_reason(project):
    root, proj = project
    path = catalogs.po_file(proj, "ms", "warning-signs")
    catalog = catalogs.read_po(path, "x.po", locale="ms")
    message = catalog["Talk to someone you trust, like a teacher or a parent."]
    message.string = message.id
    message.user_comments = ['translation-qa: allow untranslated-copy reason="quoted from the English poster"']
    path.write_bytes(catalogs.render(catalog))
    assert _check(root).exit_code == 0


# --------------------------------------------------------------------------- site strings

def test_fuzzy_safety_site_string_fails_check_at_its_line(project):
    root, proj = project
    for locale in ("ms", "zh_Hans", "ta"):
        _translate(proj, locale, "site", {m.id: f"[{locale}] {m.id}" for m in
                                          catalogs.read_po(catalogs.po_file(proj, locale, "site"), "x")
                                          if m.id})
    assert _check(root, "site-strings").exit_code == 0
    heading = "If your search is about wanting to hurt yourself, please talk to someone now."
    path = _translate(proj, "ta", "site", {}, fuzzy={heading})
    line = catalogs.entry_lines(path)[(None, heading)]
    result = _check(root, "site-strings")
    assert result.exit_code == 1
    assert f"{proj.rel(path)}:{line}: site-safety-string-untranslated: ta readers see" in result.output
    [fallback] = sitecoverage.fallbacks(proj, "ta")
    assert (fallback.msgid, fallback.state, fallback.line, fallback.safety) == (heading, "fuzzy", line, True)


def test_a_language_not_started_gets_warnings_until_publish(make_project):
    root = make_project({"guides/a.md": "# Title\n\nText.\n"})
    proj = config.load(root / "mkdocs.yml")
    assert catalogs.extract(proj) == [] and catalogs.update(proj) == []
    assert not any(p.is_error for p in sitecoverage.check(proj))
    assert any(p.code == "site-safety-string-untranslated" and p.is_error
               for p in sitecoverage.check(proj, ["ta"], publish=True))


def test_other_site_strings_in_english_are_warnings(project):
    root, proj = project
    result = _check(root, "site-strings")   # nothing translated in site.po yet
    assert result.exit_code == 1            # safety strings are errors...
    assert "site-string-untranslated" in result.output   # ...the rest warnings
    assert all(p.severity == "warning" for p in sitecoverage.check(proj)
               if p.code == "site-string-untranslated")


def test_stats_have_a_site_row_in_text_and_json(project):
    root, proj = project
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "stats", "--format", "json"])
    table = json.loads(result.stdout)
    assert set(table) == {"ms", "zh_Hans", "ta"}
    assert table["ta"]["site.po"]["total"] == len([m for m in catalogs.site_template(proj) if m.id])
    text = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "stats"]).stdout
    assert any(line.split()[:2] == ["ta", "site.po"] for line in text.splitlines())


def test_build_log_names_the_site_string_that_fell_back(project):
    root, proj = project
    heading = "If your search is about wanting to hurt yourself, please talk to someone now."
    site = catalogs.read_po(catalogs.po_file(proj, "ta", "site"), "x")
    _translate(proj, "ta", "site", {m.id: f"[ta] {m.id}" for m in site if m.id and m.id != heading})
    path = _translate(proj, "ta", "site", {}, fuzzy={heading})
    line = catalogs.entry_lines(path)[(None, heading)]
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "build", "--locale", "ta",
                                       "--site-dir", str(root / "out"), "--jobs", "1"])
    assert f"{proj.rel(path)}:{line}: safety string shown in English (fuzzy): {heading[:70]!r}" \
        in result.stderr, result.output
