"""The baseline for `guidekit update`: plain Babel, the way a project without guidekit would do it.

For every template and every language: read_po, Catalog.update(template), write_po. No
change detection, no parallelism, nothing clever. Run as its own process by bench/run.py so its
time and peak memory are measured the same way as guidekit's.

    python bench/naive_babel.py LOCALES_DIR LANG [LANG...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def update_all(locales_dir: Path, langs: list[str]) -> int:
    templates = locales_dir / "templates"
    count = 0
    for pot in sorted(templates.rglob("*.pot")):
        with pot.open("rb") as handle:
            template = read_po(handle)
        rel = pot.relative_to(templates).with_suffix(".po")
        for lang in langs:
            po = locales_dir / lang / "LC_MESSAGES" / rel
            if po.exists():
                with po.open("rb") as handle:
                    catalog = read_po(handle, locale=lang)
                catalog.update(template)
            else:
                catalog = template
            po.parent.mkdir(parents=True, exist_ok=True)
            with po.open("wb") as handle:
                write_po(handle, catalog)
            count += 1
    return count


if __name__ == "__main__":
    n = update_all(Path(sys.argv[1]), sys.argv[2:])
    print(f"updated {n} catalogues", file=sys.stderr)
