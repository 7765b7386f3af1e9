"""Query commands over the archive: figures, series, statements, search, sql, plot, serve.

All of them read through a read-only connection (storage.readonly); rows go out through crawler.cli.output.
Dates (--since/--until) are those of the item version a figure or statement came from: its publication
date, else the time it was fetched. Both bounds are whole days, inclusive, in UTC.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from crawler.cli.app import App, format_option, parse_day, pass_app
from crawler.cli.output import emit
from storage import queries
from storage.readonly import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIME_LIMIT,
    READONLY_URL_ENV,
    QueryError,
    ReadOnlyError,
    readonly_engine,
    run_sql,
    superuser_name,
)
from storage.search import search_versions

FIGURE_COLUMNS = ("published", "reporter", "toll", "qualifier", "outcome", "victim_group", "source", "sentence")
FIGURE_ALL = (*FIGURE_COLUMNS, "number", "number_max", "perpetrator", "place", "reported_by", "url", "figure_id", "item_version_id")  # fmt: skip
SERIES_COLUMNS = ("id", "watch", "reporter", "outcome", "victim_group", "perpetrator", "number", "qualifier", "points", "published")  # fmt: skip
SERIES_ALL = (*SERIES_COLUMNS, "uid", "number_max", "updated")
HISTORY_COLUMNS = ("published", "role", "toll", "qualifier", "revision", "source", "url", "sentence")
HISTORY_ALL = (*HISTORY_COLUMNS, "number", "figure_id", "item_version_id")
STATEMENT_COLUMNS = ("published", "speaker", "role", "official", "kind", "text", "source")
STATEMENT_ALL = (*STATEMENT_COLUMNS, "organization", "url", "statement_id", "item_version_id")
SEARCH_COLUMNS = ("published", "source", "title", "snippet", "url")
SEARCH_ALL = (*SEARCH_COLUMNS, "version", "version_id", "item_id", "fetched")


def readonly(app: App) -> Engine:
    """The archive, read-only, after bringing its schema (views, search index) to the newest revision."""
    app.upgraded_engine()
    try:
        return readonly_engine(app.database_url)
    except ReadOnlyError as exc:
        raise click.ClickException(str(exc)) from None


def read(app: App, fn: Callable[[Session], Any]) -> Any:
    engine = readonly(app)
    try:
        with Session(engine) as session:
            return fn(session)
    finally:
        engine.dispose()


@click.command()
@click.option("--watch", "-w", metavar="W", help="Only figures that joined a series of this watch.")
@click.option("--reported-by", "-r", metavar="R", help="Reporter name or alias, case-insensitive (e.g. sohr).")
@click.option("--outcome", "-o", metavar="O", help="killed, injured, missing, detained, displaced.")
@click.option("--since", metavar="DATE", help="Published on or after this day (YYYY-MM-DD, UTC).")
@click.option("--until", metavar="DATE", help="Published on or before this day (YYYY-MM-DD, UTC, inclusive).")
@click.option("--limit", default=200, show_default=True, help="At most this many rows (0 = all).")
@format_option
@pass_app
def figures(app: App, watch: str | None, reported_by: str | None, outcome: str | None, since: str | None,
            until: str | None, limit: int, fmt: str) -> None:  # fmt: skip
    """Casualty figures, newest first: who reported what, when, in which sentence."""
    lo, hi = parse_day(since, end=False, hint="--since"), parse_day(until, end=True, hint="--until")
    rows = read(app, lambda s: queries.figure_rows(s, watch=watch, reported_by=reported_by, outcome=outcome,
                                                   since=lo, until=hi, limit=limit or None))  # fmt: skip
    emit(rows, fmt, FIGURE_COLUMNS if fmt == "table" else FIGURE_ALL)


@click.command()
@click.argument("ident", metavar="[ID]", required=False)
@click.option("--watch", "-w", metavar="W", help="Only series of this watch (list).")
@click.option("--reported-by", "-r", metavar="R", help="Reporter name or alias (list).")
@format_option
@pass_app
def series(app: App, ident: str | None, watch: str | None, reported_by: str | None, fmt: str) -> None:
    """Series with their current value; with an ID (number or uid), that series' full history."""
    if ident is None:
        rows = read(app, lambda s: queries.series_rows(s, watch=watch, reported_by=reported_by))
        emit(rows, fmt, SERIES_COLUMNS if fmt == "table" else SERIES_ALL)
        return

    def history(session: Session) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        found = queries.find_series_row(session, ident)
        return found, queries.series_point_rows(session, found["id"]) if found else []

    found, rows = read(app, history)
    if found is None:
        raise click.ClickException(f"no series {ident!r} (see `tollwatch series`)")
    if fmt == "table":
        who = f"{found['reporter']}: {found['victim_group']} {found['outcome']}"
        click.echo(f"series {found['id']} ({found['watch']}) {who} — now {found['number']}")
    emit(rows, fmt, HISTORY_COLUMNS if fmt == "table" else HISTORY_ALL)


@click.command()
@click.option("--speaker", "-s", metavar="S", help="Speaker, role or organization (case-insensitive substring).")
@click.option("--official/--any", "official", default=None, help="Only statements by officials.")
@click.option("--since", metavar="DATE", help="Published on or after this day (YYYY-MM-DD, UTC).")
@click.option("--until", metavar="DATE", help="Published on or before this day (YYYY-MM-DD, UTC, inclusive).")
@click.option("--limit", default=200, show_default=True, help="At most this many rows (0 = all).")
@format_option
@pass_app
def statements(app: App, speaker: str | None, official: bool | None, since: str | None, until: str | None,
               limit: int, fmt: str) -> None:  # fmt: skip
    """Statements (quotes and reported speech), newest first."""
    lo, hi = parse_day(since, end=False, hint="--since"), parse_day(until, end=True, hint="--until")
    rows = read(app, lambda s: queries.statement_rows(s, speaker=speaker, official=official or None,
                                                      since=lo, until=hi, limit=limit or None))  # fmt: skip
    emit(rows, fmt, STATEMENT_COLUMNS if fmt == "table" else STATEMENT_ALL)


@click.command()
@click.argument("text")
@click.option("--limit", default=50, show_default=True, help="At most this many versions (0 = all).")
@format_option
@pass_app
def search(app: App, text: str, limit: int, fmt: str) -> None:
    """Archived versions (title and text) containing every word of TEXT, newest first."""
    rows = read(app, lambda s: search_versions(s, text, limit=limit or None))
    emit(rows, fmt, SEARCH_COLUMNS if fmt == "table" else SEARCH_ALL)


@click.command()
@click.argument("query")
@click.option("--max-rows", default=1000, show_default=True, help="At most this many rows (0 = all).")
@click.option("--time-limit", default=DEFAULT_TIME_LIMIT, show_default=True, help="Seconds before the query is stopped.")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="At most this many bytes of results.")
@format_option
@pass_app
def sql(app: App, query: str, max_rows: int, time_limit: float, max_bytes: int, fmt: str) -> None:
    """Run one read-only SQL statement (views: v_figures, v_series, v_statements; see docs/querying.md)."""
    app.upgraded_engine()
    url = os.environ.get(READONLY_URL_ENV) or app.database_url
    try:
        engine = readonly_engine(url, time_limit=time_limit, max_bytes=max_bytes)
    except ReadOnlyError as exc:
        raise click.ClickException(str(exc)) from None
    superuser = superuser_name(engine)
    if superuser:
        click.echo(
            f"warning: connected as the PostgreSQL superuser {superuser!r}: read-only SQL can still read server files "
            f"(pg_read_file). Create a read-only role with `tollwatch db readonly-role` and point {READONLY_URL_ENV} "
            "at it.",
            err=True,
        )
    try:
        result = run_sql(engine, query, max_rows=max_rows or None, max_bytes=max_bytes)
    except QueryError as exc:
        raise click.ClickException(f"query refused: {exc}") from None
    finally:
        engine.dispose()
    rows = [{k: _sql_value(v) for k, v in r.items()} for r in result.rows]
    emit(rows, fmt, result.columns)
    if result.stopped_at_bytes:
        click.echo(f"(stopped at {max_bytes} bytes of results: use --max-bytes)", err=True)
    elif result.truncated:
        click.echo(f"(stopped after {max_rows} rows: use --max-rows)", err=True)


def _sql_value(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    return value


@click.command()
@click.argument("idents", metavar="SERIES...", nargs=-1, required=True)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The chart file (PNG, SVG or PDF by its extension).")  # fmt: skip
@pass_app
def plot(app: App, idents: tuple[str, ...], output: str) -> None:
    """Draw the values of one or more series over time (a step chart) into a file."""
    from crawler.web.chart import plot_series  # matplotlib is heavy: only `plot` pays for it

    def load(session: Session) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        out = []
        for ident in idents:
            found = queries.find_series_row(session, ident)
            if found is None:
                raise click.ClickException(f"no series {ident!r} (see `tollwatch series`)")
            out.append((found, queries.series_point_rows(session, found["id"])))
        return out

    plot_series(read(app, load), Path(output))
    click.echo(f"wrote {output}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but loopback needs the bearer token (api.token_env).")  # fmt: skip
@click.option("--port", "-p", default=8080, show_default=True, help="Port (0 = any free port).")
@pass_app
def serve(app: App, host: str, port: int) -> None:
    """The read-only web page and JSON API (/api, described by /api/openapi.json)."""
    from crawler.web.app import RefusedBind, make_server

    token_env = app.config(spiders=False).api.token_env
    token = os.environ.get(token_env) if token_env else None
    if token_env and not token:
        raise click.ClickException(f"environment variable {token_env} is not set (the config's api.token_env)")
    engine = readonly(app)
    try:
        server = make_server(engine, host=host, port=port, token=token)
    except (RefusedBind, OSError) as exc:
        engine.dispose()
        raise click.ClickException(str(exc)) from None
    click.echo(f"serving the archive read-only on {server.url} (API: {server.url}api/openapi.json; Ctrl-C stops)")
    try:
        server.serve_forever()
    finally:
        engine.dispose()
