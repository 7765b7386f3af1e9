"""`tollwatch run`: the daemon, on the embedded SQLite archive by default; one daemon per archive (a lock)."""

from __future__ import annotations

import asyncio
import shlex
import time

import click
from sqlalchemy.exc import InterfaceError, OperationalError

from crawler.cli.app import App, pass_app
from crawler.config import load_config
from crawler.daemon import GRACE, Daemon, DaemonOptions
from crawler.errors import HarvesterUnavailable
from crawler.harvest import load_harvesters
from crawler.lock import ArchiveLock, ArchiveLocked
from storage.redact import redact
from storage.retry import Backoff

ARCHIVE_BACKOFF = Backoff(base=2, cap=60)  # an unreachable archive at start: 2 s, 4 s, … 1 min between tries


def wait_for_archive(app: App) -> None:
    """Connect once before anything else; while the database cannot be reached, say so in one line and try
    again with backoff (a service manager starts tollwatch before PostgreSQL more often than not)."""
    failures = 0
    while True:
        try:
            with app.engine.connect():
                return
        except (OperationalError, InterfaceError, OSError) as exc:
            failures += 1
            wait = ARCHIVE_BACKOFF.delay(failures)
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            click.echo(
                f"tollwatch: the archive {app.safe_url} is unreachable ({redact(reason[0] if reason else type(exc).__name__)[:200]}); "
                f"trying again in {wait:g} s",
                err=True,
            )
            time.sleep(wait)


@click.command()
@click.option("--force", is_flag=True, help="Start even if another daemon holds this archive's lock.")
@click.option("--metrics-port", type=int, envvar="TOLLWATCH_METRICS_PORT",
              help="Serve /metrics (Prometheus) and /healthz on this port (else the config's metrics_port). Env: TOLLWATCH_METRICS_PORT.")  # fmt: skip
@click.option("--metrics-host", default="127.0.0.1", show_default=True, envvar="TOLLWATCH_METRICS_HOST",
              help="Address the metrics endpoint binds to.")  # fmt: skip
@click.option("--grace", type=float, default=GRACE, show_default=True,
              help="Seconds in-flight polls get to finish on SIGTERM/SIGINT before they are abandoned.")  # fmt: skip
# the demo's and the tests' fast clock: every interval, backoff and dispatch period is divided by it
@click.option("--speed", type=click.FloatRange(min=1.0, max=100.0), default=1.0, hidden=True, envvar="TOLLWATCH_SPEED")
@click.option("--stats-file", type=click.Path(dir_okay=False), hidden=True,
              help="Append one JSON line per poll (due, start, end): read by bench/bench_daemon.py.")  # fmt: skip
@click.option("--executor", type=click.Choice(["inprocess", "procrastinate"]), envvar="TOLLWATCH_EXECUTOR",
              help="Where polls run: in this process, or as procrastinate jobs any `tollwatch worker` takes "
                   "(PostgreSQL only; this process then is one such worker, on every queue). "
                   "Env: TOLLWATCH_EXECUTOR; else the config's executor (default inprocess).")  # fmt: skip
@pass_app
def run(
    app: App, force: bool, metrics_port: int | None, metrics_host: str, grace: float,
    speed: float, stats_file: str | None, executor: str | None,
) -> None:  # fmt: skip
    """Run the daemon: poll every source at its interval and deliver alerts, until SIGTERM/SIGINT.

    SIGHUP reloads the config (sources added, removed or rescheduled without a restart).
    """
    config = app.config(secrets=True)
    try:
        load_harvesters(config.sources)
    except HarvesterUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    # the first line: where the archive is and how to read it while the daemon writes it
    url = app.safe_url
    click.echo(
        f"tollwatch: archive {url} ({len(config.sources)} sources from {config.path}); query it with "
        f"`tollwatch --database {shlex.quote(url)} figures` (or series, statements, serve)", err=True,
    )  # fmt: skip
    wait_for_archive(app)
    if (executor or config.executor) == "procrastinate":
        # the scheduler is the database-deduplicated tick every worker carries: no archive lock, run as many as needed
        from crawler.cli.worker import start_worker
        from crawler.jobs import QUEUES

        port = metrics_port if metrics_port is not None else config.metrics_port
        start_worker(app, QUEUES, config.concurrency, None, speed, metrics_host, port)
        return
    lock = ArchiveLock(app.engine)
    if force:
        click.echo("tollwatch: --force: not taking the archive lock", err=True)
    else:
        try:
            lock.acquire()
        except ArchiveLocked as exc:
            raise click.ClickException(str(exc)) from None
    try:
        factory = app.session_factory  # upgrades the archive's schema first (under the lock)
        path = app.config_path
        options = DaemonOptions(
            speed=speed,
            grace=grace,
            stats_file=stats_file,
            metrics_host=metrics_host,
            metrics_port=metrics_port if metrics_port is not None else config.metrics_port,
            reload=lambda: load_config(path),
            lock_check=None if force else lock.check,
        )
        daemon = Daemon(config, factory, options)
        asyncio.run(daemon.run())
        if daemon.lost_lock is not None:
            raise click.ClickException(f"stopped: the archive lock was lost: {daemon.lost_lock}")
    finally:
        lock.release()
