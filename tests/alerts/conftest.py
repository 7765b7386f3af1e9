"""Real delivery endpoints: an aiosmtpd SMTP server and a local Slack webhook, each on a free port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.slack import SlackServer
from tests.servers.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    srv = SmtpServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackServer]:
    srv = SlackServer().start()
    monkeypatch.setenv("TW_TEST_SLACK_WEBHOOK", srv.url)
    yield srv
    srv.stop()
