"""`tollwatch db upgrade|current`: schema migrations of the archive."""

from __future__ import annotations

import click

from crawler.cli.app import App, pass_app
from storage.migrate import current_revision, head_revision


@click.group()
def db() -> None:
    """Archive schema (Alembic migrations)."""


@db.command()
@pass_app
def upgrade(app: App) -> None:
    """Bring the archive to the newest schema (the daemon does this on start)."""
    app.upgraded_engine()
    click.echo(f"{app.safe_url}: at revision {current_revision(app.engine)}")


@db.command()
@pass_app
def current(app: App) -> None:
    """Show the archive's schema revision and the newest one."""
    click.echo(f"{app.safe_url}: at {current_revision(app.engine) or 'none'}, newest {head_revision(app.engine)}")
