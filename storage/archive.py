"""Write-side functions for items and their versions (every distinct text kept, raw body compressed)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from storage.batches import chunks, rows_of_pairs
from storage.models import Item, ItemVersion


def items_by_guid(session: Session, source_id: int, guids: Iterable[str]) -> dict[str, Item]:
    out: dict[str, Item] = {}
    for part in chunks(list(guids)):
        out.update(_load(session, source_id, list(part)))
    return out


def _load(session: Session, source_id: int, guids: list[str]) -> dict[str, Item]:
    rows = session.scalars(select(Item).where(Item.source_id == source_id, Item.guid.in_(guids)))
    return {row.guid: row for row in rows}


def current_hashes(session: Session, item_ids: list[int]) -> dict[int, str]:
    """item id → content hash of its current version, in one query per 500 items."""
    out: dict[int, str] = {}
    for part in chunks(item_ids):
        rows = session.execute(
            select(Item.id, ItemVersion.content_hash)
            .join(ItemVersion, ItemVersion.id == Item.current_version_id)
            .where(Item.id.in_(part))
        )
        out.update(dict(rows.tuples().all()))
    return out


def touch_items(session: Session, item_ids: list[int], now: datetime) -> None:
    for part in chunks(item_ids):
        session.execute(
            update(Item)
            .where(Item.id.in_(part))
            .values(last_seen=now)
            .execution_options(synchronize_session=False)
        )


def insert_items(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert new items in one batch; returns their ids in the order given."""
    if not rows:
        return []
    return _insert_ids(session, Item, rows, ("source_id", "guid"))


def insert_versions(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert versions in one batch (raw bodies compressed) and make each its item's current version.

    Each row needs item_id and version; returns the new version ids in the order given.
    """
    if not rows:
        return []
    for row in rows:
        raw = row.get("raw")
        row["raw"] = zlib.compress(raw, 6) if raw else None
    ids = _insert_ids(session, ItemVersion, rows, ("item_id", "version"))
    # one set-based UPDATE per 500 items instead of one row each: a cold poll touches thousands
    item_ids = sorted({row["item_id"] for row in rows})
    latest = select(func.max(ItemVersion.id)).where(ItemVersion.item_id == Item.id).scalar_subquery()
    count = select(func.max(ItemVersion.version)).where(ItemVersion.item_id == Item.id).scalar_subquery()
    for part in chunks(item_ids):
        session.execute(
            update(Item)
            .where(Item.id.in_(part))
            .values(current_version_id=latest, version_count=count)
            .execution_options(synchronize_session=False)
        )
    return ids


def _insert_ids(
    session: Session, model: type[Item] | type[ItemVersion], rows: list[dict[str, Any]], key: tuple[str, str]
) -> list[int]:
    """Insert rows in batches and return their ids in the order given. PostgreSQL ties a batched INSERT …
    RETURNING to its parameters; SQLite cannot (SQLAlchemy falls back to one INSERT per row, thousands in a cold
    poll), so there the rows go in one executemany per set of columns and their ids are read back by their
    unique key (`key`, two columns)."""
    if session.get_bind().dialect.name == "postgresql":
        return list(session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), rows).scalars())
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:  # columns left out keep their defaults: one executemany per set of columns given
        shapes.setdefault(tuple(sorted(row)), []).append(row)
    connection = session.connection()  # Core: the rows never pass through the unit of work
    for same in shapes.values():
        connection.execute(insert(model.__table__), same)
    first, second = (getattr(model, name) for name in key)
    found = rows_of_pairs(session, first, second, ((row[key[0]], row[key[1]]) for row in rows), model.id)
    ids = {(a, b): row_id for a, b, row_id in found}
    return [ids[(row[key[0]], row[key[1]])] for row in rows]


def raw_body(version: ItemVersion) -> bytes | None:
    return zlib.decompress(version.raw) if version.raw else None


@dataclass(frozen=True, slots=True)
class KnownEntry:
    """What the archive already holds of one listing/feed entry, so a harvester can skip it."""

    entry_hash: str | None
    body_source: str | None
    article_attempts: int


def known_entries(session: Session, source_id: int, guids: list[str] | None = None) -> dict[str, KnownEntry]:
    """guid → KnownEntry for a source's items (all of them, or only the given guids)."""
    query = select(Item.guid, Item.entry_hash, Item.body_source, Item.article_attempts).where(
        Item.source_id == source_id
    )
    if guids is None:
        return {g: KnownEntry(h, b, a or 0) for g, h, b, a in session.execute(query)}
    out: dict[str, KnownEntry] = {}
    for part in chunks(guids):
        for g, h, b, a in session.execute(query.where(Item.guid.in_(part))):
            out[g] = KnownEntry(h, b, a or 0)
    return out
