"""Translations: gettext catalogues, translatable segments of a guide, site strings, publish policy."""
