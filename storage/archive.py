"""Write-side functions for items and their versions (every distinct text kept, raw body compressed)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import Item, ItemVersion


def items_by_guid(session: Session, source_id: int, guids: Iterable[str]) -> dict[str, Item]:
    out: dict[str, Item] = {}
    batch: list[str] = []
    for guid in guids:
        batch.append(guid)
        if len(batch) == 500:
            out.update(_load(session, source_id, batch))
            batch = []
    if batch:
        out.update(_load(session, source_id, batch))
    return out


def _load(session: Session, source_id: int, guids: list[str]) -> dict[str, Item]:
    rows = session.scalars(select(Item).where(Item.source_id == source_id, Item.guid.in_(guids)))
    return {row.guid: row for row in rows}


def current_hash(session: Session, item: Item) -> str | None:
    if item.current_version_id is None:
        return None
    return session.scalar(select(ItemVersion.content_hash).where(ItemVersion.id == item.current_version_id))


def touch_items(session: Session, item_ids: list[int], now: datetime) -> None:
    for i in range(0, len(item_ids), 500):
        session.execute(
            update(Item)
            .where(Item.id.in_(item_ids[i : i + 500]))
            .values(last_seen=now)
            .execution_options(synchronize_session=False)
        )


def add_version(
    session: Session,
    item: Item,
    *,
    content_hash: str,
    fetched_at: datetime,
    title: str | None,
    text: str,
    url: str | None,
    published_at: datetime | None,
    raw: bytes | None,
    raw_type: str | None,
    http_meta: dict[str, Any] | None,
) -> ItemVersion:
    version = ItemVersion(
        item=item,
        version=(item.version_count or 0) + 1,
        content_hash=content_hash,
        fetched_at=fetched_at,
        title=title,
        text=text,
        url=url,
        published_at=published_at,
        raw=zlib.compress(raw, 6) if raw else None,
        raw_type=raw_type,
        http_meta=http_meta or None,
    )
    session.add(version)
    session.flush()
    item.version_count = version.version
    item.current_version_id = version.id
    return version


def raw_body(version: ItemVersion) -> bytes | None:
    return zlib.decompress(version.raw) if version.raw else None
