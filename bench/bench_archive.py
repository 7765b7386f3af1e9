"""Polling against a big archive vs an empty one (issue 14: "polling against an archive of 1 M versions costs
within 1.5× of polling against an empty one").

    python bench/bench_archive.py [--versions 1000000] [--copies 200] [--rebuild] [--database URL]

Builds once an archive of --versions versions (cached under /tmp, named by the version count and the version of
this generator; migrations added later are run on the cached archive, as on a real one; --rebuild forces a new
one): the schema by the project's migrations, then rows
written in big transactions with SQLAlchemy Core executemany, not through the poller — sources with months of
fetch_log, items and their versions (raw bodies compressed, the full-text index kept by its own triggers or GIN
index), figures, series and their points, statements, alerts and deliveries, in proportions taken from the
extraction of the real feeds (speakers, reporters and figures drawn from it, so the polled feeds meet them).
Then the copies of the real news feeds (bench_poll's local server) are polled once cold and once unchanged (all
304) against an empty archive and a copy of the big one, configured with the same sources (`baseline: false`, so
both alert as an archive past its first poll does); wall and CPU of each and the ratios big/empty are printed.

With --database postgresql+psycopg://127.0.0.1:5432/test both archives live in private schemas
(bench_archive_<pid>, bench_archive_<pid>_empty), built in the run (nothing is cached) and dropped at the end.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import multiprocessing as mp
import os
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_poll import cpu, cycle, peak_rss_mb, real_bodies, serve  # noqa: E402
from sqlalchemy import Engine, bindparam, create_engine, func, insert, select, text, update  # noqa: E402

from crawler.config import parse_config  # noqa: E402
from crawler.extract import canonical_reporter, extract  # noqa: E402
from crawler.feeds import parse_feed  # noqa: E402
from crawler.poll import sync_config  # noqa: E402
from crawler.track.changes import speaker_key, text_hash  # noqa: E402
from crawler.track.series import IMPLICIT_WATCH  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402
from storage.models import (  # noqa: E402
    Alert,
    Delivery,
    FetchLog,
    Figure,
    Item,
    ItemVersion,
    Series,
    SeriesPoint,
    Source,
    SpeakerName,
    Statement,
)
from storage.series import speaker_tails  # noqa: E402

GENERATOR = "2"  # bump when the rows written change: the cached archive's name changes with it (a migration
# added since it was built is run on it instead)
FEEDS = ROOT.parent / "shared" / "corpus" / "feeds" / "real" / "news"
PG_DEFAULT = "postgresql+psycopg://127.0.0.1:5432/test"
NOW = datetime.now(UTC).replace(microsecond=0)
SPAN = timedelta(days=120)  # the archive's age: four months of polling
CHUNK = 20_000  # versions per transaction

# proportions (per version unless said otherwise); the real news feeds' cold poll gives 0.10 figures, 1.17
# statements (0.40 official) per version; sources that watch conflicts carry more figures
VERSIONS_PER_ITEM = ((1, 0.82), (2, 0.13), (3, 0.04), (5, 0.01))
FIGURES_PER_VERSION = ((0, 0.80), (1, 0.12), (2, 0.05), (4, 0.03))  # mean ≈ 0.34
REPORTED_SHARE = 0.5  # figures with a reporter, which join a series
STATEMENTS_PER_VERSION = ((0, 0.45), (1, 0.25), (2, 0.15), (4, 0.10), (6, 0.05))  # mean ≈ 1.2
VERSIONS_PER_SOURCE = 1_000
VERSIONS_PER_SERIES = 100
VERSIONS_PER_SPEAKER = 20
POLL_EVERY = timedelta(hours=2)  # fetch_log rows per source over the span (1,440 each)


def weighted(table: tuple[tuple[int, float], ...], rng: random.Random) -> int:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


class Zipf:
    """Index i drawn with weight 1/(i+1): a few reporters, speakers and series take most of the mentions."""

    def __init__(self, n: int) -> None:
        self.cum = list(accumulate(1 / (i + 1) for i in range(n)))

    def draw(self, rng: random.Random) -> int:
        return min(bisect.bisect(self.cum, rng.random() * self.cum[-1]), len(self.cum) - 1)


# --- what the real feeds say: the pools the archive is drawn from ------------------------------------------


@dataclass(slots=True)
class Pools:
    sentences: list[str]
    raws: list[bytes]
    figures: list[Any]  # crawler.extract.records.Figure
    statements: list[Any]  # crawler.extract.records.Statement
    reporters: list[str]
    speakers: list[tuple[str, str | None, str | None, bool]]  # speaker, role, organization, official


FIRST = "Ahmed Maria Olena Samir Fatima John Amina Ivan Lina Omar Sofia Yusuf Nadia Pedro Aisha Daniel Leila Hassan".split()
LAST = "Haddad Kovalenko Mensah Okafor Rahman Silva Petrenko Nasser Diallo Moreno Karimi Osei Haidari Volkov Ruiz Bakr".split()
BODIES = "Ministry of Health|Civil Defence|Red Crescent|Interior Ministry|Emergency Service|Human Rights Monitor".split("|")


def read_pools(directory: Path, versions: int) -> Pools:
    sentences: list[str] = []
    raws: list[bytes] = []
    figures: list[Any] = []
    statements: list[Any] = []
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        try:
            parsed = parse_feed(path.read_bytes())
        except Exception:  # noqa: BLE001 - a feed the parser refuses gives no pool entries
            continue
        for entry in parsed.entries:
            sentences.extend(s for s in re.split(r"(?<=[.!?])\s+", entry.text) if 20 < len(s) < 400)
            if entry.content_html:
                raws.append(zlib.compress(entry.content_html.encode(), 6))
            found = extract(f"{entry.title or ''}\n\n{entry.text}")
            figures.extend(f for f in found.figures if f.number is not None)
            statements.extend(found.statements)
    reporters = list(dict.fromkeys(canonical_reporter(f.reported_by) for f in figures if f.reported_by))
    rng = random.Random(7)
    places = sorted({w for s in sentences for w in re.findall(r"\b[A-Z][a-z]{4,}\b", s)})[:400] or ["Aleppo"]
    while len(reporters) < max(40, versions // 300):
        reporters.append(f"{rng.choice(places)} {rng.choice(BODIES)} {len(reporters)}")
    speakers = list(dict.fromkeys((s.speaker, s.role, s.organization, s.official) for s in statements))
    while len(speakers) < max(100, versions // VERSIONS_PER_SPEAKER):
        official = rng.random() < 0.35
        speakers.append((f"{rng.choice(FIRST)} {rng.choice(LAST)}-{len(speakers)}",
                         "spokesperson" if official else None, rng.choice(reporters) if official else None, official))  # fmt: skip
    return Pools(sentences, raws or [zlib.compress(b"<p></p>")], figures, statements, reporters, speakers)


# --- the build -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class SeriesState:
    id: int
    key: tuple[str, str, str, str]  # reporter, outcome, victim group, perpetrator
    number: int = 0
    number_max: int | None = None
    qualifier: str = "exact"
    figure_id: int | None = None
    published_at: datetime = NOW
    points: int = 0


class Builder:
    """Writes the rows of an archive of `versions` versions, chunk by chunk, ids given here."""

    def __init__(self, engine: Engine, versions: int, pools: Pools, sources: int) -> None:
        self.engine, self.total, self.p = engine, versions, pools
        self.rng = random.Random(14)
        self.sources = sources
        self.ids = dict.fromkeys(("item", "version", "figure", "point", "statement", "speaker_name", "alert", "delivery"), 0)
        self.reporter_pick = Zipf(len(pools.reporters))
        self.speaker_pick = Zipf(len(pools.speakers))
        self.series: list[SeriesState] = []
        self.series_pick = Zipf(max(20, versions // VERSIONS_PER_SERIES))
        self.said: dict[str, list[tuple[str, str]]] = {}  # speaker key → (text, thread key) said before

    def new_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def run(self) -> None:
        started = time.perf_counter()
        self.write_sources()
        self.write_series()
        written = 0
        while written < self.total:
            rows = self.chunk(min(CHUNK, self.total - written))
            with self.engine.begin() as conn:
                for model in (Item, ItemVersion, Figure, SeriesPoint, Statement, SpeakerName, Alert, Delivery):
                    if rows[model.__tablename__]:
                        conn.execute(insert(model), rows[model.__tablename__])
            written = self.ids["version"]
            rate = written / (time.perf_counter() - started)
            print(f"  {written:>9,} versions, {self.ids['figure']:,} figures, {self.ids['statement']:,} statements "
                  f"({rate:,.0f} versions/s)", flush=True)  # fmt: skip
        self.finish_series()
        self.write_fetch_log()

    def write_sources(self) -> None:
        rows = []
        for i in range(self.sources):
            # the bench polls s0…; a tenth of the others are a reporter's own sources (a monitor, a ministry)
            org = self.p.reporters[i % len(self.p.reporters)] if i >= self.sources * 9 // 10 else None
            rows.append({
                "id": i + 1, "key": f"s{i}", "name": f"S{i}", "organization": org, "kind": "feed",
                "url": f"https://s{i}.example.org/feed", "interval_seconds": 600, "enabled": True,
                "last_polled_at": NOW - timedelta(minutes=30), "last_ok_at": NOW - timedelta(minutes=30),
                "last_status": "not_modified", "failures": 0, "next_due": NOW + timedelta(minutes=10),
                "created_at": NOW - SPAN,
            })  # fmt: skip
        with self.engine.begin() as conn:
            conn.execute(insert(Source), rows)

    def write_series(self) -> None:
        seen: set[tuple[str, str, str, str]] = set()
        templates = self.p.figures or [None]
        while len(seen) < len(self.series_pick.cum):
            t = self.rng.choice(templates)
            reporter = self.p.reporters[self.reporter_pick.draw(self.rng)]
            outcome = t.outcome if t else "killed"
            victims = (t.victim_group if t else None) or "people"
            perpetrator = "" if self.rng.random() < 0.95 else f"{self.rng.choice(LAST)} forces"
            key = (reporter, outcome, victims, perpetrator)
            if key in seen:
                key = (reporter, outcome, f"{victims} {len(seen)}", perpetrator)
            seen.add(key)
            self.series.append(SeriesState(len(self.series) + 1, key))
        rows = [
            {"id": s.id, "uid": uuid.UUID(int=self.rng.getrandbits(128)).hex, "watch": IMPLICIT_WATCH,
             "reporter": s.key[0], "outcome": s.key[1], "victim_group": s.key[2], "perpetrator": s.key[3],
             "number": 0, "qualifier": "exact", "published_at": NOW - SPAN, "points": 0,
             "created_at": NOW - SPAN, "updated_at": NOW - SPAN}
            for s in self.series
        ]  # fmt: skip
        with self.engine.begin() as conn:
            conn.execute(insert(Series), rows)

    def text_of(self, extra: list[str]) -> str:
        body = [self.rng.choice(self.p.sentences) for _ in range(self.rng.randint(4, 12))]
        for sentence in extra:
            body.insert(self.rng.randint(0, len(body)), sentence)
        return " ".join(body)

    def chunk(self, count: int) -> dict[str, list[dict[str, Any]]]:
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in ("item", "item_version", "figure", "series_point",
                                                                  "statement", "speaker_name", "alert", "delivery")}  # fmt: skip
        made = 0
        while made < count:
            made += self.item(rows, min(weighted(VERSIONS_PER_ITEM, self.rng), count - made))
        return rows

    def item(self, rows: dict[str, list[dict[str, Any]]], n: int) -> int:
        rng = self.rng
        item_id = self.new_id("item")
        source_id = rng.randrange(self.sources) + 1
        at = NOW - SPAN + SPAN * (self.ids["version"] / self.total)
        title = rng.choice(self.p.sentences)[:120]
        url = f"https://s{source_id - 1}.example.org/news/{item_id}"
        last = 0
        for number in range(1, n + 1):
            vid = self.new_id("version")
            fetched = at + timedelta(hours=number - 1)
            extra: list[str] = []
            for _ in range(weighted(FIGURES_PER_VERSION, rng)):
                self.figure(rows, vid, item_id, source_id, url, fetched, extra)
            for _ in range(weighted(STATEMENTS_PER_VERSION, rng)):
                self.statement(rows, vid, item_id, source_id, url, fetched, extra)
            body = self.text_of(extra)
            rows["item_version"].append({
                "id": vid, "item_id": item_id, "version": number, "content_hash": hashlib.sha256(body.encode()).hexdigest(),
                "fetched_at": fetched, "title": title, "text": body, "url": url, "published_at": at,
                "raw": rng.choice(self.p.raws), "raw_type": "text/html; charset=utf-8 (feed entry)", "http_meta": None,
            })  # fmt: skip
            last = vid
        rows["item"].append({
            "id": item_id, "source_id": source_id, "guid": url, "url": url, "title": title, "published_at": at,
            "first_seen": at, "last_seen": at + timedelta(hours=n), "entry_hash": f"{item_id:064x}",
            "body_source": "feed", "article_attempts": 0, "version_count": n, "current_version_id": last,
        })  # fmt: skip
        return n

    def figure(self, rows: dict[str, list[dict[str, Any]]], vid: int, item_id: int, source_id: int, url: str,
               at: datetime, extra: list[str]) -> int:  # fmt: skip
        rng = self.rng
        fid = self.new_id("figure")
        t = rng.choice(self.p.figures) if self.p.figures else None
        start = fid % 10_000 * 3  # distinct within a version (uq_figure_item_version_id_start_end_outcome)
        row = {
            "id": fid, "item_version_id": vid, "item_id": item_id, "source_id": source_id,
            "number": t.number if t else 10, "number_max": t.number_max if t else None,
            "qualifier": t.qualifier if t else "exact", "vague": t.vague if t else None,
            "outcome": t.outcome if t else "killed", "victim_group": (t.victim_group if t else None) or "people",
            "perpetrator": t.perpetrator if t else None, "reported_by": t.reported_by if t else None, "reporter": None,
            "place": t.place if t else None, "as_of": t.as_of if t else None,
            "sentence": t.sentence if t else "10 people were killed.", "start": start, "end": start + 20,
            "url": url, "published_at": at, "created_at": at,
        }  # fmt: skip
        if rng.random() < REPORTED_SHARE:
            s = self.series[self.series_pick.draw(rng)]
            reporter, outcome, victims, perpetrator = s.key
            if s.points == 0:
                role, number = "value", rng.randint(3, 300)
            else:
                roll = rng.random()
                if roll < 0.45:
                    role, number = "value", s.number + rng.randint(1, 20)  # a toll that rises by a few at a time
                elif roll < 0.95:
                    role, number = "corroboration", s.number
                else:
                    role, number = "stale", max(1, s.number - rng.randint(1, 20))
            sentence = f"{reporter} said {number:,} {victims} had been {outcome}."
            row.update(number=number, number_max=None, qualifier="exact", vague=None, outcome=outcome,
                       victim_group=victims, perpetrator=perpetrator or None, reported_by=reporter, reporter=reporter,
                       sentence=sentence)  # fmt: skip
            extra.append(sentence)
            rows["series_point"].append({
                "id": self.new_id("point"), "series_id": s.id, "figure_id": fid, "role": role, "number": number,
                "revision": False, "created_at": at, "source_id": source_id, "published_at": at,
            })  # fmt: skip
            if role == "value":
                kind = "series_created" if s.points == 0 else "figure_changed"
                key = f"series_created:{s.id}" if s.points == 0 else f"figure_changed:{s.id}:{fid}"
                self.alert(rows, kind, key, at, series_id=s.id, payload={"reporter": reporter, "number": number})
                s.number, s.figure_id, s.published_at = number, fid, at
            s.points += 1
        rows["figure"].append(row)
        return fid

    def statement(self, rows: dict[str, list[dict[str, Any]]], vid: int, item_id: int, source_id: int, url: str,
                  at: datetime, extra: list[str]) -> None:  # fmt: skip
        rng = self.rng
        speaker, role, organization, official = self.p.speakers[self.speaker_pick.draw(rng)]
        skey = speaker_key(speaker)
        if skey not in self.said:  # first quoted: the endings storage.series.record_speakers writes
            rows["speaker_name"].extend({"id": self.new_id("speaker_name"), "tail": tail, "speaker_key": skey}
                                        for tail in speaker_tails(skey))  # fmt: skip
        before = self.said.setdefault(skey, [])
        if before and rng.random() < 0.15:  # a repeat of what the speaker said before (another outlet's quote)
            said, thread = rng.choice(before)
            new = False
        else:
            t = rng.choice(self.p.statements).text if self.p.statements else "The situation is dire."
            said = f"{t} ({self.ids['statement'] + 1})"  # each new statement its own words
            thread = hashlib.sha256(f"{skey}\n{text_hash(said)}".encode()).hexdigest()[:24]
            if len(before) < 50:
                before.append((said, thread))
            new = True
        sid = self.new_id("statement")
        start = sid % 10_000 * 3  # distinct within a version (uq_statement_item_version_id_start_end)
        rows["statement"].append({
            "id": sid, "item_version_id": vid, "item_id": item_id, "source_id": source_id, "speaker": speaker,
            "speaker_key": skey, "role": role, "organization": organization, "official": official,
            "kind": rng.choice(("quote", "reported")), "text": said, "text_hash": text_hash(said),
            "thread_key": thread, "start": start, "end": start + len(said), "url": url, "published_at": at,
            "created_at": at,
        })  # fmt: skip
        extra.append(f"{speaker} said: {said}")
        if official and new:
            self.alert(rows, "statement_new", f"statement_new:{IMPLICIT_WATCH}:{thread}", at, statement_id=sid,
                       payload={"speaker": speaker, "text": said[:200]})  # fmt: skip

    def alert(self, rows: dict[str, list[dict[str, Any]]], kind: str, key: str, at: datetime, *,
              payload: dict[str, Any], series_id: int | None = None, statement_id: int | None = None) -> None:  # fmt: skip
        aid = self.new_id("alert")
        uid = uuid.UUID(int=self.rng.getrandbits(128)).hex
        rows["alert"].append({"id": aid, "uid": uid, "kind": kind, "event_key": key, "watch": IMPLICIT_WATCH,
                              "series_id": series_id, "statement_id": statement_id, "payload": payload,
                              "created_at": at})  # fmt: skip
        rows["delivery"].append({
            "id": self.new_id("delivery"), "alert_id": aid, "channel": "slack", "idempotency_key": f"tw-{uid}-slack",
            "status": "sent", "attempts": 1, "next_attempt_at": at, "held": False, "sent_at": at + timedelta(seconds=2),
            "created_at": at,
        })  # fmt: skip

    def finish_series(self) -> None:
        rows = [{"s_id": s.id, "number": s.number, "figure": s.figure_id, "published_at": s.published_at,
                 "points": s.points} for s in self.series if s.points]  # fmt: skip
        stmt = (
            update(Series.__table__)
            .where(Series.__table__.c.id == bindparam("s_id"))
            .values(number=bindparam("number"), current_figure_id=bindparam("figure"),
                    published_at=bindparam("published_at"), updated_at=bindparam("published_at"),
                    points=bindparam("points"))  # fmt: skip
        )
        with self.engine.begin() as conn:
            if rows:
                conn.execute(stmt, rows)
            # series that no figure joined are not in an archive: tracking creates a series with its first point
            conn.execute(Series.__table__.delete().where(Series.__table__.c.points == 0))

    def write_fetch_log(self) -> None:
        """Every source polled every POLL_EVERY over the span: mostly 304s, some new entries, a few errors."""
        polls = int(SPAN / POLL_EVERY)
        rng = self.rng
        with self.engine.begin() as conn:
            for first in range(0, self.sources, 50):
                rows = []
                for sid in range(first + 1, min(first + 50, self.sources) + 1):
                    for k in range(polls):
                        roll = rng.random()
                        status = "ok" if roll < 0.3 or k == 0 else ("error" if roll > 0.99 else "not_modified")
                        rows.append({
                            "source_id": sid, "started_at": NOW - SPAN + POLL_EVERY * k, "duration_ms": rng.randint(50, 900),
                            "status": status, "http_status": {"ok": 200, "error": 503}.get(status, 304),
                            "bytes": 40_000 if status == "ok" else 0, "error": "HTTP 503" if status == "error" else None,
                            "pages": 1, "items_seen": 40 if status == "ok" else 0, "items_new": 2 if status == "ok" else 0,
                            "items_changed": 0,
                        })  # fmt: skip
                conn.execute(insert(FetchLog), rows)


def reset_sequences(engine: Engine) -> None:
    """Ids were given by the builder: PostgreSQL's sequences must start after them."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for model in (Source, Item, ItemVersion, FetchLog, Figure, Series, SeriesPoint, Statement, SpeakerName, Alert,
                      Delivery):  # fmt: skip
            name = model.__tablename__
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                              f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"))  # fmt: skip


def build(engine: Engine, versions: int) -> None:
    started, c0 = time.perf_counter(), cpu()
    upgrade_to_head(engine)
    pools = read_pools(FEEDS, versions)
    print(f"building an archive of {versions:,} versions: {len(pools.reporters):,} reporters, "
          f"{len(pools.speakers):,} speakers, {len(pools.sentences):,} sentences of the real feeds")  # fmt: skip
    builder = Builder(engine, versions, pools, max(100, versions // VERSIONS_PER_SOURCE))
    builder.run()
    reset_sequences(engine)
    print(f"built in {time.perf_counter() - started:.0f}s wall, {cpu() - c0:.0f}s CPU")


def counts(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as conn:
        n = {m.__tablename__: conn.scalar(select(func.count()).select_from(m)) for m in
             (Source, ItemVersion, Figure, Series, SeriesPoint, Statement, Alert, FetchLog)}  # fmt: skip
    engine.dispose()
    return ", ".join(f"{v:,} {k}" for k, v in n.items())


def sqlite_archive(versions: int, rebuild: bool) -> Path:
    """The cached archive's file, built first when missing (or --rebuild)."""
    path = Path(tempfile.gettempdir()) / f"tollwatch-bench-archive-{versions}-g{GENERATOR}.db"
    if path.exists() and not rebuild:
        # migrations added since it was built run on it once, as they would on a real archive
        engine = make_engine(f"sqlite:///{path}")
        upgrade_to_head(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
        engine.dispose()
        return path
    partial = path.with_suffix(".building")
    for p in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        p.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{partial}")
    build(engine, versions)
    with engine.connect() as conn:  # one file: the WAL folded in, so a copy of the .db is the whole archive
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    engine.dispose()
    partial.replace(path)
    return path


@dataclass(slots=True)
class Run:
    cold_wall: float
    cold_cpu: float
    warm_wall: float
    warm_cpu: float


def poll_twice(label: str, url: str, base: str, copies: int, concurrency: int) -> Run:
    engine = make_engine(url)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    config = parse_config({
        "concurrency": concurrency,
        "sources": [{"key": f"s{i}", "name": f"S{i}", "type": "feed", "url": f"{base}/feed/{i}", "interval": "10m",
                     "baseline": False} for i in range(copies)],
    })  # fmt: skip
    sync_config(factory, config)
    ctx = {"config": config, "session_factory": factory}
    wall, used, outs = cycle(ctx, config.sources)
    bad = [o for o in outs if o.status != "ok"]
    print(f"{label:>5} archive, cold cycle:      wall {wall:6.2f}s, CPU {used:6.2f}s, "
          f"{sum(o.new for o in outs)} new items, {len(bad)} not ok")  # fmt: skip
    wall2, used2, outs2 = cycle(ctx, config.sources)
    n304 = sum(1 for o in outs2 if o.status == "not_modified")
    print(f"{label:>5} archive, unchanged cycle: wall {wall2:6.2f}s, CPU {used2:6.2f}s, {n304}/{copies} answered 304")
    engine.dispose()
    return Run(wall, used, wall2, used2)


@dataclass(slots=True)
class Archives:
    empty: str
    big: str


def sqlite_archives(big: Path) -> Iterator[Archives]:
    tmp = Path(tempfile.mkdtemp(prefix="tollwatch-bench-archive-run-"))
    shutil.copyfile(big, tmp / "big.db")
    yield Archives(f"sqlite:///{tmp}/empty.db", f"sqlite:///{tmp}/big.db")
    for p in tmp.iterdir():
        p.unlink()
    tmp.rmdir()


def pg_archives(database: str, versions: int) -> Iterator[Archives]:
    admin = create_engine(database)
    schema = f"bench_archive_{os.getpid()}"
    names = (schema, f"{schema}_empty")
    with admin.begin() as conn:
        for name in names:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        big, empty = (f"{database}?options=-csearch_path%3D{name}" for name in names)
        engine = make_engine(big)
        build(engine, versions)
        engine.dispose()
        yield Archives(empty, big)
    finally:
        with admin.begin() as conn:
            for name in names:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--versions", type=int, default=1_000_000, help="versions in the big archive")
    ap.add_argument("--copies", type=int, default=200, help="feed URLs polled (cycling the real feeds)")
    ap.add_argument("--real", type=Path, default=FEEDS, help="the real feeds served")
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--rebuild", action="store_true", help="build the cached SQLite archive again")
    ap.add_argument("--build-only", action="store_true", help="build (or find) the cached archive and stop")
    ap.add_argument("--database", default=None, help=f"PostgreSQL server URL (e.g. {PG_DEFAULT}); default SQLite")
    args = ap.parse_args()

    if args.database is None:
        big = sqlite_archive(args.versions, args.rebuild)
        print(f"big archive: {big} ({big.stat().st_size / 1e9:.1f} GB)")
        if args.build_only:
            return
        archives = sqlite_archives(big)
    else:
        archives = pg_archives(args.database, args.versions)

    bodies = real_bodies(args.real, args.copies)
    ready: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    proc = mp.Process(target=serve, args=(bodies, ready), daemon=True)
    proc.start()
    base = ready.get(timeout=120)
    try:
        urls = next(archives)
        print(f"big archive: {counts(urls.big)}")
        print(f"polling {args.copies} copies of the real feeds ({sum(map(len, bodies)) / 1e6:.1f} MB), "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        empty = poll_twice("empty", urls.empty, base, args.copies, args.concurrency)
        label = f"{args.versions / 1e6:g}M" if args.versions >= 1_000_000 else f"{args.versions // 1000}k"
        full = poll_twice(label, urls.big, base, args.copies, args.concurrency)
        print(f"cold cycle, {label}/empty:      wall {full.cold_wall / empty.cold_wall:.2f}×, "
              f"CPU {full.cold_cpu / empty.cold_cpu:.2f}×   (goal ≤ 1.5×)")  # fmt: skip
        print(f"unchanged cycle, {label}/empty: wall {full.warm_wall / empty.warm_wall:.2f}×, "
              f"CPU {full.warm_cpu / empty.warm_cpu:.2f}×   (goal ≤ 1.5×)")  # fmt: skip
        print(f"peak RSS: {peak_rss_mb():.0f} MB, load average {os.getloadavg()[0]:.1f}")
    finally:
        proc.terminate()
        for _ in archives:  # the copies removed, the schemas dropped
            pass


if __name__ == "__main__":
    main()
