"""One huge feed never freezes the others: it is taken in slices (max_entries_per_poll, the rest next poll),
and while it is parsed and archived a healthy source keeps polling and /healthz keeps answering on the same
event loop (counted, not timed)."""

from __future__ import annotations

import asyncio
import urllib.request

from crawler.context import open_context
from crawler.metrics import Metrics, serve_metrics
from crawler.poll import poll_source, sync_config
from tests.pollkit import config_for, counts, poll
from tests.servers.feedgen import Entry, rss
from tests.servers.sources import SourceServer


def _feed(n: int, prefix: str = "e") -> bytes:
    return rss([Entry(f"{prefix}{i}", f"Report {i}", f"Report number {i} on the situation in Latakia and Tartus.",
                      f"https://example.org/{prefix}/{i}") for i in range(n)])  # fmt: skip


def test_a_feed_is_taken_in_slices_with_the_rest_next_poll(server: SourceServer, session_factory) -> None:  # noqa: ANN001
    server.set("/big", _feed(250), content_type="application/rss+xml")
    cfg = config_for([{"key": "big", "type": "feed", "url": server.url("/big"), "max_entries_per_poll": 100}])
    first = poll(session_factory, cfg)["big"]
    assert (first.status, first.new) == ("ok", 100)
    assert any("150 new or changed entries left for the next poll" in w for w in first.warnings), first.warnings
    assert poll(session_factory, cfg)["big"].new == 100
    third = poll(session_factory, cfg)["big"]
    assert third.new == 50 and not any("left for the next poll" in w for w in third.warnings)
    assert counts(session_factory, "big") == (250, 250)
    assert poll(session_factory, cfg)["big"].status == "not_modified"  # all taken: validators are kept again


def test_a_healthy_source_and_healthz_keep_going_while_a_huge_feed_is_processed(server: SourceServer, session_factory) -> None:  # noqa: ANN001
    server.set("/huge", _feed(20_000, "h"), content_type="application/rss+xml")
    server.set("/ok", _feed(5, "ok"), content_type="application/rss+xml")
    cfg = config_for([
        # parsed whole, archived 500 at a time (the default): a SQLite write transaction stays short
        {"key": "huge", "type": "feed", "url": server.url("/huge"), "max_bytes": 100 * 1024 * 1024, "timeout": "5m"},
        {"key": "ok", "type": "feed", "url": server.url("/ok")},
    ])  # fmt: skip
    sync_config(session_factory, cfg)
    metrics = Metrics(session_factory)
    metrics.up = True

    def probe(port: int) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=60) as resp:
            return resp.status

    async def go() -> tuple[int, int, int]:
        metrics_server = await serve_metrics(metrics, "127.0.0.1", 0)
        port = metrics_server.sockets[0].getsockname()[1]
        healthy = answered = 0
        async with open_context(cfg, session_factory) as ctx:
            huge = asyncio.create_task(poll_source(ctx, cfg.source("huge")))
            while not huge.done():
                outcome = await poll_source(ctx, cfg.source("ok"))
                status = await asyncio.to_thread(probe, port)
                if not huge.done():  # both came back while the huge feed was still being processed
                    healthy += outcome.status in ("ok", "not_modified")
                    answered += status == 200
                await asyncio.sleep(0.05)
            new = (await huge).new
        metrics_server.close()
        return new, healthy, answered

    new, healthy, answered = asyncio.run(go())
    assert new == 500
    assert healthy >= 3 and answered >= 3, (healthy, answered)
