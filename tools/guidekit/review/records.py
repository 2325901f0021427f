"""Sign-off records: one small YAML file per guide and language, outside the guides.

`reviews/<locale>/<guide>.yml` (e.g. `reviews/ms/teens/talking.yml`) holds the sign-off of
`guides/teens/talking.md` in Malay. Records live apart from the guides so that no check that
reads Markdown ever sees a digest or a signature, and adding or removing one changes no line
number in a guide, a template or a catalogue. The file's place names the guide and language;
the fields repeat them so a clinician reading the file knows what it is, and a record copied
to another place is refused. Reading never guesses: everything is read as text, dates are
checked as dates, duplicate keys are refused, and each problem names the file and line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from guidekit.config import Project
from guidekit.problems import Problem, yaml_problem

REVIEWS_DIR = "reviews"
FIELDS = ("guide", "locale", "reviewer", "date", "digest", "signature")
REQUIRED = ("guide", "locale", "reviewer", "date", "digest")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
_SIGNATURE = re.compile(r"^[A-Za-z0-9+/=]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_BYTES = 64 * 1024  # a record is a few hundred bytes; anything huge is not one

HEADER = ("# Clinical sign-off of {source} in {locale}, written by 'guidekit review sign'.\n"
          "# Do not edit by hand: the signature covers every field. See CONTRIBUTING.md.\n")


@dataclass(frozen=True)
class SignOff:
    guide: str                 # relative to docs_dir, e.g. "warning-signs.md"
    locale: str
    reviewer: str
    date: dt.date
    digest: str
    signature: str | None
    path: str                  # the record file as shown in messages
    line: int = 1              # first line of the record (after the header comment)
    lines: tuple[tuple[str, int], ...] = ()  # field -> line, for messages about one field

    def line_of(self, name: str) -> int:
        return dict(self.lines).get(name, self.line)


def reviews_dir(project: Project) -> Path:
    return project.root / REVIEWS_DIR


def record_path(project: Project, guide: str, locale: str) -> Path:
    return reviews_dir(project) / locale / (guide[:-3] + ".yml")


def where(path: Path, project: Project) -> tuple[str, str] | None:
    """(guide, locale) a record file stands for, from its place under reviews/."""
    try:
        rel = path.relative_to(reviews_dir(project)).as_posix()
    except ValueError:
        return None
    locale, _, rest = rel.partition("/")
    if not rest.endswith(".yml"):
        return None
    return rest[:-4] + ".md", locale


def all_record_files(project: Project) -> list[Path]:
    """Every file under reviews/ (a file that is not a record of a guide is reported)."""
    folder = reviews_dir(project)
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def read(project: Project, guide: str, locale: str) -> tuple[SignOff | None, list[Problem]]:
    """The record of guide x locale from the working tree; (None, []) when there is none."""
    path = record_path(project, guide, locale)
    if not path.is_file():
        return None, []
    return parse(path.read_bytes(), project.rel(path), guide, locale)


def parse(data: bytes, display: str, guide: str,
          locale: str) -> tuple[SignOff | None, list[Problem]]:
    """A record from its bytes; (None, problems) when it is not a well-formed record of
    exactly this guide and language."""
    hint = "let 'guidekit review sign' write the record; never edit one by hand"

    def bad(line: int, message: str, code: str = "review-record") -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, code, message, hint)]

    if len(data) > _MAX_BYTES:
        return bad(1, f"a sign-off record is a few lines, not {len(data)} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return bad(1, "a sign-off record must be UTF-8 text")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        problem = yaml_problem(exc, display, "review-record", "the sign-off record")
        return None, [Problem(problem.path, problem.line, problem.code, problem.message, hint)]
    if not isinstance(node, yaml.MappingNode):
        return bad(1 if node is None else node.start_mark.line + 1,
                   "a sign-off record must be a mapping of " + ", ".join(FIELDS))
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode) or key.value not in FIELDS:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            return bad(line, f"unknown field {name!r} in a sign-off record "
                             f"(fields: {', '.join(FIELDS)})")
        if key.value in values:
            return bad(line, f"{key.value!r} appears twice (first at line {lines[key.value]})",
                       "review-duplicate")
        if not isinstance(value, yaml.ScalarNode) or value.tag == "tag:yaml.org,2002:null":
            return bad(line, f"{key.value!r} must be a single value")
        values[key.value] = value.value.strip()
        lines[key.value] = line
    missing = [f for f in REQUIRED if not values.get(f)]
    if missing:
        return bad(node.start_mark.line + 1, "missing " + ", ".join(missing))
    if values["guide"] != guide or values["locale"] != locale:
        return bad(lines["guide"] if values["guide"] != guide else lines["locale"],
                   f"this record is for {values['guide']} in {values['locale']}, but its place "
                   f"says {guide} in {locale}", "review-misplaced")
    raw_date = values["date"]
    try:
        if not _DATE.match(raw_date):
            raise ValueError("expected YYYY-MM-DD")
        date = dt.date.fromisoformat(raw_date)
    except ValueError as exc:
        return bad(lines["date"], f"date {raw_date!r} is not a date ({exc})", "review-date")
    if not _DIGEST.match(values["digest"]):
        return bad(lines["digest"], f"digest {values['digest'][:80]!r} is not "
                                    "sha256:<64 hex digits>")
    signature = values.get("signature") or None
    if signature is not None and not _SIGNATURE.match(signature):
        return bad(lines["signature"], "signature is not base64 text")
    first = min(lines.values())
    return SignOff(guide, locale, values["reviewer"], date, values["digest"], signature,
                   display, first, tuple(sorted(lines.items()))), []


def render(record: SignOff, source: str) -> str:
    """The file text of a record (`source`: the guide as people name it, guides/x.md)."""
    head = HEADER.format(source=source, locale=record.locale)
    body = {"guide": record.guide, "locale": record.locale, "reviewer": record.reviewer,
            "date": record.date.isoformat(), "digest": record.digest}
    text = "".join(f"{k}: {v if k in ('date', 'digest') else _scalar(v)}\n"
                   for k, v in body.items())
    if record.signature:
        text += f"signature: {record.signature}\n"
    return head + text


def _scalar(value: str) -> str:
    # Every value is plain text; quote anything YAML could read as another type or syntax.
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000,
                            default_style=None).removesuffix("\n...\n").strip()
    return dumped


def write_all(files: dict[Path, str]) -> None:
    """Write every record or none: each goes to a temp file first, then all are renamed."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            staged.append((tmp, path))
    except BaseException:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
