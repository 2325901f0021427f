"""The build is the gate: hostile translations and front matter never reach the built HTML.

Each build translates *every* message of a small project (site.po: site name and description,
nav titles, every template string, helpline hours and notes; and the guides' catalogues) with
one hostile payload per language, then reads every built page as a browser would: attributes,
script bodies, titles, the JSON our script reads.
"""

from __future__ import annotations

import html
import html.parser
import json
import logging
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_MKDOCS
from guidekit import config as projectmod
from guidekit.i18n import catalogs

MKDOCS = MINIMAL_MKDOCS.replace(
    "site_name: Test Guides\n",
    "site_name: Test Guides\nsite_description: Guides about rest\n"
    "nav:\n  - Home: index.md\n  - Looking after yourself:\n      - sleep.md\n  - Other help: other.md\n"
).replace("omitted_files: warn", "omitted_files: info")  # the generated status pages are not in nav

INDEX = """\
---
title: Home
---

# Home

Start here. <div data-guidekit="help-panel"></div>
"""

# The writer is untrusted too: a quote in a description, a title that only becomes markup if a
# template decodes its entities again (the front-matter schema refuses raw < > [ ] { }).
SLEEP = """\
---
title: 'Sleep &lt;/title&gt;&lt;script&gt;alert(1337)&lt;/script&gt; " onmouseover="alert(1337)'
description: 'Why rest " http-equiv="Content-Security-Policy" content="script-src ''none'''
---

# Sleep and rest

Rest helps your mood. Rest for 8 hours.

!!! note "Call {emergency}"
    Talking helps.
"""

OTHER = """\
---
title: Other
---

# Other

Talking helps.
"""

# Front matter cannot set the toolkit's page data.
FORGED = """\
---
title: Forged
guidekit_review: "Reviewed by Dr Forged, on 1 January 2026"
guidekit_banner: "FORGED BANNER"
guidekit_notice: "FORGED NOTICE"
guidekit_fallback_lang: 'en" onmouseover="alert(1337)'
---

# Forged

Talking helps.
"""

HELPLINES = """\
services:
  - id: emergency
    name: {en: Emergency, ms: Kecemasan}
    numbers:
      - {display: "999", tel: "999"}
      - {display: "112", tel: "112", note: "from mobile phones"}
    hours: 24 hours
    source: test fixture
    verified_on: null
  - id: heal
    name: {en: Talian HEAL, ms: Talian HEAL}
    numbers:
      - {display: "15555", tel: "15555", note: "calls only"}
    hours: 8 am to midnight
    source: test fixture
    verified_on: null
"""

_FIELD = re.compile(r"\{[^{}]*\}|\[\[[^\]]*\]\]")


def _suffix(payload: str) -> Callable[[str], str]:
    return lambda msgid: msgid + payload


def _numbers(msgid: str) -> str:
    """The careless translator: a hard-coded number for each placeholder, digits reversed."""
    return re.sub(r"\d+", lambda m: m.group(0)[::-1] + "1", _FIELD.sub("991", msgid))


# name -> (transform of every msgid, refused?). Refused payloads must be logged at their PO line;
# the others (plain text with quotes) must arrive escaped, as the text the translator typed.
PAYLOADS: dict[str, tuple[Callable[[str], str], bool]] = {
    "img-onerror": (_suffix(" <img src=x onerror=alert(1337)>"), True),
    "attr-quote": (_suffix(' " http-equiv="Content-Security-Policy" content="script-src \'none\''), False),
    "script-breakout": (_suffix("</script><script>alert(1337)</script>"), True),
    "attr-list-style": (_suffix('{style="display:none"}'), True),
    "admonition": (_suffix('\n!!! danger "PWNED"'), True),
    "js-link": (_suffix(" [PWNED](javascript:alert(1337))"), True),
    "format-field": (_suffix(" {0}"), True),
    "bidi-number": (_suffix(" \u202e1337\u202c"), True),
    "single-quote": (_suffix("' onmouseover='alert(document.cookie)' x='"), False),
    "entity-script": (_suffix(" &lt;script&gt;alert(1337)&lt;/script&gt;"), True),
    "numbers": (_numbers, True),
    "comment": (_suffix(" <!-- PWNED"), True),
}
TARGETS = {"ms": "ms", "zh_Hans": "zh", "ta": "ta"}  # locale id -> URL prefix
ROUNDS = [list(PAYLOADS)[i:i + 3] for i in range(0, len(PAYLOADS), 3)]


def _translate_everything(root: Path, plan: dict[str, str]) -> dict[str, dict[str, int]]:
    """Every message of every catalogue of each locale through that locale's payload.
    Returns {po path: {msgid: line}} of the refused payloads, for the log assertions."""
    proj = projectmod.load(root / "mkdocs.yml")
    assert catalogs.extract(proj) == []
    catalogs.update(proj, list(plan))
    expected: dict[str, dict[str, int]] = {}
    for locale, payload in plan.items():
        transform, refused = PAYLOADS[payload]
        for po in sorted((root / "locales" / locale / "LC_MESSAGES").rglob("*.po")):
            cat = catalogs.read_po(po, po.name, locale)
            for message in cat:
                if message.id:
                    message.string = transform(str(message.id))
            catalogs._write(po, catalogs.render(cat))
            if refused:
                lines = catalogs.message_lines(po)
                expected[proj.rel(po)] = {m.id: lines[m.id] for m in cat
                                          if m.id and m.string != m.id}
    return expected


class _Page(html.parser.HTMLParser):
    """What a browser would make of a page: elements with attributes, script bodies, titles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.titles: list[str] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("script", "title"):
            self._in, self._text = (tag, attributes), []

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            if tag == "script":
                self.scripts.append((self._in[1], "".join(self._text)))
            else:
                self.titles.append("".join(self._text))
            self._in = None


def assert_inert(path: Path) -> _Page:
    text = path.read_text("utf-8")
    page = _Page()
    page.feed(text)
    where = str(path)
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name)
            assert name != "http-equiv", (where, tag, value)
            if name in ("href", "src", "action", "formaction") and value:
                squeezed = re.sub(r"\s", "", value).lower()
                assert not squeezed.startswith(("javascript:", "data:text", "vbscript:")), (where, value)
                assert "evil.example" not in squeezed, (where, value)
            if name == "style" and value:
                assert "display:none" not in value.replace(" ", ""), (where, tag, value)
        assert "danger" not in (attrs.get("class") or "").split(), (where, tag)
        assert tag != "img" or attrs.get("src") != "x", where
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/json":  # data: must parse, and hold no markup
            json.loads(body)
            assert "<" not in body, (where, body[:200])
        else:
            assert "1337" not in body and "document.cookie" not in body, (where, body[:200])
    assert len(page.titles) == 1, (where, page.titles)
    descriptions = [a for t, a in page.tags if t == "meta" and a.get("name") == "description"]
    assert len(descriptions) <= 1, where
    for marker in ("PWNED", "991", "Dr Forged", "FORGED"):
        assert marker not in text, (where, marker)
    return page


@pytest.fixture
def hostile_project(make_project):
    return make_project({"guides/index.md": INDEX, "guides/sleep.md": SLEEP, "guides/other.md": OTHER,
                         "guides/_data/helplines.yml": HELPLINES}, mkdocs=MKDOCS)


@pytest.mark.parametrize("payloads", ROUNDS, ids=["+".join(r) for r in ROUNDS])
def test_hostile_translations_never_reach_the_built_html(hostile_project, payloads):
    plan = dict(zip(TARGETS, payloads, strict=False))
    expected = _translate_everything(hostile_project, plan)
    out = hostile_project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(hostile_project / "mkdocs.yml"), "build",
         "--site-dir", str(out), *[a for loc in ["en", *plan] for a in ("--locale", loc)]],
        capture_output=True, text=True, check=False)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Traceback" not in log
    built = sorted(out.rglob("*.html"))
    assert len(built) > 10
    for path in built:
        assert_inert(path)
    # Every refused message is logged at its own PO line, with a code.
    for po, lines in expected.items():
        for msgid, line in lines.items():
            assert re.search(rf"{re.escape(po)}:{line}: unsafe-translation: [a-z-]+", log), (po, msgid)
    for locale, payload in plan.items():
        url = TARGETS[locale]
        page = (out / url / "sleep" / "index.html").read_text("utf-8")
        assert 'href="tel:999"' in page and 'id="guidekit-help-dialog"' in page
        if PAYLOADS[payload][1]:
            assert "Rest helps your mood. Rest for 8 hours." in page  # the source text, not the payload
        else:
            # Not refused (quotes are text): shown exactly as typed, in text and in attributes.
            parsed = assert_inert(out / url / "sleep" / "index.html")
            description = next(a["content"] for t, a in parsed.tags
                               if t == "meta" and a.get("name") == "description")
            assert description.endswith(PAYLOADS[payload][0]("")), description


def test_the_writers_front_matter_is_text_in_every_context(hostile_project):
    out = hostile_project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(hostile_project / "mkdocs.yml"), "build",
         "--locale", "en", "--site-dir", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    sleep = assert_inert(out / "en" / "sleep" / "index.html")
    description = next(a["content"] for t, a in sleep.tags if t == "meta" and a.get("name") == "description")
    assert description == 'Why rest " http-equiv="Content-Security-Policy" content="script-src \'none\''
    title = 'Sleep &lt;/title&gt;&lt;script&gt;alert(1337)&lt;/script&gt; " onmouseover="alert(1337)'
    assert sleep.titles == [f"{title} - Test Guides"]
    other = (out / "en" / "other" / "index.html").read_text("utf-8")
    assert "guidekit-review" not in other  # nobody signed it
    assert "Draft: a health professional has not yet checked this guide." in other


def test_front_matter_cannot_forge_the_toolkits_page_data(make_project):
    """Keys with the toolkit's prefix are refused by check and build (the front-matter schema);
    were one to get through, the templates read page data from the plugin, never page.meta."""
    root = make_project({"guides/index.md": INDEX, "guides/forged.md": FORGED,
                         "guides/_data/helplines.yml": HELPLINES})
    for command in (["check", "--only", "front-matter"],
                    ["build", "--locale", "en", "--site-dir", str(root / "site")]):
        result = subprocess.run([sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"),
                                 *command], capture_output=True, text=True, check=False)
        log = result.stdout + result.stderr
        assert result.returncode == 1, log
        for line, key in ((3, "guidekit_review"), (4, "guidekit_banner"), (6, "guidekit_fallback_lang")):
            assert f"guides/forged.md:{line}: front-matter: {key} " in log, log
        assert "Traceback" not in log
    forged = root / "site" / "en" / "forged" / "index.html"
    assert not forged.exists() or "Dr Forged" not in forged.read_text("utf-8")


def test_the_build_drops_reserved_keys_from_page_meta(make_project):
    from guidekit import config as projectmod
    from guidekit.site import pages

    root = make_project({"guides/index.md": INDEX, "guides/_data/helplines.yml": HELPLINES})
    translator = pages.PageTranslator(projectmod.load(root / "mkdocs.yml"),
                                      projectmod.load(root / "mkdocs.yml").locale("en"))
    meta = {"title": "Home", "guidekit_review": "Reviewed by Dr Forged", "GuideKit_Banner": "x"}
    translator.page_markdown("# Home\n", "index.md", meta)
    assert meta == {"title": "Home"}
    assert translator.page_data["index.md"].review == ()


@pytest.mark.parametrize("hostile", [
    "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "x {style=\"display:none\"}",
    "x\n!!! danger \"PWNED\"", "a | b", "*emphasis* `code` ![i](https://evil.example/p.png)",
])
def test_status_pages_print_titles_and_registry_names_as_text(hostile):
    import markdown
    from guidekit.site import statuspages

    row = {"guide": "a.md", "locale": "ms", "state": "current", "reviewer": hostile, "date": "2026-01-02",
           "next_due": None}
    def t(msgid, **values):  # a hostile translator translates every site string alike
        return hostile

    source = statuspages.review_markdown(t, [row], {"ms": hostile}, {"a.md": hostile},
                                         lambda iso: hostile)
    body = markdown.markdown(source.split("---\n", 2)[2], extensions=["tables", "attr_list", "admonition"])
    page = _Page()
    page.feed(body)
    assert {tag for tag, _ in page.tags} <= {"h1", "p", "table", "thead", "tbody", "tr", "th", "td",
                                             "a"}
    assert all(set(attrs) <= {"id", "align", "href"} for _, attrs in page.tags)
    assert {dict(attrs).get("href") for tag, attrs in page.tags if tag == "a"} == {"../a.md"}
    cells = re.findall(r"<td>(.*?)</td>", body)
    assert len(cells) == 6  # the row was not split by a "|"
    text = " ".join(hostile.split())
    assert html.unescape(re.sub(r"<[^>]+>", "", cells[3])) == text
    assert html.unescape(re.sub(r"<[^>]+>", "", body.split("</h1>")[0])) == text


@pytest.mark.parametrize("payload", [p for p, (_, refused) in PAYLOADS.items() if refused])
def test_check_reports_each_refused_site_translation_at_its_po_line(hostile_project, payload):
    expected = _translate_everything(hostile_project, {"ms": payload})
    result = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(hostile_project / "mkdocs.yml"), "check",
         "--only", "translation-qa"], capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    site = expected["locales/ms/LC_MESSAGES/site.po"]
    for msgid, line in site.items():
        assert re.search(rf"^locales/ms/LC_MESSAGES/site\.po:{line}: [a-z-]+: ", result.stdout, re.MULTILINE), msgid


@pytest.mark.parametrize("line,code", [
    ("<script>alert(1)</script>", "unsafe-html"),
    ("<img src=x onerror=alert(1)>", "unsafe-html"),
    ("## Heading {onclick=alert(1)}", "unsafe-html"),
    ("See [this](javascript:alert(1)).", "unsafe-url"),
    ("See [this](&#106;avascript&colon;alert(1)).", "unsafe-url"),
    ("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "unsafe-url"),
    # A tag or a link definition spanning lines: each line alone is harmless.
    ("<img\nsrc=\"x\"\nonerror=\"alert(1)\">", "unsafe-html"),
    ("<div markdown=\"1\"\nonclick=\"alert(1)\">x</div>", "unsafe-html"),
    ("<a\nhref=\n\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "unsafe-url"),
    ("[x][y]\n[y]:\n    data:text/html;base64,PHNjcmlwdD4=", "unsafe-url"),
    # The privacy rule: nothing loads from another host (a link is fine; nothing loads until a click).
    ("![pixel](https://evil.example/p.png)", "third-party-resource"),
    ("![pixel](//evil.example/p.png)", "third-party-resource"),
    ("<img srcset=\"https://evil.example/p.png 1x\">", "third-party-resource"),
    ("<p style=\"background:url(https://evil.example/x.png)\">x</p>", "third-party-resource"),
])
def test_a_writers_script_stops_build_and_check_at_its_line(make_project, line, code):
    root = make_project({"guides/index.md": INDEX, "guides/bad.md": f"# Bad\n\nFine text.\n\n{line}\n",
                         "guides/_data/helplines.yml": HELPLINES})
    build = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"), "build", "--locale", "en",
         "--site-dir", str(root / "site")], capture_output=True, text=True, check=False)
    check = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"), "check", "--only",
         "source-safety"], capture_output=True, text=True, check=False)
    for result in (build, check):
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"guides/bad.md:5: {code}: the guide contains" in result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    bad = root / "site" / "en" / "bad" / "index.html"
    assert not bad.exists() or "alert(1)" not in bad.read_text("utf-8")


def test_a_hostile_site_name_and_description_in_mkdocs_yml_are_text_everywhere(make_project):
    name = "Guides </title><script>alert(1337)</script>"
    description = "\" http-equiv=\"refresh\" content=\"0;url=https://evil.example/"
    mkdocs = MKDOCS.replace("site_name: Test Guides\nsite_description: Guides about rest\n",
                            f"site_name: '{name}'\nsite_description: '{description}'\n")
    root = make_project({"guides/index.md": "# Home\n\nHello.\n", "guides/sleep.md": "# Sleep\n\nRest.\n",
                         "guides/other.md": "# Other\n\nTalk.\n", "guides/_data/helplines.yml": HELPLINES},
                        mkdocs=mkdocs)
    out = root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"), "build", "--locale", "en",
         "--site-dir", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in [*sorted((out / "en").rglob("*.html")), out / "index.html", out / "404.html"]:
        page = assert_inert(path)
        assert any(name in title for title in page.titles), (path, page.titles)
    home = assert_inert(out / "en" / "index.html")
    assert [a["content"] for t, a in home.tags if t == "meta" and a.get("name") == "description"] == [description]


def test_a_per_language_helpline_name_with_a_changed_number_is_refused(make_project, caplog):
    from guidekit import config as projectmod
    from guidekit.site import reader

    registry = HELPLINES.replace("name: {en: Emergency, ms: Kecemasan}",
                                 "name: {en: Emergency (MERS 999), ms: Kecemasan (MERS 991)}")
    root = make_project({"guides/index.md": INDEX, "guides/_data/helplines.yml": registry})
    proj = projectmod.load(root / "mkdocs.yml")
    with caplog.at_level(logging.WARNING, logger="guidekit"):
        services = reader.helplines(proj, proj.locale("ms"), reader.SiteStrings(proj, "ms"))
    emergency = next(s for s in services if s["id"] == "emergency")
    assert emergency["name"] == "Emergency (MERS 999)" and emergency["name_lang"] == "en"
    assert [r.getMessage() for r in caplog.records] == [
        ("guides/_data/helplines.yml:3: unsafe-translation: number-changed, phone-changed; "
         "showing the source text instead")]
    heal = next(s for s in services if s["id"] == "heal")
    assert heal["name"] == "Talian HEAL" and heal["name_lang"] == "ms"
