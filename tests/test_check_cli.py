"""`guidekit check` end to end: exact path:line: code lines, exit codes, no tracebacks."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from guidekit import config as project
from guidekit.checks import runner as checks
from guidekit.cli import main

REGISTRY = f"""\
services:
  - id: emergency
    name: {{en: Emergency}}
    numbers:
      - {{display: "999", tel: "999"}}
    source: press
    verified_on: {dt.date.today().isoformat()}
  - id: heal
    name: {{en: Talian HEAL}}
    numbers:
      - {{display: "15555", tel: "15555"}}
    source: press
    verified_on: {dt.date.today().isoformat()}
"""

GUIDE = """\
---
title: Feeling low
topics: [wellbeing]
---

# Feeling low

If you need to talk, call [[helpline:heal]].
"""

STATIC = "front-matter,helplines,phone-numbers,safe-messaging"


def invoke(root, *args):
    result = CliRunner().invoke(main, ["-f", str(root / "mkdocs.yml"), "check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_clean_project_passes(make_project):
    root = make_project({"guides/_data/helplines.yml": REGISTRY, "guides/x.md": GUIDE})
    result = invoke(root, "--only", STATIC)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_hard_coded_unregistered_number_fails(make_project):
    guide = GUIDE + "\nOr call our friends on 03-1234 5678.\n"
    root = make_project({"guides/_data/helplines.yml": REGISTRY, "guides/x.md": guide})
    result = invoke(root)
    assert result.exit_code == 1
    assert ("guides/x.md:10: phone-unregistered: phone number '03-1234 5678' is not in the helpline "
            "registry") in result.stdout
    assert "Traceback" not in result.output


def test_registered_number_written_literally(make_project):
    root = make_project({"guides/_data/helplines.yml": REGISTRY, "guides/x.md": GUIDE + "\nCall 999.\n"})
    result = invoke(root, "--only", "phone-numbers")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        ("guides/x.md:10: phone-hardcoded: Emergency number '999' written literally; "
         "write [[helpline:emergency]] so the number comes from the registry")]


def test_unknown_placeholder(make_project):
    root = make_project({"guides/_data/helplines.yml": REGISTRY,
                         "guides/x.md": GUIDE.replace("helpline:heal", "helpline:hael")})
    result = invoke(root, "--only", "phone-numbers")
    assert result.exit_code == 1
    assert result.stdout.startswith("guides/x.md:8: helpline-unknown: no helpline 'hael'")


def test_broken_front_matter(make_project):
    guide = "---\ntitle: [unclosed\ntopics: x\n---\n\nText.\n"
    root = make_project({"guides/_data/helplines.yml": REGISTRY, "guides/x.md": guide})
    result = invoke(root, "--only", STATIC)
    assert result.exit_code == 1
    assert result.stdout.startswith("guides/x.md:3: front-matter-yaml: front matter is not valid YAML")
    assert "Traceback" not in result.output


def test_broken_helplines_yaml(make_project):
    broken = REGISTRY.replace("name: {en: Talian HEAL}", "name: {en: Talian HEAL")
    root = make_project({"guides/_data/helplines.yml": broken, "guides/x.md": GUIDE})
    result = invoke(root)
    assert result.exit_code == 1
    lines = [x for x in result.stdout.splitlines() if "helplines-yaml" in x]
    assert lines and lines[0].startswith("guides/_data/helplines.yml:10: helplines-yaml: "
                                         "helpline registry is not valid YAML")
    assert "Traceback" not in result.output


def test_unknown_check_is_a_usage_error(make_project):
    root = make_project({"guides/x.md": GUIDE})
    result = invoke(root, "--only", "front-matter,nope")
    assert result.exit_code == 2
    assert "unknown check(s): nope; choose from: front-matter, catalogs" in result.output


def test_warnings_alone_exit_zero_and_publish_makes_them_errors(make_project):
    root = make_project({"guides/_data/helplines.yml": REGISTRY.replace(dt.date.today().isoformat(), "null"),
                         "guides/x.md": GUIDE})
    result = invoke(root, "--only", "helplines")
    assert result.exit_code == 0
    assert result.stdout.count("warning: helpline-unverified") == 2
    result = invoke(root, "--only", "helplines", "--publish")
    assert result.exit_code == 1
    assert result.stdout.startswith("guides/_data/helplines.yml:7: helpline-unverified:")


def test_safe_messaging_in_guide(make_project):
    guide = GUIDE + "\nHe committed suicide.\n"
    root = make_project({"guides/_data/helplines.yml": REGISTRY, "guides/x.md": guide})
    result = invoke(root, "--only", "safe-messaging")
    assert result.exit_code == 1
    assert result.stdout.startswith("guides/x.md:10: su-commit:")


PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: guides/x.md:1
msgid "Feeling low"
msgstr "Rasa sedih"

#: guides/x.md:7
msgid "If you need to talk, call [[helpline:heal]]."
msgstr "Jika perlu bercakap, hubungi [[helpline:heal]].<script>alert(1)</script>"

#: guides/x.md:9
msgid "Read [the guide](a.md#early)."
msgstr "Baca [panduan](a.md#awal) atau hubungi 03-1234 5678."

#: guides/x.md:11
msgid "He died by suicide."
msgstr "Dia melakukan bunuh diri."

#, fuzzy
#: guides/x.md:13
msgid "Ignored while fuzzy."
msgstr "<script>x</script>"
"""


def test_translation_problems_point_at_the_po_entry(make_project):
    root = make_project({"guides/_data/helplines.yml": REGISTRY, "guides/x.md": GUIDE,
                         "locales/ms/LC_MESSAGES/x.po": PO})
    result = invoke(root, "--only", "translation-qa,phone-numbers,safe-messaging")
    assert result.exit_code == 1
    po = "locales/ms/LC_MESSAGES/x.po"
    found = [line.split(": ")[0] + ": " + line.split(": ")[1] for line in result.stdout.splitlines()]
    assert found == [
        f"{po}:10: final-punctuation-dropped",
        f"{po}:10: html-added",
        f"{po}:10: unsafe-html",
        f"{po}:14: link-target-changed",
        f"{po}:14: phone-changed",
        f"{po}:14: phone-unregistered",
        f"{po}:18: su-commit",
    ]


def test_broken_po_file(make_project):
    root = make_project({"guides/x.md": GUIDE,
                         "locales/ms/LC_MESSAGES/x.po": PO.replace('msgstr "Rasa sedih"', 'msgstr "Rasa sedih')})
    result = invoke(root, "--only", "translation-qa")
    assert result.exit_code == 1
    assert result.stdout.startswith("locales/ms/LC_MESSAGES/x.po:7: ")
    assert "Traceback" not in result.output


def test_every_static_check_is_registered_by_name():
    assert list(checks.CHECKS) == ["front-matter", "catalogs", "translation-qa", "site-strings", "helplines",
                                   "data-files", "phone-numbers", "safe-messaging", "readability",
                                   "review", "crisis-terms", "site-url", "source-safety"]


def test_publish_fails_while_no_clinician_has_signed(root):
    # Honesty about review: the real guides are drafts, so publishing must be refused: every
    # guide would be withheld (a warning each), the home page too (an error).
    proj = project.load(root / "mkdocs.yml")
    found = checks.run(proj, {"review"}, publish=True)
    assert {p.code for p in found if p.is_error} == {"review-home-withheld"}
    assert {p.code for p in found if not p.is_error} == {"review-withheld"}
    assert checks.run(proj, {"review"}, publish=False) == []


def test_real_guides_have_no_phone_or_translation_errors(root):
    proj = project.load(root / "mkdocs.yml")
    found = checks.run(proj, {"front-matter", "translation-qa", "phone-numbers"})
    assert [p.format() for p in found if p.is_error] == []


def test_msgstr_inherits_the_suppression_of_its_source_block(make_project):
    guide = GUIDE + ('\n<!-- safe-messaging: allow ed-pro reason="explains the word to parents" -->\n'
                     "Some sites use the word thinspo.\n")
    po = PO.split("#: guides/x.md:9")[0] + (
        '#: guides/x.md:11\nmsgid "Some sites use the word thinspo."\n'
        'msgstr "Sesetengah laman guna perkataan thinspo."\n')
    root = make_project({"guides/_data/helplines.yml": REGISTRY, "guides/x.md": guide,
                         "locales/ms/LC_MESSAGES/x.po": po})
    result = invoke(root, "--only", "safe-messaging")
    assert result.exit_code == 0, result.stdout
    assert "ed-pro" not in result.stdout
