"""Small declarative schemas for the YAML data files writers edit (front matter, registries).

mkdocs.yml's plugin block has its schema in MkDocs' typed config (guidekit.options); the data
files are read by MkDocs-free modules, so they describe their shape with these few types and
`check()` reports every mismatch at the exact line `yamlfile` recorded for it. The messages use
the same words as guidekit.options (`describe`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from guidekit.problems import Problem
from guidekit.yamlfile import Yaml


class Spec:
    def problems(self, value: Any, doc: Yaml, at: tuple[Any, ...], ctx: _Context) -> list[Problem]:
        raise NotImplementedError


@dataclass(frozen=True)
class _Context:
    code: str
    hint: str
    label: tuple[Any, ...]   # where `at` starts, as named in messages

    def problem(self, doc: Yaml, at: tuple[Any, ...], message: str) -> Problem:
        return Problem(doc.path, doc.line(*at), self.code, f"{name(self.label + at)} {message}",
                       self.hint)


@dataclass(frozen=True)
class Anything(Spec):
    def problems(self, value, doc, at, ctx):
        return []


# Characters plain text has no use for: Markdown/HTML syntax that would turn a name into markup
# where it is spliced into a page, and bidi controls that reorder digits on screen.
MARKUP = re.compile(r"[<>\[\]{}`]")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Control characters (a CR is a line break to Markdown; NUL and friends are invalid in HTML/XML).
CONTROL = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]")


def plain_text_problem(value: str) -> str | None:
    """Why `value` is not plain text (markup or a bidi control), or None."""
    if found := BIDI.search(value):
        return f"contains the invisible direction control U+{ord(found.group()):04X}"
    if found := CONTROL.search(value):
        return f"contains the control character U+{ord(found.group()):04X}"
    if found := MARKUP.search(value):
        return f"contains {found.group()!r}: plain text only, no markup"
    return None


@dataclass(frozen=True)
class Text(Spec):
    choices: Collection[str] = ()
    empty_ok: bool = False
    plain: bool = False          # refuse markup characters and bidi controls
    pattern: str | None = None   # the whole value must match (e.g. a URL or a phone number)
    what: str = ""               # what the pattern stands for, in messages

    def problems(self, value, doc, at, ctx):
        if not isinstance(value, str):
            return [ctx.problem(doc, at, f"must be text, not {describe(value)}")]
        if not self.empty_ok and not value.strip():
            return [ctx.problem(doc, at, "must not be empty")]
        if self.choices and value not in self.choices:
            return [ctx.problem(doc, at, f"{value!r} is not one of: {', '.join(sorted(self.choices))}")]
        if self.pattern and not re.fullmatch(self.pattern, value):
            return [ctx.problem(doc, at, f"{value[:60]!r} is not {self.what}")]
        if self.plain and (why := plain_text_problem(value)):
            return [ctx.problem(doc, at, why)]
        return []


@dataclass(frozen=True)
class Whole(Spec):
    low: int
    high: int

    def problems(self, value, doc, at, ctx):
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            return [ctx.problem(doc, at, f"must be a whole number from {self.low} to {self.high}, "
                                         f"not {describe(value)}")]
        return []


@dataclass(frozen=True)
class Number(Spec):
    low: float
    high: float

    def problems(self, value, doc, at, ctx):
        if isinstance(value, bool) or not isinstance(value, int | float) or not self.low <= value <= self.high:
            return [ctx.problem(doc, at, f"must be a number from {self.low:g} to {self.high:g}, "
                                         f"not {describe(value)}")]
        return []


@dataclass(frozen=True)
class Flag(Spec):
    def problems(self, value, doc, at, ctx):
        if not isinstance(value, bool):
            return [ctx.problem(doc, at, f"must be true or false, not {describe(value)}")]
        return []


@dataclass(frozen=True)
class Date(Spec):
    def problems(self, value, doc, at, ctx):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return []
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
                return []
            except ValueError:
                pass
        return [ctx.problem(doc, at, f"must be a date (YYYY-MM-DD), not {describe(value)}")]


@dataclass(frozen=True)
class Nullable(Spec):
    inner: Spec

    def problems(self, value, doc, at, ctx):
        return [] if value is None else self.inner.problems(value, doc, at, ctx)


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec
    single_ok: bool = False      # `topics: x` taken as `[x]`

    def problems(self, value, doc, at, ctx):
        if self.single_ok and not isinstance(value, list | dict):
            return self.item.problems(value, doc, at, ctx)
        if not isinstance(value, list):
            return [ctx.problem(doc, at, f"must be a list, not {describe(value)}")]
        return [p for index, item in enumerate(value)
                for p in self.item.problems(item, doc, at + (index,), ctx)]


@dataclass(frozen=True)
class MapOf(Spec):
    """A mapping whose keys are free (locale ids, ...) and whose values all have one shape."""
    value: Spec

    def problems(self, value, doc, at, ctx):
        if not isinstance(value, dict):
            return [ctx.problem(doc, at, f"must be a mapping of keys to values, not {describe(value)}")]
        return [p for key, item in value.items() for p in self.value.problems(item, doc, at + (key,), ctx)]


@dataclass(frozen=True)
class Fields(Spec):
    fields: Mapping[str, Spec]
    required: Collection[str] = ()
    open: bool = False           # unknown keys allowed (checked elsewhere)
    known_extra: Collection[str] = field(default=())  # accepted, not checked here

    def problems(self, value, doc, at, ctx):
        if not isinstance(value, dict):
            return [ctx.problem(doc, at, f"must be a mapping of keys to values, not {describe(value)}")]
        out = []
        for key in value:
            if key in self.fields:
                out += self.fields[key].problems(value[key], doc, at + (key,), ctx)
            elif not self.open and key not in self.known_extra:
                known = ", ".join([*self.fields, *self.known_extra])
                out.append(Problem(doc.path, doc.line(*at, key), ctx.code,
                                   f"{name(ctx.label + at + (key,))} is not a key guidekit knows",
                                   f"use one of: {known}"))
        for key in self.required:
            if value.get(key) is None and key not in value:
                out.append(ctx.problem(doc, at, f"needs '{key}'"))
        return out


def check(spec: Spec, doc: Yaml, code: str, hint: str, at: tuple[Any, ...] = (),
          label: tuple[Any, ...] = ()) -> list[Problem]:
    """Every problem of the value at `at` in `doc` against `spec`, each at its line."""
    value = doc.data
    for key in at:
        value = value[key]
    ctx = _Context(code, hint, label)
    return [Problem(p.path, p.line, p.code, p.message, p.hint) for p in spec.problems(value, doc, at, ctx)]


def name(where: tuple[Any, ...]) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def describe(value: object) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    return type(value).__name__
