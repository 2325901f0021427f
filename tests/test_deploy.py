"""Where the site is published: per-page language alternates, canonical URLs, sitemaps and the
sitemap index, the root 404 under a sub-path, and the publish gate on the localhost default."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from guidekit.cli import main
from guidekit.deploy import urls

PUBLIC = "https://guides.example.org/kjk/"
LANGS = {"en": "en", "ms": "ms", "zh": "zh-Hans", "ta": "ta"}
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
GUIDES = {
    "guides/index.md": "# Home\n\nWelcome. Read [the guide](teens/a.md#start).\n",
    "guides/teens/a.md": "---\ntitle: A guide\n---\n\n# A guide\n\n## Start {#start}\n\nText.\n",
}


def _build(root: Path, out: Path, site_url: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != urls.SITE_URL_ENV}
    if site_url:
        env[urls.SITE_URL_ENV] = site_url
    return subprocess.run([sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"),
                           "build", "--site-dir", str(out)],
                          capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    from conftest import MINIMAL_MKDOCS

    root = tmp_path_factory.mktemp("project")
    (root / "mkdocs.yml").write_text(
        MINIMAL_MKDOCS.replace("site_url: http://localhost:8000/",
                               'site_url: !ENV [GUIDEKIT_SITE_URL, "http://localhost:8000/"]'),
        encoding="utf-8")
    for rel, text in GUIDES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("site")
    result = _build(root, out, PUBLIC)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _head_links(html: str) -> list[tuple[str, str, str]]:
    out = []
    for tag in re.findall(r"<link\b[^>]*>", html):
        rel = re.search(r'rel="([^"]+)"', tag).group(1)
        href = re.search(r'href="([^"]+)"', tag)
        lang = re.search(r'hreflang="([^"]+)"', tag)
        if rel in ("alternate", "canonical") and "application/" not in tag:
            out.append((rel, lang.group(1) if lang else "", href.group(1) if href else ""))
    return out


@pytest.mark.parametrize("url", LANGS)
@pytest.mark.parametrize("page", ["", "teens/a/"])
def test_every_page_names_itself_in_every_language(public_site, url, page):
    html = (public_site / url / page / "index.html").read_text(encoding="utf-8")
    links = _head_links(html)
    assert ("canonical", "", f"{PUBLIC}{url}/{page}") in links
    alternates = {lang: href for rel, lang, href in links if rel == "alternate"}
    assert alternates == {**{lang: f"{PUBLIC}{u}/{page}" for u, lang in LANGS.items()},
                          "x-default": PUBLIC}
    for u in LANGS:  # every alternate exists and points back (reciprocal)
        other = (public_site / u / page / "index.html").read_text(encoding="utf-8")
        assert ("alternate", LANGS[url], f"{PUBLIC}{url}/{page}") in _head_links(other)


@pytest.mark.parametrize("url", LANGS)
def test_switcher_links_are_relative_and_name_the_same_page(public_site, url):
    html = (public_site / url / "teens" / "a" / "index.html").read_text(encoding="utf-8")
    switch = dict(re.findall(r'<a href="([^"]+)" hreflang="[^"]+" lang="[^"]+"\s+class="md-select__link"'
                             r' data-guidekit-lang="([a-z]+)"', html))
    assert {lang: href for href, lang in switch.items()} == \
        {u: f"../../../{u}/teens/a/" for u in LANGS}


@pytest.mark.parametrize("url", LANGS)
def test_language_sitemaps_list_every_page_with_alternates(public_site, url):
    tree = ET.parse(public_site / url / "sitemap.xml")
    assert tree.getroot().tag == f"{SM}urlset"
    entries = tree.getroot().findall(f"{SM}url")
    locs = sorted(e.find(f"{SM}loc").text for e in entries)
    assert f"{PUBLIC}{url}/" in locs and f"{PUBLIC}{url}/teens/a/" in locs
    for entry in entries:
        loc = entry.find(f"{SM}loc").text
        page = loc[len(f"{PUBLIC}{url}/"):]
        assert (public_site / url / page / "index.html").is_file(), loc
        alts = {a.get("hreflang"): a.get("href") for a in entry.findall(f"{XHTML}link")}
        assert alts == {**{lang: f"{PUBLIC}{u}/{page}" for u, lang in LANGS.items()},
                        "x-default": PUBLIC}
        assert all(a.get("rel") == "alternate" for a in entry.findall(f"{XHTML}link"))


def test_root_has_a_sitemap_index_of_every_language(public_site):
    tree = ET.parse(public_site / "sitemap.xml")
    assert tree.getroot().tag == f"{SM}sitemapindex"
    locs = [s.find(f"{SM}loc").text for s in tree.getroot().findall(f"{SM}sitemap")]
    assert locs == [f"{PUBLIC}{u}/sitemap.xml" for u in LANGS]
    for u in LANGS:
        assert (public_site / u / "sitemap.xml").is_file()
    # robots.txt counts only at the root of a host; this site lives under /kjk/
    assert not (public_site / "robots.txt").exists()


def test_root_404_links_work_under_the_sub_path(public_site):
    missing = (public_site / "404.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'class="lang" href="([^"]+)"', missing)
    assert hrefs == [f"/kjk/{u}/" for u in LANGS]
    assert 'location.replace("/kjk/"+saved' in missing
    chooser = (public_site / "index.html").read_text(encoding="utf-8")
    assert ("alternate", "x-default", PUBLIC) in _head_links(chooser)
    assert re.findall(r'class="lang" href="([^"]+)"', chooser) == [f"{u}/" for u in LANGS]


def test_material_bundle_is_patched_in_every_language(public_site):
    for u in LANGS:
        bundle = next((public_site / u / "assets" / "javascripts").glob("bundle.*.min.js"))
        text = bundle.read_text(encoding="utf-8")
        assert '"link[rel=alternate]"' not in text  # Material's own language switching is off
        assert f'var s="{PUBLIC}{u}/"' in text       # sitemap URLs re-based onto the real host


def test_local_build_keeps_reader_links_relative_and_has_no_sitemap_index(make_project, tmp_path):
    root = make_project(GUIDES)
    out = tmp_path / "out"
    result = _build(root, out, None)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (out / "ms" / "teens" / "a" / "index.html").read_text(encoding="utf-8")
    alternates = {lang: href for rel, lang, href in _head_links(html) if rel == "alternate"}
    assert alternates["en"] == "../../../en/teens/a/" and alternates["x-default"] == "../../../"
    assert not (out / "sitemap.xml").exists()


def test_publish_refuses_the_localhost_site_url(make_project, monkeypatch):
    monkeypatch.delenv(urls.SITE_URL_ENV, raising=False)
    root = make_project(GUIDES)
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check", "--only",
                                       "site-url", "--publish"])
    assert result.exit_code == 1
    assert "mkdocs.yml:2: site-url-local: site_url is http://localhost:8000/" in result.output
    ok = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check", "--only", "site-url"])
    assert ok.exit_code == 0, ok.output
    built = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "build", "--publish",
                                      "--site-dir", str(root / "out")])
    assert built.exit_code == 1 and "site-url-local" in built.output
    assert not (root / "out").exists(), "refused before building anything"


@pytest.mark.parametrize("url,local", [
    ("http://localhost:8000/", True), ("http://127.0.0.1:9000/x/", True), ("", True),
    ("file:///tmp/site/", True), ("https://guides.example.org/", False),
    ("https://user.github.io/repo/", False)])
def test_is_local(url, local):
    assert urls.is_local(url) is local
