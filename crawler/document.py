"""Document: the one record feeds, pages and spiders hand to ingest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One published item as fetched: identity, text and the evidence it came with."""

    source_key: str
    guid: str  # stable identity within the source (feed guid, else canonical URL, else a hash)
    url: str | None  # canonical URL
    title: str | None
    text: str  # main text, plain
    published: datetime | None = None
    fetched_at: datetime | None = None
    entry_hash: str | None = None  # fingerprint of the listing entry that announced it
    body_source: str = "feed"  # feed | article | page
    raw: bytes | None = None  # the body as received (compressed by ingest)
    raw_type: str | None = None
    http_meta: dict[str, Any] = field(default_factory=dict)
