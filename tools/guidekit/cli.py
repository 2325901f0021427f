"""The `guidekit` command line. Only this module and plugin.py/build.py know click or MkDocs.

Conventions for every command: works on the project in the current directory or on the
mkdocs.yml given with -f; exit 0 clean, 1 problems, 2 usage error; problems on stdout as
`path:line: code: message`; progress on stderr.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from . import project as projectmod
from .problems import Problem, ProblemsFound, report


def _load(ctx: click.Context) -> projectmod.Project:
    return projectmod.load(ctx.obj.get("config_file"))


def handles_problems(func):
    """Turn ProblemsFound into printed problems and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ProblemsFound as exc:
            report(exc.problems)
            sys.exit(1)

    return wrapper


def finish(problems: list[Problem]) -> None:
    """Print problems and exit 1 when any is an error."""
    errors = report(problems)
    warnings = sum(1 for p in set(problems) if not p.is_error)
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    sys.exit(1 if errors else 0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--config-file", type=click.Path(dir_okay=False), default=None,
              help="mkdocs.yml of the project (default: found in the current directory or above).")
@click.version_option(package_name="guidekit")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """Build and check multilingual, clinically reviewed guides."""
    ctx.ensure_object(dict)
    ctx.obj["config_file"] = config_file


@main.command()
@click.option("-l", "--locale", "locales", multiple=True, help="Build only this language (repeatable).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None,
              help="Where to write the site (default: site_dir of mkdocs.yml).")
@click.option("-j", "--jobs", type=int, default=None, help="Languages built at once (default: CPU count).")
@click.option("--publish", is_flag=True, help="Fail on any guide whose sign-off is not current.")
@click.pass_context
@handles_problems
def build(ctx, locales, site_dir, jobs, publish):
    """Build every language (one MkDocs build each, in parallel) and the language chooser."""
    from .build import build_site

    proj = _load(ctx)
    ids = [proj.locale(x).id for x in locales] or [loc.id for loc in proj.locales]
    target = Path(site_dir) if site_dir else proj.root / str(proj.config.get("site_dir", "site"))
    env = {"GUIDEKIT_PUBLISH": "1"} if publish else {}
    click.echo(f"building {', '.join(ids)} into {target}", err=True)
    results = build_site(proj, ids, target, extra_env=env, jobs=jobs)
    failed = [r for r in results if not r.ok]
    for r in results:
        state = "ok" if r.ok else "FAILED"
        click.echo(f"  {r.locale}: {state} in {r.seconds:.1f}s", err=True)
    for r in failed:
        click.echo(f"{proj.rel(proj.config_file)}:1: build-failed: {r.locale}: {r.error}")
    if failed:
        sys.exit(1)
    click.echo(f"open {target / 'index.html'}", err=True)


@main.command()
@click.option("-l", "--locale", default=None, help="Language to preview (default: the source).")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@click.pass_context
@handles_problems
def serve(ctx, locale, dev_addr):
    """Preview one language with live reload on changes to guides/ and locales/."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    proj = _load(ctx)
    loc = proj.locale(locale) if locale else proj.source
    os.environ[projectmod.LOCALE_ENV] = loc.id
    click.echo(f"serving {loc.id} at http://{dev_addr}/", err=True)
    # MkDocs mounts the preview at site_url's path, read before plugins run: give it the
    # language's own URL so the preview lives at /<url>/ as in the built site.
    base = os.environ.get("GUIDEKIT_SITE_URL") or proj.config.get("site_url") or f"http://{dev_addr}/"
    site_url = str(base).rstrip("/") + f"/{loc.url}/"
    mkdocs_serve(config_file=str(proj.config_file), dev_addr=dev_addr, livereload=True,
                 site_url=site_url)


@main.command()
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None)
@click.pass_context
@handles_problems
def root(ctx, site_dir):
    """Write only the site root (language chooser, 404): to assemble languages built apart."""
    from . import chooser

    proj = _load(ctx)
    target = Path(site_dir) if site_dir else proj.root / str(proj.config.get("site_dir", "site"))
    target.mkdir(parents=True, exist_ok=True)
    chooser.write_root(proj, target)
    click.echo(f"wrote {target / 'index.html'} and {target / '404.html'}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
