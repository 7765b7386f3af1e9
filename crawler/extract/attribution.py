"""Who a figure is attributed to (reported_by), and canonical names for well-known reporters."""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.extract.lexicon import read_data
from crawler.extract.speech import SpeechAct

SOHR = "Syrian Observatory for Human Rights"
SNHR = "Syrian Network for Human Rights"

# Normalised alias → canonical name. Keys are lower case, without articles or "UK-based" style prefixes.
_ALIASES: dict[str, str] = {}


def _alias(canonical: str, *names: str) -> None:
    _ALIASES[_key(canonical)] = canonical
    for n in names:
        _ALIASES[_key(n)] = canonical


_BASED = re.compile(r"\b(?:uk|britain|british|london|us|u\.s\.|new york|geneva|paris|coventry)[- ]based\b")
_DROP = re.compile(
    r"^(?:the|a|an)\s+|\b(?:opposing|opposition|activist|war|independent|monitoring group|monitoring|monitor"
    r"|group|organisation|organization)\b"
)


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
    return re.sub(r"\s+", " ", s).strip()


_REPORTERS = read_data("reporters.yaml")
for _canonical, _names in _REPORTERS["reporters"].items():
    _alias(_canonical, *_names)

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
    cleaned = re.sub(r"\s+", " ", name).strip()
    cleaned = re.sub(r"^(?:the|a|an)\s+", "", cleaned, flags=re.IGNORECASE)
    return cleaned


@lru_cache(maxsize=4096)
def known_reporter(name: str) -> str | None:
    """The canonical name when name is a known alias, else None."""
    key = _key(name)
    if key in _ALIASES:
        return _ALIASES[key]
    loose = _loose_key(name)
    return _ALIASES.get(loose) if loose else None


_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:for|of|the|and|on|in)\s+)*){1,8})\(([A-Z][A-Za-z]{1,8})\)")


def acronym_table(text: str) -> dict[str, str]:
    """'Syrian Network for Human Rights (SNHR)' → {'SNHR': 'Syrian Network for Human Rights'}."""
    table: dict[str, str] = {}
    if "(" not in text:
        return table
    for m in _ACRONYM_DEF.finditer(text[:200_000]):
        full = re.sub(r"\s+", " ", m.group(1)).strip()
        full = re.sub(r"^(?:The|the)\s+", "", full)
        table[m.group(2)] = full
    return table


def display_reporter(name: str, acronyms: dict[str, str]) -> str:
    """The reporter as shown: a known organisation by its full name, an acronym expanded, else as written."""
    name = " ".join(name.split())
    bare = re.sub(r"^(?:the|The)\s+", "", name)
    if bare in acronyms:
        name = acronyms[bare]
    known = known_reporter(name)
    return known if known else name


def choose_act(fig_start: int, acts: list[SpeechAct]) -> SpeechAct | None:
    """The speech act a figure at fig_start belongs to, among the acts of its sentence.

    A clause-final attribution after the figure ("..., a monitor said") wins; otherwise the
    outermost speech verb before the figure ("X said ... N killed"), then 'according to' anywhere.
    """
    acts = [a for a in acts if not a.passive]
    after = [a for a in acts if a.verb_start > fig_start and not a.according]
    trailing_after = [a for a in after if a.trailing]
    if trailing_after:
        return min(trailing_after, key=lambda a: a.verb_start)
    # a headline's source tag ("... Monitor AFP Saturday 21 Feb 2015") speaks for the headline only
    before = [a for a in acts if a.verb_end <= fig_start and not a.according and a.rule != "headline_tag"]
    opened = [a for a in before if a.new_clause]
    if opened:
        return max(opened, key=lambda a: a.verb_start)  # "X said 12 died, while Y said 40 died": 40 is Y's
    according = [a for a in acts if a.according]
    if according:
        return min(according, key=lambda a: abs(a.start - fig_start))
    if before:
        return min(before, key=lambda a: a.verb_start)
    if after:
        return min(after, key=lambda a: a.verb_start)
    return None
