"""Errors of one delivery to one channel; the dispatcher branches on type, never on message text.

    DeliveryError              one send to one channel failed (recorded on the delivery row)
     ├── RetryLater            try again later (network down, 5xx, 429); carries retry_after seconds
     └── PermanentFailure      retrying will not help (4xx other than 429, auth refused, bad address)
"""

from __future__ import annotations

__all__ = ["DeliveryError", "PermanentFailure", "RetryLater"]


class DeliveryError(Exception):
    """Base: carries the channel name; the message never holds a secret (webhook URL, password)."""

    def __init__(self, message: str, *, channel: str | None = None) -> None:
        self.channel = channel
        super().__init__(message)


class RetryLater(DeliveryError):
    def __init__(self, message: str, *, channel: str | None = None, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message, channel=channel)


class PermanentFailure(DeliveryError):
    pass
