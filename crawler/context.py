"""PollContext: everything one poll needs, passed in (no daemon globals), and the one place that builds it
for the daemon, `tollwatch poll`, the demo, `scrapy crawl` and the benches."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import httpx
from sqlalchemy.orm import Session, sessionmaker

from crawler.config import Config, SourceConfig
from crawler.document import Harvest, Validators
from crawler.fetch import make_client
from crawler.scraping.runner import run_spider
from crawler.track.record import Tracker
from storage.archive import KnownEntry
from storage.base import utcnow
from storage.owners import process_owner


class SpiderRunner(Protocol):
    """Crawls one spider source and returns its Harvest (crawler.scraping.runner.ScrapyRunner)."""

    def __call__(
        self, cfg: SourceConfig, known: dict[str, KnownEntry], validators: Validators, *, allow_private: bool = False
    ) -> Awaitable[Harvest]: ...


@dataclass(slots=True)
class PollContext:
    config: Config
    session_factory: sessionmaker[Session]
    tracker: Tracker
    client: httpx.AsyncClient | None = None  # None where nothing is fetched with httpx (`scrapy crawl`)
    spider_runner: SpiderRunner | None = None
    owner: str = field(default_factory=process_owner)
    clock: Callable[[], datetime] = utcnow

    def reconfigure(self, config: Config) -> None:
        """A reloaded config: new sources, watches, rules and aliases for the next polls."""
        self.config = config
        self.tracker = Tracker.from_config(config)

    @property
    def http(self) -> httpx.AsyncClient:
        if self.client is None:
            raise RuntimeError("this PollContext was built without an HTTP client")
        return self.client


def build_context(
    config: Config,
    session_factory: sessionmaker[Session],
    *,
    client: httpx.AsyncClient | None = None,
    spider_runner: SpiderRunner | None = None,
    clock: Callable[[], datetime] = utcnow,
    owner: str | None = None,
) -> PollContext:
    return PollContext(
        config=config,
        session_factory=session_factory,
        tracker=Tracker.from_config(config),
        client=client,
        spider_runner=spider_runner,
        owner=owner or process_owner(),
        clock=clock,
    )


@asynccontextmanager
async def open_context(
    config: Config,
    session_factory: sessionmaker[Session],
    *,
    clock: Callable[[], datetime] = utcnow,
    owner: str | None = None,
    spider_runner: SpiderRunner | None = None,
) -> AsyncIterator[PollContext]:
    """A PollContext with its HTTP client (closed on exit) and the process's spider runner."""
    async with make_client(config.user_agent, config.concurrency, allow_private=config.allow_private_addresses) as client:
        yield build_context(
            config, session_factory, client=client, clock=clock, owner=owner,
            spider_runner=spider_runner or run_spider,
        )  # fmt: skip
