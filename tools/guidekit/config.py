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

from guidekit import yamlfile
from guidekit.problems import Problem, ProblemsFound, UsageProblem

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


class _Loader(yamlfile.Loader):
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
    # line of every key and item of mkdocs.yml, e.g. ("site_dir",) -> 6
    config_lines: dict[tuple[Any, ...], int] = field(default_factory=dict, compare=False)

    def config_line(self, *keys: Any) -> int:
        where = tuple(keys)
        while where and where not in self.config_lines:
            where = where[:-1]
        return self.config_lines.get(where, 1)

    def source_folders(self) -> list[Path]:
        """What a build must never write into or over: the sources and the code."""
        return [self.docs_dir, self.locales_dir, *(self.root / name for name in
                                                   ("tools", "tests", ".git", "bench"))]

    def site_dir(self, given: str | Path | None = None) -> Path:
        """Where a build writes: `given` (from --site-dir; UsageProblem when unsafe) or
        site_dir of mkdocs.yml (ProblemsFound at its line when unsafe). Nothing is written."""
        from guidekit.files import site_dir_refusal

        target = Path(given) if given is not None else self.root / str(self.config.get("site_dir", "site"))
        why = site_dir_refusal(self.root, target, self.source_folders())
        if why is None:
            return target
        if given is not None:
            raise UsageProblem([Problem(str(given), 1, "site-dir-refused",
                                        f"--site-dir {why}: a build empties and rewrites it",
                                        "choose a new folder outside the sources, e.g. site/")])
        raise ProblemsFound([Problem(self.rel(self.config_file), self.config_line("site_dir"),
                                     "site-dir-refused", f"site_dir {why}: a build empties "
                                     "and rewrites it", "choose a new folder outside the "
                                     "sources, e.g. site")])

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
        raise UsageProblem([Problem(self.rel(self.config_file), 1, "unknown-locale",
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
        """Guide paths relative to docs_dir, e.g. 'warning-signs.md'; sorted, stable.
        ProblemsFound when something named like a guide is not a file."""
        found, problems = [], []
        for path in self.docs_dir.rglob("*.md"):
            rel = path.relative_to(self.docs_dir).as_posix()
            if any(part.startswith(("_", ".")) for part in Path(rel).parts):
                continue  # _data/, drafts and hidden files are not pages
            if not path.is_file():
                problems.append(Problem(self.rel(path), 1, "guide-not-a-file",
                                        "named like a guide but is not a file",
                                        "rename it without '.md' or make it a Markdown file"))
                continue
            found.append(rel)
        if problems:
            raise ProblemsFound(problems)
        return sorted(found)

    def unsafe_paths(self) -> list[Problem]:
        """What guidekit must not read under the guides or catalogues: symbolic links that lead
        out of the project or nowhere (their target would be published or echoed in messages),
        pipes and devices (reading one blocks), and folders named like a catalogue."""
        root = self.root.resolve()
        problems = []
        for top in (self.docs_dir, self.locales_dir):
            # Resolved once per folder, not per entry: every command (and every preview
            # rebuild) walks all guides and catalogues here.
            top_resolved, top_shown = top.resolve(), self.rel(top)
            for folder, dirs, files in os.walk(top):
                for entry in sorted(dirs + files):
                    path = Path(folder) / entry
                    shown = path.relative_to(self.root).as_posix()  # the link, not its target
                    problem = _unsafe(path, root, top_resolved, top_shown)
                    if problem is None and entry.endswith((".po", ".pot")) and path.is_dir():
                        problem = ("catalog-not-a-file", "is a folder named like a catalogue",
                                   "rename it without '.po'")
                    if problem:
                        problems.append(Problem(shown, 1, *problem))
        return problems

    def template_path(self, guide: str) -> Path:
        return self.locales_dir / "templates" / (guide[:-3] + ".pot")

    def po_path(self, locale: str, guide: str) -> Path:
        return self.locales_dir / locale / "LC_MESSAGES" / (guide[:-3] + ".po")

    @property
    def data_dir(self) -> Path:
        return self.docs_dir / "_data"


def _locale_from(entry: Any, raw: dict[str, Any]) -> Locale:
    lid = str(entry["id"])
    return Locale(
        id=lid,
        url=entry["url"] or lid,
        name=entry["name"] or lid,
        theme_language=entry["theme_language"] or lid,
        html_lang=entry["html_lang"] or lid,
        # null means "no stemmer"; only a missing key falls back to the id
        search_lang=entry["search_lang"] if "search_lang" in raw else lid,
        publish={**DEFAULT_PUBLISH, **dict(entry["publish"])},
    )


def find_config(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    raise UsageProblem([Problem(str(here), 1, "no-mkdocs-yml", "no mkdocs.yml here or above",
                                "run guidekit inside the project or pass -f path/to/mkdocs.yml")])


def plugin_block(config: dict[str, Any]) -> tuple[tuple[Any, ...], Any] | None:
    """(path in mkdocs.yml, options) of the guidekit plugin entry; None when it is not listed.
    MkDocs accepts `plugins` as a list of names / one-key mappings, or as one mapping."""
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        return (("plugins", PLUGIN_NAME), plugins[PLUGIN_NAME]) if PLUGIN_NAME in plugins else None
    for index, item in enumerate(plugins or []):
        if isinstance(item, dict) and PLUGIN_NAME in item:
            return ("plugins", index, PLUGIN_NAME), item[PLUGIN_NAME]
        if item == PLUGIN_NAME:
            return ("plugins", index), None
    return None


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    found = plugin_block(config)
    return None if found is None else (found[1] or {})


def load(config_file: Path | str | None = None) -> Project:
    """The project of mkdocs.yml, validated against the one schema (guidekit.options).

    UsageProblem (exit 2) when there is no mkdocs.yml; ProblemsFound with every schema problem
    at its line otherwise."""
    from guidekit import options as schema

    path = Path(config_file) if config_file else find_config()
    if not path.is_file():
        raise UsageProblem([Problem(str(path), 1, "no-mkdocs-yml",
                                    "is a directory, not a file" if path.is_dir() else "file not found",
                                    "pass -f path/to/mkdocs.yml")])
    display = path.name  # messages name files relative to the project root, like Project.rel
    doc = yamlfile.read(path, display, "config-yaml", "mkdocs.yml", loader=_Loader)
    config = doc.data if doc.data is not None else {}
    problems = schema.check(schema.MkdocsKeys, config, doc, allow_unknown=True)
    if not isinstance(config, dict):
        raise ProblemsFound(problems)
    found = plugin_block(config) if isinstance(config.get("plugins"), list | dict | None) else None
    if found is None:
        problems.append(Problem(display, doc.line("plugins"), "no-guidekit-plugin",
                                "mkdocs.yml has no 'guidekit' entry under plugins",
                                "add the guidekit plugin block with its locale table"))
        raise ProblemsFound(problems)
    at, raw = found
    raw = {} if raw is None else raw
    problems += schema.check(schema.GuidekitConfig, raw, doc, at, label=(PLUGIN_NAME,))
    if problems:
        raise ProblemsFound(problems)
    options = schema.typed(schema.GuidekitConfig, raw, str(path))
    raw_locales = raw.get("locales") or [{"id": "en"}]
    locales = tuple(_locale_from(e, r) for e, r in zip(options["locales"], raw_locales))
    source = options["source_locale"] or (locales[0].id if locales else "en")
    problems += _cross_check(doc, at, locales, source)
    if problems:
        raise ProblemsFound(problems)
    root = path.parent
    project = Project(
        root=root,
        config_file=path,
        config=config,
        docs_dir=root / str(config.get("docs_dir", "docs")),
        locales_dir=root / options["locales_dir"],
        source_locale=source,
        locales=locales,
        options={**raw, **{k: options[k] for k in ("locales_dir", "reviewers_file",
                                                   "msgid_bugs_address")}},
        config_lines=dict(doc.lines),
    )
    problems = _overlaps(project, doc) + project.unsafe_paths()
    if problems:
        raise ProblemsFound(problems)
    return project


def _cross_check(doc: yamlfile.Yaml, at: tuple[Any, ...], locales: tuple[Locale, ...],
                 source: str) -> list[Problem]:
    """What one field cannot say alone: unique ids and URLs, a known source, Babel ids."""
    from babel import Locale as BabelLocale
    from babel import UnknownLocaleError

    problems = []
    if not locales:
        problems.append(Problem(doc.path, doc.line(*at, "locales"), "config-schema",
                                "guidekit.locales is empty", "list at least the source language"))
    seen: dict[str, dict[str, int]] = {"id": {}, "url": {}}
    for index, loc in enumerate(locales):
        for key in ("id", "url"):
            value = getattr(loc, key)
            line = doc.line(*at, "locales", index, key)
            if value in seen[key]:
                problems.append(Problem(doc.path, line, "config-schema",
                                        f"guidekit.locales[{index}].{key} {value!r} is already used "
                                        f"at line {seen[key][value]}", "give each language its own"))
            seen[key].setdefault(value, line)
        try:
            BabelLocale.parse(loc.id)
        except (ValueError, UnknownLocaleError):
            problems.append(Problem(doc.path, doc.line(*at, "locales", index, "id"), "config-schema",
                                    f"guidekit.locales[{index}].id {loc.id!r} is not a locale Babel "
                                    "knows", "use a Babel id such as en, ms, zh_Hans or ta"))
        themes = _material_languages()
        if themes and loc.theme_language not in themes:
            problems.append(Problem(doc.path, doc.line(*at, "locales", index, "theme_language"),
                                    "config-schema", f"guidekit.locales[{index}].theme_language "
                                    f"{loc.theme_language!r} is not a language of the Material theme",
                                    "use one of: " + ", ".join(sorted(themes))))
    if locales and source not in seen["id"]:
        problems.append(Problem(doc.path, doc.line(*at, "source_locale"), "config-schema",
                                f"guidekit.source_locale {source!r} is not in the locale table",
                                "use the id of one of guidekit.locales"))
    return problems


def _material_languages() -> set[str]:
    """Languages Material has interface strings for (its partials/languages/*.html); empty when
    Material is not installed. Found without importing it: config loading stays light."""
    import importlib.util

    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return set()
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates/partials/languages"
    return {p.stem for p in folder.glob("*.html")}


def _overlaps(project: Project, doc: yamlfile.Yaml) -> list[Problem]:
    """Guides and catalogues in separate folders: catalogues under docs_dir would be published."""
    docs, cats = project.docs_dir.resolve(), project.locales_dir.resolve()
    if docs == cats or docs.is_relative_to(cats) or cats.is_relative_to(docs):
        at = plugin_block(project.config)
        return [Problem(doc.path, doc.line(*at[0], "locales_dir") if at else 1, "config-schema",
                        "guidekit.locales_dir and docs_dir overlap: catalogues would be published "
                        "as pages, or guides overwritten", "keep them in separate folders")]
    return []


def _unsafe(path: Path, root: Path, top: Path, top_shown: str) -> tuple[str, str, str] | None:
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return ("path-outside-project", "is a symbolic link to a file outside the project",
                    "copy the file into the project instead")
        if not target.is_relative_to(top):  # e.g. guides/x.md -> ../.git/config: published
            return ("path-outside-folder", f"is a symbolic link out of {top_shown}/",
                    f"copy the file into {top_shown}/ instead")
        if not target.exists():
            return ("path-broken-link", "is a symbolic link to nothing",
                    "remove it or point it at a file in the project")
    if not (path.is_file() or path.is_dir()):
        return ("path-not-a-file", "is not a regular file (a pipe, socket or device)",
                "replace it with a regular file")
    return None
