"""`tollwatch sources` and `tollwatch items`: what is watched, its poll state, and what was archived."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from crawler.cli.app import App, format_option, parse_day, pass_app
from crawler.cli.output import emit, moment
from crawler.sources import sync_config
from storage import queries
from storage.db import session_scope

SOURCE_COLUMNS = ("key", "type", "organization", "interval_s", "items", "last_status", "last_ok", "failures", "next_due", "last_error")
ITEM_COLUMNS = ("item_id", "source", "published", "versions", "title", "url")


@click.command()
@format_option
@pass_app
def sources(app: App, fmt: str) -> None:
    """List sources with their poll state (last poll, failures, next due)."""
    factory = app.session_factory
    sync_config(factory, app.config(spiders=False))
    with session_scope(factory) as session:
        rows = queries.source_rows(session)
    if fmt == "table":
        now = datetime.now(UTC)
        emit([{**r, "last_ok": moment(r["last_ok"], now), "next_due": moment(r["next_due"], now)} for r in rows],
             fmt, SOURCE_COLUMNS)  # fmt: skip
        return
    emit(rows, fmt, (*SOURCE_COLUMNS[:1], "name", *SOURCE_COLUMNS[1:], "enabled", "url"))


@click.command()
@click.option("--source", "-s", "source_key", metavar="KEY", help="Only this source.")
@click.option("--since", metavar="DATE", help="Published (or first seen) on or after this date, e.g. 2025-03-09.")
@click.option("--limit", default=200, show_default=True, help="At most this many rows (0 = all).")
@format_option
@pass_app
def items(app: App, source_key: str | None, since: str | None, limit: int, fmt: str) -> None:
    """List archived items, newest first."""
    with session_scope(app.session_factory) as session:
        rows = queries.item_rows(session, source_key=source_key, since=parse_day(since, end=False, hint="--since"), limit=limit or None)
    emit(rows, fmt, ITEM_COLUMNS if fmt == "table" else (*ITEM_COLUMNS, "first_seen", "last_seen", "guid"))
