"""crisis.js and safety/distressmatch.py are one algorithm: identical verdicts (panel and deciding
rule) for every query of every evaluation set, for disguised variants of each, and for odd input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from guidekit.safety import distress
from guidekit.safety.distressmatch import Matcher

ROOT = Path(__file__).resolve().parents[1]
CRISIS_JS = ROOT / "tools/guidekit/site/assets/crisis.js"
RUNNER = ROOT / "tests/js/crisis_classify.js"
NODE = os.environ.get("GUIDEKIT_NODE", "/usr/bin/node")
LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "$"})

ODD = [
    "", " ", "\u200b\u200d\ufeff", "ΑΣ ΟΔΟΣ", "𠀀𠀁 自杀", "🙂 suicide 🙂", "s\u0301uicide",
    "\u202esuicide\u202c", "ǅ", "İstanbul die", "ß", "ﬁ", "Ⅻ kill myself", "x" * 500,
    "a2 b2 bangun2", "'''", "k'ms", "su--icide", "*", "$$$", "!!!suicide!!!", "s*", "**die**",
    "தற்\u200cகொலை", "சா\u0bcdகணும்", "自\u3000杀", "ｍａｔｉ", "5 kms", "２ die",
]


def queries() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests/data/crisis").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for panel in ("crisis", "ed"):
            for group in (data.get(panel) or {}).values():
                found += group
        found += data["benign"]
    variants = []
    for q in found:
        half = len(q) // 2
        variants += [q.upper(), q[:half] + "\u200b" + q[half:], q.translate(LEET),
                     " ".join(q), q + "!!!", q.replace(" ", "")]
    return found + variants + ODD


def test_javascript_and_python_agree_on_every_query():
    if not (Path(NODE).exists() or shutil.which(NODE)):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"no node at {NODE}; CI must run the parity test", pytrace=False)
        pytest.skip(f"no node at {NODE}")
    data_file = ROOT / "guides/_data" / distress.DISTRESS_FILE
    model = distress.parse(data_file.read_text(encoding="utf-8"), "distress-terms.yml")
    qs = queries()
    assert len(qs) > 3000
    result = subprocess.run([NODE, str(RUNNER), str(CRISIS_JS)], check=True, capture_output=True,
                            text=True, input=json.dumps({"model": model, "queries": qs}),
                            timeout=300)
    js = json.loads(result.stdout)
    matcher = Matcher(model)
    py = [list(matcher.classify(q)) for q in qs]
    differ = [(q, p, j) for q, p, j in zip(qs, py, js) if p != j]
    assert differ == [], f"{len(differ)} verdicts differ, e.g. {differ[:5]}"
    # Not a vacuous agreement: every kind of verdict occurs.
    assert {v[0] for v in py} == {"crisis", "ed", None}
