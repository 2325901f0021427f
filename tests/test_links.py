"""guidekit linkcheck: every link and anchor of the built site, each reported against its source.

Most tests check a hand-made built site (HTML written in tmp_path) against a tmp project, so each
case is exact and fast; the end-to-end tests build with `guidekit build`. External links are
checked against a local HTTP server, never the internet (and as root, as CI runs).
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_MKDOCS
from guidekit import config as projectmod
from guidekit.cli import main
from guidekit.linkcheck.internal import check_site, run_linkchecker, scan_page
from guidekit.linkcheck.sourcemap import read_po_entries
from guidekit.problems import ProblemsFound

GUIDES = {
    "guides/index.md": """\
        # Home

        Start with [the warning signs](warning-signs.md).
        """,
    "guides/warning-signs.md": """\
        ---
        title: Warning signs
        ---

        # Warning signs

        ## Behaviour

        Skipping meals.
        """,
    "guides/getting-help.md": """\
        ---
        title: Getting help
        ---

        # Getting help

        Read about [the signs](warning-signs.md#behaviour) first.

        Call [Befrienders](tel:+60376272929) any time.
        """,
}

GUIDES = {path: textwrap.dedent(text) for path, text in GUIDES.items()}

PO_HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

"""

MS_PO = PO_HEADER + """\
#: guides/getting-help.md:7
msgid "Read about [the signs](warning-signs.md#behaviour) first."
msgstr "Baca tentang [tanda-tanda](warning-signs.md#tingkah-laku) dahulu."
"""


def html(body: str = "", nav: str = "", head: str = "", lang: str = "en") -> str:
    """A built page shaped like Material's: links in the head, the nav, and the article."""
    return (f'<!doctype html>\n<html lang="{lang}">\n<head>\n{head}\n</head>\n<body>\n'
            f'<nav class="md-nav">{nav}</nav>\n'
            f'<article class="md-content__inner md-typeset">\n{body}\n</article>\n</body>\n</html>\n')


def clean_pages(lang: str = "en") -> dict[str, str]:
    return {
        f"{lang}/index.html": html('<h1 id="home">Home</h1>\n'
                                   '<p>Start with <a href="warning-signs/">the warning signs</a>.</p>',
                                   nav='<a href="./" class="md-nav__link">Home</a>', lang=lang),
        f"{lang}/warning-signs/index.html": html(
            '<h1 id="warning-signs">Warning signs</h1>\n<h2 id="behaviour">Behaviour</h2>',
            nav='<a href="../" class="md-nav__link">Home</a>',
            head='<link rel="stylesheet" href="../assets/main.css">', lang=lang),
        f"{lang}/getting-help/index.html": html(
            '<h1 id="getting-help">Getting help</h1>\n'
            '<p>Read about <a href="../warning-signs/#behaviour">the signs</a> first.</p>\n'
            '<p>Call <a href="tel:+60376272929">Befrienders</a> any time.</p>',
            nav='<a href="../warning-signs/" class="md-nav__link">Warning signs</a>', lang=lang),
        f"{lang}/assets/main.css": "body{}",
    }


@pytest.fixture
def site(make_project, tmp_path):
    """site(pages=..., files=..., mkdocs=...) -> (project, site dir) with en and ms built by hand."""

    def make(pages: dict[str, str] | None = None, files: dict[str, str] | None = None,
             mkdocs: str | None = None, langs: tuple[str, ...] = ("en", "ms")):
        root = make_project({**GUIDES, **(files or {})}, mkdocs=mkdocs)
        out = tmp_path / "site"
        merged: dict[str, str] = {}
        for lang in langs:
            merged.update(clean_pages(lang))
        merged["index.html"] = '<a class="lang" href="en/">English</a> <a class="lang" href="ms/">Melayu</a>\n'
        merged["404.html"] = '<a class="lang" href="/en/">English</a> <a class="lang" href="/ms/">Melayu</a>\n'
        merged.update(pages or {})
        for rel, text in merged.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(text, encoding="utf-8")
        return projectmod.load(root / "mkdocs.yml"), out

    return make


def formatted(problems) -> list[str]:
    return [p.format() for p in problems]


# -- internal links and anchors -------------------------------------------------------------------

def test_clean_site_has_no_problems(site):
    proj, out = site()
    assert check_site(proj, out) == []


def test_broken_anchor_in_guide_reported_at_guide_line(site):
    guide = GUIDES["guides/getting-help.md"].replace("#behaviour", "#behavior")
    page = clean_pages()["en/getting-help/index.html"].replace("#behaviour", "#behavior")
    proj, out = site(pages={"en/getting-help/index.html": page}, files={"guides/getting-help.md": guide})
    assert formatted(check_site(proj, out)) == [
        ("guides/getting-help.md:7: anchor-missing: link 'warning-signs.md#behavior': "
         "'warning-signs/' has no anchor '#behavior'; "
         "link to a heading id that exists on that page (see its ¶ permalink)"),
    ]


def test_missing_page_in_guide_reported_at_guide_line(site):
    guide = GUIDES["guides/index.md"].replace("warning-signs.md", "warning-sign.md")
    page = clean_pages()["en/index.html"].replace('"warning-signs/"', '"warning-sign/"')
    proj, out = site(pages={"en/index.html": page}, files={"guides/index.md": guide})
    assert formatted(check_site(proj, out)) == [
        ("guides/index.md:3: link-broken: link 'warning-sign.md' leads to 'warning-sign/', "
         "which is not in the built site; link to a page that exists"),
    ]


def test_same_broken_guide_link_in_several_languages_is_one_problem(site):
    # A page not yet translated shows the English text: the guide is what to fix, once.
    guide = GUIDES["guides/getting-help.md"].replace("#behaviour", "#behavior")
    pages = {f"{lang}/getting-help/index.html":
             clean_pages(lang)[f"{lang}/getting-help/index.html"].replace("#behaviour", "#behavior")
             for lang in ("en", "ms")}
    proj, out = site(pages=pages, files={"guides/getting-help.md": guide})
    assert [(p.path, p.line, p.code) for p in check_site(proj, out)] == [
        ("guides/getting-help.md", 7, "anchor-missing")]


def test_translation_broken_anchor_reported_at_po_line(site):
    page = clean_pages("ms")["ms/getting-help/index.html"].replace("#behaviour", "#tingkah-laku")
    proj, out = site(pages={"ms/getting-help/index.html": page},
                     files={"locales/ms/LC_MESSAGES/getting-help.po": MS_PO})
    assert formatted(check_site(proj, out)) == [
        ("locales/ms/LC_MESSAGES/getting-help.po:7: anchor-missing: link "
         "'warning-signs.md#tingkah-laku': 'warning-signs/' has no anchor '#tingkah-laku'; "
         "keep the link target exactly as in the msgid: 'warning-signs.md#behaviour'"),
    ]


def test_translation_broken_link_on_a_continuation_line_of_the_msgstr(site):
    po = PO_HEADER + textwrap.dedent("""\
        #: guides/getting-help.md:7
        msgid ""
        "Read about [the signs](warning-signs.md#behaviour) "
        "first."
        msgstr ""
        "Baca tentang "
        "[tanda-tanda](tanda-amaran.md#behaviour) dahulu."
        """)
    page = clean_pages("ms")["ms/getting-help/index.html"].replace(
        "../warning-signs/#behaviour", "../tanda-amaran/#behaviour")
    proj, out = site(pages={"ms/getting-help/index.html": page},
                     files={"locales/ms/LC_MESSAGES/getting-help.po": po})
    assert formatted(check_site(proj, out)) == [
        ("locales/ms/LC_MESSAGES/getting-help.po:11: link-broken: link 'tanda-amaran.md#behaviour' "
         "leads to 'tanda-amaran/', which is not in the built site; "
         "keep the link target exactly as in the msgid: 'warning-signs.md#behaviour'"),
    ]


def test_fuzzy_msgstr_is_not_blamed(site):
    # Fuzzy entries never reach readers; the page shows the English link, so the guide is blamed.
    po = MS_PO.replace("#: guides/getting-help.md:7\n", "#: guides/getting-help.md:7\n#, fuzzy\n")
    guide = GUIDES["guides/getting-help.md"].replace("#behaviour", "#behavior")
    page = clean_pages("ms")["ms/getting-help/index.html"].replace("#behaviour", "#behavior")
    proj, out = site(pages={"ms/getting-help/index.html": page},
                     files={"locales/ms/LC_MESSAGES/getting-help.po": po, "guides/getting-help.md": guide})
    assert [(p.path, p.line) for p in check_site(proj, out)] == [("guides/getting-help.md", 7)]


def test_anchor_dropped_by_the_targets_translation_names_its_po(site):
    page = clean_pages("ms")["ms/warning-signs/index.html"].replace('id="behaviour"', 'id="tingkah-laku"')
    proj, out = site(pages={"ms/warning-signs/index.html": page})
    assert formatted(check_site(proj, out)) == [
        ("guides/getting-help.md:7: anchor-missing: link 'warning-signs.md#behaviour': "
         "'warning-signs/' has no anchor '#behaviour'; the English page has '#behaviour': heading ids "
         "must not change in translation; check the headings in locales/ms/LC_MESSAGES/warning-signs.po"),
    ]


def test_template_link_reported_once_against_the_template(site):
    pages = {}
    for rel in ("en/index.html", "en/warning-signs/index.html", "en/getting-help/index.html"):
        depth = "../" * rel.count("/", 3)
        pages[rel] = clean_pages()[rel].replace(
            '<nav class="md-nav">', f'<nav class="md-nav"><a href="{depth}about/" class="md-nav__link">About</a>')
    proj, out = site(pages=pages)
    assert formatted(check_site(proj, out)) == [
        ("site/en/getting-help/index.html:7: link-broken: link '../about/' leads to 'en/about/', "
         "which is not in the built site (and on 2 more pages); link to a page that exists; "
         "the link comes from the theme: fix it in partials/nav-item.html"),
    ]


def test_language_switcher_link_to_missing_page(site):
    switcher = ('<a href="../../ms/getting-help/" class="md-select__link" data-guidekit-lang="ms">Melayu</a>'
                '<a href="../../ta/getting-help/" class="md-select__link" data-guidekit-lang="ta">தமிழ்</a>')
    page = clean_pages()["en/getting-help/index.html"].replace("<body>", "<body>" + switcher)
    proj, out = site(pages={"en/getting-help/index.html": page})
    assert formatted(check_site(proj, out)) == [
        ("site/en/getting-help/index.html:6: link-broken: link '../../ta/getting-help/' leads to "
         "'ta/getting-help/', which is not in the built site; link to a page that exists; "
         "the link comes from the theme: fix it in partials/alternate.html (guidekit language switcher)"),
    ]


def test_chooser_and_root_404_links_resolve_from_the_site_root(site):
    proj, out = site(pages={
        "index.html": '<a class="lang" href="en/">English</a>\n<a class="lang" href="zh/">中文</a>\n',
        "404.html": '<a class="lang" href="/en/">English</a>\n<a class="lang" href="/ta/">தமிழ்</a>\n',
    })
    assert formatted(check_site(proj, out)) == [
        ("site/404.html:2: link-broken: link '/ta/' leads to 'ta/', which is not in the built site; "
         "link to a page that exists; the link comes from the theme: fix it in language chooser "
         "(guidekit/chooser.py)"),
        ("site/index.html:2: link-broken: link 'zh/' leads to 'zh/', which is not in the built site; "
         "link to a page that exists; the link comes from the theme: fix it in language chooser "
         "(guidekit/chooser.py)"),
    ]


def test_absolute_links_must_live_under_the_path_of_site_url(site):
    mkdocs = MINIMAL_MKDOCS.replace("site_url: http://localhost:8000/", "site_url: https://example.org/guides/")
    proj, out = site(mkdocs=mkdocs, pages={
        "404.html": '<a class="lang" href="/guides/en/">English</a>\n<a class="lang" href="/ms/">Melayu</a>\n'})
    assert [(p.line, p.code, p.message) for p in check_site(proj, out)] == [
        (2, "link-broken", "link '/ms/' points outside the site")]


def test_canonical_links_on_site_url_are_checked_as_pages(site):
    head = ('<link rel="canonical" href="http://localhost:8000/en/warning-sign/">\n'
            '<link rel="preconnect" href="https://fonts.example.org">')
    page = clean_pages()["en/warning-signs/index.html"].replace("<head>\n", "<head>\n" + head + "\n")
    proj, out = site(pages={"en/warning-signs/index.html": page})
    assert [(p.line, p.code, p.message) for p in check_site(proj, out)] == [
        (4, "link-broken", ("link 'http://localhost:8000/en/warning-sign/' leads to 'en/warning-sign/', "
                            "which is not in the built site"))]


def test_assets_and_images_must_exist(site):
    page = clean_pages()["en/index.html"].replace(
        "<head>\n", '<head>\n<script src="assets/app.js"></script>\n<link rel="icon" href="assets/main.css">\n'
    ).replace("</article>", '<img src="img/photo.png" srcset="img/photo.png 1x, img/photo@2x.png 2x">\n</article>')
    proj, out = site(pages={"en/index.html": page, "en/img/photo.png": "png"},
                     files={"guides/index.md": GUIDES["guides/index.md"] + "\n![A photo](img/photo.png)\n"})
    assert [(p.path, p.line, p.code, p.message) for p in check_site(proj, out)] == [
        ("guides/index.md", 1, "link-broken",
         "link 'img/photo@2x.png' leads to 'img/photo@2x.png', which is not in the built site"),
        ("site/en/index.html", 4, "link-broken",
         "link 'assets/app.js' leads to 'en/assets/app.js', which is not in the built site"),
    ]


def test_directory_urls_self_links_and_top_are_fine(site):
    page = clean_pages()["en/warning-signs/index.html"].replace("</article>", (
                                                                '<a href="./">here</a> <a href="..">home</a> <a href="#">top</a> <a href="#top">top</a> '
                                                                '<a href="../warning-signs">no slash</a> <a href="?q=1#behaviour">query</a> '
                                                                '<a name="legacy"></a><a href="#legacy">legacy</a> <a href="mailto:help@example.org">mail</a>\n'
                                                                "</article>"))
    proj, out = site(pages={"en/warning-signs/index.html": page})
    assert check_site(proj, out) == []


def test_same_page_anchor_typo_in_guide(site):
    guide = GUIDES["guides/warning-signs.md"] + "\nSee [above](#behavour).\n"
    page = clean_pages()["en/warning-signs/index.html"].replace(
        "</article>", '<p>See <a href="#behavour">above</a>.</p>\n</article>')
    proj, out = site(pages={"en/warning-signs/index.html": page}, files={"guides/warning-signs.md": guide})
    assert [(p.path, p.line, p.code) for p in check_site(proj, out)] == [
        ("guides/warning-signs.md", 11, "anchor-missing")]


def test_malformed_tel_link_in_guide(site):
    guide = GUIDES["guides/getting-help.md"].replace("tel:+60376272929", "tel:+603-7627 2929")
    page = clean_pages()["en/getting-help/index.html"].replace("tel:+60376272929", "tel:+603-7627 2929")
    proj, out = site(pages={"en/getting-help/index.html": page}, files={"guides/getting-help.md": guide})
    assert formatted(check_site(proj, out)) == [
        ("guides/getting-help.md:9: tel-malformed: phone link 'tel:+603-7627 2929' is not 'tel:' followed "
         "by digits; write it as tel:+60312345678, with no spaces, dashes or brackets"),
    ]


def test_malformed_tel_in_help_panel_reported_against_the_helpline_registry(site):
    registry = "services:\n  - id: befrienders\n    numbers:\n      - {display: \"03-7627 2929\", tel: \"+603 7627\"}\n"
    panel = '<section class="guidekit-help"><a class="guidekit-tel" href="tel:+603 7627">03-7627 2929</a></section>'
    pages = {rel: text.replace("<body>", "<body>" + panel) for rel, text in clean_pages().items()
             if rel.endswith(".html")}
    proj, out = site(pages=pages, files={"guides/_data/helplines.yml": registry})
    assert formatted(check_site(proj, out)) == [
        ("guides/_data/helplines.yml:4: tel-malformed: phone link '+603 7627' is not 'tel:' followed by "
         "digits; write it as tel:+60312345678, with no spaces, dashes or brackets; "
         "it comes from guides/_data/helplines.yml"),
    ]


def test_no_site_is_a_problem_not_a_traceback(make_project, tmp_path):
    proj = projectmod.load(make_project(GUIDES) / "mkdocs.yml")
    with pytest.raises(ProblemsFound) as caught:
        check_site(proj, tmp_path / "nowhere")
    assert [p.code for p in caught.value.problems] == ["no-site"]


def test_scan_page_reads_ids_links_and_article_once():
    page = scan_page("en/x/index.html", textwrap.dedent("""\
        <head><link rel="stylesheet" href="a.css"><script>var s = '<a href="nope">';</script></head>
        <!-- <a href="commented-out"> -->
        <a href="../" title="a > b" class="md-nav__link">up</a>
        <article id="main"><p id=plain>text <a href='#plain' data-x="1">same</a></p></article>
        <a name="old"></a>
        """))
    assert page.ids == {"main", "plain", "old"}
    assert [(link.value, link.in_article, page.line(link.offset)) for link in page.links] == [
        ("a.css", False, 1), ("../", False, 3), ("#plain", True, 4)]


def test_po_entries_with_lines_flags_escapes_and_obsolete(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(PO_HEADER + textwrap.dedent("""\
        #, fuzzy
        msgid "One"
        msgstr "Satu"

        msgctxt "menu"
        msgid "Two"
        msgstr ""
        "Dua \\"kata\\" "
        "baris\\n"

        msgid "Empty"
        msgstr ""

        #~ msgid "Gone"
        #~ msgstr "Hilang"
        """), encoding="utf-8")
    entries = read_po_entries(po)
    assert [(e.msgid, e.msgstr, e.line, e.fuzzy) for e in entries] == [
        ("One", "Satu", 7, True), ("Two", 'Dua "kata" baris\n', 11, False)]
    assert entries[1].line_at(0) == 12 and entries[1].line_at(12) == 13


# -- external links -------------------------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/ok":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>ok</body></html>")
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2.5)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    do_HEAD = do_GET


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_external_links_checked_with_linkchecker(site, server):
    links = "".join(f'<p><a href="{server}/{name}">{name}</a></p>\n' for name in ("ok", "missing", "moved", "slow"))
    guide = GUIDES["guides/index.md"] + "\n" + "".join(
        f"- [{name}]({server}/{name})\n" for name in ("ok", "missing", "moved", "slow"))
    page = clean_pages()["en/index.html"].replace("</article>", links + "</article>")
    proj, out = site(pages={"en/index.html": page}, files={"guides/index.md": guide})
    assert check_site(proj, out) == []  # off by default
    assert formatted(check_site(proj, out, external=True, timeout=1)) == [
        (f"guides/index.md:6: external-broken: external link '{server}/missing' is broken: 404 Not Found; "
         "fix or remove the link"),
        (f"guides/index.md:7: warning: link-redirect: external link '{server}/moved' redirects to "
         f"'{server}/ok'; link to '{server}/ok' directly"),
        (f"guides/index.md:8: external-timeout: external link '{server}/slow' did not answer within 1 s; "
         "check that the site is up, or raise --timeout"),
    ]


def test_translation_that_changes_an_external_link_is_blamed(site, server):
    po = PO_HEADER + f"""\
msgid "Read [this]({server}/ok)."
msgstr "Baca [ini]({server}/gone)."
"""
    page = clean_pages("ms")["ms/index.html"].replace("</article>", f'<a href="{server}/gone">ini</a>\n</article>')
    proj, out = site(pages={"ms/index.html": page}, files={"locales/ms/LC_MESSAGES/index.po": po})
    assert [(p.path, p.line, p.code) for p in check_site(proj, out, external=True, timeout=2)] == [
        ("locales/ms/LC_MESSAGES/index.po", 6, "external-broken")]


def test_linkchecker_engine_runs_as_root_without_dropping_privileges(server):
    # linkchecker's command line would setuid to nobody under root; the API in a child does not.
    results = run_linkchecker([f"{server}/ok", f"{server}/missing"], timeout=2)
    assert {url: row["valid"] for url, row in results.items()} == {
        f"{server}/ok": True, f"{server}/missing": False}


# -- the command line -----------------------------------------------------------------------------

def test_cli_exit_codes_and_output(site):
    proj, out = site()
    runner = CliRunner()
    config = str(proj.config_file)
    clean = runner.invoke(main, ["-f", config, "linkcheck", "--site-dir", str(out)])
    assert clean.exit_code == 0, clean.output
    page = out / "en/index.html"
    page.write_text(page.read_text("utf-8").replace('"warning-signs/"', '"warning-sign/"'), encoding="utf-8")
    broken = runner.invoke(main, ["-f", config, "linkcheck", "--site-dir", str(out)])
    assert broken.exit_code == 1
    assert "guides/index.md:1: link-broken: link 'warning-sign/' leads to 'warning-sign/'" in broken.output
    missing = runner.invoke(main, ["-f", config, "linkcheck", "--site-dir", str(out / "nowhere")])
    assert missing.exit_code == 1
    assert "site/nowhere:1: no-site: no built site here; run 'guidekit build' first" in missing.output


# -- end to end: real builds ----------------------------------------------------------------------

def _build(root: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"), "build",
                           "--site-dir", str(out)], capture_output=True, text=True, check=False)


def test_real_site_has_no_broken_links(root, real_site):
    problems = check_site(projectmod.load(root / "mkdocs.yml"), real_site)
    assert formatted(problems) == []


# The build refuses a msgstr whose link target changed (defence in depth, tested with the
# plugin); linkcheck is the second net. This build switches the first net off, in a child
# process, to prove the second one catches the broken anchor and names the PO line.
_BUILD_UNGUARDED = """
import sys
from pathlib import Path
from guidekit import config as project
from guidekit.checks import qa
from guidekit.site import build
qa.is_safe_to_render = lambda msgid, msgstr: []
proj = project.load(sys.argv[1])
results = build.build_site(proj, [loc.id for loc in proj.locales], Path(sys.argv[2]), jobs=1)
sys.exit(0 if all(r.ok for r in results) else "; ".join(r.error for r in results))
"""


def test_built_translation_with_broken_anchor_reported_at_po_line(make_project, tmp_path):
    from guidekit.i18n import catalogs

    # strict: MkDocs' own anchor validation would stop the Malay build before linkcheck runs.
    mkdocs = MINIMAL_MKDOCS.replace("strict: true", "strict: false")
    root = make_project(GUIDES, mkdocs=mkdocs)
    proj = projectmod.load(root / "mkdocs.yml")
    catalog = catalogs.template(proj, "getting-help.md")
    for message in catalog:
        if message.id:
            message.string = message.id.replace("#behaviour", "#tingkah-laku")
    po = proj.po_path("ms", "getting-help.md")
    po.parent.mkdir(parents=True)
    po.write_bytes(catalogs.render(catalog))
    line = next(n for n, text in enumerate(po.read_text("utf-8").splitlines(), 1) if "#tingkah-laku" in text)

    guarded = _build(root, tmp_path / "guarded")
    assert guarded.returncode == 0, guarded.stdout + guarded.stderr
    page = (tmp_path / "guarded/ms/getting-help/index.html").read_text("utf-8")
    assert "#tingkah-laku" not in page and "../warning-signs/#behaviour" in page
    assert check_site(proj, tmp_path / "guarded") == []

    out = tmp_path / "unguarded"
    built = subprocess.run([sys.executable, "-c", _BUILD_UNGUARDED, str(root / "mkdocs.yml"), str(out)],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "../warning-signs/#tingkah-laku" in (out / "ms/getting-help/index.html").read_text("utf-8")
    assert formatted(check_site(proj, out)) == [
        (f"locales/ms/LC_MESSAGES/getting-help.po:{line}: anchor-missing: link "
         "'warning-signs.md#tingkah-laku': 'warning-signs/' has no anchor '#tingkah-laku'; "
         "keep the link target exactly as in the msgid: 'warning-signs.md#behaviour'"),
    ]


def test_anchors_checked_whether_the_target_page_is_read_before_or_after(site):
    # Pages are read one at a time in path order: 'a/' is read before 'en/', 'zz/' after it.
    # A link to a page not read yet waits for its ids; both directions must be checked.
    pages = {
        "a/index.html": html('<h1 id="a-top">A</h1><a href="../en/warning-signs/#nope">x</a>'
                             '<a href="../zz/#z-top">ok</a>'),
        "zz/index.html": html('<h1 id="z-top">Z</h1><a href="../a/#nope">y</a>'
                              '<a href="../a/#a-top">ok</a>'),
    }
    proj, out = site(pages=pages)
    found = [(p.path, p.code) for p in check_site(proj, out)]
    assert found == [("site/a/index.html", "anchor-missing"), ("site/zz/index.html", "anchor-missing")]
