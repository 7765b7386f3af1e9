"""`tollwatch sql`: the documented views answer, and writes are refused by the database itself (not by a
keyword filter), including attempts to switch the read-only guard off first; long queries are stopped."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from storage.db import make_engine
from storage.models import Figure, Source
from storage.readonly import QueryError, QueryInterrupted, readonly_engine, run_sql
from tests.query.archive import Archive

COUNT_TO_A_BILLION = ("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000) "
                      "SELECT count(*) FROM c")  # fmt: skip


def test_views_answer_the_analyst(archive: Archive) -> None:
    rows = json.loads(archive.out("sql", "SELECT reporter, number, published_at, url FROM v_figures "
                                         "WHERE reporter = 'SOHR' ORDER BY published_at", "--format", "json"))  # fmt: skip
    assert [r["number"] for r in rows] == [745, 973, 1383]
    assert str(rows[1]["published_at"]).startswith("2025-03-09")
    history = json.loads(archive.out("sql", "SELECT reporter, role, number, current_number FROM v_series "
                                            "ORDER BY reporter DESC, point_id", "--format", "json"))  # fmt: skip
    assert [(h["reporter"], h["number"], h["current_number"]) for h in history] == [
        ("SOHR", 745, 1383), ("SOHR", 973, 1383), ("SOHR", 1383, 1383), ("SNHR", 148, 148)]  # fmt: skip
    speakers = archive.out("sql", "SELECT speaker, role FROM v_statements WHERE official = (1 = 1)", "--format", "csv")
    assert "Asaad al-Shaibani,Foreign Minister" in speakers
    assert "SOHR" in archive.out("sql", "SELECT reporter FROM v_figures")


@pytest.mark.parametrize("statement", [
    "INSERT INTO source (key, name, kind, url, interval_seconds, enabled, failures, created_at) "
    "VALUES ('x', 'x', 'feed', 'http://x', 60, 1 = 1, 0, CURRENT_TIMESTAMP)",
    "UPDATE figure SET number = 1",
    "DELETE FROM figure",
    "DROP VIEW v_figures",
    "CREATE TABLE mine (a INTEGER)",
])  # fmt: skip
def test_writes_are_refused_by_the_database(archive: Archive, statement: str) -> None:
    result = archive.run("sql", statement, ok=False)
    assert result.exit_code == 1 and "query refused" in result.output
    assert "read" in result.output.lower()  # "readonly database" / "read-only transaction"
    engine = make_engine(archive.db_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Figure)) == 4
        assert conn.scalar(select(func.count()).select_from(Source)) == 3
        assert sorted(conn.scalars(select(Figure.number))) == [148, 745, 973, 1383]
    engine.dispose()


def test_the_guard_cannot_be_switched_off_from_inside(archive: Archive) -> None:
    engine = readonly_engine(archive.db_url)
    sqlite = engine.dialect.name == "sqlite"
    try:
        if sqlite:
            run_sql(engine, "PRAGMA query_only = 0")  # the file itself is still open read-only
            with pytest.raises(QueryError, match="readonly database"):
                run_sql(engine, "DELETE FROM figure")
            with pytest.raises(QueryError, match="too many attached databases"):
                run_sql(engine, "ATTACH DATABASE 'elsewhere.db' AS other")
        else:
            run_sql(engine, "SET default_transaction_read_only = off")  # rolled back with its transaction
            run_sql(engine, "SELECT set_config('default_transaction_read_only', 'off', false)")
            with pytest.raises(QueryError, match="read-only transaction"):
                run_sql(engine, "DELETE FROM figure")
            # one statement per call: no COMMIT to escape the read-only transaction
            with pytest.raises(QueryError, match="multiple commands"):
                run_sql(engine, "COMMIT; SET default_transaction_read_only = off; DELETE FROM figure")
        with pytest.raises(QueryError):
            run_sql(engine, "SELECT 1; DELETE FROM figure")
    finally:
        engine.dispose()
    assert json.loads(archive.out("sql", "SELECT count(*) AS n FROM figure", "--format", "json")) == [{"n": 4}]


def test_a_runaway_query_is_stopped(archive: Archive) -> None:
    engine = readonly_engine(archive.db_url, time_limit=0.3)
    try:
        with pytest.raises(QueryInterrupted):
            run_sql(engine, COUNT_TO_A_BILLION)
        assert run_sql(engine, "SELECT count(*) AS n FROM v_statements").rows[0]["n"] >= 3  # the connection lives on
    finally:
        engine.dispose()
    result = archive.run("sql", COUNT_TO_A_BILLION, "--time-limit", "0.3", ok=False)
    assert result.exit_code == 1 and "time limit" in result.output


def test_max_rows_and_syntax_errors(archive: Archive) -> None:
    result = archive.run("sql", "SELECT * FROM v_figures", "--max-rows", "2", "--format", "json")
    assert len(json.loads(result.stdout)) == 2
    bad = archive.run("sql", "SELEC nothing", ok=False)
    assert bad.exit_code == 1 and "query refused" in bad.output


def test_results_are_capped_in_bytes_not_only_rows(archive: Archive) -> None:
    if archive.db_url.startswith("sqlite"):
        huge = archive.run("sql", "SELECT randomblob(1000000000) AS b", ok=False)  # refused before it is made
        assert huge.exit_code == 1 and "too big" in huge.output and "--max-bytes" in huge.output
    many = ("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 500) "
            "SELECT n, substr(printf('%.*c', 100000, 'x'), 1, 100000) AS s FROM c")  # fmt: skip
    if not archive.db_url.startswith("sqlite"):
        many = "SELECT n, repeat('x', 100000) AS s FROM generate_series(1, 500) AS n"
    result = archive.run("sql", many, "--max-bytes", "1000000", "--format", "json")
    rows = json.loads(result.stdout)
    assert 1 <= len(rows) <= 10 and "stopped at 1000000 bytes" in result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_superuser_is_warned_and_the_readonly_role_cannot_read_server_files(archive: Archive, monkeypatch) -> None:  # noqa: ANN001
    import re
    import uuid

    from sqlalchemy import create_engine, text

    from tests.conftest import PG_URL

    as_superuser = archive.run("sql", "SELECT 1 AS one")
    assert "warning: connected as the PostgreSQL superuser" in as_superuser.stderr
    role = "tw_ro_" + uuid.uuid4().hex[:8]
    try:
        made = archive.run("db", "readonly-role", "--role", role)
        url = re.search(r"TOLLWATCH_READONLY_DATABASE_URL=(\S+)", made.output).group(1)  # type: ignore[union-attr]
        monkeypatch.setenv("TOLLWATCH_READONLY_DATABASE_URL", url)
        ok = archive.run("sql", "SELECT count(*) AS n FROM v_figures", "--format", "json")
        assert json.loads(ok.stdout)[0]["n"] >= 1 and "warning" not in ok.stderr
        refused = archive.run("sql", "SELECT pg_read_file('/etc/hostname')", ok=False)
        assert refused.exit_code == 1 and "permission denied" in refused.output
        write = archive.run("sql", "SELECT set_config('role', 'none', false), pg_read_file('/etc/hostname')", ok=False)
        assert write.exit_code == 1
    finally:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()
