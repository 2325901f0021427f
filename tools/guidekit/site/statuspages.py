"""Markdown for the generated status pages: translation progress and clinical review.

Pure functions over data the catalogs and review modules compute; the plugin adds the pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

# Tables of file names and states are not what readers search for; excluding them also keeps
# Material from loading jieba's dictionary in every build just because "中文（简体）" appears here.
_FRONT = "---\nsearch:\n  exclude: true\n---\n\n"

TRANSLATION_PAGE = "status/translations.md"
REVIEW_PAGE = "status/review.md"


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!])")  # Python-Markdown's escapable set


def _heading_text(text: str) -> str:
    """A translated title, or a name from a registry, as literal text on one Markdown line: no
    markup, no attr_list, no raw HTML (entities for <, >, &)."""
    text = " ".join(text.split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))


def _cell(text: Any) -> str:
    """Literal text in a table cell: names and roles come from registries people edit."""
    return _heading_text(str(text if text not in (None, "") else "—")).replace("|", "\\|")


def _code_cell(text: Any) -> str:
    """A file name in a code span (Markdown shows code literally; only | and ` need care)."""
    return str(text).replace("`", "'").replace("|", "\\|")


def translation_markdown(title: str, stats: dict[str, dict[str, dict[str, int]]],
                         names: dict[str, str]) -> str:
    lines = [_FRONT + f"# {_heading_text(title)} {{#translation-status}}", ""]
    lines.append("| Language | Guide | Total | Translated | Fuzzy | Untranslated |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: |")
    for locale in sorted(stats):
        for guide, c in sorted(stats[locale].items()):
            lines.append(f"| {_cell(names.get(locale, locale))} | `{_code_cell(guide)}` | {c['total']} | "
                         f"{c['translated']} | {c['fuzzy']} | {c['untranslated']} |")
    return "\n".join(lines) + "\n"


def review_markdown(title: str, rows: Iterable[dict[str, Any]], names: dict[str, str]) -> str:
    lines = [_FRONT + f"# {_heading_text(title)} {{#review-status}}", ""]
    lines.append("| Guide | Language | State | Reviewer | Reviewed | Next review due |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        lines.append(f"| `{_code_cell(row['guide'])}` | {_cell(names.get(row['locale'], row['locale']))} | "
                     f"{_cell(row['state'])} | {_cell(row.get('reviewer'))} | {_cell(row.get('date'))} | "
                     f"{_cell(row.get('next_due'))} |")
    return "\n".join(lines) + "\n"
