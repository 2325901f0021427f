"""Shared fixtures: small throwaway projects built in tmp_path, and the real project root."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

MINIMAL_MKDOCS = """\
site_name: Test Guides
site_url: http://localhost:8000/
docs_dir: guides
strict: true
theme:
  name: material
  font: false
extra:
  generator: false
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - footnotes
  - tables
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - toc:
      permalink: true
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
plugins:
  - guidekit:
      source_locale: en
      locales:
        - {id: en, url: en, name: English, theme_language: en, html_lang: en, search_lang: en}
        - {id: ms, url: ms, name: Bahasa Melayu, theme_language: ms, html_lang: ms, search_lang: null}
        - {id: zh_Hans, url: zh, name: 中文（简体）, theme_language: zh, html_lang: zh-Hans, search_lang: zh}
        - {id: ta, url: ta, name: தமிழ், theme_language: ta, html_lang: ta, search_lang: ta}
  - search
"""


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real project built once per test run (every language and the site root), with the
    development site_url; the browser tests serve these same files on another host. Tests only
    read it: a test that needs to change a site builds its own small project."""
    out = tmp_path_factory.mktemp("real-site")
    env = {k: v for k, v in os.environ.items() if k != "GUIDEKIT_SITE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "guidekit.cli", "-f", str(ROOT / "mkdocs.yml"), "build",
         "--site-dir", str(out)], capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        pytest.fail(f"the real site does not build:\n{result.stdout}\n{result.stderr}",
                    pytrace=False)
    return out


@pytest.fixture
def make_project(tmp_path):
    """make_project({"guides/a.md": "...", ...}, mkdocs=None) -> project root in tmp_path."""

    def make(files: dict[str, str] | None = None, mkdocs: str | None = None) -> Path:
        (tmp_path / "mkdocs.yml").write_text(mkdocs or MINIMAL_MKDOCS, encoding="utf-8")
        (tmp_path / "guides").mkdir(exist_ok=True)
        for rel, text in (files or {}).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return make
