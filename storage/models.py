"""Archive tables: source (with poll state and lease), item, item_version, fetch_log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime, utcnow


class Source(Base):
    """A configured source and its poll state (kept here so a restart resumes where it stopped)."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    organization: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # feed | page | spider
    url: Mapped[str] = mapped_column(Text)
    interval_seconds: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # conditional GET state
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    # poll state
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # one poll of a source at a time, across processes: a lease with an expiry
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list[Item]] = relationship(back_populates="source")


class Item(Base):
    """One URL/guid of a source, with first/last seen."""

    __tablename__ = "item"
    __table_args__ = (
        UniqueConstraint("source_id", "guid"),
        Index("ix_item_source_last_seen", "source_id", "last_seen"),
        Index("ix_item_source_first_seen", "source_id", "first_seen"),  # a source's newest arrivals (its rhythm)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # fingerprint of the listing entry (feed entry / listing row): unchanged → no refetch, no reparse
    entry_hash: Mapped[str | None] = mapped_column(String(64))
    # where the current text came from: "feed" (entry only), "article" (the page), "page"
    body_source: Mapped[str | None] = mapped_column(String(20))
    article_attempts: Mapped[int] = mapped_column(Integer, default=0)
    version_count: Mapped[int] = mapped_column(Integer, default=0)
    current_version_id: Mapped[int | None] = mapped_column(Integer)

    source: Mapped[Source] = relationship(back_populates="items")
    versions: Mapped[list[ItemVersion]] = relationship(back_populates="item", order_by="ItemVersion.version")


class ItemVersion(Base):
    """Every distinct text of an item, with the raw body kept compressed as evidence."""

    __tablename__ = "item_version"
    # a text may come back (A → B → A): that is a new version, so content_hash is indexed, not unique
    __table_args__ = (UniqueConstraint("item_id", "version"), Index("ix_item_version_item_hash", "item_id", "content_hash"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed body
    raw_type: Mapped[str | None] = mapped_column(String(200))  # content type of raw
    http_meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    item: Mapped[Item] = relationship(back_populates="versions")


class FetchLog(Base):
    """Every poll of a source: status, bytes, duration, error, counts."""

    __tablename__ = "fetch_log"
    __table_args__ = (Index("ix_fetch_log_source_started", "source_id", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20))  # ok | not_modified | error | skipped
    http_status: Mapped[int | None] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[list[str] | None] = mapped_column(JSON)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    items_changed: Mapped[int] = mapped_column(Integer, default=0)


# --- tracking: figures, series, statements (issue: change tracking) -------------------------------


class Figure(Base):
    """A casualty figure found in one item_version, with its evidence span (one row per version+span)."""

    __tablename__ = "figure"
    __table_args__ = (UniqueConstraint("item_version_id", "start", "end", "outcome"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    number: Mapped[int | None] = mapped_column(BigInteger)
    number_max: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(20))
    vague: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(30))
    victim_group: Mapped[str] = mapped_column(String(100))
    perpetrator: Mapped[str | None] = mapped_column(String(200))
    reported_by: Mapped[str | None] = mapped_column(String(300))  # as written in the text
    reporter: Mapped[str | None] = mapped_column(String(300), index=True)  # normalized (aliases applied)
    place: Mapped[str | None] = mapped_column(String(300))
    as_of: Mapped[str | None] = mapped_column(String(100))
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # of the version (or its fetch time)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Series(Base):
    """The identity of a toll over time (reporter × outcome × victim group × perpetrator × watch)."""

    __tablename__ = "series"
    # perpetrator is '' (not NULL) when unknown, so the unique constraint holds on every backend
    __table_args__ = (UniqueConstraint("watch", "reporter", "outcome", "victim_group", "perpetrator"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)  # stable id for email threads and alert keys
    watch: Mapped[str] = mapped_column(String(200))
    reporter: Mapped[str] = mapped_column(String(300))
    outcome: Mapped[str] = mapped_column(String(30))
    victim_group: Mapped[str] = mapped_column(String(100))
    perpetrator: Mapped[str] = mapped_column(String(200), default="")
    number: Mapped[int] = mapped_column(BigInteger)
    number_max: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(20))
    current_figure_id: Mapped[int | None] = mapped_column(ForeignKey("figure.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)  # of the current value
    points: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SeriesPoint(Base):
    """A figure joined to a series: a value it took (value), a repeat (corroboration), or a stale one."""

    __tablename__ = "series_point"
    __table_args__ = (
        UniqueConstraint("series_id", "figure_id"),
        Index("ix_series_point_series_role", "series_id", "role"),
        Index("ix_series_point_series_number", "series_id", "number"),  # "has the series had this value?"
        # "when did the reporter's own source last give this series?" (storage.series.own_latest)
        Index("ix_series_point_series_source_published", "series_id", "source_id", "published_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"))
    figure_id: Mapped[int] = mapped_column(ForeignKey("figure.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # value | corroboration | stale
    number: Mapped[int] = mapped_column(BigInteger)
    revision: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source_id: Mapped[int | None] = mapped_column(Integer)  # the figure's, kept here for own_latest's index
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the figure's


# an official statement, as ix_statement_official_speaker's predicate on each database (storage.series asks it so)
OFFICIAL_STATEMENT = {"sqlite": "official = 1", "postgresql": "official"}


class Statement(Base):
    """What a speaker said in one item_version (quote or reported speech), with a normalized hash."""

    __tablename__ = "statement"
    __table_args__ = (
        UniqueConstraint("item_version_id", "start", "end"),
        Index("ix_statement_speaker_hash", "speaker_key", "text_hash"),
        Index("ix_statement_speaker_id", "speaker_key", "id"),  # a speaker's statements in id order (newest texts)
        # "has this speaker ever been quoted as an official?": their official statements only, not all they said.
        # Each predicate is written as SQLAlchemy renders `where(Statement.official)` on that database, or the
        # planner does not see that the index answers the question.
        Index("ix_statement_official_speaker", "speaker_key", sqlite_where=text(OFFICIAL_STATEMENT["sqlite"]),
              postgresql_where=text(OFFICIAL_STATEMENT["postgresql"])),  # fmt: skip
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    speaker: Mapped[str] = mapped_column(String(300))
    speaker_key: Mapped[str] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(300))
    organization: Mapped[str | None] = mapped_column(String(300))
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(20))  # quote | reported
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    thread_key: Mapped[str] = mapped_column(String(64))  # the statement as first seen: its edits share it
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SpeakerName(Base):
    """Every ending of a speaker key after a space or a hyphen ("ahmed al-sharaa" → "al-sharaa", "sharaa"), one row
    per speaker and ending, in the order speakers were first quoted: who a surname alone names is an index lookup
    (storage.series.speakers_named), not a scan of every statement archived."""

    __tablename__ = "speaker_name"
    __table_args__ = (UniqueConstraint("tail", "speaker_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tail: Mapped[str] = mapped_column(String(300))
    speaker_key: Mapped[str] = mapped_column(String(300))


# --- outbox: alerts and their deliveries -----------------------------------------------------------


class Alert(Base):
    """A change event, written in the same transaction as the figure/statement that caused it."""

    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # series_created | figure_changed | statement_new | statement_edited
    event_key: Mapped[str] = mapped_column(String(300), unique=True)  # one alert per event, whoever sees it
    watch: Mapped[str] = mapped_column(String(200))
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"), index=True)
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statement.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    deliveries: Mapped[list[Delivery]] = relationship(back_populates="alert", order_by="Delivery.id")


class Delivery(Base):
    """One alert to one channel: status, attempts, last error, sent_at (at most one row per alert×channel)."""

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("alert_id", "channel"),
        Index("ix_delivery_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(100))
    # fixed when the row is written, before any send: a re-send after a crash carries the same key
    idempotency_key: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held: Mapped[bool] = mapped_column(Boolean, default=False)  # deferred by quiet hours: goes out in a digest
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    digest_key: Mapped[str | None] = mapped_column(String(100))  # set when it went out inside a digest
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    alert: Mapped[Alert] = relationship(back_populates="deliveries")


class ChannelThread(Base):
    """Where a story's thread lives on a channel that threads by reference (Slack API): the first message's
    conversation and ts, so later alerts of the same series or statement reply in it, across restarts."""

    __tablename__ = "channel_thread"
    __table_args__ = (UniqueConstraint("channel", "thread_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(100))  # the configured channel name (as Delivery.channel)
    thread_key: Mapped[str] = mapped_column(String(200))  # series-<uid> | statement-<key> (alerts.events)
    conversation: Mapped[str] = mapped_column(String(100))  # Slack channel id the thread is in
    ts: Mapped[str] = mapped_column(String(40))  # Slack ts of the thread's first message
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Subscription(Base):
    """A WebSub subscription of one feed source at its hub: what we asked for (so only our own requests are
    verified), the per-subscription secret pushes are signed with, and whether push currently works."""

    __tablename__ = "websub_subscription"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), unique=True)
    hub: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(Text)  # the feed's rel=self URL
    token: Mapped[str] = mapped_column(String(64), unique=True)  # the callback path segment: /websub/<token>
    secret: Mapped[str] = mapped_column(String(128))  # hub.secret; verifies X-Hub-Signature
    # requested (asked, not yet verified) | active | denied | off (a poll found what push missed, or a failure)
    state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)  # why denied or off
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pushes: Mapped[int] = mapped_column(Integer, default=0)
    forged: Mapped[int] = mapped_column(Integer, default=0)  # pushes refused for a bad or missing signature
