"""`guidekit serve` previews one language and rebuilds when guides/ or locales/ change."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

PAGE = """---
title: Sleep
---

# Sleep

Rest helps. {marker}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    body = None
    while time.monotonic() < deadline:
        body = _get(url)
        if body and needle in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never contained {needle!r}; last body starts {str(body)[:200]!r}")


def test_serve_previews_one_language_and_reloads_on_change(make_project):
    root = make_project({"guides/index.md": PAGE.format(marker="first")})
    port = _free_port()
    env = {**os.environ, "GUIDEKIT_SITE_URL": f"http://127.0.0.1:{port}/"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"), "serve", "--locale",
         "ms",
         "-a", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        body = _wait_for(f"http://127.0.0.1:{port}/ms/", "first")
        assert '<html lang="ms"' in body
        (root / "guides" / "index.md").write_text(PAGE.format(marker="second"), encoding="utf-8")
        _wait_for(f"http://127.0.0.1:{port}/ms/", "second")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_rebuilds_a_translated_page_when_only_its_catalogue_changes(make_project):
    """A preview rebuilds only what changed; a page also depends on its PO file."""
    from test_pages import GUIDE, HELPLINES, MALAY, OTHER, _translate

    root = make_project({"guides/sleep.md": GUIDE, "guides/other.md": OTHER,
                         "guides/_data/helplines.yml": HELPLINES})
    _translate(root, "ms", MALAY)
    port = _free_port()
    env = {**os.environ, "GUIDEKIT_SITE_URL": f"http://127.0.0.1:{port}/"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"), "serve", "--locale",
         "ms",
         "-a", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/ms/sleep/"
        _wait_for(url, "Tidur memberi badan")
        time.sleep(1.1)  # file systems with one-second mtimes: make the edit visibly newer
        _translate(root, "ms", {**MALAY,
                                "Sleep gives the body time to recover.": "Tidur itu penting."})
        _wait_for(url, "Tidur itu penting.")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
