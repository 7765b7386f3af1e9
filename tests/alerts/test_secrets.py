"""A configured secret never shows: a webhook answering with its own URL in the body (raw, JSON-escaped, or
cut at the body limit) leaves no trace in delivery.last_error, `alerts --failed` (table, JSON, CSV),
`dispatch`'s stderr and log lines, or `alerts test`."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import yaml
from click.testing import CliRunner
from sqlalchemy import select

from crawler.cli import main
from crawler.logs import RedactSecrets
from storage import outbox
from storage.db import make_engine, make_session_factory, session_scope
from storage.migrate import upgrade_to_head
from storage.models import Delivery
from storage.redact import REDACTED, remember_secret
from tests.alerts.events import changed
from tests.alerts.test_dispatch import NOON
from tests.servers.slack import Reply, SlackServer


def _setup(tmp_path: Path) -> tuple[Path, str]:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    cfg = tmp_path / "tw.yaml"
    cfg.write_text(yaml.safe_dump({"database": db, "sources": [], "channels": [
        {"name": "desk-slack", "type": "slack", "webhook_url_env": "TW_TEST_SLACK_WEBHOOK", "timeout": 5}]}))
    engine = make_engine(db)
    upgrade_to_head(engine)
    with session_scope(make_session_factory(engine)) as s:
        e = changed()
        outbox.add_alert(s, kind=e.kind, event_key="k", watch=e.watch, payload=e.to_payload(),
                         channels=["desk-slack"], now=NOON)  # fmt: skip
    engine.dispose()
    return cfg, db


def _echo(url: str) -> bytes:
    # the URL raw, JSON-escaped, and straddling the 300-character cut of the error text
    return (f"oops {url} " + json.dumps({"u": url}) + " " + "x" * (290 - 12 - 2 * len(url)) + url).encode()


def test_a_webhook_echoing_its_url_leaves_no_trace(tmp_path: Path, slack: SlackServer) -> None:
    cfg, db = _setup(tmp_path)
    secret_path = "/services/T000/B000/secret-token"
    slack.script = [Reply(500, body=_echo(slack.url)), Reply(404, body=_echo(slack.url))]
    runner = CliRunner()
    first = runner.invoke(main, ["--config", str(cfg), "dispatch"])
    assert first.exit_code == 0, first.output
    assert "HTTP 500" in first.stderr and REDACTED in first.stderr
    assert secret_path not in first.output and "secret-token" not in first.stderr
    engine = make_engine(db)
    with session_scope(make_session_factory(engine)) as s:
        [d] = s.scalars(select(Delivery))
        assert d.status == "pending" and "HTTP 500" in (d.last_error or "")
        assert "secret-token" not in (d.last_error or "") and "secret-to" not in (d.last_error or "")
    second = runner.invoke(main, ["--config", str(cfg), "dispatch", "--retry-now"])
    assert second.exit_code == 0 and "secret-token" not in second.output
    for fmt in ("table", "json", "csv"):
        shown = runner.invoke(main, ["--config", str(cfg), "alerts", "--failed", "--format", fmt])
        assert shown.exit_code == 0 and "HTTP 404" in shown.output, shown.output
        assert "secret-token" not in shown.output and "B000" not in shown.output, fmt
    with session_scope(make_session_factory(engine)) as s:
        [d] = s.scalars(select(Delivery))
        assert d.status == "failed" and "secret" not in (d.last_error or "").replace(REDACTED, "")
    engine.dispose()


def test_alerts_test_never_prints_the_url(tmp_path: Path, slack: SlackServer) -> None:
    cfg, _ = _setup(tmp_path)
    slack.script = [Reply(500, body=_echo(slack.url))]
    res = CliRunner().invoke(main, ["--config", str(cfg), "alerts", "test", "desk-slack"])
    assert res.exit_code == 1 and "HTTP 500" in res.output
    assert "secret-token" not in res.output and "B000" not in res.output


def test_log_lines_and_tracebacks_are_redacted() -> None:
    remember_secret("hunter2-configured-value")  # what loading a config naming TW_PLAIN_NAMED_VAR does
    try:
        raise ValueError("failed with hunter2-configured-value in it")
    except ValueError:
        record = logging.LogRecord("x", logging.WARNING, __file__, 1, "sent to %s", ("hunter2-configured-value",),
                                   exc_info=__import__("sys").exc_info())  # fmt: skip
    RedactSecrets().filter(record)
    text = logging.Formatter().format(record)
    assert "hunter2" not in text and text.startswith(f"sent to {REDACTED}") and "ValueError" in text
