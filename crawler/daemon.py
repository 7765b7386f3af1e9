"""The daemon: one asyncio loop runs APScheduler (one job per source: interval, jitter, no overlap, coalesced
misfires), the outbox dispatcher and the optional /metrics endpoint; spiders run on the Scrapy runner's
reactor thread. Poll state (next_due, failures) lives in the archive, so a restart resumes where it stopped.

Also owns the archive lock (one daemon per archive) and the signal handling: SIGTERM/SIGINT stop within
a grace period, SIGHUP reloads the config.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from apscheduler.events import EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import Channel, make_channel
from alerts.config import AnyChannelConfig
from alerts.dispatch import dispatch_due
from crawler.config import Config, SourceConfig
from crawler.context import PollContext, open_context
from crawler.errors import TollwatchError
from crawler.lock import ArchiveLock, ArchiveLocked  # noqa: F401 — re-exported: `tollwatch run` and the tests import them from here
from crawler.metrics import Metrics, serve_metrics
from crawler.poll import PollOutcome, poll_source, sync_config
from crawler.push import MAINTAIN_EVERY, maintain, start_push
from storage.base import utcnow
from storage.db import session_scope
from storage.models import Source
from storage.owners import is_dead_local_owner

log = logging.getLogger(__name__)

DISPATCH_EVERY = 30  # seconds between outbox deliveries (and right after a poll that archived something)
DISPATCH_JOB = "__dispatch__"
LOCK_CHECK_EVERY = 10  # seconds between checks that the PostgreSQL archive lock is still held
LOCK_JOB = "__lock__"
STARTUP_RATE = 50  # polls per second at most when many sources are due at start (fresh or long-stopped archive)
GRACE = 5.0  # seconds in-flight polls get to finish after SIGTERM/SIGINT before they are abandoned

MakeChannel = Callable[[AnyChannelConfig], Channel]


def jitter_for(interval: int) -> int:
    """Up to 10 % of the interval, at most 60 s: spreads polls without making them late."""
    return max(1, min(60, interval // 10))


@dataclass
class DaemonOptions:
    """How this daemon runs (not what it watches: that is the Config)."""

    speed: float = 1.0  # the demo's and tests' fast clock: every interval, backoff and dispatch period ÷ speed
    grace: float = GRACE
    stats_file: str | None = None  # JSON lines, one per poll: due, start, end (the bench reads them)
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = None
    make_channel: MakeChannel = make_channel
    reload: Callable[[], Config] | None = None  # SIGHUP: how to read the config again
    on_dispatch: Callable[[str], None] | None = None  # the dispatch summary, when something was delivered
    ready: Callable[[Daemon], None] | None = field(default=None, repr=False)
    # is the archive lock still ours (ArchiveLock.check)? Raises ArchiveLocked when another daemon took it
    lock_check: Callable[[], str] | None = field(default=None, repr=False)


class Daemon:
    def __init__(self, config: Config, session_factory: sessionmaker[Session], options: DaemonOptions | None = None) -> None:
        self.config = config
        self.session_factory = session_factory
        self.options = options or DaemonOptions()
        self.stopping = asyncio.Event()
        self.lost_lock: ArchiveLocked | None = None  # set when another daemon took the archive: exit non-zero
        self.scheduler: AsyncIOScheduler | None = None
        self.ctx: PollContext | None = None
        self.metrics = Metrics(session_factory)
        self._inflight: set[asyncio.Task[Any]] = set()
        self._due: dict[str, datetime] = {}  # source key → the run time APScheduler submitted it for
        self._stats: IO[str] | None = None
        self._reloading: asyncio.Task[None] | None = None

    # --- scheduling ------------------------------------------------------------------------------

    def _scaled(self, seconds: float) -> float:
        return seconds / self.options.speed

    def _archived_due(self) -> dict[str, datetime | None]:
        with session_scope(self.session_factory) as session:
            return dict(session.execute(select(Source.key, Source.next_due)).tuples().all())

    def _first_runs(self, sources: list[SourceConfig]) -> dict[str, datetime]:
        """When each source polls first: its archived next_due, or — never polled or overdue — now, spread out
        so that a fresh archive or one that was stopped for a day does not poll everything in one burst."""
        now = utcnow()
        due = self._archived_due()
        first: dict[str, datetime] = {}
        burst: list[SourceConfig] = []
        for cfg in sources:
            at = due.get(cfg.key)
            if at is None or at <= now:
                burst.append(cfg)
            else:
                first[cfg.key] = now + timedelta(seconds=self._scaled((at - now).total_seconds()))
        if burst:
            window = min(self._scaled(min(c.interval for c in burst)), len(burst) / STARTUP_RATE)
            for i, cfg in enumerate(burst):
                first[cfg.key] = now + timedelta(seconds=window * i / len(burst))
        return first

    def _add_jobs(self, sources: list[SourceConfig]) -> None:
        assert self.scheduler is not None
        wanted = [s for s in sources if s.enabled]
        for cfg in wanted:
            if self.scheduler.get_job(cfg.key):
                self.scheduler.remove_job(cfg.key)
        for key, first in self._first_runs(wanted).items():
            cfg = self.config.source(key)
            self.scheduler.add_job(
                self._poll_job,
                IntervalTrigger(seconds=self._scaled(cfg.interval), jitter=self._scaled(jitter_for(cfg.interval))),
                args=[key], id=key, name=key,
                max_instances=1,  # never two polls of one source in this process (the lease covers the rest)
                coalesce=True,
                misfire_grace_time=max(1, int(self._scaled(max(60, cfg.interval)))),
                next_run_time=first,
                replace_existing=True,
            )  # fmt: skip

    def _on_submitted(self, event: JobSubmissionEvent) -> None:
        if event.scheduled_run_times:
            self._due[event.job_id] = event.scheduled_run_times[-1]

    async def _poll_job(self, key: str) -> None:
        assert self.ctx is not None and self.scheduler is not None
        task = asyncio.current_task()
        assert task is not None
        self._inflight.add(task)
        start = utcnow()
        due = self._due.pop(key, start)
        try:
            cfg = self.config.source(key)
        except KeyError:  # removed by a reload while it was waiting
            self._inflight.discard(task)
            return
        try:
            outcome = await poll_source(self.ctx, cfg)
        except asyncio.CancelledError:
            # only _stop cancels a poll (after the grace period): poll_source has released the lease and the
            # source keeps its next_due, so the next start polls it first. Returning (not re-raising) keeps
            # APScheduler from logging the cancellation as a job failure with a traceback.
            log.warning("poll of %s abandoned at shutdown", key, extra={"source": key})
            return
        except Exception as exc:  # the archive itself failed (database down): this poll only
            log.exception("poll of %s could not be recorded", key, extra={"source": key})
            outcome = PollOutcome(key, "error", error=f"could not record the poll: {type(exc).__name__}: {exc}")
        finally:
            self._inflight.discard(task)
        lag = max(0.0, (start - due).total_seconds())
        self.metrics.observe(outcome, lag)
        self._write_stats(key, due, start, outcome)
        level = logging.WARNING if outcome.status == "error" else logging.INFO
        log.log(level, "%s", outcome.summary(), extra={"source": key})
        dispatcher = self.scheduler.get_job(DISPATCH_JOB)
        if dispatcher and (outcome.new or outcome.changed):
            dispatcher.modify(next_run_time=utcnow())  # new versions may have written alerts: deliver now
        if outcome.status == "error":
            # the archive holds the backed-off next_due; the job follows it rather than its plain interval
            next_due = self._archived_due().get(key)
            job = self.scheduler.get_job(key)
            if job and next_due:
                now = utcnow()
                wait = max(self._scaled((next_due - now).total_seconds()), 0.5)
                job.modify(next_run_time=now + timedelta(seconds=wait))

    def _write_stats(self, key: str, due: datetime, start: datetime, outcome: PollOutcome) -> None:
        if self._stats is None:
            return
        row = {"source": key, "due": due.timestamp(), "start": start.timestamp(), "end": time.time(),
               "status": outcome.status}  # fmt: skip
        self._stats.write(json.dumps(row) + "\n")
        self._stats.flush()

    async def _dispatch_job(self) -> None:
        channels = {c.name: c for c in self.config.channels}
        if not channels:
            return
        try:
            report = await dispatch_due(self.session_factory, channels, make=self.options.make_channel)
        except Exception:  # the outbox keeps everything: the next round tries again
            log.exception("dispatch failed")
            return
        if report.messages or report.errors:
            log.info("alerts: %s", report.summary())
            if self.options.on_dispatch:
                self.options.on_dispatch(report.summary())

    async def _lock_job(self) -> None:
        assert self.options.lock_check is not None
        try:
            await asyncio.to_thread(self.options.lock_check)
        except ArchiveLocked as exc:
            log.error("lost the archive lock to another daemon, stopping: %s", exc)
            self.lost_lock = exc
            self.request_stop()

    # --- signals -----------------------------------------------------------------------------------

    def request_stop(self) -> None:
        if not self.stopping.is_set():
            log.warning("stopping: %d polls in flight get %.0fs to finish", len(self._inflight), self.options.grace)
        self.stopping.set()

    def request_reload(self) -> None:
        if self._reloading is None or self._reloading.done():
            self._reloading = asyncio.get_running_loop().create_task(self.reload())

    async def reload(self) -> None:
        """Read the config again; add, remove and reschedule sources without a restart. A bad file changes nothing."""
        if self.options.reload is None or self.scheduler is None or self.ctx is None:
            return
        try:
            new = await asyncio.to_thread(self.options.reload)
        except TollwatchError as exc:
            log.error("config not reloaded, the old one stays in force: %s", exc)
            return
        old = {s.key: s for s in self.config.sources if s.enabled}
        fresh = {s.key: s for s in new.sources if s.enabled}
        await asyncio.to_thread(sync_config, self.session_factory, new)
        self.config = new
        self.ctx.reconfigure(new)
        for key in old.keys() - fresh.keys():
            if self.scheduler.get_job(key):
                self.scheduler.remove_job(key)
        changed = [s for k, s in fresh.items() if k not in old or old[k] != s]
        self._add_jobs(changed)
        log.warning(
            "config reloaded from %s: %d sources (%d added, %d removed, %d changed)", new.path, len(fresh),
            len(fresh.keys() - old.keys()), len(old.keys() - fresh.keys()), len([k for k in fresh if k in old and old[k] != fresh[k]]),
        )  # fmt: skip

    # --- lifetime ------------------------------------------------------------------------------------

    async def run(self) -> None:
        await asyncio.to_thread(self._prepare)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.request_stop)
        loop.add_signal_handler(signal.SIGHUP, self.request_reload)
        metrics_server = None
        if self.options.metrics_port is not None:
            metrics_server = await serve_metrics(self.metrics, self.options.metrics_host, self.options.metrics_port)
        if self.options.stats_file:
            self._stats = open(self.options.stats_file, "a", encoding="utf-8")  # noqa: SIM115
        try:
            async with open_context(self.config, self.session_factory) as ctx:
                self.ctx = ctx
                self.scheduler = AsyncIOScheduler(timezone=UTC)
                self.scheduler.add_listener(self._on_submitted, EVENT_JOB_SUBMITTED)
                self._add_jobs(self.config.sources)
                self.scheduler.add_job(
                    self._dispatch_job, IntervalTrigger(seconds=self._scaled(DISPATCH_EVERY)), id=DISPATCH_JOB,
                    name="dispatch", max_instances=1, coalesce=True, next_run_time=utcnow(), replace_existing=True,
                )  # fmt: skip
                if self.options.lock_check is not None:
                    self.scheduler.add_job(
                        self._lock_job, IntervalTrigger(seconds=self._scaled(LOCK_CHECK_EVERY)), id=LOCK_JOB,
                        name="lock", max_instances=1, coalesce=True, replace_existing=True,
                    )  # fmt: skip
                push_server = await start_push(ctx)
                if push_server is not None and ctx.config.websub is not None:
                    self.scheduler.add_job(
                        maintain, IntervalTrigger(seconds=MAINTAIN_EVERY), args=(ctx, ctx.config.websub), id="websub",
                        name="websub", max_instances=1, coalesce=True, replace_existing=True,
                    )  # fmt: skip
                self.scheduler.start()
                self.metrics.up = True
                log.warning("tollwatch running: %d sources", sum(1 for s in self.config.sources if s.enabled))
                if self.options.ready:
                    self.options.ready(self)
                await self.stopping.wait()
                if push_server is not None:
                    push_server.close()
                await self._stop()
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                loop.remove_signal_handler(sig)
            if metrics_server is not None:
                metrics_server.close()
            if self._stats is not None:
                self._stats.close()
        log.warning("tollwatch stopped")

    def _prepare(self) -> None:
        sync_config(self.session_factory, self.config)
        release_dead_leases(self.session_factory)

    async def _stop(self) -> None:
        """No new polls; in-flight ones get the grace period, then are cancelled (their lease is released and
        their source stays due, so the next start polls it first)."""
        assert self.scheduler is not None
        self.scheduler.pause()
        pending = {t for t in self._inflight if not t.done()}
        if pending:
            _, still = await asyncio.wait(pending, timeout=self.options.grace)
            for task in still:
                task.cancel()
            if still:
                log.warning("abandoned %d polls still in flight", len(still))
                await asyncio.gather(*still, return_exceptions=True)
        self.scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # let the executor's cancellations (dispatch in flight) land


def release_dead_leases(session_factory: sessionmaker[Session]) -> int:
    """Leases of processes of this host that no longer run (a SIGKILLed daemon): free them now, not at expiry."""
    with session_scope(session_factory) as session:
        owners = session.scalars(select(Source.lease_owner).where(Source.lease_owner.is_not(None)).distinct())
        dead = [owner for owner in owners if is_dead_local_owner(owner)]
        if dead:
            session.execute(
                update(Source).where(Source.lease_owner.in_(dead)).values(lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )  # fmt: skip
    return len(dead)
