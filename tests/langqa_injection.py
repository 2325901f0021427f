"""Translator mistakes injected into real translations, by shape: the evaluation set of langqa.

Each injector takes (msgid, msgstr, locale, rng) and returns a damaged msgstr, or None when the
entry has no place for that mistake. Used by tests/test_langqa.py and by hand:
    .venv/bin/python tests/langqa_injection.py      # detection rate per class and language
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from guidekit.checks import langqa

SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
HAN = re.compile(r"[\u4e00-\u9fff]{2}")


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.split(text) if s.strip()]


def pasted_english(msgid, msgstr, locale, rng):
    # Names, code and bare links may stay in English: only prose counts.
    return msgid if langqa.is_prose(msgid) else None


def mostly_english(msgid, msgstr, locale, rng):
    words = msgid.split(" ")
    if len(words) < 6:
        return None
    target = msgstr.split(" ")[0] if locale == "ms" else msgstr[:2]
    words[rng.randrange(len(words))] = target
    return " ".join(words)


def truncated(msgid, msgstr, locale, rng):
    parts = _sentences(msgstr)
    if len(parts) < 3 or "\n" in msgstr:
        return None
    return parts[0]


def padded(msgid, msgstr, locale, rng):
    if len(_sentences(msgstr)) < 1 or len(msgstr) < 30:
        return None
    sep = "" if locale.startswith("zh") else " "
    return msgstr + sep + msgstr


def doubled_word(msgid, msgstr, locale, rng):
    if locale.startswith("zh"):   # 一步一步 is grammar: not a unit starting with 一
        spans = [m for m in HAN.finditer(msgstr) if not m.group(0).startswith("一")]
        if not spans:
            return None
        m = rng.choice(spans)
        return msgstr[: m.end()] + m.group(0) + msgstr[m.end():]
    words = list(re.finditer(r"(?<![\w\[(/.#-])[^\W\d_]{3,}(?![\w\])/.-])", msgstr))
    if locale == "ta":   # Tamil reduplication (வளர வளர, யார் யார்) is grammar: double a long
        # inflected word instead
        words = [w for w in words if not "\u0b95" <= w.group(0)[-1] <= "\u0bb9"
                 and sum(1 for ch in w.group(0) if "\u0b85" <= ch <= "\u0bb9") >= 4]
    if not words:
        return None
    m = rng.choice(words)
    return msgstr[: m.end()] + " " + m.group(0) + msgstr[m.end():]


def double_space(msgid, msgstr, locale, rng):
    spaces = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", msgstr)]
    if locale.startswith("zh") and not spaces:
        han = [m.start() + 1 for m in re.finditer(r"[\u4e00-\u9fff]{2}", msgstr)]
        if not han:
            return None
        at = rng.choice(han)
        return msgstr[:at] + "  " + msgstr[at:]
    if not spaces:
        return None
    at = rng.choice(spaces)
    return msgstr[:at] + "  " + msgstr[at + 1:]


def bold_removed(msgid, msgstr, locale, rng):
    if "**" not in msgid or "**" not in msgstr:
        return None
    return msgstr.replace("**", "")


def other_language(msgid, msgstr, locale, rng):
    parts = _sentences(msgid)
    if not parts or len(parts[-1].split()) < 6 or re.search(r"[\[`<{]", parts[-1]):
        return None
    english = parts[-1]
    if locale == "ms":
        return " ".join(_sentences(msgstr)[:-1] + [english]) if len(_sentences(msgstr)) > 1 else english
    return msgstr + (" " if not locale.startswith("zh") else "") + english


def other_script(msgid, msgstr, locale, rng):
    foreign = {"ms": "这是中文句子。", "ta": "这是中文句子。", "zh_Hans": "இது தமிழ் வாக்கியம்."}
    return msgstr + (foreign.get(locale, "இது தமிழ்."))


def stray_bracket(msgid, msgstr, locale, rng):
    spots = [m.start() for m in re.finditer(r"(?<=\S)(?=\s)|(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])", msgstr)]
    if not spots:
        return None
    at = rng.choice(spots)
    return msgstr[:at] + rng.choice(["(", ")", "（", "[", "」", "“"]) + msgstr[at:]


def dropped_stop(msgid, msgstr, locale, rng):
    if not re.search(r"[.!?]$", msgid.rstrip()) or not re.search(r"[.!?。！？]$", msgstr.rstrip()):
        return None
    return msgstr.rstrip()[:-1]


INJECTORS: dict[str, tuple[Callable, tuple[str, ...]]] = {
    "pasted-english": (pasted_english, ("untranslated-copy",)),
    "mostly-english": (mostly_english, ("untranslated-copy", "wrong-language")),
    "truncated": (truncated, ("translation-truncated",)),
    "padded": (padded, ("translation-padded", "doubled-word", "link-count-changed")),
    "doubled-word": (doubled_word, ("doubled-word",)),
    "double-space": (double_space, ("double-space",)),
    "bold-removed": (bold_removed, ("markup-count-changed", "emphasis-unbalanced")),
    "other-language": (other_language, ("wrong-language", "untranslated-copy")),
    "other-script": (other_script, ("wrong-script",)),
    "stray-bracket": (stray_bracket, ("bracket-unbalanced",)),
    "dropped-stop": (dropped_stop, ("final-punctuation-dropped",)),
}


def cases(entries, per_class: int = 8, seed: int = 14):
    """(class, locale, entry, damaged msgstr, expected codes) for up to per_class entries of
    each class in each language, chosen at random among the entries the mistake fits."""
    rng = random.Random(seed)
    out = []
    for name, (inject, codes) in INJECTORS.items():
        for locale in sorted({e.locale for e in entries}):
            pool = [e for e in entries if e.locale == locale]
            rng.shuffle(pool)
            found = 0
            for e in pool:
                damaged = inject(e.msgid, e.msgstr, locale, rng)
                if damaged is None or damaged == e.msgstr:
                    continue
                out.append((name, locale, e, damaged, codes))
                found += 1
                if found == per_class:
                    break
    return out


if __name__ == "__main__":   # pragma: no cover
    import sys
    from collections import Counter

    from guidekit import config
    from guidekit.checks import qa, runner

    ctx = runner.Context(config.load("mkdocs.yml"))
    entries, _ = ctx.entries()
    profiles = {loc: langqa.Profile.of([(e.msgid, e.msgstr) for e in entries if e.locale == loc],
                                       langqa.language(loc)) for loc in {e.locale for e in entries}}
    hits, total = Counter(), Counter()
    per_class = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 14
    for name, locale, e, damaged, codes in cases(entries, per_class, seed):
        found = {f.code for f in langqa.check(e.msgid, damaged, locale, profiles[locale])
                 + qa.check_message(e.msgid, damaged)}
        total[(name, locale)] += 1
        if found & set(codes):
            hits[(name, locale)] += 1
        else:
            print("MISSED", name, locale, e.path, e.line, repr(damaged[:100]), sorted(found))
    for key in sorted(total):
        print(f"{key[0]:16} {key[1]:8} {hits[key]}/{total[key]}")
    print("total", sum(hits.values()), "/", sum(total.values()))
