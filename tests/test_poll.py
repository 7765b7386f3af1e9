"""Polling against a real local server into a real archive (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text

from storage.archive import raw_body
from storage.db import session_scope
from storage.models import Alert, Item, ItemVersion
from storage.series import TRACKING_LOCK
from tests.pollkit import config_for, counts, logs, poll, source_row
from tests.servers.feedgen import Entry, article, json_feed, rss

E1 = Entry("sohr-1", "SOHR: 745 civilians killed", "On Saturday SOHR said 745 civilians had been killed.", "/a/1")
E2 = Entry("sohr-2", "Clashes continue", "Fighting in Latakia and Tartus.", "/a/2")


def _abs(server, entries):  # noqa: ANN001, ANN202
    return [Entry(e.guid, e.title, e.body, server.url(e.link) if e.link else None) for e in entries]


def test_new_changed_unchanged_and_304(server, session_factory) -> None:  # noqa: ANN001
    server.set("/feed", rss(_abs(server, [E1, E2])), content_type="application/rss+xml")
    cfg = config_for([{"key": "sohr", "type": "feed", "url": server.url("/feed"), "organization": "SOHR"}])

    first = poll(session_factory, cfg)["sohr"]
    assert (first.status, first.new, first.changed) == ("ok", 2, 0)
    assert counts(session_factory, "sohr") == (2, 2)

    # same body: conditional GET → 304, nothing parsed, nothing archived
    second = poll(session_factory, cfg)["sohr"]
    assert second.status == "not_modified"
    assert server.requests[-1][1].get("If-None-Match")
    assert counts(session_factory, "sohr") == (2, 2)

    # the monitor edits entry 1 and adds entry 3
    edited = Entry("sohr-1", E1.title, "SOHR now says 973 civilians have been killed.", E1.link)
    e3 = Entry("sohr-3", "New", "A new report.", "/a/3")
    server.set("/feed", rss(_abs(server, [edited, E2, e3])), content_type="application/rss+xml")
    third = poll(session_factory, cfg)["sohr"]
    assert (third.status, third.new, third.changed, third.seen) == ("ok", 1, 1, 3)
    assert counts(session_factory, "sohr") == (3, 4)
    with session_scope(session_factory) as s:
        item = s.scalars(select(Item).where(Item.guid == "sohr-1")).one()
        texts = [v.text for v in s.scalars(select(ItemVersion).where(ItemVersion.item_id == item.id).order_by(ItemVersion.version))]
        assert item.version_count == 2 and item.url == server.url("/a/1")
    assert texts == ["On Saturday SOHR said 745 civilians had been killed.", "SOHR now says 973 civilians have been killed."]

    statuses = [(row.status, row.items_new, row.items_changed) for row in logs(session_factory, "sohr")]
    assert statuses == [("ok", 2, 0), ("not_modified", 0, 0), ("ok", 1, 1)]


def test_server_without_validators_still_archives_nothing_twice(server, session_factory) -> None:  # noqa: ANN001
    server.set("/feed", json_feed(_abs(server, [E1, E2])), content_type="application/feed+json", etag=False, last_modified=False)
    cfg = config_for([{"key": "j", "type": "feed", "url": server.url("/feed")}])
    poll(session_factory, cfg)
    again = poll(session_factory, cfg)["j"]
    assert (again.status, again.new, again.changed, again.seen) == ("ok", 0, 0, 2)
    assert counts(session_factory, "j") == (2, 2)


def test_failures_are_recorded_and_others_go_on(server, session_factory, free_port) -> None:  # noqa: ANN001
    server.set("/good", rss(_abs(server, [E1])), content_type="application/rss+xml")
    server.set("/500", b"oops", status=500)
    server.set("/404", b"gone", status=404)
    server.set("/429", b"slow down", status=429, headers={"Retry-After": "3600"})
    server.set("/html", article("Home", ["Not a feed at all, just a page."]))
    server.set("/slow", rss([E2]), delay=3)
    server.set("/drip", rss([E2]), drip=0.05)
    server.set("/huge", b"", huge=12 * 1024 * 1024, content_type="application/rss+xml")
    server.set("/empty", rss([]), content_type="application/rss+xml")
    server.set("/loop", b"", redirect="/loop")
    sources = [
        {"key": "good", "type": "feed", "url": server.url("/good")},
        {"key": "e500", "type": "feed", "url": server.url("/500")},
        {"key": "e404", "type": "feed", "url": server.url("/404")},
        {"key": "e429", "type": "feed", "url": server.url("/429")},
        {"key": "html", "type": "feed", "url": server.url("/html")},
        {"key": "slow", "type": "feed", "url": server.url("/slow"), "timeout": "1s"},
        {"key": "drip", "type": "feed", "url": server.url("/drip"), "timeout": "1s"},
        {"key": "huge", "type": "feed", "url": server.url("/huge"), "max_bytes": 1_000_000},
        {"key": "empty", "type": "feed", "url": server.url("/empty")},
        {"key": "loop", "type": "feed", "url": server.url("/loop")},
        {"key": "dead", "type": "feed", "url": f"http://127.0.0.1:{free_port}/feed"},
    ]
    out = poll(session_factory, config_for(sources))
    assert out["good"].status == "ok" and counts(session_factory, "good") == (1, 1)
    expected = {
        "e500": "HTTP 500",
        "e404": "HTTP 404",
        "e429": "HTTP 429 Too Many Requests (Retry-After: 3600s)",
        "html": "not a feed: the server sent an HTML page",
        "slow": "timed out after 1s",
        "drip": "timed out after 1s",
        "huge": "body too large",
        "loop": "too many redirects",
        "dead": "cannot connect",
    }
    for key, reason in expected.items():
        assert out[key].status == "error", key
        (row,) = logs(session_factory, key)
        assert row.status == "error" and reason in row.error, (key, row.error)
        assert source_row(session_factory, key).failures == 1
    assert out["empty"].status == "ok" and logs(session_factory, "empty")[0].warnings == ["feed has 0 entries"]
    # Retry-After is honoured: the next poll is not before an hour from now
    s429 = source_row(session_factory, "e429")
    assert s429.next_due - s429.last_polled_at >= timedelta(seconds=3600)


def test_failed_poll_touches_nothing_archived(server, session_factory) -> None:  # noqa: ANN001
    server.set("/feed", rss(_abs(server, [E1])), content_type="application/rss+xml")
    cfg = config_for([{"key": "m", "type": "feed", "url": server.url("/feed")}])
    poll(session_factory, cfg)
    server.set("/feed", b"<rss><channel><item><title>broken", status=500)
    assert poll(session_factory, cfg)["m"].status == "error"
    server.set("/feed", b"\x00\xff garbage", content_type="application/rss+xml")
    assert poll(session_factory, cfg)["m"].status == "error"
    assert counts(session_factory, "m") == (1, 1)
    assert source_row(session_factory, "m").failures == 2
    # recovery resets the failure count
    server.set("/feed", rss(_abs(server, [E1])), content_type="application/rss+xml")
    assert poll(session_factory, cfg)["m"].status in ("ok", "not_modified")
    assert source_row(session_factory, "m").failures == 0


def test_fetch_articles_pulls_the_page_and_keeps_raw(server, session_factory) -> None:  # noqa: ANN001
    paras = [
        "On Saturday, the UK-based Syrian Observatory for Human Rights said 745 civilians had been killed in the west.",
        "The Syrian Network for Human Rights said non-state armed groups had killed 148 civilians.",
        "Fighting in the western provinces of Latakia and Tartus intensified late last week after attacks.",
    ]
    server.set("/a/1", article("745 killed", paras), gzip=True)
    server.set("/feed", rss(_abs(server, [Entry("g1", "745 killed", "Teaser only.", "/a/1?utm_source=rss")])))
    cfg = config_for([{"key": "sohr", "type": "feed", "url": server.url("/feed"), "fetch_articles": True}])
    out = poll(session_factory, cfg)["sohr"]
    assert out.new == 1
    with session_scope(session_factory) as s:
        v = s.scalars(select(ItemVersion)).one()
        assert "148 civilians" in v.text and "Teaser only" not in v.text
        assert "Copyright test site" not in v.text  # main text, not the footer
        assert b"<article>" in raw_body(v)
        assert v.url == server.url("/a/1")
    hits = server.hits["/a/1?utm_source=rss"] if "/a/1?utm_source=rss" in server.hits else server.hits["/a/1"]
    # second poll: feed unchanged (304) → the article is not fetched again
    poll(session_factory, cfg)
    assert sum(n for p, n in server.hits.items() if p.startswith("/a/1")) == hits


def test_article_failure_keeps_feed_text_and_retries_next_poll(server, session_factory) -> None:  # noqa: ANN001
    server.set("/a/1", b"forbidden", status=403)
    body = "SOHR said 745 civilians had been killed in the country's west, in a longer feed summary."
    server.set("/feed", rss(_abs(server, [Entry("g1", "745 killed", body, "/a/1")])), etag=False, last_modified=False)
    cfg = config_for([{"key": "sohr", "type": "feed", "url": server.url("/feed"), "fetch_articles": True}])
    first = poll(session_factory, cfg)["sohr"]
    assert first.new == 1 and any("HTTP 403" in w for w in first.warnings)
    server.set("/a/1", article("745 killed", [body, "Full article text with much more detail about the clashes in Latakia."]))
    second = poll(session_factory, cfg)["sohr"]
    assert second.changed == 1
    with session_scope(session_factory) as s:
        item = s.scalars(select(Item)).one()
        assert item.body_source == "article" and item.version_count == 2


def test_page_source_versions_on_change(server, session_factory) -> None:  # noqa: ANN001
    server.set("/press", article("Press", ["The Presidency announced an independent committee to investigate events."]))
    cfg = config_for([{"key": "pres", "type": "page", "url": server.url("/press")}])
    first = poll(session_factory, cfg)["pres"]
    assert (first.status, first.error, first.new) == ("ok", None, 1)  # a failed page poll says why, here
    with session_scope(session_factory) as s:
        assert "independent committee to investigate" in s.scalars(select(ItemVersion.text)).one()
    assert poll(session_factory, cfg)["pres"].status == "not_modified"
    server.set("/press", article("Press", ["The Presidency announced a committee.", "A second statement was issued today."]))
    assert poll(session_factory, cfg)["pres"].changed == 1
    assert counts(session_factory, "pres") == (1, 2)


def test_two_polls_at_once_do_not_duplicate(server, session_factory) -> None:  # noqa: ANN001
    import asyncio

    from crawler.context import build_context
    from crawler.fetch import make_client
    from crawler.poll import poll_source, sync_config

    server.set("/feed", rss(_abs(server, [E1, E2])), delay=0.3)
    cfg = config_for([{"key": "x", "type": "feed", "url": server.url("/feed")}])
    sync_config(session_factory, cfg)

    async def both():  # noqa: ANN202
        async with make_client() as client:
            a = build_context(cfg, session_factory, client=client, owner="proc-a")
            b = build_context(cfg, session_factory, client=client, owner="proc-b")
            return await asyncio.gather(poll_source(a, cfg.sources[0]), poll_source(b, cfg.sources[0]))

    results = sorted(o.status for o in asyncio.run(both()))
    assert results == ["ok", "skipped"]
    assert counts(session_factory, "x") == (2, 2)


def test_a_page_nested_deeper_than_the_parsers_keeps_its_text(server, session_factory) -> None:  # noqa: ANN001
    deep = "<div>" * 100_000 + "<p>SOHR said 745 civilians had been killed in Latakia.</p>" + "</div>" * 100_000
    server.set("/deep", f"<html><head><title>Deep</title></head><body>{deep}</body></html>")
    cfg = config_for([{"key": "deep", "type": "page", "url": server.url("/deep")}])
    out = poll(session_factory, cfg)["deep"]
    assert (out.status, out.new) == ("ok", 1), out.error
    with session_scope(session_factory) as s:
        assert s.scalars(select(ItemVersion.text)).one() == "SOHR said 745 civilians had been killed in Latakia."


def test_a_poll_without_figures_or_statements_does_not_wait_for_the_tracking_lock(server, engine, session_factory) -> None:  # noqa: ANN001, E501
    """Polls of other sources that track figures hold the archive's tracking lock (PostgreSQL) one after the
    other; a version with nothing to track is stored meanwhile, on any number of workers."""
    plain = [Entry("p-1", "Convoy", "Aid convoys reached the district; no further details were given.", "/p/1")]
    server.set("/feed", rss(_abs(server, plain)), content_type="application/rss+xml")
    cfg = config_for([{"key": "plain", "type": "feed", "url": server.url("/feed")}])
    outcome: dict[str, object] = {}
    with engine.connect() as holder:
        if engine.dialect.name == "postgresql":  # another poll tracking a figure: the lock is held until it commits
            holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TRACKING_LOCK})
        worker = threading.Thread(target=lambda: outcome.update(poll(session_factory, cfg)))
        worker.start()
        worker.join(timeout=60)  # a deadline, not a measure: blocked on the lock, it would wait for ever
        blocked = worker.is_alive()
        holder.rollback()  # the lock is released: a blocked poll finishes now
    worker.join(timeout=60)
    assert not blocked, "the poll waited for the tracking lock"
    assert outcome["plain"].status == "ok"  # type: ignore[attr-defined]
    assert counts(session_factory, "plain") == (1, 1)


def test_a_page_dates_its_version_by_its_newest_entry_not_by_the_fetch(server, session_factory) -> None:  # noqa: ANN001
    """A ministry's page of communiqués says when each was issued: its figures date from the newest, so that an
    outlet carrying a later figure hours after it is not taken for an older republication (a page fetched days
    after its last communiqué would otherwise look newer than every report in between)."""
    page = (
        "<html><head><title>Communiqués</title>"
        '<meta property="article:published_time" content="2025-11-10T08:00:00+00:00"></head><body><main>'
        '<article><h2>Update 2</h2><time datetime="2025-11-12T18:00:00+05:00">12 Nov</time>'
        "<p>The authority said 14 people were killed and 56 injured in Shangla.</p></article>"
        '<article><h2>Update 1</h2><time datetime="2025-11-12T06:00:00+05:00">12 Nov</time>'
        "<p>The authority said 9 people were killed in Shangla.</p></article>"
        '<article><h2>Next</h2><time datetime="2999-01-01T00:00:00Z">planned</time><p>A drill is planned.</p></article>'
        "</main></body></html>"
    )
    server.set("/communiques", page)
    cfg = config_for([{"key": "pdma", "type": "page", "url": server.url("/communiques")}])
    assert poll(session_factory, cfg)["pdma"].status == "ok"
    with session_scope(session_factory) as s:
        published = s.scalars(select(ItemVersion.published_at)).one()
    assert published == datetime(2025, 11, 12, 13, 0, tzinfo=UTC)  # the newest entry, not the drill to come


def test_a_page_without_dates_dates_its_version_by_the_fetch(server, session_factory) -> None:  # noqa: ANN001
    server.set("/plain", article("Press", ["The Presidency announced a committee.", "Only a day: 2025-11-12."]))
    cfg = config_for([{"key": "plain", "type": "page", "url": server.url("/plain")}])
    before = datetime.now(UTC)
    assert poll(session_factory, cfg)["plain"].status == "ok"
    with session_scope(session_factory) as s:
        version = s.scalars(select(ItemVersion)).one()
    assert version.published_at is None and version.fetched_at >= before - timedelta(seconds=5)


def test_a_first_person_post_on_an_officials_page_is_their_statement_once(server, session_factory) -> None:  # noqa: ANN001
    """The governor posts on his own page; a wire quoting the same words later is no second statement."""
    server.set("/posts", article("Governor of Guanajuato", [
        "I strongly condemn the cowardly attack in Celaya. I have instructed the state security forces to find "
        "those responsible."]))  # fmt: skip
    cfg = config_for([
        {"key": "gov", "type": "page", "url": server.url("/posts"), "organization": "Governor of Guanajuato",
         "baseline": False},
        {"key": "wire", "type": "feed", "url": server.url("/wire"), "organization": "Wire", "baseline": False},
    ])  # fmt: skip
    server.set("/wire", rss(_abs(server, [Entry("w-0", "Markets", "Markets were calm on Monday.", "/w/0")])))
    poll(session_factory, cfg)
    with session_scope(session_factory) as s:
        said = s.execute(select(Alert.kind, Alert.payload).where(Alert.kind == "statement_new")).all()
    assert [(k, p["speaker"]) for k, p in said] == [("statement_new", "Governor of Guanajuato")]
    requote = ("\"I strongly condemn the cowardly attack in Celaya,\" Governor Libia Dennise Garcia wrote on X, adding "
               "that state forces had been instructed to find those responsible.")  # fmt: skip
    server.set("/wire", rss(_abs(server, [Entry("w-1", "Governor condemns attack", requote, "/w/1")])))
    poll(session_factory, cfg)
    with session_scope(session_factory) as s:
        assert s.scalar(select(func.count()).select_from(Alert).where(Alert.kind == "statement_new")) == 1
