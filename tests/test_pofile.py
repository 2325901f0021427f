"""pofile: the one strict PO reader (problems at their lines) and the GNU-identical writer."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po as babel_read_po
from conftest import ROOT
from guidekit.i18n import catalogs, pofile
from guidekit.problems import ProblemsFound
from translate.storage import pypo

MSGCAT = shutil.which("msgcat")
SHIPPED = sorted(p for p in (ROOT / "locales").rglob("*") if p.suffix in (".po", ".pot"))
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def msgcat(data: bytes) -> bytes:
    if MSGCAT is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (msgcat) is required in CI: apt-get install gettext")
        pytest.skip("GNU gettext (msgcat) is not installed")
    result = subprocess.run([MSGCAT, "-"], input=data, capture_output=True, check=True)
    return result.stdout


def rewrite(data: bytes) -> bytes:
    return pofile.render(pofile.to_catalog(pofile.parse(data, "x.po")))


# --------------------------------------------------------------------------- writing

def test_every_shipped_catalogue_as_msgcat_writes_it_is_rewritten_byte_for_byte():
    assert len(SHIPPED) > 40
    for path in SHIPPED:
        gnu = msgcat(path.read_bytes())
        assert rewrite(gnu) == gnu, path


def _random_catalog(seed: int, count: int) -> Catalog:
    texts = []
    for path in SHIPPED:
        for entry in pofile.parse(path.read_bytes(), str(path)).messages():
            texts += [t for t in (entry.msgid, entry.msgstr) if t]
    rng = random.Random(seed)
    catalog = Catalog(charset="utf-8")
    catalog.original_header = [("Content-Type", "text/plain; charset=UTF-8")]
    for i in range(count):
        words = rng.choice(texts).split(" ")
        text = ("x" * rng.randrange(30) + " " + " ".join(words[rng.randrange(len(words)):])
                + rng.choice(["", " ", "\n", "\nmore text", "  ", '"q"'])
                + " ".join(rng.choice(texts).split(" ")[: rng.randrange(1, 15)]))
        catalog.add(f"m{i}", text, context=rng.choice([None, "ctx " + text[: rng.randrange(1, 90)]]),
                    auto_comments=[rng.choice(texts)[:200]], locations=[("guides/a-b.md", i)] * 3)
    return catalog


@pytest.mark.parametrize("seed", [1, 2])
def test_random_text_in_three_scripts_is_wrapped_exactly_as_msgcat_wraps_it(seed):
    """Latin, Han and Tamil text, escapes, URLs, CJK quotes and brackets, long contexts."""
    ours = pofile.render(_random_catalog(seed, 600))
    gnu = msgcat(ours)
    assert ours == gnu


def test_written_files_read_unchanged_by_polib_translate_toolkit_and_babel():
    data = pofile.render(_random_catalog(3, 150))
    # translate-toolkit (Weblate's library) writes back the same bytes
    assert bytes(pypo.pofile(data)) == data
    # polib sees the same messages
    ours = {(e.msgctxt, e.msgid): e.msgstr for e in pofile.parse(data, "x").messages()}
    theirs = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(data.decode("utf-8"))}
    assert theirs == ours
    # Babel, the catalogue model, too
    babel = {(m.context, m.id): m.string for m in babel_read_po(__import__("io").BytesIO(data)) if m.id}
    assert babel == ours


def test_header_keeps_the_translators_fields_and_unknown_ones_in_place():
    data = (b'# Malay translation.\n#\nmsgid ""\nmsgstr ""\n'
            b'"Project-Id-Version: Guides x\\n"\n"POT-Creation-Date: 2026-01-01 00:00+0000\\n"\n'
            b'"PO-Revision-Date: 2026-11-20 10:00+0800\\n"\n'
            b'"Last-Translator: Aisyah Rahman <aisyah@example.org>\\n"\n'
            b'"Language-Team: Malay <ms@example.org>\\n"\n"Language: ms\\n"\n'
            b'"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            b'"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
            b'"X-Generator: Poedit 3.4.2\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    assert rewrite(data) == data
    catalog = pofile.to_catalog(pofile.parse(data, "x"), locale="ms")
    catalog.creation_date = catalog.creation_date.replace(year=2027)
    text = pofile.render(catalog).decode()
    assert '"POT-Creation-Date: 2027-01-01 00:00+0000\\n"' in text
    for kept in ("Last-Translator: Aisyah Rahman <aisyah@example.org>", "Language-Team: Malay <ms@example.org>",
                 "PO-Revision-Date: 2026-11-20 10:00+0800", "X-Generator: Poedit 3.4.2"):
        assert kept in text


def test_update_never_blanks_last_translator(make_project):
    from guidekit import config
    root = make_project({"guides/a.md": "# Title\n\nFirst paragraph.\n"})
    proj = config.load(root / "mkdocs.yml")
    assert catalogs.extract(proj) == [] and catalogs.update(proj, ["ms"]) == []
    po = catalogs.po_file(proj, "ms", "a")
    text = po.read_text(encoding="utf-8").replace("Last-Translator: \\n", "Last-Translator: Siti <s@example.org>\\n")
    po.write_text(text.replace('msgid "First paragraph."\nmsgstr ""', 'msgid "First paragraph."\nmsgstr "Perenggan."'),
                  encoding="utf-8")
    (root / "guides/a.md").write_text("# Title\n\nFirst paragraph.\n\nA new one.\n", encoding="utf-8")
    assert catalogs.extract(proj) == [] and catalogs.update(proj, ["ms"]) == []
    text = po.read_text(encoding="utf-8")
    assert "Last-Translator: Siti <s@example.org>" in text and 'msgstr "Perenggan."' in text
    assert msgcat(po.read_bytes()) == po.read_bytes()


def test_extracted_comment_wrapped_at_another_width_is_not_outdated(make_project):
    from guidekit import config
    long = " ".join(f"word{i}" for i in range(40))
    root = make_project({"guides/a.md": f"# Title\n\n<!-- i18n: {long.strip()} -->\nText.\n"})
    proj = config.load(root / "mkdocs.yml")
    assert catalogs.extract(proj) == []
    pot = catalogs.template_file(proj, "a")
    lines = pot.read_text(encoding="utf-8").split("\n")
    rewrapped = []
    for line in lines:   # another tool wraps the `#.` comment at 40 columns
        if line.startswith("#. ") and len(line) > 40:
            words, current = line[3:].split(" "), "#."
            for w in words:
                if len(current) + len(w) + 1 > 40:
                    rewrapped.append(current)
                    current = "#."
                current += " " + w
            rewrapped.append(current)
        else:
            rewrapped.append(line)
    pot.write_text("\n".join(rewrapped), encoding="utf-8")
    assert catalogs.extract(proj, check=True) == []


# --------------------------------------------------------------------------- reading

@pytest.mark.parametrize("body, code, line", [
    ('msgid "a"\nmsgstr "b\n', "po-syntax", 6),                       # unterminated
    ('msgid "a"\nmsgstr "b"\n"c\n', "po-syntax", 7),                   # unterminated continuation
    ('msgid "a"\nmsgstr "b\\q"\n', "po-escape", 6),                   # bad escape
    ('msgid "a"\nmsgstr "b" x\n', "po-syntax", 6),                    # text after the string
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', "po-duplicate", 8),
    ('msgid "a"\nmsgstr "b"\n\nmsgctxt "k"\nmsgid "a"\nmsgstr "c"\n\nmsgctxt "k"\nmsgid "a"\nmsgstr "d"\n',
     "po-duplicate", 13),                                             # the msgctxt entry's own line
    ('msgid "a"\n', "po-syntax", 5),                                  # no msgstr
])
def test_malformed_po_is_one_problem_at_its_line(tmp_path, body, code, line):
    path = tmp_path / "x.po"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        catalogs.read_po(path, "locales/ms/LC_MESSAGES/x.po")
    assert [(p.line, p.code) for p in caught.value.problems] == [(line, code)]


def test_non_utf8_byte_is_reported_at_its_real_line(tmp_path):
    path = tmp_path / "x.po"
    path.write_bytes(HEADER.encode() + b'msgid "a"\nmsgstr "ok"\n\nmsgid "b"\nmsgstr "caf\xe9"\n')
    with pytest.raises(ProblemsFound) as caught:
        catalogs.read_po(path, "x.po")
    assert [(p.line, p.code) for p in caught.value.problems] == [(9, "po-encoding")]


@pytest.mark.parametrize("data, code", [
    (b'msgid ""\nmsgstr "Language: ms\\n"\n\nmsgid "a"\nmsgstr "b"\n', "po-charset-missing"),
    (b'msgid "a"\nmsgstr "b"\n', "po-header-missing"),
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n', "po-encoding"),
])
def test_header_must_declare_utf8(data, code):
    assert [p.code for p in pofile.parse(data, "x.po").problems] == [code]


def test_entries_know_the_lines_of_msgctxt_msgid_and_each_msgstr_piece():
    data = (HEADER + '#, fuzzy\nmsgctxt "k"\nmsgid "a"\nmsgstr ""\n"one "\n"two"\n').encode()
    [entry] = pofile.parse(data, "x").messages()
    assert (entry.msgctxt_line, entry.line, entry.msgstr_line, entry.first_line) == (6, 7, 8, 5)
    assert entry.msgstr == "one two" and entry.fuzzy
    assert entry.line_at(0) == 9 and entry.line_at(5) == 10


def test_msgctxt_entry_is_its_own_message_in_the_catalogue(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "x"\n\nmsgctxt "k"\nmsgid "a"\nmsgstr "y"\n', encoding="utf-8")
    catalog = catalogs.read_po(path, "x.po")
    assert (catalog.get("a").string, catalog.get("a", "k").string) == ("x", "y")
    assert (catalog.get("a").lineno, catalog.get("a", "k").lineno) == (5, 9)
    assert catalogs.entry_lines(path) == {(None, "a"): 5, ("k", "a"): 9}


def test_previous_msgid_and_obsolete_entries_survive_a_round_trip():
    data = (HEADER + '#, fuzzy\n#| msgid "old text"\nmsgid "new text"\nmsgstr "teks"\n\n'
            '#, fuzzy\n#~| msgid "older"\n#~ msgid "gone"\n#~ msgstr "hilang"\n').encode()
    gnu = msgcat(data)
    assert rewrite(gnu) == gnu
    assert b'#| msgid "old text"' in gnu and b'#~| msgid "older"' in gnu


def test_every_module_reads_po_through_pofile():
    """One reader: no module parses PO text itself or asks Babel to."""
    offenders = []
    for path in (ROOT / "tools" / "guidekit").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "pofile.py" and ("babel.messages.pofile" in text or 'msgstr(?:' in text):
            offenders.append(path.name)
    assert offenders == []


def test_babel_reads_a_written_template_and_catalogue(tmp_path):
    path = Path(SHIPPED[0])
    data = rewrite(path.read_bytes())
    babel = [(m.id, m.string) for m in babel_read_po(__import__("io").BytesIO(data)) if m.id]
    ours = [(e.msgid, e.msgstr) for e in pofile.parse(data, "x").messages()]
    assert babel == ours
