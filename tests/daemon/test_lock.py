"""The PostgreSQL single-daemon lock survives its session being killed (server restart, failover, idle kill):
the daemon notices, takes the lock again, and a second daemon still refuses to start; if another daemon took
it meanwhile, this one stops. Sessions are ended with pg_terminate_backend on this test's own connections."""

from __future__ import annotations

import signal

import pytest
from sqlalchemy import create_engine, text

from crawler.daemon import ArchiveLock, ArchiveLocked
from storage.db import make_engine
from tests.conftest import PG_URL
from tests.daemon.conftest import wait_for, write_config

pytestmark = pytest.mark.postgres
ON_POSTGRES = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


def _holder_pid(engine) -> int | None:  # noqa: ANN001
    holder = ArchiveLock(engine).holder()
    return int(holder.rsplit("server pid ", 1)[1].split(",")[0]) if holder else None


def _terminate(pid: int) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar_one()
    admin.dispose()


@ON_POSTGRES
def test_a_killed_lock_session_is_reacquired_or_lost_to_another(db_url: str) -> None:
    engine = make_engine(db_url)
    lock = ArchiveLock(engine).acquire()
    try:
        assert lock.check() == "held"
        first = _holder_pid(engine)
        assert first is not None
        _terminate(first)
        wait_for(lambda: _holder_pid(engine) is None, 5, "the terminated session to go")
        assert lock.check() == "reacquired"
        second = _holder_pid(engine)
        assert second not in (None, first)
        with pytest.raises(ArchiveLocked):
            ArchiveLock(engine).acquire()  # a second daemon still refuses to start
        _terminate(second)
        wait_for(lambda: _holder_pid(engine) is None, 5, "the terminated session to go")
        other = ArchiveLock(engine).acquire()  # another daemon got in before the check
        try:
            with pytest.raises(ArchiveLocked):
                lock.check()
        finally:
            other.release()
    finally:
        lock.release()
        engine.dispose()


@ON_POSTGRES
def test_the_daemon_takes_its_lock_back_and_a_second_still_refuses(tmp_path, server, db_url, daemons) -> None:  # noqa: ANN001
    server.set("/feed", b"<rss version='2.0'><channel><title>t</title></channel></rss>", content_type="application/rss+xml")
    config = write_config(tmp_path / "tw.yaml", [{"key": "f", "name": "F", "type": "feed", "url": server.url("/feed"),
                                                  "interval": "10m"}])  # fmt: skip
    first = daemons(config, db_url, "--speed", "10")
    first.wait_running()
    engine = make_engine(db_url)
    try:
        pid = _holder_pid(engine)
        assert pid is not None
        _terminate(pid)
        wait_for(lambda: (_holder_pid(engine) or pid) != pid, 20, "the daemon to take its lock back")
        assert "lock re-acquired" in first.stderr
        second = daemons(config, db_url)
        assert second.proc.wait(30) != 0
        assert "another tollwatch daemon is running" in second.stderr
        assert first.proc.poll() is None and first.stop(signal.SIGTERM) == 0
    finally:
        engine.dispose()


def test_an_unreachable_archive_at_start_is_one_line_and_a_retry(tmp_path, free_port, daemons) -> None:  # noqa: ANN001
    config = write_config(tmp_path / "tw.yaml", [])
    d = daemons(config, f"postgresql://postgres@127.0.0.1:{free_port}/test")
    wait_for(lambda: d.stderr.count("is unreachable") >= 2 or d.proc.poll() is not None, 30, "two tries")
    assert d.proc.poll() is None, d.stderr  # still trying, not crashed
    assert "trying again in 2 s" in d.stderr and "trying again in 4 s" in d.stderr
    assert "connection refused" in d.stderr.lower() or "Connection refused" in d.stderr
    d.stop(signal.SIGTERM)
    assert "Traceback" not in d.stderr
