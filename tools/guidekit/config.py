"""The project as guidekit sees it: paths and the locale table from the guidekit block of mkdocs.yml.

Reads mkdocs.yml with plain YAML (no MkDocs import) so every command and library module can
work on a project without starting a build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guidekit.problems import Problem, ProblemsFound, yaml_problem

PLUGIN_NAME = "guidekit"
LOCALE_ENV = "GUIDEKIT_LOCALE"  # which language one MkDocs build produces


@dataclass(frozen=True)
class Locale:
    id: str                 # Babel / PO id: en, ms, zh_Hans, ta
    url: str                # URL prefix: en, ms, zh, ta
    name: str               # the language named in its own script
    theme_language: str     # Material theme.language
    html_lang: str          # BCP 47 for <html lang>
    search_lang: str | None  # lunr language; None = tokenise only, never stem with English rules
    publish: dict[str, Any] = field(default_factory=dict)


DEFAULT_PUBLISH = {"min_translated": 100, "allow_fuzzy": False}


class _Loader(yaml.SafeLoader):
    """SafeLoader that understands the MkDocs tags we may meet in mkdocs.yml."""


def _env_tag(loader: yaml.Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1] if len(items) > 1 else None
        if len(items) == 1:
            names, default = items, None
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env_tag)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    root: Path
    config_file: Path
    config: dict[str, Any]
    docs_dir: Path
    locales_dir: Path
    source_locale: str
    locales: tuple[Locale, ...]
    options: dict[str, Any]

    @property
    def source(self) -> Locale:
        return self.locale(self.source_locale)

    @property
    def targets(self) -> tuple[Locale, ...]:
        return tuple(loc for loc in self.locales if loc.id != self.source_locale)

    def locale(self, key: str) -> Locale:
        for loc in self.locales:
            if key in (loc.id, loc.url, loc.html_lang):
                return loc
        known = ", ".join(loc.id for loc in self.locales)
        raise ProblemsFound([Problem(self.rel(self.config_file), 1, "unknown-locale",
                                     f"no locale {key!r} in the guidekit locale table",
                                     f"use one of: {known}")])

    def rel(self, path: Path | str) -> str:
        """A path as users see it in messages: relative to the project root."""
        p = Path(path)
        try:
            return p.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def guides(self) -> list[str]:
        """Guide paths relative to docs_dir, e.g. 'warning-signs.md'; sorted, stable."""
        found = []
        for path in self.docs_dir.rglob("*.md"):
            rel = path.relative_to(self.docs_dir).as_posix()
            if any(part.startswith(("_", ".")) for part in Path(rel).parts):
                continue  # _data/, drafts and hidden files are not pages
            found.append(rel)
        return sorted(found)

    def template_path(self, guide: str) -> Path:
        return self.locales_dir / "templates" / (guide[:-3] + ".pot")

    def po_path(self, locale: str, guide: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / (guide[:-3] + ".po")

    @property
    def data_dir(self) -> Path:
        return self.docs_dir / "_data"


def _locale_from(entry: dict[str, Any]) -> Locale:
    lid = str(entry["id"])
    return Locale(
        id=lid,
        url=str(entry.get("url", lid)),
        name=str(entry.get("name", lid)),
        theme_language=str(entry.get("theme_language", lid)),
        html_lang=str(entry.get("html_lang", lid)),
        search_lang=entry.get("search_lang", lid),
        publish={**DEFAULT_PUBLISH, **(entry.get("publish") or {})},
    )


def find_config(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    raise ProblemsFound([Problem(str(here), 1, "no-mkdocs-yml", "no mkdocs.yml here or above",
                                 "run guidekit inside the project or pass -f path/to/mkdocs.yml")])


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    for item in config.get("plugins") or []:
        if isinstance(item, dict) and PLUGIN_NAME in item:
            return item[PLUGIN_NAME] or {}
        if item == PLUGIN_NAME:
            return {}
    return None


def load(config_file: Path | str | None = None) -> Project:
    path = Path(config_file) if config_file else find_config()
    if not path.is_file():
        raise ProblemsFound([Problem(str(path), 1, "no-mkdocs-yml", "file not found",
                                     "pass -f path/to/mkdocs.yml")])
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise ProblemsFound([yaml_problem(exc, str(path), "config-yaml", "mkdocs.yml")]) from None
    options = plugin_options(config)
    if options is None:
        raise ProblemsFound([Problem(str(path), 1, "no-guidekit-plugin",
                                     "mkdocs.yml has no 'guidekit' entry under plugins",
                                     "add the guidekit plugin block with its locale table")])
    root = path.parent
    entries = options.get("locales") or [{"id": "en"}]
    locales = tuple(_locale_from(e) for e in entries)
    source = str(options.get("source_locale", locales[0].id))
    return Project(
        root=root,
        config_file=path,
        config=config,
        docs_dir=root / str(config.get("docs_dir", "docs")),
        locales_dir=root / str(options.get("locales_dir", "locales")),
        source_locale=source,
        locales=locales,
        options=options,
    )
