"""Dates as Malaysian readers write them: one Babel locale per site language.

Babel's bare `en` is US English ("November 29, 2026"); readers here expect "29 November 2026",
which is CLDR's en_MY. Each language uses its Malaysian variant where CLDR has one.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

# Tried in order: the language as used in Malaysia, then the language itself.
_REGION = "MY"


def babel_locale(locale_id: str) -> str:
    """'en' -> 'en_MY', 'zh_Hans' -> 'zh_Hans_MY'; the bare id when CLDR has no Malaysian form."""
    for candidate in (f"{locale_id}_{_REGION}", locale_id):
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
        return candidate
    return "en_MY"


def format_day(day: dt.date, locale_id: str) -> str:
    """A date in words for readers: '29 November 2026', '2026年11月29日', '29 நவம்பர், 2026'."""
    return format_date(day, format="long", locale=babel_locale(locale_id))
