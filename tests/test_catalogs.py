"""catalogs: templates, PO updates that never lose a translation, strict reading, stats, CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_MKDOCS
from guidekit import config as projectmod
from guidekit.cli import main
from guidekit.i18n import catalogs, sitestrings
from guidekit.problems import ProblemsFound
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"

GUIDE = """\
---
title: Warning signs
description: What to look for.
---

# Warning signs

Eating disorders can be hard to spot.

## Before you read {#before}

<!-- i18n: "100%" is a figure, keep it -->
Nobody is 100% sure at first.

- Skipping meals.
- Avoiding friends.

Keep the {#id} and {name} as written.
"""


def load(root: Path) -> projectmod.Project:
    return projectmod.load(root / "mkdocs.yml")


def msgfmt_ok(path: Path) -> None:
    result = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def translate(path: Path, table: dict[str, str], display: str = "x.po") -> None:
    """What a translator does: fill msgstr (and clear fuzzy) for some messages."""
    catalog = catalogs.read_po(path, display)
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
    path.write_bytes(catalogs.render(catalog))


@pytest.fixture
def proj(make_project):
    return load(make_project({"guides/warning-signs.md": GUIDE, "guides/teens/friend.md": "# A friend\n\nTalk to them.\n"}))


# --------------------------------------------------------------------------- extract

def test_template_messages_references_and_comments(proj):
    catalog = catalogs.template(proj, "warning-signs.md")
    got = [(m.id, m.locations, m.auto_comments, sorted(m.flags)) for m in catalog if m.id]
    assert got == [
        ("Warning signs", [("guides/warning-signs.md", 2), ("guides/warning-signs.md", 6)], [], []),
        ("What to look for.", [("guides/warning-signs.md", 3)], [], []),
        ("Eating disorders can be hard to spot.", [("guides/warning-signs.md", 8)], [], []),
        ("Before you read", [("guides/warning-signs.md", 10)], [], []),
        ("Nobody is 100% sure at first.", [("guides/warning-signs.md", 13)],
         ['"100%" is a figure, keep it'], []),
        ("Skipping meals.", [("guides/warning-signs.md", 15)], [], []),
        ("Avoiding friends.", [("guides/warning-signs.md", 16)], [], []),
        ("Keep the {#id} and {name} as written.", [("guides/warning-signs.md", 18)], [], []),
    ]


def test_extract_writes_templates_once_and_check_is_clean(proj):
    assert catalogs.extract(proj) == []
    pot = proj.locales_dir / "templates" / "warning-signs.pot"
    text = pot.read_text(encoding="utf-8")
    assert "#: guides/warning-signs.md:2 guides/warning-signs.md:6\n" in text
    assert '#. "100%" is a figure, keep it\n' in text
    assert "python-format" not in text and "python-brace-format" not in text
    assert (proj.locales_dir / "templates" / "teens" / "friend.pot").exists()
    assert (proj.locales_dir / "templates" / "site.pot").exists()
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (proj.locales_dir / "templates").rglob("*.pot")}
    assert catalogs.extract(proj) == []
    assert catalogs.extract(proj, check=True) == []
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (proj.locales_dir / "templates").rglob("*.pot")}
    assert after == before


def test_extract_check_reports_outdated_missing_and_stale_templates(proj):
    catalogs.extract(proj)
    guide = proj.docs_dir / "warning-signs.md"
    guide.write_text(GUIDE.replace("hard to spot", "difficult to spot"), encoding="utf-8")
    (proj.docs_dir / "new.md").write_text("# New\n", encoding="utf-8")
    (proj.docs_dir / "teens" / "friend.md").unlink()
    problems = catalogs.extract(proj, check=True)
    assert [p.format() for p in problems] == [
        "locales/templates/new.pot:1: template-outdated: template is missing; run 'guidekit extract'",
        ("locales/templates/teens/friend.pot:1: template-outdated: template of a guide that no longer exists; "
        "run 'guidekit extract'"),
        "locales/templates/warning-signs.pot:1: template-outdated: template is out of date; run 'guidekit extract'",
    ]
    assert "hard to spot" in (proj.locales_dir / "templates" / "warning-signs.pot").read_text(encoding="utf-8")
    assert catalogs.extract(proj) == []
    assert not (proj.locales_dir / "templates" / "teens").exists()
    assert catalogs.extract(proj, check=True) == []


def test_site_template_has_site_name_nav_and_template_strings(make_project):
    mkdocs = MINIMAL_MKDOCS.replace("site_name: Test Guides\n",
                                    "site_name: Test Guides\nsite_description: Clear, safe help.\n")
    mkdocs += "nav:\n  - index.md\n  - Guides:\n      - Warning signs: warning-signs.md\n      - teens/friend.md\n"
    proj = load(make_project({"guides/index.md": "# Home\n"}, mkdocs=mkdocs))
    catalog = catalogs.site_template(proj)
    ids = [m.id for m in catalog if m.id]
    assert ids[:4] == ["Test Guides", "Clear, safe help.", "Guides", "Warning signs"]
    assert ids[4:] == list(sitestrings.TEMPLATE_STRINGS)
    assert catalog["Test Guides"].locations == [("mkdocs.yml", 1)]
    first = next(iter(sitestrings.TEMPLATE_STRINGS))
    assert catalog[first].auto_comments == [sitestrings.TEMPLATE_STRINGS[first]]
    assert all(not m.flags for m in catalog if m.id)


# --------------------------------------------------------------------------- update

def test_update_creates_catalogues_that_msgfmt_accepts(proj):
    catalogs.extract(proj)
    assert catalogs.update(proj) == []
    for locale, plural in (("ms", "nplurals=1"), ("zh_Hans", "nplurals=1"), ("ta", "nplurals=2")):
        for domain in ("warning-signs", "teens/friend", "site"):
            path = proj.locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"
            text = path.read_text(encoding="utf-8")
            assert f'"Language: {locale}\\n"' in text
            assert plural in text
            assert "python-format" not in text
            msgfmt_ok(path)
    assert not (proj.locales_dir / "en").exists()


def test_update_is_idempotent(proj):
    catalogs.extract(proj)
    catalogs.update(proj)
    po = proj.po_path("ms", "warning-signs.md")
    translate(po, {"Warning signs": "Tanda amaran", "Before you read": "Sebelum anda membaca"})
    files = sorted(proj.locales_dir.rglob("*.po"))
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in files]
    assert catalogs.update(proj) == []
    assert catalogs.update(proj, check=True) == []
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in files] == before


def test_changed_source_makes_fuzzy_with_previous_msgid_and_removed_becomes_obsolete(proj):
    catalogs.extract(proj)
    catalogs.update(proj, ["ms"])
    po = proj.po_path("ms", "warning-signs.md")
    translate(po, {"Eating disorders can be hard to spot.": "Gangguan makan sukar dikesan.",
                   "Skipping meals.": "Tidak makan.",
                   "Avoiding friends.": "Mengelak kawan."})
    guide = proj.docs_dir / "warning-signs.md"
    guide.write_text(GUIDE.replace("can be hard to spot", "can be very hard to spot")
                     .replace("- Avoiding friends.\n", ""), encoding="utf-8")
    catalogs.extract(proj)
    problems = catalogs.update(proj, ["ms"])
    text = po.read_text(encoding="utf-8")
    assert ("#: guides/warning-signs.md:8\n#, fuzzy\n#| msgid \"Eating disorders can be hard to spot.\"\n"
            "msgid \"Eating disorders can be very hard to spot.\"\nmsgstr \"Gangguan makan sukar dikesan.\"\n") in text
    assert '#~ msgid "Avoiding friends."\n#~ msgstr "Mengelak kawan."\n' in text
    assert 'msgid "Skipping meals."\nmsgstr "Tidak makan."\n' in text
    line = text.split("\n").index('msgid "Eating disorders can be very hard to spot."') + 1
    assert [p.format() for p in problems] == [
        (f"locales/ms/LC_MESSAGES/warning-signs.po:{line}: warning: translation-outdated: source text changed "
        "at guides/warning-signs.md:8; the translation is now fuzzy; update the translation and clear its fuzzy flag")]
    msgfmt_ok(po)
    # the previous msgid survives the next round trip, and nothing is rewritten
    mtime = po.stat().st_mtime_ns
    assert catalogs.update(proj, ["ms"]) == []
    assert po.stat().st_mtime_ns == mtime
    assert catalogs.read_po(po, "x.po")["Eating disorders can be very hard to spot."].previous_id == [
        "Eating disorders can be hard to spot."]


def test_long_previous_msgid_is_not_broken_by_wrapping(proj):
    long = "This is a long sentence that goes on and on " * 4 + "until it ends."
    guide = proj.docs_dir / "warning-signs.md"
    guide.write_text(GUIDE + "\n" + long + "\n", encoding="utf-8")
    catalogs.extract(proj)
    catalogs.update(proj, ["ta"])
    po = proj.po_path("ta", "warning-signs.md")
    translate(po, {long.strip(): "நீண்ட வாக்கியம் " * 10})
    guide.write_text(GUIDE + "\n" + long.replace("until it ends", "until it finally ends") + "\n", encoding="utf-8")
    catalogs.extract(proj)
    catalogs.update(proj, ["ta"])
    text = po.read_text(encoding="utf-8")
    assert '#| msgid ""\n#| "This is a long sentence' in text
    msgfmt_ok(po)
    catalog = catalogs.read_po(po, "x.po")
    assert [m.previous_id for m in catalog if m.fuzzy and m.id] == [[long.strip()]]
    assert all(not c.startswith("|") for m in catalog for c in m.user_comments)


def test_obsolete_translation_comes_back_when_the_text_returns(proj):
    catalogs.extract(proj)
    catalogs.update(proj, ["zh_Hans"])
    po = proj.po_path("zh_Hans", "warning-signs.md")
    translate(po, {"Avoiding friends.": "回避朋友。"})
    guide = proj.docs_dir / "warning-signs.md"
    guide.write_text(GUIDE.replace("- Avoiding friends.\n", ""), encoding="utf-8")
    catalogs.extract(proj)
    catalogs.update(proj, ["zh_Hans"])
    assert '#~ msgstr "回避朋友。"' in po.read_text(encoding="utf-8")
    guide.write_text(GUIDE, encoding="utf-8")
    catalogs.extract(proj)
    catalogs.update(proj, ["zh_Hans"])
    catalog = catalogs.read_po(po, "x.po")
    assert catalog["Avoiding friends."].string == "回避朋友。"
    assert not catalog["Avoiding friends."].fuzzy
    assert not catalog.obsolete
    msgfmt_ok(po)


def test_fuzzy_obsolete_entry_stays_fuzzy_when_its_text_returns(proj):
    catalogs.extract(proj)
    catalogs.update(proj, ["ms"])
    po = proj.po_path("ms", "warning-signs.md")
    translate(po, {"Avoiding friends.": "Mengelak kawan."})
    catalog = catalogs.read_po(po, "x.po")
    catalog["Avoiding friends."].flags.add("fuzzy")
    po.write_bytes(catalogs.render(catalog))
    guide = proj.docs_dir / "warning-signs.md"
    guide.write_text(GUIDE.replace("- Avoiding friends.\n", ""), encoding="utf-8")
    catalogs.extract(proj)
    catalogs.update(proj, ["ms"])
    assert '#, fuzzy\n#~ msgid "Avoiding friends."\n#~ msgstr "Mengelak kawan."\n' in po.read_text(encoding="utf-8")
    msgfmt_ok(po)
    guide.write_text(GUIDE, encoding="utf-8")
    catalogs.extract(proj)
    catalogs.update(proj, ["ms"])
    message = catalogs.read_po(po, "x.po")["Avoiding friends."]
    assert message.string == "Mengelak kawan." and message.fuzzy


def test_update_check_reports_outdated_catalogues(proj):
    catalogs.extract(proj)
    problems = catalogs.update(proj, ["ms"], check=True)
    assert [p.format() for p in problems] == [
        f"locales/ms/LC_MESSAGES/{d}.po:1: catalog-outdated: catalogue is missing; run 'guidekit update'"
        for d in ("site", "teens/friend", "warning-signs")]
    assert not (proj.locales_dir / "ms").exists()


# --------------------------------------------------------------------------- strict reading

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize("body, code, line", [
    ('msgid "a"\nmsgstr "b\n', "po-syntax", 6),                      # unterminated
    ('msgid "a"\nmsgstr "b"\n"c\n', "po-syntax", 7),                  # unterminated continuation
    ('msgid "a"\nmsgstr b\n', "po-syntax", 6),                        # not quoted
    ('msgid "a"\nmsgstrr "b"\n', "po-syntax", 6),                     # unknown keyword
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', "po-duplicate", 8),
    ('msgid "a"\nmsgid "b"\nmsgstr "c"\n', "po-syntax", 5),           # Babel: 'a' has no msgstr
])
def test_read_po_reports_code_and_line(tmp_path, body, code, line):
    path = tmp_path / "x.po"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        catalogs.read_po(path, "locales/ms/LC_MESSAGES/x.po")
    assert [(p.path, p.line, p.code) for p in caught.value.problems] == [("locales/ms/LC_MESSAGES/x.po", line, code)]


def test_read_po_reports_encoding(tmp_path):
    path = tmp_path / "x.po"
    path.write_bytes((HEADER + 'msgid "a"\nmsgstr "').encode() + "é\"\n".encode("latin-1"))
    with pytest.raises(ProblemsFound) as caught:
        catalogs.read_po(path, "x.po")
    assert [(p.line, p.code) for p in caught.value.problems] == [(6, "po-encoding")]
    path.write_text(HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        catalogs.read_po(path, "x.po")
    assert [(p.line, p.code) for p in caught.value.problems] == [(3, "po-encoding")]


def test_message_lines(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n\n#, fuzzy\nmsgid ""\n"long "\n"text"\nmsgstr ""\n\n'
                    '#~ msgid "old"\n#~ msgstr "x"\n', encoding="utf-8")
    assert catalogs.message_lines(path) == {"a": 5, "long text": 9}


def test_update_with_a_broken_catalogue_reports_it_and_writes_nothing(proj):
    catalogs.extract(proj)
    catalogs.update(proj, ["ms"])
    po = proj.po_path("ms", "warning-signs.md")
    broken = po.read_text(encoding="utf-8").replace('msgid "Skipping meals."\nmsgstr ""',
                                                    'msgid "Skipping meals."\nmsgstr "Tidak makan')
    po.write_text(broken, encoding="utf-8")
    (proj.docs_dir / "warning-signs.md").write_text(GUIDE.replace("Avoiding", "Leaving"), encoding="utf-8")
    catalogs.extract(proj)
    line = broken.split("\n").index('msgstr "Tidak makan') + 1
    problems = catalogs.update(proj, ["ms"])
    assert [(p.path, p.line, p.code) for p in problems] == [
        ("locales/ms/LC_MESSAGES/warning-signs.po", line, "po-syntax")]
    assert po.read_text(encoding="utf-8") == broken


# --------------------------------------------------------------------------- translations and stats

def test_translations_counts_and_never_fuzzy(proj):
    catalogs.extract(proj)
    missing = catalogs.translations(proj, "ms", "warning-signs.md")
    assert (missing.total, missing.translated, missing.untranslated, missing.strings) == (8, 0, 8, {})
    catalogs.update(proj, ["ms"])
    po = proj.po_path("ms", "warning-signs.md")
    translate(po, {"Warning signs": "Tanda amaran", "Skipping meals.": "Tidak makan."})
    catalog = catalogs.read_po(po, "x.po")
    catalog["Avoiding friends."].string = "Mengelak kawan."
    catalog["Avoiding friends."].flags.add("fuzzy")
    po.write_bytes(catalogs.render(catalog))
    got = catalogs.translations(proj, "ms", "warning-signs.md")
    assert got.strings == {"Warning signs": "Tanda amaran", "Skipping meals.": "Tidak makan."}
    assert got.counts() == {"total": 8, "translated": 2, "fuzzy": 1, "untranslated": 5}
    assert got.fuzzy_ids == ("Avoiding friends.",)
    assert got.sources["Avoiding friends."] == (("guides/warning-signs.md", 16),)
    assert got.lines["Avoiding friends."] == po.read_text(encoding="utf-8").split("\n").index(
        'msgid "Avoiding friends."') + 1
    # a source edit shows before 'guidekit update' runs
    guide = proj.docs_dir / "warning-signs.md"
    guide.write_text(GUIDE.replace("Skipping meals.", "Skipping many meals."), encoding="utf-8")
    assert catalogs.translations(proj, "ms", "warning-signs.md").counts()["translated"] == 1


def test_stats_shape(proj):
    catalogs.extract(proj)
    catalogs.update(proj)
    translate(proj.po_path("ta", "teens/friend.md"), {"A friend": "ஒரு நண்பர்"})
    table = catalogs.stats(proj)
    assert list(table) == ["ms", "ta", "zh_Hans"]
    assert table["ta"] == {
        "teens/friend.md": {"total": 2, "translated": 1, "fuzzy": 0, "untranslated": 1},
        "warning-signs.md": {"total": 8, "translated": 0, "fuzzy": 0, "untranslated": 8},
        "site.po": catalogs.translations(proj, "ta", catalogs.SITE).counts(),
    }
    assert table["ta"]["site.po"]["total"] == len([m for m in catalogs.site_template(proj) if m.id])


# --------------------------------------------------------------------------- CLI

def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), *args])


def test_cli_extract_update_stats(proj):
    root = proj.root
    assert run(root, "extract", "--check").exit_code == 1
    assert run(root, "extract").exit_code == 0
    assert run(root, "extract", "--check").exit_code == 0
    result = run(root, "update", "--locale", "ms", "--check")
    assert result.exit_code == 1
    assert "locales/ms/LC_MESSAGES/warning-signs.po:1: catalog-outdated: catalogue is missing" in result.stdout
    assert run(root, "update", "--locale", "ms").exit_code == 0
    assert run(root, "update").exit_code == 0
    assert run(root, "update", "--check").exit_code == 0
    result = run(root, "stats", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["zh_Hans"]["teens/friend.md"] == {
        "total": 2, "translated": 0, "fuzzy": 0, "untranslated": 2}
    text = run(root, "stats").stdout.splitlines()
    assert text[0].split() == ["locale", "guide", "total", "translated", "fuzzy", "untranslated"]
    assert text[1].split() == ["ms", "teens/friend.md", "2", "0", "0", "2"]
    assert run(root, "update", "--locale", "xx").exit_code == 2  # an unknown locale is a usage error
    assert run(root, "stats", "--format", "yaml").exit_code == 2


def test_cli_bad_po_exit_1_no_traceback(proj):
    root = proj.root
    run(root, "extract")
    run(root, "update")
    po = proj.po_path("ta", "warning-signs.md")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Skipping meals."\nmsgstr "x"\n', encoding="utf-8")
    lines = po.read_text(encoding="utf-8").split("\n")
    line = len(lines) - lines[::-1].index('msgid "Skipping meals."')
    for args in (["update"], ["stats"]):
        result = run(root, *args)
        assert result.exit_code == 1
        assert (f"locales/ta/LC_MESSAGES/warning-signs.po:{line}: po-duplicate: duplicate entry for msgid "
                "'Skipping meals.'") in result.stdout
        assert "Traceback" not in result.output


# --------------------------------------------------------------------------- never lose a translation

WORDS = ["eat", "meal", "friend", "talk", "help", "calm", "school", "sleep", "worry", "care", "doctor", "kind"]
paragraph = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
edit = st.one_of(
    st.tuples(st.just("change"), st.integers(0, 50), st.sampled_from(WORDS)),
    st.tuples(st.just("insert"), st.integers(0, 50), paragraph),
    st.tuples(st.just("delete"), st.integers(0, 50), st.just("")),
)


def _guide(paragraphs: list[str]) -> str:
    return "# Guide\n\n" + "".join(p + "\n\n" for p in paragraphs)


def _apply(paragraphs: list[str], edits) -> list[str]:
    result = list(paragraphs)
    for kind, index, value in edits:
        if kind == "insert":
            result.insert(index % (len(result) + 1), value)
        elif result and kind == "delete":
            del result[index % len(result)]
        elif result:
            i = index % len(result)
            words = result[i].rstrip(".").split()
            words[index % len(words)] = value
            result[i] = " ".join(words).capitalize() + "."
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph, min_size=1, max_size=8), st.lists(st.lists(edit, max_size=4), min_size=1, max_size=3))
def test_random_edits_never_lose_a_translation(paragraphs, rounds):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
        (root / "guides").mkdir()
        guide = root / "guides" / "g.md"
        guide.write_text(_guide(paragraphs), encoding="utf-8")
        proj = load(root)
        catalogs.extract(proj)
        catalogs.update(proj, ["ms"])
        po = proj.po_path("ms", "g.md")
        catalog = catalogs.read_po(po, "g.po")
        old = {m.id: "MS " + m.id for m in catalog if m.id}
        translate(po, old)
        for edits in rounds:
            state = {m.id: (m.string, m.fuzzy) for m in catalogs.read_po(po, "g.po") if m.id}
            paragraphs = _apply(paragraphs, edits)
            guide.write_text(_guide(paragraphs), encoding="utf-8")
            catalogs.extract(proj)
            assert [p for p in catalogs.update(proj, ["ms"]) if p.is_error] == []
            msgfmt_ok(po)
            new = catalogs.read_po(po, "g.po")
            kept = {str(m.string) for m in new if m.id} | {str(m.string) for m in new.obsolete.values()}
            for msgid, text in old.items():  # every translation is current, fuzzy or obsolete
                assert text in kept, (msgid, text)
            for m in new:  # text that did not change keeps its reviewed translation
                if m.id in state and state[m.id][0] and not state[m.id][1]:
                    assert (m.string, m.fuzzy) == state[m.id]
            before = po.read_bytes()
            assert catalogs.update(proj, ["ms"]) == []
            assert po.read_bytes() == before


def test_real_project_templates_and_catalogues_round_trip(root, tmp_path):
    """extract + update over the real guides: msgfmt -c accepts every catalogue; reruns change nothing."""
    shutil.copy(root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(root / "guides", tmp_path / "guides")
    if (root / "locales").exists():
        shutil.copytree(root / "locales", tmp_path / "locales")
    proj = load(tmp_path)
    assert catalogs.extract(proj) == []
    assert [p for p in catalogs.update(proj) if p.is_error] == []
    assert catalogs.extract(proj, check=True) == []
    assert catalogs.update(proj, check=True) == []
    for path in sorted(proj.locales_dir.rglob("*.po")):
        msgfmt_ok(path)


def test_guide_named_site_clashes(make_project):
    proj = load(make_project({"guides/site.md": "# Site\n"}))
    assert [p.code for p in catalogs.extract(proj)] == ["domain-clash"]


def test_render_keeps_translator_comments(proj):
    catalogs.extract(proj)
    catalogs.update(proj, ["ms"])
    po = proj.po_path("ms", "warning-signs.md")
    text = po.read_text(encoding="utf-8").replace('#: guides/warning-signs.md:15\n',
                                                  '# Translator note: informal tone\n#: guides/warning-signs.md:15\n')
    po.write_text(text, encoding="utf-8")
    catalogs.update(proj, ["ms"])
    assert "# Translator note: informal tone\n" in po.read_text(encoding="utf-8")
    msgfmt_ok(po)


def test_reads_what_gnu_msgmerge_writes(proj, tmp_path):
    """`#~| msgid` on obsolete entries (msgmerge's output) is valid gettext; Babel alone rejects it."""
    catalogs.extract(proj)
    catalogs.update(proj, ["ms"])
    po = proj.po_path("ms", "warning-signs.md")
    translate(po, {"Skipping meals.": "Tidak makan."})
    po.write_text(po.read_text(encoding="utf-8") + '#, fuzzy\n#~| msgid "Old text."\n'
                  '#~ msgid "Older text."\n#~ msgstr "Teks lama."\n', encoding="utf-8")
    msgfmt_ok(po)
    catalog = catalogs.read_po(po, "x.po")
    assert catalog.obsolete["Older text."].string == "Teks lama."
    assert catalog["Skipping meals."].string == "Tidak makan."
    assert [p for p in catalogs.update(proj, ["ms"]) if p.is_error] == []
    msgfmt_ok(po)


def test_round_trip_with_gnu_msgmerge(proj):
    """A catalogue merged by GNU msgmerge --previous reads back with its fuzzy entries and hints."""
    catalogs.extract(proj)
    catalogs.update(proj, ["ta"])
    po = proj.po_path("ta", "warning-signs.md")
    translate(po, {"Eating disorders can be hard to spot.": "கண்டறிவது கடினம்."})
    (proj.docs_dir / "warning-signs.md").write_text(GUIDE.replace("hard to spot", "very hard to spot"),
                                                    encoding="utf-8")
    catalogs.extract(proj)
    pot = proj.locales_dir / "templates" / "warning-signs.pot"
    subprocess.run([shutil.which("msgmerge") or "/usr/bin/msgmerge", "--quiet", "--previous", "-U",
                    "--backup=off", str(po), str(pot)], check=True)
    catalog = catalogs.read_po(po, "x.po")
    message = catalog["Eating disorders can be very hard to spot."]
    assert message.fuzzy and message.string == "கண்டறிவது கடினம்."
    assert message.previous_id == ["Eating disorders can be hard to spot."]
    assert [p for p in catalogs.update(proj, ["ta"]) if p.is_error] == []
    msgfmt_ok(po)
    before = po.read_bytes()
    assert catalogs.update(proj, ["ta"]) == []
    assert po.read_bytes() == before


def test_translations_feed_translate_body(proj):
    from guidekit import frontmatter
    from guidekit.i18n import segments

    catalogs.extract(proj)
    catalogs.update(proj, ["ms"])
    po = proj.po_path("ms", "warning-signs.md")
    translate(po, {"Warning signs": "Tanda amaran", "Before you read": "Sebelum membaca",
                   "Skipping meals.": "Tidak makan."})
    found = catalogs.translations(proj, "ms", "warning-signs.md")
    doc = frontmatter.read(proj.docs_dir / "warning-signs.md")
    body = segments.translate_body(doc, found.lookup)
    assert "# Tanda amaran {#warning-signs}\n" in body
    assert "## Sebelum membaca {#before}\n" in body
    assert "- Tidak makan.\n- Avoiding friends.\n" in body
    assert segments.translate_meta(doc, found.lookup) == {"title": "Tanda amaran"}
