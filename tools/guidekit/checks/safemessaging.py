"""Safe-messaging lint and readability, per /shared/reference/safe-messaging.md.

English guide source is linted line by line with the patterns below, on prose only: code, HTML
comments, tags and link URLs are blanked first (same length, so columns and line numbers hold;
front matter lines count, and its `title`/`description` are linted). Translations (msgstrs) are
matched against per-language term lists (data/lint-terms.yml) after `normalise`: case folded,
accents stripped from Latin letters, hyphens and repeated spaces collapsed; Latin terms match
whole words, Chinese and Tamil terms anywhere (no word boundaries in those scripts).

Page rules, for a page whose front matter `topics` names eating-disorders, self-harm or suicide:
- help-block: the page has the help-panel line `<div data-guidekit="help-panel"></div>`;
- hope: the page says recovery or help is possible: one of recover/recovery/recovering, get
  better, help works, treatment works, "is possible", hope/hopeful (a deliberately simple test);
- content-note: a page with non-empty `content_notes` has at least one collapsed
  `??? content-note "Content note: ..."` block; any content note must be collapsed (`???`, not
  `???+`) and carry a label saying what it discusses.

Suppressions: `<!-- safe-messaging: allow CODE[,CODE] reason="..." -->` on its own line before a
block, or on the same line, silences those codes from that line to the end of the block (a
paragraph, list, or an admonition with its indented body). Page rules are silenced by such a
comment anywhere in the page. Without a reason the comment is itself an error and silences nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from guidekit import frontmatter, yamlfile
from guidekit.problems import Problem, ProblemsFound
from guidekit.safety.helplines import ascii_digits


@dataclass(frozen=True)
class Rule:
    level: str
    message: str
    hint: str


RULES: dict[str, Rule] = {
    "ed-number": Rule("error", "a number tied to weight, food or body size can become a target",
                      "describe the change without figures, e.g. \"lost a lot of weight\""),
    "ed-lowest": Rule("error", "lowest weights or amounts of weight lost invite comparison",
                      "say the person became very unwell, without weights"),
    "ed-howto": Rule("error", "details of eating-disorder behaviour (named pills, purging, fasting "
                     "lengths, tips) can teach it", "describe the behaviour in general terms"),
    "ed-pro": Rule("error", "pro-eating-disorder vocabulary",
                   "remove it, or explain it with a recorded reason (safe-messaging: allow ed-pro)"),
    "ed-label": Rule("warning", "identity-first label",
                     "say \"a person with anorexia\", \"people with bulimia\""),
    "ed-sensational": Rule("warning", "sensational wording about bodies or illness",
                           "use plain, calm words, e.g. \"very unwell\""),
    "ed-image": Rule("error", "image that may show bodies, weights or before/after, or has no alt text",
                     "use a neutral image with alt text describing it"),
    "ed-stereotype": Rule("warning", "stereotype about who gets eating disorders",
                          "say \"anyone can have an eating disorder, at any size\""),
    "su-commit": Rule("error", "\"commit suicide\" suggests a crime",
                      "say \"died by suicide\" or \"took their own life\""),
    "su-success": Rule("error", "\"successful/failed suicide\" frames death as success",
                       "say \"suicide attempt\" or \"died by suicide\""),
    "su-epidemic": Rule("error", "alarmist framing of suicide rates",
                        "say \"rising rates\" and give the context"),
    "su-method": Rule("error", "method, means or location of suicide or self-harm",
                      "leave out how and where; say \"died by suicide\""),
    "su-solution": Rule("warning", "suicide framed as a way out or a relief",
                        "say that help exists and that people get through this"),
    "su-cause": Rule("warning", "single-cause framing of suicide",
                     "say that suicide is complex and rarely has one cause"),
    "su-figurative": Rule("warning", "figurative or joking use of suicide",
                          "use another expression"),
    "help-block": Rule("error", "a page about eating disorders, self-harm or suicide needs the help panel",
                       "add the line <div data-guidekit=\"help-panel\"></div>"),
    "hope": Rule("warning", "a page about eating disorders, self-harm or suicide needs a message of hope",
                 "say that recovery is possible and help works"),
    "content-note": Rule("error", "sensitive content needs a collapsed content note",
                         "write ??? content-note \"Content note: <what it discusses>\" and indent the section"),
}
SENSITIVE_TOPICS = frozenset({"eating-disorders", "self-harm", "suicide"})
PAGE_CODES = frozenset({"help-block", "hope", "content-note"})
HELP_PANEL = re.compile(r"<div\s+data-guidekit\s*=\s*[\"']help-panel[\"']\s*>\s*</div>", re.IGNORECASE)
TARGET_GRADE = {"teens": 7.0, "caregivers": 9.0, "educators": 9.0}

# --- English patterns ---------------------------------------------------------------------

_N = r"\d+(?:[.,]\d+)?"
_SELF = r"(?:him|her|them|my|your|one|it)sel(?:f|ves)"
_SUICIDE_CONTEXT = (r"suicid|took\s+(?:his|her|their|my|your)\s+own\s+life|\bdied\b|\bdeath|"
                    r"\bkill(?:ed|ing|s)?\b|end(?:ed|ing)?\s+(?:his|her|their|my|your)\s+life")
_DRUGS = (r"paracetamol|panadol|acetaminophen|tylenol|aspirin|ibuprofen|insulin|"
          r"sleeping\s+pills?|antidepressants?|benzodiazepines?|opioids?")


@dataclass(frozen=True)
class Pattern:
    code: str
    regex: re.Pattern
    context: re.Pattern | None = None       # the line must also match this
    unless: re.Pattern | None = None        # ... and must not match this


def _p(code: str, regex: str, context: str | None = None, unless: str | None = None) -> Pattern:
    return Pattern(code, re.compile(regex, re.IGNORECASE),
                   re.compile(context, re.IGNORECASE) if context else None,
                   re.compile(unless, re.IGNORECASE) if unless else None)


PATTERNS: tuple[Pattern, ...] = (
    _p("ed-number", rf"\b{_N}\s*-?\s*(?:kgs?|kilos?|kilogram(?:me)?s?|lbs?|pounds?|stones?|kcals?|"
                    r"cals?|calories?|kilojoules?|kj|cm|centimet(?:er|re)s?|inch(?:es)?)\b"),
    _p("ed-number", rf"\bbmi\b\W{{0,3}}(?:[a-z]+\s+){{0,2}}{_N}|{_N}\s*bmi\b"),
    _p("ed-number", rf"\b(?:dress\s+|clothing\s+|uk\s+|us\s+)?size\s+(?:{_N}|zero)\b"),
    _p("ed-number", rf"\bwaist\b\W+(?:[a-z]+\s+){{0,3}}{_N}|\bweigh(?:ed|s|ing)?\s+(?:only\s+|just\s+|"
                    rf"less\s+than\s+|under\s+)?{_N}"),
    _p("ed-lowest", r"\blowest\s+(?:body\s+)?weight\b|\bat\s+(?:my|his|her|their|your)\s+"
                    r"(?:thinnest|sickest|lightest|lowest)\b"),
    _p("ed-lowest", rf"\b(?:lost|losing|lose|dropped|shed)\s+(?:over\s+|nearly\s+|almost\s+|about\s+)?"
                    rf"(?:{_N}|half|a\s+third|a\s+quarter)\s*(?:%|percent|of\s+(?:his|her|their|my|your)"
                    r"\s+(?:body\s+)?weight)"),
    _p("ed-howto", r"\b(?:senna|senokot|bisacodyl|dulcolax|ex-?lax|movicol|furosemide|frusemide|lasix|"
                   r"hydrochlorothiazide|spironolactone|ipecac|phentermine|orlistat|xenical|sibutramine|"
                   r"ephedrine|clenbuterol|dinitrophenol)\b"),
    _p("ed-howto", rf"\b(?:make|made|making|makes)\s+{_SELF}\s+(?:sick|vomit|throw\s+up)\b|"
                   r"\bfingers?\s+down\s+(?:your|my|her|his|their)\s+throat\b|\bchew(?:ing)?\s+and\s+spit|"
                   r"\bhow\s+to\s+(?:purge|vomit|throw\s+up|starve|fast|hide\s+not\s+eating)\b"),
    _p("ed-howto", r"\b(?:fast(?:ed|ing|s)?|starv(?:e|ed|es|ing)|(?:went|go|goes|going|gone)\s+without\s+"
                   r"(?:food|eating))\s+for\s+(?:\d+|an?|one|two|three|four|five|six|seven|several)\s+"
                   r"(?:hours?|days?|weeks?)\b|\b(?:\d+|one|two|three|four|five|six|seven)[-\s]"
                   r"(?:hour|day|week)\s+fast(?:s|ing)?\b|\bwater\s+fast"),
    _p("ed-howto", r"\b(?:tips?|tricks?|hacks?|secrets?)\s+(?:to|for|on)\s+(?:[a-z]+\s+){0,2}?"
                   r"(?:los(?:e|ing)|hid(?:e|ing)|purg(?:e|ing)|skip(?:ping)?|fast(?:ing)?|starv(?:e|ing)|"
                   r"restrict(?:ing)?|burn(?:ing)?|vomit(?:ing)?|suppress(?:ing)?)\b"),
    _p("ed-pro", r"\b(?:thinspo\w*|thinspiration|pro[-\s]?ana|pro[-\s]?mia|meanspo|bonespo|skinnyspo)\b"),
    _p("ed-label", r"\b(?:an?|the)\s+(?:anorexic|bulimic)\b(?!\s+(?:behaviou?rs?|thoughts?|symptoms?|"
                   r"episodes?|phase|voice))|\b(?:anorexics|bulimics)\b"),
    _p("ed-sensational", r"\b(?:skeletal|emaciated|emaciation|wast(?:ing|ed)\s+away|shocking(?:ly)?|horror|"
                         r"horrific|horrifying|skin\s+and\s+bones?|walking\s+skeleton)\b"),
    _p("ed-stereotype", r"(?<!not )(?<!n't )\bonly\s+(?:affects?\s+|happens?\s+to\s+|in\s+)?(?:teenage\s+|"
                        r"young\s+|rich\s+)?(?:girls|women|females)\b|\byou\s+can\s+(?:always\s+|easily\s+)?"
                        r"(?:tell|see|spot)\b.{0,30}\b(?:looking|look|looks|size|weight|appearance)\b|"
                        r"(?<!not )(?<!n't )\b(?:must|has\s+to|have\s+to|needs?\s+to)\s+be\s+(?:very\s+|"
                        r"really\s+)?(?:underweight|thin|skinny)\b"),
    _p("su-commit", r"\bcommit(?:s|ted|ting)?\s+suicide\b|\bsuicide\s+(?:was|is|being)\s+committed\b"),
    _p("su-success", r"\b(?:successful(?:ly)?|unsuccessful(?:ly)?|failed|completed|botched)\s+suicide"
                     r"|\bsuicide\s+bids?\b"),
    _p("su-epidemic", r"\bsuicide\s+epidemic\b|\bepidemic\s+of\s+suicides?\b"),
    _p("su-epidemic", r"\b(?:sky-?rocket\w*|soar(?:s|ed|ing)?)\b",
       context=r"suicid|self-harm|\brates?\b|\bcases\b|\bdeaths\b|eating\s+disorders?"),
    _p("su-method", rf"\bhang(?:ed|ing|s)?\s+{_SELF}\b|\bhot\s?spots?\b|"
                    r"\b(?:jump(?:ed|ing|s)?|leap(?:t|ed|ing|s)?)\s+(?:off|from)\s+(?:[a-z]+\s+){0,3}?"
                    r"(?:bridge|building|tower|roof|cliff|flat|balcony|window|train|platform)\b|"
                    r"\b(?:paraquat|pesticides?|weed\s?killer|rat\s+poison|insecticide|herbicide|"
                    r"charcoal\s+burning)\b|\b(?:slit|slitting|cut|cutting)\s+(?:(?:his|her|their|my|your)"
                    rf"\s+)?wrists?\b|\bpoison(?:ed|ing|s)?\s+{_SELF}\b"),
    _p("su-method", rf"\boverdos\w*\b.{{0,40}}\b(?:{_DRUGS})\b|\b(?:{_DRUGS})\b.{{0,40}}\boverdos\w*"),
    _p("su-method", r"\b(?:hanging|hanged|jumped|jumping|poison(?:ed|ing|s)?|drown(?:ed|ing)?|overdos\w*)\b",
       context=_SUICIDE_CONTEXT),
    _p("su-solution", r"\b(?:only|last)\s+way\s+out\b|\bend\s+(?:the|their|his|her|my|your|all\s+the)\s+pain"
                      r"\b|\b(?:is|are|was|now)\s+(?:finally\s+)?at\s+peace\b|\bat\s+peace\s+now\b|"
                      r"\bbetter\s+off\s+dead\b"),
    _p("su-solution", r"\b(?:escape|release|relief)\s+from\s+(?:the\s+|their\s+|his\s+|her\s+)?"
                      r"(?:pain|suffering)\b", context=_SUICIDE_CONTEXT),
    _p("su-cause", r"\b(?:because\s+of|caused\s+by|due\s+to|triggered\s+by|driven\s+by|blamed\s+on|"
                   r"the\s+reason\s+(?:was|is))\b",
       context=r"suicid|took\s+(?:his|her|their)\s+own\s+life|killed\s+(?:him|her|them)sel",
       unless=r"\b(?:never|no\s+single|not\s+(?:just|only|one|a\s+single)|rarely|many\s+(?:things|"
              r"reasons|factors)|mix\s+of|complex|one\s+thing)\b"),
    _p("su-figurative", r"\b(?:political|career|social|commercial|fashion|professional)\s+suicide\b|"
                        r"\bsuicide\s+(?:mission|squad|run|sprints?|doors?|pace)\b|\bun-?aliv\w*|"
                        r"\bkill(?:ing)?\s+myself\b.{0,40}\b(?:lol|lmao|haha\w*|joke|joking|kidding|jk)\b|"
                        r"\b(?:lol|lmao|haha\w*|joking|kidding|literally)\b.{0,40}\bkill(?:ing)?\s+myself\b|"
                        r"\bkms\b"),
)

_BAD_IMAGE = re.compile(r"before\W{0,3}(?:and\W{0,3})?after|transformation|\bscales?\b|bathroom\W?scale|"
                        r"weigh(?:ing|ed|t)?\b|tape\W?measure|measuring\W?tape|\bribs?\b|rib\W?cage|"
                        r"thigh\W?gap|collar\W?bones?|hip\W?bones?|\bbmi\b", re.IGNORECASE)
_HOPE = re.compile(r"\b(?:recover(?:y|ies|ing|ed|s)?|get(?:ting)?\s+better|help\s+works|treatment\s+works|"
                   r"(?:is|are)\s+possible|hope(?:ful)?)\b", re.IGNORECASE)
_SUPPRESS = re.compile(r"<!--\s*safe-messaging\s*:\s*allow\s+(?P<codes>[a-z0-9][a-z0-9,\s-]*?)"
                       r"(?:\s+reason\s*=\s*(?:\"(?P<reason>[^\"]*)\"|'(?P<reason2>[^']*)'))?\s*-->", re.IGNORECASE)
_CONTENT_NOTE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>\?\?\?\+?)[ \t]+content-note\b(?P<rest>.*)$")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+\S")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


# --- masking: prose only, same length ------------------------------------------------------

def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _sub_blank(pattern: str, text: str, flags: int = 0) -> str:
    return re.sub(pattern, lambda m: _blank(m.group(0)), text, flags=flags)


def _mask_code_and_comments(text: str, body_start: int) -> str:
    """Blank front matter (except title/description values), code fences, code spans, comments."""
    lines = text.split("\n")
    out = []
    fence: str | None = None
    for index, line in enumerate(lines):
        if index + 1 < body_start:
            keep = re.match(r"^((?:title|description)\s*:\s*)(.*)$", line)
            out.append(_blank(keep.group(1)) + keep.group(2) if keep else _blank(line))
            continue
        opening = _FENCE.match(line)
        if fence:
            out.append(_blank(line))
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            out.append(_blank(line))
            continue
        out.append(line)
    masked = "\n".join(out)
    masked = _sub_blank(r"<!--.*?-->", masked, re.DOTALL)
    return _sub_blank(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", masked)


def _mask_markup(text: str) -> str:
    """Blank link URLs, autolinks, bare URLs, HTML tags and attribute lists."""
    text = _sub_blank(r"(?<=\])\([^)\n]*\)", text)
    text = _sub_blank(r"^[ \t]{0,3}\[[^\]\n]+\]:.*$", text, re.MULTILINE)
    text = _sub_blank(r"<[a-z][a-z0-9+.-]*:[^<>\s]*>|\bhttps?://\S+|<[a-z/!][^<>]*>", text, re.IGNORECASE)
    return _sub_blank(r"\{[:#.][^{}\n]*\}", text)


# --- blocks and suppressions --------------------------------------------------------------

@dataclass(frozen=True)
class Suppression:
    path: str
    line: int
    codes: tuple[str, ...]
    reason: str
    first: int          # 1-based line range it silences
    last: int


def _block_end(lines: list[str], start: int) -> int:
    """0-based last line of the block starting at `start` (paragraph, list, admonition + body)."""
    container = bool(_ADMONITION.match(lines[start]))
    end = start
    i = start + 1
    while i < len(lines):
        if lines[i].strip():
            end = i
            i += 1
            continue
        nxt = i
        while nxt < len(lines) and not lines[nxt].strip():
            nxt += 1
        if container and nxt < len(lines) and lines[nxt][:1] in (" ", "\t"):
            i = nxt
            continue
        break
    return end


def suppressions(path: str, text: str) -> tuple[list[Suppression], list[Problem]]:
    lines = text.split("\n")
    found: list[Suppression] = []
    problems: list[Problem] = []
    for index, line in enumerate(lines):
        for match in _SUPPRESS.finditer(line):
            number = index + 1
            codes = tuple(c for c in re.split(r"[\s,]+", match.group("codes").strip().lower()) if c)
            reason = (match.group("reason") or match.group("reason2") or "").strip()
            unknown = [c for c in codes if c not in RULES]
            if unknown:
                problems.append(Problem(path, number, "suppression-unknown-code",
                                        f"no safe-messaging rule {', '.join(unknown)}",
                                        f"use one of: {', '.join(RULES)}"))
            if not reason:
                problems.append(Problem(path, number, "suppression-no-reason",
                                        f"suppression of {', '.join(codes)} has no reason",
                                        'add reason="why this wording is safe here"; a clinician reviews it'))
                continue
            rest = (line[:match.start()] + line[match.end():]).strip()
            start = index
            if not rest:
                start = index + 1
                while start < len(lines) and (not lines[start].strip() or _SUPPRESS.fullmatch(lines[start].strip())):
                    start += 1
            last = _block_end(lines, start) + 1 if start < len(lines) else number
            found.append(Suppression(path, number, codes, reason, number, last))
    return found, problems


def _suppressed(problem: Problem, active: list[Suppression]) -> bool:
    for s in active:
        if problem.code in s.codes and (problem.code in PAGE_CODES or s.first <= problem.line <= s.last):
            return True
    return False


# --- English source -----------------------------------------------------------------------

def _problem(path: str, line: int, code: str, detail: str = "") -> Problem:
    rule = RULES[code]
    message = f"{rule.message}: {detail!r}" if detail else rule.message
    return Problem(path, line, code, message, rule.hint, rule.level)


def _line_problems(path: str, number: int, prose: str, visible: str) -> list[Problem]:
    out = []
    seen = set()
    for pattern in PATTERNS:
        if pattern.code in seen:
            continue
        text = visible if pattern.code == "ed-pro" else prose
        if pattern.context and not pattern.context.search(text):
            continue
        if pattern.unless and pattern.unless.search(text):
            continue
        match = pattern.regex.search(text)
        if match:
            seen.add(pattern.code)
            out.append(_problem(path, number, pattern.code, re.sub(r"\s+", " ", match.group(0).strip())))
    return out


_IMAGE_MD = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)")
_IMAGE_HTML = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def _image_problems(path: str, number: int, visible: str) -> list[Problem]:
    out = []
    images = [(m.group("alt"), m.group("src")) for m in _IMAGE_MD.finditer(visible)]
    for tag in _IMAGE_HTML.findall(visible):
        alt = re.search(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", tag, re.IGNORECASE)
        src = re.search(r"\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|(\S+))", tag, re.IGNORECASE)
        images.append(((alt.group(1) or alt.group(2) or "") if alt else "",
                       next((g for g in src.groups() if g), "") if src else ""))
    for alt, src in images:
        name = re.sub(r"[-_./]+", " ", src.rsplit("/", 1)[-1])
        if not alt.strip():
            out.append(Problem(path, number, "ed-image", f"image {src!r} has no alt text",
                               "describe the image in the alt text", "error"))
        elif _BAD_IMAGE.search(alt) or _BAD_IMAGE.search(name):
            out.append(_problem(path, number, "ed-image", src))
    return out


def lint_document(doc: frontmatter.Document) -> list[Problem]:
    """Every safe-messaging problem in one English guide (after suppressions)."""
    path = doc.path
    visible = _mask_code_and_comments(doc.text, doc.body_line)
    prose = _mask_markup(visible)
    problems: list[Problem] = []
    for index, (p_line, v_line) in enumerate(zip(prose.split("\n"), visible.split("\n"))):
        problems += _line_problems(path, index + 1, p_line, v_line)
        problems += _image_problems(path, index + 1, v_line)
    problems += _page_problems(doc, visible, prose)
    active, problems_s = suppressions(path, doc.text)
    return sorted([p for p in problems if not _suppressed(p, active)] + problems_s)


def _page_problems(doc: frontmatter.Document, visible: str, prose: str) -> list[Problem]:
    path = doc.path
    out = []
    for index, line in enumerate(visible.split("\n")):
        note = _CONTENT_NOTE.match(line)
        if not note:
            continue
        if note.group("marker") == "???+":
            out.append(Problem(path, index + 1, "content-note", "content note opens expanded",
                               "use ??? (collapsed) so the reader opens it on purpose", "error"))
        if not re.search(r"\"[^\"]*\S[^\"]*\"", note.group("rest")):
            out.append(Problem(path, index + 1, "content-note", "content note has no label",
                               "write ??? content-note \"Content note: <what it discusses>\"", "error"))
    topics = doc.meta.get("topics") or []
    topics = {topics} if isinstance(topics, str) else {str(t) for t in topics}
    where = doc.meta_lines.get("topics", 1)
    if topics & SENSITIVE_TOPICS:
        if not HELP_PANEL.search(visible):
            out.append(_problem(path, where, "help-block"))
        body_prose = "\n".join(prose.split("\n")[doc.body_line - 1:])
        if not _HOPE.search(body_prose):
            out.append(_problem(path, where, "hope"))
    if doc.meta.get("content_notes") and not any(_CONTENT_NOTE.match(x) for x in visible.split("\n")):
        out.append(_problem(path, doc.meta_lines.get("content_notes", where), "content-note"))
    return out


def lint_text(text: str, path: str = "<string>") -> list[Problem]:
    try:
        doc = frontmatter.split(text, path)
    except ProblemsFound as exc:
        return list(exc.problems)
    return lint_document(doc)


def list_suppressions(project) -> list[tuple[str, int, tuple[str, ...], str]]:
    """(path, line, codes, reason) of every suppression in the guides, for the review report."""
    out = []
    for guide in project.guides():
        path = project.docs_dir / guide
        found, _ = suppressions(project.rel(path), path.read_text(encoding="utf-8"))
        out += [(s.path, s.line, s.codes, s.reason) for s in found]
    return sorted(out)


def suppressed_codes(path: str, text: str, line: int) -> set[str]:
    """Codes silenced at `line` of a guide: translations of that block inherit the suppression."""
    found, _ = suppressions(path, text)
    return {c for s in found for c in s.codes if s.first <= line <= s.last}


# --- translations -------------------------------------------------------------------------

def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def normalise(text: str) -> str:
    """Case, accents on Latin letters, full-width forms, hyphens and spaces folded for matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out and _is_latin(out[-1]):
            continue   # strip accents from Latin letters only: Tamil vowel signs are combining too
        out.append(ch)
    text = unicodedata.normalize("NFC", "".join(out))
    text = re.sub(r"[-_\u2010-\u2015\u00ad]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# Word boundaries for Latin terms look only at Latin letters and digits, so "看thinspo内" matches.
_LATIN_WORD = r"[0-9a-z\u00c0-\u024f]"


def term_regex(term: str) -> re.Pattern:
    norm = re.escape(normalise(term)).replace(r"\ ", r"\s?" if not term.isascii() else " ")
    if all(_is_latin(ch) for ch in normalise(term)):
        return re.compile(rf"(?<!{_LATIN_WORD}){norm}(?!{_LATIN_WORD})")
    return re.compile(norm)


@lru_cache(maxsize=8)
def _terms_from(path: str, _mtime: int) -> dict[str, Any]:
    return yamlfile.read(path, Path(path).name, "lint-terms-yaml", "the lint term list").data or {}


DEFAULT_TERMS = Path(__file__).parent / "data" / "lint-terms.yml"


def load_terms(project=None) -> dict[str, Any]:
    path = DEFAULT_TERMS
    if project is not None and (project.data_dir / "lint-terms.yml").is_file():
        path = project.data_dir / "lint-terms.yml"
    return _terms_from(str(path), path.stat().st_mtime_ns)


def _terms_for(locale: str, terms: dict[str, Any]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for section in (terms.get("_all") or {}, terms.get(locale) or {}):
        for key, values in section.items():
            merged.setdefault(key, []).extend(str(v) for v in values or [])
    return merged


def lint_translation(path: str, line: int, locale: str, text: str,
                     terms: dict[str, Any], suppressed: Iterable[str] = ()) -> list[Problem]:
    """Safe-messaging problems in one msgstr, all reported at the PO entry's line."""
    lists = _terms_for(locale, terms)
    norm = normalise(ascii_digits(text))
    negations = [normalise(n) for n in lists.get("negations", [])]
    out = []
    for code, values in lists.items():
        if code not in RULES:
            continue
        for term in values:
            match = term_regex(term).search(norm)
            if not match:
                continue
            before = norm[max(0, match.start() - 12):match.start()]
            if code == "ed-stereotype" and any(n in before for n in negations):
                continue
            out.append(_problem(path, line, code, term))
            break
    units = sorted({normalise(u) for u in lists.get("units", [])}, key=len, reverse=True)
    if units:
        alternatives = "|".join(re.escape(u) if not u.isascii() else rf"{re.escape(u)}(?!{_LATIN_WORD})"
                                for u in units)
        number_unit = re.compile(rf"\d+(?:[.,]\d+)?\s?(?:{alternatives})|bmi\s?\W{{0,3}}\s?\d")
        match = number_unit.search(norm)
        if match:
            out.append(_problem(path, line, "ed-number", match.group(0)))
    silenced = set(suppressed)
    return sorted(p for p in out if p.code not in silenced)


# --- readability --------------------------------------------------------------------------

def plain_text(doc: frontmatter.Document) -> str:
    """Prose of a guide as sentences: no markup, headings, tables; list items end with a period."""
    visible = _mask_markup(_mask_code_and_comments(doc.text, doc.body_line))
    sentences = []
    for index, line in enumerate(visible.split("\n")):
        if index + 1 < doc.body_line:
            continue
        line = line.strip()
        if not line or line.startswith(("#", "|", "!!!", "???")) or HELP_PANEL.search(line):
            continue
        line = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"[*_`\[\]]", "", line).strip()
        if line and line[-1] not in ".!?:;\"'":
            line += "."
        sentences.append(line)
    return " ".join(sentences)


def flesch_kincaid_grade(text: str) -> float:
    """Flesch-Kincaid grade from textstat's counts and pyphen syllables.

    textstat 0.7.13 looks syllables up in NLTK's cmudict and downloads it on first use; a check
    must not reach the network, and must not score differently depending on what is installed.
    This is textstat's own fallback (pyphen) used for every word.
    """
    import pyphen
    import textstat

    words = textstat.lexicon_count(text)
    sentences = max(1, textstat.sentence_count(text))
    if not words:
        return 0.0
    dic = pyphen.Pyphen(lang="en_US")
    syllables = sum(len(dic.positions(w)) + 1 for w in re.findall(r"[a-z']+", text.lower()))
    return round(0.39 * words / sentences + 11.8 * syllables / words - 15.59, 1)


def audience_target(meta: dict[str, Any]) -> tuple[float, str] | None:
    audiences = meta.get("audience") or []
    audiences = [audiences] if isinstance(audiences, str) else [str(a) for a in audiences]
    targets = [(TARGET_GRADE[a], a) for a in audiences if a in TARGET_GRADE]
    return min(targets) if targets else None


def check_readability(doc: frontmatter.Document) -> list[Problem]:
    target = audience_target(doc.meta)
    if target is None:
        return []
    grade = flesch_kincaid_grade(plain_text(doc))
    if grade <= target[0]:
        return []
    return [Problem(doc.path, doc.meta_lines.get("audience", 1), "readability",
                    f"Flesch-Kincaid grade {grade:.1f} is above the target {target[0]:g} for {target[1]}",
                    "use shorter sentences and everyday words", "warning")]


# Proxies where no maintained formula exists (safe-messaging.md): average sentence length (words;
# characters for Chinese) and the share of long words, with limits per audience.
PROXY_LIMITS: dict[str, dict[str, tuple[float, float | None]]] = {
    # locale: audience -> (max average sentence length, max share of long words)
    "ms": {"teens": (16, 0.15), "default": (20, 0.20)},
    "zh_Hans": {"teens": (30, None), "default": (38, None)},
    "ta": {"teens": (11, 0.20), "default": (14, 0.25)},
}
_SENTENCE_END = re.compile(r"[.!?。！？；;]+|\n\s*\n")


def _long_word(locale: str, word: str) -> bool:
    if locale == "ms":
        return len(re.findall(r"[aeiou]+", word.lower())) >= 5      # five or more syllables
    letters = [ch for ch in word if unicodedata.category(ch).startswith("L")]
    return len(letters) >= 8                                         # Tamil: eight or more letters


def readability_proxy(path: str, locale: str, texts: list[str], meta: dict[str, Any]) -> list[Problem]:
    limits_by_audience = PROXY_LIMITS.get(locale)
    if not limits_by_audience or not texts:
        return []
    target = audience_target(meta)
    audience = target[1] if target else "default"
    max_len, max_long = limits_by_audience.get(audience, limits_by_audience["default"])
    sentences = [s for t in texts for s in _SENTENCE_END.split(t) if s.strip()]
    if not sentences:
        return []
    if locale == "zh_Hans":
        units = [len(re.findall(r"[\u3400-\u9fff]", s)) for s in sentences]
        words: list[str] = []
    else:
        tokens = [re.findall(r"[^\W\d_][\w\u0b80-\u0bff-]*", s) for s in sentences]
        units = [len(t) for t in tokens]
        words = [w for t in tokens for w in t]
    average = sum(units) / len(units)
    out = []
    unit = "characters" if locale == "zh_Hans" else "words"
    if average > max_len:
        out.append(Problem(path, 1, "readability-proxy",
                           f"average sentence length {average:.1f} {unit} is above {max_len:g} for {audience}",
                           "split long sentences", "warning"))
    if max_long is not None and words:
        share = sum(_long_word(locale, w) for w in words) / len(words)
        if share > max_long:
            out.append(Problem(path, 1, "readability-proxy",
                               f"{share:.0%} long words is above {max_long:.0%} for {audience}",
                               "prefer shorter, everyday words", "warning"))
    return out
