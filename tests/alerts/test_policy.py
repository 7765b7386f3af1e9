"""Pure delivery policy: routing rules with minimum change, quiet hours with an urgent bypass, rate limits, retries."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from alerts.config import QuietHours, RateLimit, RuleConfig
from alerts.policy import is_urgent, plan, quiet_until, retry_delay, route
from tests.alerts.events import changed, created, statement

NIGHT = QuietHours(start=time(22), end=time(7), timezone="UTC", urgent_change=200)
MIDNIGHT = datetime(2025, 3, 9, 0, 30, tzinfo=UTC)
NOON = datetime(2025, 3, 9, 12, 0, tzinfo=UTC)


def test_no_rules_means_every_channel_gets_everything() -> None:
    assert route(changed(), [], ["mail", "slack"]) == ["mail", "slack"]


def test_rules_pick_watches_kinds_and_minimum_change() -> None:
    rules = [
        RuleConfig(channel="mail", events=["figure_changed"], min_change=50),
        RuleConfig(channel="slack", watches=["gaza"]),
        RuleConfig(channel="pct", min_percent=10),
        RuleConfig(channel="both", min_change=50, min_percent=10),
    ]
    names = ["mail", "slack", "pct", "both"]
    assert route(changed(745, 973), rules, names) == ["mail", "pct", "both"]
    assert route(changed(745, 760), rules, names) == []  # +15, +2.0%: under every floor
    assert route(changed(100, 130), rules, names) == ["pct"]  # +30 but +30%: the absolute floor of 'both' holds it
    assert route(created(), rules, names) == ["pct", "both"]  # not a change: floors do not apply
    assert route(statement(watch="gaza"), rules, names) == ["slack", "pct", "both"]


def test_quiet_hours_across_midnight_in_local_time() -> None:
    assert quiet_until(NIGHT, MIDNIGHT) == datetime(2025, 3, 9, 7, tzinfo=UTC)
    assert quiet_until(NIGHT, NOON) is None
    assert quiet_until(NIGHT, datetime(2025, 3, 9, 23, tzinfo=UTC)) == datetime(2025, 3, 10, 7, tzinfo=UTC)
    beirut = QuietHours(start=time(22), end=time(7), timezone="Asia/Beirut")
    assert quiet_until(beirut, datetime(2025, 3, 9, 21, tzinfo=UTC)) is not None  # 23:00 in Beirut


def test_quiet_hours_hold_routine_alerts_and_let_urgent_ones_through() -> None:
    items = ["small", "big", "statement"]
    events = {"small": changed(745, 800), "big": changed(745, 1383), "statement": statement()}
    p = plan(items, now=MIDNIGHT, urgent=lambda i: is_urgent(events[i], NIGHT), held=lambda i: False, quiet=NIGHT)
    assert p.messages == [["big"]]
    assert [(i, t.hour) for i, t in p.hold] == [("small", 7), ("statement", 7)]
    # in the morning the held ones go out as one digest, a fresh one on its own
    morning = plan(["small", "statement", "fresh"], now=NOON, urgent=lambda i: False,
                   held=lambda i: i != "fresh", quiet=NIGHT)  # fmt: skip
    assert morning.messages == [["fresh"], ["small", "statement"]]


def test_rate_limit_defers_or_folds_overflow_into_a_digest() -> None:
    rate = RateLimit(count=3, per=60)
    items = ["a", "b", "c", "d", "e"]
    fresh = plan(items, now=NOON, urgent=lambda i: False, held=lambda i: False, rate=rate)
    assert fresh.messages == [["a"], ["b"], ["c", "d", "e"]]  # 3 messages: nothing lost, limit kept
    sent = [NOON - timedelta(seconds=50), NOON - timedelta(seconds=10)]
    one_left = plan(items, now=NOON, urgent=lambda i: False, held=lambda i: False, rate=rate, sent_times=sent)
    assert one_left.messages == [["a", "b", "c", "d", "e"]]
    full = plan(items, now=NOON, urgent=lambda i: False, held=lambda i: False, rate=rate,
                sent_times=[*sent, NOON - timedelta(seconds=5)])  # fmt: skip
    assert full.messages == [] and {t for _, t in full.defer} == {NOON + timedelta(seconds=10)}


def test_retry_backoff_is_exponential_capped_and_honours_retry_after() -> None:
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(20) == 3600
    assert retry_delay(1, retry_after=600) == 600
