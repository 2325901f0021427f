"""Our theme overrides follow the installed Material and MkDocs templates.

Copied templates say which upstream file they follow (`guidekit-base: <package> templates/<path>
sha256:<first 16 hex>`); when an upgrade changes that file, this test fails and names it, so the
copy is merged by hand instead of silently drifting. Templates that extend Material only
override blocks that Material still has.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from pathlib import Path

import pytest

THEME = Path(importlib.import_module("guidekit.site.plugin").THEME_DIR)
_BASE = re.compile(r"guidekit-base: (\w+) templates/(\S+) sha256:([0-9a-f]{16})")


def _templates(package: str) -> Path:
    return Path(importlib.import_module(package).__file__).parent / "templates"


def _overrides() -> list[Path]:
    return sorted(p for p in THEME.rglob("*") if p.is_file())


@pytest.mark.parametrize("path", _overrides(), ids=lambda p: p.relative_to(THEME).as_posix())
def test_override_follows_the_installed_upstream(path):
    rel = path.relative_to(THEME).as_posix()
    text = path.read_text(encoding="utf-8")
    upstream = [_templates(pkg) / rel for pkg in ("material", "mkdocs")
                if (_templates(pkg) / rel).is_file()]
    extends = re.search(r'{%\s*extends\s+"([^"]+)"', text)
    if extends:
        parent = _templates("material") / extends.group(1)
        if not parent.is_file():
            parent = THEME / extends.group(1)
        parent_text = parent.read_text(encoding="utf-8")
        grand = re.search(r'{%\s*extends\s+"([^"]+)"', parent_text)
        if grand:  # our main.html extends Material's base.html
            parent_text += (_templates("material") / grand.group(1)).read_text(encoding="utf-8")
        blocks = set(re.findall(r"{%-?\s*block\s+(\w+)", text))
        known = set(re.findall(r"{%-?\s*block\s+(\w+)", parent_text))
        assert blocks <= known, f"{rel} overrides blocks Material no longer has: {blocks - known}"
        return
    if not upstream:
        return  # our own partial (nothing upstream to follow)
    mark = _BASE.search(text)
    assert mark, f"{rel} shadows {upstream[0]} but does not say which version it follows"
    package, base_rel, digest = mark.groups()
    base = _templates(package) / base_rel
    actual = hashlib.sha256(base.read_bytes()).hexdigest()[:16]
    assert actual == digest, (f"{package}'s templates/{base_rel} changed since {rel} was copied "
                              f"from it: merge the upstream change, then record sha256:{actual}")


def _is_subsequence(needles: list[str], haystack: list[str]) -> list[str]:
    """The needles not found, in order, in the haystack."""
    missing, at = [], 0
    for needle in needles:
        try:
            at = haystack.index(needle, at) + 1
        except ValueError:
            missing.append(needle)
    return missing


@pytest.mark.parametrize("rel", ["partials/header.html"])
def test_copied_partial_keeps_every_upstream_line(rel):
    ours = (THEME / rel).read_text(encoding="utf-8").splitlines()
    theirs = (_templates("material") / rel).read_text(encoding="utf-8").splitlines()[3:]
    assert _is_subsequence(theirs, ours) == [], f"{rel} lost lines of Material's version"


def test_subsequence_check_notices_a_lost_line():
    assert _is_subsequence(["a", "b", "c"], ["a", "x", "c"]) == ["b"]
