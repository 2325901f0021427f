"""A corpus of malformed and hostile project data: every case is one clear `path:line: code:`
problem, exit 1 (2 for usage errors), no traceback, and no file of the project changed."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_MKDOCS
from guidekit.cli import main

PROBLEM = re.compile(r"^[^\s:][^:]*:\d+: (?:warning: )?[a-z0-9]+(?:-[a-z0-9]+)*: \S")

GUIDE = """\
---
title: A guide
description: About it.
audience: [teens]
topics: [wellbeing]
---
# A guide

Call [[helpline:heal]] any time.
"""

HELPLINES = """\
services:
  - id: heal
    name: {en: Talian HEAL}
    numbers:
      - {display: "15555", tel: "15555"}
    hours: 24 hours
    verified_on: null
"""

DISTRESS = "en:\n  - want to die\nms: []\n"
REVIEWERS = "reviewers: []\n"

# Nine aliases deep, nine wide: a billion "lol"s once expanded.
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))


def _plugin(block: str) -> str:
    """MINIMAL_MKDOCS with its guidekit block replaced (block: the lines under `- guidekit:`)."""
    head, _, _tail = MINIMAL_MKDOCS.partition("plugins:\n")
    return head + "plugins:\n  - guidekit:\n" + block + "  - search\n"


_PLUGIN_LINE = MINIMAL_MKDOCS.split("\n").index("plugins:") + 1   # 1-based line of `plugins:`
_BLOCK = _PLUGIN_LINE + 2   # first line under `- guidekit:`


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(folder) / name
            digest.update(str(path.relative_to(root)).encode())
            if path.is_symlink():
                digest.update(b"->" + os.readlink(path).encode())
            elif path.is_file():
                digest.update(path.read_bytes())
            elif not path.is_dir():
                digest.update(b"special")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small clean project with its templates and catalogues made, shared by every case."""
    root = tmp_path_factory.mktemp("base")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
    files = {"guides/a.md": GUIDE, "guides/_data/helplines.yml": HELPLINES,
             "guides/_data/distress-terms.yml": DISTRESS, "reviewers.yml": REVIEWERS}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for command in (["extract"], ["update"]):
        result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), *command])
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(base, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(base, root, symlinks=True)
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), *args])


def assert_refused(result, expected: str, code: int = 1) -> None:
    """Exit `code`, no traceback, problems only in `path:line: code: message` form, and
    `expected` (a `path:line: code` prefix) among them."""
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, result.output
    lines = [x for x in result.stdout.splitlines() if x.strip()]
    assert lines, result.output
    assert all(PROBLEM.match(x) for x in lines), result.stdout
    assert any(x.startswith(expected + ":") for x in lines), (expected, result.stdout)


def test_the_base_project_is_clean(base):
    result = run(base, "check")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- mkdocs.yml

CONFIG_CASES = {
    "locales-is-text": (_plugin("      locales: en\n"), _BLOCK),
    "locale-without-id": (_plugin("      locales:\n        - url: en\n"), _BLOCK + 1),
    "publish-is-a-number": (_plugin("      locales:\n        - id: en\n          publish: 5\n"), _BLOCK + 2),
    "min-translated-is-text": (_plugin("      locales:\n        - id: en\n          publish:\n"
                                       "            min_translated: '100'\n"), _BLOCK + 3),
    "min-translated-too-big": (_plugin("      locales:\n        - id: en\n          publish:\n"
                                       "            min_translated: 101\n"), _BLOCK + 3),
    "allow-fuzzy-is-text": (_plugin("      locales:\n        - id: en\n          publish:\n"
                                    "            allow_fuzzy: 'yes'\n"), _BLOCK + 3),
    "unknown-locale-field": (_plugin("      locales:\n        - id: en\n          colour: red\n"), _BLOCK + 2),
    "unknown-plugin-option": (_plugin("      colour: red\n      locales: [{id: en}]\n"), _BLOCK),
    "plugin-options-are-a-list": (MINIMAL_MKDOCS.replace("  - guidekit:\n", "  - guidekit: [a, b]\n  - x:\n"),
                                  _PLUGIN_LINE + 1),
    "search-lang-is-a-number": (_plugin("      locales:\n        - {id: en, search_lang: 5}\n"), _BLOCK + 1),
    "url-escapes-the-site": (_plugin("      locales:\n        - {id: en, url: ../../etc}\n"), _BLOCK + 1),
    "id-is-a-path": (_plugin("      locales:\n        - {id: en/../x}\n"), _BLOCK + 1),
    "id-unknown-to-babel": (_plugin("      locales:\n        - {id: qq}\n"), _BLOCK + 1),
    "duplicate-locale-url": (_plugin("      locales:\n        - {id: en, url: en}\n"
                                     "        - {id: ms, url: en}\n"), _BLOCK + 2),
    "duplicate-locale-id": (_plugin("      locales:\n        - {id: en}\n        - {id: en, url: e2}\n"),
                            _BLOCK + 2),
    "source-not-in-table": (_plugin("      source_locale: fr\n      locales: [{id: en}]\n"), _BLOCK),
    "locales-empty": (_plugin("      locales: []\n"), _BLOCK),
    "locales-dir-outside": (_plugin("      locales_dir: ../elsewhere\n"), _BLOCK),
    "locales-dir-absolute": (_plugin("      locales_dir: /etc\n"), _BLOCK),
    "reviewers-file-outside": (_plugin("      reviewers_file: /etc/passwd\n"), _BLOCK),
    "locales-dir-inside-guides": (_plugin("      locales_dir: guides/po\n"), _BLOCK),
    "theme-language-unknown": (_plugin("      locales:\n        - {id: en, theme_language: xx}\n"), _BLOCK + 1),
    "yaml-python-tag": (MINIMAL_MKDOCS.replace("site_name: Test Guides", "site_name: !!python/object/apply:os.system [id]"),
                        None),
    "unknown-tag-in-block": (_plugin("      locales: !weird [en]\n"), _BLOCK),
    "locale-name-with-markup": (_plugin("      locales:\n        - {id: en, name: '<img src=x onerror=alert(1)>'}\n"),
                                _BLOCK + 1),
    "locale-name-with-bidi-control": (_plugin("      locales:\n        - {id: en, name: \"Eng\\u202Elish\"}\n"),
                                      _BLOCK + 1),
    "locales-is-a-mapping": (_plugin("      locales: {id: en}\n"), _BLOCK),
    "mkdocs-yml-is-a-list": ("- site_name\n- plugins\n", 1),
    "mkdocs-yml-is-text": ("just some words\n", 1),
    "plugins-is-a-number": (MINIMAL_MKDOCS.replace("plugins:\n", "plugins: 5\nx:\n"), _PLUGIN_LINE),
    "no-guidekit-plugin": (MINIMAL_MKDOCS.replace("  - guidekit:\n", "  - other:\n"), _PLUGIN_LINE),
    "site-name-is-a-list": ("site_name: [a]\n" + MINIMAL_MKDOCS.split("\n", 1)[1], 1),
    "docs-dir-is-root": ("docs_dir: /\n" + MINIMAL_MKDOCS.replace("docs_dir: guides\n", ""), 1),
    "docs-dir-is-the-project": ("docs_dir: .\n" + MINIMAL_MKDOCS.replace("docs_dir: guides\n", ""), 1),
    "duplicate-key": (MINIMAL_MKDOCS + "site_name: Again\n", MINIMAL_MKDOCS.count("\n") + 1),
    "alias-bomb": (MINIMAL_MKDOCS + "extra_bomb:\n" + "".join("  " + x + "\n" for x in BOMB.splitlines()),
                   None),
    "deep-nesting": (MINIMAL_MKDOCS + "deep: " + "[" * 1000 + "]" * 1000 + "\n", MINIMAL_MKDOCS.count("\n") + 1),
    "recursive-alias": (MINIMAL_MKDOCS + "loop: &loop [*loop]\n", MINIMAL_MKDOCS.count("\n") + 1),
    "merge-of-a-number": (MINIMAL_MKDOCS + "merged:\n  <<: 5\n", MINIMAL_MKDOCS.count("\n") + 2),
    "control-character": ("site_name: x\nsite_url: \x01\n", 2),
    "syntax-error": (MINIMAL_MKDOCS + "bad: [\n", None),
    # Material prints these into every page: markup, script URLs, third-party hosts, build code.
    "copyright-is-html": (MINIMAL_MKDOCS + "copyright: '<img src=x onerror=alert(1)>'\n",
                          MINIMAL_MKDOCS.count("\n") + 1),
    "extra-homepage-js-url": (MINIMAL_MKDOCS.replace("  generator: false\n",
                                                     "  generator: false\n  homepage: 'javascript:alert(1)'\n"),
                              MINIMAL_MKDOCS.split("\n").index("  generator: false") + 2),
    "extra-analytics": (MINIMAL_MKDOCS.replace("  generator: false\n", "  generator: false\n  analytics:\n"
                                               "    provider: google\n    property: G-X\n"),
                        MINIMAL_MKDOCS.split("\n").index("  generator: false") + 2),
    "extra-css-third-party": (MINIMAL_MKDOCS + "extra_css: ['https://evil.example/x.css']\n",
                              MINIMAL_MKDOCS.count("\n") + 1),
    "palette-breaks-an-attribute": (MINIMAL_MKDOCS.replace("  font: false\n", "  font: false\n  palette:\n"
                                                           "    primary: '\" onmouseover=\"alert(1)'\n"),
                                    MINIMAL_MKDOCS.split("\n").index("  font: false") + 3),
    "web-fonts": (MINIMAL_MKDOCS.replace("  font: false\n", "  font:\n    text: Roboto\n"),
                  MINIMAL_MKDOCS.split("\n").index("  font: false") + 1),
    "repo-url": (MINIMAL_MKDOCS + "repo_url: https://github.com/x/y\n", MINIMAL_MKDOCS.count("\n") + 1),
    "hooks-run-code": (MINIMAL_MKDOCS + "hooks: [evil.py]\n", MINIMAL_MKDOCS.count("\n") + 1),
}


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
@pytest.mark.parametrize("command", [["check"], ["extract"], ["update"], ["stats"],
                                     ["build", "--site-dir", "{site}"], ["review", "status"]])
def test_broken_mkdocs_yml(project, tmp_path, case, command):
    text, line = CONFIG_CASES[case]
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    before = tree_digest(project)
    args = [a.replace("{site}", str(tmp_path / "site")) for a in command]
    result = run(project, *args)
    assert_refused(result, "mkdocs.yml" + (f":{line}" if line else ""))
    assert tree_digest(project) == before
    assert not (tmp_path / "site").exists()


def test_non_utf8_mkdocs_yml_is_reported_at_its_line(project):
    (project / "mkdocs.yml").write_bytes(b"site_name: x\n\nsite_description: caf\xe9\n")
    assert_refused(run(project, "check"), "mkdocs.yml:3: config-yaml")


def test_a_bomb_is_refused_fast_and_small(project):
    """Without the caps the bomb expands to 9**9 values: minutes and gigabytes."""
    import time
    import tracemalloc

    from guidekit import yamlfile
    from guidekit.problems import ProblemsFound

    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ProblemsFound) as exc:
        yamlfile.parse(BOMB, "bomb.yml", "x-yaml", "the bomb")
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "aliases expand to more than" in str(exc.value)
    assert seconds < 2
    assert peak < 20_000_000


# ---------------------------------------------------------------- guides

FRONT_CASES = {
    # name: (front matter lines replacing lines 2-5 of GUIDE, expected line)
    "audience-is-a-number": ("title: A\naudience: 5\n", 3),
    "topics-is-a-number": ("title: A\ntopics: 7\n", 3),
    "unknown-audience": ("title: A\naudience: [teens, martians]\n", 3),
    "unknown-topic-in-block-list": ("title: A\ntopics:\n  - wellbeing\n  - astrology\n", 5),
    "title-is-a-list": ("title: [a, b]\n", 2),
    "description-is-a-number": ("title: A\ndescription: 5\n", 3),
    "content-notes-is-a-mapping": ("title: A\ncontent_notes: {a: b}\n", 3),
    "title-with-markup": ('title: "A <script>alert(1)</script>"\n', 2),
    "description-with-bidi-control": ('title: A\ndescription: "Call 1\u202e5555"\n', 3),
    "forged-toolkit-key": ('title: A\nguidekit_review: "Reviewed by Dr Nobody"\n', 3),
    "duplicate-key": ("title: A\ntitle: B\n", 3),
    "alias-bomb": ("title: A\n" + BOMB, None),
    "deep-nesting": ("title: A\nx: " + "[" * 1000 + "]" * 1000 + "\n", 3),
    "merge-key-of-a-list": ("title: A\nbase: &b [1]\nmerged:\n  <<: *b\n", 5),
    "front-matter-is-a-list": ("- a\n- b\n", 2),
    "syntax-error": ("title: [A\n", None),
    # Material keys: a template without the help panel, names that become paths or classes.
    "template-without-the-help-panel": ("title: A\ntemplate: redirect.html\n", 3),
    "template-path-traversal": ("title: A\ntemplate: ../../../../etc/passwd\n", 3),
    "icon-path-traversal": ("title: A\nicon: ../../../../etc/passwd\n", 3),
    "status-breaks-an-attribute": ("title: A\nstatus: 'new\" onmouseover=\"alert(1)'\n", 3),
    "subtitle-with-markup": ("title: A\nsubtitle: '<img src=x onerror=alert(1)>'\n", 3),
    "search-boost-is-a-script": ("title: A\nsearch:\n  boost: '</script><script>alert(1)</script>'\n", 4),
    "search-exclude-is-text": ("title: A\nsearch:\n  exclude: maybe\n", 4),
    "title-with-a-control-character": ('title: "A\\rB"\n', 2),
}


def _guide_with(front: str) -> str:
    return "---\n" + front + "---\n# A guide\n\nCall [[helpline:heal]] any time.\n"


@pytest.mark.parametrize("case", sorted(FRONT_CASES))
@pytest.mark.parametrize("command", [["check"], ["extract"], ["update"]])
def test_broken_front_matter(project, case, command):
    front, line = FRONT_CASES[case]
    (project / "guides/a.md").write_text(_guide_with(front), encoding="utf-8")
    before = tree_digest(project)
    result = run(project, *command)
    if command == ["update"]:
        # update reads the templates, not the guides: it must simply not fail with a traceback
        assert "Traceback" not in result.output
    else:
        assert_refused(result, "guides/a.md" + (f":{line}" if line else ""))
    assert tree_digest(project) == before


BODY_CASES = {
    "nested-list-on-one-line": ("- " * 1000 + "x\n", 9),
    "nested-quotes": ("> " * 1000 + "x\n", 9),
    "nested-list-by-indent": ("".join("    " * i + "- x\n" for i in range(300)), 9 + 40),
    "nested-admonitions": ("".join("    " * i + "!!! note\n\n" for i in range(60)), 9 + 2 * 41),
    "non-utf8-byte": (None, 9),
}


@pytest.mark.parametrize("case", sorted(BODY_CASES))
@pytest.mark.parametrize("command", [["check"], ["extract"]])
def test_broken_guide_body(project, case, command):
    body, line = BODY_CASES[case]
    path = project / "guides/a.md"
    if body is None:
        path.write_bytes(GUIDE.encode() + b"caf\xe9\n")
        line = GUIDE.count("\n") + 1
    else:
        path.write_text(GUIDE + body, encoding="utf-8")
        line = GUIDE.count("\n") + 1 + (line - 9)
    before = tree_digest(project)
    assert_refused(run(project, *command), f"guides/a.md:{line}")
    assert tree_digest(project) == before


def test_a_directory_named_like_a_guide(project):
    (project / "guides/x.md").mkdir()
    before = tree_digest(project)
    for command in (["check"], ["extract"]):
        assert_refused(run(project, *command), "guides/x.md:1: guide-not-a-file")
    assert tree_digest(project) == before


@pytest.mark.parametrize("rel,code", [("locales/ms/LC_MESSAGES/b.po", "catalog-not-a-file"),
                                      ("locales/templates/b.pot", "catalog-not-a-file"),
                                      ("guides/_data/helplines.yml", "helplines-yaml"),
                                      ("guides/_data/distress-terms.yml", "distress-terms-yaml")])
def test_a_directory_named_like_a_data_file(project, rel, code):
    (project / rel).unlink(missing_ok=True)
    (project / rel).mkdir(parents=True)
    before = tree_digest(project)
    assert_refused(run(project, "check"), f"{rel}:1: {code}")
    assert tree_digest(project) == before


@pytest.mark.parametrize("rel", ["guides/b.md", "locales/ms/LC_MESSAGES/b.po", "guides/_data/helplines.yml"])
def test_a_pipe_named_like_a_source_is_refused_not_read(project, rel):
    (project / rel).unlink(missing_ok=True)
    os.mkfifo(project / rel)
    before = tree_digest(project)
    assert_refused(run(project, "check"), f"{rel}:1: path-not-a-file")
    assert tree_digest(project) == before


def test_an_unknown_helpline_is_reported_at_the_guides_line(project, tmp_path):
    (project / "guides/a.md").write_text(GUIDE + "\nOr [[helpline:nope]].\n", encoding="utf-8")
    assert_refused(run(project, "check"), f"guides/a.md:{GUIDE.count(chr(10)) + 2}: helpline-unknown")
    result = run(project, "build", "--locale", "en", "--site-dir", str(tmp_path / "site"))
    assert_refused(result, f"guides/a.md:{GUIDE.count(chr(10)) + 2}: helpline-unknown")


# ---------------------------------------------------------------- data files

DATA_CASES = {
    "helplines-numbers-is-a-number": ("guides/_data/helplines.yml",
                                      HELPLINES.replace('      - {display: "15555", tel: "15555"}\n', "")
                                      .replace("    numbers:\n", "    numbers: 5\n"), 4),
    "helplines-hours-is-a-list": ("guides/_data/helplines.yml", HELPLINES.replace("24 hours", "[24]"), 6),
    "helplines-name-is-text": ("guides/_data/helplines.yml", HELPLINES.replace("{en: Talian HEAL}", "HEAL"), 3),
    "helplines-tel-is-a-number": ("guides/_data/helplines.yml", HELPLINES.replace('tel: "15555"', "tel: 15555"), 5),
    "helplines-verified-not-a-date": ("guides/_data/helplines.yml", HELPLINES.replace("null", "soon"), 7),
    "helplines-display-injects-a-link": ("guides/_data/helplines.yml",
                                         HELPLINES.replace('display: "15555"', 'display: "15555](https://evil.example/x"'), 5),
    "helplines-tel-is-a-script": ("guides/_data/helplines.yml", HELPLINES.replace('tel: "15555"', 'tel: "javascript:1"'), 5),
    "helplines-name-with-markup": ("guides/_data/helplines.yml", HELPLINES.replace("{en: Talian HEAL}", "{en: '<b>x</b>'}"), 3),
    "helplines-hours-bidi": ("guides/_data/helplines.yml", HELPLINES.replace("24 hours", '"\u202e24 hours"'), 6),
    "helplines-website-not-https": ("guides/_data/helplines.yml",
                                    HELPLINES.replace("    hours:", "    website: javascript:alert(1)\n    hours:"), 6),
    "helplines-website-with-userinfo": ("guides/_data/helplines.yml",
                                        HELPLINES.replace("    hours:", "    website: https://heal.gov.my@evil.example/\n    hours:"), 6),
    "helplines-hours-control-character": ("guides/_data/helplines.yml", HELPLINES.replace("24 hours", '"24 hours\\r# x"'), 6),
    "helplines-verified-in-the-future": ("guides/_data/helplines.yml", HELPLINES.replace("null", "2999-01-01"), 7),
    "helplines-duplicate-key": ("guides/_data/helplines.yml", HELPLINES + "    hours: again\n", 8),
    "helplines-duplicate-id": ("guides/_data/helplines.yml",
                               HELPLINES + HELPLINES.split("\n", 1)[1], 8),
    "helplines-services-is-text": ("guides/_data/helplines.yml", "services: none\n", 1),
    "helplines-is-a-list": ("guides/_data/helplines.yml", "- services\n", 1),
    "helplines-bomb": ("guides/_data/helplines.yml", BOMB, None),
    "helplines-merge-key": ("guides/_data/helplines.yml",
                            HELPLINES.replace("    hours: 24 hours\n", "    <<: [1]\n"), 6),
    "distress-terms-is-a-list": ("guides/_data/distress-terms.yml", "- suicide\n", 1),
    "distress-terms-list-is-text": ("guides/_data/distress-terms.yml", "en: suicide\n", 1),
    "distress-terms-term-is-a-mapping": ("guides/_data/distress-terms.yml", "en:\n  - {a: b}\n", 2),
    "distress-terms-bomb": ("guides/_data/distress-terms.yml", BOMB, None),
    "reviewers-is-a-number": ("reviewers.yml", "reviewers: 5\n", 1),
    "reviewers-name-is-a-list": ("reviewers.yml", ("reviewers:\n  - id: a\n    name: [x]\n    role: r\n"
                                 "    qualification: q\n    locales: [en]\n"), 3),
    "reviewers-duplicate-key": ("reviewers.yml", "reviewers: []\nreviewers: []\n", 2),
    "reviewers-bomb": ("reviewers.yml", BOMB, None),
}


@pytest.mark.parametrize("case", sorted(DATA_CASES))
def test_broken_data_file(project, case):
    rel, text, line = DATA_CASES[case]
    (project / rel).write_text(text, encoding="utf-8")
    before = tree_digest(project)
    assert_refused(run(project, "check"), rel + (f":{line}" if line else ""))
    assert tree_digest(project) == before


def test_non_utf8_registry_byte_is_reported_at_its_line(project):
    (project / "guides/_data/helplines.yml").write_bytes(HELPLINES.encode().replace(b"24 hours", b"24 h\xf6urs"))
    assert_refused(run(project, "check"), "guides/_data/helplines.yml:6: helplines-yaml")


# ---------------------------------------------------------------- symlinks

@pytest.mark.parametrize("rel", ["guides/leak.md", "guides/img.png", "locales/ms/LC_MESSAGES/a.po",
                                 "locales/templates/leak.pot", "guides/_data/helplines.yml"])
def test_a_link_out_of_the_project_is_refused_and_never_echoed(project, tmp_path, rel):
    secret = tmp_path / "secret.txt"
    secret.write_text("msgid \"TOP-SECRET-CONTENT\"\n", encoding="utf-8")
    link = project / rel
    link.unlink(missing_ok=True)
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    before = tree_digest(project)
    for command in (["check"], ["extract"], ["build", "--locale", "en", "--site-dir", str(tmp_path / "s")]):
        result = run(project, *command)
        assert_refused(result, f"{rel}:1: path-outside-project")
        assert "TOP-SECRET" not in result.output
    assert not (tmp_path / "s").exists()
    assert tree_digest(project) == before


def test_a_link_to_another_part_of_the_project_is_refused(project, tmp_path):
    (project / "guides/config.md").symlink_to(project / "mkdocs.yml")
    before = tree_digest(project)
    for command in (["check"], ["build", "--locale", "en", "--site-dir", str(tmp_path / "s")]):
        assert_refused(run(project, *command), "guides/config.md:1: path-outside-folder")
    assert not (tmp_path / "s").exists()
    assert tree_digest(project) == before


# ---------------------------------------------------------------- all or nothing

def test_extract_with_one_broken_guide_changes_no_file(project):
    (project / "guides/b.md").write_text("---\ntitle: B\n---\n# B\n\nSome text.\n", encoding="utf-8")
    assert run(project, "extract").exit_code == 0
    assert (project / "locales/templates/b.pot").is_file()
    (project / "guides/b.md").write_text("---\ntitle: [B\n---\n# B\n", encoding="utf-8")
    (project / "guides/a.md").write_text(GUIDE + "\nA new paragraph.\n", encoding="utf-8")
    before = tree_digest(project)
    assert_refused(run(project, "extract"), "guides/b.md:3: front-matter-yaml")
    assert tree_digest(project) == before  # b.pot kept, a.pot not half-updated


def test_update_with_one_broken_catalogue_rewrites_nothing(project):
    (project / "guides/a.md").write_text(GUIDE + "\nA new paragraph.\n", encoding="utf-8")
    assert run(project, "extract").exit_code == 0
    (project / "locales/ta/LC_MESSAGES/a.po").write_text('msgid "x\n', encoding="utf-8")
    before = tree_digest(project)
    assert_refused(run(project, "update"), "locales/ta/LC_MESSAGES/a.po:1: po-syntax")
    assert tree_digest(project) == before


def test_build_reports_every_broken_guide_before_touching_the_site(project, tmp_path):
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "en" / "index.html").write_text("the site readers have now", encoding="utf-8")
    (project / "guides/b.md").write_text("---\naudience: 5\n---\n# B\n", encoding="utf-8")
    (project / "guides/c.md").write_text("# C\n\n[[helpline:nope]]\n", encoding="utf-8")
    result = run(project, "build", "--site-dir", str(site))
    assert_refused(result, "guides/b.md:2: front-matter")
    assert_refused(result, "guides/c.md:3: helpline-unknown")
    assert (site / "en" / "index.html").read_text(encoding="utf-8") == "the site readers have now"


# ---------------------------------------------------------------- where a site may go

@pytest.mark.parametrize("where", ["/", "~", ".", "..", "guides", "guides/sub", "locales",
                                   "locales/ms", "tools", "tests", ".git", ".git/objects"])
def test_build_refuses_a_site_dir_over_sources(project, where):
    for name in ("tools", "tests", ".git/objects"):
        (project / name).mkdir(parents=True, exist_ok=True)
    target = where if where in ("/", "~") else str(project / where)
    before = tree_digest(project)
    result = run(project, "build", "--site-dir", target)
    assert result.exit_code == 2, result.output
    assert "site-dir-refused" in result.stdout
    assert "Traceback" not in result.output
    assert tree_digest(project) == before


def test_site_dir_of_mkdocs_yml_over_the_guides_is_a_problem_at_its_line(project):
    text = MINIMAL_MKDOCS.replace("docs_dir: guides\n", "docs_dir: guides\nsite_dir: guides\n")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    before = tree_digest(project)
    assert_refused(run(project, "build"), "mkdocs.yml:4: site-dir-refused")
    assert tree_digest(project) == before


def test_an_unwritable_site_dir_is_a_problem_not_a_traceback(project, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    before = tree_digest(project)
    result = run(project, "build", "--locale", "en", "--site-dir", str(blocker / "site"))
    assert_refused(result, str(blocker / "site") + ":1: site-dir-unwritable")
    result = run(project, "root", "--site-dir", str(blocker / "site"))
    assert_refused(result, str(blocker / "site") + ":1: site-dir-unwritable")
    assert tree_digest(project) == before


# ---------------------------------------------------------------- usage errors: exit 2

@pytest.mark.parametrize("args", [["build", "--locale", "xx"], ["update", "--locale", "xx"],
                                  ["review", "sign", "a.md", "--reviewer", "r", "--locale", "xx"],
                                  ["serve", "--locale", "xx"]])
def test_unknown_locale_is_a_usage_error(project, tmp_path, args):
    before = tree_digest(project)
    result = run(project, *args)
    assert result.exit_code == 2, result.output
    assert "unknown-locale" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project) == before


@pytest.mark.parametrize("args", [["check", "--only", "nope"], ["stats", "--format", "yaml"],
                                  ["build", "--site-dir", "{file}"], ["linkcheck", "--timeout", "x"],
                                  ["update", "--locale", "en"], ["serve", "--dev-addr", "999.1.1.1:99999"],
                                  ["serve", "--dev-addr", "evil.example:80"]])
def test_other_usage_errors_exit_2(project, tmp_path, args):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    before = tree_digest(project)
    result = run(project, *[a.replace("{file}", str(tmp_path / "a-file")) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert tree_digest(project) == before


def test_missing_config_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["-f", str(tmp_path / "nope.yml"), "check"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_no_project_here_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in (["check"], ["stats"], ["build"], ["extract"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "no-mkdocs-yml" in result.output
        assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_base_project_builds_with_the_typed_schema(base, tmp_path):
    """The plugin declares the same schema to MkDocs: a valid block passes MkDocs' own check."""
    result = run(base, "build", "--locale", "en", "--locale", "ms", "--site-dir", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s" / "ms" / "a" / "index.html").is_file()
    assert "Unrecognised" not in result.output


def test_a_missing_theme_icon_is_a_problem_not_a_traceback(project, tmp_path):
    """An icon name of the right shape that Material does not have: Jinja's TemplateNotFound
    (an IOError) is a template problem, not an unwritable site folder."""
    (project / "guides/a.md").write_text(_guide_with("title: A\nicon: material/no-such-icon\n"),
                                         encoding="utf-8")
    (project / "mkdocs.yml").write_text(MINIMAL_MKDOCS.replace("docs_dir: guides\n",
                                                               "docs_dir: guides\nnav:\n  - a.md\n"),
                                        encoding="utf-8")
    before = tree_digest(project)
    result = run(project, "build", "--locale", "en", "--site-dir", str(tmp_path / "site"))
    assert_refused(result, "mkdocs.yml:1: theme-template")
    assert "site-dir-unwritable" not in result.output
    assert tree_digest(project) == before


@pytest.mark.parametrize("setting,value", [("strict", "'no'"), ("markdown_extensions", "[no.such.extension]")])
def test_a_setting_only_mkdocs_checks_is_one_problem_line_at_its_line(project, tmp_path, setting, value):
    lines = MINIMAL_MKDOCS.splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith(setting + ":"))
    end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith(" "))
    text = "\n".join(lines[:at] + [f"{setting}: {value}"] + lines[end:]) + "\n"
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    before = tree_digest(project)
    result = run(project, "build", "--locale", "en", "--site-dir", str(tmp_path / "site"))
    assert_refused(result, f"mkdocs.yml:{at + 1}: build-failed")
    assert tree_digest(project) == before


def test_a_catalogue_saved_with_a_byte_order_mark_reads_as_without(project, tmp_path):
    """Some Windows editors write a BOM first: it is not part of any string, as for msgfmt."""
    po = project / "locales/ms/LC_MESSAGES/a.po"
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes())
    before = tree_digest(project)
    for command in (["check", "--only", "catalogs"], ["stats"],
                    ["build", "--locale", "ms", "--site-dir", str(tmp_path / "site")]):
        result = run(project, *command)
        assert result.exit_code == 0, result.output
    assert tree_digest(project) == before
