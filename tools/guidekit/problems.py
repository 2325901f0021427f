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


def yaml_problem(exc: Exception, path: str, code: str, what: str, first_line: int = 1) -> Problem:
    """A YAML syntax error as a Problem at the line PyYAML points to (first_line: the file line
    where the YAML text starts, e.g. 2 for front matter)."""
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = first_line + (mark.line if mark else 0)
    return Problem(path, line, code, f"{what} is not valid YAML: {reason}", "fix the YAML syntax")


def report(problems: Iterable[Problem], stream: TextIO | None = None) -> int:
    """Print problems in a stable order; return how many are errors."""
    stream = stream or sys.stdout
    errors = 0
    for problem in sorted(set(problems)):
        print(problem.format(), file=stream)
        errors += problem.is_error
    return errors
