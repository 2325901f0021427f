"""The helpline registry, phone numbers in text, and the placeholder expansion."""

from __future__ import annotations

import datetime as dt
import re
import textwrap

import pytest
from guidekit import config as project
from guidekit.problems import ProblemsFound
from guidekit.safety import helplines


@pytest.fixture
def registry(root):
    return helplines.load(project.load(root / "mkdocs.yml"))


def test_real_registry_has_only_reported_numbers(registry):
    assert registry.services[0].id == "emergency"
    numbers = {s.id: [(n.display, n.tel) for n in s.numbers] for s in registry.services}
    assert numbers == {
        "emergency": [("999", "999"), ("112", "112")],
        "heal": [("15555", "15555")],
        "befrienders-kl": [("03-7627 2929", "+60376272929")],
        "talian-kasih": [("15999", "15999"), ("019-261 5999", "+60192615999")],
        "moh-psychosocial": [("03-2935 9935", "+60329359935"), ("014-322 3392", "+60143223392")],
        "miasa": [("1-800-82-0066", "+601800820066")],
    }
    for service in registry.services:
        assert service.verified_on is None          # nobody has checked them yet
        assert service.source
        assert set(service.name) == {"en", "ms", "zh_Hans", "ta"}
    assert registry.get("heal").name["ms"] == "Talian HEAL"
    assert registry.get("befrienders-kl").website == "https://www.befrienders.org.my/"
    assert registry.get("nope") is None


def test_all_numbers_normalised(registry):
    assert registry.all_numbers() == {"999", "112", "15555", "0376272929", "15999", "0192615999",
                                      "0329359935", "0143223392", "1800820066"}


@pytest.mark.parametrize("text,expected", [
    ("Call 03-7627 2929 now", [("03-7627 2929", "0376272929")]),
    ("Call +60 3-7627 2929 now", [("+60 3-7627 2929", "0376272929")]),
    ("WhatsApp 019-261 5999.", [("019-261 5999", "0192615999")]),
    ("Toll free 1-800-82-0066.", [("1-800-82-0066", "1800820066")]),
    ("Ring 15555 or 15999", [("15555", "15555"), ("15999", "15999")]),
    ("拨打15555或999", [("15555", "15555"), ("999", "999")]),
    ("０３-７６２７ ２９２９", [("０３-７６２７ ２９２９", "0376272929")]),
    ("Emergency: 999, or 112 from a mobile", [("999", "999"), ("112", "112")]),
    ("Call 911 if you are abroad", [("911", "911")]),
    ("Phone 0123456789", [("0123456789", "0123456789")]),
    ("In 2026, 12 of 300 pupils and 15 teachers", []),
    ("About 1,000 people, 2019-2022", []),
    ("Page 123 of the report", []),
    ("Version 1.5 and 3.14159", []),
])
def test_find_phone_numbers(text, expected):
    assert helplines.find_phone_numbers(text) == expected


def test_expand_placeholders(registry):
    text = "Call [[helpline:heal]] or [[helpline:befrienders-kl]]; emergency [[helpline:emergency]]."
    assert helplines.expand_placeholders(text, "ms", registry) == (
        "Call [15555](tel:15555) or [03-7627 2929](tel:+60376272929); emergency [999](tel:999).")
    assert helplines.expand_placeholders("[[helpline-name:heal]]", "zh_Hans", registry) == \
        "卫生部心理健康热线（Talian HEAL）"


def test_expand_unknown_placeholder(registry):
    with pytest.raises(ProblemsFound) as exc:
        helplines.expand_placeholders("a\nCall [[helpline:heel]].", "en", registry, "guides/x.md", 10)
    [problem] = exc.value.problems
    assert (problem.path, problem.line, problem.code) == ("guides/x.md", 11, "helpline-unknown")
    assert problem.message == "no helpline 'heel' in guides/_data/helplines.yml"


def test_text_numbers(registry):
    text = textwrap.dedent("""\
        Call [[helpline:heal]].
        Or call 03-1234 5678 for help.
        Befrienders: 03-7627 2929.
        [A link](https://example.org/2025/0312345678) and <!-- 0398765432 -->
        In 2026, 12 pupils.
        """)
    found = helplines.check_text_numbers("guides/x.md", 10, text, registry)
    assert [(p.line, p.code) for p in found] == [(11, "phone-unregistered"), (12, "phone-hardcoded")]
    assert found[0].format() == (
        "guides/x.md:11: phone-unregistered: phone number '03-1234 5678' is not in the helpline "
        "registry; add the service with its source to guides/_data/helplines.yml and write "
        "[[helpline:<id>]], or remove the number")
    assert found[1].hint == "write [[helpline:befrienders-kl]] so the number comes from the registry"


def test_text_numbers_in_a_msgstr_use_the_entry_line(registry):
    found = helplines.check_text_numbers("a.po", 40, "Hubungi\n999 atau 03-1111 2222", registry,
                                         per_line=False)
    assert [(p.line, p.code) for p in found] == [(40, "phone-hardcoded"), (40, "phone-unregistered")]


def _project(make_project, registry_yaml: str):
    root = make_project({"guides/_data/helplines.yml": registry_yaml})
    return project.load(root / "mkdocs.yml")


REGISTRY = """\
services:
  - id: heal
    name: {en: Talian HEAL}
    numbers:
      - {display: "15555", tel: "15555"}
    source: press
    verified_on: %s
"""


def test_registry_age(make_project):
    today = dt.date(2026, 6, 1)
    proj = _project(make_project, REGISTRY % "null")
    [p] = helplines.check_registry(proj, today)
    assert p.format() == ("guides/_data/helplines.yml:7: warning: helpline-unverified: Talian HEAL (15555) "
                          "has never been checked against its official source; check it against the "
                          "official source and set verified_on: YYYY-MM-DD")
    [p] = helplines.check_registry(proj, today, publish=True)
    assert p.severity == "error"
    proj = _project(make_project, REGISTRY % "2025-11-01")
    [p] = helplines.check_registry(proj, today)
    assert p.message == "Talian HEAL (15555) was last checked on 2025-11-01, 212 days ago (limit 180)"
    proj = _project(make_project, REGISTRY % "2026-05-01")
    assert helplines.check_registry(proj, today) == []


@pytest.mark.parametrize("text,line,message", [
    ("services:\n  - id: heal\n    name: {en: x\n", 4, "helpline registry is not valid YAML"),
    ("services:\n  - id: a\n    name: {en: A}\n    numbers: [{display: '15555', tel: '15556'}]\n", 4,
     "service 'a': display '15555' and tel '15556' are different numbers"),
    ("services:\n  - name: {en: A}\n", 2, "services[0] needs 'id'"),
    ("services:\n  - id: a\n    name: {en: A}\n    numbers: [{display: '1'}]\n    verified_on: soon\n", 5,
     "services[0].verified_on must be a date (YYYY-MM-DD), not text ('soon')"),
    (("services:\n  - id: a\n    name: {en: A}\n    numbers:\n"
     "      - {display: '019-261 5999', tel: '+60192615999', channel: sms}\n"), 5,
     "services[0].numbers[0].channel 'sms' is not one of: phone, whatsapp"),
    (("services:\n  - id: a\n    name: {en: A}\n    numbers:\n"
     "      - {display: '019-261 5999', tel: '0192615999', channel: whatsapp}\n"), 5,
     "service 'a': WhatsApp number '019-261 5999' needs tel in international form"),
])
def test_broken_registry(make_project, text, line, message):
    proj = _project(make_project, text)
    with pytest.raises(ProblemsFound) as exc:
        helplines.load(proj)
    problem = exc.value.problems[0]
    assert (problem.path, problem.line, problem.code) == ("guides/_data/helplines.yml", line, "helplines-yaml")
    assert problem.message.startswith(message)
    assert {p.code for p in helplines.check_registry(proj)} == {"helplines-yaml"}


def test_whatsapp_numbers_open_a_chat_only_where_the_registry_says_so(registry):
    kasih = registry.get("talian-kasih")
    assert [(n.display, n.channel, n.href) for n in kasih.numbers] == [
        ("15999", "phone", "tel:15999"),
        ("019-261 5999", "whatsapp", "https://wa.me/60192615999")]
    # Every other number in the real registry is a phone number: nothing invented.
    others = [n for s in registry.services for n in s.numbers if n.channel == "whatsapp"]
    assert [n.display for n in others] == ["019-261 5999"]
    assert all((n.note or "").lower() == "whatsapp" for n in others)


def test_tamil_names_are_tamil_with_the_official_name_in_brackets(registry):
    for service in registry.services:
        name = service.name["ta"]
        english_only = name == service.name["en"] and name != service.name["ms"]
        assert not english_only, f"{service.id}: the Tamil site shows the English name {name!r}"
        if not re.search("[\u0b80-\u0bff]", name):
            assert name == service.name["ms"], f"{service.id}: neither Tamil nor the official name"
