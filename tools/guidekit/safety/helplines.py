"""The one helpline registry (guides/_data/helplines.yml) and the phone numbers in text.

Guides write `[[helpline:<id>]]`; the build expands it to a tap-to-call link from the registry, so
a number lives in exactly one place. `check_text_numbers` finds every phone number written
literally in a guide or msgstr: unknown numbers are errors (`phone-unregistered`), registered
ones must use the placeholder (`phone-hardcoded`).

Phone detection (Malaysian formats), chosen to avoid years and counts:
- `+60 3-7627 2929` and other +60 numbers; `03-7627 2929`, `019-261 5999` (leading 0, 9-11 digits);
- toll-free `1-800-82-0066` / `1300...`; anything else with 9 or more digits;
- 5-digit short codes starting 15 (`15555`, `15999`);
- 3-digit codes (`999`, `112`) only when they are registry numbers or follow a word like
  call / telefon / hubungi / 拨打 / அழை within a few characters.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidekit import schema, yamlfile
from guidekit.problems import Problem, ProblemsFound

REGISTRY_FILE = "helplines.yml"
MAX_AGE_DAYS = 180
EMERGENCY_CODES = frozenset({"999", "112"})
# How a number is reached. A WhatsApp number opens a chat (https://wa.me/<digits>), not a call;
# only where the registry's source says the number is WhatsApp.
CHANNELS = ("phone", "whatsapp")

_DIGITS = {cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x20000)  # digits live below
           if chr(cp).isdecimal() and not ("0" <= chr(cp) <= "9")}


def ascii_digits(text: str) -> str:
    """Fold every Unicode decimal digit (full-width, Tamil, ...) to ASCII, one char for one."""
    return text.translate(_DIGITS)


def normalise(number: str) -> str:
    """Digits in national form: '+60 3-7627 2929' and '03-7627 2929' both give '0376272929'."""
    number = ascii_digits(number).strip()
    digits = re.sub(r"\D", "", number)
    if number.startswith("+") and digits.startswith("60"):
        rest = digits[2:]
        return rest if rest.startswith(("1800", "1300", "1700")) else "0" + rest
    return digits


# --- the registry -------------------------------------------------------------------------

@dataclass(frozen=True)
class Number:
    display: str      # as readers see it: "03-7627 2929"
    tel: str          # the tap-to-call target without "tel:": "+60376272929"
    note: str | None = None
    channel: str = "phone"

    @property
    def normalised(self) -> str:
        return normalise(self.tel)

    @property
    def href(self) -> str:
        """Where a tap leads: a call, or a WhatsApp chat (international digits, no '+')."""
        if self.channel == "whatsapp":
            return "https://wa.me/" + re.sub(r"\D", "", ascii_digits(self.tel))
        return f"tel:{self.tel}"


@dataclass(frozen=True)
class Service:
    id: str
    name: dict[str, str]
    numbers: tuple[Number, ...]
    hours: str | None = None
    purpose: str | None = None
    languages: tuple[str, ...] | None = None
    website: str | None = None
    email: str | None = None
    source: str | None = None
    status: str | None = None
    verified_on: dt.date | None = None
    topics: tuple[str, ...] = ()                    # e.g. eating-disorders: which help panels list it
    line: int = 1                                   # line of the entry in helplines.yml
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def name_for(self, locale: str) -> str:
        return self.name.get(locale) or self.name.get("en") or self.id

    @property
    def primary(self) -> Number:
        return self.numbers[0]


@dataclass(frozen=True)
class Registry:
    path: str                                       # as shown in messages
    services: tuple[Service, ...] = ()

    def get(self, service_id: str) -> Service | None:
        for service in self.services:
            if service.id == service_id:
                return service
        return None

    def all_numbers(self) -> set[str]:
        """Every registered number, normalised (display and tel forms agree after loading)."""
        return {normalise(n.display) for s in self.services for n in s.numbers} | \
               {n.normalised for s in self.services for n in s.numbers}

    def by_number(self) -> dict[str, Service]:
        found: dict[str, Service] = {}
        for service in self.services:
            for n in service.numbers:
                found.setdefault(normalise(n.display), service)
                found.setdefault(n.normalised, service)
        return found


def registry_path(project) -> Path:
    return project.data_dir / REGISTRY_FILE


def _problem(path: str, line: int, message: str, hint: str = "fix the entry in the registry") -> Problem:
    return Problem(path, line, "helplines-yaml", message, hint)


# Registry text reaches every page (help panel, placeholders spliced into Markdown, tel: links):
# plain text only, numbers only digits, links only https.
_TEXT = schema.Nullable(schema.Text(plain=True))
SCHEMA = schema.Fields({
    "services": schema.ListOf(schema.Fields(
        {
            "id": schema.Text(pattern=r"[a-z0-9][a-z0-9-]*", what="an id (a-z, 0-9, '-')"),
            "name": schema.MapOf(schema.Text(plain=True)),   # per locale; 'en' checked below
            "numbers": schema.ListOf(schema.Fields(
                {"display": schema.Text(pattern=r"[+(]?[0-9](?:[0-9 ().\-]*[0-9])?",
                                        what="a phone number (digits, spaces, '-', '.', '+')"),
                 "tel": schema.Text(pattern=r"\+?[0-9]+", what="a tel: target (digits, a leading +)"),
                 "note": _TEXT,
                 "channel": schema.Text(choices=CHANNELS)},
                required=("display",))),
            "hours": _TEXT, "purpose": _TEXT, "source": _TEXT, "status": _TEXT,
            "website": schema.Nullable(schema.Text(pattern=r"https://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"'`\\]*)?",
                                                   what="an https:// address (no user@ part: "
                                                        "https://a.gov.my@evil.example goes to evil.example)")),
            "email": schema.Nullable(schema.Text(pattern=r"[^\s@<>\"'`]+@[^\s@<>\"'`]+",
                                                 what="an email address")),
            "languages": schema.Nullable(schema.ListOf(schema.Text())),
            "verified_on": schema.Nullable(schema.Date()),
            # e.g. eating-disorders: the eating-disorder help panel in search lists the service
            "topics": schema.Nullable(schema.ListOf(schema.Text(
                pattern=r"[a-z0-9][a-z0-9-]*", what="a topic name (a-z, 0-9, '-')"))),
        },
        required=("id", "name", "numbers"))),
}, required=("services",))


def parse(text: str, display: str) -> Registry:
    """Parse registry YAML; raise ProblemsFound (helplines-yaml, path:line) when it is unusable."""
    return _from_yaml(yamlfile.parse(text, display, "helplines-yaml", "helpline registry"))


def _from_yaml(doc: yamlfile.Yaml) -> Registry:
    display = doc.path
    if doc.data is None:
        raise ProblemsFound([_problem(display, 1, "the registry needs a 'services:' list")])
    problems = schema.check(SCHEMA, doc, "helplines-yaml", "fix the entry in the registry")
    if problems:
        raise ProblemsFound(problems)
    services: list[Service] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(doc.data["services"]):
        at = ("services", index)
        line = doc.line(*at)
        sid = item["id"]
        if sid in seen:
            problems.append(_problem(display, doc.line(*at, "id"),
                                     f"service id {sid!r} appears twice (first at line {seen[sid]})"))
        seen.setdefault(sid, doc.line(*at, "id"))
        name = item["name"]
        if not isinstance(name.get("en"), str):
            problems.append(_problem(display, doc.line(*at, "name"),
                                     f"service {sid!r} needs 'name:' with at least 'en'"))
        numbers = []
        for n, raw in enumerate(item["numbers"]):
            channel = raw.get("channel") or "phone"
            num = Number(raw["display"], raw.get("tel") or raw["display"], raw.get("note"), channel)
            if channel == "whatsapp" and not num.tel.startswith("+"):
                problems.append(_problem(display, doc.line(*at, "numbers", n),
                                         f"service {sid!r}: WhatsApp number {num.display!r} needs "
                                         "tel in international form", "write tel: \"+60...\""))
            if normalise(num.display) != num.normalised or not num.normalised:
                problems.append(_problem(display, doc.line(*at, "numbers", n),
                                         f"service {sid!r}: display {num.display!r} and tel {num.tel!r} "
                                         "are different numbers", "make both forms the same number"))
            numbers.append(num)
        if not numbers:
            problems.append(_problem(display, doc.line(*at, "numbers"), f"service {sid!r} has no numbers"))
            continue
        verified = item.get("verified_on")
        if isinstance(verified, str):
            verified = dt.date.fromisoformat(verified)
        if verified and verified > dt.date.today():  # nobody checked it on a day still to come
            problems.append(_problem(display, doc.line(*at, "verified_on"),
                                     f"service {sid!r}: verified_on {verified.isoformat()} is in the future",
                                     "set it to the day a person checked the number against its source"))
        languages = item.get("languages")
        topics = tuple(item.get("topics") or ())
        lines = {"": line, **{str(k): doc.line(*at, k) for k in item}}
        services.append(Service(
            id=sid, name={str(k): str(v) for k, v in name.items()}, numbers=tuple(numbers),
            hours=item.get("hours"), purpose=item.get("purpose"),
            languages=tuple(languages) if languages else None, website=item.get("website"),
            email=item.get("email"), source=item.get("source"), status=item.get("status"),
            verified_on=verified, topics=topics, line=line, key_lines=lines))
    if problems:
        raise ProblemsFound(problems)
    return Registry(display, tuple(services))


def load(project) -> Registry:
    """The project's registry; empty when the file does not exist; ProblemsFound when broken."""
    path = registry_path(project)
    display = project.rel(path)
    if not path.exists():
        return Registry(display, ())
    # Read from many places in one build (help panel, site strings, checks): parse each
    # distinct content once. Keyed by the bytes themselves, so an edit is never missed; a file
    # that cannot be read or parsed goes through yamlfile.read for its message every time.
    key: tuple[str, bytes] | None = None
    try:
        if path.is_file() and path.stat().st_size <= yamlfile.MAX_BYTES:  # never a pipe or device
            key = (display, path.read_bytes())
    except OSError:
        pass
    if key is not None and key in _parsed:
        return _parsed[key]
    registry = _from_yaml(yamlfile.read(path, display, "helplines-yaml", "helpline registry"))
    if key is not None:
        if len(_parsed) > 32:
            _parsed.clear()
        _parsed[key] = registry
    return registry


_parsed: dict[tuple[str, bytes], Registry] = {}


# --- phone numbers in text ----------------------------------------------------------------

_SEP = r"[ \t\u00a0.-]?"
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    rf"\+[ \t]?60(?:{_SEP}\d){{8,11}}"          # +60 3-7627 2929
    rf"|1{_SEP}[378]00(?:{_SEP}\d){{6}}"        # 1-800-82-0066
    rf"|0\d(?:{_SEP}\d){{7,9}}"                 # 03-7627 2929, 019-261 5999
    rf"|\d(?:{_SEP}\d){{8,}}"                   # anything with 9+ digits
    r"|15\d{3}"                                 # short codes 15555, 15999
    r"|\d{3}"                                   # 999, 112: only in context, see below
    r")(?!\d)(?![.,]\d)")
_CALL_WORD = re.compile(r"(?i:\b(?:call|phone|dial|ring|text|whatsapp|telefon|hubungi|dail|talian|"
                        r"nombor|tel)\b)|拨打|致电|电话|热线|அழை|தொலைபேசி|எண்")


def _find(text: str, known: Iterable[str]) -> list[tuple[int, str, str]]:
    known = set(known)
    folded = ascii_digits(text)
    found = []
    for match in _PHONE.finditer(folded):
        raw = match.group(0).rstrip(" \t.-")
        digits = normalise(raw)
        if len(digits) == 3 and digits not in known:
            before = folded[max(0, match.start() - 25):match.start()]
            if not _CALL_WORD.search(before):
                continue
            if match.start() and folded[match.start() - 1] in ",.":
                continue
        found.append((match.start(), text[match.start():match.start() + len(raw)], digits))
    return found


def find_phone_numbers(text: str, known: Iterable[str] = EMERGENCY_CODES) -> list[tuple[str, str]]:
    """(number as written, normalised digits) for every phone number in text, in order."""
    return [(raw, digits) for _, raw, digits in _find(text, known)]


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


_NOT_TEXT = re.compile(r"<!--.*?-->|\]\([^)\n]*\)|<[a-z/!][^<>]*>|\b[a-z][a-z0-9+.-]*://\S+"
                       r"|\[\[[^\[\]]*\]\]", re.IGNORECASE | re.DOTALL)


def check_text_numbers(path: str, line: int, text: str, registry: Registry,
                       per_line: bool = True) -> list[Problem]:
    """Phone numbers written in text (starting at `line` of `path`) that bypass the registry.

    per_line=False reports every finding at `line` (a msgstr: its PO entry line).
    """
    masked = _NOT_TEXT.sub(_blank, text)
    owners = registry.by_number()
    problems = []
    for start, raw, digits in _find(masked, registry.all_numbers() | EMERGENCY_CODES):
        where = line + (masked.count("\n", 0, start) if per_line else 0)
        service = owners.get(digits)
        if service is None:
            problems.append(Problem(path, where, "phone-unregistered",
                                    f"phone number {raw!r} is not in the helpline registry",
                                    f"add the service with its source to {registry.path} and write "
                                    "[[helpline:<id>]], or remove the number"))
        else:
            problems.append(Problem(path, where, "phone-hardcoded",
                                    f"{service.name_for('en')} number {raw!r} written literally",
                                    f"write [[helpline:{service.id}]] so the number comes from the registry"))
    return problems


# --- placeholders -------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\[\[helpline(-name)?:([^\[\]\s]*)\]\]")


def check_placeholders(path: str, line: int, text: str, registry: Registry,
                       per_line: bool = True) -> list[Problem]:
    problems = []
    for match in PLACEHOLDER.finditer(text):
        if registry.get(match.group(2)) is None:
            where = line + (text.count("\n", 0, match.start()) if per_line else 0)
            problems.append(_unknown(path, where, match.group(2), registry))
    return problems


def _unknown(path: str, line: int, sid: str, registry: Registry) -> Problem:
    known = ", ".join(s.id for s in registry.services) or "none"
    return Problem(path, line, "helpline-unknown", f"no helpline {sid!r} in {registry.path}",
                   f"use one of: {known}")


def expand_placeholders(text: str, locale_id: str, registry: Registry,
                        path: str = "<string>", line: int = 1) -> str:
    """`[[helpline:heal]]` -> `[15555](tel:15555)`; `[[helpline-name:heal]]` -> the local name.

    Raises ProblemsFound (helpline-unknown) for an id the registry does not have.
    """
    unknown = check_placeholders(path, line, text, registry)
    if unknown:
        raise ProblemsFound(unknown)

    def render(match: re.Match) -> str:
        service = registry.get(match.group(2))
        assert service is not None
        if match.group(1):
            return service.name_for(locale_id)
        number = service.primary
        return f"[{number.display}]({number.href})"

    return PLACEHOLDER.sub(render, text)


# --- registry checks ----------------------------------------------------------------------

def check_registry(project, today: dt.date | None = None, publish: bool = False) -> list[Problem]:
    """Registry problems: broken YAML, and entries unverified or verified > 180 days ago."""
    today = today or dt.date.today()
    try:
        registry = load(project)
    except ProblemsFound as exc:
        return list(exc.problems)
    if not registry.services:
        return [Problem(registry.path, 1, "helplines-missing", "no helpline registry",
                        "create it with the services pages may name", "error" if publish else "warning")]
    severity = "error" if publish else "warning"
    problems = []
    for service in registry.services:
        where = service.key_lines.get("verified_on", service.line)
        label = f"{service.name_for('en')} ({service.primary.display})"
        if service.verified_on is None:
            message = f"{label} has never been checked against its official source"
        elif (today - service.verified_on).days > MAX_AGE_DAYS:
            age = (today - service.verified_on).days
            message = (f"{label} was last checked on {service.verified_on.isoformat()}, "
                       f"{age} days ago (limit {MAX_AGE_DAYS})")
        else:
            continue
        problems.append(Problem(registry.path, where, "helpline-unverified", message,
                                "check it against the official source and set verified_on: "
                                "YYYY-MM-DD", severity))
    return problems


def as_dict(registry: Registry, locale_id: str) -> list[dict[str, Any]]:
    """Plain data for templates (the help panel and the search crisis panel), in registry order."""
    return [{
        "id": s.id, "name": s.name_for(locale_id), "hours": s.hours, "website": s.website,
        "numbers": [{"display": n.display, "tel": n.tel, "note": n.note, "channel": n.channel,
                     "href": n.href} for n in s.numbers],
        "verified_on": s.verified_on.isoformat() if s.verified_on else None,
    } for s in registry.services]
