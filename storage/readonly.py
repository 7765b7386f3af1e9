"""Read-only connections to the archive, for `tollwatch sql`, `tollwatch serve` and the query commands.

Read-only is a fact of the database connection, never a keyword filter on the SQL:
- SQLite: the file is opened with `mode=ro` (the OS-level open is read-only), `PRAGMA query_only=1`, ATTACH
  is disabled (limit 0, so no other writable file can be attached), and a progress handler interrupts a
  statement that runs past its time limit.
- PostgreSQL: `default_transaction_read_only=on` for the session, a `statement_timeout`, every statement runs
  in a transaction that is rolled back, and user SQL goes through the extended protocol (one statement only,
  so "COMMIT; SET …; INSERT …" cannot be smuggled in one call).
"""

from __future__ import annotations

import math
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from storage.db import normalize_url

DEFAULT_TIME_LIMIT = 5.0  # seconds per statement


class ReadOnlyError(Exception):
    """The archive cannot be opened read-only (e.g. an in-memory or missing SQLite database)."""


class QueryError(Exception):
    """The database refused or failed a query (syntax error, a write, …); carries the database's message."""


class QueryInterrupted(QueryError):
    """A query ran past its time limit and was stopped."""


class _TimedConnection(sqlite3.Connection):
    """A SQLite connection whose progress handler stops the running statement after its deadline."""

    deadline: float = math.inf
    time_limit: float = DEFAULT_TIME_LIMIT

    def start_clock(self) -> None:
        self.deadline = time.monotonic() + self.time_limit

    def _over_time(self) -> int:
        return 1 if time.monotonic() > self.deadline else 0


def readonly_engine(url: str, *, time_limit: float = DEFAULT_TIME_LIMIT) -> Engine:
    """An engine whose every connection is read-only at the database level, with a per-statement time limit."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed.database, time_limit)
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _read_only_session(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET default_transaction_read_only = on")
            cur.execute(f"SET statement_timeout = {max(1, int(time_limit * 1000))}")
        dbapi_conn.commit()

    return engine


def _sqlite_engine(database: str | None, time_limit: float) -> Engine:
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ReadOnlyError("a read-only connection needs an SQLite file (not an in-memory database)")
    path = Path(database).expanduser().resolve()
    if not path.exists():
        raise ReadOnlyError(f"no archive at {path}")
    uri = path.as_uri() + "?mode=ro"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=30, factory=_TimedConnection, check_same_thread=False)
        conn.time_limit = time_limit
        conn.execute("PRAGMA query_only = 1")
        conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        conn.set_progress_handler(conn._over_time, 10_000)
        return conn

    engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "before_cursor_execute")
    def _start_clock(conn: Any, _cursor: Any, _stmt: str, _params: Any, _context: Any, _many: bool) -> None:
        conn.connection.dbapi_connection.start_clock()

    return engine


@dataclass(frozen=True, slots=True)
class SqlResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool


def run_sql(engine: Engine, sql: str, *, max_rows: int | None = 1000) -> SqlResult:
    """Run one statement of user SQL on a read-only engine; always rolled back.

    Raises QueryInterrupted past the time limit, QueryError for anything the database refuses.
    """
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        if isinstance(raw, _TimedConnection):
            raw.start_clock()
        cur = raw.cursor()
        try:
            if engine.dialect.name == "postgresql":
                cur.execute(sql, prepare=True)  # type: ignore[call-arg]  # psycopg 3: extended protocol
            else:
                cur.execute(sql)
            columns = [d[0] for d in cur.description or []]
            if cur.description is None:  # a statement without rows (SET, PRAGMA …)
                fetched = []
            else:
                fetched = cur.fetchmany(max_rows + 1) if max_rows else cur.fetchall()
        except Exception as exc:
            raise _query_error(exc) from None
        finally:
            cur.close()
            raw.rollback()
    truncated = bool(max_rows) and len(fetched) > (max_rows or 0)
    rows = [dict(zip(columns, r, strict=True)) for r in fetched[:max_rows] if r is not None]
    return SqlResult(columns, rows, truncated)


def _query_error(exc: Exception) -> QueryError:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    lowered = message.lower()
    if "interrupted" in lowered or "statement timeout" in lowered:
        return QueryInterrupted(f"the query ran past its time limit and was stopped ({message})")
    return QueryError(message)
