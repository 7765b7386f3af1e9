"""Change events: the records crawler.track hands to the outbox (payload JSON) and alerts renders.

Pure data: each event knows its kind, the thread it belongs to, and how to round-trip as a payload.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar, Self


@dataclass(frozen=True, slots=True)
class _Event:
    kind: ClassVar[str] = ""

    def to_payload(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        names = {f.name for f in fields(cls)}
        data = {k: v for k, v in payload.items() if k in names}
        for k, v in data.items():
            if isinstance(v, list):  # JSON has no tuples
                data[k] = tuple(tuple(x) if isinstance(x, list) else x for x in v)
        return cls(**data)


@dataclass(frozen=True, slots=True)
class _SeriesEvent(_Event):
    """What every event of a series carries: its identity; one series is one thread."""

    series_uid: str
    watch: str
    reporter: str
    outcome: str
    victim_group: str
    perpetrator: str | None
    place: str | None

    @property
    def thread(self) -> str:
        return f"series-{self.series_uid}"


@dataclass(frozen=True, slots=True)
class SeriesCreated(_SeriesEvent):
    kind: ClassVar[str] = "series_created"
    number: int
    number_max: int | None
    qualifier: str
    sentence: str
    url: str | None
    published_at: str | None
    source_key: str


@dataclass(frozen=True, slots=True)
class FigureChanged(_SeriesEvent):
    kind: ClassVar[str] = "figure_changed"
    old_number: int
    new_number: int
    old_qualifier: str
    qualifier: str
    number_max: int | None
    delta: int
    percent: float | None
    revision: bool  # the reporter itself lowered its figure
    sentence: str
    url: str | None
    previous_url: str | None
    published_at: str | None
    previous_published_at: str | None
    source_key: str
    previous_sentence: str | None = None  # the sentence the old number stood in (an edited post: its old text)


@dataclass(frozen=True, slots=True)
class _StatementEvent(_Event):
    """What every event of a statement carries: its identity; one statement (and its edits) is one thread."""

    statement_key: str
    watch: str
    speaker: str
    role: str | None
    organization: str | None

    @property
    def thread(self) -> str:
        return f"statement-{self.statement_key}"


@dataclass(frozen=True, slots=True)
class StatementNew(_StatementEvent):
    kind: ClassVar[str] = "statement_new"
    quote_kind: str  # quote | reported
    text: str
    url: str | None
    published_at: str | None
    source_key: str


@dataclass(frozen=True, slots=True)
class StatementEdited(_StatementEvent):
    kind: ClassVar[str] = "statement_edited"  # statement_key: the thread of the statement as first seen
    old_text: str
    new_text: str
    diff: tuple[tuple[str, str], ...]  # ("=", same) ("-", removed) ("+", added) word runs
    url: str | None
    published_at: str | None
    source_key: str


@dataclass(frozen=True, slots=True)
class _SourceEvent(_Event):
    """What every source health event carries: the source; one source's health is one thread."""

    source_key: str
    source_name: str
    url: str | None
    watch: str  # health belongs to no watch: rules filtering by watch let it through (alerts.policy.route)

    @property
    def thread(self) -> str:
        return f"source-{self.source_key}"


@dataclass(frozen=True, slots=True)
class SourceFailed(_SourceEvent):
    kind: ClassVar[str] = "source_failed"
    failures: int  # consecutive failed polls
    error: str | None  # the last poll's error (never holds a secret: see crawler.errors)
    since: str | None  # when the first of these failures happened
    published_at: str | None  # when this event was noticed


@dataclass(frozen=True, slots=True)
class SourceRecovered(_SourceEvent):
    kind: ClassVar[str] = "source_recovered"
    failures: int  # how many polls had failed before this success
    since: str | None  # when the first of those failures happened
    published_at: str | None


@dataclass(frozen=True, slots=True)
class SourceSilent(_SourceEvent):
    kind: ClassVar[str] = "source_silent"
    last_item_at: str | None  # when the source last published a new item
    usual_gap_hours: float  # its usual gap between new items, learned from its history
    silent_hours: float
    published_at: str | None


Event = SeriesCreated | FigureChanged | StatementNew | StatementEdited | SourceFailed | SourceRecovered | SourceSilent
SourceEvent = SourceFailed | SourceRecovered | SourceSilent
EVENTS: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (SeriesCreated, FigureChanged, StatementNew, StatementEdited, SourceFailed, SourceRecovered, SourceSilent)
}


def event_from_payload(payload: dict[str, Any]) -> Event:
    return EVENTS[payload["kind"]].from_payload(payload)
