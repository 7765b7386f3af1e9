"""`tollwatch poll`: poll sources once (all with --once, else those that are due) and print one line each."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

import click

from crawler.cli.app import App, pass_app
from crawler.cli.output import safe_text

if TYPE_CHECKING:
    from crawler.config import Config, SourceConfig
    from crawler.poll import PollOutcome

# the poll pipeline (extraction, tracking, alerts) is imported by the command, not to print its --help


@click.command()
@click.option("--once", is_flag=True, help="Poll every enabled source now, due or not.")
@click.option("--source", "-s", "keys", multiple=True, metavar="KEY", help="Only these sources (repeatable).")
@pass_app
def poll(app: App, once: bool, keys: tuple[str, ...]) -> None:
    """Poll sources once and print a one-line summary per source."""
    from alerts.dispatch import dispatch_due
    from crawler.errors import HarvesterUnavailable
    from crawler.harvest import load_harvesters
    from crawler.sources import sync_config

    config = app.config(secrets=True)
    try:
        load_harvesters(config.sources)
    except HarvesterUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    factory = app.session_factory
    sync_config(factory, config)
    chosen = _choose(config, keys, once, factory)
    if not chosen:
        click.echo("nothing is due (use --once to poll every source now)")
        return
    outcomes = asyncio.run(_run(config, factory, chosen))
    failed = sum(1 for o in outcomes if o.status == "error")
    new = sum(o.new for o in outcomes)
    changed = sum(o.changed for o in outcomes)
    click.echo(f"{len(outcomes)} sources polled: {new} new items, {changed} changed, {failed} failed")
    if config.channels:
        # then deliver what these polls put in the outbox (and anything still pending)
        report = asyncio.run(dispatch_due(factory, {c.name: c for c in config.channels}))
        click.echo(f"alerts: {report.summary()}")


def _choose(config: Config, keys: tuple[str, ...], once: bool, factory) -> list[SourceConfig]:  # noqa: ANN001
    known = {s.key for s in config.sources}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise click.BadParameter(f"no such source: {', '.join(unknown)} (see `tollwatch sources`)", param_hint="--source")
    chosen = [s for s in config.sources if s.enabled and (not keys or s.key in keys)]
    if once or keys:
        return chosen
    from sqlalchemy import select

    from storage.base import utcnow
    from storage.db import session_scope
    from storage.models import Source

    now = utcnow()
    with session_scope(factory) as session:
        due = {
            key
            for key, next_due in session.execute(select(Source.key, Source.next_due))
            if next_due is None or next_due <= now
        }
    return [s for s in chosen if s.key in due]


async def _run(config: Config, factory, chosen: list[SourceConfig]) -> list[PollOutcome]:  # noqa: ANN001
    from crawler.context import open_context
    from crawler.poll import poll_sources

    async with open_context(config, factory) as ctx:
        return await poll_sources(ctx, chosen, on_done=_printer(len(chosen)))


def _printer(total: int):  # noqa: ANN202
    done = 0
    show_progress = sys.stderr.isatty() and total > 1

    def on_done(outcome: PollOutcome) -> None:
        nonlocal done
        done += 1
        click.echo(safe_text(outcome.summary()))
        if show_progress:
            click.echo(f"  [{done}/{total}]", err=True, nl=False)
            click.echo("\r", err=True, nl=False)

    return on_done
