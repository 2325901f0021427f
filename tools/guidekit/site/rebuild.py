"""What a page of one language is made from, for rebuilding only what changed in a preview."""

from __future__ import annotations

import os
from pathlib import Path

from guidekit.config import Project


def page_inputs(project: Project, locale_id: str, guide: str) -> list[Path]:
    """Files whose change changes the page: the guide, its catalogue, and site-wide data."""
    from guidekit.review import records

    inputs = [project.docs_dir / guide, project.data_dir / "helplines.yml", project.root / "reviewers.yml",
              records.record_path(project, guide, project.source_locale),
              records.record_path(project, guide, locale_id)]  # the review line in the footer
    if locale_id != project.source_locale:
        inputs.append(project.po_path(locale_id, guide))
        inputs.append(project.locales_dir / locale_id / "LC_MESSAGES" / "site.po")
    return inputs


def newer_than(inputs: list[Path], output: str | os.PathLike) -> bool:
    """True when the output is missing or any existing input is newer than it."""
    try:
        built = os.path.getmtime(output)
    except OSError:
        return True
    for path in inputs:
        try:
            if os.path.getmtime(path) > built:
                return True
        except OSError:
            continue
    return False
