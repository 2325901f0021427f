"""What a reader of one language gets for one guide: its Markdown, translated or with a notice.

Called by the plugin for every page; MkDocs-free so it can be tested and benchmarked alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from guidekit import frontmatter
from guidekit.config import Locale, Project
from guidekit.i18n import catalogs, policy, segments, translations
from guidekit.i18n.dates import format_day
from guidekit.i18n.sitestrings import SiteStrings
from guidekit.problems import ProblemsFound
from guidekit.review import status as review
from guidekit.safety import helplines
from guidekit.site import statuspages
from guidekit.site.lastupdated import LastUpdated

log = translations.log

# Front-matter values Material's templates print raw: in element text (title, subtitle,
# revision dates), in attributes (description, author) or in a class name (status).
TEXT_META_KEYS = ("title", "description", "subtitle", "author", "status", "location",
                  "revision_date", "git_revision_date_localized", "git_creation_date_localized")


@dataclass
class PageData:
    """What the toolkit prints around one page. Held by the plugin, keyed by the page's source
    path, never in page meta: front matter cannot set any of it."""
    banner: str = ""
    notice: str = ""
    review: tuple[str, ...] = ()      # "Reviewed by ... · Next review due ..."
    fallback_lang: str = ""           # html lang of the source text shown instead of a translation
    updated: str = ""                 # "Last updated <date>", from git
    help_inline: bool = False         # the page places its own help panel (no footer repeat)
    print_html: str = ""              # the print-only block, built and escaped by printing.py

    @property
    def help_target(self) -> str:
        """Where every "Get help now" link leads without JavaScript: the page's one help panel."""
        from guidekit.site.reader import FOOTER_PANEL_ID, INLINE_PANEL_ID

        return INLINE_PANEL_ID if self.help_inline else FOOTER_PANEL_ID


class PageTranslator:
    def __init__(self, project: Project, locale: Locale, today: dt.date | None = None):
        self.project = project
        self.locale = locale
        self.today = today or dt.date.today()
        self.strings = SiteStrings(project, locale.id)
        self.registry = helplines.load(project)
        self.page_data: dict[str, PageData] = {}
        # Guides whose translation a publishing build must not show (not signed): their
        # readers get the signed source page, as when a translation is being updated.
        self.source_only: set[str] = set()
        self._updated: LastUpdated | None = None

    @property
    def updated(self) -> LastUpdated:
        if self._updated is None:  # one `git log` per build, on the first page that asks
            self._updated = LastUpdated(self.project.root,
                                        [self.project.docs_dir, self.project.locales_dir])
        return self._updated

    @property
    def is_source(self) -> bool:
        return self.locale.id == self.project.source_locale

    def status_pages(self) -> dict[str, str]:
        """Generated pages for contributors: {src_uri: markdown}, in this build's language."""
        from guidekit.review import registry as reviewers

        names = {loc.id: loc.name for loc in self.project.locales}
        people = reviewers.load(self.project)
        rows = []
        for st in review.status(self.project, self.today):
            row = st.as_json()
            who = people.get(st.reviewer) if st.reviewer else None
            row["reviewer"] = who.name if who else st.reviewer
            rows.append(row)
        titles = self.guide_titles()
        day = lambda iso: format_day(dt.date.fromisoformat(iso), self.locale.id)
        return {
            statuspages.TRANSLATION_PAGE: statuspages.translation_markdown(
                self.strings, catalogs.stats(self.project), names, titles),
            statuspages.REVIEW_PAGE: statuspages.review_markdown(
                self.strings, rows, names, titles, day),
        }

    def guide_titles(self) -> dict[str, str]:
        """{guide: its title as readers of this language see it} (source title as fallback)."""
        titles = {}
        for guide in self.project.guides():
            path = self.project.docs_dir / guide
            title = frontmatter.read(path, self.project.rel(path)).meta.get("title")
            if not isinstance(title, str):
                titles[guide] = guide
                continue
            if not self.is_source:
                title = translations.gate(
                    catalogs.translations(self.project, self.locale.id, guide))(title)
            titles[guide] = title
        return titles

    def page_markdown(self, markdown: str, src_uri: str, meta: dict[str, Any]) -> str:
        """The page's Markdown for this language; `meta` is updated in place (translated title
        and description, reserved keys dropped) and the toolkit's data goes to `page_data`."""
        display = self.project.rel(self.project.docs_dir / src_uri)
        for key in frontmatter.reserved_keys(meta):
            del meta[key]
            log.warning(f"{display}: reserved-front-matter-key: '{key}' is ignored")
        data = self.page_data[src_uri] = PageData()
        if src_uri in (statuspages.TRANSLATION_PAGE, statuspages.REVIEW_PAGE):
            return markdown
        source = self.project.docs_dir / src_uri
        if source.is_file():  # not a page another plugin generated
            doc = frontmatter.read(source, display)
            # Scripts and dangerous URLs a writer typed, and unknown helpline ids: reported at
            # their line in the guide (the body MkDocs hands us has lost the front matter).
            problems = (translations.source_problems(doc)
                        + helplines.check_placeholders(display, 1, doc.text, self.registry))
            if problems:
                raise ProblemsFound(problems)
        notice = None
        served = self.locale.id
        if not self.is_source:
            tr = catalogs.translations(self.project, self.locale.id, src_uri)
            decision = policy.decide(self.locale.publish, policy.Counts(**tr.counts()))
            if decision.translated and src_uri in self.source_only:
                decision = policy.Decision(False, policy.UPDATING)
            notice = decision.notice
            if decision.translated:
                markdown = self._translate(markdown, src_uri, display, tr)
                gate = translations.gate(tr)
                for key in ("title", "description"):
                    if isinstance(meta.get(key), str):
                        meta[key] = gate(meta[key])
            else:
                served = self.project.source_locale
                data.fallback_lang = self.project.source.html_lang
        self._review(src_uri, served, data)
        self._last_updated(src_uri, served, data)
        markdown = helplines.expand_placeholders(markdown, self.locale.id, self.registry, display)
        if notice:
            # Shown by the template above the content, in the reader's language; the content
            # below it then carries the source language's `lang` when it is the source page.
            data.notice = self.strings(notice, language=self.locale.name)
        return markdown

    def _translate(self, markdown: str, src_uri: str, display: str, tr: catalogs.Translations) -> str:
        doc = frontmatter.read(self.project.docs_dir / src_uri, display)
        lookup = self._safe_lookup(tr)
        # The same Document the catalogue was extracted from: its parse is cached, not redone.
        # MkDocs drops the blank lines after the front matter; anything else means another
        # plugin changed the text first, so translate what we were given.
        if doc.body.lstrip("\n") == markdown:
            return segments.translate_body(doc, lookup)
        return segments.translate_text(markdown, lookup)

    def _safe_lookup(self, tr: catalogs.Translations):
        gate = translations.gate(tr)

        def lookup(seg: segments.Segment) -> str | None:
            return gate.get(seg.msgid)

        return lookup

    def _last_updated(self, guide: str, served: str, data: PageData) -> None:
        """"Last updated <date>": the newest commit touching the guide or, when the page is
        translated, this language's catalogue for it. Nothing outside git."""
        files = [self.project.docs_dir / guide]
        if served != self.project.source_locale:
            files.append(self.project.po_path(served, guide))
        day = self.updated.page(*files)
        if day:
            data.updated = self.strings("Last updated {date}", date=format_day(day, self.locale.id))

    def _review(self, guide: str, served: str, data: PageData) -> None:
        """The footer's review line, or the draft banner: never a sign-off that is not current."""
        state = review.page_review(self.project, guide, served, self.today)
        reviewed, due = review.format_review_line(state, self.locale.id, strings=self.strings)
        if reviewed:
            data.review = (" · ".join(line for line in (reviewed, due) if line),)
            return
        source_current = served != self.project.source_locale and review.page_review(
            self.project, guide, self.project.source_locale, self.today).state == "current"
        # Plain words; the template links them to the About page's "How review works".
        data.banner = self.strings(
            "Draft: a health professional has not yet checked this translation."
            if source_current else "Draft: a health professional has not yet checked this guide.")
