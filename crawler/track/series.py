"""PURE: who a figure belongs to and which series it joins (reporter × outcome × victim × perpetrator × watch).

Imports only crawler.extract.records: the extractor's canonical_reporter is passed in by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from crawler.extract.records import Figure

IMPLICIT_WATCH = "all"  # no watches configured: every figure belongs to one watch of that name


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class Reporters:
    """Reporter names → one display name: the extractor's canonical form, then the config's aliases."""

    aliases: Mapping[str, str]  # folded alias → display name
    canonical: Callable[[str], str]

    @classmethod
    def build(cls, aliases: Mapping[str, Iterable[str]], canonical: Callable[[str], str] = str) -> Reporters:
        table: dict[str, str] = {}
        for name, others in aliases.items():
            for alias in (name, *others):
                table[_fold(alias)] = name
                table[_fold(canonical(alias))] = name
        return cls(table, canonical)

    def normalize(self, name: str | None) -> str | None:
        if not name or not name.strip():
            return None
        name = " ".join(name.split())
        if _fold(name) in self.aliases:
            return self.aliases[_fold(name)]
        canon = self.canonical(name)
        return self.aliases.get(_fold(canon), canon)

    def same(self, a: str | None, b: str | None) -> bool:
        na, nb = self.normalize(a), self.normalize(b)
        return na is not None and na == nb


@dataclass(frozen=True, slots=True)
class SeriesKey:
    watch: str
    reporter: str
    outcome: str
    victim_group: str
    perpetrator: str  # '' when unknown


def is_trackable(figure: Figure) -> bool:
    """Vague figures ("hundreds") and figures without a number never make or move a series."""
    return figure.number is not None and figure.qualifier != "vague" and figure.vague is None


def reporter_of(figure: Figure, reporters: Reporters, source_org: str | None, monitors: Iterable[str]) -> str | None:
    """The figure's reporter; an unattributed figure in a monitor group's own publication is that group's."""
    named = reporters.normalize(figure.reported_by)
    if named:
        return named
    org = reporters.normalize(source_org)
    if org and org in {reporters.normalize(m) for m in monitors}:
        return org
    return None


def series_key(figure: Figure, reporter: str, watch: str) -> SeriesKey:
    return SeriesKey(
        watch=watch,
        reporter=reporter,
        outcome=figure.outcome,
        victim_group=figure.victim_group or "people",
        perpetrator=" ".join((figure.perpetrator or "").split()),
    )


# --- canonical reporters: one name per reporter, whatever the wording ------------------------------------

_STOP = frozenset({"the", "a", "an", "of", "for", "and", "in", "on", "at", "s", "its", "their", "said", "says"})
# words that say who inside an organization spoke, not who the reporter is ("the ministry's spokesman")
_ROLE_WORDS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials", "head", "chief", "director",
    "minister", "secretary", "chairman", "chair", "president", "representative", "coordinator", "commissioner",
    "general", "deputy", "senior", "acting", "statement", "statements", "figures", "figure", "data", "count",
    "toll", "tally", "report", "latest", "according", "update", "itself", "own", "citing", "quoted", "sources",
})  # fmt: skip
# descriptors that qualify a reporter without naming another one ("the Hamas-run health ministry", "Britain-based")
_DESCRIPTOR = re.compile(r"\b[\w.]+-(?:run|led|controlled|backed|based|held|aligned|affiliated|installed)\b", re.I)
# what makes a name an institution (a body that reports) rather than a person or a news outlet
_BODY_WORDS = frozenset({
    "ministry", "ministries", "office", "council", "network", "observatory", "agency", "commission", "mission",
    "government", "army", "military", "forces", "committee", "syndicate", "society", "crescent", "cross",
    "authority", "authorities", "administration", "presidency", "department", "directorate", "police", "defence",
    "defense", "un", "united", "nations", "organization", "organisation", "union", "federation", "institute",
    "center", "centre", "hospital", "hospitals", "doctors", "collective", "helmets", "coalition", "group", "front",
    "movement", "prosecutor", "ombudsman", "tribunal", "court", "monitor", "monitors", "ngo", "unicef", "who",
    "iom", "unhcr", "ocha", "red", "program", "programme", "fund", "bureau", "service", "services", "board",
})  # fmt: skip
NEWS_AGENCIES = frozenset({"ap", "afp", "reuters", "bbc", "cnn", "dpa", "efe", "ansa", "upi", "wire", "xinhua"})
_WORD = re.compile(r"[a-z0-9]+")


def _words(name: str) -> list[str]:
    text = _DESCRIPTOR.sub(" ", name.replace("’", "'")).casefold()
    text = re.sub(r"'s\b", " ", text)
    return [w for w in _WORD.findall(text) if w not in _STOP]


def reporter_words(name: str) -> frozenset[str]:
    """The words that name a reporter: no articles, possessives, roles or descriptors; a trailing place after
    'in' kept (the Ministry of Health in Gaza is not the one in Lebanon)."""
    return frozenset(w for w in _words(name) if w not in _ROLE_WORDS)


def is_body(name: str | None) -> bool:
    """An institution that reports (a ministry, a UN office, a monitor group, an army), not a person or outlet."""
    if not name or not name.strip():
        return False
    words = set(_words(name))
    if words & NEWS_AGENCIES and not words & (_BODY_WORDS - {"service", "services", "group"}):
        return False
    if words & _BODY_WORDS:
        return True
    letters = re.sub(r"[^A-Za-z]", "", name)
    return name.strip().isupper() and 2 <= len(letters) <= 8  # an acronym: SOHR, OCHA, AFAD, BINUH


def is_person(name: str | None) -> bool:
    """A personal name ("Ashraf al-Qudra"): two to five words, capitalised, none of them an institution's."""
    if not name:
        return False
    tokens = name.replace("’", "'").split()
    if not 2 <= len(tokens) <= 5 or is_body(name):
        return False
    caps = [t for t in tokens if t[:1].isupper() or t.split("-")[-1][:1].isupper()]
    return len(caps) >= 2 and not set(_words(name)) & _ROLE_WORDS


def match_reporter(name: str, known: Iterable[str]) -> str | None:
    """The one known reporter (configured organizations, reporters of existing series) this name is a shorter,
    longer or reordered way of writing: "Gaza Health Ministry", "the health ministry in the Hamas-run territory"
    and "the ministry's spokesman" are all the "Ministry of Health in Gaza". None when none or several fit."""
    words = reporter_words(name)
    if not words:
        return None
    # "the health ministry in the Hamas-run territory": a place after "in" is compared only when it is named
    head, _, place = re.split(r"\s+(in)\s+", name, maxsplit=1) if re.search(r"\s+in\s+", name) else [name, "", ""]
    named_place = {w.casefold() for w in re.findall(r"\b[A-Z][\w'-]*", _DESCRIPTOR.sub(" ", place))}
    core = reporter_words(head) if place else words
    best: list[tuple[float, str]] = []
    for candidate in dict.fromkeys(known):
        cw = reporter_words(candidate)
        if not cw:
            continue
        if place and core and core <= cw and {w for p in named_place for w in _words(p)} <= cw:
            best.append((len(core & cw) / len(core | cw), candidate))
        elif words <= cw or (cw <= words and len(cw) >= 2 and _only_places(words - cw, candidate)):
            best.append((len(words & cw) / len(words | cw), candidate))
    if not best:
        return None
    best.sort(key=lambda b: -b[0])
    if len(best) > 1 and best[0][0] == best[1][0] and reporter_words(best[0][1]) != reporter_words(best[1][1]):
        return None  # "health ministry" with two health ministries configured: leave it as written
    return best[0][1]


def _only_places(extra: frozenset[str], candidate: str) -> bool:
    """Extra words a longer name may add to a known reporter: lower-case qualifiers, not another institution."""
    return not extra & _BODY_WORDS and len(extra) <= 2 and all(w not in NEWS_AGENCIES for w in extra)


# --- canonical perpetrators ------------------------------------------------------------------------------

# words that describe members or kind of a group without naming another one ("fighters of the paramilitary RSF")
_PERP_NOISE = frozenset({
    "the", "a", "an", "of", "by", "from", "and", "fighters", "fighter", "members", "member", "militants", "militant",
    "gunmen", "men", "units", "unit", "elements", "paramilitary", "armed", "troops", "soldiers", "loyal", "to",
    "affiliated", "with", "linked", "allied", "so", "called", "group", "groups", "its", "their", "attacks", "attack",
    "strikes", "strike", "shelling", "fire",
})  # fmt: skip


def perpetrator_key(name: str | None) -> str:
    """One key per perpetrator however it is written: "Fighters of the Rapid Support Forces", "the paramilitary
    Rapid Support Forces" and "RSF" are all "RSF" (initials of a multi-word name, an acronym as written)."""
    if not name or not name.strip():
        return ""
    text = _DESCRIPTOR.sub(" ", name.replace("’", "'"))
    text = re.sub(r"'s\b", "", text)
    tokens = [t for t in re.findall(r"[A-Za-z0-9]+", text) if t.casefold() not in _PERP_NOISE]
    if not tokens:
        return ""
    if len(tokens) == 1:
        return tokens[0].upper() if tokens[0].isupper() else tokens[0].casefold()
    return "".join(t[0] for t in tokens).upper()


def breakdown_perpetrators(figures: Sequence[tuple[str, str, str, str]]) -> set[tuple[str, str, str]]:
    """(reporter, outcome, victim group) that a version breaks down by perpetrator: the same reporter gives
    figures for two or more different perpetrators (SNHR's 148 by non-state groups, 327 by security forces).
    Input: (reporter, outcome, victim group, perpetrator key) of each figure of the version."""
    seen: dict[tuple[str, str, str], set[str]] = {}
    for reporter, outcome, victim, perp in figures:
        if perp:
            seen.setdefault((reporter, outcome, victim), set()).add(perp)
    return {k for k, perps in seen.items() if len(perps) >= 2}


@dataclass(frozen=True, slots=True)
class ReporterResolver:
    """Who a figure of one version belongs to: the canonical reporter, resolved against the configured
    organizations and the reporters that already have a series, so that rewordings join one series."""

    reporters: Reporters
    known: tuple[str, ...]  # configured organizations that are bodies, then reporters of existing series
    source_org: str | None  # the organization publishing this version
    affiliations: Mapping[str, str]  # person → organization, from the version's own statements
    monitors: tuple[str, ...]
    organizations: Mapping[int, str | None]  # source id → organization, for "the reporter's own publications"

    def canonical(self, name: str | None) -> str | None:
        """An organization's or reporter's one name: aliases first, then a known reporter it is a wording of."""
        named = self.reporters.normalize(name)
        if named is None or name is None:
            return None
        if self.reporters.aliases.get(_fold(named)) == named:
            return named  # a configured alias decides
        known = {self.reporters.normalize(k) or k: k for k in self.known}
        found = match_reporter(named, known) or match_reporter(name, known.values())
        if found is None:
            return named
        return found if found in known else self.reporters.normalize(found) or found

    @property
    def own(self) -> str | None:
        """The publishing organization as a reporter, when it is a body that reports (not a news outlet)."""
        org = self.source_org
        if not org or not (is_body(org) or self.reporters.normalize(org) in self._monitors()):
            return None
        return self.canonical(org)

    def _monitors(self) -> set[str | None]:
        return {self.reporters.normalize(m) for m in self.monitors}

    def reporter(self, reported_by: str | None) -> str | None:
        """The figure's reporter; a figure nobody is named for, or a person speaking on a body's own page
        ("Ministry spokesman Ashraf al-Qudra said"), is the publishing body's."""
        if not reported_by or not reported_by.strip():
            return self.own
        if is_person(reported_by):
            org = self.affiliations.get(reported_by)
            if org and is_body(org):
                return self.canonical(org)
            return self.own or self.canonical(reported_by)
        return self.canonical(reported_by)

    def is_own(self, reporter: str | None) -> bool:
        return reporter is not None and reporter == self.own

    def own_sources(self, reporter: str) -> list[int]:
        """Sources that publish as this reporter (its own feed or page)."""
        out = []
        for source_id, org in self.organizations.items():
            if org and (is_body(org) or self.reporters.normalize(org) in self._monitors()):
                if self.canonical(org) == reporter:
                    out.append(source_id)
        return out
