"""Publish policy: is a translated page complete enough to show readers as a translation?

Per language in the locale table (`publish:` in mkdocs.yml); the default is strict: every
message translated and none fuzzy. Otherwise readers get the source page with a notice in
their language, never a silent mix of languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MISSING = "This guide is not yet available in {language}. You are reading the English version."
UPDATING = ("This guide is being updated in {language}. You are reading the English version "
            "until the translation is finished.")
PARTIAL = ("Some parts of this guide are not yet translated into {language}; "
           "they are shown in English.")


@dataclass(frozen=True)
class Counts:
    total: int
    translated: int
    fuzzy: int
    untranslated: int


@dataclass(frozen=True)
class Decision:
    translated: bool        # serve the translation (True) or the source page (False)
    notice: str | None      # site-string msgid of the notice shown on top, if any


def decide(policy: dict[str, Any], counts: Counts) -> Decision:
    if counts.total == 0:
        return Decision(True, None)
    percent = 100 * counts.translated / counts.total
    enough = percent >= float(policy.get("min_translated", 100))
    fuzzy_ok = counts.fuzzy == 0 or bool(policy.get("allow_fuzzy", False))
    if enough and fuzzy_ok:
        complete = counts.translated == counts.total
        return Decision(True, None if complete else PARTIAL)
    if counts.translated == 0 and counts.fuzzy == 0:
        return Decision(False, MISSING)
    return Decision(False, UPDATING if counts.fuzzy else MISSING)
