"""The search intercept's data (guides/_data/distress-terms.yml) compiled into one matcher model.

The data file is written per language (normalisation tables, concepts, rules); the model merges
every language, because Malaysian readers mix them ('nak die', '我想 mati') and type English on
every site. The model is plain JSON: the page script (site/assets/crisis.js) and
guidekit.safety.distressmatch read the very same object.

Data shape, per language key (en, ms, zh_Hans, ta) plus `normalise:` for the shared tables:
- fold: {character: replacement} (Traditional -> Simplified, Tamil spelling variants)
- prefixes / suffixes: [[affix, replacement], ...] stripped to find stems ('membunuh' -> 'bunuh')
- concepts: {NAME: [form, ...]}: a form is a phrase; '=word' matches exactly (no stems, no
  misspellings), 'word*' a prefix of 4+ letters, '#' any number; concepts of the same name
  merge across languages
- crisis / ed / guard: rules; a rule is a phrase (string), a list of elements (concept NAMEs or
  phrases, 'a|b' for alternatives) that must appear in order with at most `gap` weight between
  them, or {all: [...], gap: N, unless: [NAME, ...], disguised: true, whole: true}; `disguised`
  fires only when a matched word was written with digits or symbols ('m4ti': hiding a word is a
  signal); `whole` only when the match is the whole query ('cutting' alone).
- A phrase rule's Han/Tamil forms of APPROX_MIN or more characters also match with one edit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from guidekit import yamlfile
from guidekit.problems import Problem, ProblemsFound
from guidekit.safety import distressmatch as dm

DISTRESS_FILE = "distress-terms.yml"
WHAT = "the distress term list"
KINDS = ("guard", "crisis", "ed")
_CONCEPT = re.compile(r"^[A-Z][A-Z0-9_]*$")
_SECTION_KEYS = {"fold", "prefixes", "suffixes", "concepts", *KINDS}
APPROX_MIN = 6  # code points
_DEFAULTS = {"weights": {"latin": 10, "han": 10, "tamil": 3}, "gap": 20}


CODE = "distress-terms-yaml"


class _Compiler:
    """Walks the parsed file (plain data with the line of every key and item) into the model."""

    def __init__(self, doc: yamlfile.Yaml):
        self.doc = doc
        self.problems: list[Problem] = []
        self.model: dict[str, Any] = {
            "fold": {}, "leet": {}, "symbols": "*", "phonetic": [], "prefixes": [],
            "suffixes": [], "weights": dict(_DEFAULTS["weights"]), "gap": _DEFAULTS["gap"],
            "concepts": [], "rules": []}
        self.named: dict[str, list[dict[str, Any]]] = {}
        self.anonymous: dict[str, int] = {}
        self.flat: set[str] = set()  # languages written in the old format: a list of phrases

    def error(self, at: tuple[Any, ...], message: str,
              hint: str = "see the comment at the top of the file") -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line(*at), CODE, message, hint))

    # --- values and tables ---------------------------------------------------------------

    def text(self, value: Any, at: tuple[Any, ...]) -> str | None:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        self.error(at, "expected a text value")
        return None

    def mapping(self, value: Any, at: tuple[Any, ...]) -> dict[Any, Any]:
        if isinstance(value, dict):
            return value
        self.error(at, "expected a mapping")
        return {}

    def sequence(self, value: Any, at: tuple[Any, ...]) -> list[Any]:
        if isinstance(value, list):
            return value
        self.error(at, "expected a list")
        return []

    def pairs(self, value: Any, at: tuple[Any, ...]) -> list[list[str]]:
        out = []
        for i, item in enumerate(self.sequence(value, at)):
            if not (isinstance(item, list) and len(item) == 2
                    and all(isinstance(v, str) for v in item)):
                self.error((*at, i), "expected [text, replacement]")
                continue
            out.append([item[0], item[1]])
        return out

    def whole_number(self, value: Any, at: tuple[Any, ...], what: str) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
            return value
        self.error(at, f"{what} is a whole number from 0 to 1000")
        return None

    def normalise_section(self, section: Any) -> None:
        at = ("normalise",)
        for name, value in self.mapping(section, at).items():
            where = (*at, name)
            if name == "leet":
                for src, dst in self.mapping(value, where).items():
                    dst_text = self.text(dst, (*where, src))
                    if not isinstance(src, str) or len(src) != 1 or dst_text is None:
                        self.error((*where, src), "leet maps one character to letters")
                        continue
                    self.model["leet"][src] = dst_text
                    if not ("a" <= src <= "z" or "0" <= src <= "9"):
                        self.model["symbols"] += src
            elif name == "phonetic":
                self.model["phonetic"] = self.pairs(value, where)
            elif name == "weights":
                for kind, weight in self.mapping(value, where).items():
                    if kind not in self.model["weights"]:
                        self.error((*where, kind), "weights are latin, han and tamil")
                    elif (number := self.whole_number(weight, (*where, kind), "a weight")) is not None:
                        self.model["weights"][kind] = number
            elif name == "gap":
                if (number := self.whole_number(value, where, "gap")) is not None:
                    self.model["gap"] = number
            else:
                self.error(where, f"unknown normalise key '{name}'")

    # --- forms, concepts, rules -----------------------------------------------------------

    def form(self, phrase: str, at: tuple[Any, ...]) -> dict[str, Any] | None:
        """A phrase as parts: Latin words (with a match mode) and runs of Han/Tamil text."""
        parts: list[dict[str, Any]] = []
        for piece in phrase.split():
            mode = "f"
            if piece == "#":  # any number: '5 kms' is a distance
                parts.append({"w": "#", "m": "n"})
                continue
            if piece.startswith("="):
                mode, piece = "e", piece[1:]
            elif piece.endswith("*") and len(piece) > 4:
                mode, piece = "p", piece[:-1]
            for item in dm.items(piece, self.model):
                if item.kind == dm.LATIN:
                    parts.append({"w": item.text, "m": mode})
                elif parts and "s" in parts[-1]:
                    parts[-1]["s"] += item.text
                else:
                    parts.append({"s": item.text})
        if not parts:
            self.error(at, f"'{phrase}' has nothing the matcher can compare")
            return None
        form: dict[str, Any] = {"p": parts}
        if all("w" in p and p["m"] == "f" for p in parts):
            form["j"] = dm.squash("".join(p["w"] for p in parts))
        return form

    def element(self, value: Any, at: tuple[Any, ...]) -> int | None:
        """A rule element as a concept index: a NAME, or a phrase ('a|b' for alternatives)."""
        text = self.text(value, at)
        if text is None:
            return None
        if _CONCEPT.match(text):
            if text not in self.named:
                self.error(at, f"unknown concept '{text}'")
                return None
            key = "@" + text
            if key not in self.anonymous:
                self.anonymous[key] = len(self.model["concepts"])
                self.model["concepts"].append(self.named[text])
            return self.anonymous[key]
        if text not in self.anonymous:
            forms = [f for f in (self.form(alt.strip(), at) for alt in text.split("|")) if f]
            if not forms:
                return None
            self.anonymous[text] = len(self.model["concepts"])
            self.model["concepts"].append(forms)
        return self.anonymous[text]

    def rule(self, value: Any, at: tuple[Any, ...], kind: str, rule_id: str) -> None:
        gap = self.model["gap"]
        options: dict[str, Any] = {}
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            elements, where = [value], [at]
        elif isinstance(value, list):
            elements, where = value, [(*at, i) for i in range(len(value))]
        elif isinstance(value, dict):
            elements, where = [], []
            for key, option in value.items():
                if key == "all":
                    elements = self.sequence(option, (*at, key))
                    where = [(*at, key, i) for i in range(len(elements))]
                elif key == "gap":
                    gap = self.whole_number(option, (*at, key), "gap")
                elif key in ("disguised", "whole"):
                    if option is True:
                        options[key[0]] = 1
                    elif option is not False:
                        self.error((*at, key), f"{key} is true or false")
                elif key == "unless":
                    options["u"] = [self.element(v, (*at, key, i))
                                    for i, v in enumerate(self.sequence(option, (*at, key)))]
                else:
                    self.error((*at, key),
                               f"a rule has all, gap, unless, disguised and whole, not '{key}'")
        else:
            self.error(at, "a rule is a phrase, a list or {all, gap, unless, disguised, whole}")
            return
        indexes = [self.element(e, w) for e, w in zip(elements, where)]
        if not indexes:
            self.error(at, "a rule needs at least one element")
            return
        if None in indexes or None in options.get("u", []) or gap is None:
            return
        rule: dict[str, Any] = {"id": rule_id, "k": kind, "e": indexes, "g": gap, **options}
        self.model["rules"].append(rule)
        if kind != "guard" and len(indexes) == 1 and not _CONCEPT.match(str(elements[0])):
            # A phrase rule's long Han/Tamil forms also match with one typo ('தற்கலை').
            for form in self.model["concepts"][indexes[0]]:
                if len(form["p"]) == 1 and len(form["p"][0].get("s", "")) >= APPROX_MIN:
                    form["a"] = 1

    def language(self, name: str, section: Any) -> dict[str, Any]:
        """A language's section; a plain list is the old format: crisis phrases."""
        if isinstance(section, list):
            self.flat.add(name)
            return {"crisis": section}
        if section is None:
            return {}
        table = self.mapping(section, (name,))
        for key in table:
            if key not in _SECTION_KEYS:
                self.error((name, key), f"unknown key '{key}'")
        return table

    def compile(self) -> dict[str, Any]:
        data = self.doc.data
        if data is None:
            return self.model
        sections = self.mapping(data, ())
        if "normalise" in sections:
            self.normalise_section(sections["normalise"])
        languages = {str(name): self.language(str(name), section)
                     for name, section in sections.items() if name != "normalise"}
        # Tables first: every form is canonicalised with all folds and affixes in place.
        for name, table in languages.items():
            if "fold" in table:
                for src, dst in self.mapping(table["fold"], (name, "fold")).items():
                    dst_text = self.text(dst, (name, "fold", src))
                    if dst_text is not None:
                        self.model["fold"][str(src)] = dst_text
            for affix in ("prefixes", "suffixes"):
                if affix in table:
                    self.model[affix] += self.pairs(table[affix], (name, affix))
        self.model["prefixes"].sort(key=lambda p: -len(p[0]))
        for name, table in languages.items():
            at = (name, "concepts")
            for concept, forms in self.mapping(table.get("concepts", {}), at).items():
                if not _CONCEPT.match(str(concept)):
                    self.error((*at, concept), f"concept names are UPPER_CASE, not '{concept}'")
                    continue
                for i, phrase in enumerate(self.sequence(forms, (*at, concept))):
                    text = self.text(phrase, (*at, concept, i))
                    form = self.form(text, (*at, concept, i)) if text else None
                    if form:
                        self.named.setdefault(str(concept), []).append(form)
        for kind in KINDS:  # guards first: they mask before anything else matches
            for name, table in languages.items():
                base = (name,) if name in self.flat else (name, kind)
                for i, rule in enumerate(self.sequence(table.get(kind, []), base)):
                    self.rule(rule, (*base, i), kind, f"{name}.{kind}.{i + 1}")
        return self.model


def compile_model(doc: yamlfile.Yaml) -> dict[str, Any]:
    """The compiled model; ProblemsFound (distress-terms-yaml, path:line) when unusable."""
    compiler = _Compiler(doc)
    model = compiler.compile()
    if compiler.problems:
        raise ProblemsFound(compiler.problems)
    return model


def parse(text: str, display: str) -> dict[str, Any]:
    return compile_model(yamlfile.parse(text, display, CODE, WHAT))


def load(project) -> dict[str, Any] | None:
    """The project's model, None when it has no distress-terms file (a folder of that name or
    an unreadable file is a Problem: the build is the gate)."""
    path: Path = project.data_dir / DISTRESS_FILE
    if not path.exists() and not path.is_symlink():
        return None
    return compile_model(yamlfile.read(path, project.rel(path), CODE, WHAT))
