"""`guidekit check --only crisis-terms`: how well the search intercept finds distress, per language.

Runs the compiled distress model (guidekit.safety.distress) over the evaluation sets in
tests/data/crisis/<locale>.yml and over the held-out sets in its subfolders
(tests/data/crisis/heldout*/<locale>.yml, each written after the matcher was frozen). A set has
`crisis:` and `ed:` (category -> queries that must bring up that panel) and `benign:` (queries
that must bring up none). Recall counts a query only when the right panel appears; a false alarm
is any panel for a benign query. Below RECALL_MIN or above FALSE_ALARM_MAX is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from guidekit.config import Project
from guidekit.problems import Problem, ProblemsFound, yaml_problem
from guidekit.safety import distress
from guidekit.safety.distressmatch import Matcher

EVAL_DIR = Path("tests/data/crisis")
RECALL_MIN = 0.95
FALSE_ALARM_MAX = 0.03
PANELS = ("crisis", "ed")


@dataclass
class Score:
    """One evaluation set of one language."""
    path: str
    locale: str
    distress: int = 0
    found: int = 0                      # the right panel
    benign: int = 0
    alarms: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    by_category: dict[str, list[int]] = field(default_factory=dict)  # category -> [found, total]

    @property
    def recall(self) -> float:
        return self.found / self.distress if self.distress else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.alarms / self.benign if self.benign else 0.0


def _problem(path: str, line: int, message: str) -> Problem:
    return Problem(path, line, "crisis-eval", message,
                   "crisis: {category: [query, ...]}, ed: {category: [...]}, benign: [query, ...]")


def read_set(path: Path, display: str) -> dict[str, Any]:
    """An evaluation set; ProblemsFound (crisis-eval, path:line) when its shape is wrong."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProblemsFound([yaml_problem(exc, display, "crisis-eval", "evaluation set")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("benign"), list):
        raise ProblemsFound([_problem(display, 1, "an evaluation set needs a 'benign:' list")])
    for panel in PANELS:
        groups = data.get(panel) or {}
        if not isinstance(groups, dict) or not all(
                isinstance(v, list) and all(isinstance(q, str) for q in v) for v in groups.values()):
            line = next((i + 1 for i, row in enumerate(text.splitlines())
                         if row.startswith(f"{panel}:")), 1)
            raise ProblemsFound([_problem(display, line,
                                          f"'{panel}:' must map categories to lists of queries")])
    if not all(isinstance(q, str) for q in data["benign"]):
        raise ProblemsFound([_problem(display, 1, "'benign:' must be a list of queries")])
    return data


def score(matcher: Matcher, data: dict[str, Any], path: str, locale: str) -> Score:
    result = Score(path, locale)
    for panel in PANELS:
        for category, queries in (data.get(panel) or {}).items():
            tally = result.by_category.setdefault(f"{panel}/{category}", [0, 0])
            for query in queries:
                kind, _ = matcher.classify(query)
                result.distress += 1
                tally[1] += 1
                if kind == panel:
                    result.found += 1
                    tally[0] += 1
                else:
                    result.misses.append(f"{query!r} ({category}: {kind or 'no'} panel)")
    for query in data["benign"]:
        kind, rule = matcher.classify(query)
        result.benign += 1
        if kind:
            result.alarms += 1
            result.false_alarms.append(f"{query!r} ({kind}, rule {rule})")
    return result


def evaluation_sets(project: Project) -> list[tuple[str, Path]]:
    """(locale id, path) of every evaluation set: the own sets, then each held-out folder's."""
    root = project.root / EVAL_DIR
    found = []
    folders = [root] + (sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else [])
    for folder in folders:
        for locale in project.locales:
            path = folder / f"{locale.id}.yml"
            if path.is_file():
                found.append((locale.id, path))
    return found


def evaluate(project: Project) -> tuple[list[Score], list[Problem]]:
    try:
        model = distress.load(project)
    except ProblemsFound as exc:
        return [], list(exc.problems)
    sets = evaluation_sets(project)
    if model is None:
        if not sets:
            return [], []  # a project without a search intercept and nothing to score
        return [], [Problem(f"{project.rel(project.data_dir)}/{distress.DISTRESS_FILE}", 1,
                            "crisis-terms", "there is no distress-terms file to evaluate",
                            "the search intercept needs one; see its format in the README")]
    matcher = Matcher(model)
    scores, problems = [], []
    for locale, path in sets:
        display = project.rel(path)
        try:
            data = read_set(path, display)
        except ProblemsFound as exc:
            problems.extend(exc.problems)
            continue
        scores.append(score(matcher, data, display, locale))
    return scores, problems


def problems_for(scores: list[Score]) -> list[Problem]:
    out = []
    for s in scores:
        if s.recall < RECALL_MIN:
            out.append(Problem(s.path, 1, "crisis-recall",
                               f"{s.locale}: help shown for {s.recall:.1%} of distress queries "
                               f"(at least {RECALL_MIN:.0%} needed); missed: "
                               + "; ".join(s.misses[:5]),
                               "add forms or rules to guides/_data/distress-terms.yml"))
        if s.false_alarm_rate > FALSE_ALARM_MAX:
            out.append(Problem(s.path, 1, "crisis-false-alarms",
                               f"{s.locale}: help shown for {s.false_alarm_rate:.1%} of benign "
                               f"queries (at most {FALSE_ALARM_MAX:.0%}): "
                               + "; ".join(s.false_alarms[:5]),
                               "add a guard rule for the benign look-alike"))
    return out


def summary(scores: list[Score]) -> list[str]:
    """One line per evaluation set: recall and false alarms, for people reading the run."""
    lines = []
    for s in scores:
        lines.append(f"crisis-terms {s.path}: recall {s.found}/{s.distress} = {s.recall:.1%}, "
                     f"false alarms {s.alarms}/{s.benign} = {s.false_alarm_rate:.1%}")
    return lines
