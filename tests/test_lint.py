"""Safe-messaging lint: every rule caught, with a near miss that is not; suppressions; languages."""

from __future__ import annotations

import textwrap

import pytest
from guidekit import frontmatter
from guidekit.checks import safemessaging as lint

FRONT = "---\ntitle: T\n---\n\n"          # body starts at line 5


def lint_body(body: str) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in lint.lint_text(FRONT + body, "guides/x.md")]


RULE_CASES = [
    # code, caught, near miss
    ("ed-number", "She lost 10 kg in a month.", "She lost 10 friends in a month."),
    ("ed-number", "He ate only 500 calories a day.", "He ate only a little each day."),
    ("ed-number", "Her BMI was 15.5 at the time.", "Doctors may look at BMI and other signs."),
    ("ed-number", "She wanted to be a size 6.", "The size of the problem was clear."),
    ("ed-number", "He weighed only 40 at the time.", "He weighed up his options."),
    ("ed-lowest", "At my thinnest I felt nothing.", "At my best I felt strong."),
    ("ed-lowest", "Her lowest weight was a secret.", "Her weight was not discussed."),
    ("ed-lowest", "He lost half of his body weight.", "He lost half of his savings."),
    ("ed-howto", "Some people use senna to purge.", "Some people feel ashamed."),
    ("ed-howto", "She would make herself sick after meals.",
     "She would make herself tea after meals."),
    ("ed-howto", "He was fasting for three days.", "He was fasting in Ramadan with his family."),
    ("ed-howto", "Online tips to hide not eating spread fast.",
     "Here are tips for talking with your child."),
    ("ed-pro", "She followed thinspo accounts.", "She followed cooking accounts."),
    ("ed-pro", "Avoid pro-ana sites.", "Avoid prolonged silence."),
    ("ed-label", "He was treated like an anorexic.", "He was treated as a person with anorexia."),
    ("ed-label", "Anorexics are often teenagers.", "Anorexic behaviour can be hidden."),
    ("ed-sensational", "She looked emaciated.", "She looked very unwell."),
    ("ed-sensational", "The shocking truth about eating.", "The truth about eating."),
    ("ed-stereotype", "Eating disorders only affect girls.",
     "Eating disorders do not only affect girls."),
    ("ed-stereotype", "You can tell just by looking at someone.",
     "You cannot tell by looking at someone."),
    ("ed-stereotype", "A person must be underweight to be ill.",
     "A person does not have to be underweight."),
    ("su-commit", "He committed suicide last year.", "He died by suicide last year."),
    ("su-success", "It was a failed suicide.", "It was a suicide attempt."),
    ("su-success", "Police reported a suicide bid.", "Police reported a suicide attempt."),
    ("su-epidemic", "There is a suicide epidemic in schools.",
     "Suicide rates have risen in some groups."),
    ("su-epidemic", "Cases are skyrocketing.", "The kite was soaring."),
    ("su-method", "She hanged herself at home.", "She was hanging out with friends."),
    ("su-method", "He took an overdose of paracetamol.", "He took paracetamol for a headache."),
    ("su-method", "The bridge is a known hot spot.", "The bridge is a known landmark."),
    ("su-method", "He jumped from the roof of a building.", "He jumped for joy."),
    ("su-method", "She drank pesticide.", "She drank tea."),
    ("su-solution", "Suicide felt like the only way out.",
     "Talking was the way out of the silence."),
    ("su-solution", "He is at peace now.", "He is getting support now."),
    ("su-cause", "His suicide was because of exams.",
     "Suicide is never caused by one thing alone."),
    ("su-figurative", "That would be political suicide.", "That would be a political mistake."),
    ("su-figurative", "I'll kill myself lol if I fail.", "Say if you have thoughts of suicide."),
    ("su-figurative", "Some teens say unalive online.", "Some teens say little online."),
]


@pytest.mark.parametrize("code,caught,near_miss", RULE_CASES)
def test_rule_catches_and_near_miss_passes(code, caught, near_miss):
    found = lint_body(caught + "\n")
    assert (5, code) in found
    assert code not in [c for _, c in lint_body(near_miss + "\n")]


def test_every_rule_has_a_test():
    tested = {c[0] for c in RULE_CASES} | {"ed-image", "help-block", "hope", "content-note"}
    assert tested == set(lint.RULES)


def test_levels_and_messages_come_from_the_table():
    [problem] = lint.lint_text(FRONT + "He committed suicide.\n", "guides/x.md")
    assert problem.format() == ('guides/x.md:5: su-commit: "commit suicide" suggests a crime: '
                                "'committed suicide'; say \"died by suicide\" or \"took their own "
                                "life\"")
    [warning] = lint.lint_text(FRONT + "She looked emaciated.\n", "guides/x.md")
    assert warning.severity == "warning" and lint.RULES["ed-label"].level == "warning"


def test_line_numbers_count_front_matter_and_skip_code_comments_urls():
    text = textwrap.dedent("""\
        ---
        title: Commit suicide is a phrase we avoid
        description: fine
        ---

        Use `committed suicide` only in code.

        ```
        she lost 10 kg
        ```

        <!-- committed suicide -->
        [Read more](https://example.org/lost-10-kg)

        She lost 10 kg.
        """)
    assert [(p.line, p.code) for p in lint.lint_text(text, "guides/x.md")] == [
        (2, "su-commit"), (15, "ed-number")]


def test_pro_ed_link_url_is_caught():
    assert (5, "ed-pro") in lint_body("[a site](https://example.org/thinspiration)\n")


@pytest.mark.parametrize("image,bad", [
    ("![A calm beach](beach.jpg)", False),
    ("![](beach.jpg)", True),
    ("![Before and after photos](results.jpg)", True),
    ("![A person](before-after.png)", True),
    ("![Bathroom scales](x.png)", True),
    ("![A tape measure](x.png)", True),
    ("![A friend](thigh_gap.jpg)", True),
    ('<img src="calm.png" alt="A calm sea">', False),
    ('<img src="calm.png">', True),
])
def test_images(image, bad):
    assert ((5, "ed-image") in lint_body(image + "\n")) is bad


SENSITIVE = """\
---
title: T
topics: [eating-disorders]
content_notes: [eating behaviours]
---

# T

Recovery is possible.

??? content-note "Content note: describes eating behaviours"
    Some text.

<div data-guidekit="help-panel"></div>
"""


def test_complete_sensitive_page_passes():
    assert lint.lint_text(SENSITIVE, "guides/x.md") == []


def test_help_block_hope_content_note_missing():
    text = SENSITIVE.replace('<div data-guidekit="help-panel"></div>\n', "")
    assert [(p.line, p.code) for p in lint.lint_text(text, "g.md")] == [(3, "help-block")]
    text = SENSITIVE.replace("Recovery is possible.", "Some words.")
    found = [(p.line, p.code, p.severity) for p in lint.lint_text(text, "g.md")]
    assert found == [(3, "hope", "warning")]
    text = SENSITIVE.replace('??? content-note "Content note: describes eating behaviours"\n    '
                             'Some text.\n', "")
    assert [(p.line, p.code) for p in lint.lint_text(text, "g.md")] == [(4, "content-note")]


def test_content_note_must_be_collapsed_and_labelled():
    text = SENSITIVE.replace('??? content-note "Content', '???+ content-note "Content')
    assert [(p.line, p.code) for p in lint.lint_text(text, "g.md")] == [(11, "content-note")]
    text = SENSITIVE.replace('??? content-note "Content note: describes eating behaviours"',
                             "??? content-note")
    assert [(p.line, p.code, p.message) for p in lint.lint_text(text, "g.md")] == [
        (11, "content-note", "content note has no label")]


def test_page_without_sensitive_topics_needs_no_panel():
    assert lint.lint_text("---\ntitle: T\ntopics: [wellbeing]\n---\n\nHello.\n", "g.md") == []


def test_suppression_with_reason_silences_the_next_block_only():
    body = ('<!-- safe-messaging: allow ed-pro reason="explains the word so parents recognise it" '
            '-->\n'
            "Some sites use the word thinspo.\n"
            "It means thin inspiration, thinspo again.\n"
            "\n"
            "Thinspo here is not covered.\n")
    assert lint_body(body) == [(9, "ed-pro")]


def test_suppression_on_the_same_line_and_admonition_body():
    body = ('She lost 10 kg. <!-- safe-messaging: allow ed-number reason="quoted clinical example" '
            '-->\n'
            "\n"
            '<!-- safe-messaging: allow su-method reason="means restriction advice" -->\n'
            '!!! tip "Keep safe"\n'
            "    Lock away medicines.\n"
            "\n"
            "    Keep pesticides locked up.\n"
            "\n"
            "Pesticide again.\n")
    assert lint_body(body) == [(13, "su-method")]


def test_suppression_needs_a_reason():
    body = "<!-- safe-messaging: allow ed-pro -->\nThe word thinspo.\n"
    found = lint.lint_text(FRONT + body, "guides/x.md")
    assert [(p.line, p.code) for p in found] == [(5, "suppression-no-reason"), (6, "ed-pro")]
    assert found[0].severity == "error"
    body = '<!-- safe-messaging: allow ed-pro reason="" -->\nThe word thinspo.\n'
    assert lint_body(body) == [(5, "suppression-no-reason"), (6, "ed-pro")]


def test_suppression_of_unknown_code():
    body = '<!-- safe-messaging: allow ed-nmber reason="typo" -->\nShe lost 10 kg.\n'
    assert lint_body(body) == [(5, "suppression-unknown-code"), (6, "ed-number")]


def test_list_suppressions(make_project):
    root = make_project({"guides/a.md": FRONT
                         + '<!-- safe-messaging: allow ed-pro reason="explained" -->\nthinspo\n'})
    from guidekit import config as project
    assert lint.list_suppressions(project.load(root / "mkdocs.yml")) == [
        ("guides/a.md", 5, ("ed-pro",), "explained")]


# --- translations ---------------------------------------------------------------------------

def tcodes(locale: str, text: str) -> list[str]:
    return [p.code for p in lint.lint_translation("locales/x.po", 7, locale, text,
                                                  lint.load_terms())]


def test_chinese_matches_without_word_boundaries():
    assert tcodes("zh_Hans", "他上吊了") == ["su-method"]
    assert tcodes("zh_Hans", "她减了１０公斤") == ["ed-number"]
    assert tcodes("zh_Hans", "她减了10 公斤。") == ["ed-number"]
    assert tcodes("zh_Hans", "她是厌食者") == ["ed-label"]
    assert tcodes("zh_Hans", "她是厌食症患者") == []
    assert tcodes("zh_Hans", "不要看THINSPO内容") == ["ed-pro"]


def test_malay_terms_whole_words_case_and_spacing():
    assert tcodes("ms", "Dia  MELAKUKAN bunuh   diri.") == ["su-commit"]
    assert tcodes("ms", "Dia meninggal dunia akibat bunuh diri.") == []
    assert tcodes("ms", "Berat badannya turun 10 kg.") == ["ed-number"]
    assert tcodes("ms", "Hanya perempuan yang terkena.") == ["ed-stereotype"]
    assert tcodes("ms", "Bukan hanya perempuan yang terkena.") == []
    assert tcodes("ms", "Jangan lawati laman pro ana.") == ["ed-pro"]


def test_tamil_terms_as_substrings():
    assert tcodes("ta", "அவர் தற்கொலை செய்து கொண்டார்.") == ["su-commit"]
    assert tcodes("ta", "அவர் தற்கொலையால் இறந்தார்.") == []
    assert tcodes("ta", "அவர் 5 கிலோ குறைந்தார்.") == ["ed-number"]


def test_translation_problem_location_and_inherited_suppression():
    [p] = lint.lint_translation("locales/ms/LC_MESSAGES/a.po", 12, "ms", "melakukan bunuh diri",
                                lint.load_terms())
    assert (p.path, p.line, p.code, p.severity) == ("locales/ms/LC_MESSAGES/a.po", 12, "su-commit",
                                                    "error")
    assert lint.lint_translation("a.po", 1, "ms", "melakukan bunuh diri", lint.load_terms(),
                                 suppressed={"su-commit"}) == []


def test_normalise():
    assert lint.normalise("  Pró-ANA\t thinspo ") == "pro ana thinspo"
    assert lint.normalise("தற்கொலை") == "தற்கொலை"          # Tamil vowel signs survive
    assert lint.normalise("ＴＨＩＮＳＰＯ") == "thinspo"


# --- readability ----------------------------------------------------------------------------

def test_readability_against_lowest_audience_target():
    long = ("Notwithstanding considerable methodological heterogeneity, contemporary "
            "epidemiological "
            "investigations consistently demonstrate substantial comorbidity between disordered "
            "eating "
            "presentations and concurrent psychiatric conditions. ") * 5
    doc = frontmatter.split(f"---\ntitle: T\naudience: [caregivers, teens]\n---\n\n{long}\n",
                            "g.md")
    [p] = lint.check_readability(doc)
    assert (p.line, p.code, p.severity) == (3, "readability", "warning")
    assert "above the target 7 for teens" in p.message
    easy = frontmatter.split("---\ntitle: T\naudience: [teens]\n---\n\nWe can help. You are not "
                             "alone.\n", "g.md")
    assert lint.check_readability(easy) == []


def test_readability_proxies():
    long_ms = ["Ini ialah ayat yang sangat panjang " + "dan terus berpanjangan " * 10
               + "tanpa henti."]
    [p] = lint.readability_proxy("a.po", "ms", long_ms, {"audience": ["teens"]})
    assert p.code == "readability-proxy" and p.severity == "warning"
    assert lint.readability_proxy("a.po", "ms", ["Ayat pendek. Satu lagi."], {}) == []
    assert lint.readability_proxy("a.po", "zh_Hans", ["这" * 60 + "。"],
                                  {})[0].code == "readability-proxy"
    assert lint.readability_proxy("a.po", "zh_Hans", ["你好。我们在这里。"], {}) == []
