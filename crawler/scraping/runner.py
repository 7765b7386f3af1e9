"""Runs spider sources in-process: one Twisted reactor (asyncio flavour) in a daemon thread, for good.

poll_source awaits `ScrapyRunner.__call__` from its own asyncio loop; each crawl is a fresh Crawler
(AsyncCrawlerRunner) scheduled onto the reactor thread. Items come back as Documents in a Harvest;
poll_source ingests them and writes the one fetch_log row. See docs/spiders.md for why a thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from typing import TYPE_CHECKING, Any

from crawler.addresses import private_allowed
from crawler.document import Document, Harvest, Validators
from crawler.errors import ConfigError, FetchError, SourceError
from crawler.scraping.validate import spider_class
from storage.archive import KnownEntry

if TYPE_CHECKING:
    from crawler.config import SourceConfig

log = logging.getLogger(__name__)
_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


class _ReactorThread:
    """The process's one reactor. Twisted reactors cannot restart, so it starts once and never stops."""

    _lock = threading.Lock()
    _loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def loop(cls) -> asyncio.AbstractEventLoop:
        with cls._lock:
            if cls._loop is None:
                ready: concurrent.futures.Future[asyncio.AbstractEventLoop] = concurrent.futures.Future()
                threading.Thread(target=cls._run, args=(ready,), name="scrapy-reactor", daemon=True).start()
                cls._loop = ready.result(timeout=30)
            return cls._loop

    @staticmethod
    def _run(ready: concurrent.futures.Future[asyncio.AbstractEventLoop]) -> None:
        try:
            from scrapy.utils.reactor import is_reactor_installed

            if is_reactor_installed():
                raise RuntimeError("a Twisted reactor is already installed in this process; spiders need their own")
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            from twisted.internet import asyncioreactor

            asyncioreactor.install(eventloop=loop)
            from twisted.internet import reactor

            reactor.callWhenRunning(ready.set_result, loop)  # type: ignore[attr-defined]
        except BaseException as exc:
            ready.set_exception(exc)
            return
        reactor.run(installSignalHandlers=False)  # type: ignore[attr-defined]


class ScrapyRunner:
    """A SpiderRunner (crawler.context): crawl one spider source, return its Harvest."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.overrides = dict(settings or {})

    def settings_for(self, cfg: SourceConfig, allow_private: bool = False) -> Any:
        from scrapy.settings import Settings

        settings = Settings()
        settings.setmodule("crawler.scraping.settings", priority="project")
        settings.set("ITEM_PIPELINES", {}, priority="cmdline")  # poll_source ingests: one pipeline, not two
        settings.set("DOWNLOAD_TIMEOUT", cfg.timeout, priority="cmdline")
        settings.set("DOWNLOAD_MAXSIZE", cfg.max_bytes, priority="cmdline")
        settings.set("ALLOW_PRIVATE_ADDRESSES", private_allowed(allow_private), priority="cmdline")
        for key, value in self.overrides.items():
            settings.set(key, value, priority="cmdline")
        return settings

    async def __call__(
        self, cfg: SourceConfig, known: dict[str, KnownEntry], validators: Validators, *, allow_private: bool = False
    ) -> Harvest:
        settings = self.settings_for(cfg, allow_private)
        entries = {guid: (k.entry_hash, k.body_source) for guid, k in known.items()}
        future = asyncio.run_coroutine_threadsafe(_crawl(cfg, settings, entries, validators), _ReactorThread.loop())
        try:
            documents, report = await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()
            raise
        if report.listing_error:
            raise FetchError(report.listing_error, source_key=cfg.key, url=cfg.url, status=report.listing_status)
        return harvest_of(documents, report)


def harvest_of(documents: list[Document], report: Any) -> Harvest:
    """A finished crawl (its Documents and the spider's CrawlReport) as the Harvest a poll records."""
    return Harvest(
        documents=documents,
        unchanged_guids=report.unchanged_guids,
        http_status=report.listing_status,
        bytes=report.bytes,
        pages=report.pages,
        not_modified=report.not_modified,
        # a crawl with failed articles must not let the next poll stop at a 304 listing: retry them
        etag=None if report.failed_guids else report.etag,
        last_modified=None if report.failed_guids else report.last_modified,
        warnings=report.warnings,
    )


async def _crawl(
    cfg: SourceConfig,
    settings: Any,
    known: dict[str, tuple[str | None, str | None]],
    validators: Validators,
) -> tuple[list[Document], Any]:
    """On the reactor thread: one Crawler, its items collected through the item_scraped signal."""
    from scrapy import signals
    from scrapy.crawler import AsyncCrawlerRunner

    try:
        spidercls = spider_class(cfg.spider or "")
    except KeyError:
        raise SourceError(f"no spider named {cfg.spider!r}", source_key=cfg.key) from None
    runner = AsyncCrawlerRunner(settings)
    crawler = runner.create_crawler(spidercls)
    documents: list[Document] = []

    def collect(item: Any, **_: Any) -> None:
        if isinstance(item, Document):
            documents.append(item)

    crawler.signals.connect(collect, signal=signals.item_scraped)
    try:
        await runner.crawl(crawler, source_cfg=cfg, known=known, validators=(validators.etag, validators.last_modified))
    except ConfigError as exc:  # bad spider_args: this source's problem, recorded like a fetch failure
        raise SourceError(str(exc), source_key=cfg.key) from None
    spider = crawler.spider
    if spider is None:
        raise SourceError("the spider did not start", source_key=cfg.key)
    return documents, spider.report  # type: ignore[attr-defined]


_DEFAULT: ScrapyRunner | None = None


async def run_spider(
    cfg: SourceConfig, known: dict[str, KnownEntry], validators: Validators, *, allow_private: bool = False
) -> Harvest:
    """The process's spider runner, started (and Scrapy imported) by the first spider poll, so a process that
    polls only feeds and pages never pays for Scrapy."""
    runner = spider_runner_or_none()
    if runner is None:  # pragma: no cover
        raise SourceError("spider sources need Scrapy, which cannot be imported here", source_key=cfg.key)
    return await runner(cfg, known, validators, allow_private=allow_private)


def spider_runner_or_none() -> ScrapyRunner | None:
    """The process's spider runner (None only if Scrapy cannot be imported)."""
    global _DEFAULT
    try:
        import scrapy  # noqa: F401
    except ImportError:  # pragma: no cover
        return None
    if _DEFAULT is None:
        _DEFAULT = ScrapyRunner()
    return _DEFAULT
