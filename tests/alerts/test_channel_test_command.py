"""`tollwatch alerts test CHANNEL` as a user runs it: a test message arrives, or the reason it did not."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from tests.configs import write_config


def _config(tmp_path: Path, channels: list[dict]) -> Path:
    return write_config(tmp_path / "tw.yaml", database=f"sqlite:///{tmp_path / 'a.db'}", channels=channels)


def test_test_message_reaches_slack_and_email(tmp_path: Path, slack, smtp) -> None:  # noqa: ANN001
    cfg = _config(tmp_path, [
        {"name": "desk-slack", "type": "slack", "webhook_url_env": "TW_TEST_SLACK_WEBHOOK"},
        {"name": "desk-mail", "type": "email", "host": "127.0.0.1", "port": smtp.port, "security": "none",
         "sender": "tollwatch@example.org", "to": ["desk@example.org"]},
    ])  # fmt: skip
    res = CliRunner().invoke(main, ["--config", str(cfg), "alerts", "test", "desk-slack"])
    assert res.exit_code == 0 and "desk-slack: test message delivered" in res.output
    assert len(slack.posted) == 1
    res = CliRunner().invoke(main, ["--config", str(cfg), "alerts", "test", "desk-mail"])
    assert res.exit_code == 0 and "desk-mail: test message delivered" in res.output
    assert len(smtp.messages) == 1 and smtp.messages[0]["To"] == "desk@example.org"


@pytest.mark.parametrize(
    ("channel", "reason"),
    [
        ({"name": "dead-mail", "type": "email", "host": "127.0.0.1", "port": "FREE", "security": "none",
          "sender": "a@example.org", "to": ["b@example.org"]}, "refused"),  # fmt: skip
        ({"name": "nxdomain-mail", "type": "email", "host": "smtp.invalid", "port": 25, "security": "none",
          "sender": "a@example.org", "to": ["b@example.org"]}, "DNS"),  # fmt: skip
    ],
    ids=["refused", "dns"],
)
def test_failures_say_what_failed(tmp_path: Path, free_port: int, channel: dict, reason: str) -> None:
    if channel["port"] == "FREE":
        channel = {**channel, "port": free_port}
    cfg = _config(tmp_path, [channel])
    res = CliRunner().invoke(main, ["--config", str(cfg), "alerts", "test", channel["name"]])
    assert res.exit_code == 1
    assert "test message NOT delivered" in res.output and reason in res.output, res.output


def test_slack_4xx_shows_the_body(tmp_path: Path, slack) -> None:  # noqa: ANN001
    from tests.servers.slack import Reply

    slack.script = [Reply(status=404, body=b"no_service")]
    cfg = _config(tmp_path, [{"name": "s", "type": "slack", "webhook_url_env": "TW_TEST_SLACK_WEBHOOK"}])
    res = CliRunner().invoke(main, ["--config", str(cfg), "alerts", "test", "s"])
    assert res.exit_code == 1 and "404" in res.output and "no_service" in res.output, res.output
    assert slack.url not in res.output  # the webhook URL is a secret


def test_unknown_channel(tmp_path: Path) -> None:
    cfg = _config(tmp_path, [])
    res = CliRunner().invoke(main, ["--config", str(cfg), "alerts", "test", "nope"])
    assert res.exit_code == 2 and "no such channel 'nope'" in res.output


def test_starttls_required_but_not_offered(tmp_path: Path, smtp) -> None:  # noqa: ANN001
    cfg = _config(tmp_path, [{"name": "tls-mail", "type": "email", "host": "127.0.0.1", "port": smtp.port,
                              "security": "starttls", "sender": "a@example.org", "to": ["b@example.org"]}])  # fmt: skip
    res = CliRunner().invoke(main, ["--config", str(cfg), "alerts", "test", "tls-mail"])
    assert res.exit_code == 1 and "TLS" in res.output, res.output
    assert smtp.messages == []  # nothing goes out in clear text when TLS was asked for
