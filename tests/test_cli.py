"""The CLI as a user runs it: poll --once, sources, items in each format, db upgrade, config errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from crawler.cli import main
from tests.configs import write_config
from tests.servers.feedgen import Entry, rss


def _config(tmp_path: Path, server, db_url: str) -> Path:  # noqa: ANN001
    server.set("/feed", rss([Entry("g1", "SOHR: 745 civilians killed", "body one", server.url("/a/1")),
                             Entry("g2", "=cmd|' /C calc'!A0", "\x1b[31mred\x1b[0m text", server.url("/a/2"))]))  # fmt: skip
    server.set("/down", b"no", status=500)
    return write_config(tmp_path / "tw.yaml", [
        {"key": "sohr", "name": "SOHR", "organization": "SOHR", "type": "feed", "url": server.url("/feed"), "interval": "10m"},
        {"key": "down", "name": "Down", "type": "feed", "url": server.url("/down"), "interval": "5m"},
    ], database=db_url)  # fmt: skip


def test_poll_sources_items(tmp_path: Path, server, db_url: str) -> None:  # noqa: ANN001
    cfg = _config(tmp_path, server, db_url)
    runner = CliRunner()
    res = runner.invoke(main, ["--config", str(cfg), "poll", "--once"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert any(line.startswith("sohr: ok 200 — 2 items, 2 new, 0 changed") for line in lines), res.output
    assert any(line.startswith("down: error — HTTP 500") for line in lines)
    assert lines[-1] == "2 sources polled: 2 new items, 0 changed, 1 failed", res.output

    res = runner.invoke(main, ["--config", str(cfg), "sources", "--format", "json"])
    rows = {r["key"]: r for r in json.loads(res.output)}
    assert rows["sohr"]["items"] == 2 and rows["sohr"]["last_status"] == "ok" and rows["sohr"]["failures"] == 0
    assert rows["down"]["failures"] == 1 and "HTTP 500" in rows["down"]["last_error"]

    res = runner.invoke(main, ["--config", str(cfg), "items", "--source", "sohr", "--format", "csv"])
    table = list(csv.DictReader(io.StringIO(res.output)))
    assert {r["title"] for r in table} == {"SOHR: 745 civilians killed", "'=cmd|' /C calc'!A0"}

    res = runner.invoke(main, ["--config", str(cfg), "items", "--since", "2030-01-01", "--format", "json"])
    assert json.loads(res.output) == []

    res = runner.invoke(main, ["--config", str(cfg), "items"])
    assert res.exit_code == 0 and "745 civilians" in res.output and "\x1b" not in res.output

    # not due yet: plain `poll` polls nothing
    res = runner.invoke(main, ["--config", str(cfg), "poll", "--source", "sohr"])
    assert "sohr: not modified" in res.output


def test_config_error_is_clear(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("sources:\n  - key: a\n    name: A\n    type: feed\n    url: notaurl\n")
    res = CliRunner().invoke(main, ["--config", str(p), "poll", "--once"])
    assert res.exit_code == 1
    assert f"{p}: sources[0].url: 'notaurl' is not an http(s) URL" in res.output


def test_bad_since_and_unknown_source(tmp_path: Path, server, db_url: str) -> None:  # noqa: ANN001
    cfg = _config(tmp_path, server, db_url)
    res = CliRunner().invoke(main, ["--config", str(cfg), "items", "--since", "yesterday"])
    assert res.exit_code == 2 and "'yesterday' is not a date" in res.output
    res = CliRunner().invoke(main, ["--config", str(cfg), "poll", "--source", "nope"])
    assert res.exit_code == 2 and "no such source: nope" in res.output


def test_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    res = CliRunner().invoke(main, ["--database", url, "db", "upgrade"])
    assert res.exit_code == 0 and "at revision" in res.output
    res = CliRunner().invoke(main, ["--database", url, "db", "current"])
    at, newest = res.output.split(": at ")[1].strip().split(", newest ")
    assert at == newest and at != "none"


def test_help_lists_every_command_with_its_own_summary() -> None:
    import importlib

    from crawler.cli import COMMANDS

    res = CliRunner().invoke(main, ["--help"])
    assert res.exit_code == 0, res.output
    for name, (target, summary) in COMMANDS.items():
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert summary == command.get_short_help_str(limit=10**4), name
        assert f"  {name} " in res.output


def test_upgrade_skips_alembic_only_when_the_archive_is_at_the_newest_revision(engine) -> None:  # noqa: ANN001
    from storage import migrate

    assert migrate._scripts_head() == migrate.head_revision(engine) == migrate.current_revision(engine)
    migrate.upgrade_to_head(engine)  # already current: a no-op
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
