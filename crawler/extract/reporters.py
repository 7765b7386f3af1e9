"""Reporters by name: canonical names and aliases of well-known reporters (lexicon/reporters.yaml) and the
monitor groups among them. The lowest layer of the rules: speech, attribution and statements all ask it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from crawler.extract.lexicon import read_data

SOHR: Final = "Syrian Observatory for Human Rights"
SNHR: Final = "Syrian Network for Human Rights"

# Normalised alias → canonical name. Keys are lower case, without articles or "UK-based" style prefixes.
_ALIASES: dict[str, str] = {}


def _alias(canonical: str, *names: str) -> None:
    _ALIASES[_key(canonical)] = canonical
    for n in names:
        _ALIASES[_key(n)] = canonical


_BASED: Final = re.compile(r"\b(?:uk|britain|british|london|us|u\.s\.|new york|geneva|paris|coventry)[- ]based\b")
_DROP: Final = re.compile(
    r"^(?:the|a|an)\s+|\b(?:opposing|opposition|activist|war|independent|monitoring group|monitoring|monitor"
    r"|group|organisation|organization)\b"
)


_SPACES: Final = re.compile(r"\s+")
_ARTICLE_LEAD: Final = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    s = name.lower().replace("’", "'").replace("‘", "'")
    s = _BASED.sub(" ", s)
    s = re.sub(r"\([^)]*\)", " ", s)  # "(SNHR)"
    s = re.sub(r"[^\w'. -]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^(?:the|a|an)\s+", "", s)
    return s


def _loose_key(name: str) -> str:
    s = _key(name)
    s = _DROP.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


_REPORTERS: Final = read_data("reporters.yaml")
for _canonical, _names in _REPORTERS["reporters"].items():
    _alias(_canonical, *_names)

# Known reporters that speak for an army: an alias calls them its army or military ("Israeli military" is the IDF,
# "Pakistan army" the ISPR), whatever their own name says.
ARMY_WORDS: Final = frozenset({"army", "military"})  # the words that name a state's army
ARMY_VOICES: frozenset[str] = frozenset(
    c for c, names in _REPORTERS["reporters"].items() if any(set(_key(n).replace("'s", "").split()) & ARMY_WORDS
                                                             for n in names))

# Reporters that are monitor groups (not official unless the caller says so).
MONITOR_GROUPS: frozenset[str] = frozenset(_REPORTERS["monitor_groups"])


@lru_cache(maxsize=4096)
def canonical_reporter(name: str) -> str:
    """Normalised reporter name: known aliases map to one canonical name, others are cleaned up."""
    if not name:
        return ""
    key = _key(name)
    if key in _ALIASES:
        return _ALIASES[key]
    loose = _loose_key(name)
    if loose in _ALIASES:
        return _ALIASES[loose]
    cleaned = _SPACES.sub(" ", name).strip()
    cleaned = _ARTICLE_LEAD.sub("", cleaned)
    return cleaned


@lru_cache(maxsize=4096)
def known_reporter(name: str) -> str | None:
    """The canonical name when name is a known alias, else None."""
    key = _key(name)
    if key in _ALIASES:
        return _ALIASES[key]
    loose = _loose_key(name)
    return _ALIASES.get(loose) if loose else None
