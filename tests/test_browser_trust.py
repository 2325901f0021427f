"""A hostile site.po and a hostile description leave every page's help working, in Chromium.

A small project is built with every message of every catalogue translated through a hostile
payload (a `"` that would inject a Content-Security-Policy meta tag and switch off every script,
`</script><script>`, a single-quoted event handler), and a writer's description that tries the
same. On every page type of every language: no script the attacker wrote runs, the help dialog
opens and closes (so our script runs), and a distress search shows the crisis panel with 999.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading

import pytest

pytest.register_assert_rewrite("browser")
from browser import Site, _QuietHandler, open_search, page_types
from test_trust_boundary import HELPLINES, INDEX, MKDOCS, OTHER, SLEEP, _translate_everything

pytest_plugins = ["browser"]
pytestmark = pytest.mark.browser

PLAN = {"ms": "attr-quote", "zh_Hans": "script-breakout", "ta": "single-quote"}
DISTRESS = "en:\n  - suicide\nms:\n  - bunuh diri\nzh_Hans:\n  - 自杀\nta:\n  - தற்கொலை\n"
QUERIES = {"en": "suicide", "ms": "bunuh diri", "zh": "自杀", "ta": "தற்கொலை"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import textwrap

    root = tmp_path_factory.mktemp("hostile-project")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    for rel, text in {"guides/index.md": INDEX, "guides/sleep.md": SLEEP, "guides/other.md": OTHER,
                      "guides/_data/helplines.yml": HELPLINES,
                      "guides/_data/distress-terms.yml": DISTRESS}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    _translate_everything(root, PLAN)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    out = root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"), "build", "--site-dir", str(out)],
        check=False, capture_output=True, text=True, env={**os.environ, "GUIDEKIT_SITE_URL": origin})
    if result.returncode != 0:
        server.server_close()
        pytest.fail(f"hostile site build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    server.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Site(out, origin)
    server.shutdown()
    server.server_close()


def _cases() -> list[tuple[str, str]]:
    return [(url, kind) for url in QUERIES for kind in ("home", "guide", "404", "status-translations")]


@pytest.mark.parametrize("url,kind", _cases())
def test_help_dialog_and_crisis_panel_work_with_hostile_translations(hostile_site, page, url, kind):
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    path = page_types(hostile_site, url)[kind]
    page.goto(hostile_site.url(path))
    assert page.locator('meta[http-equiv]').count() == 0
    assert page.evaluate("document.querySelectorAll('[onmouseover],[onerror],[onload]').length") == 0
    # Our script runs: the header link opens the dialog instead of jumping to the footer.
    page.locator(".md-header a.guidekit-help-link").click()
    dialog = page.locator("dialog#guidekit-help-dialog")
    assert page.evaluate("document.getElementById('guidekit-help-dialog').open"), path
    assert dialog.locator('a[href^="tel:"]').first.get_attribute("href") == "tel:999"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('guidekit-help-dialog').open")
    # The search intercept: helplines above the results, 999 first.
    open_search(page, QUERIES[url])
    panel = page.locator(".md-search-result .guidekit-help--crisis")
    panel.wait_for(state="visible", timeout=5000)
    assert panel.locator('a[href^="tel:"]').first.get_attribute("href") == "tel:999"
    page.hover(".md-header")  # a single-quoted onmouseover would fire here
    assert alerts == [], alerts
    assert not [e for e in errors if "1337" in e or "cookie" in e], errors
