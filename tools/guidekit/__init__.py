"""guidekit: multilingual, clinically reviewed guides built with MkDocs and gettext."""

__version__ = "0.1.0"
