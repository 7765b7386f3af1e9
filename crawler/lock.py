"""One daemon per archive: `ArchiveLock` (a file lock on SQLite, an advisory lock on PostgreSQL) and who holds it.

Its own module so `tollwatch status` can ask who holds the lock without importing the daemon (scheduler,
channels, the poll pipeline).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

from crawler.errors import TollwatchError
from storage.owners import process_owner

log = logging.getLogger(__name__)


class ArchiveLocked(TollwatchError):
    """Another daemon holds this archive."""


def _holder_tag() -> str:
    return f"{process_owner()} since {datetime.now(UTC).isoformat(timespec='seconds')}"


def _pg_lock_key(conn: Connection) -> int:
    where = conn.execute(text("SELECT current_database() || '/' || current_schema()")).scalar_one()
    digest = hashlib.blake2b(f"tollwatch-daemon:{where}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class ArchiveLock:
    """Held for the daemon's lifetime. SQLite: an exclusive flock on `<db file>.lock` (the file names the
    holder). PostgreSQL: a session advisory lock on a dedicated connection (pg_stat_activity names it).
    Both vanish with the process, even after SIGKILL: there is no stale lock to clean up."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.where = engine.url.render_as_string(hide_password=True)
        self._file: IO[str] | None = None
        self._conn: Connection | None = None
        self._key: int | None = None
        self._lock_engine: Engine | None = None

    @property
    def lock_path(self) -> Path | None:
        db = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not db or db == ":memory:":
            return None
        return Path(db + ".lock")

    def acquire(self) -> ArchiveLock:
        if self.engine.dialect.name == "postgresql":
            self._acquire_pg()
        elif self.lock_path is not None:
            self._acquire_file(self.lock_path)
        return self

    def _acquire_file(self, path: Path) -> None:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 — held open for the daemon's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            handle.close()
            raise ArchiveLocked(
                f"another tollwatch daemon is running on the archive {self.where} ({holder}; lock file {path}). "
                "Stop it first, or pass --force to run a second one anyway."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(_holder_tag() + "\n")
        handle.flush()
        self._file = handle

    def _acquire_pg(self) -> None:
        if self._lock_engine is None:
            # a connection of its own, outside the pool: the pool's pre-ping would silently swap a terminated
            # connection for a fresh one, and the lock with it
            self._lock_engine = create_engine(self.engine.url, poolclass=NullPool)
        conn = self._lock_engine.connect()
        key = _pg_lock_key(conn)
        conn.execute(text("SELECT set_config('application_name', :n, false)"), {"n": f"tollwatch run {_holder_tag()}"[:63]})
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar_one()
        conn.commit()
        if not got:
            holder = pg_lock_holder(conn, key) or "unknown session"
            conn.close()
            raise ArchiveLocked(
                f"another tollwatch daemon is running on the archive {self.where} ({holder}). "
                "Stop it first, or pass --force to run a second one anyway."
            )
        self._conn, self._key = conn, key

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.seek(0)
                self._file.truncate()
                fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
                self._conn.commit()
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
        if self._lock_engine is not None:
            self._lock_engine.dispose()
            self._lock_engine = None

    def check(self) -> str:
        """Is the lock still ours? 'held'; 'reacquired' after the server dropped our session (restart,
        failover, an idle kill) and nobody else took it; 'unreachable' while the server cannot be reached
        (tried again next time). Raises ArchiveLocked when another daemon took it meanwhile: this one must exit.
        SQLite's file lock cannot be lost: always 'held'."""
        if self._conn is None or self._key is None:
            return "held"
        unsigned = self._key & 0xFFFFFFFFFFFFFFFF
        try:
            mine = self._conn.execute(
                text(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                    "pid = pg_backend_pid() AND classid = :hi AND objid = :lo AND objsubid = 1)"
                ),
                {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF},
            ).scalar_one()
            self._conn.commit()
            if mine:
                return "held"
        except Exception:  # the session is gone (terminated, server restarted): so is its lock
            pass
        with contextlib.suppress(Exception):
            self._conn.close()
        self._conn = None
        try:
            self._acquire_pg()  # raises ArchiveLocked when another daemon holds it now
        except ArchiveLocked:
            raise
        except Exception as exc:
            log.error("the archive lock's database session is gone and the server is unreachable: %s", exc)
            return "unreachable"
        log.warning("the archive lock's database session was dropped by the server; lock re-acquired")
        return "reacquired"

    def holder(self) -> str | None:
        """Who holds the lock now (for `tollwatch status`), or None when no daemon runs."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                return pg_lock_holder(conn, _pg_lock_key(conn))
        path = self.lock_path
        if path is None or not path.exists():
            return None
        with open(path, encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return handle.read().strip() or "unknown process"
            fcntl.flock(handle, fcntl.LOCK_UN)
        return None


def pg_lock_holder(conn: Connection, key: int) -> str | None:
    # a bigint advisory key is stored as classid (high 32 bits) and objid (low 32 bits)
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    row = conn.execute(
        text(
            "SELECT a.pid, a.application_name, a.client_addr FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :hi AND l.objid = :lo AND l.objsubid = 1"
        ),
        {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF},
    ).first()
    if row is None:
        return None
    name = row.application_name or "a session"
    return f"{name}, server pid {row.pid}" + (f", from {row.client_addr}" if row.client_addr else "")
