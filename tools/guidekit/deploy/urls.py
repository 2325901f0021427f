"""The site's public address (site_url) and the address of one page in every language.

Search engines need absolute alternates and canonical URLs; readers may reach the same files on
any host or under a sub-path (a mirror, a GitHub Pages project site, a local preview), so links
a reader follows are always relative and only the metadata for crawlers is absolute.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from guidekit.config import Locale, Project
from guidekit.problems import Problem

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", ""})
SITE_URL_ENV = "GUIDEKIT_SITE_URL"


def site_root(project: Project) -> str:
    """site_url of mkdocs.yml (after !ENV), ending in '/'; '' when there is none."""
    url = str(project.config.get("site_url") or "").strip()
    return url if not url or url.endswith("/") else url + "/"


def is_local(url: str) -> bool:
    """True for the development default (localhost) or a missing site_url: not publishable."""
    if not url:
        return True
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https") or (parts.hostname or "") in LOCAL_HOSTS


def root_path(url: str) -> str:
    """The path the site lives under on its host: '/' or '/project/' for a sub-path site."""
    path = urlsplit(url).path if url else "/"
    path = path if path.endswith("/") else path + "/"
    # Safe in an attribute and in a script string alike: nothing but URL path characters.
    return quote(path if path.startswith("/") else "/" + path, safe="/-._~%!$&'()*+,;=:@")


def page_path(page_url: str) -> str:
    """MkDocs' page.url ('' for the home page, 'dir/' or 'file.html') as it appears in URLs."""
    return page_url or ""


def alternates(root: str, locales: tuple[Locale, ...], page_url: str) -> list[dict[str, str]]:
    """The page at `page_url` in every language: `lang` (hreflang), `link` for crawlers
    (absolute when the site has a public address) and `switch`, the link the switcher follows
    (relative to the language's root, so it works on any host)."""
    path = page_path(page_url)
    return [{"lang": loc.html_lang, "url": loc.url, "name": loc.name,
             "link": f"{root}{loc.url}/{path}" if root else f"../{loc.url}/{path}",
             "switch": f"../{loc.url}/{path}"}
            for loc in locales]


def check_site_url(project: Project, publish: bool) -> list[Problem]:
    """Publishing with the localhost default would tell search engines the site lives there."""
    url = site_root(project)
    if not publish or not is_local(url):
        return []
    return [Problem(project.rel(project.config_file), _line_of(project, "site_url"), "site-url-local",
                    f"site_url is {url or 'not set'}: canonical URLs, language alternates and "
                    "sitemaps would point there",
                    f"set {SITE_URL_ENV} (or site_url in mkdocs.yml) to the public address, e.g. "
                    "https://<owner>.github.io/<repository>/")]


def _line_of(project: Project, key: str) -> int:
    return project.config_line(key)  # recorded by the YAML loader, duplicates and all
