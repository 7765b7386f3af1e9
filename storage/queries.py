"""Read-side functions returning plain dicts: used by the CLI (and later the web page). Read-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Item, Source


def source_rows(session: Session) -> list[dict[str, Any]]:
    counts = dict(session.execute(select(Item.source_id, func.count()).group_by(Item.source_id)).all())
    rows = []
    for s in session.scalars(select(Source).order_by(Source.key)):
        rows.append(
            {
                "key": s.key,
                "name": s.name,
                "organization": s.organization,
                "type": s.kind,
                "enabled": s.enabled,
                "interval_s": s.interval_seconds,
                "items": counts.get(s.id, 0),
                "last_status": s.last_status,
                "last_polled": s.last_polled_at,
                "last_ok": s.last_ok_at,
                "failures": s.failures,
                "next_due": s.next_due,
                "last_error": s.last_error,
                "url": s.url,
            }
        )
    return rows


def item_rows(
    session: Session,
    *,
    source_key: str | None = None,
    since: datetime | None = None,
    limit: int | None = 200,
) -> list[dict[str, Any]]:
    """Items newest first (by published date, else first seen)."""
    when = func.coalesce(Item.published_at, Item.first_seen)
    query = select(Item, Source.key).join(Source).order_by(when.desc(), Item.id.desc())
    if source_key:
        query = query.where(Source.key == source_key)
    if since:
        query = query.where(when >= since)
    if limit:
        query = query.limit(limit)
    return [
        {
            "source": key,
            "published": item.published_at,
            "first_seen": item.first_seen,
            "last_seen": item.last_seen,
            "versions": item.version_count,
            "title": item.title,
            "url": item.url,
            "guid": item.guid,
        }
        for item, key in session.execute(query)
    ]
