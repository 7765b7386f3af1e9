"""The one backoff schedule and the one Retry-After parser, for source polls, alert deliveries and spider
requests alike (pure: no I/O, the clock only when a date is given without `now`)."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from datetime import UTC

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Backoff:
    """Wait `base` after the first failure, doubling with each further one, at most `cap`; a server's
    Retry-After wins when it is longer, up to `retry_after_cap`."""

    base: float
    cap: float
    retry_after_cap: float = DAY

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait after the `failures`-th consecutive failure (0 or 1: base)."""
        exponential = min(max(self.cap, self.base), self.base * 2 ** min(max(failures - 1, 0), 40))
        if retry_after is not None and retry_after > exponential:
            return max(exponential, min(retry_after, self.retry_after_cap))
        return exponential


def parse_retry_after(value: str | bytes | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (past dates give 0).
    None when absent or unreadable."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds and seconds != float("inf") else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
