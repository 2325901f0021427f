"""One shape for everything a check finds: where, a stable kebab-case code, what, how to fix."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" fails the run; "warning" is reported only

    def format(self) -> str:
        level = "" if self.severity == "error" else "warning: "
        text = f"{self.path}:{self.line}: {level}{self.code}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ProblemsFound(Exception):
    """Raised only when the program cannot go on; carries the problems that stopped it."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class UsageProblem(ProblemsFound):
    """The command was called wrongly (unknown --locale, no project): exit status 2, not 1."""


def yaml_problem(exc: Exception, path: str, code: str, what: str, first_line: int = 1,
                 text: str | None = None) -> Problem:
    """A YAML syntax error as a Problem at the line PyYAML points to (first_line: the file line
    where the YAML text starts, e.g. 2 for front matter; text: the YAML, to place errors that
    carry a character position instead of a mark, such as a control character)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = first_line + (mark.line if mark else 0)
    position = getattr(exc, "position", None)
    if mark is None and isinstance(position, int) and text is not None:
        line = first_line + text.count("\n", 0, position)
        character = getattr(exc, "character", None)
        if isinstance(character, int):
            reason = f"control character U+{character:04X} is not allowed"
    return Problem(path, line, code, f"{what} is not valid YAML: {reason}", "fix the YAML syntax")


def report(problems: Iterable[Problem], stream: TextIO | None = None) -> int:
    """Print problems in a stable order; return how many are errors."""
    stream = stream or sys.stdout
    errors = 0
    for problem in sorted(set(problems)):
        print(problem.format(), file=stream)
        errors += problem.is_error
    return errors
