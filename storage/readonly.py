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
DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # result bytes per query (rows stop there; SQLite refuses bigger values)


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


def readonly_engine(
    url: str, *, time_limit: float = DEFAULT_TIME_LIMIT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Engine:
    """An engine whose every connection is read-only at the database level, with a per-statement time limit
    (and, on SQLite, no string or blob larger than max_bytes: randomblob(1e9) is refused before it is made)."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed.database, time_limit, max_bytes)
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _read_only_session(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET default_transaction_read_only = on")
            cur.execute(f"SET statement_timeout = {max(1, int(time_limit * 1000))}")
        dbapi_conn.commit()

    return engine


def _sqlite_engine(database: str | None, time_limit: float, max_bytes: int = DEFAULT_MAX_BYTES) -> Engine:
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
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, max(1_000_000, max_bytes))
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
    stopped_at_bytes: bool = False  # the rows stop at max_bytes of results, not at max_rows


def _size(row: Any) -> int:
    return sum(len(v) if isinstance(v, str | bytes | bytearray | memoryview) else 16 for v in row)


def run_sql(
    engine: Engine, sql: str, *, max_rows: int | None = 1000, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> SqlResult:
    """Run one statement of user SQL on a read-only engine; always rolled back. Rows stop at max_rows and
    at max_bytes of values (fetched one batch at a time, so a huge result is not held in memory whole).

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
            fetched: list[Any] = []
            total, over_bytes = 0, False
            while cur.description is not None:  # None: a statement without rows (SET, PRAGMA …)
                batch = cur.fetchmany(100)
                if not batch:
                    break
                for row in batch:
                    total += _size(row)
                    if max_bytes and total > max_bytes:
                        over_bytes = True
                        break
                    fetched.append(row)
                if over_bytes or (max_rows and len(fetched) > max_rows):
                    break
        except Exception as exc:
            raise _query_error(exc) from None
        finally:
            cur.close()
            raw.rollback()
    truncated = over_bytes or (bool(max_rows) and len(fetched) > (max_rows or 0))
    rows = [dict(zip(columns, r, strict=True)) for r in fetched[:max_rows] if r is not None]
    return SqlResult(columns, rows, truncated, stopped_at_bytes=over_bytes)


READONLY_ROLE = "tollwatch_readonly"
READONLY_URL_ENV = "TOLLWATCH_READONLY_DATABASE_URL"  # `tollwatch sql` connects with it when set


def superuser_name(engine: Engine) -> str | None:
    """The user's name when a PostgreSQL engine connects as a superuser (who can read server files even in a
    read-only transaction: pg_read_file), else None."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").first()
    return str(row[0]) if row is not None and row[1] else None


def create_readonly_role(engine: Engine, role: str = READONLY_ROLE, password: str | None = None) -> None:
    """Create (or update) a PostgreSQL login role that can only read the archive's schema: SELECT on its tables
    and views, now and later, read-only by default, no superuser, no server file access."""
    if engine.dialect.name != "postgresql":
        raise ReadOnlyError("a read-only role is a PostgreSQL thing: SQLite is opened read-only by the file itself")
    if not role.replace("_", "").isalnum():
        raise ReadOnlyError(f"{role!r} is not a plain role name (letters, digits, _)")
    with engine.begin() as conn:
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
        database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
        exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).first()
        verb = "ALTER" if exists else "CREATE"
        conn.exec_driver_sql(f'{verb} ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT')
        if password is not None:
            conn.exec_driver_sql(f"ALTER ROLE \"{role}\" PASSWORD '{password.replace(chr(39), chr(39) * 2)}'")
        conn.exec_driver_sql(f'ALTER ROLE "{role}" SET default_transaction_read_only = on')
        conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
        conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        conn.exec_driver_sql(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
        conn.exec_driver_sql(f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT ON TABLES TO "{role}"')


def _query_error(exc: Exception) -> QueryError:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    lowered = message.lower()
    if "too big" in lowered:
        return QueryError(f"{message} (results are capped at --max-bytes)")
    if "interrupted" in lowered or "statement timeout" in lowered:
        return QueryInterrupted(f"the query ran past its time limit and was stopped ({message})")
    return QueryError(message)
