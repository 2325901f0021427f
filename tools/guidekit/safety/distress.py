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

import yaml

from guidekit.problems import Problem, ProblemsFound, yaml_problem
from guidekit.safety import distressmatch as dm

DISTRESS_FILE = "distress-terms.yml"
KINDS = ("guard", "crisis", "ed")
MAX_BYTES = 1_000_000
_CONCEPT = re.compile(r"^[A-Z][A-Z0-9_]*$")
_SECTION_KEYS = {"fold", "prefixes", "suffixes", "concepts", *KINDS}
APPROX_MIN = 6  # code points
_DEFAULTS = {"weights": {"latin": 10, "han": 10, "tamil": 3}, "gap": 20}


def _problem(path: str, node: yaml.Node | None, message: str,
             hint: str = "see the comment at the top of the file") -> Problem:
    line = node.start_mark.line + 1 if node is not None else 1
    return Problem(path, line, "distress-terms", message, hint)


class _Compiler:
    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []
        self.model: dict[str, Any] = {
            "fold": {}, "leet": {}, "symbols": "*", "phonetic": [], "prefixes": [],
            "suffixes": [], "weights": dict(_DEFAULTS["weights"]), "gap": _DEFAULTS["gap"],
            "concepts": [], "rules": []}
        self.named: dict[str, list[dict[str, Any]]] = {}
        self.anonymous: dict[str, int] = {}

    def error(self, node: yaml.Node | None, message: str) -> None:
        self.problems.append(_problem(self.display, node, message))

    # --- scalars and tables --------------------------------------------------------------

    def text(self, node: yaml.Node) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
            return str(node.value)
        self.error(node, "expected a text value")
        return None

    def mapping(self, node: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
        if isinstance(node, yaml.MappingNode):
            return list(node.value)
        self.error(node, "expected a mapping")
        return []

    def sequence(self, node: yaml.Node) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        self.error(node, "expected a list")
        return []

    def pairs(self, node: yaml.Node) -> list[tuple[str, str]]:
        out = []
        for item in self.sequence(node):
            values = [self.text(v) for v in self.sequence(item)]
            if len(values) != 2 or None in values:
                self.error(item, "expected [text, replacement]")
                continue
            out.append((values[0] or "", values[1] or ""))
        return out

    def normalise_section(self, node: yaml.Node) -> None:
        for key, value in self.mapping(node):
            name = key.value
            if name == "leet":
                for k, v in self.mapping(value):
                    src, dst = self.text(k), self.text(v)
                    if src is None or dst is None or len(src) != 1:
                        self.error(k, "leet maps one character to letters")
                        continue
                    self.model["leet"][src] = dst
                    if not ("a" <= src <= "z" or "0" <= src <= "9"):
                        self.model["symbols"] += src
            elif name == "phonetic":
                self.model["phonetic"] = [list(p) for p in self.pairs(value)]
            elif name == "weights":
                for k, v in self.mapping(value):
                    if k.value not in self.model["weights"] or not str(v.value).isdigit():
                        self.error(k, "weights are latin, han, tamil: whole numbers")
                        continue
                    self.model["weights"][k.value] = int(v.value)
            elif name == "gap":
                if not str(value.value).isdigit():
                    self.error(value, "gap is a whole number")
                else:
                    self.model["gap"] = int(value.value)
            else:
                self.error(key, f"unknown normalise key '{name}'")

    # --- forms, concepts, rules -----------------------------------------------------------

    def form(self, phrase: str, node: yaml.Node) -> dict[str, Any] | None:
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
            self.error(node, f"'{phrase}' has nothing the matcher can compare")
            return None
        form: dict[str, Any] = {"p": parts}
        if all("w" in p and p["m"] == "f" for p in parts):
            form["j"] = dm.squash("".join(p["w"] for p in parts))
        return form

    def element(self, node: yaml.Node) -> int | None:
        """A rule element as a concept index: a NAME, or a phrase ('a|b' for alternatives)."""
        value = self.text(node)
        if value is None:
            return None
        if _CONCEPT.match(value):
            if value not in self.named:
                self.error(node, f"unknown concept '{value}'")
                return None
            return self.concept_index(value)
        if value not in self.anonymous:
            forms = [f for f in (self.form(alt.strip(), node) for alt in value.split("|")) if f]
            if not forms:
                return None
            self.anonymous[value] = len(self.model["concepts"])
            self.model["concepts"].append(forms)
        return self.anonymous[value]

    def concept_index(self, name: str) -> int:
        key = "@" + name
        if key not in self.anonymous:
            self.anonymous[key] = len(self.model["concepts"])
            self.model["concepts"].append(self.named[name])
        return self.anonymous[key]

    def rule(self, node: yaml.Node, kind: str, rule_id: str) -> None:
        gap = self.model["gap"]
        unless: list[yaml.Node] = []
        disguised = whole = False
        if isinstance(node, yaml.ScalarNode):
            elements = [node]
        elif isinstance(node, yaml.SequenceNode):
            elements = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            elements = []
            for key, value in node.value:
                if key.value == "all":
                    elements = self.sequence(value)
                elif key.value == "gap" and str(value.value).isdigit():
                    gap = int(value.value)
                elif key.value == "unless":
                    unless = self.sequence(value)
                elif key.value == "disguised" and value.value in ("true", "yes"):
                    disguised = True
                elif key.value == "whole" and value.value in ("true", "yes"):
                    whole = True
                else:
                    self.error(key, "a rule has all, gap, unless, disguised and whole, "
                                    f"not '{key.value}'")
        else:
            self.error(node, "a rule is a phrase, a list or {all, gap, unless}")
            return
        indexes = [self.element(e) for e in elements]
        vetoes = [self.element(e) for e in unless]
        if not indexes or None in indexes or None in vetoes:
            if not indexes:
                self.error(node, "a rule needs at least one element")
            return
        rule: dict[str, Any] = {"id": rule_id, "k": kind, "e": indexes, "g": gap}
        if vetoes:
            rule["u"] = vetoes
        if disguised:
            rule["d"] = 1
        if whole:
            rule["w"] = 1
        if kind != "guard" and len(indexes) == 1 and not _CONCEPT.match(str(elements[0].value)):
            # A phrase rule's long Han/Tamil forms also match with one typo ('தற்கலை').
            for form in self.model["concepts"][indexes[0]]:
                if len(form["p"]) == 1 and len(form["p"][0].get("s", "")) >= APPROX_MIN:
                    form["a"] = 1
        self.model["rules"].append(rule)

    def compile(self, root: yaml.Node) -> dict[str, Any]:
        sections = self.mapping(root)
        for key, value in sections:
            if key.value == "normalise":
                self.normalise_section(value)
        languages = [(k, v) for k, v in sections if k.value != "normalise"]
        # Tables first: every form is canonicalised with all folds and affixes in place.
        for _, value in languages:
            for key, table in self.mapping(value):
                if key.value not in _SECTION_KEYS:
                    self.error(key, f"unknown key '{key.value}'")
                elif key.value == "fold":
                    for k, v in self.mapping(table):
                        src, dst = self.text(k), self.text(v)
                        if src is not None and dst is not None:
                            self.model["fold"][src] = dst
                elif key.value in ("prefixes", "suffixes"):
                    self.model[key.value] += [list(p) for p in self.pairs(table)]
        self.model["prefixes"].sort(key=lambda p: -len(p[0]))
        for _, value in languages:
            for key, table in self.mapping(value):
                if key.value == "concepts":
                    for name_node, forms in self.mapping(table):
                        name = name_node.value
                        if not _CONCEPT.match(str(name)):
                            self.error(name_node, f"concept names are UPPER_CASE, not '{name}'")
                            continue
                        for form_node in self.sequence(forms):
                            phrase = self.text(form_node)
                            form = self.form(phrase, form_node) if phrase else None
                            if form:
                                self.named.setdefault(name, []).append(form)
        for kind in KINDS:  # guards first: they mask before anything else matches
            for lang, value in languages:
                for key, table in self.mapping(value):
                    if key.value == kind:
                        for i, node in enumerate(self.sequence(table)):
                            self.rule(node, kind, f"{lang.value}.{kind}.{i + 1}")
        return self.model


def parse(text: str, display: str) -> dict[str, Any]:
    """The compiled model; ProblemsFound (distress-terms, path:line) when the data is unusable."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ProblemsFound([Problem(display, 1, "distress-terms", "the file is too large",
                                     f"keep it under {MAX_BYTES} bytes")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ProblemsFound([yaml_problem(exc, display, "distress-terms", "distress terms")]) from None
    if root is None:
        raise ProblemsFound([Problem(display, 1, "distress-terms", "the file is empty",
                                     "see the comment at the top of the file")])
    if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
        # Aliases would let a small file expand without limit; term lists never need them.
        raise ProblemsFound([Problem(display, 1, "distress-terms",
                                     "YAML aliases are not allowed in this file",
                                     "write the forms out")])
    compiler = _Compiler(display)
    model = compiler.compile(root)
    if compiler.problems:
        raise ProblemsFound(compiler.problems)
    return model


def load(project) -> dict[str, Any] | None:
    """The project's model, None when it has no distress-terms file."""
    path: Path = project.data_dir / DISTRESS_FILE
    if not path.is_file():
        return None
    return parse(path.read_text(encoding="utf-8"), project.rel(path))
