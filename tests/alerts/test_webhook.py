"""The JSON webhook channel against a local receiver that checks the HMAC signature (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from click.testing import CliRunner

from alerts.config import WebhookChannelConfig
from alerts.dispatch import dispatch_due
from alerts.render import WEBHOOK_FIELDS, render
from crawler.cli import main
from storage import outbox
from storage.db import session_scope
from tests.alerts.events import (
    changed,
    created,
    edited,
    source_failed,
    source_recovered,
    source_silent,
    statement,
)
from tests.servers.webhook import WebhookServer

NOON = datetime(2025, 3, 9, 12, tzinfo=UTC)


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookServer]:
    srv = WebhookServer(secret="s3cret-shared").start()
    monkeypatch.setenv("TW_TEST_HOOK_URL", srv.url)
    monkeypatch.setenv("TW_TEST_HOOK_SECRET", "s3cret-shared")
    yield srv
    srv.stop()


def hook_cfg(**kw) -> WebhookChannelConfig:  # noqa: ANN003
    return WebhookChannelConfig(name="newsroom", type="webhook", url_env="TW_TEST_HOOK_URL", timeout=5, **kw)


def deliver(factory, events, cfg: WebhookChannelConfig, now: datetime = NOON):  # noqa: ANN001, ANN201
    with session_scope(factory) as s:
        for i, e in enumerate(events):
            outbox.add_alert(s, kind=e.kind, event_key=f"k{i}-{now.isoformat()}", watch=e.watch,
                             payload=e.to_payload(), channels=[cfg.name], now=now)  # fmt: skip
    return asyncio.run(dispatch_due(factory, {cfg.name: cfg}, now=now))


def test_each_alert_is_one_signed_json_object_with_the_documented_fields(session_factory, receiver) -> None:  # noqa: ANN001
    report = deliver(session_factory, [changed(), created(), statement(), edited()], hook_cfg(secret_env="TW_TEST_HOOK_SECRET"))
    assert report.sent == 4 and receiver.rejected == 0
    fig, new, said, edit = receiver.received
    assert set(WEBHOOK_FIELDS) <= set(fig)
    assert fig["kind"] == "figure_changed" and (fig["old_number"], fig["number"]) == (745, 973)
    assert fig["reporter"] == "SOHR" and fig["outcome"] == "killed" and fig["victim_group"] == "civilians"
    assert fig["revision"] is False and fig["series"] == "abc" and fig["previous_url"] == "https://www.syriahr.com/en/1/"
    assert fig["headline"].startswith("SOHR: civilians killed 745 → 973")
    assert new["kind"] == "series_created" and new["number"] == 745 and new["old_number"] is None
    assert said["kind"] == "statement_new" and said["speaker"] == "Marco Rubio" and said["official"] is True
    assert said["role"] == "Secretary of State" and said["text"] == "We condemn the attacks."
    assert edit["kind"] == "statement_edited" and edit["text"] == "We strongly condemn the attacks."
    assert receiver.headers[0]["X-Tollwatch-Signature"].startswith("sha256=")


def test_a_wrong_secret_is_refused_by_the_receiver_and_the_delivery_fails(session_factory, receiver, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("TW_TEST_HOOK_SECRET", "not-the-shared-one")
    report = deliver(session_factory, [changed()], hook_cfg(secret_env="TW_TEST_HOOK_SECRET"))
    assert receiver.rejected == 1 and receiver.received == []
    assert report.failed == 1 and "HTTP 401" in report.errors[0]
    assert receiver.url not in report.errors[0] and "not-the-shared-one" not in report.errors[0]


def test_unsigned_without_a_secret_and_5xx_is_retried(session_factory, monkeypatch) -> None:  # noqa: ANN001
    srv = WebhookServer(secret=None).start()
    try:
        monkeypatch.setenv("TW_TEST_HOOK_URL", srv.url)
        srv.script = [503]
        first = deliver(session_factory, [statement()], hook_cfg())
        assert first.retrying == 1 and srv.received == []
        second = asyncio.run(dispatch_due(session_factory, {"newsroom": hook_cfg()}, now=NOON + timedelta(hours=1)))
        assert second.sent == 1 and srv.received[0]["kind"] == "statement_new"
        assert "X-Tollwatch-Signature" not in srv.headers[-1]
    finally:
        srv.stop()


def test_source_health_alerts_render_on_every_channel() -> None:
    for event, word in ((source_failed(), "failing"), (source_recovered(), "recovered"), (source_silent(), "silent")):
        m = render([event])
        assert word in m.subject and "OCHA Sudan" in m.subject
        assert "ocha" in m.text and "OCHA Sudan" in m.html and m.slack["blocks"]
        [obj] = m.data
        assert obj["kind"] == event.kind and obj["source_key"] == "ocha" and word in obj["headline"].lower()
    assert "3 failed polls" in render([source_failed()]).subject
    assert "4 days" in render([source_silent()]).text


def test_requeue_resends_what_failed_for_good_once_the_cause_is_fixed(
    session_factory, receiver, monkeypatch, db_url: str, tmp_path  # noqa: ANN001
) -> None:
    monkeypatch.setenv("TW_TEST_HOOK_SECRET", "rotated-on-one-side-only")
    report = deliver(session_factory, [changed(), statement()], hook_cfg(secret_env="TW_TEST_HOOK_SECRET"))
    assert report.failed == 2 and receiver.received == []
    monkeypatch.setenv("TW_TEST_HOOK_SECRET", "s3cret-shared")  # the cause is fixed
    config = tmp_path / "tw.yaml"
    config.write_text(yaml.safe_dump({"database": db_url, "channels": [
        {"name": "newsroom", "type": "webhook", "url_env": "TW_TEST_HOOK_URL", "secret_env": "TW_TEST_HOOK_SECRET"}]}))
    runner = CliRunner()
    with session_scope(session_factory) as s:
        first = min(r.alert_id for r in outbox.list_deliveries(s, status="failed"))
    res = runner.invoke(main, ["--config", str(config), "alerts", "requeue", str(first)])
    assert res.exit_code == 0 and "1 failed deliveries of alert" in res.output, res.output
    res = runner.invoke(main, ["--config", str(config), "dispatch"])
    assert res.output.startswith("1 delivered"), res.output
    assert [r["kind"] for r in receiver.received] == ["figure_changed"]
    res = runner.invoke(main, ["--config", str(config), "alerts", "requeue", "--failed"])
    assert "1 failed deliveries of all alerts" in res.output
    runner.invoke(main, ["--config", str(config), "dispatch"])
    assert [r["kind"] for r in receiver.received] == ["figure_changed", "statement_new"]
    assert runner.invoke(main, ["--config", str(config), "alerts", "requeue"]).exit_code == 2
