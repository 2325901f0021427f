"""The git questions sign-off asks: is this committed, what did a file say in a commit, when.

A sign-off is bound to committed words: the key that signed them must have been valid when
they were committed, and a reviewer compares against the version in history. Every call runs
the `git` command in the project root; failures become Problems, never tracebacks.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from pathlib import Path

from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound


def run(project: Project, *args: str, check: bool = True,
        stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=project.root,
                              input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise ProblemsFound([Problem(".", 1, "git-missing", "git is not installed",
                                     "install git")]) from None
    if done.returncode != 0:
        if not check:
            return None
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ProblemsFound([Problem(".", 1, "git-failed", f"git {' '.join(args)}: "
                                     f"{reason[-1] if reason else done.returncode}",
                                     "run inside a git clone with the history fetched "
                                     "(actions/checkout: fetch-depth: 0)")])
    return done.stdout


def is_repo(project: Project) -> bool:
    out = run(project, "rev-parse", "--show-toplevel", check=False)
    return out is not None


def head(project: Project) -> str | None:
    out = run(project, "rev-parse", "--verify", "-q", "HEAD", check=False)
    return out.decode().strip() if out else None


_prefixes: dict[str, str] = {}


def _prefix(project: Project) -> str:
    """The project's folder inside the repository ('' at its top), as git spells it."""
    key = str(project.root)
    if key not in _prefixes:
        _prefixes[key] = (run(project, "rev-parse", "--show-prefix") or b"").decode().strip()
    return _prefixes[key]


def uncommitted(project: Project, paths: Iterable[Path]) -> list[str]:
    """Those of `paths` whose working copy differs from HEAD, or that git does not track."""
    rels = [project.rel(p) for p in paths]
    prefix = _prefix(project)
    out = run(project, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *rels)
    changed = set()
    fields = (out or b"").decode("utf-8", "replace").split("\0")
    i = 0
    while i < len(fields):
        entry = fields[i]
        i += 1
        if len(entry) < 4:
            continue
        if entry[0] in "RC":
            i += 1  # a rename or copy is followed by its old path
        name = entry[3:]
        changed.add(name[len(prefix):] if prefix and name.startswith(prefix) else name)
    return [r for r in rels if r in changed]


def show(project: Project, commit: str, path: Path) -> bytes | None:
    return run(project, "show", f"{commit}:./{project.rel(path)}", check=False)


def show_many(project: Project, specs: list[tuple[str, Path]]) -> list[bytes | None]:
    """The content of many commit:path pairs with one `git cat-file --batch`."""
    if not specs:
        return []
    prefix = _prefix(project)
    request = "".join(f"{commit}:{prefix}{project.rel(path)}\n" for commit, path in specs)
    out = run(project, "cat-file", "--batch", stdin=request.encode("utf-8")) or b""
    found: list[bytes | None] = []
    pos = 0
    for _ in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found.append(out[pos:pos + size])
            pos += size + 1
        else:
            found.append(None)  # "missing": the file did not exist in that commit
    return found


Commit = tuple[str, dt.datetime, frozenset[str]]  # (sha, committer time UTC, files it changed)

_logs: dict[tuple[str, str], list[Commit]] = {}


def log(project: Project, head_commit: str, folders: Iterable[Path]) -> list[Commit]:
    """Every commit reachable from `head_commit` that changed a file under `folders`, newest
    first, with the files it changed (relative to the project root). One `git log` per head:
    a status run asks about every guide in every language."""
    key = (str(project.root), head_commit)
    if key not in _logs:
        if len(_logs) > 64:
            _logs.clear()
        # --cc: a merge lists only what it changed against every parent (what it introduced).
        out = run(project, "log", "--format=%x01%H %ct", "--name-only", "--cc", "--relative",
                  head_commit, "--", *(project.rel(f) for f in folders)) or b""
        found: list[Commit] = []
        for chunk in out.decode("utf-8", "replace").split("\x01")[1:]:
            lines = [line for line in chunk.splitlines() if line.strip()]
            sha, stamp = lines[0].split()
            found.append((sha, dt.datetime.fromtimestamp(int(stamp), dt.UTC),
                          frozenset(lines[1:])))
        _logs[key] = found
    return _logs[key]


def changed_files(project: Project, base: str) -> list[str]:
    """Paths (relative to the project root) this branch changed since it left `base`."""
    out = run(project, "diff", "--name-only", "--relative", f"{base}...HEAD") or b""
    return out.decode("utf-8").splitlines()
