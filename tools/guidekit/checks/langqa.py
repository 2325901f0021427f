"""Advisory translation QA: the ordinary mistakes a translator makes, language by language.

`guidekit check` runs these on every non-fuzzy translation (the build never does: it enforces
only qa.is_safe_to_render). Each finding is reported at the PO entry's line. They look at the
*prose* of a message: code spans, link targets, URLs, HTML tags, placeholders and Markdown markers
are removed first, so a message that is only code, a link or a proper name is never "untranslated".

Languages differ, and the checks know how (LANGUAGES): the script a translation is written in
(Han for Chinese, Tamil, Latin for Malay), what ends a sentence (。！？ count as full stops),
which doubled words are legal (Tamil reduplication `மெல்ல மெல்ல`; Malay writes `kanak-kanak` with
a hyphen, so it is never a doubled word), and, for Malay against English, a stop-word model.
Length ratios are judged against the language's own distribution over all its catalogues.

A translator silences a finding for one entry with a comment, and must say why:
    # translation-qa: allow untranslated-copy reason="the organisation's name is not translated"
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from guidekit.checks.qa import Finding, _inline_links, code_spans, placeholders

# --------------------------------------------------------------------------- languages


@dataclass(frozen=True)
class Language:
    script: str                          # "Han", "Tamil" or "Latin": what its prose is written in
    sentence_end: str                    # characters that end a sentence
    spaced: bool = True                  # words are separated by spaces
    reduplication: frozenset[str] = frozenset()   # words that may legally stand twice in a row
    stop_words: frozenset[str] = frozenset()      # for telling it from English (Latin scripts)


ENGLISH_STOP = frozenset(["a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been", "but", "by", "can", "could", "do", "does", "for", "from", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "more", "most", "must", "my", "no", "not", "of", "on", "or", "our", "out", "she", "should", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your"])

MALAY_STOP = frozenset(["ada", "adalah", "agar", "akan", "anak", "anda", "apa", "atau", "bagi", "bahawa", "bahkan", "banyak", "belum", "boleh", "dalam", "dan", "dapat", "dari", "daripada", "dengan", "di", "dia", "hanya", "ia", "ialah", "ini", "itu", "jangan", "jika", "juga", "kami", "kita", "kepada", "ke", "kerana", "lebih", "mereka", "mungkin", "nak", "oleh", "pada", "para", "perlu", "saya", "sangat", "satu", "sebagai", "sejak", "selepas", "semua", "seperti", "serta", "setiap", "supaya", "tentang", "tetapi", "tidak", "untuk", "walaupun", "yang", "sudah", "telah", "masih", "mahu"])

LANGUAGES: dict[str, Language] = {
    "zh": Language("Han", "。！？!?", spaced=False),
    "ta": Language("Tamil", ".!?", reduplication=frozenset(
        ["மெல்ல", "மீண்டும்", "சிறிது", "கொஞ்சம்", "அடிக்கடி", "வர", "வேறு", "தனித்தனி", "ஒவ்வொன்றாக", "போகப்", "மெதுவாக"])),
    "ms": Language("Latin", ".!?", stop_words=MALAY_STOP),
}
DEFAULT = Language("Latin", ".!?")


def language(locale: str) -> Language:
    return LANGUAGES.get(locale.split("_")[0].split("-")[0], DEFAULT)


def script_of(ch: str) -> str | None:
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff":
        return "Han"
    if "\u0b80" <= ch <= "\u0bff":
        return "Tamil"
    if ch.isalpha() and ch.isascii() or "\u00c0" <= ch <= "\u024f":
        return "Latin"
    if ch.isalpha():
        return unicodedata.name(ch, "?").split(" ")[0].title()
    return None


# --------------------------------------------------------------------------- prose

_URL = re.compile(r"<?(?:https?://|mailto:|www\.)[^\s<>)\]]*>?", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_ATTR_LIST = re.compile(r"\{[:#.][^{}]*\}")
_REF = re.compile(r"\]\[[^\]]*\]|\[\^[^\]]*\]")


def prose(text: str) -> str:
    """The words a reader reads: no code, link targets, URLs, tags, placeholders or markers."""
    for span in code_spans(text):
        text = text.replace(span, " ")
    for dest, offset in sorted(_inline_links(text), key=lambda d: -d[1]):
        end = text.find(")", offset + len(dest))
        text = text[: offset - 2] + "]" + text[(end + 1 if end >= 0 else offset + len(dest)):]
    for ph in placeholders(text):
        text = text.replace(ph, " ")
    text = _REF.sub("]", text)
    text = _URL.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _ATTR_LIST.sub(" ", text)
    text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)      # emphasis markers
    text = text.replace("[", "").replace("]", "")
    return text


# A letter, or a vowel sign/virama of an Indic script (Python's \w leaves those marks out, which
# would cut Tamil words in pieces).
_L = r"(?:[^\W\d_]|[\u0900-\u0dff\u0300-\u036f])"
_WORD = re.compile(rf"{_L}+(?:['’]{_L}+)?")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def is_prose(text: str) -> bool:
    """A message worth translating as prose: two or more lower-case words (so not a proper
    name like 'National Eating Disorders Association (NEDA)', not code, not a bare link)."""
    return sum(1 for w in words(prose(text)) if w[:1].islower() and len(w) > 1) >= 2


def sentences(text: str, lang: Language) -> int:
    """Sentence ends in prose: a full stop/!/? followed by a space, a line end or the end (in
    Chinese every 。！？); abbreviations such as 'e.g.' and decimals are not ends."""
    text = re.sub(r"\s+([.!?。！？])", r"x\1", prose(text))   # "on [[helpline:x]]." ends one too
    if not lang.spaced or "。" in text:
        count = len(re.findall(r"[。！？]+", text))
        count += len(re.findall(r"(?<![\w.])[A-Za-z]*[a-z]{2,}[.!?](?=\s|$)", text))
        return count
    text = re.sub(r"\b(?:e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|St|vs|No|cth|dll|spt|Prof)\.", "", text,
                  flags=re.IGNORECASE)
    return len(re.findall(r"[^\s\d][.!?]+[\"'”’)\]]*(?=\s|$)", text))


# --------------------------------------------------------------------------- statistics

@dataclass(frozen=True)
class Profile:
    """A language's length ratio (msgstr/msgid prose, in letters) over all its catalogues."""
    low: float
    high: float
    median: float

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]], lang: Language) -> Profile:
        ratios = sorted(r for msgid, msgstr in pairs if (r := ratio(msgid, msgstr)) is not None)
        default = (0.15, 1.6, 0.4) if lang.script == "Han" else (0.5, 2.6, 1.1)
        if len(ratios) < 40:
            return cls(*default)
        q = statistics.quantiles(ratios, n=100, method="inclusive")
        median = statistics.median(ratios)
        # Beyond the 1st/99th percentile by a margin, and never tighter than half/double median.
        return cls(min(q[0] * 0.8, median * 0.5), max(q[98] * 1.25, median * 2.0), median)


def ratio(msgid: str, msgstr: str) -> float | None:
    """Letters of the translation per letter of the source; words both share (names kept in
    English, 'klinik kesihatan') count in neither, so they do not blur the comparison."""
    source_words, target_words = words(prose(msgid)), words(prose(msgstr))
    shared = {w.casefold() for w in source_words} & {w.casefold() for w in target_words}
    source = sum(len(w) for w in source_words if w.casefold() not in shared)
    if source < 40 or not msgstr:   # shorter texts vary too much (a dropped gloss)
        return None
    return sum(len(letters(w)) for w in target_words if w.casefold() not in shared) / source


# --------------------------------------------------------------------------- checks

def check(msgid: str, msgstr: str, locale: str, profile: Profile | None = None) -> list[Finding]:
    """Advisory findings for one non-empty, non-fuzzy translation."""
    if not msgstr or not msgid:
        return []
    lang = language(locale)
    out: list[Finding] = []
    out += _untranslated(msgid, msgstr, lang)
    if not any(f.code == "untranslated-copy" for f in out):
        out += _wrong_language(msgid, msgstr, lang)
        out += _length(msgid, msgstr, lang, profile or Profile.of((), lang))
    out += _doubled(msgstr, lang)
    out += _emphasis(msgid, msgstr, lang)
    out += _spaces(msgid, msgstr)
    out += _brackets(msgid, msgstr)
    out += _final_punctuation(msgid, msgstr, lang)
    return out


def _fold(text: str) -> list[str]:
    return [w.casefold() for w in words(prose(text))]


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def is_citation(text: str) -> bool:
    """A reference: authors, a quoted title, a year; only grammar words outside the title
    ('Tengku ... and Anita ..., "Child patient and consent ...", Journal of ..., 2013')."""
    if not _YEAR.search(text) or not _QUOTED.search(text):
        return False
    outside = _QUOTED.sub(" ", text)
    return all(w.casefold() in ENGLISH_STOP for w in words(prose(outside)) if w[:1].islower())


def _untranslated(msgid: str, msgstr: str, lang: Language) -> list[Finding]:
    if not is_prose(msgid) or is_citation(msgid):
        return []
    source, target = _fold(msgid), _fold(msgstr)
    if not target:
        return []
    # "Mostly the English": most of its lower-case words are the source's (names, which
    # keep their capitals in any language, do not count), and little of it is in the
    # language's own script.
    lower = [w.casefold() for w in words(prose(msgstr)) if w[:1].islower() and script_of(w[0]) == "Latin"]
    shared = sum(1 for w in lower if w in set(source))
    own = letters(prose(msgstr))
    own_share = sum(1 for ch in own if script_of(ch) == lang.script) / max(1, len(own))
    if lang.script != "Latin":
        same = target == source or (len(lower) >= 4 and shared / len(lower) >= 0.6 and own_share < 0.2)
    else:
        same = target == source or (len(lower) >= 4 and shared / len(lower) >= 0.8)
    if same:
        return [Finding("untranslated-copy", "the translation is the English source text",
                        "translate it, or leave msgstr empty so readers see the English "
                        "page with a notice")]
    return []


def _english_share(tokens: list[str]) -> float:
    return sum(1 for w in tokens if w in ENGLISH_STOP) / max(1, len(tokens))


def _chunks(text: str) -> list[str]:
    """Prose split at sentence ends, line breaks, and quotes/brackets (quoted English is fine
    inside a translation only when the source quotes it too; see _wrong_language)."""
    return [c for c in re.split(r"(?<=[.!?;:])\s+|(?<=[。！？；：])|\n+", prose(text)) if c.strip()]


def _wrong_language(msgid: str, msgstr: str, lang: Language) -> list[Finding]:
    out: list[Finding] = []
    source_words = set(_fold(msgid))
    text = prose(msgstr)
    others = sorted({s for ch in letters(text)
                     if (s := script_of(ch)) is not None and s not in (lang.script, "Latin")})
    if others:
        out.append(Finding("wrong-script", f"letters of another script: {', '.join(others)}",
                           f"this catalogue is written in {lang.script} script"))
    for chunk in _chunks(_without_kept_english(msgid, msgstr)):
        tokens = [w.casefold() for w in words(chunk)]
        latin = [w for w in tokens if all(script_of(c) == "Latin" for c in w)]
        if len(latin) < 5:
            continue
        english = sum(1 for w in latin if w in ENGLISH_STOP)
        native = sum(1 for w in latin if w in lang.stop_words)
        copied = sum(1 for w in latin if w in source_words) / len(latin)
        if lang.script != "Latin":
            # Chinese or Tamil prose with a run of lower-case Latin words: names are capitalised
            # and terms ('klinik kesihatan', 'avoidant/restrictive food intake disorder') have
            # few function words, so five words with English grammar words are a sentence.
            lower = [w for w in words(chunk) if w[:1].islower() and script_of(w[0]) == "Latin"]
            wrong = len(lower) >= 5 and (english >= 2 or (english >= 1 and len(lower) >= 8))
        else:
            wrong = english >= 2 and english > native and copied >= 0.6 and english / len(latin) >= 0.15
        if wrong:
            out.append(Finding("wrong-language", f"English text in the translation: {chunk.strip()[:60]!r}",
                               "translate every sentence; names and titles may stay in English"))
            break
    return out


def _repeated(msgid: str, msgstr: str, lang: Language) -> str | None:
    """A sentence (or long clause) the translation says twice and the source does not."""
    def pieces(text: str) -> list[str]:
        return [p.strip() for p in re.split(r"(?<=[.!?。！？；;:：])\s*|\n", prose(text))
                if len(p.strip()) >= (6 if lang.script == "Han" else 12)]
    minimum = 10 if lang.script == "Han" else 24
    twice = re.compile(r"(\S.{" + str(minimum - 1) + r",}?)\s*\1", re.DOTALL)
    doubled = twice.search(prose(msgstr))
    if doubled and not twice.search(prose(msgid)):
        return doubled.group(1)
    seen: set[str] = set()
    source = pieces(msgid)
    for piece in pieces(msgstr):
        if piece in seen and source.count(piece) < 2:
            return piece
        seen.add(piece)
    return None


_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|「([^」]+)」|《([^》]+)》")
_GLOSS = re.compile(r"[（(]([^（）()]*)[）)]")


def _without_kept_english(msgid: str, msgstr: str) -> str:
    """The translation without what may stay in the source language: a quoted title copied from
    the source (a cited article) and a bracketed gloss of a term, '（avoidant/restrictive ...）'."""
    def drop(match: re.Match[str]) -> str:
        inner = next(g for g in match.groups() if g is not None)
        if inner in msgid or all(script_of(ch) in ("Latin", None) for ch in inner):
            return " "
        return match.group(0)
    return _GLOSS.sub(drop, _QUOTED.sub(drop, msgstr))


def _length(msgid: str, msgstr: str, lang: Language, profile: Profile) -> list[Finding]:
    r = ratio(msgid, msgstr)
    out: list[Finding] = []
    again = _repeated(msgid, msgstr, lang)
    if again:
        return [Finding("translation-padded", f"the translation repeats {again[:50]!r}",
                        "remove the repeated text")]
    src, dst = sentences(msgid, lang), sentences(msgstr, lang)
    if r is not None and r < profile.low:
        out.append(Finding("translation-truncated",
                           f"the translation is {r:.0%} as long as the source ({lang.script}: "
                           f"usually {profile.low:.0%}–{profile.high:.0%})",
                           "translate the whole message; a sentence may be missing"))
    elif src >= 2 and dst < src and r is not None and r < 0.75 * profile.median:
        out.append(Finding("translation-truncated",
                           f"the source has {src} sentences, the translation {dst}",
                           "translate every sentence of the source"))
    elif r is not None and r > profile.high and dst > src:
        out.append(Finding("translation-padded",
                           f"the translation is {r:.0%} as long as the source (usually up to "
                           f"{profile.high:.0%})", "remove repeated or added text"))
    return out


_DOUBLED_LATIN = re.compile(rf"(?<![\w\u0900-\u0dff-])({_L}{{2,}})\s+\1(?![\w\u0900-\u0dff-])",
                            re.IGNORECASE)
_DOUBLED_HAN = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
# Function characters that never double (慢慢, 常常, 看看 do: those are not listed).
_DOUBLED_HAN_PARTICLE = re.compile(r"([的了是在和与或也就都把被对从为而但])\1")
# Two-character verbs commonly said twice ("try/do a little"): 放松放松, 休息休息.
_HAN_ABAB = frozenset(["放松", "休息", "商量", "研究", "讨论", "练习", "活动", "考虑", "了解", "打听", "收拾", "整理", "聊聊", "走走"])
_DOUBLED_PUNCT = re.compile(r"([，。、；：！？,;])\1")


def _doubled(msgstr: str, lang: Language) -> list[Finding]:
    text = prose(msgstr)
    for match in _DOUBLED_LATIN.finditer(text):
        word = match.group(1)
        if word.casefold() in lang.reduplication or word in lang.reduplication:
            continue
        if lang.script == "Tamil" and (_tamil_infinitive(word) or _tamil_letters(word) < 4):
            continue   # வளர வளர, யார் யார், மேலும் மேலும்: reduplication is Tamil grammar; a
            # doubled inflected noun or verb (long, with its endings) is a slip
        return [Finding("doubled-word", f"doubled word {match.group(0)!r}",
                        "remove the repeated word")]
    if lang.script == "Han":
        for match in _DOUBLED_HAN.finditer(text):
            unit = match.group(1)
            if len(unit) == 2 and (unit[0] == "一" or unit in _HAN_ABAB):
                continue   # 一步一步, 放松放松: reduplication is Chinese grammar
            return [Finding("doubled-word", f"doubled word {match.group(0)!r}",
                            "remove the repeated word")]
        particle = _DOUBLED_HAN_PARTICLE.search(text)
        if particle:
            return [Finding("doubled-word", f"doubled word {particle.group(0)!r}",
                            "remove the repeated word")]
    punct = _DOUBLED_PUNCT.search(text)
    if punct:
        return [Finding("doubled-word", f"doubled punctuation {punct.group(0)!r}",
                        "remove the repeated mark")]
    return []


def _tamil_letters(word: str) -> int:
    """Tamil letters, not counting vowel signs and the virama."""
    return sum(1 for ch in word if "\u0b85" <= ch <= "\u0bb9")


def _tamil_infinitive(word: str) -> bool:
    """A Tamil word ending in a consonant with its inherent 'a' (no vowel sign, no virama)."""
    last = word[-1]
    return "\u0b95" <= last <= "\u0bb9"


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__", re.DOTALL)
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])|(?<![_\w])_(?=\S)(.+?)(?<=\S)_(?![_\w])",
                     re.DOTALL)


def _markup_counts(text: str) -> tuple[int, int, int]:
    code = len(code_spans(text))
    for span in code_spans(text):
        text = text.replace(span, " ")
    bold = len(_BOLD.findall(text))
    text = _BOLD.sub(" ", text)
    return bold, len(_ITALIC.findall(text)), code


def _emphasis(msgid: str, msgstr: str, lang: Language) -> list[Finding]:
    src, dst = _markup_counts(msgid), _markup_counts(msgstr)
    if lang.script == "Han":   # Chinese typography has no italics: a translator may drop them
        src, dst = (src[0], 0, src[2]), (dst[0], 0, dst[2])
    changed = [name for name, a, b in zip(("bold", "italic", "code"), src, dst) if a != b]
    if changed:
        detail = ", ".join(f"{name} {a}→{b}" for name, a, b in zip(("bold", "italic", "code"), src, dst)
                           if a != b)
        return [Finding("markup-count-changed", f"number of spans changed: {detail}",
                        "keep each **bold**, *italic* and `code` span of the source")]
    return []


def _spaces(msgid: str, msgstr: str) -> list[Finding]:
    doubled = re.compile(r"(?<=\S)  +(?=\S)")
    if len(doubled.findall(msgstr)) > len(doubled.findall(msgid)):
        return [Finding("double-space", "two or more spaces between words",
                        "use a single space")]
    return []


_PAIRS = (("(（", ")）"), ("[【", "]】"), ("「『", "」』"), ("“", "”"))


def _brackets(msgid: str, msgstr: str) -> list[Finding]:
    def unbalanced(text: str) -> list[str]:
        text = "".join(prose_keep_brackets(text))
        bad = [o + c for o, c in _PAIRS
               if sum(text.count(x) for x in o) != sum(text.count(x) for x in c)]
        if text.count('"') % 2:
            bad.append('"')
        return bad

    src, dst = unbalanced(msgid), unbalanced(msgstr)
    new = [b for b in dst if b not in src]
    if new:
        return [Finding("bracket-unbalanced", f"unbalanced {', '.join(new)} in the translation",
                        "close every bracket and quote you open")]
    return []


def prose_keep_brackets(text: str) -> str:
    """Text without code spans, link destinations, placeholders and URLs (the brackets of
    `[text](target)` are syntax; the text's own brackets stay)."""
    for span in code_spans(text):
        text = text.replace(span, " ")
    for dest, offset in sorted(_inline_links(text), key=lambda d: -d[1]):
        end = text.find(")", offset + len(dest))
        start = text.rfind("(", 0, offset + 1)
        text = text[:start] + text[(end + 1 if end >= 0 else offset + len(dest)):]
    text = re.sub(r"(?<!\\)\[([^\[\]]*)\]", r"\1", text)   # the link text's own brackets
    for ph in placeholders(text):
        text = text.replace(ph, " ")
    return _URL.sub(" ", text)


_TRAILING = re.compile(r"[\s*_`\"'”’」』）)\]>]+$")


def _final_punctuation(msgid: str, msgstr: str, lang: Language) -> list[Finding]:
    def end(text: str) -> str:
        text = _TRAILING.sub("", prose(text).rstrip())
        return text[-1:] if text else ""

    if end(msgid) in ".!?" and end(msgid) and end(msgstr) not in ".!?。！？…:：;；" :
        return [Finding("final-punctuation-dropped", "the source ends a sentence, the translation "
                        "has no final full stop", "end the translation like the source ('.' or '。')")]
    return []


# --------------------------------------------------------------------------- suppression

SUPPRESS = re.compile(r"translation-qa\s*:\s*allow\s+(?P<codes>[a-z0-9][a-z0-9,\s-]*?)"
                      r"(?:\s+reason\s*=\s*\"(?P<reason>[^\"]*)\")?\s*$")
CODES = ("untranslated-copy", "wrong-script", "wrong-language", "translation-truncated",
         "translation-padded", "doubled-word", "markup-count-changed", "double-space",
         "bracket-unbalanced", "final-punctuation-dropped")


def suppressions(comments: Iterable[str]) -> tuple[set[str], list[Finding]]:
    """Codes a translator comment silences, and findings for suppressions without a reason."""
    codes: set[str] = set()
    problems: list[Finding] = []
    for comment in comments:
        match = SUPPRESS.search(comment.strip())
        if not match:
            continue
        named = {c.strip() for c in re.split(r"[,\s]+", match.group("codes")) if c.strip()}
        unknown = sorted(named - set(CODES))
        if not (match.group("reason") or "").strip():
            problems.append(Finding("qa-suppression-invalid", "a suppression needs a reason",
                                    'write: # translation-qa: allow CODE reason="why"'))
            continue
        if unknown:
            problems.append(Finding("qa-suppression-invalid", f"unknown code(s) {', '.join(unknown)}",
                                    f"choose from: {', '.join(CODES)}"))
        codes |= named
    return codes, problems
