"""The built site as a reader's browser sees it: languages, privacy, accessibility, the chooser."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

pytest.register_assert_rewrite("browser")
from browser import (
    LANGS,
    ROOT,
    SHOTS,
    axe,
    describe,
    open_search,
    page_types,
    wait_for_results,
)
from guidekit import config as projectmod
from guidekit.site import reader

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def contexts():
    proj = projectmod.load(ROOT / "mkdocs.yml")
    return {loc.url: reader.reader_context(proj, loc) for loc in proj.locales}


@dataclass
class Visit:
    path: str
    lang: str
    requests: list[str]
    help_text: str | None
    help_box: dict | None
    violations: list[dict]


@pytest.fixture(scope="module")
def visits(site, browser) -> dict[tuple[str, str], Visit]:
    """Every page type of every language (and the chooser and root 404), each loaded once;
    the tests below assert on what was seen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    targets = [(url, kind, path) for url in LANGS for kind, path in page_types(site, url).items()]
    targets += [("", "chooser", ""), ("", "404", "404.html")]
    seen = {}
    try:
        for url, kind, path in targets:
            requests.clear()
            page.goto(site.url(path))
            page.wait_for_load_state("networkidle")
            link = page.locator(".md-header a.guidekit-help-link")
            visible = link.count() == 1 and link.is_visible()
            seen[(url, kind)] = Visit(
                path=path,
                lang=page.evaluate("document.documentElement.lang"),
                requests=list(requests),
                help_text=link.inner_text().strip() if visible else None,
                help_box=link.bounding_box() if visible else None,
                violations=axe(page))
    finally:
        context.close()
    return seen


def _of(visits, url):
    return {kind: v for (u, kind), v in visits.items() if u == url}


@pytest.mark.parametrize("url,lang", LANGS.items())
def test_html_lang_on_every_page_type(visits, url, lang):
    assert {kind: v.lang for kind, v in _of(visits, url).items()} == dict.fromkeys(
        _of(visits, url), lang)


@pytest.mark.parametrize("url", [*LANGS, ""])
def test_no_request_leaves_localhost(site, visits, url):
    for kind, visit in _of(visits, url).items():
        assert visit.requests, kind
        outside = [u for u in visit.requests
                   if not u.startswith(site.origin) and not u.startswith(("data:", "blob:"))]
        assert outside == [], f"{visit.path} ({kind})"


@pytest.mark.parametrize("url", LANGS)
def test_help_link_in_the_same_place_on_every_page(visits, contexts, url):
    """WCAG 2.2 3.2.6 Consistent Help: same place, same words, on every page type."""
    pages = _of(visits, url)
    for kind, visit in pages.items():
        assert visit.help_text == contexts[url]["strings"]["Get help now"], kind
    first = pages["home"].help_box
    for kind, visit in pages.items():
        box = visit.help_box
        assert abs(box["x"] - first["x"]) <= 1 and abs(box["y"] - first["y"]) <= 1, kind


@pytest.mark.parametrize("url", [*LANGS, ""])
def test_axe_on_every_page_type(visits, url):
    """axe-core (WCAG 2.0-2.2 A and AA) on home, a guide, 404 and status pages of every
    language, and on the chooser and the root 404 ("")."""
    problems = {f"{v.path} ({kind})": describe(v.violations)
                for kind, v in _of(visits, url).items() if v.violations}
    assert problems == {}


def _heading_with_id(page) -> str:
    return page.evaluate("""() => {
        const h = [...document.querySelectorAll('article h2[id], article h3[id]')]
            .find(h => !h.closest('.guidekit-help'));
        return h ? h.id : null;
    }""")


@pytest.mark.parametrize("target", [u for u in LANGS if u != "en"])
def test_language_switcher_keeps_page_and_anchor(site, page, target):
    guide = page_types(site, "en")["guide"]
    page.goto(site.url(guide))
    anchor = _heading_with_id(page)
    assert anchor, f"{guide} has no heading with an id"
    page.goto(site.url(f"{guide}#{anchor}"))
    page.locator(".md-header .md-select").hover()
    link = page.locator(f".md-header a[data-guidekit-lang='{target}']")
    link.click()
    page.wait_for_url(re.compile(re.escape(f"/{target}/{guide[3:]}#{anchor}") + "$"))
    assert page.evaluate("document.documentElement.lang") == LANGS[target]
    assert page.locator(f"[id='{anchor}']").count() == 1, "the same heading id must exist"
    assert page.evaluate("localStorage.getItem('guidekit-language')") == target


def test_chooser_remembers_the_choice(site, page):
    page.goto(site.url(""))
    assert page.evaluate("document.body.dataset.page") == "chooser"
    page.locator("a.lang[data-url='ms']").click()
    page.wait_for_url(site.url("ms/"))
    page.goto(site.url(""))
    page.wait_for_url(site.url("ms/"))  # the next visit goes straight to Malay
    assert page.evaluate("document.documentElement.lang") == "ms"
    page.goto(site.url("?choose"))  # and the chooser can still be reached
    assert page.evaluate("document.body.dataset.page") == "chooser"


def _assert_no_violations(page, what: str) -> int:
    violations = axe(page)
    assert violations == [], f"{what}:\n{describe(violations)}"
    return 0


@pytest.mark.parametrize("url", LANGS)
def test_axe_with_panels_open(site, page, url):
    guide = page_types(site, url)["guide"]
    page.goto(site.url(guide))
    # A content note opened on purpose.
    page.locator("details.content-note > summary").first.click()
    _assert_no_violations(page, f"{guide} with a content note open")
    # The help dialog.
    page.locator(".md-header a.guidekit-help-link").click()
    _assert_no_violations(page, f"{guide} with the help dialog open")
    page.keyboard.press("Escape")
    # Search with results, then the crisis panel above them.
    open_search(page, {"en": "eating", "ms": "makan", "zh": "饮食", "ta": "உணவு"}[url])
    wait_for_results(page)
    _assert_no_violations(page, f"{guide} with search results")
    page.fill(".md-search__input", "suicide")
    page.locator(".guidekit-help--crisis").wait_for(state="visible")
    wait_for_results(page)
    _assert_no_violations(page, f"{guide} with the crisis panel in search")


def test_search_finds_pages_in_every_language(site, page):
    """Material's own search answers in every language (the crisis panel does not need it)."""
    for url in LANGS:
        page.goto(site.url(f"{url}/"))
        open_search(page, "Talian HEAL")
        wait_for_results(page)
        assert page.locator(".md-search-result__list > li").count() > 0, url


@pytest.mark.parametrize("query", ["Talian HEAL", "உணவுக் கோளாறு"])
def test_tamil_search_answers(site, page, query):
    # Material's worker needs guidekit/searchworker.py's patch to load wordcut.js for Tamil.
    page.goto(site.url("ta/"))
    open_search(page, query)
    page.wait_for_function("document.querySelectorAll('.md-search-result__list > li').length > 0",
                           timeout=5000)


@pytest.mark.parametrize("url", LANGS)
def test_screenshots(site, browser, url):
    """Phone and desktop screenshots of a guide for people to look at (Chinese and Tamil glyphs,
    the help link, the dialog); saved under /tmp/shots/ (GUIDEKIT_SHOTS)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    guide = page_types(site, url)["guide"]
    for name, viewport in {"phone": {"width": 390, "height": 844},
                           "desktop": {"width": 1280, "height": 900}}.items():
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        page = context.new_page()
        try:
            page.goto(site.url(guide))
            page.locator("details.content-note > summary").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"{url}-{name}-guide.png"))
            page.evaluate("window.scrollTo(0, 0)")
            assert page.locator(".md-header a.guidekit-help-link").is_visible()
            page.locator(".md-header a.guidekit-help-link").click()
            page.wait_for_timeout(300)  # let transitions finish: people judge these by eye
            page.screenshot(path=str(SHOTS / f"{url}-{name}-help.png"))
            page.keyboard.press("Escape")
            open_search(page, {"en": "suicide", "ms": "bunuh diri", "zh": "自杀",
                               "ta": "தற்கொலை"}[url])
            page.locator(".guidekit-help--crisis").wait_for(state="visible")
            page.wait_for_timeout(500)
            page.screenshot(path=str(SHOTS / f"{url}-{name}-crisis.png"))
        finally:
            context.close()
        assert (SHOTS / f"{url}-{name}-guide.png").stat().st_size > 10_000
