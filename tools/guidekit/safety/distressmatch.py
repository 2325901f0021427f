"""Does a search query ask for crisis help, eating-disorder help, or neither?

The one matching algorithm of the search intercept. Its JavaScript twin is
site/assets/crisis.js (`guidekitCrisis.classify`): both read the same compiled model
(distress.compile_model) and must give the same verdict for every query; tests/test_crisis_parity.py
runs both over the whole evaluation set. Change one, change the other in the same commit.

A query becomes a list of items:
- a Latin-script token (a-z, digits, leet symbols) is one item, canonicalised: leet digits and
  symbols to letters ('su1cide', '$uicide'), '*' kept as a one-letter wildcard ('s*icide'),
  runs of one letter squashed ('dieee', 'kill' -> 'kil'), phonetic folds of romanised Tamil
  ('th' -> 't', 'zh' -> 'l'); runs of three or more one-letter tokens are joined ('s u i c i d e');
- every Han or Tamil character is one item (no word boundaries there; spaces between them are
  dropped, so '自 杀' and 'தற் கொலை' match too).
Rules are sequences of concepts (alternative forms) with a bounded, weighted gap between them.
Guard rules run first and mask what they match ('mati lampu', '死线', 'killing time'), so a
benign look-alike cannot take part in a match. A rule may also have `unless` concepts: it does
not fire when one of them occurs anywhere (fasting in Ramadan is not starving oneself).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

MAX_QUERY = 200  # code points; a search box, not a document

LATIN, HAN, TAMIL = "latin", "han", "tamil"

# Invisible or direction-changing characters people (or keyboards) slip into words.
_INVISIBLE = frozenset(
    [0x00AD, 0x034F, 0x061C, 0x180E, 0xFEFF]
    + list(range(0x200B, 0x2010)) + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070)))
_APOSTROPHES = frozenset("'\u2019\u02bc`\u00b4")


def _script(ch: str) -> str | None:
    cp = ord(ch)
    if "a" <= ch <= "z" or "0" <= ch <= "9":
        return LATIN
    if 0x0B80 <= cp <= 0x0BFF:
        return TAMIL
    if (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x2FFFF):
        return HAN
    return None


def normalise_text(text: str, model: dict[str, Any]) -> str:
    """NFKC, lower case, Latin accents dropped, invisible characters dropped, variants folded."""
    text = "".join(list(text)[:MAX_QUERY])
    # Per character: whole-string lower() special-cases a final sigma, which crisis.js cannot.
    text = "".join(ch.lower() for ch in unicodedata.normalize("NFKC", text))
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not 0x0300 <= ord(ch) <= 0x036F and ord(ch) not in _INVISIBLE)
    text = unicodedata.normalize("NFC", text)
    fold = model["fold"]
    return "".join(fold.get(ch, ch) for ch in text)


def squash(word: str) -> str:
    """Runs of one letter as one: 'dieee' -> 'die', 'kill' -> 'kil', 'saaganum' -> 'saganum'."""
    out: list[str] = []
    for ch in word:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def canonical_word(raw: str, model: dict[str, Any]) -> str:
    """One Latin token as the matcher compares it ('' when nothing is left)."""
    symbols = model["symbols"]
    word = raw.strip("!*|+")
    if not word:
        return ""
    has_letter = any("a" <= ch <= "z" for ch in word)
    if not has_letter and not any(ch in symbols for ch in word):
        return word  # a number: '2', '999'
    if len(word) >= 4 and word.endswith("2") and all("a" <= ch <= "z" for ch in word[:-1]):
        word = word[:-1]  # Malay reduplication: 'bangun2' is 'bangun-bangun'
    leet = model["leet"]
    word = "".join(leet.get(ch, ch) for ch in word)
    for old, new in model["phonetic"]:
        word = word.replace(old, new)
    return squash(word)


def candidates(word: str, model: dict[str, Any]) -> list[str]:
    """The token and the stems its affixes allow ('membunuh' -> 'bunuh', 'cutting' -> 'cut')."""
    out = [word]
    stems = [word]
    for prefix, repl in model["prefixes"]:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            stem = repl + word[len(prefix):]
            stems.append(stem)
            out.append(stem)
    for stem in stems:
        for suffix, repl in model["suffixes"]:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                out.append(stem[:len(stem) - len(suffix)] + repl)
    return out


def distance(a: str, b: str) -> int:
    """Optimal-string-alignment edit distance; '*' in `a` matches any one letter for free."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] or a[i - 1] == "*" else 1
            best = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, rows[i - 2][j - 2] + 1)
            rows[i][j] = best
    return rows[len(a)][len(b)]


def word_matches(token: str, cands: list[str], word: str, mode: str, fuzzy: bool = True) -> bool:
    """mode 'e': exactly; 'n': any number; 'p': `word` is a prefix of the token or a stem; 'f': a stem equals it,
    or a misspelling of a long word (same first letter; 1 edit from 6 letters, 2 from 9; an
    adjacent swap in 3-5 letters), or a '*' wildcard spelling of it. Without `fuzzy` (guards:
    a benign look-alike must be typed as such) stems only."""
    if mode == "e":
        return token == word
    if mode == "n":
        return token != "" and all("0" <= ch <= "9" for ch in token)
    if mode == "p":
        return any(c.startswith(word) for c in cands)
    if word in cands:
        return True
    if not fuzzy or not token or token[0] != word[0] and token[0] != "*":
        return False
    if len(word) >= 9:
        limit = 2
    elif len(word) >= 6:
        limit = 1
    elif len(word) >= 3 and len(token) == len(word):
        limit = 1 if "*" in token or _swapped(token, word) else 0
    else:
        limit = 0
    if "*" not in token and limit == 0:
        return False
    if abs(len(token) - len(word)) > limit:
        return False
    return distance(token, word) <= limit


def _swapped(a: str, b: str) -> bool:
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
        and a[diff[1]] == b[diff[0]]


@dataclass
class Item:
    kind: str
    text: str
    cands: list[str]
    masked: bool = False
    disguised: bool = False  # leet or symbols inside letters: 'm4ti', 'd!e' (evasion)


def items(query: str, model: dict[str, Any]) -> list[Item]:
    """The query as items (see the module docstring)."""
    text = normalise_text(query, model)
    symbols = model["symbols"]
    raw: list[tuple[str, str]] = []  # (kind, text); Latin tokens still raw
    token = ""
    chars = list(text)
    for i, ch in enumerate(chars):
        kind = _script(ch)
        if kind == LATIN or (ch in symbols and token) or (ch in symbols and i + 1 < len(chars)
                                                          and _script(chars[i + 1]) == LATIN):
            token += ch
            continue
        if ch in _APOSTROPHES and token and i + 1 < len(chars) and _script(chars[i + 1]) == LATIN:
            continue  # don't -> dont, i'm -> im
        if token:
            raw.append((LATIN, token))
            token = ""
        if kind is not None:
            raw.append((kind, ch))
    if token:
        raw.append((LATIN, token))
    joined: list[tuple[str, str]] = []
    i = 0
    while i < len(raw):
        j = i
        while j < len(raw) and raw[j][0] == LATIN and len(raw[j][1]) == 1:
            j += 1
        if j - i >= 3:  # 's u i c i d e'
            joined.append((LATIN, "".join(t for _, t in raw[i:j])))
            i = j
        else:
            joined.append(raw[i])
            i += 1
    out: list[Item] = []
    for kind, value in joined:
        if kind == LATIN:
            word = canonical_word(value, model)
            if word:
                disguised = any("a" <= ch <= "z" for ch in value) and any(
                    not "a" <= ch <= "z" for ch in value.strip("!*|+"))
                out.append(Item(LATIN, word, candidates(word, model), disguised=disguised))
        else:
            out.append(Item(kind, value, []))
    return out


class Matcher:
    """classify() over one compiled model."""

    def __init__(self, model: dict[str, Any]):
        self.model = model
        self.weights = model["weights"]
        # What a concept's forms can start with: Han/Tamil characters, or any Latin token.
        self.starts: list[tuple[set[str], bool]] = [
            ({f["p"][0]["s"][0] for f in forms if "s" in f["p"][0]},
             any("w" in f["p"][0] for f in forms))
            for forms in model["concepts"]]
        self.longest = max((len(f["p"]) for forms in model["concepts"] for f in forms), default=1)

    def classify(self, query: str) -> tuple[str | None, str | None]:
        """('crisis' | 'ed' | None, the id of the rule that decided)."""
        its = items(query, self.model)
        if not its:
            return None, None
        self._ends: dict[tuple[int, int, bool], list[int]] = {}
        self._joined: dict[tuple[int, int], tuple[str, list[str]]] = {}
        self._firsts: dict[int, set[str]] = {}
        for rule in self.model["rules"]:
            if rule["k"] == "guard":
                for start in range(len(its)):
                    # Only what the guard's elements matched: a gap may hold a real signal.
                    for first, last in self._match_rule(its, rule, start, True) or []:
                        for k in range(first, last):
                            its[k].masked = True
        for kind in ("crisis", "ed"):
            for rule in self.model["rules"]:
                if rule["k"] != kind or self._vetoed(its, rule):
                    continue
                for start in range(len(its)):
                    spans = self._match_rule(its, rule, start, False)
                    if not spans:
                        continue
                    if rule.get("d") and not any(
                            its[k].disguised for first, last in spans for k in range(first, last)):
                        continue
                    if rule.get("w") and (spans[0][0] != 0 or spans[-1][1] != len(its)):
                        continue
                    return kind, rule["id"]
        return None, None

    def _vetoed(self, its: list[Item], rule: dict[str, Any]) -> bool:
        for concept in rule.get("u", []):
            for start in range(len(its)):
                if self._concept_ends(its, concept, start, False):
                    return True
        return False

    def _match_rule(self, its: list[Item], rule: dict[str, Any], start: int,
                    ignore_mask: bool) -> list[tuple[int, int]] | None:
        """Where each element matched when the first starts at `start`, or None."""
        return self._match_from(its, rule, 0, start, ignore_mask)

    def _match_from(self, its: list[Item], rule: dict[str, Any], index: int, start: int,
                    ignore_mask: bool) -> list[tuple[int, int]] | None:
        for end in self._concept_ends(its, rule["e"][index], start, ignore_mask):
            if index + 1 == len(rule["e"]):
                return [(start, end)]
            gap = 0
            for nxt in range(end, len(its) + 1):
                if nxt > end:
                    gap += self.weights[its[nxt - 1].kind]
                if gap > rule["g"]:
                    break
                if nxt < len(its):
                    found = self._match_from(its, rule, index + 1, nxt, ignore_mask)
                    if found is not None:
                        return [(start, end)] + found
        return None

    def _concept_ends(self, its: list[Item], concept: int, start: int,
                      ignore_mask: bool) -> list[int]:
        """Where the concept's forms matched from `start` end (memoised: rules share concepts;
        guards all run before anything reads masks, so the key needs no mask state)."""
        key = (concept, start, ignore_mask)
        if key in self._ends:
            return self._ends[key]
        ends: list[int] = []
        chars, latin = self.starts[concept]
        item = its[start]
        if (item.kind == LATIN and not latin) or (item.kind != LATIN and item.text not in chars):
            self._ends[key] = ends  # no form of this concept can start here
            return ends
        letters = self._first_letters(its, start, ignore_mask) | {item.text[0]} \
            if item.kind == LATIN and item.text[0] != "*" else None
        for form in self.model["concepts"][concept]:
            first = form["p"][0]
            if letters is not None and "w" in first and first["m"] != "n" \
                    and first["w"][0] not in letters:
                continue  # a shortcut: neither the word nor a joined form can match here
            end = self._match_form(its, start, form, ignore_mask)
            if end > start and end not in ends:
                ends.append(end)
        self._ends[key] = ends
        return ends

    def _usable(self, item: Item, ignore_mask: bool) -> bool:
        return ignore_mask or not item.masked

    def _match_form(self, its: list[Item], start: int, form: dict[str, Any],
                    ignore_mask: bool) -> int:
        """End index of `form` matched from `start`, or -1."""
        pos = start
        ok = True
        for part in form["p"]:
            if "s" in part:
                for ch in part["s"]:
                    if pos >= len(its) or its[pos].kind == LATIN or its[pos].text != ch \
                            or not self._usable(its[pos], ignore_mask):
                        ok = False
                        break
                    pos += 1
            else:
                item = its[pos] if pos < len(its) else None
                if item is None or item.kind != LATIN or not self._usable(item, ignore_mask) \
                        or not word_matches(item.text, item.cands, part["w"], part["m"],
                                            not ignore_mask):
                    ok = False
                else:
                    pos += 1
            if not ok:
                break
        if ok:
            return pos
        if form.get("a") and not ignore_mask:
            return self._match_approx(its, start, form["p"][0]["s"])
        return self._match_joined(its, start, form, ignore_mask)

    def _match_approx(self, its: list[Item], start: int, text: str) -> int:
        """A long Han/Tamil phrase with one typo: same first character, one edit."""
        length = len(text)
        for count in (length, length - 1, length + 1):
            if start + count > len(its):
                continue
            run = its[start:start + count]
            if any(item.kind == LATIN or item.masked for item in run):
                continue
            typed = "".join(item.text for item in run)
            if typed[0] == text[0] and distance(typed, text) <= 1:
                return start + count
        return -1

    def _match_joined(self, its: list[Item], start: int, form: dict[str, Any],
                      ignore_mask: bool) -> int:
        """A Latin phrase typed as fewer or more tokens: 'selfharm', 'sewer slide', 'self harn'."""
        joined = form.get("j")
        if not joined or joined[0] not in self._first_letters(its, start, ignore_mask):
            return -1
        count = len(form["p"])
        text = ""
        for k in range(start, min(len(its), start + count + 1)):
            item = its[k]
            if item.kind != LATIN or not self._usable(item, ignore_mask):
                return -1
            text += item.text
            if len(text) > len(joined) + 2:
                return -1
            if count == 1 and k == start:
                continue  # the same as the part-by-part match
            word, cands = self._joined_at(its, start, k)
            if joined in cands or (
                    not ignore_mask and len(joined) >= 6 and word[0] == joined[0]
                    and abs(len(word) - len(joined)) <= 1 and distance(word, joined) <= 1):
                return k + 1
        return -1


    def _joined_at(self, its: list[Item], start: int, k: int) -> tuple[str, list[str]]:
        """Tokens start..k as one word, and its stems."""
        if (start, k) not in self._joined:
            word = squash("".join(item.text for item in its[start:k + 1]))
            self._joined[(start, k)] = (word, candidates(word, self.model))
        return self._joined[(start, k)]

    def _first_letters(self, its: list[Item], start: int, ignore_mask: bool) -> set[str]:
        """First letters of every stem of every run of tokens from `start` a joined form could
        match: a form starting with another letter cannot match there (a shortcut only)."""
        if start not in self._firsts:
            letters: set[str] = set()
            for k in range(start, min(len(its), start + self.longest + 1)):
                if its[k].kind != LATIN:
                    break
                letters |= {c[0] for c in self._joined_at(its, start, k)[1] if c}
            self._firsts[start] = letters
        return self._firsts[start]


def classify(query: str, model: dict[str, Any]) -> tuple[str | None, str | None]:
    return Matcher(model).classify(query)
