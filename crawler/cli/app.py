"""Shared CLI state: the config file, the database URL and the engine, loaded once and only when needed."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def long_lived() -> Iterator[None]:
    """Imports and a config load: a great many objects that all live as long as the process. The cyclic
    collector's passes over them meanwhile find nothing to free; the first time, they are frozen after (moved
    out of the collector's sight), so the passes while the command runs skip them too. Together a third of a
    query command's CPU. Only the first time: a process that runs commands in turn (the tests' CliRunner)
    must still free what the earlier ones left. (No gc.collect() first: it would cost what freezing saves; the
    few cycles made while importing stay, as the modules do.)"""
    global _frozen
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not _frozen:
            _frozen = True
            gc.freeze()
        if enabled:
            gc.enable()


_frozen = False


@dataclass
class App:
    config_path: str | None = None
    database_flag: str | None = None
    _config: Config | None = field(default=None, repr=False)
    _spiders_checked: bool = field(default=False, repr=False)

    def config(self, *, secrets: bool = False, spiders: bool = True) -> Config:
        """The config; with `secrets`, every env var it names must be set (commands that fetch or send); with
        `spiders`, every spider source's spider and arguments are checked (which imports Scrapy).

        A channel's missing secret blocks sending, and a spider that cannot load blocks crawling, never a
        read-only look at sources or the archive.
        """
        with long_lived():
            from crawler.config import check_spider_sources, load_config

        try:
            if self._config is None:
                with long_lived():
                    self._config = load_config(self.config_path, check_env=False, check_spiders=False)
            if spiders and not self._spiders_checked:
                check_spider_sources(self._config)
                self._spiders_checked = True
            if secrets:  # the same file: only the env check can fail
                load_config(self.config_path, check_env=True, check_spiders=False)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
        return self._config

    @property
    def database_url(self) -> str:
        # --database and $TOLLWATCH_DATABASE_URL win (crawler.config.database_url's order): a query command given
        # either never imports the config's pydantic models
        explicit = self.database_flag or os.environ.get("TOLLWATCH_DATABASE_URL")
        if explicit:
            return explicit
        from crawler.config import database_url, load_config

        if self.config_path or os.environ.get("TOLLWATCH_CONFIG"):
            return database_url(config=self.config())
        try:  # the default config: a missing secret of a channel must not block a read-only query
            return database_url(config=load_config(None, check_env=False, check_spiders=False))
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
