"""Shared browser-test infrastructure: the real site built once, served on 127.0.0.1, one Chromium.

Test modules load it with `pytest_plugins = ["browser"]`, so every fixture here exists once per
session (one site build, one browser) however many modules use it.

- `site`: the real site built once per run (conftest `real_site`, development site_url),
  served by a threaded http.server on 127.0.0.1 on a free port: a host other than site_url's,
  as readers of a mirror or a preview see it (guidekit makes Material's instant navigation and
  language switching work there; test_browser_deploy adds a sub-path).
- `browser`: Debian's chromium driven by Playwright; never a downloaded browser. Without it the
  tests skip locally, and FAIL under CI=true (CI must run them).
- `page`: a fresh browser context (own localStorage) and page per test.
- `axe(page)`: axe-core, from the copy bundled with axe-playwright-python, with the WCAG tags.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("GUIDEKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGS = {"en": "en", "ms": "ms", "zh": "zh-Hans", "ta": "ta"}  # URL prefix -> <html lang>
SHOTS = Path(os.environ.get("GUIDEKIT_SHOTS", "/tmp/shots"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (install Debian's chromium)",
                    pytrace=False)
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class Site:
    dir: Path
    origin: str  # "http://127.0.0.1:<port>/"

    def url(self, path: str = "") -> str:
        return self.origin + path.lstrip("/")


@pytest.fixture(scope="session")
def site(real_site):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(real_site)))
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(real_site, origin)
    server.shutdown()
    server.server_close()


class _PrefixHandler(_QuietHandler):
    """Serves the site under a sub-path, like a GitHub Pages project site; 404 elsewhere."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix):])


@pytest.fixture(scope="session")
def mirror(site):
    """The same built files on a foreign host: another address and port than site_url's, under
    a sub-path (http://127.0.0.2:<port>/mirror/kjk/). Nothing is rebuilt for it."""
    handler = type("Handler", (_PrefixHandler,), {"prefix": "/mirror/kjk/"})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.2", 0), functools.partial(handler, directory=str(site.dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(site.dir, f"http://127.0.0.2:{server.server_address[1]}/mirror/kjk/")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no chromium at {CHROMIUM}")
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means no browser here
        pw.stop()
        _unavailable(f"chromium at {CHROMIUM} does not start: {exc}")
    yield chromium
    chromium.close()
    pw.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    p = context.new_page()
    yield p
    context.close()


@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    import axe_playwright_python

    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return path.read_text(encoding="utf-8")


def axe(page, context: str | dict | None = None) -> list[dict]:
    """axe-core violations on the page as it is now (WCAG 2.0-2.2 A and AA rules)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate(
        "([ctx, tags]) => axe.run(ctx || document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        [context, AXE_TAGS])
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """One readable line per failing node, for assertion messages."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            lines.append(f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))}: "
                         f"{node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


def guide_pages(site: Site, url: str = "en") -> list[str]:
    """Site-relative paths of guide pages in one language (not home, 404 or search), sorted."""
    base = site.dir / url
    pages = []
    for index in sorted(base.rglob("index.html")):
        rel = index.parent.relative_to(base).as_posix()
        if rel in (".", "search") or rel.startswith(("assets", "status")):
            continue
        pages.append(f"{rel}/")
    return pages


def page_with(site: Site, needle: str, url: str = "en") -> str | None:
    """The first guide page (site-relative, in language `url`) whose HTML contains `needle`."""
    for rel in guide_pages(site, url):
        if needle in (site.dir / url / rel / "index.html").read_text(encoding="utf-8"):
            return rel
    return None


def open_search(page, query: str) -> None:
    """Open Material's search the way a keyboard user does ("/") and type the query."""
    focused = "document.activeElement && document.activeElement.matches('.md-search__input')"
    for _ in range(20):  # Material binds its keys once its scripts have settled: try again
        page.keyboard.press("/")
        if page.evaluate(f"new Promise(r => setTimeout(() => r({focused}), 500))"):
            break
    page.wait_for_function(focused)
    page.keyboard.type(query)


def wait_for_results(page) -> None:
    """Until Material's search worker is ready and has answered the query: some results,
    'no match', or (a query of stop words only) the placeholder again."""
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta');
        const t = JSON.parse(document.getElementById('__config').textContent).translations;
        const text = meta ? meta.textContent.trim() : '';
        return document.querySelectorAll('.md-search-result__list > li').length > 0
            || text === t['search.result.none'] || text === t['search.result.placeholder'];
    }""")
    page.wait_for_timeout(300)  # a late answer would replace the list, never our panel


def page_types(site: Site, url: str) -> dict[str, str]:
    """Page type -> site-relative path in language `url`: home, a guide (one with a content note
    when there is one), a guide without its own help panel, the 404 page, and the status pages
    when the build has them."""
    types = {"home": f"{url}/"}
    guide = page_with(site, 'class="content-note"', url) or guide_pages(site, url)[0]
    types["guide"] = f"{url}/{guide}"
    # A guide that places no help panel of its own: the footer's is its one help block.
    plain = next((rel for rel in guide_pages(site, url) if 'id="guidekit-help-inline"' not in
                  (site.dir / url / rel / "index.html").read_text(encoding="utf-8")), None)
    if plain:
        types["guide-no-panel"] = f"{url}/{plain}"
    types["404"] = f"{url}/404.html"
    for index in sorted((site.dir / url / "status").glob("*/index.html")):
        types[f"status-{index.parent.name}"] = f"{url}/status/{index.parent.name}/"
    return types


def ax_node(page, selector: str) -> dict:
    """Chromium's accessibility node for the first match: role, name, description, states
    (what a screen reader is told)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("Accessibility.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    finally:
        cdp.detach()
    n = ax["nodes"][0]
    out = {"role": n["role"]["value"], "name": n.get("name", {}).get("value"),
           "description": n.get("description", {}).get("value")}
    out.update({p["name"]: p["value"].get("value") for p in n.get("properties", [])})
    return out
