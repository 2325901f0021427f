"""What a reader of one language gets for one guide: its Markdown, translated or with a notice.

Called by the plugin for every page; MkDocs-free so it can be tested and benchmarked alone.
"""

from __future__ import annotations

from typing import Any

from .project import Locale, Project
from .sitestrings import SiteStrings


class PageTranslator:
    def __init__(self, project: Project, locale: Locale):
        self.project = project
        self.locale = locale
        self.strings = SiteStrings(project.locales_dir, locale.id, project.source_locale)

    @property
    def is_source(self) -> bool:
        return self.locale.id == self.project.source_locale

    def page_markdown(self, markdown: str, src_uri: str, meta: dict[str, Any]) -> str:
        if self.is_source:
            return markdown
        notice = self.strings(
            "This guide is not yet available in {language}. You are reading the English version.",
            language=self.locale.name)
        return self._with_notice(markdown, notice, meta)

    def _with_notice(self, markdown: str, notice: str, meta: dict[str, Any]) -> str:
        # The notice is in the reader's language; the page under it is honestly the source.
        meta["guidekit_fallback"] = True
        block = f'!!! info inline-notice ""\n    {notice}\n\n'
        return block + markdown
