"""Document → item / item_version: new item, new version, or unchanged (only last_seen moves).

The one entry point for feeds, pages and spiders. Callers hold the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crawler.canonical import content_hash
from crawler.document import Document
from storage import archive
from storage.base import utcnow
from storage.models import Item, ItemVersion, Source

# called for every new version, inside the ingest transaction (extraction + tracking hook in here)
VersionHook = Callable[[Session, Source, Item, ItemVersion, Document], None]


@dataclass(slots=True)
class IngestStats:
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    version_ids: list[int] = field(default_factory=list)


def _clean(text: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; nothing legitimate is lost by dropping it
    return text.replace("\x00", "") if text else text


def ingest_documents(
    session: Session,
    source: Source,
    documents: Iterable[Document],
    *,
    now: datetime | None = None,
    hooks: Iterable[VersionHook] = (),
) -> IngestStats:
    """Archive documents of one source; returns what was new, changed and unchanged."""
    now = now or utcnow()
    docs = _first_per_guid(documents)
    stats = IngestStats(seen=len(docs))
    known = archive.items_by_guid(session, source.id, (d.guid for d in docs))
    hashes = archive.current_hashes(session, [item.id for item in known.values()])
    touched: list[int] = []
    new_rows: list[dict[str, Any]] = []
    # (item id or None for a new item, version number, document, title, text, hash)
    pending: list[tuple[int | None, int, Document, str | None, str, str]] = []
    for doc in docs:
        title, text = _clean(doc.title), _clean(doc.text) or ""
        digest = content_hash(title, text)
        item = known.get(doc.guid)
        if item is None:
            new_rows.append(
                {
                    "source_id": source.id,
                    "guid": doc.guid,
                    "url": doc.url,
                    "title": title,
                    "published_at": doc.published,
                    "first_seen": now,
                    "last_seen": now,
                    "entry_hash": doc.entry_hash,
                    "body_source": doc.body_source,
                    "article_attempts": 0,
                    "version_count": 0,
                }
            )
            pending.append((None, 1, doc, title, text, digest))
            stats.new += 1
        elif hashes.get(item.id) == digest:
            item.entry_hash = doc.entry_hash or item.entry_hash
            touched.append(item.id)
            stats.unchanged += 1
        else:
            stats.changed += 1
            item.title = title or item.title
            item.url = doc.url or item.url
            item.published_at = doc.published or item.published_at
            item.entry_hash = doc.entry_hash or item.entry_hash
            item.body_source = doc.body_source
            item.last_seen = now
            pending.append((item.id, (item.version_count or 0) + 1, doc, title, text, digest))
    session.flush()
    # bulk statements, not the unit of work: a cold poll writes thousands of rows (bench/bench_poll.py)
    new_ids = iter(archive.insert_items(session, new_rows))
    version_rows = [
        {
            "item_id": item_id if item_id is not None else next(new_ids),
            "version": number,
            "content_hash": digest,
            "fetched_at": doc.fetched_at or now,
            "title": title,
            "text": text,
            "url": doc.url,
            "published_at": doc.published,
            "raw": doc.raw,
            "raw_type": doc.raw_type,
            "http_meta": doc.http_meta or None,
        }
        for item_id, number, doc, title, text, digest in pending
    ]
    version_ids = archive.insert_versions(session, version_rows)
    archive.touch_items(session, touched, now)
    stats.version_ids.extend(version_ids)
    if hooks:
        session.expire_all()  # bulk statements bypassed the identity map
        for row, vid, (_, _, doc, *_rest) in zip(version_rows, version_ids, pending, strict=True):
            item = session.get_one(Item, row["item_id"])
            version = session.get_one(ItemVersion, vid)
            for hook in hooks:
                hook(session, source, item, version, doc)
    return stats


def _first_per_guid(documents: Iterable[Document]) -> list[Document]:
    seen: set[str] = set()
    out: list[Document] = []
    for doc in documents:
        if doc.guid not in seen:
            seen.add(doc.guid)
            out.append(doc)
    return out
