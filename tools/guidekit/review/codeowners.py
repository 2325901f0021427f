"""`.github/CODEOWNERS` generated from reviewers.yml, so GitHub asks the clinicians who may sign
a language to review every pull request that changes its words.

GitHub applies the last matching pattern, so the file goes from general to specific: the
registry itself (every reviewer), English guides (reviewers for the source language), then
each translation's catalogues and sign-off records. A reviewer without a `github` username
is named in a comment only; a language without reviewers gets a comment saying so.
"""

from __future__ import annotations

from pathlib import Path

from guidekit.config import Project
from guidekit.problems import Problem
from guidekit.review import records
from guidekit.review import registry as reviewers

PATH = ".github/CODEOWNERS"
HEADER = ("# Generated from reviewers.yml by 'guidekit review codeowners'; do not edit by hand.\n"
          "# GitHub requests a review from the clinicians registered for the words a pull\n"
          "# request changes (the last matching line wins).\n")


def path(project: Project) -> Path:
    return project.root / PATH


def render(project: Project, registry: reviewers.Registry) -> str:
    def owners(people: list[reviewers.Reviewer]) -> str:
        return " ".join(f"@{r.github}" for r in people if r.github)

    lines = [HEADER]
    unnamed = [r.id for r in registry.reviewers if not r.github]
    if unnamed:
        lines.append(f"# Reviewers without a github username (not requested): "
                     f"{', '.join(unnamed)}\n")
    registry_file = "/" + project.rel(reviewers.registry_path(project))
    docs = "/" + project.rel(project.docs_dir) + "/"
    locales = "/" + project.rel(project.locales_dir) + "/"
    reviews = "/" + records.REVIEWS_DIR + "/"
    rules: list[tuple[str, str, str]] = [  # (pattern, owners, what for)
        (registry_file, owners(list(registry.reviewers)), "the registry: every reviewer")]
    for loc in project.locales:
        people = registry.for_locale(loc.id)
        if loc.id == project.source_locale:
            rules.append((docs, owners(people), f"{loc.id}: the guides"))
        else:
            rules.append((f"{locales}{loc.id}/", owners(people), f"{loc.id}: its catalogues"))
        rules.append((f"{reviews}{loc.id}/", owners(people), f"{loc.id}: its sign-offs"))
    for pattern, who, what in rules:
        if who:
            lines.append(f"{pattern} {who}\n")
        else:
            lines.append(f"# {pattern}: no reviewer with a github username for {what}\n")
    return "".join(lines)


def write(project: Project, check: bool = False) -> list[Problem]:
    registry = reviewers.load(project)
    if registry.problems:
        return list(registry.problems)
    text = render(project, registry)
    target = path(project)
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if current == text:
        return []
    if check:
        return [Problem(PATH, 1, "codeowners-outdated", f"{PATH} does not match "
                        f"{registry.path}", "run 'guidekit review codeowners' and commit it")]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return []
