"""IngestPipeline: `scrapy crawl NAME` by hand writes to the same archive through crawler.ingest.

A thin adapter: known entries in at open, each Document to ingest_documents, one fetch_log row at close.
The archive and config come from TOLLWATCH_DATABASE_URL / TOLLWATCH_CONFIG, as for `tollwatch`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals

from crawler.config import load_config
from crawler.document import Document
from crawler.ingest import IngestStats, ingest_documents
from storage import sources as source_store
from storage.archive import items_by_guid, touch_items
from storage.base import utcnow
from storage.db import make_engine, make_session_factory, session_scope
from storage.migrate import upgrade_to_head
from storage.models import FetchLog, Item, Source

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class IngestPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = IngestStats()
        self.started = time.perf_counter()
        self.now = utcnow()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        from crawler.poll import spec_of

        config = load_config()
        engine = make_engine(config.database)
        upgrade_to_head(engine)
        self.factory = make_session_factory(engine)
        cfg = spider.source_cfg
        with session_scope(self.factory) as session:
            source = source_store.sync_sources(session, [spec_of(cfg)])[cfg.key]
            self.source_id = source.id
            rows = session.execute(select_known(source.id))
            spider.known.update({g: (h, b) for g, h, b in rows})

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Document):
            with session_scope(self.factory) as session:
                source = session.get_one(Source, self.source_id)
                got = ingest_documents(session, source, [item], now=self.now)
            self.stats.seen += got.seen
            self.stats.new += got.new
            self.stats.changed += got.changed
        return item

    def spider_closed(self, spider: Any, reason: str) -> None:
        report = spider.report
        with session_scope(self.factory) as session:
            source = session.get_one(Source, self.source_id)
            if report.unchanged_guids:
                touch_items(session, [i.id for i in items_by_guid(session, source.id, report.unchanged_guids).values()], self.now)
            failed = report.listing_error or (None if reason == "finished" else f"crawl ended: {reason}")
            entry = FetchLog(
                started_at=self.now,
                duration_ms=int((time.perf_counter() - self.started) * 1000),
                status="error" if failed else ("not_modified" if report.not_modified else "ok"),
                http_status=report.listing_status,
                bytes=report.bytes,
                pages=report.pages,
                error=failed,
                warnings=report.warnings or None,
                items_seen=self.stats.seen + len(report.unchanged_guids),
                items_new=self.stats.new,
                items_changed=self.stats.changed,
            )
            source_store.record_poll(session, source.id, entry, now=self.now, interval_seconds=source.interval_seconds)


def select_known(source_id: int) -> Any:
    from sqlalchemy import select

    return select(Item.guid, Item.entry_hash, Item.body_source).where(Item.source_id == source_id)
