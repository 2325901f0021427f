"""The search intercept's matcher (safety/distressmatch.py), its data compiler (safety/distress.py)
and `guidekit check --only crisis-terms`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from guidekit import config as projectmod
from guidekit.checks import crisisterms
from guidekit.cli import main
from guidekit.problems import ProblemsFound
from guidekit.safety import distress
from guidekit.safety import distressmatch as dm

DATA = "guides/_data/distress-terms.yml"


@pytest.fixture(scope="module")
def model(root_model=None):
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    return distress.parse((root / DATA).read_text(encoding="utf-8"), DATA)


def kind(model, query):
    return dm.classify(query, model)[0]


# --- normalisation: each trick of the issue, on the real data ---------------------------------

@pytest.mark.parametrize("query", [
    "suicide", "SUICIDE", "Suïcide", "ｓｕｉｃｉｄｅ",          # case, accents, full width (NFKC)
    "su\u200bicide", "su\u00adicide", "s u i c i d e",         # zero-width, soft hyphen, spaced
    "su1cide", "$uicide", "s*icide", "5u1c1de",                # leet and wildcard
    "suicideeee", "sucide", "suicde",                          # repeated letters, typos
    "i'm gonna kill myself", "i dont want to live", "kms",     # contractions, algospeak
    "unalive", "sewer slide",
    "x nak hidup", "tk nak hidup", "aku tidak mahu hidup lagi",  # Malay negations
    "nk mati", "aq nak mati", "membunuh diri", "bunuhdiri",      # Malay spellings, affixes
    "我不想活了", "自 杀", "自殺", "輕生",                       # Chinese, spaced, Traditional
    "தற்கொலை", "சாகணும்", "சாகனும்", "வாழ விருப்பமில்லை",      # Tamil, spoken forms
    "thatkolai", "saaganum", "vaazha pidikkala",                # romanised Tamil
])
def test_crisis_queries(model, query):
    assert kind(model, query) == "crisis"


@pytest.mark.parametrize("query", [
    "how to purge", "pro-ana", "thinspo", "laxatives to lose weight",
    "cara paksa muntah", "pil kurus", "催吐", "瀉藥減肥", "சாப்பிடாமல் இருப்பது எப்படி",
])
def test_eating_disorder_queries(model, query):
    assert kind(model, query) == "ed"


@pytest.mark.parametrize("query", [
    "anorexia", "eating disorder symptoms", "diet", "killing time", "deadline", "死线",
    "mati lampu", "gaya hidup sihat", "hari raya", "cara tahan lapar semasa puasa",
    "purge browser cache", "i want to dye my hair", "5 kms run", "笑死我了", "想死你了",
    "சாகசம்", "", "   ", "\u200b",
])
def test_benign_queries(model, query):
    assert kind(model, query) is None


def test_guards_mask_only_what_they_match(model):
    assert kind(model, "mati lampu") is None
    assert kind(model, "mati lampu aku nak mati") == "crisis"


def test_whole_query_rules(model):
    assert kind(model, "cutting") == "crisis"
    assert kind(model, "cutting boards") is None


def test_one_typo_in_a_long_tamil_or_chinese_phrase(model):
    assert kind(model, "தற்கலை") == "crisis"     # a vowel sign missing
    assert kind(model, "சாகசம்") is None


def test_disguised_words_alone_are_a_signal(model):
    assert kind(model, "mati") is None
    assert kind(model, "m4ti") == "crisis"


def test_long_queries_are_cut(model):
    assert kind(model, "a " * 300 + "suicide") is None
    assert kind(model, "suicide " + "a " * 300) == "crisis"


def test_items_and_stems(model):
    items = dm.items("Don't  KILLLL m y s e l f", model)
    assert [i.text for i in items] == ["dont", "kil", "myself"]
    assert "bunuh" in dm.candidates("membunuh", model)
    assert "sakit" in dm.candidates("menyakiti", model)
    assert dm.distance("s*icide", "suicide") == 0
    assert dm.distance("sucide", "suicide") == 1
    assert dm.distance("siucide", "suicide") == 1  # a swap is one edit


# --- the data compiler -----------------------------------------------------------------------

def parse(text):
    return distress.parse(text, DATA)


@pytest.mark.parametrize("text,line,message", [
    ("en:\n  crisis:\n    - [WANT, NOPE]\n", 3, "unknown concept 'NOPE'"),
    ("en:\n  concepts:\n    want: [x]\n", 3, "concept names are UPPER_CASE, not 'want'"),
    ("en:\n  crisis:\n    - {all: [x], gapp: 3}\n", 3,
     "a rule has all, gap, unless, disguised and whole, not 'gapp'"),
    ("en:\n  crisis:\n    - '...'\n", 3, "'...' has nothing the matcher can compare"),
    ("en:\n  bogus: []\n", 2, "unknown key 'bogus'"),
    ("en:\n  crisis: [a, [b\n", 3, "the distress term list is not valid YAML"),
    ("en:\n  crisis:\n    - {all: [x], gap: -1}\n", 3, "gap is a whole number"),
    ("en:\n  crisis:\n    - {all: [x], whole: 1}\n", 3, "whole is true or false"),
    ("en: suicide\n", 1, "expected a mapping"),
])
def test_bad_data_is_a_located_problem(text, line, message):
    with pytest.raises(ProblemsFound) as exc:
        parse(text)
    problem = exc.value.problems[0]
    assert (problem.path, problem.line, problem.code) == (DATA, line, "distress-terms-yaml")
    assert message in problem.message


def test_the_old_flat_lists_still_work():
    model = parse("en: [suicide, kill myself]\nms: [bunuh diri]\n")
    assert dm.classify("i want to kill myself", model)[0] == "crisis"
    assert dm.classify("cara bunuh diri", model)[0] == "crisis"


def test_a_folder_named_like_the_file_is_refused(make_project):
    root = make_project({"guides/index.md": "# Home\n"})
    (root / DATA).mkdir(parents=True)
    with pytest.raises(ProblemsFound) as exc:
        distress.load(projectmod.load(root / "mkdocs.yml"))
    assert exc.value.problems[0].format().startswith(f"{DATA}:1: distress-terms-yaml: ")


def test_rules_concepts_and_options_compile():
    model = parse("""\
normalise: {leet: {"4": a}, gap: 10}
en:
  concepts:
    WANT: [want, =wish]
    DIE: [die, "dyin*"]
    FAST: [ramadan]
  crisis:
    - [WANT, DIE]
    - {all: [hungry], unless: [FAST]}
  guard:
    - to die for
""")
    assert dm.classify("i want to die", model) == ("crisis", "en.crisis.1")
    assert dm.classify("want dying", model)[0] == "crisis"          # prefix form
    assert dm.classify("wishes to die", model)[0] is None           # '=wish': exactly
    assert dm.classify("w4nt die", model)[0] == "crisis"            # leet table from the data
    assert dm.classify("want cake to die for", model)[0] is None    # guard
    assert dm.classify("hungry", model)[0] == "crisis"
    assert dm.classify("hungry in ramadan", model)[0] is None       # unless
    assert dm.classify("i want a big slice of cake to die", model)[0] is None  # gap 10


# --- guidekit check --only crisis-terms -------------------------------------------------------

TERMS = "en:\n  crisis: [suicide]\n  ed: [thinspo]\n"


def eval_set(distress_queries, benign):
    return ("crisis:\n  direct: [" + ", ".join(distress_queries) + "]\n"
            "ed:\n  ed: [thinspo]\n"
            "benign: [" + ", ".join(benign) + "]\n")


def run_check(root):
    return CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check", "--only",
                                     "crisis-terms"])


def test_check_prints_recall_and_false_alarms(make_project):
    root = make_project({
        DATA: TERMS,
        "tests/data/crisis/en.yml": eval_set(["suicide"] * 19 + ["sad"], ["school"] * 40),
        "tests/data/crisis/heldout/en.yml": eval_set(["suicide"], ["school"]),
    })
    result = run_check(root)
    assert result.exit_code == 0
    assert ("crisis-terms tests/data/crisis/en.yml: recall 20/21 = 95.2%, "
            "false alarms 0/40 = 0.0%") in result.stderr
    assert "tests/data/crisis/heldout/en.yml: recall 2/2 = 100.0%" in result.stderr
    assert result.stdout == ""  # 95.2% passes


def test_check_fails_below_the_targets(make_project):
    root = make_project({
        DATA: TERMS,
        "tests/data/crisis/ms.yml": eval_set(["suicide", "sad"], ["suicide"] + ["school"] * 9),
    })
    result = run_check(root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("tests/data/crisis/ms.yml:1: crisis-false-alarms: ms: help shown "
                               "for 10.0% of benign queries (at most 3%): 'suicide' (crisis, rule")
    assert lines[1] == ("tests/data/crisis/ms.yml:1: crisis-recall: ms: help shown for 66.7% of "
                        "distress queries (at least 95% needed); missed: 'sad' (direct: no panel); "
                        "add forms or rules to guides/_data/distress-terms.yml")


def test_check_reports_a_broken_set_at_its_line(make_project):
    root = make_project({DATA: TERMS, "tests/data/crisis/en.yml": "benign: []\ned:\n  x: 3\n"})
    result = run_check(root)
    assert result.exit_code == 1
    assert result.stdout.startswith("tests/data/crisis/en.yml:2: crisis-eval: 'ed:' must map "
                                    "categories to lists of queries")
    assert "Traceback" not in result.output


def test_check_on_the_real_project_meets_the_targets(root):
    scores, problems = crisisterms.evaluate(projectmod.load(root / "mkdocs.yml"))
    assert problems == []
    assert {s.locale for s in scores} == {"en", "ms", "zh_Hans", "ta"}
    for s in scores:
        assert s.distress >= 80 and s.benign >= 60, s.path
        assert s.recall >= crisisterms.RECALL_MIN, (s.path, s.misses)
        assert s.false_alarm_rate <= crisisterms.FALSE_ALARM_MAX, (s.path, s.false_alarms)
