"""Shared CLI state: the config file, the database URL and the engine, loaded once and only when needed."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

import click

from crawler.cli.output import FORMATS
from crawler.errors import ConfigError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from crawler.config import Config

# The config (pydantic), SQLAlchemy and Alembic are imported by the methods that need them: `tollwatch --help`
# and every command's --help build an App and must not pay for them (start-up budget: docs/performance.md).


@dataclass
class App:
    config_path: str | None = None
    database_flag: str | None = None
    _config: Config | None = field(default=None, repr=False)

    def config(self, *, secrets: bool = False) -> Config:
        """The config; with `secrets`, every env var it names must be set (commands that fetch or send).

        A channel's missing secret blocks sending, never a read-only look at sources or the archive.
        """
        from crawler.config import load_config

        try:
            if self._config is None:
                self._config = load_config(self.config_path, check_env=False)
            if secrets:
                load_config(self.config_path, check_env=True)  # the same file: only the env check can fail
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
        return self._config

    @property
    def database_url(self) -> str:
        from crawler.config import database_url, load_config

        if self.database_flag or os.environ.get("TOLLWATCH_DATABASE_URL"):
            return database_url(self.database_flag)
        if self.config_path or os.environ.get("TOLLWATCH_CONFIG"):
            return database_url(config=self.config())
        try:  # the default config: a missing secret of a channel must not block a read-only query
            return database_url(config=load_config(None, check_env=False))
        except ConfigError:
            return database_url()

    @cached_property
    def engine(self) -> Engine:
        from storage.db import make_engine

        return make_engine(self.database_url)

    def upgraded_engine(self) -> Engine:
        """The engine, with the archive brought to the newest schema (every command that writes or reads)."""
        from storage.migrate import upgrade_to_head

        try:
            upgrade_to_head(self.engine)
        except Exception as exc:
            raise click.ClickException(f"cannot open the archive {self.safe_url}: {exc}") from None
        return self.engine

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        from storage.db import make_session_factory

        return make_session_factory(self.upgraded_engine())

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)


pass_app = click.make_pass_decorator(App)


def format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--format table|json|csv, the same on every listing command."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)(f)


def parse_day(value: str | None, *, end: bool, hint: str) -> datetime | None:
    """YYYY-MM-DD as a whole UTC day: its start for --since, the next day's start (exclusive) for --until.

    A full ISO time is used as given.
    """
    if value is None:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD or an ISO time)", param_hint=hint) from None
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    if end and len(value) == 10:  # a bare date: the whole day is included
        dt += timedelta(days=1)
    return dt
