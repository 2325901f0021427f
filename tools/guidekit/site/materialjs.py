"""Make Material's page script work wherever the site is served, not only at site_url.

Material 9.8's bundle reads sitemap.xml to decide two things, and both break on any host,
port or sub-path other than site_url's (a mirror, a GitHub Pages project site, a preview on
another port):

- its language switching intercepts clicks on links to another language's alternate URL and,
  when it cannot find the page in that language's sitemap, sends the reader to that language's
  home page; it also fetches `<alternate>/sitemap.xml` for every `<link rel="alternate">`.
  Our switcher (guidekit.js) already links the same page and keeps the #fragment, so Material's
  version is switched off: its selector for alternates is made to match nothing.
- instant navigation keeps a page only if its URL is in the sitemap, after swapping just the
  protocol and host name: with another port or a sub-path nothing matches and instant loading
  silently turns off. The sitemap URLs are instead re-based from site_url onto the address the
  page was actually loaded from.

Both patterns are checked: a Material release that changes them fails the build loudly.
"""

from __future__ import annotations

import json
from pathlib import Path

_ALTERNATES = '"link[rel=alternate]"'
_NO_ALTERNATES = '"link[rel=alternate][data-guidekit-never]"'
_REBASE = "function fi(e,t){return e.protocol=t.protocol,e.hostname=t.hostname,e}"
_MARK = "/*guidekit-rebase*/"


def _rebase(site_url: str) -> str:
    # e: a URL read from the sitemap; t: the base URL the page was actually loaded from.
    return ("function fi(e,t){" + _MARK + f"var s={json.dumps(site_url)};"
            "if(s&&e.href.indexOf(s)===0)return new URL(e.href.slice(s.length),t);"
            "return e.protocol=t.protocol,e.hostname=t.hostname,e}")


def patch_bundle(site_dir: Path, site_url: str) -> list[Path]:
    """Patch the built Material bundle(s) for this language's site_url; return the files patched.

    Raises RuntimeError when the bundle does not look as expected (a new Material version).
    """
    bundles = sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    if not bundles:
        raise RuntimeError("Material's bundle.*.min.js was not found in the built site")
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        if _MARK in text:  # a dirty rebuild in `serve` keeps the patched copy
            continue
        if text.count(_ALTERNATES) != 1 or text.count(_REBASE) != 1:
            raise RuntimeError(f"{bundle.name}: Material's bundle changed; check its language "
                               "switching and sitemap handling and update guidekit/site/materialjs.py")
        text = text.replace(_ALTERNATES, _NO_ALTERNATES).replace(_REBASE, _rebase(site_url))
        bundle.write_text(text, encoding="utf-8")
    return bundles
