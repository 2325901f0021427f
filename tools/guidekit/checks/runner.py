"""Every static check `guidekit check` runs, by name; no build needed.

CHECKS maps a name to a function of one `Context` returning problems. A new check is one more
entry (e.g. `CHECKS["review"] = review_check`); `--only NAME,...` picks from the same dict.
The context reads each guide and PO file once and remembers what could not be read, so a
broken file is reported by every check that needed it (duplicates are dropped by `run`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from guidekit import frontmatter
from guidekit.checks import crisisterms, langqa, qa
from guidekit.checks import safemessaging as lint
from guidekit.config import Project
from guidekit.deploy import urls
from guidekit.i18n import catalogs, sitecoverage, translations
from guidekit.problems import Problem, ProblemsFound
from guidekit.progress import SILENT, Progress
from guidekit.review import status as review
from guidekit.safety import distress, helplines


class UnknownCheck(ValueError):
    """A name given to --only that is not in CHECKS (a usage error, exit 2)."""


@dataclass(frozen=True)
class Entry:
    """One non-fuzzy, non-empty translation, located at its PO entry."""
    locale: str
    domain: str              # 'warning-signs', 'teens/x' or 'site'
    path: str                # the PO file as shown in messages
    line: int
    msgid: str
    msgstr: str
    locations: tuple[tuple[str, int], ...] = ()
    comments: tuple[str, ...] = ()   # the translator's comments (suppressions live here)


@dataclass
class Context:
    project: Project
    publish: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    _docs: tuple[dict[str, frontmatter.Document], list[Problem]] | None = None
    _entries: tuple[list[Entry], list[Problem]] | None = None
    _registry: tuple[helplines.Registry | None, list[Problem]] | None = None
    summary: list[str] = field(default_factory=list)  # lines for people, printed to stderr

    def documents(self) -> tuple[dict[str, frontmatter.Document], list[Problem]]:
        """guide path ('teens/x.md') -> Document, and the problems of guides that do not parse."""
        if self._docs is None:
            docs, problems = {}, []
            for guide in self.project.guides():
                path = self.project.docs_dir / guide
                try:
                    docs[guide] = frontmatter.read(path, self.project.rel(path))
                except ProblemsFound as exc:
                    problems.extend(exc.problems)
            self._docs = (docs, problems)
        return self._docs

    def registry(self) -> tuple[helplines.Registry | None, list[Problem]]:
        if self._registry is None:
            try:
                self._registry = (helplines.load(self.project), [])
            except ProblemsFound as exc:
                self._registry = (None, list(exc.problems))
        return self._registry

    def po_files(self) -> Iterator[tuple[str, str, Path]]:
        """(locale id, domain, path) of every PO file of every target language, sorted."""
        for locale in self.project.targets:
            folder = self.project.locales_dir / locale.id / "LC_MESSAGES"
            if folder.is_dir():
                for path in sorted(folder.rglob("*.po")):
                    yield locale.id, path.relative_to(folder).as_posix()[:-3], path

    def entries(self) -> tuple[list[Entry], list[Problem]]:
        if self._entries is None:
            entries: list[Entry] = []
            problems: list[Problem] = []
            for locale, domain, path in self.po_files():
                display = self.project.rel(path)
                try:
                    catalog = read_catalog(path, display, locale)
                except ProblemsFound as exc:
                    problems.extend(exc.problems)
                    continue
                for message in catalog:
                    if not message.id or message.fuzzy or not isinstance(message.id, str):
                        continue
                    if not isinstance(message.string, str) or not message.string:
                        continue
                    # lineno is the line of this entry's msgid (a msgctxt entry has its own)
                    entries.append(Entry(locale, domain, display, message.lineno or 1, message.id,
                                         message.string, tuple(message.locations),
                                         tuple(message.user_comments)))
            self._entries = (entries, problems)
        return self._entries


def read_catalog(path: Path, display: str, locale: str | None = None):
    """A Babel Catalog, strictly read."""
    return catalogs.read_po(path, display, locale)


def check_front_matter(ctx: Context) -> list[Problem]:
    return list(ctx.documents()[1])


def check_source_safety(ctx: Context) -> list[Problem]:
    """What the build refuses in a guide: scripts, event handlers, javascript:/data: URLs."""
    return [p for doc in ctx.documents()[0].values() for p in translations.source_problems(doc)]


def check_catalogs(ctx: Context) -> list[Problem]:
    """Templates and catalogues in sync with the guides; every PO/POT file well formed."""
    problems = catalogs.extract(ctx.project, check=True) + catalogs.update(ctx.project, check=True)
    templates = ctx.project.locales_dir / "templates"
    for path in sorted(templates.rglob("*.pot")) if templates.is_dir() else []:
        try:
            catalogs.read_po(path, ctx.project.rel(path))
        except ProblemsFound as exc:
            problems.extend(exc.problems)
    return problems + ctx.entries()[1]


def check_translation_qa(ctx: Context) -> list[Problem]:
    """Markup and safety (qa) and the language-aware mistakes (langqa), at each entry's line;
    a `# translation-qa: allow CODE reason="..."` comment silences a langqa code there."""
    entries, problems = ctx.entries()
    out = list(problems)
    profiles = {locale: langqa.Profile.of([(e.msgid, e.msgstr) for e in entries if e.locale == locale],
                                          langqa.language(locale))
                for locale in {e.locale for e in entries}}
    for e in entries:
        allowed, invalid = langqa.suppressions(e.comments)
        findings = qa.check_message(e.msgid, e.msgstr) + invalid
        findings += [f for f in langqa.check(e.msgid, e.msgstr, e.locale, profiles[e.locale])
                     if f.code not in allowed]
        out += [Problem(e.path, e.line, f.code, f.message, f.hint, f.severity) for f in findings]
    return out


def check_helplines(ctx: Context) -> list[Problem]:
    return helplines.check_registry(ctx.project, ctx.today, publish=ctx.publish)


def check_data_files(ctx: Context) -> list[Problem]:
    """Data files only the build reads: a broken one must fail `check` as it fails the build."""
    distress.load(ctx.project)
    return []


def check_phone_numbers(ctx: Context) -> list[Problem]:
    registry, problems = ctx.registry()
    if registry is None:
        return problems
    docs, out = ctx.documents()
    out = list(out)
    for doc in docs.values():
        out += helplines.check_text_numbers(doc.path, 1, doc.text, registry)
        out += helplines.check_placeholders(doc.path, 1, doc.text, registry)
    entries, po_problems = ctx.entries()
    out += po_problems
    for e in entries:
        out += helplines.check_text_numbers(e.path, e.line, e.msgstr, registry, per_line=False)
        out += helplines.check_placeholders(e.path, e.line, e.msgstr, registry, per_line=False)
    return out


def _inherited_suppressions(ctx: Context, entry: Entry) -> set[str]:
    """Codes suppressed in the English block a msgstr translates."""
    docs, _ = ctx.documents()
    codes: set[str] = set()
    for where, line in entry.locations:
        for doc in docs.values():
            if doc.path == where:
                codes |= lint.suppressed_codes(doc.path, doc.text, int(line))
    return codes


def check_safe_messaging(ctx: Context) -> list[Problem]:
    docs, out = ctx.documents()
    out = list(out)
    for doc in docs.values():
        out += lint.lint_document(doc)
    terms = lint.load_terms(ctx.project)
    entries, po_problems = ctx.entries()
    out += po_problems
    for e in entries:
        out += lint.lint_translation(e.path, e.line, e.locale, e.msgstr, terms,
                                     _inherited_suppressions(ctx, e))
    return out


def check_readability(ctx: Context) -> list[Problem]:
    docs, out = ctx.documents()
    out = list(out)
    for doc in docs.values():
        out += lint.check_readability(doc)
    entries, po_problems = ctx.entries()
    out += po_problems
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for e in entries:
        grouped.setdefault((e.path, e.locale, e.domain), []).append(e.msgstr)
    for (path, locale, domain), texts in sorted(grouped.items()):
        doc = docs.get(domain + ".md")
        if doc is not None:
            out += lint.readability_proxy(path, locale, texts, doc.meta)
    return out


def check_site_strings(ctx: Context) -> list[Problem]:
    """Site strings every page shows: safety text in English is an error in a published language."""
    return sitecoverage.check(ctx.project)


def check_review(ctx: Context) -> list[Problem]:
    # Invalid sign-off records always; under --publish, any sign-off that is not current.
    return review.check_review(ctx.project, ctx.publish, ctx.today)


def check_crisis_terms(ctx: Context) -> list[Problem]:
    """The search intercept's recall and false alarms on the evaluation sets, per language."""
    scores, problems = crisisterms.evaluate(ctx.project)
    ctx.summary.extend(crisisterms.summary(scores))
    return problems + crisisterms.problems_for(scores)


def check_site_url(ctx: Context) -> list[Problem]:
    # Under --publish only: the localhost default would go into canonical URLs and sitemaps.
    return urls.check_site_url(ctx.project, ctx.publish)


Check = Callable[[Context], list[Problem]]

CHECKS: dict[str, Check] = {
    "front-matter": check_front_matter,
    "catalogs": check_catalogs,
    "translation-qa": check_translation_qa,
    "site-strings": check_site_strings,
    "helplines": check_helplines,
    "data-files": check_data_files,
    "phone-numbers": check_phone_numbers,
    "safe-messaging": check_safe_messaging,
    "readability": check_readability,
    "review": check_review,
    "crisis-terms": check_crisis_terms,
    "site-url": check_site_url,
    "source-safety": check_source_safety,
}


def run(project: Project, only: set[str] | None = None, publish: bool = False,
        today: dt.date | None = None, summary: list[str] | None = None,
        progress: Progress = SILENT) -> list[Problem]:
    """Run the named checks (all by default) in CHECKS order; problems sorted, without duplicates.
    Lines meant for people (e.g. crisis-terms recall per language) are added to `summary`."""
    unknown = sorted(set(only or ()) - set(CHECKS))
    if unknown:
        raise UnknownCheck(f"unknown check(s): {', '.join(unknown)}; choose from: {', '.join(CHECKS)}")
    ctx = Context(project, publish, today or dt.date.today())
    problems: set[Problem] = set()
    chosen = {name: check for name, check in CHECKS.items() if not only or name in only}
    progress.start(len(chosen), "checks")
    for name, check in chosen.items():
        progress.advance(name)
        try:
            problems.update(check(ctx))
        except ProblemsFound as exc:
            problems.update(exc.problems)
    if summary is not None:
        summary.extend(ctx.summary)
    return sorted(problems)
