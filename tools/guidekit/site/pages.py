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
from guidekit.i18n.sitestrings import SiteStrings
from guidekit.problems import ProblemsFound
from guidekit.review import status as review
from guidekit.safety import helplines
from guidekit.site import statuspages

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

    @property
    def is_source(self) -> bool:
        return self.locale.id == self.project.source_locale

    def status_pages(self) -> dict[str, str]:
        """Generated pages: {src_uri: markdown}. Their tables are data, not prose to translate."""
        names = {loc.id: loc.name for loc in self.project.locales}
        rows = [s.as_json() for s in review.status(self.project, self.today)]
        return {
            statuspages.TRANSLATION_PAGE: statuspages.translation_markdown(
                self.strings("Translation status"), catalogs.stats(self.project), names),
            statuspages.REVIEW_PAGE: statuspages.review_markdown(
                self.strings("Review status"), rows, names),
        }

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
        # An unknown helpline id in the guide itself: report it at its line in the guide (the
        # body MkDocs hands us has lost the front matter and the lines after it).
        source = frontmatter.read(self.project.docs_dir / src_uri, display)
        unknown = helplines.check_placeholders(display, 1, source.text, self.registry)
        if unknown:
            raise ProblemsFound(unknown)
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

    def _review_meta(self, guide: str, served: str, meta: dict[str, Any]) -> None:
        """The footer's review line, or the draft banner: never a sign-off that is not current."""
        state = review.page_review(self.project, guide, served, self.today)
        reviewed, due = review.format_review_line(state, self.locale.id, strings=self.strings)
        if reviewed:
            meta["guidekit_review"] = {"reviewed": reviewed, "next_due": due}
        elif served == self.project.source_locale:
            meta["guidekit_banner"] = self.strings("Draft: awaiting clinical review.")
        else:
            source = review.page_review(self.project, guide, self.project.source_locale, self.today)
            banner = self.strings("Translation awaiting review.")
            if source.state != "current":
                banner += " " + self.strings("Draft: awaiting clinical review.")
            meta["guidekit_banner"] = banner
