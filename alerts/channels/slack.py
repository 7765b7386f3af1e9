"""Slack incoming webhook over httpx: Block Kit payload, 429 → RetryLater(Retry-After), the URL never logged."""

from __future__ import annotations

import httpx

from alerts.channels.base import secret
from alerts.config import SlackChannelConfig
from alerts.errors import PermanentFailure, RetryLater
from alerts.render import Message


def retry_after_seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class SlackChannel:
    def __init__(self, config: SlackChannelConfig) -> None:
        self.name = config.name
        self.config = config

    async def send(self, message: Message, idempotency_key: str) -> None:
        url = secret(self.name, "webhook_url_env", self.config.webhook_url_env)
        assert url is not None
        # Slack ignores the header; a proxy or a Slack-compatible endpoint can drop a re-sent duplicate with it
        headers = {"Idempotency-Key": idempotency_key, "Content-Type": "application/json"}
        try:
            async with httpx.AsyncClient(timeout=self.config.timeout, trust_env=False) as client:
                response = await client.post(url, json=message.slack, headers=headers)
        except httpx.ConnectError as exc:
            raise RetryLater(f"cannot connect to the webhook host: {connect_reason(exc)}", channel=self.name) from None
        except httpx.TimeoutException:
            raise RetryLater(f"no answer from the webhook within {self.config.timeout}s", channel=self.name) from None
        except httpx.HTTPError as exc:
            raise RetryLater(f"webhook request failed: {type(exc).__name__}", channel=self.name) from None
        if response.status_code < 300:
            return
        body = response.text[:300]
        if response.status_code == 429:
            after = retry_after_seconds(response.headers.get("retry-after"))
            raise RetryLater(f"rate limited (429), retry after {after}s", channel=self.name, retry_after=after)
        if response.status_code >= 500:
            raise RetryLater(f"HTTP {response.status_code}: {body}", channel=self.name)
        raise PermanentFailure(f"HTTP {response.status_code}: {body}", channel=self.name)


def connect_reason(exc: httpx.ConnectError) -> str:
    # httpx says "All connection attempts failed"; the refused socket is further down the exception chain
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 6:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return "connection refused"
    low = " ".join(str(e) for e in chain).lower()
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low:
        return "DNS lookup failed"
    if "refused" in low:
        return "connection refused"
    if "ssl" in low or "certificate" in low:
        return "TLS handshake failed"
    return type(exc).__name__
