"""Reader safety in a real Chromium: crisis help in search, help on every page, content notes."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser")
from browser import (
    LANGS,
    ROOT,
    ax_node,
    open_search,
    page_types,
    page_with,
    wait_for_results,
)
from guidekit import config as projectmod
from guidekit.site import reader

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

CRISIS = "If your search is about wanting to hurt yourself, please talk to someone now."


@pytest.fixture(scope="module")
def contexts():
    """reader_context per URL prefix: the texts each language's site must show."""
    proj = projectmod.load(ROOT / "mkdocs.yml")
    return {loc.url: reader.reader_context(proj, loc) for loc in proj.locales}


def crisis_panel(page):
    return page.locator(".md-search-result > .guidekit-crisis [data-guidekit-crisis]")


@pytest.mark.parametrize("url,query", [
    ("en", "suicide"),
    ("ms", "bunuh diri"),
    ("zh", "自杀"),
    ("ta", "தற்கொலை"),
    ("en", "i want to   KILL   myself"),
    ("zh", "我不想活了"),
])
def test_distress_search_shows_helplines_above_results(site, page, contexts, url, query):
    page.goto(site.url(f"{url}/"))
    open_search(page, query)
    panel = crisis_panel(page)
    panel.wait_for(state="visible", timeout=3000)  # before Material has any result
    region = page.locator(".md-search-result > .guidekit-crisis")
    assert region.get_attribute("role") == "alert"
    wait_for_results(page)  # still there, and first, once Material has rendered results
    assert panel.is_visible()
    assert page.evaluate("document.querySelector('.md-search-result').firstElementChild"
                         ".classList.contains('guidekit-crisis')")
    panel_box = panel.bounding_box()
    meta_box = page.locator(".md-search-result__meta").bounding_box()
    assert panel_box["y"] + panel_box["height"] <= meta_box["y"] + 1
    # In the page's language, 999 first, tap-to-call.
    strings = contexts[url]["strings"]
    assert panel.locator(".guidekit-help__title").inner_text().strip() == strings[CRISIS]
    tels = panel.locator('a[href^="tel:"]')
    assert tels.count() >= 2
    assert tels.first.get_attribute("href") == "tel:999"
    assert page.evaluate("document.documentElement.lang") == LANGS[url]


@pytest.mark.parametrize("url,query", [("en", "school"), ("ms", "sekolah"), ("zh", "学校"),
                                       ("ta", "பள்ளி")])
def test_neutral_search_shows_no_panel(site, page, url, query):
    page.goto(site.url(f"{url}/"))
    open_search(page, query)
    wait_for_results(page)
    assert page.locator(".md-search-result > .guidekit-crisis").count() == 1  # bound, empty
    assert crisis_panel(page).count() == 0


def test_panel_goes_when_the_query_changes(site, page):
    page.goto(site.url("en/"))
    open_search(page, "suicide")
    crisis_panel(page).wait_for(state="visible")
    page.fill(".md-search__input", "school")
    wait_for_results(page)
    assert crisis_panel(page).count() == 0


def test_crisis_panel_after_instant_navigation(site, page):
    page.goto(site.url("en/"))
    page.evaluate("window.__guidekitMarker = 1")
    href = page.evaluate("""() => [...document.querySelectorAll('article a[href]')]
        .map(a => a.href).find(h => h.startsWith(location.origin + '/en/') && !h.includes('#')
                                     && h !== location.href)""")
    assert href, "the home page links to no guide"
    page.locator(f'article a[href="{href}"]').first.click()
    page.wait_for_url(href)
    assert page.evaluate("window.__guidekitMarker") == 1, "instant navigation fell back to a reload"
    open_search(page, "self harm")
    crisis_panel(page).wait_for(state="visible", timeout=3000)
    assert crisis_panel(page).locator('a[href="tel:999"]').count() == 1


@pytest.mark.parametrize("url", LANGS)
def test_help_dialog_opens_closes_and_returns_focus(site, page, contexts, url):
    page.goto(site.url(page_types(site, url)["guide"]))
    page.locator(".md-header a.guidekit-help-link").click()
    dialog = page.locator("dialog#guidekit-help-dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.getElementById('guidekit-help-dialog').open")
    assert page.evaluate("document.activeElement.classList.contains('guidekit-help__title')")
    tels = dialog.locator("a.guidekit-tel")  # calls, and WhatsApp chats where the registry says so
    assert tels.first.get_attribute("href") == "tel:999"
    assert tels.count() == sum(len(s["numbers"]) for s in contexts[url]["helplines"]
                               if not s["emergency"]) + 1
    assert dialog.locator('a[href^="https://wa.me/"]').count() == sum(
        n["channel"] == "whatsapp" for s in contexts[url]["helplines"] for n in s["numbers"])
    # Help once, calmly: whether numbers were checked is said on the Getting help page only.
    assert dialog.locator(".guidekit-help__verified, .guidekit-check-note").count() == 0
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('guidekit-help-dialog').open")
    assert page.evaluate("document.activeElement.classList.contains('guidekit-help-link')")
    # The close button works too.
    page.locator(".md-header a.guidekit-help-link").click()
    dialog.locator("button.guidekit-help__close").click()
    assert not dialog.is_visible()


def test_help_link_without_javascript_leads_to_the_footer_help(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site.url("en/404.html"))
        page.locator(".md-header a.guidekit-help-link").click()
        assert page.evaluate("location.hash") == "#guidekit-help"
        assert page.locator("#guidekit-help a[href='tel:999']").is_visible()
    finally:
        context.close()


def test_inline_help_panel_on_sensitive_pages(site, page):
    path = page_with(site, 'id="guidekit-help-inline"')
    assert path, "no guide places <div data-guidekit=\"help-panel\"></div>"
    page.goto(site.url(f"en/{path}"))
    panel = page.locator("article #guidekit-help-inline")
    assert panel.locator("a[href='tel:999']").count() == 1
    assert panel.locator(".guidekit-help__verified").count() == 0
    assert page.locator("#guidekit-help").count() == 0  # the footer does not repeat it


@pytest.mark.parametrize("url", LANGS)
def test_content_note_opens_and_closes_with_the_keyboard(site, page, contexts, url):
    path = page_with(site, 'class="content-note"', url)
    assert path, "no guide has a content note"
    page.goto(site.url(f"{url}/{path}"))
    note = page.locator("details.content-note").first
    summary = note.locator("summary")
    hint_id = summary.get_attribute("aria-describedby")
    assert hint_id == "guidekit-content-note-hint"
    hint = page.evaluate(f"document.getElementById('{hint_id}').textContent.trim()")
    assert hint == contexts[url]["strings"]["Open content note"]
    assert not note.evaluate("el => el.open")
    assert not note.locator(":scope > :not(summary)").first.is_visible()
    # Keyboard only from the link just before the note: Tab until the note's summary has focus.
    page.evaluate("""() => {
        const note = document.querySelector('details.content-note');
        const links = [...document.querySelectorAll('article a[href]')].filter(
            a => a.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING);
        (links.pop() || document.querySelector('.md-header a')).focus();
    }""")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('details.content-note > summary')"):
            break
    else:
        pytest.fail("Tab never reached a content note")
    focused = page.evaluate_handle("document.activeElement.parentElement")
    page.evaluate("document.activeElement.id = document.activeElement.id || 'gk-test-summary'")
    told = ax_node(page, "#" + page.evaluate("document.activeElement.id"))
    assert told["expanded"] is False
    assert told["description"] == contexts[url]["strings"]["Open content note"]
    assert told["name"].startswith(note.locator("summary").inner_text().strip()[:10])
    page.keyboard.press("Enter")
    page.wait_for_function("el => el.open", arg=focused)
    page.wait_for_function(
        "() => !document.activeElement.hasAttribute('aria-describedby')")  # after 'toggle'
    assert page.evaluate("el => el.querySelector(':scope > :not(summary)').checkVisibility()",
                         focused)
    assert ax_node(page, "#" + page.evaluate("document.activeElement.id"))["expanded"] is True
    page.keyboard.press("Space")
    page.wait_for_function("el => !el.open", arg=focused)
    page.wait_for_function(
        f"() => document.activeElement.getAttribute('aria-describedby') === '{hint_id}'")
    assert page.evaluate("document.activeElement.matches('details.content-note > summary')")
