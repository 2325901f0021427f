"""Translations: gettext catalogues, segments of a guide, site strings, publish policy, dates."""
