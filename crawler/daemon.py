"""The daemon: one asyncio loop runs APScheduler (one job per source: interval, jitter, no overlap, coalesced
misfires), the outbox dispatcher and the optional /metrics endpoint; spiders run on the Scrapy runner's
reactor thread. Poll state (next_due, failures) lives in the archive, so a restart resumes where it stopped.

Also owns the archive lock (one daemon per archive) and the signal handling: SIGTERM/SIGINT stop within
a grace period, SIGHUP reloads the config.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import logging
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from apscheduler.events import EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Connection, Engine, create_engine, select, text, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from alerts.channels import Channel, make_channel
from alerts.config import AnyChannelConfig
from alerts.dispatch import dispatch_due
from crawler.config import Config, SourceConfig
from crawler.context import PollContext, open_context
from crawler.errors import TollwatchError
from crawler.metrics import Metrics, serve_metrics
from crawler.poll import PollOutcome, poll_source, sync_config
from crawler.push import MAINTAIN_EVERY, maintain, start_push
from storage.base import utcnow
from storage.db import session_scope
from storage.models import Source
from storage.owners import is_dead_local_owner, process_owner

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


# --- one daemon per archive ------------------------------------------------------------------------


class ArchiveLocked(TollwatchError):
    """Another daemon holds this archive."""


def _holder_tag() -> str:
    return f"{process_owner()} since {datetime.now(UTC).isoformat(timespec='seconds')}"


def _pg_lock_key(conn: Connection) -> int:
    where = conn.execute(text("SELECT current_database() || '/' || current_schema()")).scalar_one()
    digest = hashlib.blake2b(f"tollwatch-daemon:{where}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class ArchiveLock:
    """Held for the daemon's lifetime. SQLite: an exclusive flock on `<db file>.lock` (the file names the
    holder). PostgreSQL: a session advisory lock on a dedicated connection (pg_stat_activity names it).
    Both vanish with the process, even after SIGKILL: there is no stale lock to clean up."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.where = engine.url.render_as_string(hide_password=True)
        self._file: IO[str] | None = None
        self._conn: Connection | None = None
        self._key: int | None = None
        self._lock_engine: Engine | None = None

    @property
    def lock_path(self) -> Path | None:
        db = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not db or db == ":memory:":
            return None
        return Path(db + ".lock")

    def acquire(self) -> ArchiveLock:
        if self.engine.dialect.name == "postgresql":
            self._acquire_pg()
        elif self.lock_path is not None:
            self._acquire_file(self.lock_path)
        return self

    def _acquire_file(self, path: Path) -> None:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 — held open for the daemon's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            handle.close()
            raise ArchiveLocked(
                f"another tollwatch daemon is running on the archive {self.where} ({holder}; lock file {path}). "
                "Stop it first, or pass --force to run a second one anyway."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(_holder_tag() + "\n")
        handle.flush()
        self._file = handle

    def _acquire_pg(self) -> None:
        if self._lock_engine is None:
            # a connection of its own, outside the pool: the pool's pre-ping would silently swap a terminated
            # connection for a fresh one, and the lock with it
            self._lock_engine = create_engine(self.engine.url, poolclass=NullPool)
        conn = self._lock_engine.connect()
        key = _pg_lock_key(conn)
        conn.execute(text("SELECT set_config('application_name', :n, false)"), {"n": f"tollwatch run {_holder_tag()}"[:63]})
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar_one()
        conn.commit()
        if not got:
            holder = pg_lock_holder(conn, key) or "unknown session"
            conn.close()
            raise ArchiveLocked(
                f"another tollwatch daemon is running on the archive {self.where} ({holder}). "
                "Stop it first, or pass --force to run a second one anyway."
            )
        self._conn, self._key = conn, key

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.seek(0)
                self._file.truncate()
                fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
                self._conn.commit()
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
        if self._lock_engine is not None:
            self._lock_engine.dispose()
            self._lock_engine = None

    def check(self) -> str:
        """Is the lock still ours? 'held'; 'reacquired' after the server dropped our session (restart,
        failover, an idle kill) and nobody else took it; 'unreachable' while the server cannot be reached
        (tried again next time). Raises ArchiveLocked when another daemon took it meanwhile: this one must exit.
        SQLite's file lock cannot be lost: always 'held'."""
        if self._conn is None or self._key is None:
            return "held"
        unsigned = self._key & 0xFFFFFFFFFFFFFFFF
        try:
            mine = self._conn.execute(
                text(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                    "pid = pg_backend_pid() AND classid = :hi AND objid = :lo AND objsubid = 1)"
                ),
                {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF},
            ).scalar_one()
            self._conn.commit()
            if mine:
                return "held"
        except Exception:  # the session is gone (terminated, server restarted): so is its lock
            pass
        with contextlib.suppress(Exception):
            self._conn.close()
        self._conn = None
        try:
            self._acquire_pg()  # raises ArchiveLocked when another daemon holds it now
        except ArchiveLocked:
            raise
        except Exception as exc:
            log.error("the archive lock's database session is gone and the server is unreachable: %s", exc)
            return "unreachable"
        log.warning("the archive lock's database session was dropped by the server; lock re-acquired")
        return "reacquired"

    def holder(self) -> str | None:
        """Who holds the lock now (for `tollwatch status`), or None when no daemon runs."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                return pg_lock_holder(conn, _pg_lock_key(conn))
        path = self.lock_path
        if path is None or not path.exists():
            return None
        with open(path, encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return handle.read().strip() or "unknown process"
            fcntl.flock(handle, fcntl.LOCK_UN)
        return None


def pg_lock_holder(conn: Connection, key: int) -> str | None:
    # a bigint advisory key is stored as classid (high 32 bits) and objid (low 32 bits)
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    row = conn.execute(
        text(
            "SELECT a.pid, a.application_name, a.client_addr FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :hi AND l.objid = :lo AND l.objsubid = 1"
        ),
        {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF},
    ).first()
    if row is None:
        return None
    name = row.application_name or "a session"
    return f"{name}, server pid {row.pid}" + (f", from {row.client_addr}" if row.client_addr else "")
