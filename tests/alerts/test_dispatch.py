"""The outbox against real endpoints: 429 Retry-After, 500 retries, quiet hours → digest, rate limits,
two dispatchers at once, and config secrets (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from alerts.config import QuietHours, RateLimit, SlackChannelConfig
from alerts.dispatch import dispatch_due
from crawler.config import load_config
from crawler.errors import ConfigError
from storage import outbox
from storage.db import session_scope
from storage.models import Delivery
from tests.alerts.events import changed, statement
from tests.servers.slack import Reply, SlackServer

NOON = datetime(2025, 3, 9, 12, tzinfo=UTC)


def slack_cfg(**kw) -> SlackChannelConfig:  # noqa: ANN003
    return SlackChannelConfig(name="desk-slack", type="slack", webhook_url_env="TW_TEST_SLACK_WEBHOOK", timeout=5, **kw)


def seed(factory, events, channel: str = "desk-slack") -> None:  # noqa: ANN001
    with session_scope(factory) as s:
        for i, e in enumerate(events):
            outbox.add_alert(s, kind=e.kind, event_key=f"k{i}", watch=e.watch, payload=e.to_payload(),
                             channels=[channel], now=NOON)  # fmt: skip


def go(factory, cfg: SlackChannelConfig, now: datetime, **kw):  # noqa: ANN001, ANN003, ANN201
    return asyncio.run(dispatch_due(factory, {cfg.name: cfg}, now=now, **kw))


def rows(factory) -> list[Delivery]:  # noqa: ANN001
    with session_scope(factory) as s:
        return list(s.scalars(select(Delivery).order_by(Delivery.id)))


def test_429_retry_after_and_500_are_retried_then_sent_once(session_factory, slack: SlackServer) -> None:  # noqa: ANN001
    seed(session_factory, [changed()])
    slack.script = [Reply(429, {"Retry-After": "120"}, b"rate_limited"), Reply(500, body=b"boom")]
    cfg = slack_cfg()
    first = go(session_factory, cfg, NOON)
    assert (first.sent, first.retrying) == (0, 1)
    [d] = rows(session_factory)
    assert d.status == "pending" and d.attempts == 1 and d.next_attempt_at == NOON + timedelta(seconds=120)
    assert "429" in (d.last_error or "") and "secret-token" not in (d.last_error or "")
    assert go(session_factory, cfg, NOON + timedelta(seconds=60)).sent == 0  # Retry-After is honoured
    second = go(session_factory, cfg, NOON + timedelta(seconds=121))
    assert second.retrying == 1 and "HTTP 500: boom" in second.errors[0]
    third = go(session_factory, cfg, NOON + timedelta(hours=1))
    assert third.sent == 1
    [d] = rows(session_factory)
    assert (d.status, d.attempts, d.sent_at) == ("sent", 3, NOON + timedelta(hours=1))
    assert len(slack.posted) == 1 and len(slack.requests) == 3


def test_a_4xx_is_a_permanent_failure_with_its_body(session_factory, slack: SlackServer) -> None:  # noqa: ANN001
    seed(session_factory, [changed()])
    slack.script = [Reply(403, body=b"invalid_token")]
    report = go(session_factory, slack_cfg(), NOON)
    assert report.failed == 1
    [d] = rows(session_factory)
    assert d.status == "failed" and "HTTP 403: invalid_token" in (d.last_error or "")


def test_quiet_hours_hold_then_digest_and_urgent_bypass(session_factory, slack: SlackServer) -> None:  # noqa: ANN001
    seed(session_factory, [changed(745, 760), statement(), changed(760, 1383)])
    cfg = slack_cfg(quiet_hours=QuietHours(start=time(22), end=time(7), urgent_percent=50))
    night = datetime(2025, 3, 10, 1, tzinfo=UTC)
    report = go(session_factory, cfg, night)
    assert (report.sent, report.held) == (1, 2)
    assert [p["text"] for p in slack.posted] == ["SOHR: civilians killed 760 → 1,383 (+623)"]
    assert go(session_factory, cfg, night + timedelta(hours=2)).sent == 0  # still quiet
    morning = go(session_factory, cfg, datetime(2025, 3, 10, 7, 0, 1, tzinfo=UTC))
    assert (morning.sent, morning.messages) == (2, 1)
    assert slack.posted[-1]["text"] == "tollwatch digest: 2 changes"
    assert {d.status for d in rows(session_factory)} == {"sent"}


def test_rate_limit_keeps_the_channel_under_its_limit(session_factory, slack: SlackServer) -> None:  # noqa: ANN001
    seed(session_factory, [changed(100 + i, 200 + i) for i in range(5)])
    cfg = slack_cfg(rate_limit=RateLimit(count=2, per=60))
    report = go(session_factory, cfg, NOON)
    assert (report.sent, report.messages) == (5, 2)  # one alone, the overflow as one digest
    seed_more = [changed(900, 950)]
    with session_scope(session_factory) as s:
        outbox.add_alert(s, kind="figure_changed", event_key="later", watch="w", payload=seed_more[0].to_payload(),
                         channels=["desk-slack"], now=NOON)  # fmt: skip
    held = go(session_factory, cfg, NOON + timedelta(seconds=10))
    assert (held.sent, held.held) == (0, 1)
    assert go(session_factory, cfg, NOON + timedelta(seconds=61)).sent == 1
    assert len(slack.posted) == 3


def test_two_dispatchers_at_once_send_each_alert_once(session_factory, slack: SlackServer) -> None:  # noqa: ANN001
    seed(session_factory, [changed(100 + i, 200 + i) for i in range(6)])
    slack.delay = 0.2
    cfg = slack_cfg()

    async def both():  # noqa: ANN202
        return await asyncio.gather(
            dispatch_due(session_factory, {cfg.name: cfg}, now=NOON, owner="host-a:1"),
            dispatch_due(session_factory, {cfg.name: cfg}, now=NOON, owner="host-b:2"),
        )

    a, b = asyncio.run(both())
    assert a.sent + b.sent == 6
    assert len(slack.requests) == 6 and len(slack.posted) == 6


def test_missing_secret_env_var_names_file_key_and_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOLLWATCH_SLACK_WEBHOOK", raising=False)
    p = tmp_path / "tw.yaml"
    p.write_text("channels:\n  - name: desk-slack\n    type: slack\n    webhook_url_env: TOLLWATCH_SLACK_WEBHOOK\n")
    with pytest.raises(ConfigError) as err:
        load_config(p)
    msg = str(err.value)
    assert str(p) in msg and "channels[0].webhook_url_env" in msg and "TOLLWATCH_SLACK_WEBHOOK is not set" in msg
    monkeypatch.setenv("TOLLWATCH_SLACK_WEBHOOK", "http://127.0.0.1:9/hook")
    assert load_config(p).channels[0].name == "desk-slack"


def test_rules_must_name_known_channels(tmp_path: Path) -> None:
    p = tmp_path / "tw.yaml"
    p.write_text("rules:\n  - channel: nowhere\n")
    with pytest.raises(ConfigError, match="rules\\[0\\].channel names unknown channel 'nowhere'"):
        load_config(p)
