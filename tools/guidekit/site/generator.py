"""Which static-site generator builds the site: MkDocs 1.6, or ProperDocs, its maintained
drop-in continuation (MkDocs 2.0 drops plugins; see README "Generators").

Everything in guidekit imports `mkdocs.*`. With GUIDEKIT_GENERATOR=properdocs, ProperDocs'
own import redirection is switched on first, so those imports (ours, Material's) resolve to
ProperDocs' modules. Call `activate()` before anything imports MkDocs; forked build processes
inherit it. This is the one place a move to another generator starts from.
"""

from __future__ import annotations

import os

GENERATOR_ENV = "GUIDEKIT_GENERATOR"
GENERATORS = ("mkdocs", "properdocs")


class UnknownGenerator(ValueError):
    pass


def name() -> str:
    chosen = os.environ.get(GENERATOR_ENV, "mkdocs").strip().lower() or "mkdocs"
    if chosen not in GENERATORS:
        raise UnknownGenerator(f"{GENERATOR_ENV}={chosen!r}: choose one of {', '.join(GENERATORS)}")
    return chosen


def activate() -> str:
    """Make `import mkdocs...` load the chosen generator; return its name and version."""
    chosen = name()
    if chosen == "properdocs":
        try:
            import properdocs.replacement  # noqa: F401  (redirects mkdocs.* to properdocs.*)
        except ImportError:
            raise UnknownGenerator(f"{GENERATOR_ENV}=properdocs but ProperDocs is not installed; "
                                   "pip install properdocs") from None
    import mkdocs

    return f"{chosen} {getattr(mkdocs, '__version__', '?')}"
