"""The site builds the same with MkDocs 1.6 and with ProperDocs, its drop-in continuation."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from guidekit.cli import main
from guidekit.site import generator

GUIDES = {
    "guides/index.md": "# Home\n\nRead [the guide](teens/a.md#start).\n",
    "guides/teens/a.md": "---\ntitle: A guide\n---\n\n# A guide\n\n## Start {#start}\n\nText.\n",
}
_GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(root: Path, out: Path, name: str) -> None:
    env = {**os.environ, generator.GENERATOR_ENV: name}
    result = subprocess.run([sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml"),
                             "build", "--site-dir", str(out)],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): _GENERATOR_META.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".gz"}


def test_properdocs_builds_the_same_site_as_mkdocs(make_project, tmp_path):
    root = make_project(GUIDES)
    _build(root, tmp_path / "mkdocs", "mkdocs")
    _build(root, tmp_path / "properdocs", "properdocs")
    made_by = (tmp_path / "properdocs" / "ms" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in made_by, "the ProperDocs build was not made by ProperDocs"
    mkdocs_files, properdocs_files = _files(tmp_path / "mkdocs"), _files(tmp_path / "properdocs")
    assert sorted(mkdocs_files) == sorted(properdocs_files)
    different = [name for name in mkdocs_files if mkdocs_files[name] != properdocs_files[name]]
    assert different == []


def test_properdocs_own_command_runs_the_guidekit_plugin(make_project, tmp_path):
    root = make_project(GUIDES)
    cli = Path(sys.executable).with_name("properdocs")
    result = subprocess.run([str(cli), "build", "-f", str(root / "mkdocs.yml"),
                             "-d", str(tmp_path / "out")], capture_output=True, text=True,
                            check=False, cwd=root)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'data-guidekit-lang="ms"' in home  # the plugin's switcher is there


def test_unknown_generator_is_a_usage_error(make_project, monkeypatch):
    root = make_project(GUIDES)
    monkeypatch.setenv(generator.GENERATOR_ENV, "zensical")
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "build",
                                       "--site-dir", str(root / "out")])
    assert result.exit_code == 2
    assert "GUIDEKIT_GENERATOR='zensical': choose one of mkdocs, properdocs" in result.output
    assert not (root / "out").exists()


@pytest.mark.parametrize("value,expected", [("", "mkdocs"), ("MkDocs", "mkdocs"),
                                            ("properdocs", "properdocs")])
def test_generator_name(monkeypatch, value, expected):
    monkeypatch.setenv(generator.GENERATOR_ENV, value)
    assert generator.name() == expected
