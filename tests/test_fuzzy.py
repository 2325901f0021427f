"""The fast fuzzy matcher picks exactly what Babel's Catalog.update picks (i18n/fuzzy.py)."""

from __future__ import annotations

import copy
import random

import pytest
from babel.messages.catalog import Catalog, get_close_matches
from guidekit.i18n import fuzzy

WORDS = ("the", "a", "child", "eat", "meal", "worry", "doctor", "talk", "often", "school", "help",
         "calm", "sleep", "friend", "notice", "change", "weight", "family", "safe", "ask", "time")


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 14))).capitalize() + "."


def _edit(rng: random.Random, text: str) -> str:
    """A reworded message: a few words swapped, added or dropped, or only its case changed."""
    words = text.split()
    for _ in range(rng.randint(0, 4)):
        what = rng.random()
        at = rng.randrange(len(words) + 1)
        if what < 0.4:
            words.insert(at, rng.choice(WORDS))
        elif what < 0.7 and len(words) > 1:
            words.pop(min(at, len(words) - 1))
        elif words:
            words[min(at, len(words) - 1)] = rng.choice(WORDS)
    edited = " ".join(words)
    return edited.upper() if rng.random() < 0.05 else edited


def _case(seed: int) -> tuple[Catalog, Catalog]:
    rng = random.Random(seed)
    old_ids = list(dict.fromkeys(_sentence(rng) for _ in range(rng.randint(1, 30))))
    catalog = Catalog(locale="ms")
    for msgid in old_ids:
        translated = rng.random() < 0.85
        message = catalog.add(msgid, ("ms " + msgid) if translated else "",
                              user_comments=["kept"] if rng.random() < 0.2 else [])
        if translated and rng.random() < 0.1:
            message.flags.add("fuzzy")
    template = Catalog()
    new_ids: list[str] = []
    for msgid in old_ids:
        roll = rng.random()
        if roll < 0.5:
            new_ids.append(msgid)                       # unchanged
        elif roll < 0.8:
            new_ids.append(_edit(rng, msgid))           # reworded
        # else: removed from the guide
    for _ in range(rng.randint(0, 5)):                  # brand-new paragraphs
        new_ids.insert(rng.randrange(len(new_ids) + 1), _sentence(rng))
    for msgid in dict.fromkeys(i for i in new_ids if i.strip(". ")):
        template.add(msgid, locations=[("guide.md", rng.randint(1, 99))])
    return catalog, template


def _state(catalog: Catalog) -> list:
    def row(m):
        return (m.id, m.string, sorted(m.flags), m.previous_id, m.user_comments, m.locations)
    return [row(m) for m in catalog if m.id] + [("obsolete", *row(m)) for m in catalog.obsolete.values()]


@pytest.mark.parametrize("seed", range(300))
def test_update_matches_babel(seed):
    catalog, template = _case(seed)
    expected = copy.deepcopy(catalog)
    expected.update(copy.deepcopy(template))
    untouched = _state(template)
    fuzzy.update(catalog, template)
    assert _state(catalog) == _state(expected)
    assert _state(template) == untouched  # the template is shared by every language's update


def test_generated_set_exercises_fuzzy_matches():
    """The equivalence above is only worth something if fuzzy matches do happen in it."""
    fuzzy_count = 0
    for seed in range(300):
        catalog, template = _case(seed)
        fuzzy.update(catalog, template)
        fuzzy_count += sum(1 for m in catalog if m.id and m.previous_id)
    assert fuzzy_count > 100


@pytest.mark.parametrize("seed", range(50))
def test_closest_is_babels_choice(seed):
    rng = random.Random(seed)
    keys = [fuzzy.match_key(_sentence(rng)) for _ in range(40)]
    for word in [fuzzy.match_key(_edit(rng, rng.choice(keys))) for _ in range(10)] + ["", "x"]:
        expected = get_close_matches(word, keys, 1)
        assert fuzzy.closest(word, keys) == (expected[0] if expected else None)


def test_ties_go_to_the_larger_key_as_in_babel():
    # "abcd" and "abce" are both 0.75 from "abc": Babel's nlargest keeps the larger string.
    assert get_close_matches("abc", ["abcd", "abce"], 1) == ["abce"]
    assert fuzzy.closest("abc", ["abcd", "abce"]) == "abce"
    assert fuzzy.closest("abc", ["abce", "abcd"]) == "abce"


def test_difflib_ratio_below_cutoff_is_rejected_even_when_the_lcs_is_high():
    # LCS-based similarity is an upper bound only: difflib's blocks can find fewer matches.
    word, key = "ab" * 5 + "xyz", "ba" * 5 + "xyz"
    assert fuzzy.closest(word, [key]) == (get_close_matches(word, [key], 1) or [None])[0]
