"""Full-text search over every archived version (title and text): SQLite FTS5, PostgreSQL tsvector.

The index itself is created by migration 0003 (an FTS5 external-content table kept by triggers on SQLite, a
GIN expression index on PostgreSQL); this module only builds queries that use it. Read-only.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import column, func, literal_column, select, table
from sqlalchemy.orm import Session

from storage.models import Item, ItemVersion, Source

# the same expression as the GIN index of migration 0003 (qualified), or PostgreSQL does not use the index
_PG_TSVECTOR = "to_tsvector('simple', coalesce(item_version.title, '') || ' ' || item_version.text)"
_FTS = table("item_version_fts", column("rowid"))
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(text: str) -> list[str]:
    """The words of a search: every one must appear (in any order). Operators are not interpreted."""
    return [w.lower() for w in _WORD.findall(text)]


def search_versions(session: Session, text: str, *, limit: int | None = 50) -> list[dict[str, Any]]:
    """Versions whose title or text contains every word of `text`, newest archived first, with a snippet."""
    terms = search_terms(text)
    if not terms:
        return []
    query = (
        select(ItemVersion.id, ItemVersion.item_id, ItemVersion.version, ItemVersion.title, ItemVersion.text,
               ItemVersion.url, ItemVersion.published_at, ItemVersion.fetched_at, Source.key)  # fmt: skip
        .join(Item, Item.id == ItemVersion.item_id)
        .join(Source, Source.id == Item.source_id)
    )
    if session.get_bind().dialect.name == "sqlite":
        # each word quoted: user text never reaches FTS5's query syntax (NEAR, -, :, *, unbalanced quotes)
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        query = (
            query.join(_FTS, _FTS.c.rowid == ItemVersion.id)
            .where(literal_column("item_version_fts").op("MATCH")(match))
            .order_by(_FTS.c.rowid.desc())
        )
    else:
        tsquery = func.plainto_tsquery(literal_column("'simple'"), " ".join(terms))
        query = query.where(literal_column(_PG_TSVECTOR).op("@@")(tsquery)).order_by(ItemVersion.id.desc())
    if limit:
        query = query.limit(limit)
    rows = []
    for r in session.execute(query).mappings():
        rows.append(
            {
                "published": r["published_at"] or r["fetched_at"],
                "source": r["key"],
                "title": r["title"],
                "snippet": snippet(r["text"], terms),
                "url": r["url"],
                "version": r["version"],
                "version_id": r["id"],
                "item_id": r["item_id"],
                "fetched": r["fetched_at"],
            }
        )
    return rows


def snippet(text: str, terms: list[str], width: int = 160) -> str:
    """About `width` characters of `text` around the first of the terms found, on one line."""
    lowered = text.lower()
    hits = [i for i in (lowered.find(t) for t in terms) if i >= 0]
    at = min(hits) if hits else 0
    start = max(0, at - width // 3)
    piece = " ".join(text[start : start + width].split())
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(text) else "")
