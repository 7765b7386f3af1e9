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
    __table_args__ = (UniqueConstraint("source_id", "guid"), Index("ix_item_source_last_seen", "source_id", "last_seen"))

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
