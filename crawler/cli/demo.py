"""`tollwatch demo`: the March 2025 Syrian-coast scenario replayed from a local server, the real daemon polling it
with a fast clock into a temporary archive, each alert printed (and sent, with --smtp/--slack). No internet."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
from pathlib import Path

import click

from alerts.channels import Channel, make_channel
from alerts.config import AnyChannelConfig
from crawler.cli.console import ConsoleChannel
from crawler.config import Config
from crawler.daemon import Daemon, DaemonOptions
from crawler.demo import scenario
from crawler.demo.replay import ReplayServer
from storage import outbox
from storage.db import make_engine, make_session_factory, session_scope
from storage.migrate import upgrade_to_head

SPEED = 10.0  # the daemon's clock: the sources' 10 s intervals become 1 s
CONSOLE = "console"
SLACK_ENV = "TOLLWATCH_DEMO_SLACK_WEBHOOK"
QUERY_COMMANDS = ("status", "sources", "items", "figures", "series", "statements", "alerts")  # those that need no argument


def demo_config(server: ReplayServer, db_url: str, smtp: str | None, mail_to: str, slack: bool) -> Config:
    channels: list[dict[str, object]] = [{"name": CONSOLE, "type": "slack", "webhook_url_env": "TOLLWATCH_DEMO_CONSOLE"}]
    if smtp:
        host, _, port = smtp.rpartition(":")
        channels.append({"name": "demo-mail", "type": "email", "host": host or "127.0.0.1", "port": int(port),
                         "security": "none", "sender": "tollwatch-demo@localhost", "to": [mail_to], "timeout": 10})  # fmt: skip
    if slack:
        channels.append({"name": "demo-slack", "type": "slack", "webhook_url_env": SLACK_ENV, "timeout": 10})
    sources = [
        {"key": s.key, "name": s.name, "organization": s.organization, "type": s.type, "url": server.url(s.path),
         "interval": 10, "timeout": 10, "baseline": False}  # fmt: skip  # the replay starts the story: show it all
        for s in scenario.SOURCES
    ]
    # built here, not read from a file: no TOLLWATCH_* variable can point the demo at a real archive
    # the replay serves on 127.0.0.1: the one place tollwatch fetches a loopback address by design
    return Config.model_validate({"database": db_url, "sources": sources, "channels": channels,
                                  "aliases": scenario.ALIASES, "path": "<demo>", "allow_private_addresses": True})  # fmt: skip


@click.command()
@click.option("--smtp", metavar="HOST:PORT", help="Also send every alert as email to this SMTP server (no TLS).")
@click.option("--mail-to", default="desk@example.org", show_default=True, help="Recipient for --smtp.")
@click.option("--slack", "slack_url", metavar="URL", help="Also post every alert to this Slack webhook URL.")
@click.option("--day-seconds", type=click.FloatRange(min=1.0), default=4.0, show_default=True,
              help="Real seconds per scenario day.")  # fmt: skip
@click.option("--dir", "workdir", type=click.Path(file_okay=False), help="Keep the archive here (default: a new temp dir).")
def demo(smtp: str | None, mail_to: str, slack_url: str | None, day_seconds: float, workdir: str | None) -> None:
    """Replay the March 2025 Syrian coast scenario through the real daemon and print its alerts."""
    if smtp and not smtp.rpartition(":")[2].isdigit():
        raise click.BadParameter(f"{smtp!r} is not HOST:PORT", param_hint="--smtp")
    folder = Path(workdir or tempfile.mkdtemp(prefix="tollwatch-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{folder / 'demo.db'}"
    if slack_url:
        os.environ[SLACK_ENV] = slack_url  # channels read secrets from the environment, never from the config
    started = time.monotonic()
    server = ReplayServer().start()
    engine = make_engine(db_url)
    try:
        upgrade_to_head(engine)
        factory = make_session_factory(engine)
        config = demo_config(server, db_url, smtp, mail_to, bool(slack_url))
        click.echo(f"tollwatch demo: {len(config.sources)} sources replayed from {server.base}, archive {db_url}")
        click.echo(f"  one scenario day every {day_seconds:g}s; the daemon's clock runs {SPEED:g}× (polls every 1s)")
        asyncio.run(_play(config, factory, server, day_seconds))
    finally:
        server.stop()
        engine.dispose()
    took = time.monotonic() - started
    click.echo(f"\ndemo finished in {took:.0f}s. What it archived stays in {folder}; query it with:")
    root = click.get_current_context().find_root()
    commands = root.command.list_commands(root) if isinstance(root.command, click.Group) else []
    for name in QUERY_COMMANDS:
        if name in commands:
            click.echo(f"  tollwatch --database {db_url} {name}")


def _make_channel(config: AnyChannelConfig) -> Channel:
    if config.name == CONSOLE:
        return ConsoleChannel(CONSOLE, click.echo)
    return make_channel(config)


async def _play(config: Config, factory, server: ReplayServer, day_seconds: float) -> None:  # noqa: ANN001
    scenario.publish(server, 0)
    daemon = Daemon(config, factory, DaemonOptions(speed=SPEED, grace=2.0, make_channel=_make_channel))
    running = asyncio.create_task(daemon.run())
    for i, day in enumerate(scenario.DAYS):
        if i:
            scenario.publish(server, i)
        click.echo(f"\n=== {day.date} (day {i + 1} of {len(scenario.DAYS)}): {day.summary}")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(daemon.stopping.wait(), day_seconds)  # Ctrl-C ends the demo early
        if daemon.stopping.is_set():
            break
    # the last day's alerts: wait (a little) until the outbox has nothing left to deliver
    deadline = time.monotonic() + 15
    while not daemon.stopping.is_set() and time.monotonic() < deadline and _waiting(factory):
        await asyncio.sleep(0.5)
    daemon.request_stop()
    await running


def _waiting(factory) -> bool:  # noqa: ANN001
    with session_scope(factory) as session:
        return any(r.status in (outbox.PENDING, "sending") for r in outbox.list_deliveries(session, status="pending"))
