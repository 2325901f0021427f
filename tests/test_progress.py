"""Long commands show progress on a terminal and stay to one summary line otherwise."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

GUIDES = {f"guides/g{i}.md": f"# Guide {i}\n\nSome text of guide {i}.\n" for i in range(5)}


def _guidekit(root: Path) -> list[str]:
    return [sys.executable, "-m", "guidekit.cli", "-f", str(root / "mkdocs.yml")]


def test_no_terminal_one_summary_line(make_project):
    root = make_project(GUIDES)
    result = subprocess.run([*_guidekit(root), "extract"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"extracted 6 templates in \d+\.\ds\n", result.stderr)


def test_terminal_shows_a_progress_bar_then_the_summary(make_project):
    root = make_project(GUIDES)
    leader, follower = pty.openpty()
    proc = subprocess.Popen([*_guidekit(root), "extract"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the pty closes when the command exits
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    text = output.decode("utf-8", "replace")
    assert re.search(r"templates\s+\[#+\]\s+6/6", text), text   # click's bar, with a count
    assert "guides/g4.md" in text or "g4" in text               # the item being worked on
    assert re.search(r"extracted 6 templates in \d+\.\ds", text)
