"""Cost of tracking a figure against the length of its series: the 10th figure of one series vs the 10,000th.

Usage: python bench/bench_series.py [--points 10000] [--sample 30] [--db sqlite:///PATH | postgresql://...]

One SQLite archive (a temporary file unless --db), one reporter, one series; every figure is a new, higher value
of that series (the worst case: every point is a value). The figures are written through the real path
(ingest → record) with hand-built extraction records, so only archive + tracking is timed. At each checkpoint
the median CPU time of record() over --sample one-version transactions is printed (the commit is not timed); the ratio last/first is the goal (≤ 1.5×).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.config import parse_config  # noqa: E402
from crawler.document import Document  # noqa: E402
from crawler.extract.records import Extraction, Figure  # noqa: E402
from crawler.ingest import ingest  # noqa: E402
from crawler.poll import spec_of  # noqa: E402
from crawler.track.record import SourceRef, Tracker, record  # noqa: E402
from storage import sources as source_store  # noqa: E402
from storage.db import make_engine, make_session_factory, session_scope  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402

T0 = datetime(2025, 1, 1, tzinfo=UTC)
BATCH = 500  # figures written per transaction between checkpoints


def fig(number: int) -> Figure:
    sentence = f"SOHR said {number} civilians had been killed."
    return Figure(number, None, "exact", None, "killed", "civilians", None, "SOHR", None, None, sentence, 0, len(sentence))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=10_000)
    ap.add_argument("--sample", type=int, default=30, help="one-version polls timed at each checkpoint")
    ap.add_argument("--db", help="archive URL (default: a temporary SQLite file)")
    args = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{tmp.name}/series.db"
    engine = make_engine(url)
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    config = parse_config(
        {"sources": [{"key": "sohr", "name": "SOHR", "organization": "SOHR", "type": "feed", "url": "http://sohr.test/"}]},
        "bench.yaml", check_env=False,
    )  # fmt: skip
    tracker = Tracker.from_config(config)
    with session_scope(factory) as s:
        source = source_store.sync_sources(s, [spec_of(c) for c in config.sources])["sohr"]
        ref = SourceRef(source.id, source.key, source.organization)
    written = 0

    def write(count: int) -> float:
        """Write `count` one-figure versions in one transaction; returns the seconds record() took."""
        nonlocal written
        docs, extractions = [], []
        for _ in range(count):
            written += 1
            at = T0 + timedelta(minutes=written)
            docs.append(Document("sohr", f"g{written}", f"http://sohr.test/{written}", f"toll {written}",
                                 f"SOHR said {1000 + written} civilians had been killed.", at, at))  # fmt: skip
            extractions.append(Extraction((fig(1000 + written),), ()))
        with session_scope(factory) as s:
            versions = ingest(s, ref.id, docs, now=docs[-1].fetched_at).versions
            started = time.process_time()
            record(s, tracker, ref, versions, extractions, docs[-1].fetched_at)
            return time.process_time() - started

    def timed(samples: int) -> float:
        return statistics.median(write(1) for _ in range(samples))

    write(10)
    first = timed(args.sample)
    print(f"figure #{written - args.sample + 1:>6}..{written:<6}: {first * 1000:7.2f} ms CPU to track one figure (median)")
    last = first
    checkpoints = sorted({c for c in (100, 1_000, 3_000) if c < args.points} | {args.points})
    for checkpoint in checkpoints:
        while written < checkpoint - args.sample:
            write(min(BATCH, checkpoint - args.sample - written))
        last = timed(args.sample)
        print(f"figure #{written - args.sample + 1:>6}..{written:<6}: {last * 1000:7.2f} ms CPU to track one figure (median)")
    print(f"ratio (last / first): {last / first:.2f}x   (goal ≤ 1.5x)   backend: {engine.dialect.name}")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
