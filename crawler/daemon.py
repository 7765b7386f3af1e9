"""The daemon: APScheduler runs one job per source at its own interval (jitter, no overlap, coalesced
misfires); a failing source is pushed back by the backoff in its archived poll state."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crawler.config import Config, SourceConfig
from crawler.fetch import make_client
from crawler.poll import PollContext, PollOutcome, poll_source, sync_config
from storage.base import utcnow
from storage.db import session_scope
from storage.models import Source

log = logging.getLogger(__name__)


def jitter_for(interval: int) -> int:
    """Up to 10 % of the interval, at most 60 s: spreads polls without making them late."""
    return max(1, min(60, interval // 10))


class Daemon:
    def __init__(self, config: Config, session_factory: sessionmaker[Session]) -> None:
        self.config = config
        self.session_factory = session_factory
        self.stopping = asyncio.Event()
        self.scheduler: AsyncIOScheduler | None = None
        self.ctx: PollContext | None = None

    def _next_due(self) -> dict[str, datetime | None]:
        with session_scope(self.session_factory) as session:
            return dict(session.execute(select(Source.key, Source.next_due)).tuples().all())

    def _schedule(self, scheduler: AsyncIOScheduler, sources: list[SourceConfig]) -> None:
        now = utcnow()
        due = self._next_due()
        for cfg in sources:
            if not cfg.enabled:
                continue
            first = max(due.get(cfg.key) or now, now)
            scheduler.add_job(
                self._poll_job,
                IntervalTrigger(seconds=cfg.interval, jitter=jitter_for(cfg.interval)),
                args=[cfg.key],
                id=cfg.key,
                name=cfg.key,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=max(60, cfg.interval),
                next_run_time=first,
                replace_existing=True,
            )

    async def _poll_job(self, key: str) -> None:
        assert self.ctx is not None and self.scheduler is not None
        cfg = self.config.source(key)
        outcome: PollOutcome = await poll_source(self.ctx, cfg)
        log.info("%s", outcome.summary())
        if outcome.status == "error":
            # the archive holds the backed-off next_due; the job follows it rather than its plain interval
            next_due = self._next_due().get(key)
            job = self.scheduler.get_job(key)
            if job and next_due:
                job.modify(next_run_time=max(next_due, utcnow() + timedelta(seconds=1)))

    def request_stop(self) -> None:
        if not self.stopping.is_set():
            log.warning("stopping: finishing in-flight polls")
        self.stopping.set()

    async def run(self) -> None:
        sync_config(self.session_factory, self.config)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop)
        async with make_client(self.config.user_agent, self.config.concurrency) as client:
            from crawler.scraping.runner import spider_runner_or_none

            self.ctx = PollContext(
                config=self.config, session_factory=self.session_factory, client=client, spider_runner=spider_runner_or_none()
            )
            self.scheduler = AsyncIOScheduler(timezone="UTC")
            self._schedule(self.scheduler, self.config.sources)
            self.scheduler.start()
            log.warning("tollwatch running: %d sources", sum(1 for s in self.config.sources if s.enabled))
            await self.stopping.wait()
            self.scheduler.shutdown(wait=False)
            await _drain(timeout=10)


async def _drain(timeout: float) -> None:
    """Give in-flight polls a few seconds to finish, then cancel what is left."""
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    if not pending:
        return
    _, still = await asyncio.wait(pending, timeout=timeout)
    for task in still:
        task.cancel()
    if still:
        await asyncio.gather(*still, return_exceptions=True)
