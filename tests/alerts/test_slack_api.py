"""type: slack_api against a local Slack Web API: one thread per story, across restarts; Slack's error codes
decide between giving up and retrying; the token never shows (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from alerts.config import QuietHours, SlackApiChannelConfig
from alerts.dispatch import dispatch_due
from crawler.cli import main
from crawler.config import load_config
from crawler.errors import ConfigError
from storage import outbox
from storage.db import session_scope
from storage.models import ChannelThread, Delivery
from tests import configs
from tests.alerts.events import changed, created, edited, statement
from tests.alerts.test_end_to_end import SAID, SAID2, run, set_feed, set_page
from tests.conftest import REPO
from tests.servers.slack_api import DESK_ID, TOKEN, ApiReply, SlackApiServer

NOON = datetime(2025, 3, 9, 12, tzinfo=UTC)


def api_cfg(slack_api: SlackApiServer, **kw) -> SlackApiChannelConfig:  # noqa: ANN003
    base = {"name": "desk-thread", "type": "slack_api", "token_env": "TW_TEST_SLACK_TOKEN", "channel": "#desk",
            "api_url": slack_api.url, "timeout": 5}  # fmt: skip
    return SlackApiChannelConfig(**{**base, **kw})


def seed(factory, events, channel: str = "desk-thread", start: int = 0) -> None:  # noqa: ANN001
    with session_scope(factory) as s:
        for i, e in enumerate(events, start):
            outbox.add_alert(s, kind=e.kind, event_key=f"k{i}", watch=e.watch, payload=e.to_payload(),
                             channels=[channel], now=NOON)  # fmt: skip


def go(factory, cfg: SlackApiChannelConfig, now: datetime = NOON):  # noqa: ANN001, ANN201
    return asyncio.run(dispatch_due(factory, {cfg.name: cfg}, now=now))


def deliveries(factory) -> list[Delivery]:  # noqa: ANN001
    with session_scope(factory) as s:
        return list(s.scalars(select(Delivery).order_by(Delivery.id)))


def threads(factory) -> list[tuple[str, str, str, str]]:  # noqa: ANN001
    with session_scope(factory) as s:
        rows = s.execute(select(ChannelThread.channel, ChannelThread.thread_key, ChannelThread.conversation,
                                ChannelThread.ts).order_by(ChannelThread.id))  # fmt: skip
        return [tuple(r) for r in rows]  # type: ignore[misc]


def write_config(tmp_path: Path, server, slack_api: SlackApiServer) -> Path:  # noqa: ANN001
    cfg = {
        "sources": [
            {"key": "sohr", "name": "SOHR", "organization": "SOHR", "type": "feed", "url": server.url("/feed"),
             "baseline": False},
            {"key": "presidency", "name": "Presidency", "organization": "Syrian Presidency", "type": "page",
             "url": server.url("/statements"), "baseline": False},
        ],
        "aliases": {"SOHR": ["Syrian Observatory for Human Rights", "Syrian Human Rights Observatory"]},
        "channels": [
            {"name": "desk-thread", "type": "slack_api", "token_env": "TW_TEST_SLACK_TOKEN", "channel": "#desk",
             "broadcast_replies": True, "api_url": slack_api.url, "timeout": "5s"},
        ],
    }  # fmt: skip
    path = configs.write_config(tmp_path / "tw.yaml", **cfg)
    return path


def test_a_series_is_one_thread_across_polls_and_a_restart(tmp_path, server, db_url, slack_api) -> None:  # noqa: ANN001
    config = write_config(tmp_path, server, slack_api)
    set_feed(server, "745")
    set_page(server, SAID)
    assert "alerts: 2 delivered in 2 messages" in run(config, db_url, "poll", "--once")

    # a new process (the daemon restarted): the thread's ts comes from the archive, not from memory
    set_feed(server, "973")
    set_page(server, SAID, SAID2)
    proc = subprocess.run(
        [sys.executable, "-m", "crawler", "-c", str(config), "--database", db_url, "poll", "--once"],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "alerts: 2 delivered in 2 messages" in proc.stdout + proc.stderr

    set_feed(server, "1,383")
    run(config, db_url, "poll", "--once")
    run(config, db_url, "poll", "--once")  # nothing changed: nothing new is posted
    assert run(config, db_url, "dispatch").startswith("0 delivered")

    by_text = {p["text"]: p for p in slack_api.posted}
    assert len(by_text) == len(slack_api.posted) == 5
    root = by_text["SOHR: civilians killed 745 (new)"]
    assert "thread_ts" not in root and "reply_broadcast" not in root and root["channel"] == DESK_ID
    replies = slack_api.replies(root["ts"])
    assert [r["text"] for r in replies] == ["SOHR: civilians killed 745 → 973 (+228)",
                                            "SOHR: civilians killed 973 → 1,383 (+410)"]  # fmt: skip
    assert all(r["reply_broadcast"] is True for r in replies)
    # each statement is a story of its own: two more top-level messages, nothing else threads
    assert sorted(p["text"] for p in slack_api.top_level()) == sorted([
        "SOHR: civilians killed 745 (new)",
        "Statement: Ahmed al-Sharaa, President",
        "Statement: Asaad al-Shaibani, Foreign Minister",
    ])
    assert all(isinstance(p["blocks"], list) and p["blocks"] for p in slack_api.posted)  # Block Kit + text fallback
    assert all(r["headers"]["Authorization"] == f"Bearer {TOKEN}" for r in slack_api.requests)
    listing = run(config, db_url, "alerts", "--format", "json")
    assert listing.count('"status": "sent"') == 5 and TOKEN not in listing


def test_statement_edit_replies_and_a_new_dispatcher_remembers(session_factory, slack_api) -> None:  # noqa: ANN001
    cfg = api_cfg(slack_api)
    seed(session_factory, [created(), statement()])
    assert go(session_factory, cfg).sent == 2
    series_root, statement_root = slack_api.posted
    assert threads(session_factory) == [
        ("desk-thread", "series-abc", DESK_ID, series_root["ts"]),
        ("desk-thread", "statement-s1", DESK_ID, statement_root["ts"]),
    ]
    seed(session_factory, [edited(), changed()], start=10)
    assert go(session_factory, cfg, NOON + timedelta(minutes=1)).sent == 2  # a fresh dispatch_due: no shared state
    assert slack_api.posted[2]["thread_ts"] == statement_root["ts"]
    assert slack_api.posted[3]["thread_ts"] == series_root["ts"]
    assert "reply_broadcast" not in slack_api.posted[3]  # broadcast_replies is off by default
    assert len(threads(session_factory)) == 2  # replies never move the anchor


def test_a_changed_figure_first_opens_the_thread(session_factory, slack_api) -> None:  # noqa: ANN001
    # a rule let only figure changes through: the first one this channel sees starts the thread
    cfg = api_cfg(slack_api)
    seed(session_factory, [changed(745, 973), changed(973, 1383)])
    assert go(session_factory, cfg).sent == 2  # one batch, sent in order: the second already replies
    first, second = slack_api.posted
    assert "thread_ts" not in first and second["thread_ts"] == first["ts"]


def test_a_digest_is_top_level_and_the_thread_goes_on(session_factory, slack_api) -> None:  # noqa: ANN001
    cfg = api_cfg(slack_api, quiet_hours=QuietHours(start=time(22), end=time(7)))
    seed(session_factory, [created()])
    assert go(session_factory, cfg).sent == 1
    root = slack_api.posted[0]
    seed(session_factory, [changed(745, 760), statement()], start=10)
    night = datetime(2025, 3, 10, 1, tzinfo=UTC)
    assert go(session_factory, cfg, night).held == 2
    assert go(session_factory, cfg, datetime(2025, 3, 10, 7, 0, 1, tzinfo=UTC)).messages == 1
    digest = slack_api.posted[-1]
    assert digest["text"] == "tollwatch digest: 2 changes" and "thread_ts" not in digest
    seed(session_factory, [changed(760, 800)], start=20)
    assert go(session_factory, cfg, datetime(2025, 3, 10, 8, tzinfo=UTC)).sent == 1
    assert slack_api.posted[-1]["thread_ts"] == root["ts"]
    assert [t[1] for t in threads(session_factory)] == ["series-abc"]  # the digest opened no thread


def test_moving_to_another_channel_id_opens_a_new_thread_there(session_factory, slack_api) -> None:  # noqa: ANN001
    slack_api.channels["C0OTHER001"] = "C0OTHER001"
    seed(session_factory, [created()])
    go(session_factory, api_cfg(slack_api, channel=DESK_ID))
    seed(session_factory, [changed()], start=10)
    go(session_factory, api_cfg(slack_api, channel="C0OTHER001"))
    moved = slack_api.posted[-1]
    assert "thread_ts" not in moved and moved["channel"] == "C0OTHER001"
    assert threads(session_factory) == [("desk-thread", "series-abc", "C0OTHER001", moved["ts"])]


@pytest.mark.parametrize("code", ["invalid_auth", "not_authed", "channel_not_found", "not_in_channel"])
def test_auth_and_channel_errors_fail_for_good_with_the_code(session_factory, slack_api, monkeypatch, code) -> None:  # noqa: ANN001
    channel = "#desk"
    if code == "invalid_auth":
        monkeypatch.setenv("TW_TEST_SLACK_TOKEN", "xoxb-wrong-token")  # the server itself refuses it
    elif code == "channel_not_found":
        channel = "#nowhere"  # the server knows no such channel
    else:
        slack_api.script = [ApiReply(error=code)]  # what Slack answers a revoked app / a bot not invited
    seed(session_factory, [created()])
    cfg = api_cfg(slack_api, channel=channel)
    report = go(session_factory, cfg)
    assert (report.failed, report.sent, report.retrying) == (1, 0, 0)
    [d] = deliveries(session_factory)
    assert d.status == "failed" and d.attempts == 1
    assert d.last_error == f"PermanentFailure: Slack API error: {code}"
    assert slack_api.posted == [] and threads(session_factory) == []
    assert go(session_factory, cfg, NOON + timedelta(hours=2)).sent == 0  # given up: never tried again
    assert len(slack_api.requests) == 1


def test_429_and_slack_trouble_are_retried_then_posted_once(session_factory, slack_api) -> None:  # noqa: ANN001
    seed(session_factory, [created()])
    slack_api.script = [
        ApiReply(429, {"Retry-After": "90"}, error="ratelimited"),
        ApiReply(500, body=b"upstream down"),
        ApiReply(200, error="internal_error"),
    ]
    cfg = api_cfg(slack_api)
    first = go(session_factory, cfg)
    assert (first.sent, first.retrying) == (0, 1)
    [d] = deliveries(session_factory)
    assert d.status == "pending" and d.next_attempt_at == NOON + timedelta(seconds=90) and "429" in (d.last_error or "")
    assert go(session_factory, cfg, NOON + timedelta(seconds=60)).sent == 0  # Retry-After is honoured
    assert "HTTP 500" in go(session_factory, cfg, NOON + timedelta(seconds=91)).errors[0]
    assert "internal_error" in go(session_factory, cfg, NOON + timedelta(minutes=10)).errors[0]
    assert go(session_factory, cfg, NOON + timedelta(hours=1)).sent == 1
    [d] = deliveries(session_factory)
    assert (d.status, d.attempts) == ("sent", 4)
    assert len(slack_api.posted) == 1 and len(slack_api.requests) == 4
    assert threads(session_factory)[0][3] == slack_api.posted[0]["ts"]


def test_an_unreachable_api_is_retried(session_factory, slack_api, free_port: int) -> None:  # noqa: ANN001
    seed(session_factory, [created()])
    report = go(session_factory, api_cfg(slack_api, api_url=f"http://127.0.0.1:{free_port}/api"))
    assert report.retrying == 1 and "connection refused" in report.errors[0]


def test_missing_token_env_names_file_key_and_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOLLWATCH_SLACK_TOKEN", raising=False)
    p = tmp_path / "tw.yaml"
    p.write_text("channels:\n  - name: desk\n    type: slack_api\n    token_env: TOLLWATCH_SLACK_TOKEN\n"
                 "    channel: '#desk'\n")  # fmt: skip
    with pytest.raises(ConfigError) as err:
        load_config(p)
    msg = str(err.value)
    assert str(p) in msg and "channels[0].token_env" in msg and "TOLLWATCH_SLACK_TOKEN is not set" in msg
    monkeypatch.setenv("TOLLWATCH_SLACK_TOKEN", "xoxb-1")
    cfg = load_config(p).channels[0]
    assert isinstance(cfg, SlackApiChannelConfig) and cfg.api_url == "https://slack.com/api"
    assert cfg.broadcast_replies is False


def test_alerts_test_command_posts_and_reports_the_code(tmp_path: Path, slack_api, monkeypatch) -> None:  # noqa: ANN001
    p = configs.write_config(tmp_path / "tw.yaml", database=f"sqlite:///{tmp_path / 'a.db'}", channels=[
        {"name": "desk-thread", "type": "slack_api", "token_env": "TW_TEST_SLACK_TOKEN", "channel": "#desk",
         "api_url": slack_api.url},
    ])  # fmt: skip
    res = CliRunner().invoke(main, ["--config", str(p), "alerts", "test", "desk-thread"])
    assert res.exit_code == 0 and "desk-thread: test message delivered" in res.output, res.output
    assert len(slack_api.posted) == 1 and "thread_ts" not in slack_api.posted[0]
    monkeypatch.setenv("TW_TEST_SLACK_TOKEN", "xoxb-revoked")
    res = CliRunner().invoke(main, ["--config", str(p), "alerts", "test", "desk-thread"])
    assert res.exit_code == 1 and "NOT delivered" in res.output and "invalid_auth" in res.output, res.output
    assert "xoxb-revoked" not in res.output
