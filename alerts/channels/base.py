"""The one channel interface: send a rendered message with an idempotency key, or raise DeliveryError.

A channel that threads by reference (Slack API) answers where the message's thread lives; the dispatcher
stores that and hands it back as Message.reply_to next time. Every other channel returns None.
"""

from __future__ import annotations

import os
from typing import Protocol

from alerts.errors import PermanentFailure
from alerts.render import Message, ThreadAnchor
from storage.redact import remember_secret


class Channel(Protocol):
    name: str

    async def send(self, message: Message, idempotency_key: str) -> ThreadAnchor | None:
        """Deliver once; raise RetryLater (try again) or PermanentFailure (give up). Never log secrets.

        Returns the anchor of the thread the message is now in (its own, when it opened one), or None.
        """
        ...


def secret(channel: str, key: str, var: str | None) -> str | None:
    """Read a secret from the environment variable the config names (crawler.config checks it at load)."""
    if var is None:
        return None
    value = os.environ.get(var)
    if not value:
        raise PermanentFailure(f"environment variable {var} (channels: {channel}.{key}) is not set", channel=channel)
    remember_secret(value)  # from now on it is redacted from errors, output and logs
    return value
