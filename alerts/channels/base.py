"""The one channel interface: send a rendered message with an idempotency key, or raise DeliveryError."""

from __future__ import annotations

import os
from typing import Protocol

from alerts.errors import PermanentFailure
from alerts.render import Message


class Channel(Protocol):
    name: str

    async def send(self, message: Message, idempotency_key: str) -> None:
        """Deliver once; raise RetryLater (try again) or PermanentFailure (give up). Never log secrets."""
        ...


def secret(channel: str, key: str, var: str | None) -> str | None:
    """Read a secret from the environment variable the config names (crawler.config checks it at load)."""
    if var is None:
        return None
    value = os.environ.get(var)
    if not value:
        raise PermanentFailure(f"environment variable {var} (channels: {channel}.{key}) is not set", channel=channel)
    return value
