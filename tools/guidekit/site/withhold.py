"""A publishing build without the pages review/publish.py withholds: out of the files, out of
the nav, and no link left pointing at them (the link text stays, as plain text).

MkDocs-free: plain functions over the nav config and Markdown text, called by the plugin.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

# [text](target "title") with a relative target; images (![...]) are left alone.
_LINK = re.compile(r"(?<!!)\[(?P<text>(?:\\.|[^\[\]\\])*)\]\((?P<target><[^>]*>|[^()\s]+)"
                   r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)")


def prune_nav(items: Any, withheld: set[str]) -> Any:
    """mkdocs.yml's nav without entries for withheld guides (and without emptied sections)."""
    if isinstance(items, list):
        out = []
        for item in items:
            kept = prune_nav(item, withheld)
            if kept is not None:
                out.append(kept)
        return out
    if isinstance(items, str):
        return None if items in withheld else items
    if isinstance(items, dict) and len(items) == 1:
        ((title, value),) = items.items()
        if isinstance(value, list):
            kept = prune_nav(value, withheld)
            return {title: kept} if kept else None
        return None if isinstance(value, str) and value in withheld else items
    return items


def unlink(markdown: str, page: str, withheld: set[str]) -> str:
    """`markdown` of `page` (src path) with links to withheld guides turned into their text."""
    if not withheld:
        return markdown

    def replace(match: re.Match[str]) -> str:
        target = match.group("target").strip("<>")
        path = target.split("#", 1)[0].split("?", 1)[0]
        if not path or "://" in path or path.startswith(("/", "mailto:", "tel:")):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if resolved.endswith("/"):
            resolved += "index.md"
        return match.group("text") if resolved in withheld else match.group(0)

    return _LINK.sub(replace, markdown)
