"""Digests of what readers see, now and in every committed version, and when a version was
committed.

The digest of the English page covers the guide file; the digest of a translation covers the
English digest and the translated page as review/page.py renders it. The time a version was
committed (by git) is when the words a reviewer signed came to exist: a key must have been
valid then, whatever date the signer typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound
from guidekit.review import gitrepo, page


@dataclass(frozen=True)
class Version:
    """The signed content of guide x locale as it is somewhere: the working tree or a commit."""
    guide_text: str
    po: bytes | None          # the language's catalogue (None for the source, or not there)


def inputs(project: Project, guide: str, locale: str) -> list[Path]:
    """The files whose words a sign-off of guide x locale covers."""
    paths = [project.docs_dir / guide]
    if locale != project.source_locale:
        paths.append(project.po_path(locale, guide))
    return paths


def working(project: Project, guide: str, locale: str) -> Version:
    path = project.docs_dir / guide
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemsFound([Problem(project.rel(path), 1, "not-utf8",
                                     f"file is not UTF-8 ({exc.reason})", "save it as UTF-8")]) from None
    po = project.po_path(locale, guide)
    data = po.read_bytes() if locale != project.source_locale and po.is_file() else None
    return Version(text, data)


def reader_page(project: Project, guide: str, locale: str, version: Version,
                mark_fuzzy: bool = False) -> page.ReaderPage:
    display = project.rel(project.docs_dir / guide)
    if locale == project.source_locale:
        return page.ReaderPage(version.guide_text.replace("\r\n", "\n"), True)
    return page.render(version.guide_text, version.po, display,
                       project.rel(project.po_path(locale, guide)),
                       project.locale(locale).publish, mark_fuzzy)


def of(project: Project, guide: str, locale: str, version: Version) -> str:
    source = page.source_digest(version.guide_text)
    if locale == project.source_locale:
        return source
    return page.translation_digest(source, reader_page(project, guide, locale, version))


def now(project: Project, guide: str, locale: str) -> str:
    """The digest of guide x locale as it is in the working tree."""
    return of(project, guide, locale, working(project, guide, locale))


@dataclass(frozen=True)
class Committed:
    commit: str
    time: dt.datetime         # committer time, UTC
    digest: str
    version: Version


_history: dict[tuple[str, str, str, str], list[Committed]] = {}


def committed_versions(project: Project, guide: str, locale: str) -> list[Committed]:
    """Every committed version of guide x locale reachable from HEAD, newest first (a commit
    whose files do not render, e.g. a broken catalogue, cannot have been signed: skipped)."""
    head = gitrepo.head(project)
    if head is None:
        return []
    key = (str(project.root), head, guide, locale)
    if key not in _history:
        if len(_history) > 4096:
            _history.clear()
        paths = inputs(project, guide, locale)
        commits = gitrepo.history(project, paths)
        blobs = gitrepo.show_many(project, [(c, p) for c, _ in commits for p in paths])
        found = []
        for i, (commit, time) in enumerate(commits):
            texts = blobs[i * len(paths):(i + 1) * len(paths)]
            if texts[0] is None:
                continue
            try:
                version = Version(texts[0].decode("utf-8"), texts[1] if len(texts) > 1 else None)
                found.append(Committed(commit, time, of(project, guide, locale, version), version))
            except (UnicodeDecodeError, ProblemsFound):
                continue
        _history[key] = found
    return _history[key]


def introduced(project: Project, guide: str, locale: str, digest: str) -> Committed | None:
    """The latest commit that brought guide x locale to `digest` (from a different version, or
    from nothing): when the signed words, as they stand, were committed. None when no commit
    reachable from HEAD has them."""
    versions = committed_versions(project, guide, locale)
    for i, version in enumerate(versions):
        if version.digest != digest:
            continue
        older = versions[i + 1] if i + 1 < len(versions) else None
        if older is None or older.digest != digest:
            return version
    return None
