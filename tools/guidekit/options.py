"""The one schema of guidekit's configuration: the `guidekit` plugin block of mkdocs.yml.

Written with MkDocs' typed config options, so the plugin declares exactly this schema to MkDocs
(`BasePlugin[GuidekitConfig]`), and `check()` walks the same classes over the YAML with its
line numbers: every CLI command and the plugin's own `on_config` reject a wrong type, a missing
field or an unknown key as `mkdocs.yml:LINE: config-...: message; hint`. MkDocs' own messages
name an option but no line, and stop at the first error; this walk reports every one.

The only module outside site/ and cli.py that imports MkDocs (and only its config options).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from guidekit.problems import Problem
from guidekit.schema import describe, name, plain_text_problem
from guidekit.yamlfile import Yaml

CODE = "config-schema"
UNKNOWN = "config-unknown-key"


# ---------------------------------------------------------------- option types

class Text(c.Type):
    """Non-empty text, optionally matching a pattern (ids, URL segments, language tags)."""

    def __init__(self, pattern: str | None = None, what: str = "", plain: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(str, **kwargs)
        self.pattern = re.compile(pattern) if pattern else None
        self.what = what
        self.plain = plain

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"must be text, not {describe(value)}")
        if not value.strip():
            raise ValidationError("must not be empty")
        if self.pattern and not self.pattern.fullmatch(value):
            raise ValidationError(f"{value!r} is not {self.what}")
        if self.plain and (why := plain_text_problem(value)):
            raise ValidationError(why)
        return value


class RelativePath(Text):
    """A folder or file inside the project: relative, no '..', so nothing reads or writes outside."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        parts = value.replace("\\", "/").split("/")
        if value.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", value) or ".." in parts:
            raise ValidationError(f"{value!r} must be a path inside the project (relative, no '..')")
        if all(part in ("", ".") for part in parts):
            raise ValidationError(f"{value!r} is the project folder itself; name a folder in it")
        return value


class Flag(c.Type):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(bool, **kwargs)

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"must be true or false, not {describe(value)}")
        return value


class Percent(c.Type):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__((int, float), **kwargs)

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(f"must be a number from 0 to 100, not {describe(value)}")
        if not 0 <= value <= 100:
            raise ValidationError(f"must be a number from 0 to 100, not {value!r}")
        return value


LOCALE_ID = r"[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|\d{3}))?"
URL_SEGMENT = r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?"
LANGUAGE_TAG = r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*"


# ---------------------------------------------------------------- the schema

class PublishConfig(Config):
    """When a translated page is shown as a translation (i18n/policy.py)."""
    min_translated = Percent(default=100)
    allow_fuzzy = Flag(default=False)


class LocaleConfig(Config):
    """One row of the locale table; every field but `id` defaults to the id."""
    id = Text(LOCALE_ID, "a Babel locale id such as en, ms, zh_Hans or ta")
    url = c.Optional(Text(URL_SEGMENT, "a URL segment (lowercase letters, digits, '-')"))
    name = c.Optional(Text(plain=True))  # shown in the language switcher and chooser
    theme_language = c.Optional(Text(LANGUAGE_TAG, "a language code such as en or zh"))
    html_lang = c.Optional(Text(LANGUAGE_TAG, "a BCP 47 language tag such as en or zh-Hans"))
    search_lang = c.Optional(Text(LANGUAGE_TAG, "a lunr language code such as en, or null"))
    publish = c.SubConfig(PublishConfig)


class GuidekitConfig(Config):
    """The plugin block: `plugins: [guidekit: {...}]` in mkdocs.yml."""
    source_locale = c.Optional(Text(LOCALE_ID, "a Babel locale id"))
    locales_dir = RelativePath(default="locales")
    reviewers_file = RelativePath(default="reviewers.yml")
    msgid_bugs_address = c.Type(str, default="")
    locales = c.ListOfItems(c.SubConfig(LocaleConfig), default=[{"id": "en"}])
    # What `guidekit build --publish` does with a page whose sign-off is not current:
    # "withhold" leaves it out (an unsigned translation shows the signed English page);
    # "draft" publishes it with the draft banner. See review/publish.py.
    unreviewed = c.Choice(("withhold", "draft"), default="withhold")


class Refused(BaseConfigOption):
    """A MkDocs/Material setting this site must not use, with the reason."""

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why

    def run_validation(self, value: object) -> object:
        raise ValidationError(f"is not allowed: {self.why}")


class FalseOnly(Flag):
    def run_validation(self, value: object) -> bool:
        if value is not False:
            raise ValidationError(f"must be false (web fonts come from a third-party host), not "
                                  f"{describe(value)}")
        return value


# A file the site serves itself: relative, no scheme, no '..' (a URL would load a third-party
# host on every page; Material prints these into <link>/<script>/<img>).
LOCAL_FILE = r"(?!/)(?!(?:.*/)?\.\.(?:/|$))[A-Za-z0-9_./-]+"
NAME = r"[a-z0-9][a-z0-9 ._-]{0,40}"


class ExtraKeys(Config):
    """`extra:`. Material prints what it finds here into every page (homepage and social links,
    analytics scripts, cookie consent): only what this site uses. The plugin sets `alternate`
    and `guidekit` itself."""
    generator = c.Optional(Flag())


class PaletteKeys(Config):
    """Printed raw into data-md-color-* attributes of every page: names only."""
    scheme = c.Optional(Text(NAME, "a colour scheme name such as default"))
    primary = c.Optional(Text(NAME, "a Material colour name such as teal"))
    accent = c.Optional(Text(NAME, "a Material colour name such as deep orange"))


class ThemeKeys(Config):
    name = Text(NAME, "a theme name such as material")
    language = c.Optional(Text(LANGUAGE_TAG, "a language code such as en"))
    font = c.Optional(FalseOnly())
    features = c.Optional(c.ListOfItems(Text(NAME, "a Material feature such as navigation.top")))
    palette = c.SubConfig(PaletteKeys)
    logo = c.Optional(Text(LOCAL_FILE, "an image file of the site (a relative path)"))
    favicon = c.Optional(Text(LOCAL_FILE, "an image file of the site (a relative path)"))
    custom_dir = c.Optional(RelativePath())
    icon = c.Optional(c.Type(dict))


_NO_THIRD_PARTY = "the built site requests nothing from a third-party host"


class MkdocsKeys(Config):
    """The MkDocs settings guidekit reads, and those Material prints into every page (MkDocs
    validates the rest). Text is plain text; files are the site's own; nothing that makes a
    page load or link a third-party host, or run code at build time."""
    site_name = Text()
    site_description = c.Optional(c.Type(str))
    copyright = c.Optional(Text(plain=True))   # Material prints it as HTML: the plugin escapes it
    theme = c.SubConfig(ThemeKeys)
    extra = c.SubConfig(ExtraKeys)
    extra_css = c.Optional(c.ListOfItems(Text(LOCAL_FILE, "a stylesheet of the site (a relative path)")))
    extra_javascript = c.Optional(c.ListOfItems(Text(LOCAL_FILE, "a script of the site (a relative path)")))
    repo_url = c.Optional(Refused(f"Material fetches the repository's facts from its host; {_NO_THIRD_PARTY}"))
    repo_name = c.Optional(Refused("it only goes with repo_url"))
    edit_uri = c.Optional(Refused("it only goes with repo_url"))
    hooks = c.Optional(Refused("hooks run Python code at build time; put the code in guidekit"))
    site_url = c.Optional(c.Type(str))
    docs_dir = RelativePath(default="docs")
    site_dir = Text(default="site")
    nav = c.Optional(c.Type(list))
    plugins = c.Optional(c.Type((list, dict)))


# ---------------------------------------------------------------- the walk

def check(schema: type[Config], data: object, doc: Yaml, at: tuple[Any, ...] = (),
          allow_unknown: bool = False, label: tuple[Any, ...] | None = None) -> list[Problem]:
    """Every problem of `data` (found at path `at` of `doc`) against a typed Config class.

    label: how the path is named in messages (default: `at`)."""
    label = at if label is None else label
    if not isinstance(data, dict):
        return [Problem(doc.path, doc.line(*at), CODE,
                        f"{name(label)} must be a mapping of options, not {describe(data)}",
                        "write it as 'option: value' lines")]
    known = dict(schema._schema)
    problems = []
    if not allow_unknown:
        for key in data:
            if key not in known:
                problems.append(Problem(doc.path, doc.line(*at, key), UNKNOWN,
                                        f"{name(label + (key,))} is not an option guidekit knows",
                                        "use one of: " + ", ".join(known)))
    for key, option in known.items():
        problems += _check_option(option, data.get(key), key in data, doc, at + (key,),
                                  label + (key,))
    return problems


def _check_option(option: BaseConfigOption, value: object, present: bool, doc: Yaml,
                  at: tuple[Any, ...], label: tuple[Any, ...]) -> list[Problem]:
    if isinstance(option, c.Optional):
        if value is None:
            return []
        option = option.option
    if isinstance(option, c.SubConfig):
        if value is None and not present:
            return []
        return check(option.config_class, value, doc, at, label=label)
    if isinstance(option, c.ListOfItems):
        if value is None and not present:
            return []
        if not isinstance(value, list):
            return [Problem(doc.path, doc.line(*at), CODE,
                            f"{name(label)} must be a list, not {describe(value)}",
                            "write one '- ...' item per line")]
        return [p for index, item in enumerate(value)
                for p in _check_option(option.option_type, item, True, doc, at + (index,),
                                       label + (index,))]
    try:
        option.validate(value)
    except ValidationError as exc:
        message = str(exc)
        if value is None:
            message = "is required" if not present else "must not be empty"
        elif type(option) is c.Type:
            message = f"must be {_type_names(option._type)}, not {describe(value)}"
        return [Problem(doc.path, doc.line(*at), CODE, f"{name(label)} {message}",
                        "see the configuration options in README.md")]
    return []


def _type_names(types: type | tuple[type, ...]) -> str:
    words = {str: "text", list: "a list", dict: "a mapping", bool: "true or false",
             int: "a whole number", float: "a number"}
    return " or ".join(words.get(t, t.__name__) for t in (types if isinstance(types, tuple) else (types,)))


def typed(schema: type[Config], data: dict[str, Any], config_file: str) -> Config:
    """The same data as MkDocs' validated Config (defaults filled in): what the plugin gets."""
    config = schema(config_file_path=config_file)
    config.load_dict(data)
    failed, _ = config.validate()
    if failed:  # check() found nothing, so MkDocs disagreeing is a bug in this module
        raise AssertionError(f"MkDocs rejects what guidekit accepted: {failed}")
    return config
