"""The MkDocs plugin: turns one ordinary MkDocs build into the build of one language.

`guidekit build` runs one build per language with GUIDEKIT_LOCALE set; `mkdocs build` and
`mkdocs serve` without it build the source language. Nothing here re-enters MkDocs' build().
All real work lives in plain modules; this file only adapts them to MkDocs events.
"""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from guidekit import config as projectmod
from guidekit.deploy import urls
from guidekit.options import GuidekitConfig
from guidekit.problems import ProblemsFound
from guidekit.site import (
    materialjs,
    pages,
    printing,
    reader,
    rebuild,
    searchworker,
    templatecache,
    withhold,
)

PACKAGE_DIR = Path(__file__).parent
THEME_DIR = PACKAGE_DIR / "theme"
ASSETS_DIR = PACKAGE_DIR / "assets"
ASSET_URI = "assets/guidekit"
MODEL_URI = f"{ASSET_URI}/distress-model.js"  # generated: the search intercept's model


class GuidekitPlugin(BasePlugin[GuidekitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: projectmod.Project | None = None
        self.locale: projectmod.Locale | None = None
        self.renderer: pages.PageTranslator | None = None
        self.dirty = False
        self.withheld: set[str] = set()
        self.model_js: str | None = None
        self.site_root = ""
        self.status_seen: dict[str, str] = {}  # status page -> its Markdown in the last build

    def on_startup(self, command, dirty):
        # Defining on_startup keeps this instance across `serve` rebuilds (MkDocs' persistent
        # plugins); `guidekit serve` asks for dirty rebuilds, which re-render only what changed.
        self.dirty = dirty

    # Runs before Material's search plugin reads its language.
    @event_priority(100)
    def on_config(self, config):
        try:
            return self._configure(config)
        except ProblemsFound as exc:  # bad project data: path:line messages, no traceback
            raise PluginError(str(exc)) from None

    def _configure(self, config):
        self.project = projectmod.load(config.config_file_path)
        wanted = os.environ.get(projectmod.LOCALE_ENV) or self.project.source_locale
        self.locale = locale = self.project.locale(wanted)
        config.theme["language"] = locale.theme_language
        # The site's public root (no language part), for crawler metadata; readers' links stay
        # relative so the site works on any host and under any sub-path.
        self.site_root = site_root = "" if urls.is_local(config.site_url or "") else \
            urls.site_root(self.project)
        if config.site_url and not config.site_url.endswith(f"/{locale.url}/"):
            config.site_url = config.site_url.rstrip("/") + f"/{locale.url}/"
        # Set per page in on_page_context: the same page in every language.
        config.extra["alternate"] = urls.alternates(site_root, self.project.locales, "")
        config.extra["guidekit"] = {"locale": locale.id, "url": locale.url,
                                    "html_lang": locale.html_lang, "name": locale.name,
                                    "site_root": site_root,
                                    "languages": [{"url": loc.url, "html_lang": loc.html_lang}
                                                  for loc in self.project.locales]}
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
        self.model_js = reader.distress_model_js(self.project)
        if self.model_js is not None and MODEL_URI not in config.extra_javascript:
            config.extra_javascript.append(MODEL_URI)  # before crisis.js, which reads it
        for name in sorted(p.name for p in ASSETS_DIR.iterdir()):
            uri = f"{ASSET_URI}/{name}"
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if name.endswith((".css", ".js")) and uri not in target:
                target.append(uri)
        self._configure_search(config)
        self.renderer = pages.PageTranslator(self.project, locale)
        self._configure_publishing(config)
        # MkDocs' Jinja has autoescape off and Material prints these raw in text and attributes
        # (`<meta content="...">`): escaped once here (as Markup, so `| e` keeps them as they are),
        # a `"` a writer or translator typed can never end an attribute.
        config.site_name = escape(self.renderer.strings(config.site_name))
        for key in ("site_description", "site_author", "copyright"):
            if config[key]:
                config[key] = escape(self.renderer.strings(config[key]))
        config.extra["guidekit"].update(reader.reader_context(self.project, locale))
        config.extra["guidekit"]["print_button_html"] = printing.print_button(config.extra["guidekit"])
        return config

    def _configure_publishing(self, config) -> None:
        """A publishing build (`guidekit build --publish`) leaves out what review withholds."""
        from guidekit.review import publish as publishing

        text = os.environ.get(publishing.ENV)
        if not text:
            return
        plan = publishing.Plan.from_json(text)
        self.withheld = set(plan.withheld)
        self.renderer.source_only = set(plan.english.get(self.locale.id, {}))
        if config.nav:
            config.nav = withhold.prune_nav(config.nav, self.withheld)

    def _configure_search(self, config) -> None:
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is None:
            return
        lang = self.locale.search_lang
        if lang:
            search.config.lang = [lang]
        else:
            # No lunr stemmer for this language: tokenise and trim only, never stem it as English.
            search.config.lang = ["en"]
            search.config.pipeline = ["trimmer"]

    def on_nav(self, nav, config, files):
        # Section titles and titles given in mkdocs.yml's nav come from the `site` catalogue.
        strings = self.renderer.strings
        for item in _walk(nav.items):
            if item.is_section or (item.is_page and item.title and not item.meta.get("title")):
                item.title = escape(strings(item.title))
        return nav

    def on_files(self, files, config):
        for path in sorted(ASSETS_DIR.iterdir()):
            files.append(File.generated(config, f"{ASSET_URI}/{path.name}", abs_src_path=str(path)))
        for file in [f for f in files.documentation_pages() if f.src_uri in self.withheld]:
            files.remove(file)
        if self.model_js is not None:
            files.append(File.generated(config, MODEL_URI, content=self.model_js))
        if self.dirty:
            self._mark_translation_changes(files)
        # The draft banner links to where the site explains review, when the project has it.
        explained = files.get_file_from_path(reader.REVIEW_EXPLAINED[0])
        config.extra["guidekit"]["review_explained"] = (
            f"{explained.url}#{reader.REVIEW_EXPLAINED[1]}" if explained else None)
        # Status pages for translators and reviewers, generated from the catalogues and sign-offs.
        for uri, markdown in self.renderer.status_pages().items():
            if files.get_file_from_path(uri) is None:
                file = File.generated(config, uri, content=markdown)
                # MkDocs re-renders generated pages on every dirty rebuild: these tables list
                # every guide and language, so a preview skips them while their text is the same.
                if self.dirty and self.status_seen.get(uri) == markdown \
                        and os.path.exists(file.abs_dest_path):
                    file.is_modified = _never_modified
                self.status_seen[uri] = markdown
                files.append(file)
        return files

    def _mark_translation_changes(self, files) -> None:
        """In a dirty rebuild, MkDocs re-renders a page only when its .md changed; a page also
        depends on its catalogue and on site-wide data, so those count as its sources too."""
        for file in files.documentation_pages():
            inputs = rebuild.page_inputs(self.project, self.locale.id, file.src_uri)
            if rebuild.newer_than(inputs, file.abs_dest_path):
                file.is_modified = _always_modified  # per instance: this build only

    def on_page_markdown(self, markdown, page, config, files):
        try:
            markdown = self.renderer.page_markdown(markdown, page.file.src_uri, page.meta)
            markdown = withhold.unlink(markdown, page.file.src_uri, self.withheld)
        except ProblemsFound as exc:
            raise PluginError(str(exc)) from None
        for key in pages.TEXT_META_KEYS:  # printed raw by Material's templates: see on_config
            value = page.meta.get(key)
            if value is not None:
                page.meta[key] = escape(value if isinstance(value, str) else str(value))
        return markdown

    def on_page_context(self, context, page, config, nav):
        # The toolkit's page data, from plugin state: front matter cannot reach it.
        context["guidekit_page"] = self.renderer.page_data.get(page.file.src_uri) if page.file else None
        # Material renders config.extra.alternate as <link rel="alternate" hreflang> in the head
        # and our switcher from it: both must name this page, not the language's home page.
        alternates = urls.alternates(self.site_root, self.project.locales, page.url)
        for alt in alternates:
            alt["current"] = alt["url"] == self.locale.url
        config.extra["alternate"] = alternates
        return context

    def on_page_content(self, html, page, config, files):
        # The inline help panel where a guide wrote <div data-guidekit="help-panel"></div>; then
        # the footer does not repeat it, and the header link's no-JS target is this panel.
        data = self.renderer.page_data.get(page.file.src_uri)
        if data is not None:  # plugin state, never page meta: front matter cannot set it
            data.help_inline = reader.has_inline_panel(html)
            if page.canonical_url:
                data.print_html = printing.print_info(
                    config.extra["guidekit"], escape(config.site_name).unescape(),
                    page.canonical_url)
        return reader.page_content(html, config.extra["guidekit"])

    def on_env(self, env, config, files):
        # Every language's build, and every preview rebuild, compiles the same theme templates
        # (about a tenth of a build's CPU): compile each once, keyed by its source's checksum.
        env.bytecode_cache = templatecache.for_build()
        return env

    def on_post_page(self, output, page, config):
        return self._fix_lang(output)

    def on_post_template(self, output_content, template_name, config):
        return self._fix_lang(output_content)

    def _fix_lang(self, html: str) -> str:
        # Material maps theme.language "zh" to <html lang="zh">; readers' tools need zh-Hans.
        locale = self.locale
        if locale.html_lang != locale.theme_language:
            html = html.replace(f'<html lang="{locale.theme_language}"',
                                f'<html lang="{locale.html_lang}"', 1)
        return html

    def on_post_build(self, config):
        try:
            searchworker.patch_worker(Path(config.site_dir), self.locale.search_lang)
            materialjs.patch_bundle(Path(config.site_dir), config.site_url or "")
        except RuntimeError as exc:
            raise PluginError(str(exc)) from None

    def on_serve(self, server, config, builder):
        _fast_watching(server, [config.docs_dir, config.config_file_path])
        from guidekit.review import records

        for folder in (self.project.locales_dir, records.reviews_dir(self.project), THEME_DIR,
                       ASSETS_DIR):
            if folder.exists():  # watchdog fails on a missing folder (a project with no translations yet)
                server.watch(str(folder))
        return server


# MkDocs' server polls the files every 0.5 s, then waits 0.1 s for changes to settle: on
# average 0.35 s of a preview's latency before any rebuild starts. inotify reports a save at
# once; 0.05 s still gathers an editor's write-rename-chmod burst into one rebuild.
BUILD_DELAY = 0.05


def _fast_watching(server, watched: list[str | None]) -> None:
    """Move what MkDocs watches so far to watchdog's native observer (inotify on Linux; watchdog
    falls back to polling where there is none) before the server starts observing."""
    from watchdog.observers import Observer

    if not all(hasattr(server, a) for a in ("observer", "build_delay", "watch", "unwatch")):
        return  # another server (a generator other than MkDocs 1.6): keep its own watching
    paths = [p for p in watched if p]
    for path in paths:
        server.unwatch(path)
    server.observer = Observer()
    server.build_delay = BUILD_DELAY
    for path in paths:
        server.watch(path)


def _walk(items):
    for item in items:
        yield item
        if getattr(item, "children", None):
            yield from _walk(item.children)


def _always_modified() -> bool:
    return True


def _never_modified() -> bool:
    return False
