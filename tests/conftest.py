"""Shared fixtures: the archive on SQLite and PostgreSQL (real servers), the local source server, configs."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_to_head
from tests.servers.slack import SlackServer
from tests.servers.smtp import SmtpServer
from tests.servers.sources import SourceServer

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SHARED = REPO.parent / "shared"
PG_URL = os.environ.get("TOLLWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    # a developer's proxy or archive settings must never reroute a test
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
                "TOLLWATCH_DATABASE_URL", "TOLLWATCH_CONFIG", "TOLLWATCH_READONLY_DATABASE_URL"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    # every local test server listens on 127.0.0.1; tests of the refusal itself delete this (tests/test_addresses.py)
    monkeypatch.setenv("TOLLWATCH_ALLOW_PRIVATE_ADDRESSES", "1")


def _pg_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty archive URL on each backend; PostgreSQL gets a schema of its own per test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
        return
    if not _pg_available():
        if os.environ.get("TOLLWATCH_ALLOW_NO_PG"):
            pytest.skip("PostgreSQL is not running and TOLLWATCH_ALLOW_NO_PG is set")
        pytest.fail("PostgreSQL is not running on 127.0.0.1:5432 (start it: see README, Development)")
    yield from pg_schema_url()


def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a new schema of its own, dropped afterwards (a fixture's body)."""
    schema = "tw_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def engine(db_url: str):  # noqa: ANN201
    eng = make_engine(db_url)
    upgrade_to_head(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine):  # noqa: ANN001, ANN201
    return make_session_factory(engine)


@pytest.fixture
def server() -> Iterator[SourceServer]:
    srv = SourceServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def free_port() -> int:
    """A port nothing listens on (a dead host, for tests)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real in-process SMTP server (aiosmtpd) that records what it receives."""
    srv = SmtpServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackServer]:
    """A local Slack incoming-webhook endpoint; its URL is in TW_TEST_SLACK_WEBHOOK."""
    srv = SlackServer().start()
    monkeypatch.setenv("TW_TEST_SLACK_WEBHOOK", srv.url)
    yield srv
    srv.stop()
