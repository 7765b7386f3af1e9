"""Small things a desk hits every day: options after the subcommand, a missing channel secret that blocks only
sending, times to the second with "in 4m 10s", `run` saying where the archive is, `--version`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from click.testing import CliRunner

from crawler import __version__
from crawler.cli import main
from crawler.cli.output import moment
from tests.conftest import REPO
from tests.query.archive import Archive


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_config_and_database_after_the_subcommand(archive: Archive) -> None:
    db, cfg = archive.db_url, str(archive.config)
    code, out = cli("figures", "--database", db, "-c", cfg, "--format", "json")
    assert code == 0, out
    assert [r["number"] for r in json.loads(out)] == [1383, 973, 148, 745]
    # subgroups and their commands take them too
    code, out = cli("db", "current", "--database", db)
    assert code == 0 and "at " in out, out
    code, out = cli("sources", "--config", cfg, "--database", db, "--format", "json")
    assert code == 0 and {s["key"] for s in json.loads(out)} == {"sohr", "presidency", "wire"}
    # given after the subcommand, it is the last word over the one before it
    code, out = cli("--database", "sqlite:////nonexistent/dir/x.db", "series", "--database", db, "--format", "json")
    assert code == 0 and json.loads(out)[0]["reporter"] == "SOHR", out


def test_a_missing_channel_secret_blocks_sending_not_reading(archive: Archive, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("TW_DESK_MISSING_WEBHOOK", raising=False)
    cfg = yaml.safe_load(archive.config.read_text())
    cfg["channels"] = [{"name": "desk", "type": "slack", "webhook_url_env": "TW_DESK_MISSING_WEBHOOK"}]
    archive.config.write_text(yaml.safe_dump(cfg))
    for args in (("figures",), ("series",), ("statements",), ("sources",), ("status",), ("items",)):
        result = archive.run(*args)
        assert result.exit_code == 0, args
    refused = archive.run("dispatch", ok=False)
    assert refused.exit_code == 1 and "TW_DESK_MISSING_WEBHOOK is not set" in refused.output
    assert archive.run("alerts", "test", "desk", ok=False).exit_code == 1


def test_status_and_sources_show_seconds_and_how_long_until_the_next_poll(archive: Archive) -> None:
    for command in ("status", "sources"):
        table = archive.out(command)
        # next poll: "2026-12-04 16:50:10 (in 14m 59s)"; last poll or last ok: "(... ago)"
        assert " (in " in table and (" ago)" in table or " (now)" in table), table
        assert any(len(word) == 8 and word.count(":") == 2 for word in table.split()), table
    now = datetime(2026, 12, 4, 16, 46, 0, tzinfo=UTC)
    assert moment(now + timedelta(seconds=250), now) == "2026-12-04 16:50:10 (in 4m 10s)"
    assert moment(now - timedelta(hours=26, minutes=3), now) == "2026-12-03 14:43:00 (1d 2h ago)"


def test_version() -> None:
    code, out = cli("--version")
    assert code == 0 and out.strip() == f"tollwatch, version {__version__}"


def test_run_says_first_where_the_archive_is_and_how_to_query_it(tmp_path: Path) -> None:
    config = tmp_path / "tw.yaml"
    config.write_text(yaml.safe_dump({"sources": []}))
    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    log = tmp_path / "run.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "crawler", "run", "--config", str(config), "--database", db_url],
                                cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                                stdout=subprocess.DEVNULL, stderr=err)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while "\n" not in log.read_text() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        first = log.read_text().splitlines()[0]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
    assert db_url in first and f"tollwatch --database {db_url} figures" in first, first
