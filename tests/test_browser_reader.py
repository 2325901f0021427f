"""The reader's page in a real Chromium: help once, no sideways scroll on a 320 px phone, and the
printed handout (print media and Chromium's own PDF)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

pytest.register_assert_rewrite("browser")
from browser import LANGS, SHOTS, guide_pages, page_types, page_with

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

# Help sections a reader can reach on the page itself (the dialog and the search crisis
# template are not in the page flow; the template is inert until a distress search).
HELP_BLOCKS = """() => [...document.querySelectorAll('section.guidekit-help')]
    .filter(el => !el.closest('template, dialog')).map(el => el.id)"""


@pytest.mark.parametrize("url", LANGS)
def test_help_exactly_once_per_page_plus_the_header_dialog(site, page, url):
    for kind, path in page_types(site, url).items():
        page.goto(site.url(path))
        blocks = page.evaluate(HELP_BLOCKS)
        assert len(blocks) == 1, f"{path} ({kind}): help blocks {blocks}"
        assert page.locator("dialog#guidekit-help-dialog").count() == 1, path
        # The header link's no-JS target is the one block this page has.
        href = page.locator(".md-header a.guidekit-help-link").get_attribute("href")
        assert href.endswith(f"#{blocks[0]}"), (path, href)
        # Emergency first in the block; nothing under each number about checking.
        first = page.locator(f"#{blocks[0]} a.guidekit-tel").first.get_attribute("href")
        assert first == "tel:999", path
        assert page.locator(".guidekit-help__verified").count() == 0, path


@pytest.mark.parametrize("url", LANGS)
def test_getting_help_says_once_whether_numbers_were_checked_with_999_first(site, page, url):
    page.goto(site.url(f"{url}/getting-help/"))
    assert page.locator(".guidekit-check-note").count() == 1
    assert page.locator(".guidekit-check-note").is_visible()
    table_first = page.locator("article table tbody tr").first.locator('a[href^="tel:"]')
    assert table_first.get_attribute("href") == "tel:999"
    kasih = page.locator('#guidekit-help-inline [data-service="talian-kasih"] a.guidekit-tel')
    assert kasih.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "tel:15999", "https://wa.me/60192615999"]


def test_help_link_without_javascript_leads_to_the_inline_panel(site, browser):
    path = page_with(site, 'id="guidekit-help-inline"')
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site.url(f"en/{path}"))
        page.locator(".md-header a.guidekit-help-link").click()
        assert page.evaluate("location.hash") == "#guidekit-help-inline"
        assert page.locator("#guidekit-help-inline a[href='tel:999']").is_visible()
        assert page.locator("[data-guidekit-print]").is_hidden()  # useless without JS
    finally:
        context.close()


@pytest.mark.parametrize("url", LANGS)
def test_no_sideways_scroll_at_320_px(site, browser, url):
    """Every page of the language (guides, home, 404, status) on a 320 px wide phone."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    paths = {f"{url}/{rel}" for rel in guide_pages(site, url)} | set(page_types(site, url).values())
    wide = {}
    try:
        for path in sorted(paths):
            page.goto(site.url(path))
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > 320:
                wide[path] = width
    finally:
        context.close()
    assert wide == {}


def _print_page(site, page, path):
    page.goto(site.url(path))
    page.emulate_media(media="print")
    page.wait_for_function("document.querySelector('.guidekit-print-info__date').textContent")


@pytest.mark.parametrize("url", LANGS)
def test_print_shows_address_qr_date_and_one_help_block_without_chrome(site, page, url):
    path = page_types(site, url)["guide"]
    _print_page(site, page, path)
    info = page.locator(".guidekit-print-info")
    assert info.is_visible()
    assert info.locator(".guidekit-print-info__url").inner_text() == page.evaluate(
        "document.querySelector('link[rel=canonical]').href")
    qr = info.locator("svg.guidekit-qr__code")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 80  # ~24 mm: scannable on paper
    assert re.search(r"\d", info.locator(".guidekit-print-info__date").inner_text())
    visible = page.evaluate("""() => [...document.querySelectorAll('section.guidekit-help')]
        .filter(el => el.getClientRects().length > 0).length""")
    assert visible == 1
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search",
                   ".guidekit-print-button", "dialog#guidekit-help-dialog"):
        assert all(not el.is_visible() for el in page.locator(chrome).all()), chrome
    # Review state and last-updated date (from git: the tests run in a clone) are on the sheet.
    assert page.locator(".guidekit-banner, .guidekit-review__reviewed").first.is_visible()
    updated = page.locator(".guidekit-review__updated")
    assert updated.is_visible() and re.search(r"20\d\d", updated.inner_text())
    # Content notes open: their text is on paper.
    note = page.locator("details.content-note").first
    assert note.evaluate("d => d.open")
    assert note.locator("p").first.is_visible()
    # Links carry their absolute address after the text; tel links do not.
    after = page.evaluate("""() => {
        const a = [...document.querySelectorAll('article a[data-guidekit-href]')]
            .find(a => a.dataset.guidekitHref.startsWith(location.origin));
        return a ? [a.getAttribute('href'), getComputedStyle(a, '::after').content] : null;
    }""")
    assert after, "no link to another guide"
    assert re.fullmatch(r'" \(http://127\.0\.0\.1:\d+/.+\)"', after[1]), after
    tel_after = page.evaluate("""() => getComputedStyle(
        document.querySelector('article a.guidekit-tel'), '::after').content""")
    assert tel_after in ("none", "normal")
    # Print media hides nothing the reader opened themselves after printing.
    page.emulate_media(media="screen")
    assert not note.evaluate("d => d.open")


def _pdftotext() -> str | None:
    tool = shutil.which("pdftotext")
    if not tool and os.environ.get("CI", "").lower() == "true":
        pytest.fail("pdftotext is missing; CI must check printed pages (apt-get install "
                    "poppler-utils)", pytrace=False)
    return tool


@pytest.mark.parametrize("url", LANGS)
def test_printed_pdf_keeps_headings_with_their_text(site, page, url):
    """Chromium's own PDF of the longest guide: no page ends with a heading, and the help list
    is printed once. The PDFs are kept in /tmp/shots for people to look at."""
    tool = _pdftotext()
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    SHOTS.mkdir(parents=True, exist_ok=True)
    longest = max(guide_pages(site, url),
                  key=lambda rel: (site.dir / url / rel / "index.html").stat().st_size)
    _print_page(site, page, f"{url}/{longest}")
    headings = [h.strip() for h in page.locator("article h2, article h3").all_inner_texts()]
    pdf = SHOTS / f"{url}-print-{longest.strip('/').replace('/', '_')}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    stranded = []
    for number, body in enumerate(pages[:-1], 1):
        last = [line.strip() for line in body.splitlines() if line.strip()][-1]
        if any(last == h or (len(h) > 12 and last.endswith(h[-12:])) for h in headings):
            stranded.append((number, last))
    assert stranded == [], f"{pdf}: headings at the foot of a page"
    # "You are not alone" opens the help list: printed once.
    once = page.locator("section.guidekit-help .guidekit-help__intro").first.inner_text()
    assert text.replace("\n", " ").count(once[:20]) == 1


@pytest.mark.parametrize("url", LANGS)
def test_404_helps_in_the_sites_language(site, page, contexts_by_url, url):
    strings = contexts_by_url[url]["strings"]
    page.goto(site.url(f"{url}/404.html"))
    assert page.locator("h1").inner_text().strip() == strings["Page not found"]
    guides = page.locator("ul.guidekit-404-guides a")
    assert guides.count() >= 6
    assert page.locator("section.guidekit-help a[href='tel:999']").count() == 1
    page.locator("#guidekit-404-q").fill("anoreksia")
    page.locator(".guidekit-404-search button[type=submit]").click()
    # Material opens its search with ?q= on the home page.
    page.wait_for_function("document.querySelector('.md-search__input') &&"
                           " document.querySelector('.md-search__input').value === 'anoreksia'")
    assert page.url.split("?")[0] == site.url(f"{url}/")
    assert page.evaluate("document.getElementById('__search').checked")


@pytest.fixture(scope="module")
def contexts_by_url():
    from browser import ROOT
    from guidekit import config as projectmod
    from guidekit.site import reader

    proj = projectmod.load(ROOT / "mkdocs.yml")
    return {loc.url: reader.reader_context(proj, loc) for loc in proj.locales}
