"""Compiled Jinja templates shared by the builds of one `guidekit build` and by preview rebuilds.

MkDocs creates a new Jinja environment for every build, so each language's build and each
`serve` rebuild parses and compiles Material's templates again. Jinja's bytecode cache keys a
compiled template by its name and file and checks the source's checksum, so an edited
template is compiled afresh. `guidekit build` names a folder in TEMPLATE_CACHE_ENV for its
language builds (separate processes); otherwise (`serve`, plain `mkdocs build`) the cache
lives in this process's memory.
"""

from __future__ import annotations

import os

from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache

TEMPLATE_CACHE_ENV = "GUIDEKIT_TEMPLATE_CACHE"


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_memory = MemoryBytecodeCache()


def for_build() -> BytecodeCache:
    folder = os.environ.get(TEMPLATE_CACHE_ENV)
    if folder and os.path.isdir(folder):
        return FileSystemBytecodeCache(folder)  # writes a temporary file, then renames it
    return _memory
