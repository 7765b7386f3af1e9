"""`tollwatch worker` processes (procrastinate on PostgreSQL) against the local source server: two workers never
poll one source at once, a worker killed mid-poll loses nothing and duplicates nothing, a worker restarted with
its name recovers its own stalled job, a hung source times out without blocking the others, /metrics counts jobs. `--speed` is the fast clock: tick, heartbeat and poll deadline divided by it."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from crawler.cli import main
from crawler.config import load_config
from crawler.jobs import defer_polls, due_source_keys, make_app, prepare_cluster, setup_lock
from storage.base import utcnow
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_to_head
from storage.models import Alert, FetchLog, Source
from tests.conftest import REPO, _pg_available, pg_schema_url
from tests.daemon.conftest import wait_for, write_config
from tests.daemon.test_daemon import feed

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(90)]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """An archive in a schema of its own; procrastinate's tables and functions go into it too."""
    if not _pg_available():
        pytest.fail("PostgreSQL is not running on 127.0.0.1:5432")
    yield from pg_schema_url()


class WorkerProcess:
    """`python -m crawler ... worker ARGS`, its stderr in a file."""

    def __init__(self, tmp: Path, config: Path, db_url: str, *args: str) -> None:
        self.log = tmp / f"worker-{time.monotonic_ns()}.log"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "crawler", "-v", "-c", str(config), "--database", db_url, "worker", *args],
                cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err,
            )  # fmt: skip

    @property
    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_running(self, timeout: float = 30) -> None:
        wait_for(lambda: "running: queues" in self.stderr or self.proc.poll() is not None, timeout, "the worker to start")
        assert self.proc.poll() is None, self.stderr

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout)

    def metrics_url(self, timeout: float = 30) -> str:
        """The /metrics URL of a worker started with `--metrics-port 0`, from its log line."""
        found = wait_for(lambda: re.search(r"metrics on (http://\S+/metrics)", self.stderr), timeout, "the metrics endpoint")
        return found.group(1)


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """(sample name, sorted labels) → value, from a real GET of a worker's /metrics."""
    with urlopen(url, timeout=10) as response:  # a local endpoint
        body = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body) for sample in family.samples
    }  # fmt: skip


def jobs_done(url: str, task: str = "tollwatch.poll_source") -> float:
    return scrape(url).get(("tollwatch_jobs_total", (("status", "done"), ("task", task))), 0.0)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(config: Path, db_url: str, *args: str) -> WorkerProcess:
        w = WorkerProcess(tmp_path, config, db_url, *args)
        started.append(w)
        return w

    yield start
    for w in started:  # a failed test must not leave a worker behind
        if w.proc.poll() is None:
            w.proc.kill()
            w.proc.wait(5)


def polls(db_url: str) -> dict[str, list[str]]:
    """source key → the statuses of its recorded polls."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Source.key, FetchLog.status).join(FetchLog, FetchLog.source_id == Source.id)).all()
    finally:
        engine.dispose()
    out: dict[str, list[str]] = {}
    for key, status in rows:
        out.setdefault(key, []).append(status)
    return out


def feed_source(key: str, url: str, **extra: object) -> dict[str, object]:
    # these tests follow the first poll's alert: no baseline
    return {"key": key, "name": key, "organization": "SOHR", "type": "feed", "url": url, "interval": "10m",
            "baseline": False, **extra}  # fmt: skip


def test_worker_refuses_sqlite(tmp_path: Path) -> None:
    config = write_config(tmp_path / "tw.yaml", [])
    db = tmp_path / "archive.db"
    result = CliRunner().invoke(main, ["-c", str(config), "--database", f"sqlite:///{db}", "worker"])
    assert result.exit_code == 1
    assert "procrastinate needs PostgreSQL" in result.output
    assert not db.exists()  # refused before anything was created
    result = CliRunner().invoke(main, ["-c", str(config), "--database", f"sqlite:///{db}", "run", "--executor", "procrastinate"])
    assert result.exit_code == 1 and "procrastinate needs PostgreSQL" in result.output
    config = write_config(tmp_path / "tw.yaml", [], executor="procrastinate")  # the config key, no flag
    result = CliRunner().invoke(main, ["-c", str(config), "--database", f"sqlite:///{db}", "run"])
    assert result.exit_code == 1 and "procrastinate needs PostgreSQL" in result.output


def test_executor_flag_overrides_the_config_key(tmp_path, daemons) -> None:  # noqa: ANN001
    config = write_config(tmp_path / "tw.yaml", [], executor="procrastinate")
    d = daemons(config, f"sqlite:///{tmp_path / 'archive.db'}", "--executor", "inprocess")
    d.wait_running()  # the in-process daemon, on SQLite
    assert d.stop() == 0


def test_bad_executor_is_named(tmp_path: Path) -> None:
    config = write_config(tmp_path / "tw.yaml", [], executor="celery")
    result = CliRunner().invoke(main, ["-c", str(config), "--database", f"sqlite:///{tmp_path / 'a.db'}", "run"])
    assert result.exit_code == 1
    assert "executor: 'celery' is not an executor (use inprocess or procrastinate)" in result.output
    result = CliRunner().invoke(main, ["-c", str(config), "run", "--executor", "celery"])
    assert result.exit_code == 2 and "'celery' is not one of 'inprocess', 'procrastinate'" in result.output


def test_executor_from_the_config_runs_polls_as_jobs(tmp_path, server, pg_url, daemons) -> None:  # noqa: ANN001
    server.set("/feed", feed(), content_type="application/rss+xml")
    config = write_config(tmp_path / "tw.yaml", [feed_source("sohr", server.url("/feed"))], executor="procrastinate")
    d = daemons(config, pg_url, "--speed", "5")
    wait_for(lambda: "running: queues poll,dispatch" in d.stderr or d.proc.poll() is not None, 30, "the worker to start")
    assert d.proc.poll() is None, d.stderr
    wait_for(lambda: polls(pg_url).get("sohr"), 40, "the source to be polled by a job")
    assert polls(pg_url) == {"sohr": ["ok"]}
    assert d.stop() == 0


def test_two_workers_never_poll_one_source_at_once(tmp_path, server, pg_url, workers) -> None:  # noqa: ANN001
    keys = [f"s{i}" for i in range(6)]
    for key in keys:  # each poll takes 1.5 s: ticks on both workers come while polls are running
        server.set(f"/{key}", feed(), content_type="application/rss+xml", delay=1.5)
    config = write_config(tmp_path / "tw.yaml", [feed_source(k, server.url(f"/{k}")) for k in keys])
    a = workers(config, pg_url, "--speed", "5", "--concurrency", "3", "--name", "a")
    b = workers(config, pg_url, "--speed", "5", "--concurrency", "3", "--name", "b")
    a.wait_running()
    b.wait_running()
    wait_for(lambda: len(polls(pg_url)) == len(keys), 40, "every source to be polled")
    time.sleep(4)  # more ticks on both workers: nothing is polled again (10 min interval)
    assert polls(pg_url) == {k: ["ok"] for k in keys}
    assert {f"/{k}": 1 for k in keys} == {p: n for p, n in server.hits.items() if p in {f"/{k}" for k in keys}}
    listing = CliRunner().invoke(main, ["-c", str(config), "--database", pg_url, "workers"])
    assert "2 live workers" in listing.output and "0 stalled jobs" in listing.output, listing.output
    assert a.stop() == 0 and b.stop() == 0


def test_worker_killed_mid_poll_is_polled_again_without_duplicate_or_lost_alert(
    tmp_path, server, pg_url, slack, workers
) -> None:  # noqa: ANN001
    server.set("/feed", feed("745"), content_type="application/rss+xml", delay=30)  # hangs: the worker dies mid-poll
    config = write_config(
        tmp_path / "tw.yaml", [feed_source("sohr", server.url("/feed"))],
        aliases={"SOHR": ["Syrian Observatory for Human Rights"]},
        channels=[{"name": "desk", "type": "slack", "webhook_url_env": "TW_TEST_SLACK_WEBHOOK", "timeout": "5s"}],
    )  # fmt: skip
    first = workers(config, pg_url, "--speed", "5", "--name", "first")
    first.wait_running()
    wait_for(lambda: server.hits.get("/feed"), 20, "the first worker to start polling")
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    server.set("/feed", feed("745"), content_type="application/rss+xml")

    second = workers(config, pg_url, "--speed", "5", "--name", "second", "--metrics-port", "0")
    second.wait_running()
    wait_for(lambda: polls(pg_url).get("sohr"), 40, "the stalled poll to be re-queued and polled")
    wait_for(lambda: slack.posted, 20, "the alert to be delivered")
    time.sleep(2)
    assert polls(pg_url) == {"sohr": ["ok"]}  # one recorded poll: the killed one left nothing half-written
    assert server.hits["/feed"] == 2
    assert len(slack.posted) == 1
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Alert)) == 1
        assert conn.execute(select(Source.lease_owner)).scalar_one() is None
    engine.dispose()
    assert "re-queued job" in second.stderr
    metrics = scrape(second.metrics_url())  # the retry is counted where it ran
    assert metrics[("tollwatch_jobs_retried_total", (("task", "tollwatch.poll_source"),))] == 1
    assert metrics[("tollwatch_jobs_requeued_total", ())] >= 1
    assert second.stop() == 0


def test_worker_restarted_with_the_same_name_recovers(tmp_path, server, pg_url, workers) -> None:  # noqa: ANN001
    server.set("/feed", feed("745"), content_type="application/rss+xml", delay=30)  # hangs: killed mid-poll
    config = write_config(tmp_path / "tw.yaml", [feed_source("sohr", server.url("/feed"))])
    before = workers(config, pg_url, "--speed", "5", "--name", "w1", "--concurrency", "1")
    before.wait_running()
    wait_for(lambda: server.hits.get("/feed"), 20, "the worker to start polling")
    assert before.stop(signal.SIGKILL) == -signal.SIGKILL
    server.set("/feed", feed("745"), content_type="application/rss+xml")
    server.set("/later", feed(), content_type="application/rss+xml")
    # restarted at once, same name, with one more source: its own stalled poll is retried and it goes on
    write_config(config, [feed_source("sohr", server.url("/feed")), feed_source("later", server.url("/later"))])
    after = workers(config, pg_url, "--speed", "5", "--name", "w1", "--concurrency", "1", "--metrics-port", "0")
    after.wait_running()
    wait_for(lambda: polls(pg_url).get("sohr") and polls(pg_url).get("later"), 60, "both sources to be polled")
    assert polls(pg_url) == {"sohr": ["ok"], "later": ["ok"]}
    assert server.hits["/feed"] == 2 and server.hits["/later"] == 1
    assert "re-queued job" in after.stderr
    wait_for(lambda: jobs_done(after.metrics_url()) >= 2, 20, "both poll jobs to be counted")
    metrics = scrape(after.metrics_url())
    assert metrics[("tollwatch_jobs_retried_total", (("task", "tollwatch.poll_source"),))] == 1
    listing = CliRunner().invoke(main, ["-c", str(config), "--database", pg_url, "workers"])
    assert "0 stalled jobs" in listing.output, listing.output  # (the dead one may still count as live: 30 s at speed 1)
    assert after.stop() == 0


def test_worker_metrics_count_its_jobs(tmp_path, server, pg_url, workers) -> None:  # noqa: ANN001
    server.set("/feed", feed(), content_type="application/rss+xml")
    config = write_config(tmp_path / "tw.yaml", [feed_source("sohr", server.url("/feed"))])
    w = workers(config, pg_url, "--speed", "5", "--metrics-port", "0")
    w.wait_running()
    url = w.metrics_url()
    with urlopen(url.replace("/metrics", "/healthz"), timeout=10) as response:
        assert response.status == 200
    wait_for(lambda: jobs_done(url) >= 1, 40, "the poll job to be counted")
    metrics = scrape(url)
    assert metrics[("tollwatch_jobs_total", (("status", "done"), ("task", "tollwatch.poll_source")))] == 1
    assert metrics[("tollwatch_jobs_total", (("status", "failed"), ("task", "tollwatch.poll_source")))] == 0
    assert metrics[("tollwatch_jobs_retried_total", (("task", "tollwatch.poll_source"),))] == 0
    assert metrics[("tollwatch_polls_total", (("source", "sohr"), ("status", "ok")))] == 1
    assert ("tollwatch_jobs_waiting", (("queue", "poll"),)) in metrics  # the queue depth, all workers
    assert ("tollwatch_jobs_waiting", (("queue", "dispatch"),)) in metrics
    assert polls(pg_url) == {"sohr": ["ok"]}
    assert w.stop() == 0


def test_hung_source_times_out_without_blocking_the_others(tmp_path, server, pg_url, workers) -> None:  # noqa: ANN001
    body = feed()
    server.set("/hung", body, content_type="application/rss+xml", drip=0.3)  # a byte every 0.3 s: no read timeout
    server.set("/ok", body, content_type="application/rss+xml")
    config = write_config(tmp_path / "tw.yaml", [
        feed_source("hung", server.url("/hung"), timeout="1s"), feed_source("ok", server.url("/ok")),
    ])  # fmt: skip
    w = workers(config, pg_url, "--speed", "10", "--concurrency", "2")  # the deadline: (1 s × 4 + 60 s) / 10
    w.wait_running()
    wait_for(lambda: polls(pg_url).get("ok"), 20, "the healthy source to be polled")
    assert "hung" not in polls(pg_url)  # still hanging while the other was done
    wait_for(lambda: polls(pg_url).get("hung"), 30, "the hung poll to time out")
    assert polls(pg_url) == {"ok": ["ok"], "hung": ["error"]}
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        error, lease = conn.execute(select(Source.last_error, Source.lease_owner).where(Source.key == "hung")).one()
    engine.dispose()
    assert lease is None and ("timed out" in error or "timeout" in error.lower()), error
    assert w.stop() == 0


def test_the_tick_skips_sources_whose_poll_job_waits_or_runs(tmp_path: Path, pg_url: str) -> None:
    """While workers work off a backlog, a tick does not try to defer the waiting polls again."""
    config = load_config(write_config(tmp_path / "tw.yaml", [
        feed_source("a", "http://127.0.0.1:9/a"), feed_source("b", "http://127.0.0.1:9/b"),
    ]), check_env=False)  # fmt: skip
    engine = make_engine(pg_url)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    with setup_lock(engine):
        prepare_cluster(engine, factory, config)

    async def defer_a() -> int:
        app = make_app(pg_url)
        async with app.open_async():
            return await defer_polls(app, ["a"])

    try:
        assert set(due_source_keys(factory, utcnow())) == {"a", "b"}
        assert asyncio.run(defer_a()) == 1
        assert due_source_keys(factory, utcnow()) == ["b"]  # a's job waits
        with engine.begin() as conn:  # a worker takes it
            conn.exec_driver_sql("UPDATE procrastinate_jobs SET status = 'doing'")
        assert due_source_keys(factory, utcnow()) == ["b"]
        with engine.begin() as conn:  # it ended without polling (a dead worker's job the sweep aborted)
            conn.exec_driver_sql("UPDATE procrastinate_jobs SET status = 'aborted'")
        assert set(due_source_keys(factory, utcnow())) == {"a", "b"}
    finally:
        engine.dispose()
