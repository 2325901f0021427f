"""Markdown for the contributors' status pages: translation progress and clinical review.

Pure functions over data the catalogs and review modules compute; the plugin adds the pages.
They are for coordinators, not developers: guides by their title in the page's language (no file
names), states in plain words, every header and word through the `site` catalogue (`t`).
Every title, name and translated word is printed as literal text (no Markdown, no HTML).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

# Tables of states are not what readers search for; excluding them also keeps Material from
# loading jieba's dictionary in every build just because "中文（简体）" appears here.
_FRONT = "---\nsearch:\n  exclude: true\n---\n\n"

TRANSLATION_PAGE = "status/translations.md"
REVIEW_PAGE = "status/review.md"

Strings = Callable[..., str]

# Review states (review.status STATES) in words a coordinator understands.
REVIEW_WORDS = {
    "current": "Checked",
    "unsigned": "Not yet checked",
    "changed": "Changed since it was checked: needs checking again",
    "expired": "Due for its regular check",
    "invalid": "The sign-off record has a problem: ask the project team",
}

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!])")  # Python-Markdown's escapable set


def _heading_text(text: str) -> str:
    """A translated title, or a name from a registry, as literal text on one Markdown line: no
    markup, no attr_list, no raw HTML (entities for <, >, &)."""
    text = " ".join(text.split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))


def _cell(text: Any) -> str:
    """Literal text in a table cell: names and roles come from registries people edit."""
    return _heading_text(str(text if text not in (None, "") else "—")).replace("|", "\\|")


def _link(title: str, guide: str) -> str:
    # Written from status/<page>.md: guides live one folder up. The title is literal text.
    return f"[{_cell(title)}](../{guide})"


def translation_words(counts: dict[str, int], t: Strings) -> str:
    total = counts["total"]
    done = counts["translated"]
    if total and done == total:
        return t("Complete")
    parts = [t("{done} of {total} parts translated", done=str(done), total=str(total))]
    if counts["fuzzy"]:
        parts.append(t("{count} changed in English and need updating", count=str(counts["fuzzy"])))
    return "; ".join(parts)


def translation_markdown(t: Strings, stats: dict[str, dict[str, dict[str, int]]],
                         names: dict[str, str], titles: dict[str, str]) -> str:
    """One row per guide, one column per language: "Complete" or how far it is."""
    locales = [x for x in names if x in stats] + sorted(set(stats) - set(names))
    lines = [_FRONT + f"# {_heading_text(t('Translation status'))} {{#translation-status}}", "",
             _heading_text(t("How much of each guide is translated into each language.")), ""]
    lines.append("| " + " | ".join([_cell(t("Guide"))] + [_cell(names.get(x, x)) for x in locales])
                 + " |")
    lines.append("| --- " * (len(locales) + 1) + "|")
    guides = sorted({g for per in stats.values() for g in per}, key=lambda g: titles.get(g, g))
    for guide in guides:
        # site.po (menus, help panel, notices) is no page to link to
        cells = [_cell(guide) if guide.endswith(".po") else _link(titles.get(guide, guide), guide)]
        cells += [_cell(translation_words(stats[x][guide], t)) if guide in stats[x] else "—"
                  for x in locales]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def review_markdown(t: Strings, rows: Iterable[dict[str, Any]], names: dict[str, str],
                    titles: dict[str, str], day: Callable[[str], str]) -> str:
    """Which guides a health professional has checked, in which language, and when next."""
    lines = [_FRONT + f"# {_heading_text(t('Review status'))} {{#review-status}}", "",
             _heading_text(t("Whether a health professional has checked each guide in each "
                             "language, and when it is due to be checked again.")), ""]
    headers = [t("Guide"), t("Language"), t("Checked by a health professional?"),
               t("Checked by"), t("Checked on"), t("Next check due")]
    lines.append("| " + " | ".join(_cell(h) for h in headers) + " |")
    lines.append("| --- " * len(headers) + "|")
    order = {x: i for i, x in enumerate(names)}  # the project's language order
    for row in sorted(rows, key=lambda r: (titles.get(r["guide"], r["guide"]),
                                           order.get(r["locale"], len(order)), r["locale"])):
        state = REVIEW_WORDS.get(row["state"])
        cells = [_link(titles.get(row["guide"], row["guide"]), row["guide"]),
                 _cell(names.get(row["locale"], row["locale"])),
                 _cell(t(state) if state else row["state"]),
                 _cell(row.get("reviewer")),
                 _cell(day(row["date"]) if row.get("date") else None),
                 _cell(day(row["next_due"]) if row.get("next_due") else None)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
