"""Fixtures of the alert tests: a local Slack Web API endpoint whose bot token is in TW_TEST_SLACK_TOKEN."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.slack_api import SlackApiServer


@pytest.fixture
def slack_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackApiServer]:
    srv = SlackApiServer().start()
    monkeypatch.setenv("TW_TEST_SLACK_TOKEN", srv.token)
    yield srv
    srv.stop()
