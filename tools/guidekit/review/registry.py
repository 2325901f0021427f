"""The reviewers registry, reviewers.yml: who may sign which language, with which SSH keys.

Every entry is a real person who asked to be listed. Loading never guesses: a broken file, a
missing field or a duplicate id is a Problem at `reviewers.yml:LINE`, and the registry is then
treated as empty, so no sign-off can be valid against a registry nobody can read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guidekit import schema, yamlfile
from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound

REQUIRED = ("id", "name", "role", "qualification", "locales")
_KEY = re.compile(r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|"
                  r"sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/=]+( .*)?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_GITHUB = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


@dataclass(frozen=True)
class Key:
    key: str                          # "ssh-ed25519 AAAA... comment"
    valid_after: dt.date | None = None   # first day the key may sign
    valid_before: dt.date | None = None  # first day the key may no longer sign


@dataclass(frozen=True)
class Reviewer:
    id: str
    name: str
    role: str
    qualification: str
    locales: tuple[str, ...]
    keys: tuple[Key, ...] = ()
    registration: str | None = None
    line: int = 1
    github: str | None = None          # GitHub username: CODEOWNERS asks them to review

    def may_sign(self, locale_id: str) -> bool:
        return locale_id in self.locales


@dataclass(frozen=True)
class Registry:
    path: str                          # as shown in messages, e.g. "reviewers.yml"
    reviewers: tuple[Reviewer, ...] = ()
    problems: tuple[Problem, ...] = ()

    def get(self, reviewer_id: str) -> Reviewer | None:
        return next((r for r in self.reviewers if r.id == reviewer_id), None)

    def for_locale(self, locale_id: str) -> list[Reviewer]:
        return [r for r in self.reviewers if r.may_sign(locale_id)]


_TEXT = schema.Text(plain=True)  # printed on every signed page: "Reviewed by <name>, <role>"
# Types only: what each field means (ids, locales, keys) is checked in parse().
SCHEMA = schema.Fields({"reviewers": schema.Nullable(schema.ListOf(schema.Fields(
    {"id": _TEXT, "name": _TEXT, "role": _TEXT, "qualification": _TEXT,
     "registration": schema.Nullable(schema.Text()),
     "github": schema.Nullable(schema.Text()),
     "locales": schema.ListOf(_TEXT, single_ok=True),
     "keys": schema.Nullable(schema.ListOf(schema.Anything()))},
    open=True)))}, open=True)


def registry_path(project: Project) -> Path:
    return project.root / str(project.options.get("reviewers_file", "reviewers.yml"))


def load(project: Project) -> Registry:
    path = registry_path(project)
    display = project.rel(path)
    if not path.exists():
        return Registry(display, (), ())
    try:
        text = yamlfile.decode(path.read_bytes(), display, "reviewers-yaml", "the reviewers registry")
    except ProblemsFound as exc:
        return Registry(display, (), tuple(exc.problems))
    except OSError as exc:
        return Registry(display, (), (Problem(display, 1, "reviewers-yaml", "cannot read the "
                                              f"reviewers registry: {exc.strerror or exc}",
                                              "make it a readable file"),))
    # A build asks for the registry from many places (status pages, every page's review note):
    # parse each distinct text once. Keyed by the text itself, so an edit is never missed.
    key = (text, display, tuple(loc.id for loc in project.locales))
    if key not in _parsed:
        if len(_parsed) > 32:
            _parsed.clear()
        _parsed[key] = parse(text, display, project)
    return _parsed[key]


_parsed: dict[tuple, Registry] = {}


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(value)


def parse(text: str, display: str, project: Project | None = None) -> Registry:
    """Parse registry text (from the working tree or from `git show REF:reviewers.yml`)."""
    def bad(line: int, code: str, message: str, hint: str) -> Problem:
        return Problem(display, line, code, message, hint)

    try:
        doc = yamlfile.parse(text, display, "reviewers-yaml", "the reviewers registry")
    except ProblemsFound as exc:
        return Registry(display, (), tuple(exc.problems))
    data = doc.data
    if data is None:
        return Registry(display)
    problems = schema.check(SCHEMA, doc, "reviewers-yaml", "see the comment at the top of reviewers.yml")
    if problems:
        return Registry(display, (), tuple(problems))
    items = data.get("reviewers") or []
    lines = [doc.line("reviewers", index) for index in range(len(items))]
    known_locales = {loc.id for loc in project.locales} if project else None
    reviewers: list[Reviewer] = []
    seen: dict[str, int] = {}
    for item, line in zip(items, lines):
        if not isinstance(item, dict):
            problems.append(bad(line, "reviewers-field", "each reviewer must be a mapping",
                                "write id, name, role, qualification, locales and keys"))
            continue
        missing = [f for f in REQUIRED if item.get(f) in (None, "", [])]
        if missing:
            problems.append(bad(line, "reviewers-field", f"reviewer {item.get('id', '?')!s} lacks "
                                + ", ".join(missing), "add the missing field(s)"))
            continue
        rid = str(item["id"])
        if not _ID.match(rid):
            problems.append(bad(line, "reviewers-field", f"reviewer id {rid!r} is not a lowercase "
                                "slug", "use letters, digits, '.', '_' and '-' only"))
            continue
        if rid in seen:
            problems.append(bad(line, "reviewers-duplicate", f"reviewer id {rid!r} is already "
                                f"used at line {seen[rid]}", "give each reviewer one entry"))
            continue
        seen[rid] = line
        locales = item["locales"] if isinstance(item["locales"], list) else [item["locales"]]
        locales = tuple(str(x) for x in locales)
        for loc in locales:
            if known_locales is not None and loc not in known_locales:
                problems.append(bad(line, "reviewers-locale", f"reviewer {rid}: no locale {loc!r} "
                                    "in the guidekit locale table",
                                    "use a Babel id such as en, ms, zh_Hans, ta"))
        keys, key_problem = _keys(item.get("keys") or [], rid)
        if key_problem:
            problems.append(bad(line, "reviewers-key", key_problem,
                                "write keys as {key: 'ssh-ed25519 AAAA...', valid_after: "
                                "YYYY-MM-DD, valid_before: YYYY-MM-DD}"))
            continue
        github = item.get("github")
        if github is not None and not _GITHUB.match(str(github)):
            problems.append(bad(line, "reviewers-field", f"reviewer {rid}: github {github!r} is "
                                "not a GitHub username", "write the username, e.g. github: "
                                "your-name"))
            continue
        reviewers.append(Reviewer(rid, str(item["name"]), str(item["role"]),
                                  str(item["qualification"]), locales, keys,
                                  None if item.get("registration") is None
                                  else str(item["registration"]), line,
                                  None if github is None else str(github).lstrip("@")))
    return Registry(display, tuple(reviewers), tuple(problems))


def _keys(entries: Any, rid: str) -> tuple[tuple[Key, ...], str]:
    if not isinstance(entries, list):
        return (), f"reviewer {rid}: keys must be a list"
    keys = []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"key": entry}
        if not isinstance(entry, dict) or not _KEY.match(str(entry.get("key", "")).strip()):
            return (), f"reviewer {rid}: not an SSH public key: {str(entry)[:40]!r}"
        try:
            after, before = _date(entry.get("valid_after")), _date(entry.get("valid_before"))
        except ValueError as exc:
            return (), f"reviewer {rid}: not a date: {exc.args[0]!r}"
        keys.append(Key(str(entry["key"]).strip(), after, before))
    return tuple(keys), ""
