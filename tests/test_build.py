"""The whole site builds: one MkDocs build per language, the chooser, 404s, and privacy."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner
from guidekit.cli import main

LANGS = {"en": "en", "ms": "ms", "zh": "zh-Hans", "ta": "ta"}


@pytest.fixture
def site(real_site) -> Path:
    return real_site


@pytest.mark.parametrize("url,lang", LANGS.items())
def test_every_language_has_home_search_index_and_lang(site, url, lang):
    home = (site / url / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<html lang="{re.escape(lang)}"', home)
    index = json.loads((site / url / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"], "search index is empty"
    assert (site / url / "404.html").is_file()
    missing = (site / url / "404.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in missing


def test_search_language_per_locale(site):
    def config(url):
        return json.loads((site / url / "search" / "search_index.json").read_text("utf-8"))["config"]

    assert config("en")["lang"] == ["en"]
    assert config("zh")["lang"] == ["zh"]
    assert config("ta")["lang"] == ["ta"]
    # Malay has no lunr stemmer: tokenise and trim only, never stem with English rules.
    assert config("ms")["pipeline"] == ["trimmer"]


def test_chooser_offers_four_languages_in_their_own_script(site):
    chooser = (site / "index.html").read_text(encoding="utf-8")
    for url, name in {"en": "English", "ms": "Bahasa Melayu", "zh": "中文（简体）", "ta": "தமிழ்"}.items():
        assert re.search(rf'<a class="lang" href="{url}/"[^>]*>{re.escape(name)}</a>', chooser), url
    assert "localStorage" in chooser
    assert (site / "404.html").is_file()


def test_switcher_links_to_the_same_page_in_every_language(site):
    page = next((site / "ms").glob("*/index.html"))
    slug = page.parent.name
    html = page.read_text(encoding="utf-8")
    for url in LANGS:
        assert f'href="../../{url}/{slug}/"' in html, url


class _Resources(HTMLParser):
    """Every URL the browser would fetch by itself: link href, script/img/source src, CSS url()."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") not in ("canonical", "alternate", "prev", "next"):
            self.urls.append(a.get("href") or "")
        if tag in ("script", "img", "source", "iframe", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if a.get("style"):
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", a["style"])


def _third_party(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) and parsed.hostname not in ("localhost", "127.0.0.1")


def test_no_page_loads_anything_from_a_third_party_host(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            offenders += [f"{path}: {u}" for u in parser.urls if _third_party(u)]
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path}: {u}" for u in re.findall(r"url\(['\"]?(https?://[^'\")]+)", text)]
        elif path.suffix == ".css":
            for u in re.findall(r"url\(['\"]?([^'\")]+)", path.read_text(encoding="utf-8")):
                if _third_party(u):
                    offenders.append(f"{path}: {u}")
        elif path.suffix == ".js" and "fonts.googleapis" in path.read_text(encoding="utf-8", errors="ignore"):
            offenders.append(f"{path}: fonts.googleapis")
    assert offenders == []


def test_build_one_locale_only(tmp_path, root):
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "build", "--locale", "ms",
                                       "--site-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ms" / "index.html").is_file()
    assert not (tmp_path / "en").exists()


def test_unknown_locale_is_a_clear_problem(tmp_path, root):
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "build", "--locale", "fr",
                                       "--site-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "mkdocs.yml:1: unknown-locale: no locale 'fr'" in result.output
    assert "Traceback" not in result.output


def test_usage_error_exits_2(root):
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "build", "--no-such-flag"])
    assert result.exit_code == 2


def test_broken_mkdocs_yml_is_reported_with_line(make_project):
    project = make_project(mkdocs="site_name: x\nplugins:\n  - guidekit: {locales: [\n")
    result = CliRunner().invoke(main, ["-f", str(project / "mkdocs.yml"), "build"])
    assert result.exit_code == 1
    assert re.search(r"mkdocs\.yml:\d+: config-yaml: mkdocs.yml is not valid YAML", result.output)
    assert "Traceback" not in result.output


def test_publish_build_refuses_without_a_signed_home_page_and_builds_nothing(tmp_path, root):
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "build", "--publish",
                                       "--site-dir", str(tmp_path / "out")])
    assert result.exit_code == 1
    # Nobody has signed yet: every guide would be withheld, the home page too, which is refused.
    assert re.search(r"^guides/index\.md:1: review-home-withheld: ", result.output, re.MULTILINE)
    assert "helpline-unverified" in result.output
    assert not (tmp_path / "out").exists()


def test_chooser_and_root_404_offer_the_emergency_number_in_every_language(site):
    for page in ("index.html", "404.html"):
        text = (site / page).read_text(encoding="utf-8")
        for lang in ("en", "ms", "zh-Hans", "ta"):
            assert re.search(rf'<p lang="{lang}">[^<]*<a href="tel:999">999</a>', text), (page, lang)
