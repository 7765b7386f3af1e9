"""Document → item / item_version: new item, new version, or unchanged (only last_seen moves).

The one entry point for feeds, pages and spiders. Callers hold the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

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
    docs = list(documents)
    stats = IngestStats(seen=len(docs))
    known = archive.items_by_guid(session, source.id, (d.guid for d in docs))
    touched: list[int] = []
    for doc in docs:
        title, text = _clean(doc.title), _clean(doc.text) or ""
        digest = content_hash(title, text)
        item = known.get(doc.guid)
        if item is None:
            item = Item(
                source_id=source.id,
                guid=doc.guid,
                url=doc.url,
                title=title,
                published_at=doc.published,
                first_seen=now,
                last_seen=now,
                entry_hash=doc.entry_hash,
                body_source=doc.body_source,
                article_attempts=0,
                version_count=0,
            )
            session.add(item)
            known[doc.guid] = item
            stats.new += 1
        elif archive.current_hash(session, item) == digest:
            item.entry_hash = doc.entry_hash or item.entry_hash
            touched.append(item.id)
            stats.unchanged += 1
            continue
        else:
            stats.changed += 1
            item.title = title or item.title
            item.url = doc.url or item.url
            item.published_at = doc.published or item.published_at
            item.entry_hash = doc.entry_hash or item.entry_hash
            item.body_source = doc.body_source
        item.last_seen = now
        version = archive.add_version(
            session,
            item,
            content_hash=digest,
            fetched_at=doc.fetched_at or now,
            title=title,
            text=text,
            url=doc.url,
            published_at=doc.published,
            raw=doc.raw,
            raw_type=doc.raw_type,
            http_meta=doc.http_meta,
        )
        stats.version_ids.append(version.id)
        for hook in hooks:
            hook(session, source, item, version, doc)
    archive.touch_items(session, touched, now)
    return stats
