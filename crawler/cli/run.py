"""`tollwatch run`: the daemon, on the embedded SQLite archive by default."""

from __future__ import annotations

import asyncio

import click

from crawler.cli.app import App, pass_app
from crawler.daemon import Daemon


@click.command()
@pass_app
def run(app: App) -> None:
    """Run the daemon: poll every source at its interval until SIGTERM/SIGINT."""
    config = app.config()
    factory = app.session_factory  # upgrades the archive's schema first
    click.echo(f"tollwatch: {len(config.sources)} sources from {config.path}, archive {app.safe_url}", err=True)
    asyncio.run(Daemon(config, factory).run())
