"""Every feed of ../shared/corpus/feeds (feedparser's 2,123 test feeds and the real news feeds), served
from the local server and polled in one run: none may crash a poll or stop the others."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawler.fetch import make_client  # noqa: F401  (keeps import errors loud before the long run)
from storage.db import make_engine, make_session_factory, session_scope
from storage.migrate import upgrade_to_head
from storage.models import FetchLog, Item, Source
from tests.conftest import SHARED
from tests.pollkit import config_for, poll

FEEDS = SHARED / "corpus" / "feeds"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not FEEDS.is_dir(), reason="../shared/corpus/feeds is not beside this checkout"),
    pytest.mark.timeout(900),
]
_HEADER = re.compile(rb"^\s*Header:\s*([\w-]+):\s*(.+?)\s*$", re.M)
_TYPES = {".json": "application/feed+json", ".rdf": "application/rdf+xml", ".atom": "application/atom+xml"}


def _headers(body: bytes) -> dict[str, str]:
    head = body[:2000]
    if b"<!--" not in head:
        return {}
    return {k.decode(): v.decode("latin-1") for k, v in _HEADER.findall(head.split(b"-->", 1)[0])}


def test_every_corpus_feed_polls_without_crashing(server, tmp_path: Path) -> None:  # noqa: ANN001
    files = sorted(p for p in FEEDS.rglob("*") if p.is_file() and p.suffix in (".xml", ".rdf", ".json", ".atom", ".rss"))
    assert len(files) > 2100
    sources = []
    for i, path in enumerate(files):
        body = path.read_bytes()
        headers = _headers(body)
        ctype = headers.pop("Content-type", None) or headers.pop("Content-Type", None) or _TYPES.get(path.suffix, "application/xml")
        route = f"/f/{i}"
        server.set(route, body, content_type=ctype, headers=headers)
        # a generous timeout: every poll now also extracts and tracks, and the server shares this process's GIL
        sources.append({"key": f"f{i}", "type": "feed", "url": server.url(route), "timeout": "60s"})
    engine = make_engine(f"sqlite:///{tmp_path / 'corpus.db'}")
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    outcomes = poll(factory, config_for(sources, concurrency=16))

    assert len(outcomes) == len(files)
    with session_scope(factory) as s:
        logs_per_source = dict(s.execute(select(FetchLog.source_id, func.count()).group_by(FetchLog.source_id)).all())
        errors = [e for (e,) in s.execute(select(FetchLog.error).where(FetchLog.status == "error"))]
        items = dict(s.execute(select(Source.key, func.count(Item.id)).outerjoin(Item).group_by(Source.key)).all())
    assert len(logs_per_source) == len(files) and set(logs_per_source.values()) == {1}
    # a failure is a recorded reason, never a crash of ours
    assert not [e for e in errors if e.startswith(("internal error", "archive write failed"))]
    ok = sum(1 for o in outcomes.values() if o.status == "ok")
    assert ok >= 0.9 * len(files), f"only {ok} of {len(files)} corpus feeds parsed"

    # the real news feeds: every one with items in the manifest is archived
    manifest = FEEDS / "real" / "manifest.csv"
    by_path = {str(p.relative_to(FEEDS / "real")): f"f{i}" for i, p in enumerate(files) if "real" in p.parts}
    checked = 0
    with manifest.open() as fh:
        for row in csv.DictReader(fh):
            key = by_path.get(row["file"])
            if key and int(row["item_count"] or 0) > 0:
                checked += 1
                assert outcomes[key].status == "ok", (row["file"], outcomes[key].error)
                # every distinct entry archived (some real feeds repeat a guid: those count once)
                assert items[key] == outcomes[key].new == outcomes[key].seen > 0, (row["file"], items[key])
                assert items[key] >= 0.5 * int(row["item_count"]), (row["file"], items[key], row["item_count"])
    assert checked >= 30
