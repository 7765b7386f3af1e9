"""PURE: who a figure belongs to and which series it joins (reporter × outcome × victim × perpetrator × watch).

Imports only crawler.extract.records: the extractor's canonical_reporter is passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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
