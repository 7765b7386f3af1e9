"""`tollwatch db upgrade|current|readonly-role`: schema migrations of the archive, and the read-only role."""

from __future__ import annotations

import os

import click

from crawler.cli.app import App, pass_app
from storage.migrate import current_revision, head_revision
from storage.readonly import READONLY_ROLE, READONLY_URL_ENV, ReadOnlyError, create_readonly_role


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


@db.command("readonly-role")
@click.option("--role", default=READONLY_ROLE, show_default=True, help="The login role to create or update.")
@click.option("--password-env", metavar="VAR", help="Set the role's password from this environment variable.")
@pass_app
def readonly_role(app: App, role: str, password_env: str | None) -> None:
    """PostgreSQL: create a login role that can only SELECT from the archive (for `tollwatch sql` and `serve`)."""
    password = None
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise click.ClickException(f"environment variable {password_env} is not set")
    try:
        create_readonly_role(app.upgraded_engine(), role, password)
    except ReadOnlyError as exc:
        raise click.ClickException(str(exc)) from None
    url = app.engine.url.set(username=role, password=None).render_as_string(hide_password=True)
    click.echo(f"role {role} can read the archive and nothing else; for `tollwatch sql`: {READONLY_URL_ENV}={url}")
