"""How long commands tell the command line how far they are, without knowing about terminals.

A command's worker calls `start(total, what)` once and `advance(item)` as each item begins (a guide,
a catalogue, a language, a page); cli.py decides what the person at the terminal sees.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, total: int, what: str) -> None: ...

    def advance(self, item: str = "") -> None: ...


class Silent:
    """For callers that show nothing (tests, the MkDocs plugin, other modules)."""

    def start(self, total: int, what: str) -> None:
        pass

    def advance(self, item: str = "") -> None:
        pass


SILENT = Silent()
