"""JSON webhook delivery: each alert POSTed as one JSON object (a digest as an array of them), signed with
HMAC-SHA256 of the exact body in X-Tollwatch-Signature ("sha256=<hex>", as GitHub and Miniflux do) when the
config names a secret. The URL and the secret come from environment variables and are never logged."""

from __future__ import annotations

import hashlib
import hmac
import json

from alerts.channels.base import secret
from alerts.channels.http import post_body, retry_after_seconds
from alerts.config import WebhookChannelConfig
from alerts.errors import PermanentFailure, RetryLater
from alerts.render import Message
from storage.redact import redact

SIGNATURE_HEADER = "X-Tollwatch-Signature"


def webhook_body(message: Message) -> bytes:
    data = message.data[0] if len(message.data) == 1 else list(message.data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def signature(key: str, body: bytes) -> str:
    """What a receiver recomputes: "sha256=" + hex HMAC-SHA256 of the raw request body under the shared secret."""
    return "sha256=" + hmac.new(key.encode("utf-8"), body, hashlib.sha256).hexdigest()


class WebhookChannel:
    def __init__(self, config: WebhookChannelConfig) -> None:
        self.name = config.name
        self.config = config

    async def send(self, message: Message, idempotency_key: str) -> None:
        url = secret(self.name, "url_env", self.config.url_env)
        assert url is not None
        key = secret(self.name, "secret_env", self.config.secret_env)
        body = webhook_body(message)
        # the receiver drops a re-sent duplicate by this key (a crash between POST and marking it sent)
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": idempotency_key}
        if key is not None:
            headers[SIGNATURE_HEADER] = signature(key, body)
        response = await post_body(self.name, "the webhook host", url, body, headers, self.config.timeout)
        status = response.status_code
        if status < 300:
            return
        text = redact(response.text)[:300]  # before cutting: half a secret URL is still a leak
        if status == 429:
            after = retry_after_seconds(response.headers.get("retry-after"))
            raise RetryLater(f"rate limited (429), retry after {after}s", channel=self.name, retry_after=after)
        if status >= 500 or status == 408:
            raise RetryLater(f"HTTP {status}: {text}", channel=self.name)
        raise PermanentFailure(f"HTTP {status}: {text}", channel=self.name)
