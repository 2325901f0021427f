"""Make Material's search worker load the word segmenter every lunr language it needs.

Material 9.8's worker loads wordcut.js only for Hindi and Thai, but lunr-languages' Tamil
support uses it too: without it the worker stops ("reading 'init'") and a Tamil reader's search
never answers. We add the missing language to the worker's list in the built site. The pattern
is checked, so a Material release that changes the worker fails loudly instead of silently.
"""

from __future__ import annotations

from pathlib import Path

NEEDS_WORDCUT = frozenset({"ta"})
_LOADS_WORDCUT = 'case"hi":case"th":'


def patch_worker(site_dir: Path, lang: str | None) -> Path | None:
    """Patch the built worker for `lang`; return the file patched, None when nothing to do.

    Raises RuntimeError when the worker does not look as expected (a new Material version).
    """
    if lang not in NEEDS_WORDCUT:
        return None
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        raise RuntimeError("Material's search worker was not found in the built site")
    for worker in workers:
        text = worker.read_text(encoding="utf-8")
        if f'case"{lang}":' in text:
            continue
        if _LOADS_WORDCUT not in text:
            raise RuntimeError(f"{worker.name}: Material's worker changed; check whether "
                               f"lunr.{lang} "
                               "still needs wordcut.js and update guidekit/searchworker.py")
        worker.write_text(text.replace(_LOADS_WORDCUT, f'{_LOADS_WORDCUT}case"{lang}":', 1),
                          encoding="utf-8")
    return workers[0]
