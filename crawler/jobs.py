"""The procrastinate executor: polls and outbox deliveries as jobs in the archive's PostgreSQL, run by
`tollwatch worker` processes on any number of hosts. The archive's `next_due` stays the truth of *when*; a
periodic tick (deduplicated by the database, on whichever worker) defers the due sources; workers decide *where*.

Guards, each a database fact: `lock=source:<key>` (one poll of a source at a time), `queueing_lock=poll:<key>`
(at most one waiting poll per source), the source's lease row (poll_source), a deadline on every poll (the
engine does not kill hung tasks), and a sweep that re-queues the jobs of dead workers (queueing_lock only:
a `lock` on the sweep would block it behind itself, procrastinate issue #1408). Jobs are never deferred with
`schedule_at` while they carry a per-source lock: a waiting locked job blocks every later job with that lock.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import procrastinate
import procrastinate.schema
from procrastinate.exceptions import AlreadyEnqueued, UniqueViolation
from procrastinate.job_context import JobContext
from procrastinate.jobs import Job, Status
from sqlalchemy import Engine, make_url, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from alerts.channels import Channel, make_channel
from alerts.config import AnyChannelConfig
from alerts.dispatch import dispatch_due
from crawler.config import Config, SourceConfig
from crawler.context import PollContext, open_context
from crawler.errors import SourceError
from crawler.metrics import WorkerMetrics, serve_metrics
from crawler.poll import PollOutcome, poll_source, record_failure, sync_config
from storage.base import utcnow
from storage.db import session_scope
from storage.models import Source

log = logging.getLogger(__name__)

POLL_QUEUE = "poll"
DISPATCH_QUEUE = "dispatch"
QUEUES = (POLL_QUEUE, DISPATCH_QUEUE)
# seconds between deferrals of due sources: a source waits at most this long after its due time before its poll
# is deferred (each tick is one query of the sources table and one batch insert of jobs)
TICK_EVERY = 2
SWEEP_EVERY = 15  # seconds between looks for the stalled jobs of dead workers
DISPATCH_EVERY = 30  # seconds between outbox deliveries
HEARTBEAT_EVERY = 10  # seconds between a worker's heartbeats; 3 missed ones make it stalled
POLL_TASK = "tollwatch.poll_source"
TASKS = (POLL_TASK, "tollwatch.tick", "tollwatch.sweep_stalled", "tollwatch.dispatch")

MakeChannel = Callable[[AnyChannelConfig], Channel]


class NeedsPostgres(SourceError):
    """procrastinate keeps its jobs in PostgreSQL: the archive must be a PostgreSQL one."""


def require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise NeedsPostgres(
            "procrastinate needs PostgreSQL: point --database (or TOLLWATCH_DATABASE_URL) at a PostgreSQL archive, "
            "or run the in-process executor (the default)"
        )


def conninfo_for(database_url: str) -> str:
    """The archive's SQLAlchemy URL as a libpq URI (options such as search_path kept)."""
    url = make_url(database_url)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass(frozen=True, slots=True)
class Timing:
    """The engine's periods, all divided by the tests' fast clock (`speed`)."""

    speed: float = 1.0

    def _s(self, seconds: float) -> int:
        return max(1, round(seconds / self.speed))

    @property
    def tick(self) -> int:
        return self._s(TICK_EVERY)

    @property
    def sweep(self) -> int:
        return self._s(SWEEP_EVERY)

    @property
    def dispatch(self) -> int:
        return self._s(DISPATCH_EVERY)

    @property
    def heartbeat(self) -> float:
        return max(0.5, HEARTBEAT_EVERY / self.speed)

    @property
    def stalled_after(self) -> float:
        return self.heartbeat * 3

    def poll_deadline(self, cfg: SourceConfig) -> float:
        """Longer than any honest poll of the source, shorter than its lease (timeout × 4 + 120 s)."""
        return (cfg.timeout * 4 + 60) / self.speed


@dataclass(slots=True)
class WorkerState:
    """What the tasks of this worker process use: set by `run_worker` before it takes jobs."""

    config: Config
    session_factory: sessionmaker[Session]
    ctx: PollContext
    metrics: WorkerMetrics
    make_channel: MakeChannel = make_channel


# a poll job of the source waits or runs already (procrastinate's partial unique indexes on queueing_lock and
# lock answer it): while workers work off a backlog, each tick would otherwise try to defer it again
_NO_POLL_JOB = text(
    "NOT EXISTS (SELECT 1 FROM procrastinate_jobs j WHERE (j.queueing_lock = 'poll:' || source.key AND j.status = 'todo') "
    "OR (j.lock = 'source:' || source.key AND j.status = 'doing'))"
)


def due_source_keys(session_factory: sessionmaker[Session], now: datetime, limit: int = 5000) -> list[str]:
    """Enabled sources that are due (or never polled), not leased by a running poll and without a poll job
    waiting or running, oldest due first."""
    with session_scope(session_factory) as session:
        return list(
            session.scalars(
                select(Source.key)
                .where(Source.enabled.is_(True))
                .where(or_(Source.next_due.is_(None), Source.next_due <= now))
                .where(or_(Source.lease_until.is_(None), Source.lease_until < now))
                .where(_NO_POLL_JOB)
                .order_by(Source.next_due.asc().nulls_first())
                .limit(limit)
            )
        )


def _next_due(session_factory: sessionmaker[Session], key: str) -> datetime | None:
    with session_scope(session_factory) as session:
        return session.execute(select(Source.next_due).where(Source.key == key)).scalar_one_or_none()


def _release_lease_of(session_factory: sessionmaker[Session], key: str) -> None:
    """The lease of a source whose poll job was stalled (its worker is dead): free it for the retry."""
    with session_scope(session_factory) as session:
        session.execute(
            update(Source).where(Source.key == key).values(lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )  # fmt: skip


def poll_job(key: str) -> Job:
    return Job(
        id=None, queue=POLL_QUEUE, lock=f"source:{key}", queueing_lock=f"poll:{key}", task_name=POLL_TASK,
        task_kwargs={"key": key},
    )  # fmt: skip


def make_app(database_url: str, timing: Timing | None = None, state: Callable[[], WorkerState] | None = None) -> procrastinate.App:
    """The procrastinate App on the archive's PostgreSQL with tollwatch's tasks. `state` gives the worker's
    WorkerState (absent in processes that only defer or inspect)."""
    timing = timing or Timing()
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo_for(database_url)))

    def current() -> WorkerState:
        if state is None:
            raise RuntimeError("this procrastinate App was built without a worker state")
        return state()

    @app.task(name=POLL_TASK, queue=POLL_QUEUE, pass_context=True)
    async def poll_source_task(context: JobContext, key: str) -> str:
        w = current()
        with w.metrics.job(POLL_TASK, context.job.attempts):
            try:
                cfg = w.config.source(key)
            except KeyError:
                return f"{key}: not in this worker's config"
            now = utcnow()
            due = await asyncio.to_thread(_next_due, w.session_factory, key)
            if due is not None and due > now:
                return f"{key}: no longer due"  # polled meanwhile (a retried duplicate): nothing to do
            outcome = await _poll_with_deadline(w, cfg, timing.poll_deadline(cfg))
            w.metrics.observe(outcome, (now - due).total_seconds() if due is not None else 0.0)
            level = logging.WARNING if outcome.status == "error" else logging.INFO
            log.log(level, "%s", outcome.summary(), extra={"source": key})
            return outcome.status

    # the tick, the sweep and dispatch rank above polls so that a queue full of slow polls cannot starve them
    @app.periodic(cron=f"* * * * * */{timing.tick}", periodic_id="tick")
    @app.task(name="tollwatch.tick", queue=POLL_QUEUE, queueing_lock="tollwatch.tick", priority=10, pass_context=True)
    async def tick(context: JobContext, timestamp: int) -> int:
        w = current()
        with w.metrics.job("tollwatch.tick", context.job.attempts):
            keys = await asyncio.to_thread(due_source_keys, w.session_factory, utcnow())
            return await defer_polls(app, keys)

    @app.periodic(cron=f"* * * * * */{timing.sweep}", periodic_id="sweep")
    @app.task(name="tollwatch.sweep_stalled", queue=POLL_QUEUE, queueing_lock="tollwatch.sweep", priority=10,
              pass_context=True)  # fmt: skip
    async def sweep_stalled(context: JobContext, timestamp: int) -> int:
        w = current()
        with w.metrics.job("tollwatch.sweep_stalled", context.job.attempts):
            stalled = list(await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=timing.stalled_after))
            for job in stalled:
                if job.task_name == POLL_TASK and "key" in job.task_kwargs:
                    await asyncio.to_thread(_release_lease_of, w.session_factory, str(job.task_kwargs["key"]))
                try:
                    await app.job_manager.retry_job(job)
                except UniqueViolation:
                    # a tick deferred a fresh poll of the source once its lease was freed: that one waits already
                    await app.job_manager.finish_job(job, Status.ABORTED, delete_job=False)
                    log.warning("dropped job %s (%s) of a dead worker: the same poll waits already", job.id, job.task_name)
                    continue
                w.metrics.requeued.inc()
                log.warning("re-queued job %s (%s) of a dead worker", job.id, job.task_name)
            return len(stalled)

    @app.periodic(cron=f"* * * * * */{timing.dispatch}", periodic_id="dispatch")
    @app.task(name="tollwatch.dispatch", queue=DISPATCH_QUEUE, queueing_lock="tollwatch.dispatch", priority=10,
              pass_context=True)  # fmt: skip
    async def dispatch(context: JobContext, timestamp: int) -> str:
        w = current()
        with w.metrics.job("tollwatch.dispatch", context.job.attempts):
            channels = {c.name: c for c in w.config.channels}
            if not channels:
                return "no channels"
            report = await dispatch_due(w.session_factory, channels, make=w.make_channel)
            if report.messages or report.errors:
                log.info("alerts: %s", report.summary())
            return report.summary()

    return app


async def _poll_with_deadline(w: WorkerState, cfg: SourceConfig, deadline: float) -> PollOutcome:
    started_at, now = time.perf_counter(), utcnow()
    try:
        async with asyncio.timeout(deadline):
            return await poll_source(w.ctx, cfg)
    except TimeoutError:
        # poll_source released its lease when it was cancelled; record the failure so the source backs off
        with session_scope(w.session_factory) as session:
            source_id = session.execute(select(Source.id).where(Source.key == cfg.key)).scalar_one()
        error = SourceError(f"poll timed out after {deadline:.0f}s")
        return await asyncio.to_thread(record_failure, w.ctx, cfg, source_id, error, now, started_at)


async def defer_polls(app: procrastinate.App, keys: list[str]) -> int:
    """Defer one poll job per key, now (never schedule_at: the jobs carry a per-source lock); keys that already
    have a waiting job are left alone. Returns how many were deferred."""
    if not keys:
        return 0
    try:
        await app.job_manager.batch_defer_jobs_async([poll_job(k) for k in keys])
        return len(keys)
    except AlreadyEnqueued:  # one of them already waits: defer one by one, skipping those
        pass
    deferred = 0
    for key in keys:
        try:
            await app.job_manager.defer_job_async(poll_job(key))
            deferred += 1
        except AlreadyEnqueued:
            pass
    return deferred


SETUP_LOCK = 7162636861  # pg advisory lock key: "tollwatch cluster setup"


@contextmanager
def setup_lock(engine: Engine) -> Iterator[None]:
    """Workers starting together upgrade the archive, create procrastinate's schema and sync the config one
    after the other (a session advisory lock), never at once."""
    require_postgres(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({SETUP_LOCK})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({SETUP_LOCK})")
            conn.commit()


def prepare_cluster(engine: Engine, session_factory: sessionmaker[Session], config: Config) -> None:
    """procrastinate's tables and functions next to the archive's (once, whoever starts first), and the
    config's sources in the archive. Call it under setup_lock."""
    with engine.begin() as conn:
        if conn.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar() is None:
            conn.connection.driver_connection.execute(procrastinate.schema.SchemaManager.get_schema())  # type: ignore[union-attr]
    sync_config(session_factory, config)


async def run_worker(
    config: Config, session_factory: sessionmaker[Session], database_url: str, *, queues: tuple[str, ...] = QUEUES,
    concurrency: int = 10, name: str | None = None, timing: Timing | None = None,
    metrics_host: str = "127.0.0.1", metrics_port: int | None = None,
) -> None:  # fmt: skip
    """Take jobs of `queues` until SIGTERM/SIGINT (procrastinate's own handlers: running jobs finish first);
    with `metrics_port`, serve this worker's /metrics and /healthz."""
    timing = timing or Timing()
    metrics = WorkerMetrics(session_factory, queues, TASKS)
    metrics_server = await serve_metrics(metrics, metrics_host, metrics_port) if metrics_port is not None else None
    try:
        async with open_context(config, session_factory) as ctx:
            state = WorkerState(config, session_factory, ctx, metrics)
            app = make_app(database_url, timing, lambda: state)
            async with app.open_async():
                log.warning("tollwatch worker %s running: queues %s, concurrency %d", worker_name(name), ",".join(queues), concurrency)
                metrics.up = True
                await app.run_worker_async(
                    queues=list(queues), concurrency=concurrency, name=worker_name(name),
                    update_heartbeat_interval=timing.heartbeat, stalled_worker_timeout=timing.stalled_after,
                    delete_jobs="successful",  # finished jobs would grow the table forever; failed ones stay to be read
                    fetch_job_polling_interval=min(5.0, timing.sweep),  # a fallback: jobs arrive by LISTEN/NOTIFY
                )  # fmt: skip
    finally:
        metrics.up = False
        if metrics_server is not None:
            metrics_server.close()
    log.warning("tollwatch worker stopped")


def worker_name(name: str | None) -> str:
    return name or socket.gethostname()


@dataclass(frozen=True, slots=True)
class WorkerRow:
    id: int
    last_heartbeat: datetime
    running: int


@dataclass(frozen=True, slots=True)
class StalledJob:
    id: int
    task: str
    args: str
    worker_id: int | None


def list_workers(engine: Engine, stalled_after: float = HEARTBEAT_EVERY * 3) -> tuple[list[WorkerRow], list[StalledJob]]:
    """Workers with a fresh heartbeat (and their running jobs), and the running jobs of dead workers."""
    require_postgres(engine)
    with engine.connect() as conn:
        if conn.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar() is None:
            return [], []
        workers = conn.execute(text(
            "SELECT w.id, w.last_heartbeat, count(j.id) FROM procrastinate_workers w "
            "LEFT JOIN procrastinate_jobs j ON j.worker_id = w.id AND j.status = 'doing' "
            "WHERE w.last_heartbeat >= now() - make_interval(secs => :s) GROUP BY w.id ORDER BY w.id"
        ), {"s": stalled_after}).all()  # fmt: skip
        stalled = conn.execute(text(
            "SELECT j.id, j.task_name, j.args::text, j.worker_id FROM procrastinate_jobs j "
            "LEFT JOIN procrastinate_workers w ON w.id = j.worker_id WHERE j.status = 'doing' "
            "AND (w.id IS NULL OR w.last_heartbeat < now() - make_interval(secs => :s)) ORDER BY j.id"
        ), {"s": stalled_after}).all()  # fmt: skip
    return [WorkerRow(*r) for r in workers], [StalledJob(*r) for r in stalled]
