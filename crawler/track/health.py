"""PURE source health rules: when a source has failed, recovered or gone silent. Each is news once per state
change; the caller gives each event a key that names the state (the streak, the silence) so the outbox's
unique event key keeps it to one alert.

- source_failed: the poll that makes `alert_after_failures` consecutive failures (default 3);
- source_recovered: the first successful poll after such a streak;
- source_silent: a source that normally publishes (at least MIN_ARRIVALS new items seen while monitored) has
  had no new item for SILENT_FACTOR × its usual gap (the median gap between those arrivals), and for at least
  SILENT_FLOOR — a source that publishes every hour is not silent after three quiet hours at night.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from statistics import median
from typing import Literal

SILENT_FACTOR = 3.0
SILENT_FLOOR = timedelta(hours=24)
MIN_ARRIVALS = 5
# items that arrive within this of each other came in one poll (a backlog), not one by one
SAME_POLL = timedelta(minutes=1)

PollHealth = Literal["failed", "recovered"]


def after_poll(failures_before: int, ok: bool, threshold: int) -> PollHealth | None:
    """What one poll's outcome means for the source's health, given its failures in a row before it."""
    if not ok:
        return "failed" if failures_before + 1 == threshold else None
    return "recovered" if failures_before >= threshold else None


def usual_gap(arrivals: Sequence[datetime]) -> timedelta | None:
    """The median gap between a source's new items as they arrived; None when it has too little history."""
    times = sorted(arrivals)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False) if b - a > SAME_POLL]
    if len(gaps) + 1 < MIN_ARRIVALS:
        return None
    return median(gaps)


def is_silent(
    arrivals: Sequence[datetime], now: datetime, *, factor: float = SILENT_FACTOR, floor: timedelta = SILENT_FLOOR
) -> tuple[timedelta, timedelta] | None:
    """(usual gap, silence so far) when the source is silent now, else None."""
    gap = usual_gap(arrivals)
    if gap is None or not arrivals:
        return None
    silence = now - max(arrivals)
    if silence > max(gap * factor, floor):
        return gap, silence
    return None
