"""The built site as a reader's browser sees it: languages, privacy, accessibility, the chooser."""

from __future__ import annotations

import re

import pytest

pytest.register_assert_rewrite("browser")
from browser import (
    LANGS,
    SEARCH_BROKEN,
    SHOTS,
    axe,
    describe,
    open_search,
    page_types,
    wait_for_results,
)

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url,lang", LANGS.items())
def test_html_lang_on_every_page_type(site, page, url, lang):
    for kind, path in page_types(site, url).items():
        page.goto(site.url(path))
        assert page.evaluate("document.documentElement.lang") == lang, kind


@pytest.mark.parametrize("url", LANGS)
def test_no_request_leaves_localhost(site, page, url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in page_types(site, url).values():
        page.goto(site.url(path))
        page.wait_for_load_state("networkidle")
    page.goto(site.url(""))  # the chooser
    page.wait_for_load_state("networkidle")
    assert requests
    outside = [u for u in requests
               if not u.startswith(site.origin) and not u.startswith(("data:", "blob:"))]
    assert outside == []


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
def test_axe_on_every_page_type(site, page, url):
    for kind, path in page_types(site, url).items():
        page.goto(site.url(path))
        _assert_no_violations(page, f"{path} ({kind})")


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
    if url not in SEARCH_BROKEN:
        wait_for_results(page)
    _assert_no_violations(page, f"{guide} with search results")
    page.fill(".md-search__input", "suicide")
    page.locator(".guidekit-help--crisis").wait_for(state="visible")
    if url not in SEARCH_BROKEN:
        wait_for_results(page)
    _assert_no_violations(page, f"{guide} with the crisis panel in search")


@pytest.mark.parametrize("path", ["", "404.html"])
def test_axe_on_the_chooser_and_root_404(site, page, path):
    page.goto(site.url(path))
    _assert_no_violations(page, path or "chooser")


def test_search_finds_pages_in_every_language(site, page):
    """Material's own search answers in every language (the crisis panel does not need it)."""
    for url in LANGS:
        if url in SEARCH_BROKEN:
            continue
        page.goto(site.url(f"{url}/"))
        open_search(page, "Talian HEAL")
        wait_for_results(page)
        assert page.locator(".md-search-result__list > li").count() > 0, url


@pytest.mark.xfail(strict=True, reason="Material 9.8.2 does not load wordcut.js for lunr.ta")
def test_tamil_search_answers(site, page):
    page.goto(site.url("ta/"))
    open_search(page, "Talian HEAL")
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
