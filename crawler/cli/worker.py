"""`tollwatch worker` (take poll and dispatch jobs from the archive's PostgreSQL, on any host) and
`tollwatch workers` (live workers and stalled jobs): the procrastinate executor, crawler.jobs."""

from __future__ import annotations

import asyncio

import click

from crawler.cli.app import App, pass_app
from crawler.errors import HarvesterUnavailable
from crawler.harvest import load_harvesters
from crawler.jobs import (
    QUEUES,
    NeedsPostgres,
    Timing,
    list_workers,
    prepare_cluster,
    run_worker,
    setup_lock,
)


def start_worker(
    app: App, queues: tuple[str, ...], concurrency: int, name: str | None, speed: float,
    metrics_host: str = "127.0.0.1", metrics_port: int | None = None,
) -> None:  # fmt: skip
    """Shared by `tollwatch worker` and `tollwatch run --executor procrastinate`."""
    config = app.config()
    try:
        load_harvesters(config.sources)
    except HarvesterUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    try:
        lock = setup_lock(app.engine)  # before the archive is upgraded: no SQLite file made for nothing
        with lock:
            prepare_cluster(app.engine, app.session_factory, config)  # app.session_factory upgrades the archive
    except NeedsPostgres as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"tollwatch: worker on {app.safe_url}, queues {','.join(queues)}, {len(config.sources)} sources", err=True)
    asyncio.run(run_worker(config, app.session_factory, app.database_url, queues=queues, concurrency=concurrency,
                           name=name, timing=Timing(speed), metrics_host=metrics_host, metrics_port=metrics_port))  # fmt: skip


def parse_queues(value: str) -> tuple[str, ...]:
    queues = tuple(q.strip() for q in value.split(",") if q.strip())
    unknown = [q for q in queues if q not in QUEUES]
    if unknown or not queues:
        raise click.BadParameter(f"queues are {', '.join(QUEUES)}; got {value!r}")
    return queues


@click.command()
@click.option("--queues", default=",".join(QUEUES), show_default=True, help="Comma-separated queues to take jobs from.")
@click.option("--concurrency", type=click.IntRange(min=1), default=10, show_default=True, help="Jobs run at once.")
@click.option("--name", help="Worker name in the logs (default: the host name).")
@click.option("--metrics-port", type=click.IntRange(min=0, max=65535),
              help="Serve this worker's /metrics (Prometheus: jobs done, failed, retried, queue depth) and /healthz on this port.")  # fmt: skip
@click.option("--metrics-host", default="127.0.0.1", show_default=True, help="Address the metrics endpoint binds to.")
@click.option("--speed", type=click.FloatRange(min=1.0, max=100.0), default=1.0, hidden=True, envvar="TOLLWATCH_SPEED")
@pass_app
def worker(
    app: App, queues: str, concurrency: int, name: str | None, metrics_port: int | None, metrics_host: str, speed: float
) -> None:
    """Run polls and deliveries as jobs from the archive's PostgreSQL (procrastinate), until SIGTERM/SIGINT.

    Start any number, on any hosts pointed at the same PostgreSQL archive and config.
    """
    start_worker(app, parse_queues(queues), concurrency, name, speed, metrics_host, metrics_port)


@click.command()
@pass_app
def workers(app: App) -> None:
    """Live workers (last heartbeat, jobs running) and stalled jobs (running on a worker that stopped beating)."""
    try:
        live, stalled = list_workers(app.engine)
    except NeedsPostgres as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(live)} live workers")
    for w in live:
        click.echo(f"  worker {w.id}: heartbeat {w.last_heartbeat:%Y-%m-%d %H:%M:%S %Z}, {w.running} jobs running")
    click.echo(f"{len(stalled)} stalled jobs")
    for j in stalled:
        click.echo(f"  job {j.id}: {j.task} {j.args} (worker {j.worker_id if j.worker_id is not None else 'gone'})")
