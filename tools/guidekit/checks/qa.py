"""Translation QA: what a msgstr must keep from its msgid, and what it must never add.

Pure functions over two strings. `check_message` returns every finding for `guidekit check`;
`is_safe_to_render` returns the subset the build enforces: when it returns anything, the page
renderer shows the source text instead of the translation.

Safety checks (unsafe-html, unsafe-url) look at the text the way a browser might after every
layer of decoding: HTML entities are resolved (repeatedly, so `&amp;lt;` counts too), Markdown
backslash escapes dropped, full-width forms folded (NFKC), and for URL schemes all whitespace
and control characters removed, so `&#106;ava&#x09;script&colon;` is still `javascript:`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from guidekit.safety import helplines


@dataclass(frozen=True, order=True)
class Finding:
    code: str
    message: str
    hint: str = ""
    severity: str = "error"


# What the build must enforce: a failure here means the msgstr is never rendered.
SAFETY_CODES = frozenset({
    "unsafe-html", "unsafe-url", "html-added", "link-target-changed", "link-count-changed",
    "number-changed", "phone-changed", "placeholder-changed", "attr-list-changed",
    "invisible-character", "block-syntax-added", "translation-too-long", "third-party-resource",
})

ascii_digits = helplines.ascii_digits  # full-width ０-９, Tamil ௦-௯ ... -> 0-9, one for one


# --- decoding for the safety checks -------------------------------------------------------

_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")


def _decoded(text: str) -> str:
    """The text after entity decoding (to a fixed point), escapes and invisibles removed."""
    text = unicodedata.normalize("NFKC", _unescaped(text))
    text = _BACKSLASH.sub("", text)
    return _INVISIBLE_ANY.sub("", text)


_DANGEROUS_TAGS = ("script", "iframe", "style", "object", "embed", "applet", "frame", "frameset",
                   "base", "meta", "link", "form", "svg", "math", "template", "noscript")
_DANGEROUS_TAG = re.compile(r"<\s*/?\s*(" + "|".join(_DANGEROUS_TAGS) + r")(?![a-z0-9-])", re.IGNORECASE)
_TAGLIKE = re.compile(r"<\s*/?\s*[a-z][^<>]*>?", re.IGNORECASE)
_EVENT_ATTR = re.compile(r"(?:^|[\s/\"'])on[a-z]+\s*=", re.IGNORECASE)
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript|mocha):", re.IGNORECASE)
_SPACE_OR_CONTROL = re.compile(r"[\s\u0000-\u001f]+")


def _unsafe_html(decoded: str) -> list[str]:
    found = []
    for match in _DANGEROUS_TAG.finditer(decoded):
        found.append(f"<{match.group(1).lower()}>")
    for match in re.finditer(r"\{[^{}]*\}", decoded):     # attr_list: [x](y){: onclick=... }
        attr = _EVENT_ATTR.search(match.group(0)[1:])
        if attr:
            found.append(attr.group(0).strip(" \t\n/\"'=").lower() + "=")
    for match in _TAGLIKE.finditer(decoded):
        attr = _EVENT_ATTR.search(match.group(0)[1:])
        if attr:
            found.append(attr.group(0).strip(" \t\n/\"'=").lower() + "=")
    return found


# What a browser fetches by itself when the page loads (images, media, CSS backgrounds), from
# another host: a request the reader never chose. Links are fine: nothing loads until a click.
_OFFSITE = r"\s*<?\s*[\"']?\s*(?:https?:)?//"
_RESOURCE = re.compile(
    r"!\[[^\]]*\]\(" + _OFFSITE                                    # Markdown image
    + r"|\b(?:src|srcset|poster|data|background|lowsrc|dynsrc)\s*=" + _OFFSITE   # HTML attribute
    + r"|\burl\s*\(" + _OFFSITE + r"|@import\b",                    # CSS
    re.IGNORECASE)


def third_party_resources(text: str) -> list[str]:
    """The start of every image, media or CSS URL on another host, however encoded."""
    return [m.group(0).strip() for m in _RESOURCE.finditer(_decoded(text))]


def _url_candidates(decoded: str) -> list[str]:
    """Everything a Markdown or HTML renderer could turn into a URL."""
    urls = [dest for dest, _ in _inline_links(decoded)]
    urls += re.findall(r"^\s*\[[^\]]+\]:\s*(.+)$", decoded, re.MULTILINE)        # reference definitions
    urls += re.findall(r"<([^<>]*)>", decoded)                             # autolinks
    urls += [m.group(1) or m.group(2) or m.group(3) or "" for m in
             re.finditer(r"=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", decoded)]   # attributes
    return urls


def _unsafe_urls(decoded: str) -> list[str]:
    found = []
    for url in _url_candidates(decoded):
        squeezed = _SPACE_OR_CONTROL.sub("", url).lower()
        match = _BAD_SCHEME.match(squeezed.lstrip("<"))
        if match:
            found.append(match.group(1) + ":")
    squeezed_all = _SPACE_OR_CONTROL.sub("", decoded).lower()
    for scheme in ("javascript:", "vbscript:"):
        if scheme in squeezed_all and scheme not in found:
            found.append(scheme)
    return found


# --- Markdown structure -------------------------------------------------------------------

def _inline_links(text: str) -> list[tuple[str, int]]:
    """(destination, offset) of every inline link or image `[..](dest "title")`."""
    found = []
    for match in re.finditer(r"\]\(", text):
        i = match.end()
        n = len(text)
        while i < n and text[i] in " \t\n":
            i += 1
        start = i
        if i < n and text[i] == "<":
            end = text.find(">", i)
            end = n if end < 0 else end
            found.append((text[i + 1:end], start))
            continue
        depth = 0
        while i < n:
            ch = text[i]
            if ch == "\\" and i + 1 < n:
                i += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif ch in " \t\n":
                break
            i += 1
        found.append((text[start:i], start))
    return found


_AUTOLINK = re.compile(r"<((?:[a-z][a-z0-9+.-]{1,31}:|www\.)[^<>\s]*|[^<>\s@]+@[^<>\s@]+\.[a-z]+)>",
                       re.IGNORECASE)
_HTML_URL_ATTR = re.compile(r"\b(?:href|src)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]^][^\]]*)\]:[ \t]*(\S+)", re.MULTILINE)


def link_targets(text: str) -> list[str]:
    """Every URL a reader can follow: inline links and images, autolinks, href/src, definitions."""
    return list(_link_targets(text))


@lru_cache(maxsize=8192)  # a msgid is compared with each language's translation
def _link_targets(text: str) -> tuple[str, ...]:
    targets = [dest for dest, _ in _inline_links(text)]
    targets += [m.group(1) for m in _AUTOLINK.finditer(text)]
    targets += [m.group(1) or m.group(2) or m.group(3) for m in _HTML_URL_ATTR.finditer(text)]
    targets += [m.group(2) for m in _REF_DEF.finditer(text)]
    return tuple(targets)


_REF_USE = re.compile(r"\]\[([^\]]+)\]")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def code_spans(text: str) -> list[str]:
    return [m.group(0) for m in _CODE_SPAN.finditer(text)]


# Every `{...}` group on one line is compared between msgid and msgstr: either it is a format
# field the build fills in (`{emergency}`, `{0}`, `{}`, `{date!s:>10}`) or an attr_list that
# Python-Markdown turns into HTML attributes (`{: .x}`, `{#id}`, and `{style=...}` without a colon).
_BRACES = re.compile(r"\{[^{}\n]*\}")
_FORMAT_FIELD = re.compile(r"\{(?:[A-Za-z_][\w.]*|\d+)?(?:\[[^\]]*\])?(?:![rsa])?(?::[^{}=\s]*)?\}")
_PLACEHOLDER = re.compile(r"\[\[[^\[\]]+\]\]|" + _BRACES.pattern + r"|%\([A-Za-z_]\w*\)[sdif]")


def placeholders(text: str) -> list[str]:
    """Helpline placeholders, format fields and %(name)s: filled in at build time."""
    return [p for p in _PLACEHOLDER.findall(text) if not _is_attr_list(p)]


def _is_attr_list(group: str) -> bool:
    return group.startswith("{") and not _FORMAT_FIELD.fullmatch(group)


def attr_lists(text: str) -> list[str]:
    """Brace groups that are not format fields: what attr_list would read as HTML attributes."""
    return [g for g in _BRACES.findall(text) if _is_attr_list(g)]


# --- invisible characters -----------------------------------------------------------------

# Unicode category Cf (format: bidi controls, zero-width, word joiner, BOM, tags), C0/C1 controls
# except tab and newline, line/paragraph separators and the blank "letters" that render as nothing.
# tests/test_translations.py proves every Cf character of this Python's Unicode is covered.
_INVISIBLE_ANY = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u115f\u1160\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
# Bidi controls reorder what is displayed (15555 shown as 55551) without changing the text.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters have no place in prose, and some are line breaks to a renderer: Python-Markdown
# reads a lone CR as a new line, so "text\r!!! danger" would start an admonition.
_CONTROLS = frozenset(chr(c) for c in [*range(0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)])
_ALWAYS_REFUSED = _BIDI | _CONTROLS


def invisible_characters(text: str) -> list[str]:
    """Invisible and bidi characters, also when written as entities."""
    return _INVISIBLE_ANY.findall(_unescaped(text))


def _unescaped(text: str) -> str:
    previous = None
    for _ in range(5):
        if text == previous:
            break
        previous, text = text, html.unescape(text)
    return text


_BLOCK_KINDS = {
    "heading": re.compile(r"^[ \t]{0,3}#{1,6}(?!#)"),   # Python-Markdown needs no space: "#Title"
    "block quote": re.compile(r"^[ \t]{0,3}>"),
    "list item": re.compile(r"^[ \t]{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)"),
    "table row": re.compile(r"^[ \t]*\|"),
    "code fence": re.compile(r"^[ \t]*(?:`{3,}|~{3,})"),
    "admonition": re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)"),
    "content tab": re.compile(r"^[ \t]*===[!+]?(?:[ \t]|$)"),
    "horizontal rule": re.compile(r"^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+)[ \t]*$"),
    "heading underline": re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$"),
    "HTML block": re.compile(r"^[ \t]{0,3}<(?:/?[a-z]|!--|!|\?)", re.IGNORECASE),
    "definition": re.compile(r"^[ \t]{0,3}:[ \t]"),
    "abbreviation": re.compile(r"^[ \t]{0,3}\*\[[^\]]*\]:"),
    "footnote definition": re.compile(r"^[ \t]{0,3}\[\^[^\]]*\]:"),
    "link definition": re.compile(r"^[ \t]{0,3}\[[^\]]+\]:"),
    "snippet include": re.compile(r"^[ \t]*;?-+8<-+"),   # pymdownx.snippets reads files
    "table separator": re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$"),
    "table of contents": re.compile(r"^[ \t]*\[TOC\][ \t]*$"),
}


def _block_syntax(text: str) -> Counter:
    counts: Counter = Counter()
    for line in text.split("\n"):
        for kind, pattern in _BLOCK_KINDS.items():
            if pattern.match(line):
                counts[kind] += 1
                break
    return counts


# Tags, comments (an unterminated one too: it would swallow the rest of the page), CDATA,
# processing instructions and declarations.
_TAG = re.compile(r"<(/?)([a-z][a-z0-9-]*)(?=[\s/>])[^<>]*>|<!--.*?(?:-->|\Z)|<[!?][^>]*>?",
                  re.IGNORECASE | re.DOTALL)


def html_tags(text: str) -> list[str]:
    """Raw HTML tags outside code spans, whitespace collapsed, for multiset comparison."""
    text = _CODE_SPAN.sub("", text)
    return [re.sub(r"\s+", " ", m.group(0)) for m in _TAG.finditer(text)]


# --- numbers and phones -------------------------------------------------------------------

_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f' ’](?=\d{3}(?!\d))")


def _prose(text: str) -> str:
    """Text with URLs, code spans, tags and placeholders removed: what numbers are read from."""
    text = _CODE_SPAN.sub(" ", text)
    text = re.sub(r"<(script|style)\b.*?(?:</\1\s*>|$)", " ", text, flags=re.IGNORECASE | re.DOTALL)
    for dest, _ in _inline_links(text):
        if dest:
            text = text.replace(dest, " ", 1)
    text = _AUTOLINK.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _FOOTNOTE.sub(" ", text)
    return _PLACEHOLDER.sub(" ", text)


EMERGENCY_CODES = frozenset({"999", "112"})


def phones(text: str) -> list[str]:
    """Phone numbers as written (digits folded to ASCII), for an exact comparison."""
    return list(_phones_and_numbers(text)[0])


def numbers(text: str) -> list[str]:
    """Digit sequences outside phone numbers, URLs and code; '1,000' counts as '1000'. Other
    numeric characters (½, ², ①, Ⅻ) count one by one: '24½ hours' is not '24 hours'."""
    return list(_phones_and_numbers(text)[1])


# The build checks every message of every language: each msgid is compared with three
# translations, and each text needs both lists. Read each text once.
@lru_cache(maxsize=8192)
def _phones_and_numbers(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    prose = ascii_digits(html.unescape(_prose(text)))
    found = tuple(match for match, _ in helplines.find_phone_numbers(prose, EMERGENCY_CODES))
    for match in found:
        prose = prose.replace(match, " ", 1)
    prose = _THOUSANDS.sub("", prose)
    numbers = [n.lstrip("0") or "0" for n in re.findall(r"\d+", prose)]
    numbers += [unicodedata.normalize("NFKC", ch) for ch in prose if unicodedata.category(ch) in ("No", "Nl")]
    return found, tuple(numbers)


_DIGIT_RUN = re.compile(r"\d+")


def _digit_script(ch: str) -> str:
    """The script a decimal digit belongs to ('' for digits readers read as ASCII digits:
    ASCII, full-width and the mathematical styles, which NFKC folds to ASCII)."""
    if unicodedata.normalize("NFKC", ch).isascii():
        return ""
    name = unicodedata.name(ch, "")   # "BENGALI DIGIT FOUR", "EXTENDED ARABIC-INDIC DIGIT ONE"
    return name.split(" DIGIT")[0].replace("EXTENDED ", "").split("-")[0].split(" ")[0]


def foreign_digits(msgid: str, msgstr: str) -> list[str]:
    """Digit runs of the msgstr a reader could misread: digits of two scripts in one number
    ("1٥555" shows as "1o555"), or of a script that neither the msgid's digits nor the msgstr's
    letters use (Bengali ৪ is 4 but looks like 8 in a Malay sentence). Tamil digits in Tamil
    text and full-width digits in Chinese text are fine."""
    allowed = {_digit_script(ch) for ch in msgid if ch.isdecimal()} | {""}
    letters = {unicodedata.name(ch, " ").split(" ")[0].split("-")[0] for ch in msgstr if ch.isalpha()}
    found = []
    for run in _DIGIT_RUN.findall(msgstr):
        scripts = {_digit_script(ch) for ch in run}
        families = {ord(ch) - unicodedata.digit(ch, 0) for ch in run}
        if len(families) > 1 and scripts != {""} or any(s not in allowed and s not in letters
                                                        for s in scripts):
            found.append(run)
    return found


# --- emphasis -----------------------------------------------------------------------------

def _emphasis_markers(text: str) -> dict[str, int]:
    text = _CODE_SPAN.sub(" ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = _TAG.sub(" ", text)
    text = re.sub(r"\\[*_]", "", text)
    text = re.sub(r"^[ \t]*[-*+][ \t]", "", text, flags=re.MULTILINE)   # list bullets are not emphasis
    text = re.sub(r"^[ \t]*(?:\*[ \t]*){3,}$", "", text, flags=re.MULTILINE)
    counts = {"**": text.count("**"), "__": len(re.findall(r"(?<![\w_])__|__(?![\w_])", text))}
    rest = text.replace("**", "")
    counts["*"] = rest.count("*")
    rest = re.sub(r"(?<![\w_])__|__(?![\w_])", "", rest)
    counts["_"] = len(re.findall(r"(?<![^\W_])_|_(?![^\W_])", rest))
    return counts


# --- the checks ---------------------------------------------------------------------------

def _diff(source: list[str], target: list[str]) -> tuple[list[str], list[str]]:
    """(missing from target, added in target), each in a stable order."""
    s, t = Counter(source), Counter(target)
    return sorted((s - t).elements()), sorted((t - s).elements())


def _quote(items: list[str]) -> str:
    return ", ".join(repr(x) for x in items) or "none"


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()):]


MAX_GROWTH, MAX_EXTRA = 10, 200  # a translation may be 10 times as long as its source, plus 200


def check_message(msgid: str, msgstr: str) -> list[Finding]:
    """Every QA finding for one translation; empty msgstr (untranslated) has none."""
    return _findings(msgid, msgstr, safety_only=False)


def unsafe_markup(text: str, what: str = "the text") -> list[Finding]:
    """Scripts, frames, styles, event handlers and javascript:/data: URLs, however encoded: never
    allowed in a translation, nor in the source text a writer typed."""
    out: list[Finding] = []
    decoded = _decoded(text)
    bad_tags = sorted(set(_unsafe_html(decoded)))
    if bad_tags:
        out.append(Finding("unsafe-html", f"{what} contains {', '.join(bad_tags)}",
                           "remove it: scripts, frames, styles and event handlers are never allowed"))
    bad_urls = sorted(set(_unsafe_urls(decoded)))
    if bad_urls:
        out.append(Finding("unsafe-url", f"{what} contains a {', '.join(bad_urls)} URL",
                           "use exactly the link targets of the source text"))
    offsite = third_party_resources(text)
    if offsite:
        out.append(Finding("third-party-resource",
                           f"{what} contains {_quote(sorted(set(offsite)))}: a file from another host, "
                           "loaded on every visit",
                           "put the file in guides/ and use a relative path; the site requests "
                           "nothing from a third-party host"))
    return out


def _findings(msgid: str, msgstr: str, safety_only: bool) -> list[Finding]:
    """The checks in a fixed order; with safety_only, just those in SAFETY_CODES (the build's
    per-message check, so it skips the style checks it would throw away)."""
    if not msgstr:
        return []
    if len(msgstr) > MAX_GROWTH * len(msgid) + MAX_EXTRA:
        # A megabyte in place of a page title would be printed in every nav, <title> and search
        # entry; no language needs ten times the words. Nothing else is worth checking.
        return [Finding("translation-too-long",
                        f"the translation has {len(msgstr)} characters, the source {len(msgid)}",
                        "translate the source text only")]
    out: list[Finding] = unsafe_markup(msgstr, "the translation")

    missing, added = _diff(html_tags(msgid), html_tags(msgstr))
    if added:
        out.append(Finding("html-added", f"raw HTML not in the source: {_quote(added)}",
                           "translate the text only; keep the source's HTML as it is"))
    elif missing:
        out.append(Finding("html-missing", f"raw HTML of the source missing: {_quote(missing)}",
                           "copy the HTML tags from the source unchanged"))

    src_links, dst_links = link_targets(msgid), link_targets(msgstr)
    if len(src_links) != len(dst_links):
        out.append(Finding("link-count-changed",
                           f"the source has {len(src_links)} link(s), the translation {len(dst_links)}",
                           "keep every link of the source, with its target unchanged"))
    else:
        missing, added = _diff(src_links, dst_links)
        if missing or added:
            out.append(Finding("link-target-changed",
                               f"link target {_quote(added)} is not in the source (expected {_quote(missing)})",
                               "translate the link text only; copy the (target#anchor) unchanged"))

    if not safety_only:
        out += _style_findings(msgid, msgstr)
    out += _block_findings(msgid, msgstr)
    out += _number_findings(msgid, msgstr)
    out += _invisible_findings(msgid, msgstr)
    if not safety_only:
        out += _whitespace_findings(msgid, msgstr)
    return out


def _style_findings(msgid: str, msgstr: str) -> list[Finding]:
    out: list[Finding] = []
    missing, _ = _diff([m.lower() for m in _REF_USE.findall(msgid)],
                       [m.lower() for m in _REF_USE.findall(msgstr)])
    if missing:
        out.append(Finding("reference-link-missing", f"reference link(s) {_quote(missing)} missing",
                           "keep each [text][label] with the label unchanged"))
    missing, added = _diff(_FOOTNOTE.findall(msgid), _FOOTNOTE.findall(msgstr))
    if missing or added:
        text = f"footnote reference(s) {_quote(['[^' + m + ']' for m in missing])} missing" if missing \
            else f"footnote reference(s) {_quote(['[^' + a + ']' for a in added])} not in the source"
        out.append(Finding("footnote-missing", text, "keep every [^note] of the source, unchanged"))

    missing, added = _diff(code_spans(msgid), code_spans(msgstr))
    if missing or added:
        out.append(Finding("code-span-changed",
                           f"inline code changed: expected {_quote(missing)}, found {_quote(added)}",
                           "copy `code` spans exactly; do not translate them"))

    src_em, dst_em = _emphasis_markers(msgid), _emphasis_markers(msgstr)
    odd = [m for m in ("**", "__", "*", "_") if dst_em[m] % 2 and not src_em[m] % 2]
    if odd:
        out.append(Finding("emphasis-unbalanced", f"unbalanced emphasis marker(s) {_quote(odd)}",
                           "close every ** or * you open, as in the source"))

    return out


def _block_findings(msgid: str, msgstr: str) -> list[Finding]:
    """A line of the msgstr must not start a Markdown block the msgid does not have: a new
    admonition, tab, fence, heading or list would change the page's structure, not its words."""
    src_blocks, dst_blocks = _block_syntax(msgid), _block_syntax(msgstr)
    extra = sorted(k for k in dst_blocks if dst_blocks[k] > src_blocks[k])
    if not extra:
        return []
    return [Finding("block-syntax-added", f"Markdown block syntax not in the source: {', '.join(extra)}",
                    "do not start a line with #, >, -, :, |, ```, ===, ??? or !!!; rewrap the sentence")]


def _invisible_findings(msgid: str, msgstr: str) -> list[Finding]:
    """Invisible characters the msgid does not have. Bidi controls (they make 15555 display as
    55551) and control characters (a CR is a line break to Markdown) are always refused; other format characters (zero-width joiners, which some scripts use)
    only where the text carries a number, placeholder, attr_list or link."""
    _, added = _diff(invisible_characters(msgid), invisible_characters(msgstr))
    if not added:
        return []
    bidi = _ALWAYS_REFUSED.intersection(added)
    carries = (any(unicodedata.category(ch) == "Nd" for ch in msgstr) or _BRACES.search(msgstr)
               or placeholders(msgstr) or link_targets(msgstr))
    if not bidi and not carries:
        return []
    names = ", ".join(f"U+{ord(ch):04X}" for ch in sorted(set(added)))
    return [Finding("invisible-character", f"invisible or direction-changing character(s) {names}",
                    "remove them: they change how numbers, placeholders and links are displayed")]


def _number_findings(msgid: str, msgstr: str) -> list[Finding]:
    out: list[Finding] = []
    missing, added = _diff(phones(msgid), phones(msgstr))
    if missing or added:
        out.append(Finding("phone-changed",
                           f"phone number(s) {_quote(missing)} not exactly as in the source"
                           + (f" (found {_quote(added)})" if added else ""),
                           "copy phone numbers digit for digit, in the source's format"))
    foreign = foreign_digits(msgid, msgstr)
    if foreign:
        out.append(Finding("number-changed", f"digits a reader could misread: {_quote(foreign)}",
                           "write numbers in the digits of the source or of your language's script"))
    missing, added = _diff(numbers(msgid), numbers(msgstr))
    if missing or added:
        out.append(Finding("number-changed",
                           f"numbers differ from the source: missing {_quote(missing)}, added {_quote(added)}",
                           "keep every number of the source (digits may be full-width)"))

    missing, added = _diff(placeholders(msgid), placeholders(msgstr))
    if missing or added:
        out.append(Finding("placeholder-changed",
                           f"placeholders differ: missing {_quote(missing)}, added {_quote(added)}",
                           "copy [[...]] and {...} placeholders exactly; they are filled in at build time"))
    missing, added = _diff(attr_lists(msgid), attr_lists(msgstr))
    if missing or added:
        out.append(Finding("attr-list-changed",
                           f"attribute lists differ: missing {_quote(missing)}, added {_quote(added)}",
                           "copy {: ...} / {#id} attribute lists exactly; never add one"))

    return out


def _whitespace_findings(msgid: str, msgstr: str) -> list[Finding]:
    out: list[Finding] = []
    ws = []
    if _leading(msgid) != _leading(msgstr):
        ws.append("leading whitespace")
    if _trailing(msgid) != _trailing(msgstr):
        ws.append("trailing whitespace")
    if len(re.findall(r"\n[ \t]*\n", msgid.strip())) != len(re.findall(r"\n[ \t]*\n", msgstr.strip())):
        ws.append("blank lines")
    hard = re.compile(r"(?: {2,}|\\)\n")
    if len(hard.findall(msgid)) != len(hard.findall(msgstr)):
        ws.append("hard line breaks")
    if ws:
        out.append(Finding("whitespace-changed", f"changed from the source: {', '.join(ws)}",
                           "keep the source's leading/trailing spaces and line breaks"))
    return out


# Every safety finding needs one of these characters (markup, entity, link, URL scheme, placeholder)
# or a digit in one of the two texts; plain prose skips the full check. The build calls this for
# every message of every page, so the shortcut matters (measured: most prose has none).
_SAFETY_TRIGGERS = frozenset("<>&[](){}:\\%")
_BLOCK_START = re.compile(r"^[ \t]*[#>\-+*=!?|`~:_<\[\d]", re.MULTILINE)


def is_safe_to_render(msgid: str, msgstr: str) -> list[Finding]:
    """Findings the build enforces; any finding means: render the msgid, not this msgstr."""
    if not msgstr or msgstr == msgid:
        return []
    text = msgid + msgstr
    if (len(msgstr) <= MAX_GROWTH * len(msgid) + MAX_EXTRA and _SAFETY_TRIGGERS.isdisjoint(text)
            and not any(map(str.isdigit, text))
            and not _BLOCK_START.search(msgstr) and not _INVISIBLE_ANY.search(msgstr)):
        return []
    return [f for f in _findings(msgid, msgstr, safety_only=True) if f.code in SAFETY_CODES]
