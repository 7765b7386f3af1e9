"""IngestPipeline: `scrapy crawl NAME` by hand records its crawl exactly as `tollwatch poll` does.

A thin adapter onto crawler.poll: the known entries in at open (the harvesters' own query), the Documents
collected, and at close the crawl as one Harvest through `store_harvest` — ingest → extract → record, the
fetch_log row and the poll state in one transaction. The archive and config come from
TOLLWATCH_DATABASE_URL / TOLLWATCH_CONFIG, as for `tollwatch`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals

from crawler.config import database_url, load_config
from crawler.context import PollContext, build_context
from crawler.document import Document
from crawler.errors import FetchError
from crawler.harvest.known import known_for
from crawler.poll import record_failure, spec_of, store_harvest
from crawler.scraping.runner import harvest_of
from storage import sources as source_store
from storage.base import utcnow
from storage.db import make_engine, make_session_factory, session_scope
from storage.migrate import upgrade_to_head

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class IngestPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.documents: list[Document] = []
        self.started = time.perf_counter()
        self.now = utcnow()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        config = load_config()
        engine = make_engine(database_url(config=config))
        upgrade_to_head(engine)
        self.ctx: PollContext = build_context(config, make_session_factory(engine))
        cfg = spider.source_cfg
        with session_scope(self.ctx.session_factory) as session:
            self.source_id = source_store.sync_sources(session, [spec_of(cfg)])[cfg.key].id
        known = known_for(self.ctx, cfg.key)
        spider.known.update({guid: (k.entry_hash, k.body_source) for guid, k in known.items()})

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Document):
            self.documents.append(item)
        return item

    def spider_closed(self, spider: Any, reason: str) -> None:
        cfg = spider.source_cfg
        report = spider.report
        failed = report.listing_error or (None if reason == "finished" else f"crawl ended: {reason}")
        if failed:
            error = FetchError(failed, source_key=cfg.key, url=cfg.url, status=report.listing_status)
            record_failure(self.ctx, cfg, self.source_id, error, self.now, self.started)
            return
        store_harvest(self.ctx, cfg, self.source_id, harvest_of(self.documents, report), self.now, self.started)
