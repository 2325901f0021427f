"""A synthetic corpus for the benchmark: N guides of ~1,500 words in three layouts.

Everything is deterministic (seeded RNG, CRC32 word maps), so two runs of the benchmark on two
machines build byte-identical inputs.

Layouts written under one root:

    gk/      the guidekit project: mkdocs.yml (guidekit plugin), guides/, locales/ (filled by
             `fill_catalogues` after `guidekit extract` + `guidekit update`)
    i18n/    the same content for mkdocs-static-i18n, suffix layout: x.md, x.ms.md, x.zh.md, x.ta.md
    plain/<url>/   one ordinary MkDocs project per language with pre-translated Markdown (the floor)

Translations are a pseudo-translation of each piece of text: every word is mapped to a stable
pseudo-word in the target script (Latin syllables for ms, Han characters for zh, Tamil syllables
for ta); link targets, code, numbers, `{#id}` attribute lists, HTML, `[[placeholders]]` and
admonition types are kept. The catalogues get msgstr = pseudo(msgid), so guidekit's spliced pages
and the pre-translated Markdown of the peers carry the same text.
"""

from __future__ import annotations

import random
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Language table of the benchmark: guidekit/Babel id -> (URL / static-i18n locale, Material
# language, lunr search language or None for "tokenise only").
LANGS = {
    "en": ("en", "en", "en"),
    "ms": ("ms", "ms", None),
    "zh_Hans": ("zh", "zh", "zh"),
    "ta": ("ta", "ta", "ta"),
}
TARGETS = ("ms", "zh_Hans", "ta")
NAMES = {"en": "English", "ms": "Bahasa Melayu", "zh_Hans": "中文（简体）", "ta": "தமிழ்"}
TOPICS = ("teens", "caregivers", "educators", "wellbeing", "getting-help")

WORDS = ["able", "about", "above", "accept", "across", "act", "action", "actually", "add", "advice",
         "afraid", "after", "again", "against", "age", "agree", "ahead", "alone", "along",
         "already", "always", "angry", "answer", "anxious", "appointment", "ask", "attention",
         "aunt", "away", "baby", "back", "bad", "balance", "be", "because", "become", "bed",
         "before", "begin", "behaviour", "believe", "belong", "best", "better", "between", "big",
         "birthday", "body", "book", "both", "boundary", "brave", "break", "breakfast", "breathe",
         "bring", "brother", "build", "busy", "calm", "can", "care", "careful", "carer", "change",
         "check", "child", "choice", "choose", "class", "clinic", "close", "coach", "come",
         "comfort", "common", "community", "concern", "confidence", "connect", "control", "cook",
         "could", "counsellor", "course", "cousin", "cry", "daily", "dance", "danger", "day",
         "decide", "deep", "describe", "dinner", "doctor", "doing", "done", "doubt", "down", "draw",
         "dream", "drink", "during", "early", "easy", "eat", "eating", "effort", "else", "emotion",
         "energy", "enjoy", "enough", "evening", "every", "everyone", "exam", "example", "exercise",
         "expect", "face", "fair", "family", "fear", "feel", "feeling", "few", "fight", "find",
         "fine", "first", "follow", "food", "forget", "free", "friend", "future", "game", "gentle",
         "get", "give", "goal", "good", "grow", "guide", "habit", "hand", "happen", "happy", "hard",
         "health", "hear", "heart", "help", "hide", "hobby", "home", "honest", "hope", "hour",
         "house", "hungry", "idea", "ill", "important", "include", "inside", "kind", "know",
         "language", "late", "laugh", "learn", "leave", "less", "letter", "life", "light", "listen",
         "little", "long", "look", "lot", "love", "lunch", "make", "many", "meal", "mean", "meet",
         "memory", "message", "mind", "minute", "mirror", "moment", "money", "mood", "morning",
         "mother", "move", "much", "music", "name", "need", "nervous", "never", "new", "next",
         "night", "normal", "note", "notice", "nurse", "offer", "often", "okay", "open", "other",
         "outside", "pain", "parent", "part", "patient", "pattern", "people", "person", "phone",
         "place", "plan", "plate", "play", "please", "point", "practise", "pressure", "private",
         "problem", "promise", "proud", "question", "quiet", "reach", "read", "ready", "reason",
         "recover", "relax", "remember", "respect", "rest", "return", "right", "routine", "rule",
         "sad", "safe", "say", "school", "second", "secret", "see", "seem", "send", "sense",
         "share", "short", "show", "sick", "simple", "sister", "sleep", "slow", "small", "snack",
         "someone", "sometimes", "soon", "sorry", "speak", "sport", "start", "stay", "step",
         "still", "stop", "story", "strong", "struggle", "support", "sure", "talk", "teacher",
         "team", "tell", "thank", "thing", "think", "time", "tired", "today", "together", "trust",
         "try", "turn", "understand", "upset", "usual", "value", "visit", "wait", "walk", "want",
         "warm", "watch", "water", "way", "week", "weight", "well", "while", "whole", "why", "wish",
         "with", "word", "work", "worry", "write", "year", "young"]

MS_SYLLABLES = ("ka", "la", "ng", "pa", "ru", "ha", "ti", "sa", "ber", "men", "kan", "an", "ma",
                "da", "ri", "se", "ba", "gi", "nya", "tu", "ke", "lu", "si", "per", "ya", "mu")
TA_SYLLABLES = ("க", "கா", "கி", "ம", "மா", "மு", "ப", "பா", "பு", "த", "தா", "தி", "ன", "ர",
                "ரு", "ல", "லை", "வ", "வா", "வி", "ச", "சா", "ய", "டு", "ண்", "ம்", "ள்", "ல்")
HAN_START, HAN_SPAN = 0x4E00, 0x9FA5 - 0x4E00


# --------------------------------------------------------------------------- pseudo-translation

# Spans that a translator keeps as they are (mirrors what guidekit's QA checks for).
_KEEP = re.compile(
    r"`+[^`]*`+"                       # inline code
    r"|\]\([^)]*\)"                    # link destinations
    r"|\[\[[^\]]*\]\]"                 # [[placeholders]]
    r"|\[\^[^\]]*\]"                   # footnote references
    r"|\{[^}\n]*\}"                    # {#id} / {language} / attr lists
    r"|<[^>\n]+>"                      # HTML and autolinks
    r"|&#?\w+;"                        # entities
    r"|https?://\S+"                   # bare URLs
    r"|^[ \t]*(?:!!!|\?\?\?\+?)[ \w-]*"  # admonition marker and type
    r"|\b\w*\d\w*\b",                  # numbers, phone numbers, words with digits
    re.MULTILINE)
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def _pseudo_word(word: str, lang: str) -> str:
    key = zlib.crc32(f"{lang}:{word.lower()}".encode())
    if lang == "zh_Hans":
        return "".join(chr(HAN_START + (key >> (9 * i)) % HAN_SPAN) for i in range(1 + key % 2))
    if lang == "ta":
        n = 2 + key % 3
        return "".join(TA_SYLLABLES[(key >> (5 * i)) % len(TA_SYLLABLES)] for i in range(n))
    # ms: Latin pseudo-words of similar length, capitalised like the source word
    n = max(1, (len(word) + 2) // 3)
    out = "".join(MS_SYLLABLES[(key >> (5 * i)) % len(MS_SYLLABLES)] for i in range(n))
    return out.capitalize() if word[:1].isupper() else out


def pseudo(text: str, lang: str) -> str:
    """Deterministic pseudo-translation of one msgid (or one Markdown line)."""
    if lang == "en" or not text:
        return text
    out, pos = [], 0
    for keep in _KEEP.finditer(text):
        out.append(_WORD.sub(lambda m: _pseudo_word(m.group(0), lang), text[pos:keep.start()]))
        out.append(keep.group(0))
        pos = keep.end()
    out.append(_WORD.sub(lambda m: _pseudo_word(m.group(0), lang), text[pos:]))
    result = "".join(out)
    if lang == "zh_Hans":
        result = _HAN_GAP.sub("", result)
    return result


def translate_markdown(text: str, lang: str) -> str:
    """A whole guide, pre-translated: front matter title/description and every body line."""
    if lang == "en":
        return text
    head, body = "", text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        head, body = text[:end], text[end:]
        head = re.sub(r"^(title|description): (.*)$",
                      lambda m: f"{m.group(1)}: {_yaml_str(pseudo(m.group(2), lang))}", head,
                      flags=re.MULTILINE)
    return head + "\n".join(pseudo(line, lang) for line in body.split("\n"))


def _yaml_str(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).strip().removesuffix("\n...")


# --------------------------------------------------------------------------- guides

@dataclass(frozen=True)
class GuideOutline:
    index: int
    path: str                       # relative to docs_dir, e.g. "teens/g0007-calm-support.md"
    title: str
    sections: tuple[tuple[str, str], ...]  # (heading text, id)


def _sentence(rng: random.Random, lo: int = 8, hi: int = 17) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), str(rng.choice((3, 12, 15, 24, 48, 999, 15999))))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?")


def _words(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def outlines(n: int, sections: int = 8) -> list[GuideOutline]:
    result = []
    for i in range(n):
        rng = random.Random(f"outline-{i}")
        title_words = _words(rng, 3, 6)
        slug = "-".join(title_words.split()[:3])
        topic = TOPICS[i % len(TOPICS)]
        heads = []
        for k in range(sections):
            head = _words(rng, 2, 5)
            heads.append((head[0].upper() + head[1:], f"{'-'.join(head.split()[:2])}-{k + 1}"))
        result.append(GuideOutline(i, f"{topic}/g{i:04d}-{slug}.md",
                                   title_words[0].upper() + title_words[1:], tuple(heads)))
    return result


def _rel(src: str, dst: str) -> str:
    """Relative Markdown link from guide src to guide dst (both relative to docs_dir)."""
    s, d = src.split("/"), dst.split("/")
    if s[:-1] == d[:-1]:
        return d[-1]
    return "../" * (len(s) - 1) + dst


def guide_markdown(outline: GuideOutline, all_guides: list[GuideOutline]) -> str:
    rng = random.Random(f"guide-{outline.index}")
    n = len(all_guides)
    me = outline.path

    def other() -> GuideOutline:
        return all_guides[(outline.index + rng.randint(1, max(1, n - 1))) % n] if n > 1 else outline

    def cross_link() -> str:
        g = other()
        head, hid = rng.choice(g.sections)
        return f"[{head.lower()}]({_rel(me, g.path)}#{hid})"

    def para(sentences: int, links: int = 0) -> str:
        parts = [_sentence(rng) for _ in range(sentences)]
        for _ in range(links):
            j = rng.randrange(len(parts))
            parts[j] = parts[j][:-1] + f", as {_words(rng, 1, 3)} {cross_link()} explains."
        if rng.random() < 0.3:
            j = rng.randrange(len(parts))
            w = rng.choice(WORDS)
            parts[j] = parts[j].replace(f" {w} ", f" **{w}** ", 1)
        return " ".join(parts)

    lines = [
        "---",
        f"title: {_yaml_str(outline.title)}",
        f"description: {_yaml_str(_sentence(rng))}",
        f"audience: [{TOPICS[outline.index % 3]}]",
        "topics: [eating-disorders]",
        "review_interval_months: 12",
        "---",
        "",
        f"# {outline.title}",
        "",
        para(3),
        "",
    ]
    for k, (head, hid) in enumerate(outline.sections):
        lines += [f"## {head} {{#{hid}}}", "", para(4, links=1 if k % 2 == 0 else 0), ""]
        items = []
        for _ in range(rng.randint(4, 6)):
            item = _words(rng, 5, 11)
            if rng.random() < 0.15:
                item += f", see {cross_link()}"
            items.append(f"- {item[0].upper()}{item[1:]}")
        lines += items + [""]
        lines += [para(3), ""]
        if k % 2 == 1:
            kind = rng.choice(("tip", "note", "warning", "info"))
            lines += [f'!!! {kind} "{_words(rng, 2, 4).capitalize()}"', f"    {para(2)}", ""]
        if k % 3 == 2:
            cols = [_words(rng, 1, 2).capitalize() for _ in range(3)]
            lines += ["| " + " | ".join(cols) + " |", "| --- | --- | --- |"]
            for _ in range(4):
                lines.append("| " + " | ".join(_words(rng, 2, 5) for _ in range(3)) + " |")
            lines += [""]
        if k % 4 == 3:
            sub_head = _words(rng, 2, 4).capitalize()
            lines += [f"### {sub_head} {{#{hid}-more}}", "", para(3), ""]
        if k == 4:
            lines += [f'??? note "{_words(rng, 2, 4).capitalize()}"']
            lines += [f"    - {_words(rng, 5, 10).capitalize()}" for _ in range(4)] + [""]
        if k == 5:
            first = outline.sections[0]
            lines += [(f"Go back to [{first[0].lower()}](#{first[1]}) or read "
                       f"[a trusted source](https://example.org/guides/{outline.index}) "
                       f"or call `15999` at any hour."), ""]
    lines += ["## See also {#see-also}", ""]
    for _ in range(3):
        g = other()
        lines.append(f"- [{g.title}]({_rel(me, g.path)})")
    lines.append("")
    return "\n".join(lines)


def index_markdown(all_guides: list[GuideOutline]) -> str:
    lines = ["---", "title: Guides", "description: Every guide in this synthetic corpus.", "---",
             "",
             "# Guides", "", "Choose a guide to read.", ""]
    for topic in TOPICS:
        lines += [f"## {topic.replace('-', ' ').capitalize()} {{#{topic}}}", ""]
        lines += [f"- [{g.title}]({g.path})" for g in all_guides if g.path.startswith(topic + "/")]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- configs

BASE_CONFIG: dict[str, Any] = {
    "site_name": "Benchmark Guides",
    "strict": False,
    "theme": {
        "name": "material",
        "language": "en",
        "font": False,
        "features": ["navigation.instant", "navigation.top", "navigation.footer",
                     "search.highlight", "content.tooltips"],
    },
    "extra": {"generator": False},
    "markdown_extensions": [
        "admonition", "attr_list", "def_list", "footnotes", "tables", "md_in_html",
        "pymdownx.details", "pymdownx.superfences", {"pymdownx.tabbed": {"alternate_style": True}},
        {"toc": {"permalink": True}},
    ],
    "validation": {"omitted_files": "warn", "absolute_links": "warn",
                   "unrecognized_links": "warn", "anchors": "warn"},
}


def _dump(config: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def guidekit_plugin_options(repo: Path) -> dict[str, Any]:
    """The guidekit block of the repository's own mkdocs.yml, so the corpus runs what ships."""
    from guidekit import config as project

    return dict(project.load(repo / "mkdocs.yml").options)


def write_corpus(root: Path, n: int, repo: Path, site_url: str) -> dict[str, Any]:
    """Write gk/, i18n/ and plain/ for n guides; return a description (word counts, files)."""
    guides = outlines(n)
    texts = {g.path: guide_markdown(g, guides) for g in guides}
    texts["index.md"] = index_markdown(guides)

    # guidekit project
    gk = root / "gk"
    docs = gk / "guides"
    for rel, text in texts.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    data = repo / "guides" / "_data"
    if data.is_dir():  # helplines and other data the plugin reads; part of a real project
        shutil.copytree(data, docs / "_data", dirs_exist_ok=True)
    config = {**BASE_CONFIG, "site_url": site_url, "docs_dir": "guides", "site_dir": "site",
              "exclude_docs": "_data/\n",  # as the project's mkdocs.yml: data is not published
              "plugins": [{"guidekit": guidekit_plugin_options(repo)}, "search"]}
    _dump(config, gk / "mkdocs.yml")

    # mkdocs-static-i18n, suffix layout
    i18n_docs = root / "i18n" / "docs"
    for rel, text in texts.items():
        for lang in LANGS:
            url = LANGS[lang][0]
            name = rel if lang == "en" else rel[:-3] + f".{url}.md"
            (i18n_docs / name).parent.mkdir(parents=True, exist_ok=True)
            (i18n_docs / name).write_text(translate_markdown(text, lang), encoding="utf-8")
    languages = [{"locale": LANGS[lang][0], "name": NAMES[lang], "build": True,
                  **({"default": True} if lang == "en" else {})} for lang in LANGS]
    config = {**BASE_CONFIG, "site_url": site_url, "docs_dir": "docs", "site_dir": "site",
              "plugins": ["search", {"i18n": {"docs_structure": "suffix", "languages": languages}}]}
    _dump(config, root / "i18n" / "mkdocs.yml")

    # four plain MkDocs projects, pre-translated: what one language costs MkDocs alone
    for lang, (url, theme_lang, search_lang) in LANGS.items():
        pdocs = root / "plain" / url / "docs"
        for rel, text in texts.items():
            (pdocs / rel).parent.mkdir(parents=True, exist_ok=True)
            (pdocs / rel).write_text(translate_markdown(text, lang), encoding="utf-8")
        search = {"lang": [search_lang]} if search_lang else {"lang": ["en"],
                                                              "pipeline": ["trimmer"]}
        config = {**BASE_CONFIG, "site_url": site_url.rstrip("/") + f"/{url}/", "docs_dir": "docs",
                  "site_dir": "site",
                  "theme": {**BASE_CONFIG["theme"], "language": theme_lang},
                  "plugins": [{"search": search}]}
        _dump(config, root / "plain" / url / "mkdocs.yml")

    words = sum(len(re.findall(r"[A-Za-z]+", t.split("\n---\n", 1)[-1])) for t in texts.values())
    return {"guides": n, "pages_per_language": len(texts), "english_words": words,
            "words_per_guide": round(words / max(1, n))}


# --------------------------------------------------------------------------- catalogues

def fill_catalogues(locales_dir: Path, langs: tuple[str, ...] = TARGETS) -> int:
    """Give every message of every PO file msgstr = pseudo(msgid); return messages filled."""
    from babel.messages.pofile import read_po, write_po

    filled = 0
    for lang in langs:
        for po in sorted((locales_dir / lang / "LC_MESSAGES").rglob("*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, abort_invalid=True)
            for message in catalog:
                if not message.id:
                    continue
                if isinstance(message.id, (list, tuple)):
                    forms = [pseudo(message.id[0], lang)] + \
                            [pseudo(message.id[1], lang)] * (catalog.num_plurals - 1)
                    message.string = tuple(forms)
                else:
                    message.string = pseudo(message.id, lang)
                message.flags.discard("fuzzy")
                filled += 1
            with po.open("wb") as handle:
                write_po(handle, catalog, width=76)
    return filled


def ensure_catalogues(locales_dir: Path, langs: tuple[str, ...] = TARGETS) -> int:
    """Create PO files from templates where `guidekit update` did not; return files created."""
    from babel.messages.pofile import read_po, write_po

    created = 0
    templates = locales_dir / "templates"
    for pot in sorted(templates.rglob("*.pot")):
        rel = pot.relative_to(templates).with_suffix(".po")
        for lang in langs:
            po = locales_dir / lang / "LC_MESSAGES" / rel
            if po.exists():
                continue
            with pot.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
            po.parent.mkdir(parents=True, exist_ok=True)
            with po.open("wb") as handle:
                write_po(handle, catalog, width=76)
            created += 1
    return created


def edit_guides(docs_dir: Path, every: int = 1) -> int:
    """Simulate a round of writers' edits: in every `every`-th guide, reword one paragraph and
    add a new one (so an update has changed, new and obsolete messages to merge)."""
    changed = 0
    for i, path in enumerate(sorted(p for p in docs_dir.rglob("g*.md"))):
        if i % every:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        paras = [j for j, line in enumerate(lines)
                 if line and line[0].isupper() and line.endswith((".", "?")) and j > 8]
        if len(paras) < 2:
            continue
        a, b = paras[len(paras) // 3], paras[2 * len(paras) // 3]
        lines[a] = lines[a].replace(" ", " really ", 1)            # a small edit: fuzzy match
        lines[b] = lines[b] + "\n\nThis paragraph is new in this revision of the guide."
        path.write_text("\n".join(lines), encoding="utf-8")
        changed += 1
    return changed
