"""Records that extraction produces: Figure, Statement, Extraction. Pure data, no I/O."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Figure:
    """One numeric mention of people killed/injured/... in a text, with its evidence span."""

    number: int | None
    number_max: int | None
    qualifier: str  # exact | at_least | more_than | about | up_to | range | vague
    vague: str | None
    outcome: str  # killed | injured | missing | detained | displaced | abducted | casualties
    victim_group: str
    perpetrator: str | None
    reported_by: str | None
    place: str | None
    as_of: str | None
    sentence: str
    start: int
    end: int
    rule: str = ""  # the named extraction rule that produced it (see crawler.extract.figures)
    reporter_cue: str | None = None  # the words that decided reported_by ("said", "according to", "source_org")
    increment: bool = False  # "N more", "a further N", "another N", "N new deaths": added to an earlier count
    corrects: int | None = None  # "78 bodies, not 79 as it announced": the earlier figure this one corrects
    recalled: bool = False  # "the military had earlier said 21 were killed": a reporter's former figure, recalled
    # "..., giving a lower number of injured than before", "lowered its count to 40": the reporter says it lowered
    # its own count (with no earlier number named: `corrects` names one)
    lowered: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Statement:
    """Something a named or role-identified speaker said (quote or reported speech)."""

    speaker: str
    role: str | None
    organization: str | None
    official: bool
    kind: str  # quote | reported
    text: str
    start: int
    end: int
    rule: str = ""  # the named speech rule that found the speaker (see crawler.extract.speech)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Extraction:
    figures: tuple[Figure, ...] = field(default_factory=tuple)
    statements: tuple[Statement, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "figures": [f.to_dict() for f in self.figures],
            "statements": [s.to_dict() for s in self.statements],
        }
