"""The built site served anywhere but site_url: another host and port, under a sub-path.

Material's own language switching and instant navigation read sitemap.xml, whose URLs name
site_url; guidekit must keep the switcher on the same page and #anchor, and instant loading on,
wherever the files are served (a mirror, a GitHub Pages project site, a preview port).
"""

from __future__ import annotations

import re

import pytest

pytest.register_assert_rewrite("browser")
from browser import LANGS, page_types

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser


def _anchored_guide(page, mirror, url: str) -> tuple[str, str]:
    """A guide page (site-relative, without the language) and the id of a heading on it."""
    guide = page_types(mirror, url)["guide"][len(url) + 1:]
    page.goto(mirror.url(f"{url}/{guide}"))
    anchor = page.evaluate("""() => {
        const h = [...document.querySelectorAll('.md-content h2[id]')]
            .find(h => !h.closest('.guidekit-help'));
        return h ? h.id : null;
    }""")
    assert anchor, f"{guide} has no h2 with an id"
    return guide, anchor


def _switch(page, target: str) -> None:
    page.locator(".md-header .md-select").hover()
    page.locator(f".md-header a[data-guidekit-lang='{target}']").click()


@pytest.mark.parametrize("source", list(LANGS))
def test_switcher_keeps_page_and_anchor_on_a_foreign_host(mirror, site, page, source):
    assert not mirror.origin.startswith(site.origin)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    guide, anchor = _anchored_guide(page, mirror, source)
    for target in [u for u in LANGS if u != source]:
        page.goto(mirror.url(f"{source}/{guide}#{anchor}"))
        _switch(page, target)
        page.wait_for_url(re.compile(re.escape(mirror.url(f"{target}/{guide}#{anchor}")) + "$"))
        assert page.evaluate("document.documentElement.lang") == LANGS[target]
        assert page.locator(f"[id='{anchor}']").count() == 1
        source = target
    strays = [u for u in requests if not u.startswith(mirror.origin) and not u.startswith("data:")]
    assert strays == [], "requests outside the host the site is served from"


def test_switcher_without_javascript_reaches_the_same_page(mirror, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        guide = page_types(mirror, "en")["guide"][3:]
        page.goto(mirror.url(f"en/{guide}"))
        for target in ("ms", "zh", "ta"):
            href = page.locator(f".md-header a[data-guidekit-lang='{target}']").get_attribute("href")
            page.goto(page.url.split("#")[0].rsplit("/", 1)[0] + "/" + href)
            assert page.url == mirror.url(f"{target}/{guide}"), href
            assert page.evaluate("document.documentElement.lang") == LANGS[target]
            page.goto(mirror.url(f"en/{guide}"))
    finally:
        context.close()


def test_instant_navigation_stays_on_at_a_foreign_host(mirror, page):
    page.goto(mirror.url("ms/"))
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__guidekitSamePage = true")
    # Material's instant loading rewrites every href to an absolute URL when it engages.
    link = page.locator(".md-content a[href$='/']:visible").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r"/ms/.+/$"))
    assert page.evaluate("window.__guidekitSamePage === true"), \
        f"following {href} reloaded the page: Material's instant navigation is off on this host"


def test_root_chooser_and_404_under_a_sub_path(mirror, page):
    page.goto(mirror.url(""))
    hrefs = page.eval_on_selector_all("a.lang", "els => els.map(e => e.href)")
    assert hrefs == [mirror.url(f"{u}/") for u in LANGS]
