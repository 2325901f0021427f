"""Run one ordinary MkDocs build per language, in parallel processes, then the site root.

With plugin.py, the only module that touches MkDocs: everything else stays MkDocs-free so a
later move to another engine only replaces these two.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from guidekit.config import LOCALE_ENV, Project
from guidekit.problems import Problem, ProblemsFound
from guidekit.progress import SILENT, Progress
from guidekit.site import generator, templatecache
from guidekit.site import root as chooser


@dataclass(frozen=True)
class LocaleResult:
    locale: str
    ok: bool
    seconds: float
    error: str = ""


def _build_one(config_file: str, locale_id: str, site_dir: str, extra_env: dict[str, str]) -> LocaleResult:
    from jinja2 import TemplateError
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    os.environ[LOCALE_ENV] = locale_id
    os.environ.update(extra_env)
    started = time.perf_counter()
    _quiet_logging()
    # MkDocs logs a plugin's error and then aborts with a generic message: keep what it logged,
    # so the caller can print the path:line problems behind "Aborted with a BuildError!".
    errors = _Collect()
    logging.getLogger("mkdocs").addHandler(errors)
    try:
        config = load_config(config_file=config_file, site_dir=site_dir)
        build(config)
    except (Abort, ConfigurationError, PluginError) as exc:
        return LocaleResult(locale_id, False, time.perf_counter() - started,
                            "\n".join([str(exc), *errors.messages]))
    except TemplateError as exc:  # before OSError: TemplateNotFound is an IOError too
        return LocaleResult(locale_id, False, time.perf_counter() - started,
                            f"{Path(config_file).name}:1: theme-template: a theme template failed: "
                            f"{type(exc).__name__}: {_short(getattr(exc, 'name', None) or str(exc))}; check theme.custom_dir "
                            "and the page's front matter (template, icon)")
    except OSError as exc:  # a site folder that cannot be written: a problem, not a traceback
        return LocaleResult(locale_id, False, time.perf_counter() - started,
                            f"{exc.filename or site_dir}:1: site-dir-unwritable: cannot write the "
                            f"site: {exc.strerror or exc}; choose a folder you can write to")
    finally:
        logging.getLogger("mkdocs").removeHandler(errors)
    return LocaleResult(locale_id, True, time.perf_counter() - started)


def _short(text: str, size: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _quiet_logging() -> None:
    # Children log warnings and errors only, each line tagged with its language.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"[{os.environ[LOCALE_ENV]}] %(levelname)s %(message)s"))
    for name in ("mkdocs", "guidekit"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False


def _warm_caches(project: Project) -> None:
    """Read every catalogue and sign-off once, before forking: each language's build needs all of
    them for the status pages, and forked children inherit the parent's caches."""
    from guidekit.i18n import catalogs
    from guidekit.review import status as review

    try:
        catalogs.stats(project)
        review.status(project)
    except ProblemsFound:
        pass  # the build of the language concerned reports it, with its path and line


def preflight(project: Project) -> list[Problem]:
    """Every input a build reads, read once before anything is written: the guides (front
    matter, nesting, helpline ids) and the data files. MkDocs stops at the first broken page
    after emptying the site folder; this reports them all, with their lines, first."""
    from guidekit import frontmatter
    from guidekit.safety import distress, helplines

    problems: list[Problem] = []
    registry: helplines.Registry | None = None
    try:
        registry = helplines.load(project)
    except ProblemsFound as exc:
        problems += exc.problems
    try:
        distress.load(project)
    except ProblemsFound as exc:
        problems += exc.problems
    try:
        guides = project.guides()
    except ProblemsFound as exc:
        return problems + list(exc.problems)
    for guide in guides:
        path = project.docs_dir / guide
        try:
            doc = frontmatter.read(path, project.rel(path))
        except ProblemsFound as exc:
            problems += exc.problems
            continue
        if registry is not None:
            problems += helplines.check_placeholders(doc.path, 1, doc.text, registry)
    return [p for p in problems if p.is_error]


def build_site(project: Project, locale_ids: list[str], site_dir: Path,
               extra_env: dict[str, str] | None = None, jobs: int | None = None,
               progress: Progress = SILENT) -> list[LocaleResult]:
    generator.activate()  # before MkDocs is imported here or in the forked builds
    site_dir.mkdir(parents=True, exist_ok=True)
    locales = [project.locale(lid) for lid in locale_ids]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(locales)))
    with tempfile.TemporaryDirectory(prefix="guidekit-templates-") as compiled:
        env = {**(extra_env or {}), templatecache.TEMPLATE_CACHE_ENV: compiled}
        results = _build_all(project, locales, site_dir, env, jobs, progress)
    chooser.write_root(project, site_dir)
    return results


def _build_all(project: Project, locales: list, site_dir: Path, env: dict[str, str], jobs: int,
               progress: Progress) -> list[LocaleResult]:
    args = [(str(project.config_file), loc.id, str(site_dir / loc.url), env) for loc in locales]
    progress.start(len(args), "languages")
    if jobs == 1:
        results = []
        for a in args:
            progress.advance(a[1])
            results.append(_build_one(*a))
    else:
        _warm_caches(project)
        # fork: children inherit the imported modules, which saves the MkDocs start-up per language
        ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = [pool.submit(_build_one, *a) for a in args]
            for future in as_completed(futures):
                progress.advance(future.result().locale)
            results = [f.result() for f in futures]
    return results
