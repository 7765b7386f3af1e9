"""WebSub push against a local hub (tests.servers.websub_hub): discovery, subscription with a secret,
verification of intent only for our own requests, signed pushes through ingest → extract → record (an alert
without a poll), forged pushes refused and logged, the body cap, and polling that turns push off when it
finds what push missed (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from crawler.context import open_context
from crawler.push import PushReceiver, maintain, serve_push, subscribe
from crawler.websub import discover, sign, signature_ok
from storage.db import session_scope
from storage.models import Alert, Source, Subscription
from tests.pollkit import config_for, counts, poll
from tests.servers.feedgen import Entry, rss
from tests.servers.websub_hub import WebSubHub

E1 = Entry("w-1", "Morning briefing", "Calm night in Homs.", None)
TOLL = Entry("w-2", "Latakia toll", "SOHR said at least 300 people were killed in Latakia.", None)


def test_discovery_from_header_and_documents() -> None:
    header = '<https://hub.example/>; rel="hub", <https://x.org/feed>; rel="self"'
    assert discover(header, b"", "https://x.org/f") == discover(None, b"", "https://x.org/f").__class__(
        "https://hub.example/", "https://x.org/feed"
    )
    atom = b'<feed><link rel="self" href="/atom"/><link rel="hub" href="https://pubsubhubbub.appspot.com/"/></feed>'
    assert discover(None, atom, "https://x.org/f") == discover('<https://pubsubhubbub.appspot.com/>; rel="hub"', b'<link rel="self" href="https://x.org/atom"/>', "https://x.org/")
    rss2 = b'<rss><channel><atom:link rel="hub" href="https://h.example/"/><atom:link href="https://x.org/rss" rel="self"/></channel></rss>'
    found = discover(None, rss2, "https://x.org/rss")
    assert (found.hub, found.self_url) == ("https://h.example/", "https://x.org/rss")
    assert discover(None, b"<rss></rss>", "https://x.org/rss").hub is None


def test_signatures_sha256_and_legacy_sha1() -> None:
    body = b"<rss/>"
    assert signature_ok("s", body, sign("s", body)) and signature_ok("s", body, sign("s", body, "sha1"))
    assert not signature_ok("s", body, sign("other", body))
    assert not signature_ok("s", body + b" ", sign("s", body))
    assert not signature_ok("s", body, None) and not signature_ok("s", body, "md5=abc") and not signature_ok("s", body, "junk")


@pytest.fixture
def hub() -> Iterator[WebSubHub]:
    srv = WebSubHub().start()
    yield srv
    srv.stop()


def _sub(factory) -> Subscription:  # noqa: ANN001
    with session_scope(factory) as s:
        sub = s.scalars(select(Subscription)).one()
        s.expunge(sub)
        return sub


def test_subscribe_verify_push_forgery_cap_and_the_missed_item_rule(
    server, session_factory, hub, free_port, caplog
) -> None:  # noqa: ANN001
    feed_headers = {"Link": f'<{hub.url}>; rel="hub", <{server.url("/feed")}>; rel="self"'}
    server.set("/feed", rss([E1]), content_type="application/rss+xml", headers=feed_headers)
    websub = {"callback_url": f"http://127.0.0.1:{free_port}/", "listen": f"127.0.0.1:{free_port}", "push_interval": "2h",
              "max_body": 4096}  # fmt: skip
    cfg = config_for([{"key": "wp", "type": "feed", "url": server.url("/feed"), "organization": "SOHR", "push": True}],
                     websub=websub)  # fmt: skip
    assert poll(session_factory, cfg)["wp"].new == 1  # the baseline poll

    async def scenario() -> None:
        async with open_context(cfg, session_factory) as ctx:
            receiver = PushReceiver(ctx, cfg.websub)
            srv = await serve_push(receiver, *cfg.websub.address())
            try:
                said = await subscribe(ctx, cfg.sources[0], cfg.websub)
                assert said == f"wp: subscription requested at {hub.url} (waiting for the hub's verification)"
                req = hub.last
                assert req["hub.mode"] == "subscribe" and req["hub.topic"] == server.url("/feed")
                assert req["hub.callback"].startswith(f"http://127.0.0.1:{free_port}/websub/")
                assert len(req["hub.secret"]) >= 32 and req["hub.lease_seconds"] == str(10 * 86400)

                # verification of intent: only what we asked for
                wrong_topic = await asyncio.to_thread(hub.verify, **{"hub.topic": "https://evil.example/feed"})
                assert wrong_topic.status_code == 404
                stranger = await asyncio.to_thread(hub.verify, **{"hub.callback": req["hub.callback"] + "x"})
                assert stranger.status_code == 404
                assert _sub(session_factory).state == "requested"
                ok = await asyncio.to_thread(hub.verify, challenge="abc123")
                assert (ok.status_code, ok.text) == (200, "abc123")
                assert _sub(session_factory).state == "active"

                # a forged push is acknowledged, ignored and logged
                with caplog.at_level(logging.WARNING, logger="crawler.push"):
                    forged = await asyncio.to_thread(hub.push, rss([E1, TOLL]), secret="not-the-secret")
                    unsigned = await asyncio.to_thread(hub.push, rss([E1, TOLL]), signature="")
                assert forged.status_code == 202 and unsigned.status_code == 202
                assert "WebSub push for wp refused: missing or wrong X-Hub-Signature" in caplog.text
                assert counts(session_factory, "wp") == (1, 1) and _sub(session_factory).forged == 2

                # too large: refused before it is read
                big = await asyncio.to_thread(hub.push, rss([Entry("big", "Big", "x " * 5000, None)]))
                assert big.status_code == 413

                # a signed push (legacy sha1 here) goes through ingest → extract → record: an alert without a poll
                pushed = await asyncio.to_thread(hub.push, rss([E1, TOLL]), method="sha1")
                assert pushed.status_code == 200
                assert counts(session_factory, "wp") == (2, 2)
                with session_scope(session_factory) as s:
                    assert [a.kind for a in s.scalars(select(Alert))] == ["series_created"]
                assert _sub(session_factory).pushes == 1

                # the hub granted a 1-day lease: renewal is due, a new request goes out and is verified again
                assert await maintain(ctx, cfg.websub) == [said]
                assert len(hub.requests) == 2 and _sub(session_factory).state == "requested"
                assert (await asyncio.to_thread(hub.verify)).status_code == 200
            finally:
                srv.close()
                await srv.wait_closed()

    asyncio.run(scenario())

    # a poll that finds nothing new keeps push, at the longer interval
    server.set("/feed", rss([E1, TOLL]), content_type="application/rss+xml", headers=feed_headers)
    assert poll(session_factory, cfg)["wp"].new == 0
    with session_scope(session_factory) as s:
        src = s.scalars(select(Source).where(Source.key == "wp")).one()
        assert src.next_due - src.last_polled_at == timedelta(hours=2)
    assert _sub(session_factory).state == "active"

    # a poll that finds an item push missed turns push off and says why
    server.set("/feed", rss([E1, TOLL, Entry("w-3", "Missed", "Not pushed.", None)]), content_type="application/rss+xml")
    with caplog.at_level(logging.WARNING, logger="storage.subscriptions"):
        assert poll(session_factory, cfg)["wp"].new == 1
    sub = _sub(session_factory)
    assert sub.state == "off" and sub.reason == "a poll found 1 new item(s) the push did not deliver; polling only"
    assert "WebSub push turned off" in caplog.text
