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

from alerts.dispatch import dispatch_due
from crawler.config import Config, SourceConfig
from crawler.fetch import make_client
from crawler.poll import PollContext, PollOutcome, poll_source, sync_config
from crawler.track.apply import make_hook
from storage.base import utcnow
from storage.db import session_scope
from storage.models import Source

log = logging.getLogger(__name__)


DISPATCH_EVERY = 30  # seconds between outbox deliveries (and right after a poll that archived something)
DISPATCH_JOB = "__dispatch__"


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
        dispatcher = self.scheduler.get_job(DISPATCH_JOB)
        if dispatcher and (outcome.new or outcome.changed):
            dispatcher.modify(next_run_time=utcnow())  # new versions may have written alerts: deliver now
        if outcome.status == "error":
            # the archive holds the backed-off next_due; the job follows it rather than its plain interval
            next_due = self._next_due().get(key)
            job = self.scheduler.get_job(key)
            if job and next_due:
                job.modify(next_run_time=max(next_due, utcnow() + timedelta(seconds=1)))

    async def _dispatch_job(self) -> None:
        channels = {c.name: c for c in self.config.channels}
        if not channels:
            return
        try:
            report = await dispatch_due(self.session_factory, channels)
        except Exception:  # the outbox keeps everything: the next round tries again
            log.exception("dispatch failed")
            return
        if report.messages or report.errors:
            log.info("alerts: %s", report.summary())

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
                config=self.config,
                session_factory=self.session_factory,
                client=client,
                spider_runner=spider_runner_or_none(),
                hooks=(make_hook(self.config),),
            )
            self.scheduler = AsyncIOScheduler(timezone="UTC")
            self._schedule(self.scheduler, self.config.sources)
            self.scheduler.add_job(
                self._dispatch_job, IntervalTrigger(seconds=DISPATCH_EVERY), id=DISPATCH_JOB, name="dispatch",
                max_instances=1, coalesce=True, next_run_time=utcnow(), replace_existing=True,
            )  # fmt: skip
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
