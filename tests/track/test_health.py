"""Pure source health rules: failed after N polls, recovered once, silent after k× the usual gap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawler.track.health import SILENT_FLOOR, after_poll, is_silent, usual_gap

T0 = datetime(2025, 4, 1, tzinfo=UTC)


def test_failed_once_at_the_threshold_and_recovered_once_after_it() -> None:
    outcomes = [after_poll(f, False, 3) for f in range(5)]
    assert outcomes == [None, None, "failed", None, None]  # the 3rd failure in a row, never again in the streak
    assert after_poll(4, True, 3) == "recovered"
    assert after_poll(2, True, 3) is None  # two failures never alerted, so their end is no news
    assert after_poll(0, True, 3) is None
    assert after_poll(0, False, 1) == "failed"


def test_usual_gap_is_learned_from_arrivals_and_ignores_backlogs() -> None:
    daily = [T0 + timedelta(days=i) for i in range(6)]
    assert usual_gap(daily) == timedelta(days=1)
    backlog = [T0 + timedelta(seconds=i) for i in range(10)]  # all in one poll: no history
    assert usual_gap(backlog) is None
    assert usual_gap(daily[:3]) is None


def test_silent_after_k_times_the_usual_gap_and_never_before_the_floor() -> None:
    daily = [T0 + timedelta(days=i) for i in range(6)]
    last = daily[-1]
    assert is_silent(daily, last + timedelta(days=2)) is None
    gap, silence = is_silent(daily, last + timedelta(days=3, hours=1)) or (None, None)
    assert gap == timedelta(days=1) and silence == timedelta(days=3, hours=1)
    hourly = [T0 + timedelta(hours=i) for i in range(10)]
    assert is_silent(hourly, hourly[-1] + timedelta(hours=5)) is None  # 5× the gap, but under the floor
    assert is_silent(hourly, hourly[-1] + SILENT_FLOOR + timedelta(minutes=1)) is not None
