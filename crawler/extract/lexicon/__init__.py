"""The extractor's vocabulary as data: lexicon/<language>.yaml loaded once into a frozen Lexicon.

English only until a second lexicon exists: `en.yaml` is the one vocabulary; the rule modules bind the
names below (views of LEXICON) at import. Adding a word is one line in en.yaml. Reporters and their
aliases live in `reporters.yaml` (crawler.extract.attribution reads it; a config's `aliases:` merges on top).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's vocabulary: word sets, word → label tables, ordered markers, per-rule-module sets."""

    language: str
    sets: Mapping[str, frozenset[str]]
    tables: Mapping[str, Mapping[str, str]]
    markers: Mapping[str, tuple[str, ...]]
    rules: Mapping[str, Mapping[str, frozenset[str]]]

    def words(self, name: str) -> frozenset[str]:
        return self.sets[name]

    def table(self, name: str) -> dict[str, str]:
        return dict(self.tables[name])

    def rule_words(self, module: str, name: str) -> frozenset[str]:
        return self.rules[module][name]


def _split(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset(value.split())
    return frozenset(str(v) for v in value or ())


def lexicon_from_mapping(data: Mapping[str, Any]) -> Lexicon:
    """A Lexicon from the parsed YAML (sections: language, sets, tables, markers, rules)."""
    tables: dict[str, Mapping[str, str]] = {}
    for name, labels in (data.get("tables") or {}).items():
        table: dict[str, str] = {}
        for label, words in labels.items():
            for w in _split(words):
                if w in table and table[w] != label:
                    raise ValueError(f"lexicon table {name}: {w!r} is both {table[w]!r} and {label!r}")
                table[w] = str(label)
        tables[name] = MappingProxyType(table)
    return Lexicon(
        language=str(data.get("language") or ""),
        sets=MappingProxyType({k: _split(v) for k, v in (data.get("sets") or {}).items()}),
        tables=MappingProxyType(tables),
        markers=MappingProxyType({k: tuple(str(x) for x in v) for k, v in (data.get("markers") or {}).items()}),
        rules=MappingProxyType({m: MappingProxyType({k: _split(v) for k, v in (sets or {}).items()})
                                for m, sets in (data.get("rules") or {}).items()}),
    )


def word_pattern(words: Iterable[str], pieces: Mapping[str, str] | None = None) -> str:
    """A regex alternation matching exactly the given strings, factored as a trie ("s(?:a(?:id|ys)|tated)").

    pieces maps placeholder characters to regex snippets (e.g. a control character to a whitespace run), so
    an entry may hold a piece of pattern ("claim of " then a digit). Every branch starts with a literal and shares its prefix: when
    the whole pattern is such a trie the engine skips in C to the positions where an entry may start, and
    at each one tries a few characters instead of every word (a flat alternation of a hundred verbs, or a
    branch led by a class or a look-behind, is several times slower).
    """
    pieces = pieces or {}
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [(pieces[ch] if ch in pieces else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # an entry ends here and longer ones go on: the rest is optional (greedy)
            return f"(?:{body})?"
        return body

    return "(?:" + emit(trie) + ")" if trie else "(?!)"


def read_data(name: str) -> Any:
    """A YAML file of this package (package data), parsed."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


@lru_cache(maxsize=4)
def load_lexicon(language: str = "en") -> Lexicon:
    """The lexicon of language (lexicon/<language>.yaml), parsed once."""
    return lexicon_from_mapping(read_data(f"{language}.yaml"))


LEXICON = load_lexicon("en")

# The names the rule modules import: views of LEXICON, one per YAML entry.
OUTCOME_AFTER = LEXICON.table("outcome_after")
OUTCOME_BEFORE = LEXICON.table("outcome_before")
OUTCOME_NOUN_OF = LEXICON.table("outcome_noun_of")
NUMBER_OF_OUTCOME = LEXICON.table("number_of_outcome")
GROUP_OF = LEXICON.table("group_of")
ACTOR_NOUNS = LEXICON.words("actor_nouns")
AID_MODIFIERS = LEXICON.words("aid_modifiers")
ARMED_GROUPS = LEXICON.words("armed_groups")
ARTICLES = LEXICON.words("articles")
ATTRIBUTION_ONLY_VERBS = LEXICON.words("attribution_only_verbs")
AUX = LEXICON.words("aux")
BLOCK_AFTER = LEXICON.words("block_after")
BLOCK_BEFORE = LEXICON.words("block_before")
INCREMENT_AFTER = LEXICON.words("increment_after")
INCREMENT_BEFORE = LEXICON.words("increment_before")
INCREMENT_LINK = LEXICON.words("increment_link")
KIN_GROUPS = LEXICON.words("kin_groups")
KNOWN_OFFICIALS = LEXICON.words("known_officials")
MEDICAL_MODIFIERS = LEXICON.words("medical_modifiers")
NON_PERSON = LEXICON.words("non_person")
NP_PREPS = LEXICON.words("np_preps")
NP_STOP = LEXICON.words("np_stop")
OFFICIAL_PERSON_EXCEPTIONS = LEXICON.words("official_person_exceptions")
PROJECTION = LEXICON.words("projection")
PRONOUNS = LEXICON.words("pronouns")
SPEAKER_MODIFIERS = LEXICON.words("speaker_modifiers")
SPEAKER_NOUNS = LEXICON.words("speaker_nouns")
SPEECH_VERBS = LEXICON.words("speech_verbs")
STATE_MODIFIERS = LEXICON.words("state_modifiers")
TIME_WORDS = LEXICON.words("time_words")
TOLL_LINK = LEXICON.words("toll_link")
TOLL_WORDS = LEXICON.words("toll_words")
WEAPON_EVENT = LEXICON.words("weapon_event")
NOT_OFFICIAL_MARKERS = LEXICON.markers["not_official_markers"]
OFFICIAL_MARKERS = LEXICON.markers["official_markers"]
# official whatever else the blob holds: "UN experts", "the government media office", "the European Union"
OFFICIAL_OVERRIDE_MARKERS = LEXICON.markers["official_override_markers"]
