"""Slack incoming webhook over httpx: Block Kit payload, 429 → RetryLater(Retry-After), the URL never logged."""

from __future__ import annotations

from alerts.channels.base import secret
from alerts.channels.http import post_json, retry_after_seconds
from alerts.config import SlackChannelConfig
from alerts.errors import PermanentFailure, RetryLater
from alerts.render import Message
from storage.redact import redact


class SlackChannel:
    def __init__(self, config: SlackChannelConfig) -> None:
        self.name = config.name
        self.config = config

    async def send(self, message: Message, idempotency_key: str) -> None:
        url = secret(self.name, "webhook_url_env", self.config.webhook_url_env)
        assert url is not None
        # Slack ignores the header; a proxy or a Slack-compatible endpoint can drop a re-sent duplicate with it
        headers = {"Idempotency-Key": idempotency_key, "Content-Type": "application/json"}
        response = await post_json(
            self.name, "the webhook host", url, message.slack, headers, self.config.timeout
        )
        if response.status_code < 300:
            return
        body = redact(response.text)[:300]  # before cutting: half a webhook URL is still a leak
        if response.status_code == 429:
            after = retry_after_seconds(response.headers.get("retry-after"))
            raise RetryLater(f"rate limited (429), retry after {after}s", channel=self.name, retry_after=after)
        if response.status_code >= 500:
            raise RetryLater(f"HTTP {response.status_code}: {body}", channel=self.name)
        raise PermanentFailure(f"HTTP {response.status_code}: {body}", channel=self.name)
