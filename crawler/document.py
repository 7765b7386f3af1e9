"""The records every source kind hands to ingest: `Document` (one published item) and `Harvest` (one poll's
documents plus what the fetch learned), and `Validators`, the conditional-GET state a harvester starts from."""

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


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last successful poll of a source left for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class Harvest:
    """What a harvester brought back from one poll of one source, before ingest."""

    documents: list[Document] = field(default_factory=list)
    unchanged_guids: list[str] = field(default_factory=list)
    http_status: int | None = None
    bytes: int = 0
    pages: int = 1
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    warnings: list[str] = field(default_factory=list)
    failed_articles: list[str] = field(default_factory=list)  # guids whose page fetch failed this time
    pushed: bool = False  # delivered by a WebSub hub (crawler.push), not fetched by a poll
