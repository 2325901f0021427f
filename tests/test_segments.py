"""segments: what is translatable, and translation by splicing that keeps the page's structure."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from guidekit import frontmatter
from guidekit.config import _Loader
from guidekit.i18n import segments

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "tricky").glob("*.md"))
GUIDES = sorted(p for p in (ROOT / "guides").rglob("*.md")
                if not any(part.startswith(("_",
                                            ".")) for part in p.relative_to(ROOT / "guides").parts))
ALL = GUIDES + FIXTURES


def ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


def doc_of(text: str, path: str = "guides/x.md") -> frontmatter.Document:
    return frontmatter.split(textwrap.dedent(text), path)


def triples(doc):
    return [(s.line, s.kind, s.msgid) for s in segments.extract(doc)]


# --------------------------------------------------------------------------- extraction

def test_front_matter_headings_paragraphs_and_lists():
    doc = doc_of("""\
        ---
        title: Warning signs
        description: What to
          look for.
        audience: [teens]
        ---

        # Warning signs

        Eating disorders can be
        hard to spot.

        ## Before you read {#before}

        - first item
          goes on
        - second [link](other.md#x)

        > Quoted *text*
        lazy line
        """)
    assert triples(doc) == [
        (2, "title", "Warning signs"),
        (3, "description", "What to look for."),
        (8, "heading", "Warning signs"),
        (10, "paragraph", "Eating disorders can be hard to spot."),
        (13, "heading", "Before you read"),
        (15, "paragraph", "first item goes on"),
        (17, "paragraph", "second [link](other.md#x)"),
        (19, "paragraph", "Quoted *text* lazy line"),
    ]


def test_not_translatable_code_html_comments_urls_numbers():
    doc = doc_of("""\
        Text.

        ```
        code block
        ```

            indented code

        <div data-guidekit="help-panel"></div>

        <!-- a comment for authors -->

        <https://example.org/>

        https://example.org/page

        123 456

        `only code`

        [[helpline:heal]]
        """)
    assert triples(doc) == [(1, "paragraph", "Text.")]


def test_tables_cells_each_own_message():
    doc = doc_of("""\
        | Service | What it offers |
        | --- | --- |
        | Talian HEAL | Call [[helpline:heal]]. |
        | 999 | Police `a \\| b` |
        |  | Empty first cell |
        """)
    assert triples(doc) == [
        (1, "cell", "Service"), (1, "cell", "What it offers"),
        (3, "cell", "Talian HEAL"), (3, "cell", "Call [[helpline:heal]]."),
        (4, "cell", "Police `a \\| b`"),
        (5, "cell", "Empty first cell"),
    ]


def test_admonitions_tabs_deflists_footnotes_images():
    doc = doc_of("""\
        !!! tip "What helps"
            Listen.

        !!! warning
            Untitled.

        !!! info ""
            No title.

        === "For teens"

            Tab text.

        Term
        :   Definition.

        Text.[^1]

        [^1]: A note.

        ![A calm park](park.png)
        """)
    assert triples(doc) == [
        (1, "admonition-title", "What helps"), (2, "paragraph", "Listen."),
        (4, "admonition-title", "Warning"), (5, "paragraph", "Untitled."),
        (8, "paragraph", "No title."),
        (10, "tab-title", "For teens"), (12, "paragraph", "Tab text."),
        (14, "term", "Term"), (15, "paragraph", "Definition."),
        (17, "paragraph", "Text.[^1]"),
        (19, "paragraph", "A note."),
        (21, "alt", "A calm park"),
    ]


def test_translator_comment_applies_to_next_block():
    doc = doc_of("""\
        <!-- i18n: "kita" means
             "we" -->
        Kita jaga kita.

        Next paragraph.

        <!-- i18n: whole table -->
        | A | B |
        |---|---|
        | c | d |
        """)
    got = [(s.line, s.msgid, s.comment) for s in segments.extract(doc)]
    assert got == [
        (3, "Kita jaga kita.", '"kita" means "we"'),
        (5, "Next paragraph.", ""),
        (8, "A", "whole table"), (8, "B", "whole table"),
        (10, "c", "whole table"), (10, "d", "whole table"),
    ]


def test_hard_breaks_and_attribute_lists():
    doc = doc_of("Name: HEAL  \nOpen: daily\n\nLead text\n{: .lead }\n\n## Title {: .x }\n")
    assert triples(doc) == [(1, "paragraph", "Name: HEAL\nOpen: daily"),
                            (4, "paragraph", "Lead text"), (7, "heading", "Title")]


def test_heading_ids_match_python_markdown_toc():
    doc = frontmatter.read(ROOT / "tests/fixtures/tricky/headings.md")
    assert segments.heading_ids(doc) == [
        "heading-without-an-id", "before-you-read", "before-you-read_1", "before-you-read_2",
        "emphasis-inside-a-heading-and-code", "a-heading-with-a-class", "both",
        "closing-hashes", "2026", "stay-safe", "setext-second-level"]
    assert rendered_structure(doc.body)["heading_ids"] == segments.heading_ids(doc)


# --------------------------------------------------------------------------- identity

@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_identity_translation_is_byte_for_byte(path):
    doc = frontmatter.read(path)
    assert segments.translate_body(doc, lambda seg: seg.msgid) == doc.body
    assert segments.translate_body(doc, lambda seg: None) == doc.body
    assert segments.translate_meta(doc, lambda seg: seg.msgid) == {}


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_segment_lines_point_at_their_text(path):
    doc = frontmatter.read(path)
    lines = doc.text.split("\n")
    for seg in segments.extract(doc):
        first_word = re.findall(r"[^\W\d_]+", seg.msgid)[0]
        assert first_word.lower() in lines[seg.line - 1].lower(), (seg, lines[seg.line - 1])


# --------------------------------------------------------------------------- structure

_PROTECT = re.compile(r"`[^`]*`|\]\([^)]*\)|\]\[[^\]]*\]|\[\[[^\]]*\]\]|<[^>]+>|\{[^}]*\}"
                      r"|\[\^[^\]]*\]|&\w+;|https?://\S+")


def pseudo(text: str, word=lambda w: "Ŧ" + w[::-1]) -> str:
    """Change every word, keep links, code, placeholders, HTML and attribute lists."""
    out, pos = [], 0
    for match in _PROTECT.finditer(text):
        out.append(re.sub(r"[^\W\d_]+", lambda m: word(m.group(0)), text[pos:match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(re.sub(r"[^\W\d_]+", lambda m: word(m.group(0)), text[pos:]))
    return "".join(out)


def chinese(text: str) -> str:
    return pseudo(text, lambda w: "中文")


def _markdown() -> markdown.Markdown:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return markdown.Markdown(extensions=names, extension_configs=configs)


class _Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.heading_ids, self.hrefs, self.srcs = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a.get("class"),
                          a.get("id") if tag not in "h1 h2 h3 h4 h5 h6" else None))
        if re.fullmatch(r"h[1-6]", tag):
            self.heading_ids.append(a.get("id"))
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])


def rendered_structure(body: str) -> dict:
    parser = _Structure()
    parser.feed(_markdown().convert(body))
    tags = [t[0] for t in parser.tags]
    return {"tags": parser.tags, "heading_ids": parser.heading_ids, "hrefs": parser.hrefs,
            "srcs": parser.srcs, "li": tags.count("li"), "td": tags.count("td"),
            "admonitions": sum(1 for t in parser.tags if t[1] and "admonition" in t[1].split()),
            "img": tags.count("img")}


@pytest.mark.parametrize("translate", [pseudo, chinese], ids=["pseudo", "chinese"])
@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_pseudo_translation_keeps_structure(path, translate):
    doc = frontmatter.read(path)
    translated = segments.translate_body(doc, lambda seg: translate(seg.msgid))
    assert translated != doc.body
    source, target = rendered_structure(doc.body), rendered_structure(translated)
    for key in ("heading_ids", "hrefs", "srcs", "li", "td", "admonitions", "img", "tags"):
        assert target[key] == source[key], key
    assert source["heading_ids"] == segments.heading_ids(doc)
    meta = segments.translate_meta(doc, lambda seg: translate(seg.msgid))
    assert set(meta) == {k for k in ("title", "description") if k in doc.meta}


def test_translated_heading_keeps_or_gets_source_id():
    doc = doc_of("# Warning signs\n\n## Before {#before .x}\n\n## Mood {: .y }\n\nText | More\n--- "
                 "| ---\na | b\n")
    table = {"Warning signs": "警示信号", "Before": "之前", "Mood": "情绪", "a": "x|y"}
    out = segments.translate_body(doc, lambda seg: table.get(seg.msgid))
    assert out == ("# 警示信号 {#warning-signs}\n\n## 之前 {#before .x}\n\n## 情绪 {: #mood .y}\n\n"
                   "Text | More\n--- | ---\nx\\|y | b\n")


def test_translation_keeps_container_prefixes():
    doc = doc_of("""\
        > - first item
        >   goes on
        > - second

        !!! tip "What helps"
            Stay calm
            and listen.

        1. Step  
           with a break
        """)
    table = {"first item goes on": "satu", "second": "dua", "What helps": "Apa membantu",
             "Stay calm and listen.": "Bertenang dan dengar.",
             "Step\nwith a break": "Langkah\ndengan rehat"}
    out = segments.translate_body(doc, lambda seg: table.get(seg.msgid))
    assert out == textwrap.dedent("""\
        > - satu
        > - dua

        !!! tip "Apa membantu"
            Bertenang dan dengar.

        1. Langkah  
           dengan rehat
        """)


def test_untitled_admonition_gets_translated_title():
    doc = doc_of("!!! warning\n    Text.\n")
    out = segments.translate_body(doc, lambda seg: {"Warning": "Amaran"}.get(seg.msgid))
    assert out == '!!! warning "Amaran"\n    Text.\n'


def test_crlf_body_keeps_its_line_endings():
    """Guides are read with universal newlines; a CRLF body given directly still splices safely."""
    body = "# Title\r\n\r\n- item one\r\n  goes on\r\n- two  \r\n  lines\r\n"
    assert segments.translate_text(body, lambda seg: seg.msgid) == body
    assert [s.msgid for s in segments.body_segments(body)] == ["Title", "item one goes on",
                                                               "two\nlines"]
    table = {"item one goes on": "satu", "two\nlines": "dua\nbaris"}
    assert segments.translate_text(body, lambda seg: table.get(seg.msgid)) == (
        "# Title\r\n\r\n- satu\r\n- dua  \r\n  baris\r\n")


def test_has_words():
    assert segments.has_words("Call [[helpline:heal]].")
    assert segments.has_words("饮食") and segments.has_words("வணக்கம்")
    for text in ("https://example.org/a", "<https://x.org>", "`code`", "123 - 456",
                 "[[helpline:heal]]",
                 "![](a.png)", "<br>"):
        assert not segments.has_words(text), text


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_every_block_with_words_is_a_segment(path):
    doc = frontmatter.read(path)
    tokens = segments.parser().parse(doc.body)
    lines = {seg.line - doc.body_line for seg in segments.body_segments(doc.body, doc.body_line)}
    for i, tok in enumerate(tokens):
        if tok.type in ("paragraph_open",
                        "heading_open") and segments.has_words(tokens[i + 1].content):
            assert tok.map[0] in lines, tokens[i + 1].content


def test_translate_text_on_mkdocs_page_markdown():
    """MkDocs hands plugins the body with leading blank lines stripped; splicing still works."""
    doc = frontmatter.split("---\ntitle: T\n---\n\n# Title\n\nText.\n", "guides/t.md")
    markdown_text = doc.body.lstrip("\n")
    body_line = doc.body_line + doc.body.count("\n") - markdown_text.count("\n")
    seen = []

    def lookup(seg):
        seen.append((seg.line, seg.msgid))
        return {"Title": "Tajuk", "Text.": "Teks."}.get(seg.msgid)

    assert segments.translate_text(markdown_text, lookup,
                                   body_line) == "# Tajuk {#title}\n\nTeks.\n"
    assert seen == [(5, "Title"), (7, "Text.")]


@pytest.mark.parametrize("translation", [
    "1. satu", "# dua", "> tiga", "- empat", "lima\n---", "enam\n\ntujuh", "```", "    lapan",
    "sembilan\n=====", "~~~", "+ sepuluh", "2) sebelas",
])
def test_a_translation_cannot_start_a_new_block(translation):
    source = "- Item one\n- Item two\n\nA paragraph\nthat goes on.\n\n> Quoted.\n"
    doc = doc_of(source)
    out = segments.translate_body(doc, lambda seg: translation)
    def blocks(text):  # a newline in a translation is a hard break (<br>), never a new block
        return [t for t in rendered_structure(text)["tags"] if t[0] != "br"]

    assert blocks(out) == blocks(source), out

