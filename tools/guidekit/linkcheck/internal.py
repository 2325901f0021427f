"""Every link and #anchor of the built site, in every language, each reported against its source.

Internal links are checked in-process: each HTML file is read and tokenised once, every `id` goes
into one dict, then each link is resolved against the files on disk. linkchecker's AnchorCheck
over HTTP re-downloads the target page for every page#anchor pair (66 s for 44 pages, see
DESIGN.md); this takes a fraction of a second. A regex tokeniser rather than html.parser: MkDocs
output is regular, and it is about six times faster.

External http(s) links (`--external`) are checked by linkchecker, driven through its Python API
in a child process (`python -m guidekit.linkcheck.internal`). Its command line drops root privileges to
`nobody` (CI runs as root), after which it cannot import its plugins or read files under a home
directory; the API never does that, and the child keeps linkchecker's threads, sockets and
global state out of our process.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from guidekit.config import Project
from guidekit.linkcheck.sourcemap import SourceMap
from guidekit.problems import Problem, ProblemsFound
from guidekit.progress import SILENT, Progress

_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)\b(?P<rawattrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>.*?</(?P=raw)\s*>"
    r"|<(?P<tag>[a-z][\w:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|</(?P<end>article)\s*>",
    re.DOTALL | re.IGNORECASE,
)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
    "script": ("src",), "iframe": ("src",), "source": ("src", "srcset"), "audio": ("src",),
    "video": ("src", "poster"), "track": ("src",), "embed": ("src",), "object": ("data",),
}
_HAS_ID = re.compile(r"""(?:^|[\s"'])id\s*=""", re.IGNORECASE)  # an `id` attribute, cheaply
_NOT_DOCUMENTS = {"preconnect", "dns-prefetch"}  # origins, not pages
_TEL = re.compile(r"tel:\+?[0-9]+")
_TIMEOUT = re.compile(r"time[d ]?\s*out", re.IGNORECASE)

# Which template wrote a link outside the article, told by the markup Material and we give it.
_TEMPLATES = (
    ("guidekit-tel", "the help panel (guidekit/reader.py)"),
    ("data-guidekit-help", "partials/guidekit-help-link.html"),
    ("data-guidekit-lang", "partials/alternate.html (guidekit language switcher)"),
    ("md-select__link", "partials/alternate.html (language switcher)"),
    ("md-footer__link", "partials/footer.html"),
    ("md-header", "partials/header.html"),
    ("md-nav__button", "partials/nav.html"),
    ("md-nav__link", "partials/nav-item.html"),
    ("md-source", "partials/source.html"),
    ("md-skip", "base.html (skip link)"),
    ("md-copyright", "partials/copyright.html"),
)


@dataclass(frozen=True)
class Link:
    tag: str
    attr: str
    value: str
    offset: int
    in_article: bool
    template: str


@dataclass
class Page:
    rel: str                     # inside the site dir: 'en/warning-signs/index.html'
    text: str
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)

    def line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


@dataclass(frozen=True)
class Where:
    """One link on one page, kept after the page's text is gone: enough to report it."""
    page: str                    # inside the site dir: 'en/warning-signs/index.html'
    line: int
    link: Link
    nth: int                     # how many links with the same value came before it there


@dataclass(frozen=True)
class Target:
    kind: str                    # internal, external, tel, skip, outside
    path: str = ""               # internal: the file the link needs, inside the site dir
    fragment: str = ""
    url: str = ""                # external: the URL as linked


def scan_page(rel: str, text: str) -> Page:
    """Ids and links of one HTML page, from a single pass over its tags."""
    page = Page(rel, text)
    article_depth = 0
    for match in _TOKEN.finditer(text):
        if match.group("end"):
            article_depth = max(0, article_depth - 1)
            continue
        tag = (match.group("raw") or match.group("tag") or "").lower()
        if not tag:
            continue  # a comment
        if tag == "article":
            article_depth += 1
        raw_attrs = match.group("rawattrs") if match.group("raw") else match.group("attrs")
        if not raw_attrs or "=" not in raw_attrs:
            continue
        names = _URL_ATTRS.get(tag)
        if not names and not _HAS_ID.search(raw_attrs):
            continue  # most tags: only an id would matter, and there is none
        attrs = {}
        for a in _ATTR.finditer(raw_attrs):
            value = a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
            attrs.setdefault(a.group(1).lower(), html.unescape(value) if value else (value or ""))
        if "id" in attrs:
            page.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            page.ids.add(attrs["name"])
        if not names:
            continue
        if tag == "link" and _NOT_DOCUMENTS & set(attrs.get("rel", "").lower().split()):
            continue
        template = _template_of(tag, attrs)
        for name in names:
            if name not in attrs:
                continue
            values = [attrs[name]]
            if name == "srcset":
                values = [c.split()[0] for c in attrs[name].split(",") if c.strip()]
            for value in values:
                page.links.append(Link(tag, name, value.strip(), match.start(), article_depth > 0, template))
    return page


def _template_of(tag: str, attrs: dict[str, str]) -> str:
    marks = " ".join((attrs.get("class", ""), *(k for k in attrs if k.startswith("data-"))))
    for mark, template in _TEMPLATES:
        if mark in marks:
            return template
    if tag in ("link", "script"):
        return "base.html"
    return "site template"


def walk_site(site_dir: Path) -> tuple[set[str], set[str]]:
    """Every file and folder of the site, site-relative (one walk, no file read)."""
    files: set[str] = set()
    dirs: set[str] = {""}
    for folder, subdirs, names in os.walk(site_dir):
        here = Path(folder).relative_to(site_dir).as_posix()
        here = "" if here == "." else here
        dirs.update(posixpath.join(here, d) for d in subdirs)
        files.update(posixpath.join(here, name) for name in names)
    return files, dirs


class _Checker:
    def __init__(self, project: Project, site_dir: Path, timeout: float):
        self.project = project
        self.site_dir = site_dir
        self.timeout = timeout
        self.files, self.dirs = walk_site(site_dir)
        # Pages are read one at a time and forgotten: only their ids stay (anchors are checked
        # against them), and the few links that need a page not read yet wait in `waiting`.
        self.ids: dict[str, frozenset[str]] = {}
        self.waiting: list[tuple[Where, Target]] = []
        self._parsed: dict[str, tuple] = {}
        self.sources = SourceMap(project, site_dir)
        site_url = str(project.config.get("site_url") or "")
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.base_path = (urlsplit(site_url).path or "/").rstrip("/") + "/"
        self.found: dict[tuple, list] = {}
        self.external: dict[str, list[Where]] = {}

    # -- resolving ---------------------------------------------------------------------------

    def resolve(self, page: Page, value: str) -> Target:
        parsed = self._parsed.get(value)
        if parsed is None:
            if len(self._parsed) > 100_000:  # distinct link values; never grow without bound
                self._parsed.clear()
            parsed = self._parsed[value] = self._parse(value)
        kind, path, fragment = parsed
        if kind != "relative":
            return parsed[1] if kind == "target" else self._internal(path, "", fragment)
        if not path:
            return Target("internal", page.rel, unquote(fragment))
        return self._internal(path, posixpath.dirname(page.rel), fragment)

    def _parse(self, value: str) -> tuple:
        """What a link value means wherever it is: a Target, a site path, or a relative path.
        Cached by value: every page repeats the same navigation links."""
        if not value:
            return "target", Target("skip"), ""
        lower = value.lower()
        if lower.startswith("tel:"):
            return "target", Target("tel", url=value), ""
        if value.startswith("//"):
            value = "https:" + value
            lower = value.lower()
        parts = urlsplit(value)
        if parts.scheme:
            if parts.scheme.lower() not in ("http", "https"):
                return "target", Target("skip"), ""  # mailto:, and schemes the QA deals with
            if self.site_url and lower.startswith(self.site_url.lower()):
                inside = urlsplit(value[len(self.site_url):])
                return "site", unquote(inside.path), inside.fragment
            return "target", Target("external", url=value), ""
        path = unquote(parts.path)
        if path.startswith("/"):
            if not path.startswith(self.base_path) and path + "/" != self.base_path:
                return "target", Target("outside", path=path, fragment=parts.fragment), ""
            return "site", path[len(self.base_path):], parts.fragment
        return "relative", path, parts.fragment

    def _internal(self, path: str, folder: str, fragment: str) -> Target:
        joined = posixpath.normpath(posixpath.join(folder, path)) if path else folder
        if joined in (".", ""):
            joined = ""
        if joined.startswith("../") or joined == "..":
            return Target("outside", path=path, fragment=fragment)
        if not joined or path.endswith("/") or joined in self.dirs:
            joined = posixpath.join(joined, "index.html")
        return Target("internal", joined, unquote(fragment))

    # -- checking ----------------------------------------------------------------------------

    def check(self, progress: Progress = SILENT) -> None:
        pages = sorted(rel for rel in self.files if rel.endswith(".html"))
        progress.start(len(pages), "pages")
        for rel in pages:
            progress.advance(rel)
            text = (self.site_dir / rel).read_text(encoding="utf-8", errors="replace")
            page = scan_page(rel, text)
            self.ids[rel] = frozenset(page.ids)
            seen: dict[tuple[str, bool], int] = {}
            for link in page.links:
                key = (link.value, link.in_article)
                nth = seen[key] = seen.get(key, -1) + 1
                self.check_link(page, link, nth)
        for where, target in self.waiting:
            self.check_anchor(where, target)
        self.waiting.clear()

    def check_link(self, page: Page, link: Link, nth: int) -> None:
        target = self.resolve(page, link.value)
        if target.kind == "skip":
            return

        def where() -> Where:
            return Where(page.rel, page.line(link.offset), link, nth)

        if target.kind == "external":
            self.external.setdefault(target.url, []).append(where())
        elif target.kind == "tel":
            if not _TEL.fullmatch(link.value):
                self.report(where(), target, "tel-malformed",
                            "phone link '{written}' is not 'tel:' followed by digits",
                            "write it as tel:+60312345678, with no spaces, dashes or brackets")
        elif target.kind == "outside":
            self.report(where(), target, "link-broken",
                        "link '{written}' points outside the site", "link to a page of the site")
        elif target.path not in self.files:
            self.report(where(), target, "link-broken",
                        "link '{written}' leads to '{shown}', which is not in the built site",
                        "link to a page that exists")
        elif target.fragment and target.path.endswith(".html"):
            ids = self.ids.get(target.path)
            if ids is None:
                self.waiting.append((where(), target))  # that page is read later
            elif target.fragment not in ids and target.fragment.lower() != "top":
                self.check_anchor(where(), target)

    def check_anchor(self, where: Where, target: Target) -> None:
        if target.fragment not in self.ids[target.path] and target.fragment.lower() != "top":
            self.report(where, target, "anchor-missing",
                        f"link '{{written}}': '{{shown}}' has no anchor '#{target.fragment}'",
                        self.translated_anchor_hint(target)
                        or "link to a heading id that exists on that page (see its ¶ permalink)")

    def translated_anchor_hint(self, target: Target) -> str:
        """When only the translated target lacks the anchor, its translation is what to fix."""
        locale = self.sources.locale_of(target.path)
        if locale is None or locale.id == self.project.source_locale:
            return ""
        source = f"{self.project.source.url}/{self.sources.inner(target.path)}"
        guide = self.sources.guide_for(self.sources.inner(target.path))
        if guide is None or target.fragment not in self.ids.get(source, ()):
            return ""
        po = self.project.rel(self.project.po_path(locale.id, guide))
        return (f"the {self.project.source.name} page has '#{target.fragment}': heading ids must not "
                f"change in translation; check the headings in {po}")

    def report(self, where: Where, target: Target, code: str, message: str,
               hint: str, severity: str = "error") -> None:
        link = where.link
        origin = self.sources.origin(where.page, where.line, link.value, link.in_article,
                                     link.template, target.path, target.fragment,
                                     target.kind == "internal", where.nth)
        shown = target.path.removesuffix("index.html")
        if origin.kind == "template":
            # One broken link in a template breaks it on every page: report it once.
            key: tuple = (origin.kind, link.template, code, target.path, target.fragment, target.url)
        else:
            shown = self.sources.inner(shown) or "home page"
            key = (origin.path, origin.line, code, origin.written, shown)
        if origin.kind == "po":
            hint = origin.hint
        elif origin.hint:
            hint = f"{hint}; {origin.hint}"
        text = message.replace("{written}", origin.written).replace("{shown}", shown)
        entry = self.found.setdefault(key, [Problem(origin.path, origin.line, code, text, hint, severity), 0])
        entry[1] += 1

    def problems(self) -> list[Problem]:
        out = []
        for key, (problem, count) in self.found.items():
            if key[0] == "template" and count > 1:
                problem = Problem(problem.path, problem.line, problem.code,
                                  f"{problem.message} (and on {count - 1} more pages)", problem.hint,
                                  problem.severity)
            out.append(problem)
        return sorted(set(out))

    # -- external ----------------------------------------------------------------------------

    def check_external(self) -> None:
        urls = sorted(self.external)
        if not urls:
            return
        try:
            results = run_linkchecker(urls, self.timeout)
        except RuntimeError as exc:
            self.found[("external",)] = [Problem(self.project.rel(self.site_dir), 1, "external-check-failed",
                                                 str(exc), "run with --external again, or check the network"), 1]
            return
        for url in urls:
            result = results.get(url)
            if result is None:
                continue
            for where in self.external[url]:
                target = Target("external", url=url)
                if not result["valid"]:
                    if _TIMEOUT.search(result["result"] or ""):
                        self.report(where, target, "external-timeout",
                                    f"external link '{url}' did not answer within {self.timeout:g} s",
                                    "check that the site is up, or raise --timeout")
                    else:
                        self.report(where, target, "external-broken",
                                    f"external link '{url}' is broken: {result['result']}",
                                    "fix or remove the link")
                elif any(tag == "http-redirected" for tag, _ in result["warnings"]):
                    final = result["url"]
                    self.report(where, target, "link-redirect",
                                f"external link '{url}' redirects to '{final}'",
                                f"link to '{final}' directly", severity="warning")


def check_site(project: Project, site_dir: Path | str, external: bool = False,
               timeout: float = 10, progress: Progress = SILENT) -> list[Problem]:
    """Check every link and anchor of a built site; external http(s) links only when asked."""
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file() and not any(site_dir.glob("*/index.html")):
        raise ProblemsFound([Problem(project.rel(site_dir), 1, "no-site", "no built site here",
                                     "run 'guidekit build' first, or pass --site-dir")])
    checker = _Checker(project, site_dir, timeout)
    checker.check(progress)
    if external:
        checker.check_external()
    return checker.problems()


# -- linkchecker, in a child process ---------------------------------------------------------

def run_linkchecker(urls: list[str], timeout: float) -> dict[str, dict]:
    """Check URLs with linkchecker; {url: {valid, result, warnings, url}} by the URL as given."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (package_root, env.get("PYTHONPATH"))))
    proc = subprocess.run([sys.executable, "-m", "guidekit.linkcheck.internal"],
                          input=json.dumps({"urls": urls, "timeout": timeout}),
                          capture_output=True, text=True, env=env, check=False)
    try:
        rows = json.loads(proc.stdout)
    except json.JSONDecodeError:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"linkchecker failed (exit {proc.returncode}): {last}") from None
    return {urls[int(row["name"])]: row for row in rows if row.get("name", "").isdigit()}


def _linkchecker_child() -> None:
    request = json.load(sys.stdin)
    out, sys.stdout = sys.stdout, sys.stderr  # nothing linkchecker prints may corrupt the JSON
    from linkcheck import checker, configuration
    from linkcheck.director import check_urls, get_aggregate
    from linkcheck.logger import _Logger

    rows: list[dict] = []

    class Collect(_Logger):
        LoggerName = "guidekit"

        def start_output(self):
            pass

        def log_url(self, url_data):
            rows.append({"name": url_data.name, "url": url_data.url, "valid": bool(url_data.valid),
                         "result": url_data.result or "", "warnings": list(url_data.warnings)})

        def end_output(self, **kwargs):
            pass

    timeout = float(request["timeout"])
    config = configuration.Configuration()  # no config.read(): the user's linkcheckerrc has no say
    config.logger_add(Collect)
    config.update({"output": "guidekit", "recursionlevel": 0, "checkextern": True,
                   "timeout": timeout, "aborttimeout": timeout * 3 + 5, "status": False,
                   "verbose": True})
    config.sanitize()
    aggregate = get_aggregate(config)
    for index, url in enumerate(request["urls"]):
        aggregate.urlqueue.put(checker.get_url_from(url, 0, aggregate, name=str(index), extern=(0, 0)))
    check_urls(aggregate)
    json.dump(rows, out)


if __name__ == "__main__":
    _linkchecker_child()
