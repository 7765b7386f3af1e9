"""Document → item / item_version: a new item, a new version, or unchanged (only last_seen moves).

The one entry point for every source kind. `ingest` writes inside the caller's transaction and returns the
versions it created as small frozen records, which extraction and tracking read next (crawler.poll).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crawler.canonical import content_hash
from crawler.document import Document
from storage import archive


@dataclass(frozen=True, slots=True)
class NewVersion:
    """One version ingest just wrote: what extraction reads and tracking cites."""

    version_id: int
    item_id: int
    number: int  # 1 for a new item, n+1 for an edit
    title: str | None
    text: str
    url: str | None
    published_at: datetime | None
    fetched_at: datetime

    @property
    def reading_text(self) -> str:
        """What extraction reads: the headline, then the text (figure offsets refer to this string).

        Headlines often carry the newest toll ("Death toll rises to 973") and an article's main text usually
        leaves them out; a headline the text already starts with is not repeated.
        """
        title = (self.title or "").strip()
        if not title or self.text.lstrip().startswith(title):
            return self.text
        return f"{title}\n\n{self.text}"


@dataclass(slots=True)
class Ingested:
    """What one ingest did: counts, and the versions it created in document order."""

    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    versions: list[NewVersion] = field(default_factory=list)


def _clean(text: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; nothing legitimate is lost by dropping it
    return text.replace("\x00", "") if text else text


def ingest(session: Session, source_id: int, documents: Iterable[Document], *, now: datetime) -> Ingested:
    """Archive documents of one source; returns the counts and the new versions."""
    docs = _first_per_guid(documents)
    out = Ingested(seen=len(docs))
    known = archive.items_by_guid(session, source_id, (d.guid for d in docs))
    hashes = archive.current_hashes(session, [item.id for item in known.values()])
    touched: list[int] = []
    new_rows: list[dict[str, Any]] = []
    # (item id or None for a new item, version number, document, title, text, hash, the item's url and date)
    pending: list[tuple[int | None, int, Document, str | None, str, str, str | None, datetime | None]] = []
    for doc in docs:
        title, text = _clean(doc.title), _clean(doc.text) or ""
        digest = content_hash(title, text)
        item = known.get(doc.guid)
        if item is None:
            new_rows.append(
                {
                    "source_id": source_id,
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
            pending.append((None, 1, doc, title, text, digest, doc.url, doc.published))
            out.new += 1
        elif hashes.get(item.id) == digest:
            item.entry_hash = doc.entry_hash or item.entry_hash
            touched.append(item.id)
            out.unchanged += 1
        else:
            out.changed += 1
            item.title = title or item.title
            item.url = doc.url or item.url
            item.published_at = doc.published or item.published_at
            item.entry_hash = doc.entry_hash or item.entry_hash
            item.body_source = doc.body_source
            item.last_seen = now
            pending.append((item.id, (item.version_count or 0) + 1, doc, title, text, digest, item.url, item.published_at))
    session.flush()
    # bulk statements, not the unit of work: a cold poll writes thousands of rows (bench/bench_poll.py)
    new_ids = iter(archive.insert_items(session, new_rows))
    item_ids = [item_id if item_id is not None else next(new_ids) for item_id, *_ in pending]
    version_rows = [
        {
            "item_id": item_id,
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
        for item_id, (_, number, doc, title, text, digest, *_item) in zip(item_ids, pending, strict=True)
    ]
    version_ids = archive.insert_versions(session, version_rows)
    archive.touch_items(session, touched, now)
    for vid, item_id, (_, number, doc, title, text, _digest, item_url, item_published) in zip(
        version_ids, item_ids, pending, strict=True
    ):
        out.versions.append(
            NewVersion(
                version_id=vid,
                item_id=item_id,
                number=number,
                title=title,
                text=text,
                url=doc.url or item_url,
                published_at=doc.published or item_published,
                fetched_at=doc.fetched_at or now,
            )
        )
    return out


def _first_per_guid(documents: Iterable[Document]) -> list[Document]:
    seen: set[str] = set()
    out: list[Document] = []
    for doc in documents:
        if doc.guid not in seen:
            seen.add(doc.guid)
            out.append(doc)
    return out
