"""Polling benchmark: N local feeds (default 500 × 50 entries) from a loopback server in another process;
one cold cycle (empty archive) and one warm cycle (every feed answers 304). Prints wall time, CPU time,
peak RSS and entries/s, and the CPU feedparser alone needs to parse the same bytes.

    python bench/bench_poll.py [--feeds 500] [--entries 50] [--database URL] [--repeat N]

--repeat N (SQLite only) polls N fresh empty archives in turn and times feedparser alone N times, and prints the
ratio of the two minimums as well: on a machine whose speed drifts by a third between runs (a shared virtual
machine) one pair of timings can land on either side of a target. The first cold cycle also pays the process's
one-time work (lazy imports, the lexicon, compiling SQL); the later ones are cold archives in a warm process, as
every cycle of a daemon after its first.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def real_bodies(directory: Path, copies: int) -> list[bytes]:
    """`copies` feed bodies cycling through the real feeds saved in `directory` (copy i is file i mod n)."""
    files = sorted(p for p in directory.iterdir() if p.is_file())
    if not files:
        raise SystemExit(f"no feeds in {directory}")
    return [files[i % len(files)].read_bytes() for i in range(copies)]


def serve(bodies: list[bytes], ready: mp.Queue) -> None:  # type: ignore[type-arg]
    from tests.servers.sources import SourceServer

    server = SourceServer()
    for i, body in enumerate(bodies):
        server.set(f"/feed/{i}", body, content_type="application/rss+xml")
    server.start()
    ready.put(server.base)
    while True:
        time.sleep(3600)


def lxml_parse(body: bytes) -> object:
    from lxml import etree

    return etree.fromstring(body, etree.XMLParser(recover=True, resolve_entities=False))


def parse_cpu(bodies: list[bytes], parse: Callable[[bytes], object]) -> float:
    c0 = cpu()
    for body in bodies:
        parse(body)
    return cpu() - c0


def urlwatch_cycles(urls: list[str]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """urlwatch (installed beside tollwatch) on the same URLs: a cold run (empty cache), then a warm one.
    Wall and CPU of the subprocess (its children's rusage)."""
    exe = shutil.which("urlwatch") or str(Path(sys.executable).with_name("urlwatch"))
    if not Path(exe).exists():
        print("urlwatch not installed (pip install urlwatch): skipped")
        return None
    tmp = Path(tempfile.mkdtemp())
    (tmp / "urls.yaml").write_text("".join(f"---\nname: f{i}\nurl: {u}\n" for i, u in enumerate(urls)))
    (tmp / "urlwatch.yaml").write_text(
        "report:\n  text: {enabled: false}\n  stdout: {enabled: false}\n  html: {enabled: false}\n"
        "  markdown: {enabled: false}\n"
    )
    cmd = [exe, "--urls", str(tmp / "urls.yaml"), "--config", str(tmp / "urlwatch.yaml"),
           "--cache", str(tmp / "cache.db"), "--hooks", str(tmp / "hooks.py")]  # fmt: skip
    (tmp / "hooks.py").write_text("")
    out = []
    for _ in range(2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(tmp)})
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append((wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
    return out[0], out[1]


def profile_settle() -> Any:
    """A cProfile of every call of crawler.poll.settle (ingest, extraction, tracking), which runs in a worker
    thread that a profiler enabled on the event loop's thread does not see. The calls run one after another."""
    import cProfile

    from crawler import poll

    profiler = cProfile.Profile()
    settle = poll.settle

    def profiled(*args: Any, **kwargs: Any) -> Any:
        profiler.enable()
        try:
            return settle(*args, **kwargs)
        finally:
            profiler.disable()

    poll.settle = profiled  # type: ignore[assignment]
    return profiler


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
    ap.add_argument("--real", type=Path, default=None, help="serve copies of the real feeds in this directory")
    ap.add_argument("--copies", type=int, default=500, help="with --real: how many feed URLs (cycling the files)")
    ap.add_argument("--urlwatch", action="store_true", help="also run urlwatch on the same URLs (pip install urlwatch)")
    ap.add_argument("--repeat", type=int, default=1, help="cold cycles on fresh SQLite archives (min is printed)")
    ap.add_argument("--profile", default=None, help="write a cProfile of the cold cycle to this file")
    ap.add_argument("--profile-warm", default=None, help="write a cProfile of the warm (all 304) cycle to this file")
    args = ap.parse_args()

    if args.real is not None:
        bodies = real_bodies(args.real, args.copies)
        args.feeds = len(bodies)
    else:
        bodies = [feed_body(i, args.entries) for i in range(args.feeds)]
    ready: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    proc = mp.Process(target=serve, args=(bodies, ready), daemon=True)
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
        total = sum(len(feedparser.parse(b).entries) for b in bodies)
        print(f"polling benchmark: {args.feeds} feeds, {total} entries, {sum(map(len, bodies)) / 1e6:.1f} MB, "
              f"archive {engine.url.get_backend_name()}, load average {os.getloadavg()[0]:.1f}")  # fmt: skip

        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            settle_profiler = profile_settle()
            profiler.enable()
        wall, used, outs = cycle(ctx, config.sources)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
            settle_profiler.dump_stats(args.profile + ".settle")
            print(f"profiles: {args.profile} (event loop), {args.profile}.settle (archive work, in its thread)")
        bad = [o for o in outs if o.status != "ok"]
        print(f"tollwatch cold cycle: wall {wall:.2f}s, CPU {used:.2f}s, {total / wall:.0f} entries/s, "
              f"{sum(o.new for o in outs)} new items, {len(bad)} not ok")  # fmt: skip
        if args.profile_warm:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        wall2, used2, outs2 = cycle(ctx, config.sources)
        if args.profile_warm:
            profiler.disable()
            profiler.dump_stats(args.profile_warm)
        n304 = sum(1 for o in outs2 if o.status == "not_modified")
        print(f"tollwatch warm cycle: wall {wall2:.2f}s, CPU {used2:.2f}s, {n304}/{args.feeds} answered 304")

        # feedparser alone as a user calls it (its defaults: sanitize and resolve every content element), and as
        # tollwatch calls it (crawler.feeds turns both off: entry HTML is only read as text)
        fp = parse_cpu(bodies, lambda b: feedparser.parse(b, sanitize_html=True, resolve_relative_uris=True))
        fp_as_used = parse_cpu(bodies, lambda b: feedparser.parse(b, sanitize_html=False, resolve_relative_uris=False))
        lx = parse_cpu(bodies, lxml_parse)
        print(f"feedparser alone on the same bytes: CPU {fp:.2f}s (as tollwatch calls it: {fp_as_used:.2f}s); "
              f"lxml alone: CPU {lx:.2f}s")  # fmt: skip
        if args.urlwatch:
            uw = urlwatch_cycles([f"{base}/feed/{i}" for i in range(args.feeds)])
            if uw is not None:
                (uw_cold_wall, uw_cold_cpu), (uw_warm_wall, uw_warm_cpu) = uw
                print(f"urlwatch cold cycle: wall {uw_cold_wall:.2f}s, CPU {uw_cold_cpu:.2f}s")
                print(f"urlwatch warm cycle: wall {uw_warm_wall:.2f}s, CPU {uw_warm_cpu:.2f}s")
                print(f"unchanged cycle, urlwatch/tollwatch wall: {uw_warm_wall / wall2:.2f}× faster (target ≥ 3×)")
        print(f"cold CPU / feedparser CPU: {used / fp:.2f} (target ≤ 2.0); tollwatch's own work beyond its "
              f"parse: {(used - fp_as_used) / fp:.2f} × feedparser")  # fmt: skip
        if args.repeat > 1 and args.database is None:
            colds, fps = [used], [fp]
            for r in range(1, args.repeat):
                fresh = make_engine(f"sqlite:///{tmp}/bench-{r}.db")
                upgrade_to_head(fresh)
                fresh_factory = make_session_factory(fresh)
                sync_config(fresh_factory, config)
                colds.append(cycle({"config": config, "session_factory": fresh_factory}, config.sources)[1])
                fps.append(parse_cpu(bodies, lambda b: feedparser.parse(b, sanitize_html=True, resolve_relative_uris=True)))
                fresh.dispose()
            print(f"{args.repeat} fresh archives: cold CPU {', '.join(f'{c:.2f}' for c in colds)} s; feedparser alone "
                  f"{', '.join(f'{f:.2f}' for f in fps)} s; min / min: {min(colds) / min(fps):.2f} (target ≤ 2.0)")  # fmt: skip
        print(f"cold/warm CPU ratio: {used / max(used2, 1e-9):.1f}×")
        print(f"peak RSS: {peak_rss_mb():.0f} MB")
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
