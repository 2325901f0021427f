"""The sitemap index at the site root: one entry per language's own sitemap.xml.

Each language build writes its sitemap (with hreflang alternates, site/theme/sitemap.xml); the
index at the root lets a search engine find all of them from one address.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from guidekit.config import Locale

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_index(root: str, locales: tuple[Locale, ...]) -> str:
    entries = "".join(f"  <sitemap><loc>{escape(f'{root}{loc.url}/sitemap.xml')}</loc></sitemap>\n"
                      for loc in locales)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n{entries}</sitemapindex>\n'


def robots_txt(root: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {root}sitemap.xml\n"
