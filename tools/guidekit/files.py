"""Writing files safely: several files all-or-nothing, and where a site may be written at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file or none: each goes to a temporary file beside it first, and only when
    all of them are written are they renamed into place (a rename cannot half-happen).
    Raises OSError (nothing changed) when any temporary file cannot be written."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


def site_dir_refusal(root: Path, target: Path, sources: list[Path]) -> str | None:
    """Why `target` must not receive a built site (a build empties and rewrites it), or None.

    Refused: the file system root, the home folder, the project or any folder containing it,
    and any source folder (guides, catalogues, code, tests, .git) or a folder inside one."""
    where = target.expanduser().resolve()
    project = root.resolve()
    if where == Path(where.anchor):
        return "is the root of the file system"
    if where == Path.home().resolve():
        return "is your home folder"
    if where == project or project.is_relative_to(where):
        return "is the project folder or contains it"
    for source in sources:
        src = source.resolve()
        if where == src or where.is_relative_to(src):
            return f"is inside the project's {src.relative_to(project).as_posix() or '.'} folder"
        if src.is_relative_to(where):
            return f"contains the project's {src.relative_to(project).as_posix()} folder"
    return None
