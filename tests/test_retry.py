"""One backoff schedule and one Retry-After parser for sources, deliveries and spiders."""

from __future__ import annotations

import email.utils

import pytest

from storage.retry import Backoff, parse_retry_after

NOW = 1_741_521_600.0  # 2025-03-09 12:00:00 UTC


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), (" 7 ", 7.0), ("1.5", 1.5), ("-3", 0.0), (b"30", 30.0),
     (email.utils.formatdate(NOW + 90, usegmt=True), 90.0), ("Sun, 09 Mar 2025 12:02:00 GMT", 120.0),
     ("Sunday, 09-Mar-25 12:02:00 GMT", 120.0), ("Sun Mar  9 12:02:00 2025", 120.0),
     ("Sat, 08 Mar 2025 12:00:00 GMT", 0.0), ("soon", None), ("", None), (None, None), ("nan", None)],
)  # fmt: skip
def test_retry_after_as_seconds_or_http_date(value: str | bytes | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_backoff_doubles_to_its_cap_and_a_longer_retry_after_wins() -> None:
    b = Backoff(base=30, cap=3600)
    assert [b.delay(n) for n in (0, 1, 2, 3, 4)] == [30, 30, 60, 120, 240]
    assert b.delay(50) == 3600
    assert b.delay(1, retry_after=600) == 600 and b.delay(3, retry_after=10) == 120
    assert b.delay(1, retry_after=10**9) == 86400  # a server cannot park us for ever
    spider = Backoff(base=2, cap=60, retry_after_cap=60)
    assert spider.delay(2, retry_after=3600) == 60
    assert Backoff(base=7200, cap=3600).delay(5) == 7200  # an interval longer than the cap is the floor


def test_every_consumer_uses_the_same_schedule() -> None:
    from alerts.policy import DELIVERY_BACKOFF, retry_delay
    from crawler.scraping.middlewares import BackoffRetryMiddleware
    from storage.sources import backoff_delay

    assert retry_delay(3, 500) == DELIVERY_BACKOFF.delay(3, 500) == 500
    assert backoff_delay(600, 3, retry_after=None).total_seconds() == Backoff(600, 86400).delay(3) == 2400
    assert backoff_delay(600, 40).total_seconds() == 86400
    from scrapy.settings import Settings

    mw = BackoffRetryMiddleware(Settings({"RETRY_BACKOFF_BASE": 2.0, "RETRY_BACKOFF_MAX": 60.0}))
    assert mw.backoff == Backoff(2.0, 60.0, retry_after_cap=60.0)
