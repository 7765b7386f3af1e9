"""The JSON API's response shapes (pydantic): what /api/openapi.json promises, field by field.

Rows come from storage.queries as dicts; these models only describe them (and the API's own additions: cursors,
diff links). Text is returned as archived: a consumer that shows it must treat it as untrusted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Page(_Out):
    next_cursor: str | None = Field(description="pass as ?cursor= for the next (older) page; null on the last page")


class FigureOut(_Out):
    figure_id: int
    published: datetime = Field(description="publication date of the version it came from, else its fetch time")
    reporter: str | None = Field(description="canonical reporter (the one series use)")
    reported_by: str | None = Field(description="the reporter as the text wrote it")
    toll: str
    number: int | None
    number_max: int | None
    qualifier: str
    outcome: str
    victim_group: str
    perpetrator: str | None
    place: str | None
    source: str
    sentence: str
    url: str | None
    item_version_id: int


class FigurePage(Page):
    items: list[FigureOut]


class StatementOut(_Out):
    statement_id: int
    published: datetime
    speaker: str
    role: str | None
    organization: str | None
    official: bool
    kind: str
    text: str
    source: str
    url: str | None
    item_id: int
    item_version_id: int
    version: int
    diff: str | None = Field(description="API path of the diff from the item's previous version (null for version 1)")


class StatementPage(Page):
    items: list[StatementOut]


class SeriesOut(_Out):
    id: int
    uid: str
    watch: str
    reporter: str
    outcome: str
    victim_group: str
    perpetrator: str | None
    number: int
    number_max: int | None
    qualifier: str
    points: int
    published: datetime
    updated: datetime


class SeriesPage(Page):
    items: list[SeriesOut]


class PointOut(_Out):
    published: datetime
    role: Literal["value", "corroboration", "stale"] | str
    revision: bool = Field(description="the reporter lowered its own figure")
    number: int
    toll: str
    qualifier: str
    source: str
    url: str | None
    sentence: str
    figure_id: int
    item_id: int
    item_version_id: int
    version: int
    diff: str | None = Field(description="API path of the diff from the item's previous version (null for version 1)")


class SeriesHistory(SeriesOut):
    history: list[PointOut] = Field(description="every point, oldest first: values, corroborations, stale ones")


class ItemOut(_Out):
    item_id: int
    source: str
    guid: str
    url: str | None
    title: str | None
    published: datetime | None
    first_seen: datetime
    last_seen: datetime
    versions: int


class ItemPage(Page):
    items: list[ItemOut]


class VersionOut(_Out):
    version_id: int
    version: int
    fetched: datetime
    published: datetime | None
    title: str | None
    content_hash: str


class ItemDetail(_Out):
    item_id: int
    source: str
    guid: str
    url: str | None
    title: str | None
    published: datetime | None
    first_seen: datetime
    last_seen: datetime
    versions: list[VersionOut]


class VersionText(VersionOut):
    item_id: int
    source: str
    url: str | None
    text: str


class SegmentOut(_Out):
    op: Literal["equal", "delete", "insert"]
    text: str


class DiffOut(_Out):
    item_id: int
    old: VersionOut
    new: VersionOut
    title: list[SegmentOut] = Field(description="the title's diff (empty when the title did not change)")
    text: list[SegmentOut] = Field(description="the whole text's word diff, in reading order")
    words_deleted: int
    words_inserted: int


class SourceOut(_Out):
    key: str
    name: str
    organization: str | None
    type: str
    enabled: bool
    url: str
    interval_s: int
    items: int
    last_status: str | None
    last_polled: datetime | None
    last_ok: datetime | None
    failures: int
    next_due: datetime | None
    last_error: str | None


class DeliveryOut(_Out):
    channel: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt: datetime | None
    sent_at: datetime | None
    held: bool


class AlertOut(_Out):
    alert_id: int
    uid: str
    kind: str
    watch: str
    series_id: int | None
    statement_id: int | None
    created: datetime
    headline: str | None
    payload: dict[str, Any]
    deliveries: list[DeliveryOut]


class AlertPage(Page):
    items: list[AlertOut]


class Problem(_Out):
    detail: str
