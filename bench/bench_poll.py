"""Polling benchmark: N local feeds (default 500 × 50 entries) from a loopback server in another process;
one cold cycle (empty archive) and one warm cycle (every feed answers 304). Prints wall time, CPU time,
peak RSS and entries/s, and the CPU feedparser alone needs to parse the same bytes.

    python bench/bench_poll.py [--feeds 500] [--entries 50] [--database URL]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import feedparser  # noqa: E402

from crawler.config import parse_config  # noqa: E402
from crawler.context import open_context  # noqa: E402
from crawler.poll import poll_sources, sync_config  # noqa: E402
from storage.db import make_engine, make_session_factory  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402
from tests.servers.feedgen import Entry, rss  # noqa: E402

os.environ.setdefault("TOLLWATCH_ALLOW_PRIVATE_ADDRESSES", "1")  # the bench serves on 127.0.0.1

WORDS = (
    "The Syrian Observatory for Human Rights said on Saturday that 745 civilians had been killed in the "
    "country's west during clashes between security forces and fighters loyal to the former government. "
)


def feed_body(i: int, entries: int) -> bytes:
    return rss(
        [
            Entry(f"feed{i}-entry{j}", f"Report {j} from source {i}", WORDS * 4 + f" Entry {j}.", f"https://example.org/{i}/{j}")
            for j in range(entries)
        ],
        title=f"Source {i}",
    )


def serve(feeds: int, entries: int, ready: mp.Queue) -> None:  # type: ignore[type-arg]
    from tests.servers.sources import SourceServer

    server = SourceServer()
    for i in range(feeds):
        server.set(f"/feed/{i}", feed_body(i, entries), content_type="application/rss+xml")
    server.start()
    ready.put(server.base)
    while True:
        time.sleep(3600)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cycle(ctx_args: dict, sources: list) -> tuple[float, float, list]:  # type: ignore[type-arg]
    async def go() -> list:  # type: ignore[type-arg]
        async with open_context(ctx_args["config"], ctx_args["session_factory"]) as ctx:
            return await poll_sources(ctx, sources)

    c0, t0 = cpu(), time.perf_counter()
    outcomes = asyncio.run(go())
    return time.perf_counter() - t0, cpu() - c0, outcomes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--entries", type=int, default=50)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--database", default=None, help="archive URL (default: a temporary SQLite file)")
    args = ap.parse_args()

    ready: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    proc = mp.Process(target=serve, args=(args.feeds, args.entries, ready), daemon=True)
    proc.start()
    base = ready.get(timeout=120)
    try:
        tmp = tempfile.mkdtemp()
        url = args.database or f"sqlite:///{tmp}/bench.db"
        engine = make_engine(url)
        upgrade_to_head(engine)
        factory = make_session_factory(engine)
        config = parse_config(
            {
                "concurrency": args.concurrency,
                "sources": [
                    {"key": f"s{i}", "name": f"S{i}", "type": "feed", "url": f"{base}/feed/{i}", "interval": "10m"}
                    for i in range(args.feeds)
                ],
            }
        )
        sync_config(factory, config)
        ctx = {"config": config, "session_factory": factory}
        total = args.feeds * args.entries
        print(f"polling benchmark: {args.feeds} feeds × {args.entries} entries = {total} entries, archive {engine.url.get_backend_name()}")

        wall, used, outs = cycle(ctx, config.sources)
        bad = [o for o in outs if o.status != "ok"]
        print(f"cold cycle: wall {wall:.2f}s, CPU {used:.2f}s, {total / wall:.0f} entries/s, "
              f"{sum(o.new for o in outs)} new items, {len(bad)} not ok")  # fmt: skip
        wall2, used2, outs2 = cycle(ctx, config.sources)
        n304 = sum(1 for o in outs2 if o.status == "not_modified")
        print(f"warm cycle: wall {wall2:.2f}s, CPU {used2:.2f}s, {n304}/{args.feeds} answered 304")

        bodies = [feed_body(i, args.entries) for i in range(args.feeds)]
        c0 = cpu()
        for body in bodies:
            feedparser.parse(body)
        fp = cpu() - c0
        print(f"feedparser alone on the same bytes ({sum(map(len, bodies)) / 1e6:.1f} MB): CPU {fp:.2f}s")
        print(f"cold/feedparser CPU ratio: {used / fp:.2f} (target ≤ 2.0)")
        print(f"cold/warm CPU ratio: {used / max(used2, 1e-9):.1f}× (target ≥ 10×)")
        print(f"peak RSS: {peak_rss_mb():.0f} MB")
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
