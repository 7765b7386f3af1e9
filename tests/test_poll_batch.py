"""A batch of unchanged sources (all 304) is leased in one transaction and recorded in one: the same fetch_log
rows, poll state and health alerts (recovered, silent) as recording each poll on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from crawler.config import Config
from storage import sources as source_store
from storage.db import session_scope
from storage.models import Alert, FetchLog, Item, Source
from tests.pollkit import config_for, logs, poll, source_row
from tests.servers.feedgen import Entry, rss

T1 = datetime(2025, 3, 1, 12, tzinfo=UTC)
T2 = T1 + timedelta(days=11)  # four days after the silent source's last new item, which came daily


def _feeds(server, n: int) -> Config:  # noqa: ANN001
    sources = []
    for i in range(n):
        server.set(f"/feed/{i}", rss([Entry(f"f{i}-1", f"Report {i}", "Fighting in Latakia.", server.url(f"/a/{i}"))]),
                   content_type="application/rss+xml")  # fmt: skip
        sources.append({"key": f"s{i}", "type": "feed", "url": server.url(f"/feed/{i}"), "interval": "10m"})
    return config_for(sources)


def test_a_batch_of_304s_is_recorded_as_each_would_be(server, session_factory, caplog) -> None:  # noqa: ANN001
    cfg = _feeds(server, 5)
    assert {o.status for o in poll(session_factory, cfg, clock=lambda: T1).values()} == {"ok"}
    with session_scope(session_factory) as s:
        ids = dict(s.execute(select(Source.key, Source.id)).all())
        # s1 failed three times in a row since (its recovery is news); s2 published daily for a week, then stopped
        s.execute(update(Source).where(Source.key == "s1").values(failures=3))
        for day in range(1, 8):
            s.add(Item(source_id=ids["s2"], guid=f"later-{day}", first_seen=T1 + timedelta(days=day),
                       last_seen=T1 + timedelta(days=day)))  # fmt: skip
        etags = dict(s.execute(select(Source.key, Source.etag)).all())

    second = poll(session_factory, cfg, clock=lambda: T2)
    assert "one by one" not in caplog.text  # the batch was leased and recorded as one
    assert {k: (o.status, o.http_status, o.seen, o.new) for k, o in second.items()} == {
        f"s{i}": ("not_modified", 304, 0, 0) for i in range(5)
    }
    for i in range(5):
        row = source_row(session_factory, f"s{i}")
        assert (row.last_status, row.failures, row.last_error, row.etag) == ("not_modified", 0, None, etags[f"s{i}"])
        assert row.last_polled_at == row.last_ok_at == T2 and row.next_due == T2 + timedelta(minutes=10)
        assert row.lease_owner is None and row.lease_until is None
        last = logs(session_factory, f"s{i}")[-1]
        assert (last.status, last.http_status, last.started_at, last.items_seen, last.items_new) == (
            "not_modified", 304, T2, 0, 0)  # fmt: skip
        assert last.warnings is None and last.error is None
    with session_scope(session_factory) as s:
        alerts = sorted((a.kind, a.event_key) for a in s.scalars(select(Alert)))
    assert [kind for kind, _key in alerts] == ["source_recovered", "source_silent"]
    assert alerts[0][1].startswith("source_recovered:s1:") and alerts[1][1].startswith("source_silent:s2:")


def test_arrivals_of_many_sources_equal_each_sources_own(session_factory) -> None:  # noqa: ANN001
    with session_scope(session_factory) as s:
        specs = [source_store.SourceSpec(f"k{i}", f"K{i}", None, "feed", f"https://example.org/{i}", 600) for i in range(4)]
        ids = [row.id for row in source_store.sync_sources(s, specs).values()]
        for n, sid in enumerate(ids[:3]):  # k3 was never polled successfully
            s.add(FetchLog(source_id=sid, started_at=T1 + timedelta(hours=n), status="ok"))
            for j in range(60 if n == 0 else 5):  # more than the 50 arrivals looked at, and fewer
                s.add(Item(source_id=sid, guid=f"g{j}", first_seen=T1 + timedelta(hours=j), last_seen=T1))
        s.flush()
        together = source_store.arrivals_of(s, ids)
        assert together == {sid: got for sid in ids if (got := source_store.arrivals(s, sid))}
        assert len(together[ids[0]]) == 50 and ids[3] not in together
