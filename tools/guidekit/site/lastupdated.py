"""When a page last changed for readers of one language: the author date of the newest commit
touching its guide or that language's catalogue for it.

Read once per build with a single `git log` over the guides and catalogues (not one process per
page). Outside a git clone, without git, or for files git does not know, the answer is None and
the page simply shows no "Last updated" line: no guess from file times, which a fresh checkout
resets.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

_FORMAT = "--format=\x1e%aI"   # a record separator, then the author date; names follow


def _git_log(root: Path, paths: list[str]) -> str | None:
    try:
        run = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", _FORMAT, "--name-only", "--no-renames",
             "--", *paths],
            cwd=root, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if run.returncode != 0:
        return None
    return run.stdout.decode("utf-8", "replace")


def file_dates(root: Path, paths: list[str]) -> dict[str, dt.date]:
    """{path relative to the git top: author date of the newest commit touching it}."""
    out = _git_log(root, paths)
    if not out:
        return {}
    prefix = _git_prefix(root)
    dates: dict[str, dt.date] = {}
    for record in out.split("\x1e")[1:]:
        lines = [line for line in record.splitlines() if line.strip()]
        if not lines:
            continue
        try:
            when = dt.datetime.fromisoformat(lines[0].strip()).date()
        except ValueError:
            continue
        for name in lines[1:]:
            rel = name.strip()
            if prefix and rel.startswith(prefix):
                rel = rel[len(prefix):]
            dates.setdefault(rel, when)  # newest first: keep the first seen
    return dates


def _git_prefix(root: Path) -> str:
    try:
        run = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root,
                             capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return run.stdout.decode("utf-8", "replace").strip() if run.returncode == 0 else ""


class LastUpdated:
    """Dates for one build: `page(guide_path, po_path)` -> the newer of the two, or None."""

    def __init__(self, root: Path, folders: list[Path]):
        self.root = root
        existing = [p.relative_to(root).as_posix() for p in folders if p.exists()]
        self._dates = file_dates(root, existing) if existing else {}

    def page(self, *files: Path) -> dt.date | None:
        found = [self._dates.get(self._rel(f)) for f in files]
        dates = [d for d in found if d is not None]
        return max(dates) if dates else None

    def _rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
