"""What a reader of one language gets for one guide: its Markdown, translated or with a notice.

Called by the plugin for every page; MkDocs-free so it can be tested and benchmarked alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from guidekit import frontmatter
from guidekit.checks import qa
from guidekit.config import Locale, Project
from guidekit.i18n import catalogs, policy, segments
from guidekit.i18n.dates import format_day
from guidekit.i18n.sitestrings import SiteStrings
from guidekit.review import status as review
from guidekit.safety import helplines
from guidekit.site import statuspages
from guidekit.site.lastupdated import LastUpdated

# Not under "mkdocs": a refused translation is reported, but must not abort a strict build,
# because the page is still correct (the source text is shown instead).
log = logging.getLogger("guidekit")


class PageTranslator:
    def __init__(self, project: Project, locale: Locale, today: dt.date | None = None):
        self.project = project
        self.locale = locale
        self.today = today or dt.date.today()
        self.strings = SiteStrings(project, locale.id)
        self.registry = helplines.load(project)
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
                tr = catalogs.translations(self.project, self.locale.id, guide)
                if title in tr.strings:
                    title = self._safe(tr, title)
            titles[guide] = title
        return titles

    def page_markdown(self, markdown: str, src_uri: str, meta: dict[str, Any]) -> str:
        if src_uri in (statuspages.TRANSLATION_PAGE, statuspages.REVIEW_PAGE):
            return markdown
        display = self.project.rel(self.project.docs_dir / src_uri)
        notice = None
        served = self.locale.id
        if not self.is_source:
            tr = catalogs.translations(self.project, self.locale.id, src_uri)
            decision = policy.decide(self.locale.publish, policy.Counts(**tr.counts()))
            notice = decision.notice
            if decision.translated:
                markdown = self._translate(markdown, src_uri, display, tr)
                for key in ("title", "description"):
                    if isinstance(meta.get(key), str) and meta[key] in tr.strings:
                        meta[key] = self._safe(tr, meta[key])
            else:
                served = self.project.source_locale
                meta["guidekit_fallback_lang"] = self.project.source.html_lang
        self._review_meta(src_uri, served, meta)
        self._updated_meta(src_uri, served, meta)
        markdown = helplines.expand_placeholders(markdown, self.locale.id, self.registry, display)
        if notice:
            # Shown by the template above the content, in the reader's language; the content
            # below it then carries the source language's `lang` when it is the source page.
            meta["guidekit_notice"] = self.strings(notice, language=self.locale.name)
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

    def _safe(self, tr: catalogs.Translations, msgid: str) -> str:
        """The msgstr, unless it fails a safety check: then the source text, and a log line."""
        msgstr = tr.strings[msgid]
        findings = qa.is_safe_to_render(msgid, msgstr)
        if not findings:
            return msgstr
        line = tr.lines.get(msgid, 1)
        codes = ", ".join(sorted({f.code for f in findings}))
        log.warning(f"{tr.path}:{line}: unsafe-translation: {codes}; showing the source text instead")
        return msgid

    def _safe_lookup(self, tr: catalogs.Translations):
        def lookup(seg: segments.Segment) -> str | None:
            return self._safe(tr, seg.msgid) if seg.msgid in tr.strings else None

        return lookup

    def _updated_meta(self, guide: str, served: str, meta: dict[str, Any]) -> None:
        """"Last updated <date>": the newest commit touching the guide or, when the page is
        translated, this language's catalogue for it. Nothing outside git."""
        files = [self.project.docs_dir / guide]
        if served != self.project.source_locale:
            files.append(self.project.po_path(served, guide))
        day = self.updated.page(*files)
        if day:
            meta["guidekit_updated"] = self.strings(
                "Last updated {date}", date=format_day(day, self.locale.id))

    def _review_meta(self, guide: str, served: str, meta: dict[str, Any]) -> None:
        """The footer's review line, or the draft banner: never a sign-off that is not current."""
        state = review.page_review(self.project, guide, served, self.today)
        reviewed, due = review.format_review_line(state, self.locale.id, strings=self.strings)
        if reviewed:
            meta["guidekit_review"] = {"reviewed": reviewed, "next_due": due}
            meta["guidekit_review_state"] = "current"
            return
        source_current = served != self.project.source_locale and review.page_review(
            self.project, guide, self.project.source_locale, self.today).state == "current"
        # Plain words; the template links them to the About page's "How review works".
        meta["guidekit_banner"] = self.strings(
            "Draft: a health professional has not yet checked this translation."
            if source_current else "Draft: a health professional has not yet checked this guide.")
