"""PURE delivery policy: which channels an event goes to (rules, minimum change), quiet hours with an
urgent bypass, digest grouping, per-channel rate limits, and the retry schedule. No I/O, no clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from alerts.config import QuietHours, RateLimit, RuleConfig
from alerts.events import Event, FigureChanged, SourceFailed, SourceRecovered, SourceSilent
from storage.retry import Backoff

T = TypeVar("T")

MAX_ATTEMPTS = 12  # ~ a day of backoff, then the delivery is marked failed (a dead letter shown by `alerts --failed`)
DELIVERY_BACKOFF = Backoff(base=30, cap=3600)  # 30 s, 60 s, … 1 h; a longer Retry-After wins (up to a day)


def retry_delay(attempts: int, retry_after: float | None = None) -> float:
    """Seconds to wait after the n-th failed attempt of a delivery."""
    return DELIVERY_BACKOFF.delay(attempts, retry_after)


def change_passes(event: Event, min_change: int | None, min_percent: float | None) -> bool:
    """A figure change passes when it reaches every floor that is set; other events always pass."""
    if not isinstance(event, FigureChanged):
        return True
    if min_change is not None and abs(event.delta) < min_change:
        return False
    if min_percent is not None and (event.percent is None or abs(event.percent) < min_percent):
        return False
    return True


def route(event: Event, rules: Sequence[RuleConfig], channels: Sequence[str]) -> list[str]:
    """The channels an event goes to. No rules at all: every channel gets everything.

    A source's health belongs to no watch: a rule's `watches` does not filter it out, its `events` does."""
    if not rules:
        return list(channels)
    health = isinstance(event, SourceFailed | SourceRecovered | SourceSilent)
    out: list[str] = []
    for rule in rules:
        if rule.watches and not health and event.watch not in rule.watches:
            continue
        if rule.events and event.kind not in rule.events:
            continue
        if not change_passes(event, rule.min_change, rule.min_percent):
            continue
        if rule.channel not in out:
            out.append(rule.channel)
    return out


def is_urgent(event: Event, quiet: QuietHours) -> bool:
    """A large figure change goes through quiet hours (any urgent floor that is set and reached)."""
    if not isinstance(event, FigureChanged):
        return False
    if quiet.urgent_change is not None and abs(event.delta) >= quiet.urgent_change:
        return True
    return quiet.urgent_percent is not None and event.percent is not None and abs(event.percent) >= quiet.urgent_percent


def quiet_until(quiet: QuietHours, now: datetime) -> datetime | None:
    """When the quiet period holding `now` ends (UTC), or None when `now` is not in quiet hours."""
    local = now.astimezone(ZoneInfo(quiet.timezone))
    t = local.time().replace(tzinfo=None)
    start, end = quiet.start, quiet.end
    if start == end:
        return None
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    end_day = local.date() if t < end else local.date() + timedelta(days=1)
    end_local = datetime.combine(end_day, end, tzinfo=local.tzinfo)
    return end_local.astimezone(now.tzinfo)


@dataclass(slots=True)
class Plan(Generic[T]):
    """What to do with one channel's due deliveries now: messages (1 item = single, more = digest) and holds."""

    messages: list[list[T]] = field(default_factory=list)
    hold: list[tuple[T, datetime]] = field(default_factory=list)  # quiet hours: goes out in a digest after
    defer: list[tuple[T, datetime]] = field(default_factory=list)  # rate limit: next window


def plan(
    items: Sequence[T],
    *,
    now: datetime,
    urgent: Callable[[T], bool],
    held: Callable[[T], bool],
    quiet: QuietHours | None = None,
    rate: RateLimit | None = None,
    sent_times: Sequence[datetime] = (),
) -> Plan[T]:
    out: Plan[T] = Plan()
    singles: list[T] = []
    digest: list[T] = []
    until = quiet_until(quiet, now) if quiet else None
    for item in items:
        if until is not None and not urgent(item):
            out.hold.append((item, until))
        elif held(item):
            digest.append(item)  # held through quiet hours: the morning digest
        else:
            singles.append(item)
    messages = [[s] for s in singles]
    if len(digest) == 1:
        messages.append(digest)
    elif digest:
        messages.append(digest)
    if rate is not None and messages:
        window_start = now - timedelta(seconds=rate.per)
        recent = sorted(t for t in sent_times if t > window_start)
        budget = rate.count - len(recent)
        if budget <= 0:
            free_at = recent[len(recent) - rate.count] + timedelta(seconds=rate.per) if recent else now
            out.defer.extend((item, free_at) for m in messages for item in m)
            messages = []
        elif len(messages) > budget:
            # keep within the limit without losing anything: the overflow becomes one digest
            rest = [item for m in messages[budget - 1 :] for item in m]
            messages = [*messages[: budget - 1], rest]
    out.messages = messages
    return out
