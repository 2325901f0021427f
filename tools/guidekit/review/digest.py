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
                                     f"file is not UTF-8 ({exc.reason})",
                                     "save it as UTF-8")]) from None
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


_digests: dict[tuple[str, str, str, str], tuple[str, Version] | None] = {}
_blobs: dict[tuple[str, str, str], bytes | None] = {}
_WINDOW = 8  # commits whose files one `git cat-file --batch` fetches


def _committed(project: Project, guide: str, locale: str, commits: list[str],
               index: int) -> tuple[str, Version] | None:
    """(digest, version) of guide x locale in commits[index]; None when it does not render
    there (no guide yet, a broken catalogue: such a version cannot have been signed)."""
    commit = commits[index]
    key = (str(project.root), commit, guide, locale)
    if key in _digests:
        return _digests[key]
    paths = inputs(project, guide, locale)
    root = str(project.root)
    if any((root, commit, project.rel(p)) not in _blobs for p in paths):
        if len(_blobs) > 20000:
            _blobs.clear()
        wanted = [(c, p) for c in commits[index:index + _WINDOW] for p in paths
                  if (root, c, project.rel(p)) not in _blobs]
        for (c, p), data in zip(wanted, gitrepo.show_many(project, wanted)):
            _blobs[(root, c, project.rel(p))] = data
    texts = [_blobs[(root, commit, project.rel(p))] for p in paths]
    result = None
    if texts[0] is not None:
        try:
            version = Version(texts[0].decode("utf-8"), texts[1] if len(texts) > 1 else None)
            result = (of(project, guide, locale, version), version)
        except (UnicodeDecodeError, ProblemsFound):
            result = None
    if len(_digests) > 20000:
        _digests.clear()
    _digests[key] = result
    return result


def introduced(project: Project, guide: str, locale: str, digest: str,
               head: str | None = None) -> Committed | None:
    """The latest commit that brought guide x locale to `digest` (from a different version, or
    from nothing): when the signed words, as they stand, were committed. None when no commit
    reachable from HEAD has them. Reads history newest first and stops there."""
    head = head or gitrepo.head(project)
    if head is None:
        return None
    paths = {project.rel(p) for p in inputs(project, guide, locale)}
    touching = [(sha, time) for sha, time, files in
                gitrepo.log(project, head, [project.docs_dir, project.locales_dir])
                if files & paths]
    commits = [sha for sha, _ in touching]
    for i, (sha, time) in enumerate(touching):
        here = _committed(project, guide, locale, commits, i)
        if here is None or here[0] != digest:
            continue
        older = _committed(project, guide, locale, commits, i + 1) \
            if i + 1 < len(commits) else None
        if older is None or older[0] != digest:
            return Committed(sha, time, digest, here[1])
    return None
