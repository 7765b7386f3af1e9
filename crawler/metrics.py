"""The daemon's Prometheus metrics (polls, errors, items, poll latency and lag, alerts by status), a worker's
(the same, plus jobs done, failed and retried, and the depth of the job queues), and the small HTTP endpoint
that serves them with /healthz, on the process's own event loop (bound to 127.0.0.1 by default)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from crawler.poll import PollOutcome
from storage.db import session_scope
from storage.models import Delivery

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class _DeliveriesCollector(Collector):
    """Deliveries by status, read from the outbox at scrape time: the archive is the truth, not a counter."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("tollwatch_alert_deliveries", "Alert deliveries in the outbox, by status", labels=["status"])
        try:
            with session_scope(self.session_factory) as session:
                rows = session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
                counts = {status: n for status, n in rows}
        except Exception:  # a scrape must not fail because the database blinked
            log.warning("metrics: could not count deliveries", exc_info=True)
            counts = {}
        for status in ("pending", "sending", "sent", "failed"):
            family.add_metric([status], counts.get(status, 0))
        yield family


class Metrics:
    def __init__(self, session_factory: sessionmaker[Session] | None = None) -> None:
        self.registry = CollectorRegistry()
        self.up = False
        self.polls = Counter("tollwatch_polls", "Polls by source and outcome", ["source", "status"], registry=self.registry)
        self.errors = Counter("tollwatch_poll_errors", "Failed polls by source", ["source"], registry=self.registry)
        self.items = Counter("tollwatch_items", "Items archived, by source and kind (new, changed)", ["source", "kind"],
                             registry=self.registry)  # fmt: skip
        self.latency = Histogram("tollwatch_poll_duration_seconds", "Time one poll took", ["source"],
                                 buckets=_LATENCY_BUCKETS, registry=self.registry)  # fmt: skip
        self.lag = Histogram("tollwatch_poll_lag_seconds", "Delay between a poll's due time and its start",
                             buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30), registry=self.registry)  # fmt: skip
        self.inflight = Gauge("tollwatch_polls_in_flight", "Polls running now", registry=self.registry)
        if session_factory is not None:
            self.registry.register(_DeliveriesCollector(session_factory))

    def observe(self, outcome: PollOutcome, lag: float) -> None:
        self.polls.labels(outcome.source_key, outcome.status).inc()
        if outcome.status == "error":
            self.errors.labels(outcome.source_key).inc()
        if outcome.new:
            self.items.labels(outcome.source_key, "new").inc(outcome.new)
        if outcome.changed:
            self.items.labels(outcome.source_key, "changed").inc(outcome.changed)
        if outcome.status != "skipped":
            self.latency.labels(outcome.source_key).observe(outcome.duration_ms / 1000)
        self.lag.observe(lag)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _QueuesCollector(Collector):
    """Jobs waiting and running in each procrastinate queue (all workers), read at scrape time."""

    def __init__(self, session_factory: sessionmaker[Session], queues: tuple[str, ...]) -> None:
        self.session_factory, self.queues = session_factory, queues

    def collect(self) -> Iterator[GaugeMetricFamily]:
        waiting = GaugeMetricFamily("tollwatch_jobs_waiting", "Jobs waiting in each queue, all workers (the queue depth)",
                                    labels=["queue"])  # fmt: skip
        running = GaugeMetricFamily("tollwatch_jobs_running", "Jobs running from each queue, all workers", labels=["queue"])
        try:
            with session_scope(self.session_factory) as session:
                rows = session.execute(text(
                    "SELECT queue_name, status::text, count(*) FROM procrastinate_jobs "
                    "WHERE status IN ('todo', 'doing') GROUP BY queue_name, status"
                )).all()  # fmt: skip
                counts = {(queue, status): n for queue, status, n in rows}
        except Exception:  # a scrape must not fail because the database blinked
            log.warning("metrics: could not count queued jobs", exc_info=True)
            counts = {}
        for queue in sorted({*self.queues, *(q for q, _ in counts)}):
            waiting.add_metric([queue], counts.get((queue, "todo"), 0))
            running.add_metric([queue], counts.get((queue, "doing"), 0))
        yield waiting
        yield running


class WorkerMetrics(Metrics):
    """A `tollwatch worker`'s: the daemon's poll metrics for the polls it ran, its jobs by task and result, and
    the depth of the queues."""

    def __init__(self, session_factory: sessionmaker[Session], queues: tuple[str, ...], tasks: tuple[str, ...]) -> None:
        super().__init__(session_factory)
        self.jobs = Counter("tollwatch_jobs", "Jobs this worker finished, by task and status (done, failed)",
                            ["task", "status"], registry=self.registry)  # fmt: skip
        self.retried = Counter("tollwatch_jobs_retried", "Jobs this worker ran again after an earlier attempt "
                               "(a dead worker's job re-queued by the sweep)", ["task"], registry=self.registry)  # fmt: skip
        self.requeued = Counter("tollwatch_jobs_requeued", "Stalled jobs of dead workers this worker's sweep re-queued",
                                registry=self.registry)  # fmt: skip
        self.jobs_in_flight = Gauge("tollwatch_jobs_in_flight", "Jobs running in this worker", registry=self.registry)
        for task in tasks:  # every series from the start, at 0: a rate() needs the zero
            self.jobs.labels(task, "done")
            self.jobs.labels(task, "failed")
            self.retried.labels(task)
        self.registry.register(_QueuesCollector(session_factory, queues))

    @contextmanager
    def job(self, task: str, attempts: int) -> Iterator[None]:
        """Count one job run: retried if it had an earlier attempt, then done or failed (a job cancelled at
        shutdown is neither)."""
        if attempts:
            self.retried.labels(task).inc()
        self.jobs_in_flight.inc()
        try:
            yield
        except Exception:
            self.jobs.labels(task, "failed").inc()
            raise
        else:
            self.jobs.labels(task, "done").inc()
        finally:
            self.jobs_in_flight.dec()


async def serve_metrics(metrics: Metrics, host: str, port: int) -> asyncio.Server:
    """GET /healthz (200 once the scheduler runs) and GET /metrics; everything else is 404."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), timeout=10)
            while (await asyncio.wait_for(reader.readline(), timeout=10)) not in (b"\r\n", b"\n", b""):
                pass  # headers: nothing in them matters here
            parts = request.decode("latin-1").split()
            path = parts[1].split("?", 1)[0] if len(parts) >= 2 else ""
            if path == "/healthz":
                status, body, ctype = (200, b"ok\n", "text/plain") if metrics.up else (503, b"starting\n", "text/plain")
            elif path == "/metrics":
                status, body, ctype = 200, await asyncio.to_thread(metrics.render), CONTENT_TYPE
            else:
                status, body, ctype = 404, b"not found\n", "text/plain"
            reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
            head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            writer.write(head.encode("latin-1") + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    server = await asyncio.start_server(handle, host, port)
    bound = server.sockets[0].getsockname()[1] if server.sockets else port  # port 0: the one the system chose
    log.warning("metrics on http://%s:%d/metrics (and /healthz)", host, bound)
    return server
