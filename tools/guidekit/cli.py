"""The `guidekit` command line. Only this module and plugin.py/build.py know click or MkDocs.

Conventions for every command: works on the project in the current directory or on the
mkdocs.yml given with -f; exit 0 clean, 1 problems, 2 usage error; problems on stdout as
`path:line: code: message`; progress on stderr.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import time
from pathlib import Path
from typing import Self

import click

from guidekit import config as projectmod
from guidekit.problems import Problem, ProblemsFound, UsageProblem, report

_PROBLEM_LINE = re.compile(r"(?:^|(?<=\s))([^\s:'][^\s:]*:\d+: (?:warning: )?[a-z0-9]+(?:-[a-z0-9]+)*: .*)")


class Progress:
    """A progress bar on stderr when it is a terminal; otherwise one summary line at the end.

    Used as `with Progress("updating") as progress: work(..., progress=progress)`.
    """

    def __init__(self, verb: str, stream=None):
        self.verb = verb
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.bar = None
        self.total = self.done = 0
        self.what = "items"
        self.started = 0.0
        self.detail = ""  # added to the summary line in brackets

    def __enter__(self) -> Self:
        self.started = time.perf_counter()
        return self

    def start(self, total: int, what: str) -> None:
        self._close()
        self.total, self.done, self.what = total, 0, what
        if self.tty:
            self.bar = click.progressbar(length=total, label=what, file=self.stream,
                                         show_pos=True, item_show_func=lambda item: item)
            self.bar.__enter__()

    def advance(self, item: str = "") -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1, item)

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __exit__(self, *exc) -> None:
        self._close()
        seconds = time.perf_counter() - self.started
        detail = f" ({self.detail})" if self.detail else ""
        click.echo(f"{self.verb} {self.total} {self.what} in {seconds:.1f}s{detail}", file=self.stream)


def _load(ctx: click.Context) -> projectmod.Project:
    # The config schema is MkDocs typed config: the generator is chosen before MkDocs loads.
    _activate_generator()
    return projectmod.load(ctx.obj.get("config_file"))


def handles_problems(func):
    """Turn ProblemsFound into printed problems and exit 1 (2 for a usage problem: no project,
    an unknown --locale), never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ProblemsFound as exc:
            report(exc.problems)
            sys.exit(2 if isinstance(exc, UsageProblem) else 1)

    return wrapper


def _site_dir(proj: projectmod.Project, given: str | None, writing: bool = True) -> Path:
    """--site-dir is relative to the current directory, as for any command; without it, the
    site_dir of mkdocs.yml, relative to the project. Absolute either way: the per-language
    MkDocs builds would read a relative path against mkdocs.yml's folder instead.
    writing: refuse a folder over the sources (a build empties its site folder) before
    anything is written: UsageProblem for --site-dir, a problem at site_dir's line otherwise."""
    if not writing:
        target = Path(given) if given else proj.root / str(proj.config.get("site_dir", "site"))
        return target.absolute()
    return proj.site_dir(given or None).absolute()


def _activate_generator() -> None:
    """MkDocs or ProperDocs (GUIDEKIT_GENERATOR), chosen before either is imported."""
    from guidekit.site import generator

    try:
        generator.activate()
    except generator.UnknownGenerator as exc:
        raise click.UsageError(str(exc)) from None


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
@click.option("--publish", is_flag=True,
              help="Publish only signed, current pages (see 'unreviewed' in mkdocs.yml); fail on "
                   "any forged or broken sign-off.")
@click.pass_context
@handles_problems
def build(ctx, locales, site_dir, jobs, publish):
    """Build every language (one MkDocs build each, in parallel) and the language chooser."""
    from guidekit.site.build import build_site, preflight

    _activate_generator()
    proj = _load(ctx)
    ids = [proj.locale(x).id for x in locales] or [loc.id for loc in proj.locales]
    target = _site_dir(proj, site_dir)
    extra_env = {}
    broken = preflight(proj)
    if broken:  # before the builds empty any site folder
        finish(broken)
    if publish:
        # Publishing shows readers only signed, current pages, and needs helplines a person
        # has verified and a real site_url; a forged or broken sign-off stops it before
        # anything is built.
        from guidekit.deploy import urls
        from guidekit.i18n import sitecoverage
        from guidekit.review import publish as publishing
        from guidekit.safety import helplines

        plan = publishing.plan(proj, ids)
        blocking = [p for p in [*plan.errors, *helplines.check_registry(proj, publish=True),
                                *urls.check_site_url(proj, publish=True),
                                *sitecoverage.check(proj, ids, publish=True)] if p.is_error]
        if blocking:
            finish(blocking)
        report(plan.notes)
        click.echo(f"publishing: {len(plan.withheld)} guide(s) withheld, "
                   f"{sum(len(v) for v in plan.english.values())} translation(s) shown in "
                   f"{proj.source_locale} until signed ({plan.mode})", err=True)
        extra_env[publishing.ENV] = plan.to_json()
    try:
        with Progress(f"built into {target}:") as progress:
            results = build_site(proj, ids, target, extra_env=extra_env, jobs=jobs,
                                 progress=progress)
            progress.detail = ", ".join(f"{r.locale} {r.seconds:.1f}s{'' if r.ok else ' FAILED'}"
                                        for r in results)
    except OSError as exc:
        raise ProblemsFound([Problem(str(target), 1, "site-dir-unwritable",
                                     f"cannot write the site: {exc.strerror or exc}",
                                     "choose a folder you can write to")]) from None
    failed = [r for r in results if not r.ok]
    for r in results:
        _log_site_fallbacks(proj, r.locale)
    for r in failed:
        # A plugin error carries path:line problems already: print those as they are.
        lines = list(dict.fromkeys(m.group(1) for x in r.error.splitlines()
                                   if (m := _PROBLEM_LINE.search(x))))
        # Anything else (MkDocs' own config errors span several lines) is one problem line.
        details = "; ".join(dict.fromkeys(x.strip() for x in r.error.splitlines()
                                          if x.strip() and not x.startswith("Aborted with")))
        setting = re.search(r"Config value '([\w-]+)", r.error)
        line = proj.config_line(setting.group(1)) if setting else 1
        fallback = (f"{proj.rel(proj.config_file)}:{line}: build-failed: {r.locale}: "
                    f"{details or r.error.strip() or 'the build failed'}; see the MkDocs documentation "
                    "of the setting named")
        for line in lines or [fallback]:
            click.echo(line)
    if failed:
        sys.exit(1)


def _check_dev_addr(ctx, param, value: str) -> str:
    """host:port, as MkDocs wants it; a bad one is a usage error (exit 2), not a failed build."""
    import ipaddress

    host, _, port = value.rpartition(":")
    try:
        ipaddress.ip_address(host.strip("[]"))
        ok = port.isdigit() and 0 < int(port) < 65536
    except ValueError:
        ok = host == "localhost" and port.isdigit() and 0 < int(port) < 65536
    if not ok:
        raise click.BadParameter(f"{value!r} is not an IP address and port such as 127.0.0.1:8000")
    return value


def _log_site_fallbacks(proj, locale_id: str) -> None:
    """Name each site string a language's pages show in English, at its site.po line."""
    from guidekit.i18n import sitecoverage
    from guidekit.problems import ProblemsFound

    if locale_id == proj.source_locale:
        return
    try:
        found = sitecoverage.fallbacks(proj, locale_id)
    except ProblemsFound:
        return  # the build itself reports a broken site.po
    for f in found:
        kind = "safety string" if f.safety else "site string"
        click.echo(f"    {f.path}:{f.line}: {kind} shown in English ({f.state}): {f.msgid[:70]!r}",
                   err=True)


@main.command()
@click.option("-l", "--locale", default=None, help="Language to preview (default: the source).")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, callback=_check_dev_addr)
@click.option("--full", is_flag=True,
              help="Rebuild every page on each change (default: only pages whose guide, catalogue "
                   "or site-wide data changed; the search index then covers only those pages).")
@click.pass_context
@handles_problems
def serve(ctx, locale, dev_addr, full):
    """Preview one language with live reload on changes to guides/ and locales/."""
    _activate_generator()
    from mkdocs.commands.serve import serve as mkdocs_serve

    proj = _load(ctx)
    loc = proj.locale(locale) if locale else proj.source
    os.environ[projectmod.LOCALE_ENV] = loc.id
    click.echo(f"serving {loc.id} at http://{dev_addr}/", err=True)
    # MkDocs mounts the preview at site_url's path, read before plugins run: give it the
    # language's own URL so the preview lives at /<url>/ as in the built site.
    base = os.environ.get("GUIDEKIT_SITE_URL") or proj.config.get("site_url") or f"http://{dev_addr}/"
    site_url = str(base).rstrip("/") + f"/{loc.url}/"
    from mkdocs.exceptions import Abort

    try:
        mkdocs_serve(config_file=str(proj.config_file), dev_addr=dev_addr, livereload=True,
                     build_type=None if full else "dirty", site_url=site_url,
                     # MkDocs warns on every dirty build; strict mode would turn that into a failure.
                     **({} if full else {"strict": False}))
    except Abort as exc:  # MkDocs logged why (a bad --dev-addr, a broken page): one problem line
        raise ProblemsFound([Problem(proj.rel(proj.config_file), 1, "serve-failed", str(exc).strip(),
                                     "see the messages above")]) from None


@main.command()
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None)
@click.pass_context
@handles_problems
def root(ctx, site_dir):
    """Write only the site root (language chooser, 404): to assemble languages built apart."""
    from guidekit.site import root as chooser

    proj = _load(ctx)
    target = _site_dir(proj, site_dir)
    try:
        chooser.write_root(proj, target)
    except OSError as exc:
        raise ProblemsFound([Problem(str(target), 1, "site-dir-unwritable",
                                     f"cannot write the site root: {exc.strerror or exc}",
                                     "choose a folder you can write to")]) from None
    click.echo(f"wrote {target / 'index.html'} and {target / '404.html'}", err=True)


# ---------------------------------------------------------------- review (clinical sign-off)

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value):
    return value.date() if value is not None else None


@main.group()
@click.pass_context
def review(ctx):
    """Clinical sign-off: bound to the exact words per language, signed, expiring."""


@review.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
@click.option("--today", type=_DATE, default=None, hidden=True)
@click.pass_context
@handles_problems
def review_status(ctx, fmt, today):
    """Every guide x language: current, changed, expired, unsigned or invalid."""
    import json

    from guidekit.review import status as reviewmod

    proj = _load(ctx)
    rows = reviewmod.status(proj, _day(today))
    problems = reviewmod.record_problems(proj, rows)
    if fmt == "json":
        click.echo(json.dumps([r.as_json() for r in rows], indent=2, ensure_ascii=False))
        errors = report(problems, sys.stderr)  # stdout stays valid JSON
        sys.exit(1 if errors else 0)
    table = [(proj.rel(reviewmod.guide_path(proj, r.guide)), r.locale, r.state, r.reviewer or "-",
              str(r.date or "-"), str(r.next_due or "-")) for r in rows]
    head = ("guide", "locale", "state", "reviewer", "date", "next_due")
    if fmt == "markdown":
        click.echo("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
        for row in table:
            click.echo("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(x[i]) for x in [head, *table]) for i in range(len(head))]
        for row in [head, *table]:
            click.echo("  ".join(x.ljust(w) for x, w in zip(row, widths)).rstrip())
    finish(problems)


@review.command("sign")
@click.argument("guides", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Sign every guide.")
@click.option("--reviewer", "reviewer_id", required=True, help="Your id in reviewers.yml.")
@click.option("-l", "--locale", "locales", multiple=True,
              help="Language you reviewed (repeatable; default: the source).")
@click.option("--key", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Your SSH private key, or its .pub file when the key is in ssh-agent; the public key is in reviewers.yml.")
@click.option("--date", type=_DATE, default=None,
              help="Day of the review, YYYY-MM-DD (default: today; never a future day, never "
                   "before the words were committed).")
@click.option("--today", type=_DATE, default=None, hidden=True)
@click.pass_context
@handles_problems
def review_sign(ctx, guides, every, reviewer_id, locales, key, date, today):
    """Sign off GUIDES (committed, in every --locale given): all of them or none."""
    from guidekit.review import sign as signoff
    from guidekit.review import status as reviewmod

    proj = _load(ctx)
    if not guides and not every:
        raise click.UsageError("name the guide(s) to sign, or --all")
    names = proj.guides() if every else [reviewmod.resolve_guide(proj, g) for g in guides]
    ids = [proj.locale(x).id for x in locales] or [proj.source_locale]
    if key is None:  # checked after the languages, so a wrong --locale is named first
        raise click.UsageError("Missing option '--key': a sign-off counts only when it is "
                               "signed with your key")
    signed, problems = signoff.sign(proj, [(g, lid) for g in names for lid in ids], reviewer_id,
                                    Path(key), _day(date), _day(today))
    for record, commit in signed:
        click.echo(f"{record.path}:{record.line}: {record.locale} of {record.guide} signed off by "
                   f"{record.reviewer} on {record.date}: the words of commit {commit[:12]} "
                   f"({record.digest[:19]}…)", err=True)
    if signed:
        click.echo(f"{len(signed)} sign-off(s) written; commit them: git add "
                   f"{proj.rel(proj.root / 'reviews')} && git commit -m 'review: sign ...'",
                   err=True)
    finish(problems)


@review.command("verify")
@click.option("--allowed-signers-from", "ref", default=None, metavar="REF",
              help="Trust reviewers.yml as it is at this git ref (CI: the base branch).")
@click.option("--require-signatures", is_flag=True, hidden=True,
              help="Kept for old scripts: every sign-off must be signed anyway.")
@click.option("--today", type=_DATE, default=None, hidden=True)
@click.pass_context
@handles_problems
def review_verify(ctx, ref, require_signatures, today):
    """Check every sign-off: signed, by a registered key valid when the words were committed."""
    from guidekit.review import registry as reviewers
    from guidekit.review import report as reviewreport
    from guidekit.review import status as reviewmod

    proj = _load(ctx)
    registry = reviewreport.registry_at(proj, ref) if ref else reviewers.load(proj)
    count, problems = reviewmod.verify(proj, registry, _day(today))
    click.echo(f"{count} signature(s) verified against {registry.path}", err=True)
    finish(problems)


@review.command("diff")
@click.argument("guide")
@click.option("-l", "--locale", default=None, help="Language of the sign-off (default: source).")
@click.pass_context
@handles_problems
def review_diff(ctx, guide, locale):
    """What readers of GUIDE see now, compared with what was signed (found in git history)."""
    from guidekit.review import diff as reviewdiff
    from guidekit.review import status as reviewmod

    proj = _load(ctx)
    text, problems = reviewdiff.diff(proj, reviewmod.resolve_guide(proj, guide), locale)
    if text:
        click.echo(text, nl=False)
    finish(problems)


@review.command("report")
@click.option("--base", default="origin/main", show_default=True,
              help="Compare HEAD with this git ref (the pull request's base).")
@click.option("--today", type=_DATE, default=None, hidden=True)
@click.pass_context
@handles_problems
def review_report(ctx, base, today):
    """Markdown for the pull-request comment: sign-offs, diffs since them, who may sign."""
    from guidekit.review import report as reviewreport

    click.echo(reviewreport.report(_load(ctx), base, _day(today)), nl=False)


@review.command("codeowners")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the file is out of date.")
@click.pass_context
@handles_problems
def review_codeowners(ctx, check):
    """Write .github/CODEOWNERS from reviewers.yml (GitHub asks the right clinicians)."""
    from guidekit.review import codeowners

    finish(codeowners.write(_load(ctx), check=check))


@main.command()
@click.option("--external", is_flag=True, help="Also check external http(s) links (with linkchecker).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None,
              help="The built site (default: site_dir of mkdocs.yml).")
@click.option("--timeout", type=float, default=10, show_default=True,
              help="Seconds to wait for each external link.")
@click.pass_context
@handles_problems
def linkcheck(ctx, external, site_dir, timeout):
    """Check every link and #anchor of the built site, each reported against its guide or PO line."""
    from guidekit.linkcheck.internal import check_site

    proj = _load(ctx)
    target = _site_dir(proj, site_dir, writing=False)
    with Progress(f"checked {target}:") as progress:
        problems = check_site(proj, target, external=external, timeout=timeout, progress=progress)
    finish(problems)


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a template is out of date.")
@click.pass_context
@handles_problems
def extract(ctx, check):
    """Write the translation templates locales/templates/<guide>.pot and site.pot."""
    from guidekit.i18n import catalogs

    proj = _load(ctx)
    with Progress("checked" if check else "extracted") as progress:
        problems = catalogs.extract(proj, check=check, progress=progress)
    finish(problems)


@main.command()
@click.option("-l", "--locale", "locales", multiple=True, help="Update only this language (repeatable).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a catalogue is out of date.")
@click.pass_context
@handles_problems
def update(ctx, locales, check):
    """Create or update locales/<L>/LC_MESSAGES/<guide>.po from the templates."""
    from guidekit.i18n import catalogs

    proj = _load(ctx)
    ids = [proj.locale(x).id for x in locales]
    if proj.source_locale in ids:  # its text is the guides themselves: a catalogue would be unused
        raise UsageProblem([Problem(proj.rel(proj.config_file), 1, "source-locale",
                                    f"{proj.source_locale} is the source language: it has no catalogues",
                                    "name a language to translate into, or none for all")])
    with Progress("checked" if check else "updated") as progress:
        problems = catalogs.update(proj, list(locales) or None, check=check, progress=progress)
    finish(problems)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@handles_problems
def stats(ctx, fmt):
    """Translated, fuzzy and untranslated messages per language and guide."""
    import json

    from guidekit.i18n import catalogs

    proj = _load(ctx)
    with Progress("read") as progress:
        table = catalogs.stats(proj, progress=progress)
    if fmt == "json":
        click.echo(json.dumps(table, indent=2, ensure_ascii=False, sort_keys=True))
        return
    rows = [("locale", "guide", "total", "translated", "fuzzy", "untranslated")]
    for locale, guides in table.items():
        for guide, c in guides.items():
            rows.append((locale, guide, str(c["total"]), str(c["translated"]), str(c["fuzzy"]),
                         str(c["untranslated"])))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [row[i].ljust(widths[i]) if i < 2 else row[i].rjust(widths[i]) for i in range(len(row))]
        click.echo("  ".join(cells).rstrip())


@main.command()
@click.option("--only", default=None, metavar="NAME,...",
              help="Run only these checks (comma-separated; an unknown name lists the choices).")
@click.option("--publish", is_flag=True, help="Release gate: unverified helplines are errors.")
@click.pass_context
@handles_problems
def check(ctx, only, publish):
    """Run every static check: catalogues, translation QA, helplines, safe messaging, readability,
    and the search intercept's recall and false alarms per language (crisis-terms)."""
    from guidekit.checks import runner as checks

    proj = _load(ctx)
    names = {n.strip() for n in only.split(",") if n.strip()} if only else None
    summary: list[str] = []
    try:
        with Progress("ran") as progress:
            problems = checks.run(proj, names, publish=publish, summary=summary, progress=progress)
    except checks.UnknownCheck as exc:
        raise click.UsageError(str(exc)) from None
    for line in summary:
        click.echo(line, err=True)
    finish(problems)


if __name__ == "__main__":  # pragma: no cover
    main()
