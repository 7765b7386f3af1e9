"""Daemon benchmark: `tollwatch run` for a fixed time over N local feeds (default 1,000, served by a SourceServer
in another process), every source polled at least twice. Prints CPU % overall and while idle between polls,
peak RSS, and the lag between each poll's due time and its start (p50/p99), from the daemon's --stats-file.

    python bench/bench_daemon.py [--sources 1000] [--seconds 90] [--interval 60] [--latency] [--database URL]

Targets (the issue's): idle CPU < 2 %, peak RSS < 250 MB, p99 lag < 2 s. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from crawler.demo.feedgen import Entry, rss  # noqa: E402

os.environ.setdefault("TOLLWATCH_ALLOW_PRIVATE_ADDRESSES", "1")  # the bench serves on 127.0.0.1

TICK = os.sysconf("SC_CLK_TCK")


def serve(n: int, latency: bool, ready: mp.Queue) -> None:  # type: ignore[type-arg]
    from tests.servers.http import SourceServer

    rng = random.Random(14)
    server = SourceServer().start()
    for i in range(n):
        body = f"The Syrian Observatory for Human Rights said {100 + i} civilians had been killed in Latakia."
        delay = min(3.0, rng.lognormvariate(-1.6, 0.8)) if latency else 0.0  # median ~0.2 s, a long tail
        server.set(f"/s/{i}", rss([Entry(f"s{i}-toll", f"Toll {i}", body, f"https://example.org/{i}")]),
                   content_type="application/rss+xml", delay=delay)  # fmt: skip
    ready.put(server.base)
    while True:
        time.sleep(3600)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=90)
    ap.add_argument("--interval", type=int, default=60, help="seconds between polls of one source (>= 10)")
    ap.add_argument("--database", help="archive URL (default: a temporary SQLite file)")
    ap.add_argument("--latency", action="store_true", help="each source answers after a log-normal delay (median 0.2 s)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tw-bench-daemon-"))
    ready: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    server = mp.Process(target=serve, args=(args.sources, args.latency, ready), daemon=True)
    server.start()
    base = ready.get(timeout=60)
    config = work / "bench.yaml"
    config.write_text(yaml.safe_dump({
        "concurrency": 50,
        # as a real config: the monitor's own feeds are few (s0-s2), the outlets that cite it many
        "sources": [{"key": f"s{i}", "name": f"Source {i}", "organization": "SOHR" if i < 3 else f"Outlet {i % 200}",
                     "type": "feed", "url": f"{base}/s/{i}", "interval": args.interval} for i in range(args.sources)],
    }))  # fmt: skip
    db_url = args.database or f"sqlite:///{work / 'bench.db'}"
    stats = work / "polls.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "-c", str(config), "--database", db_url, "run", "--stats-file", str(stats)],
        cwd=REPO, env=env, stderr=open(work / "daemon.log", "wb"),  # noqa: SIM115
    )  # fmt: skip
    samples: list[tuple[float, float]] = []  # (wall time, cumulative CPU seconds)
    try:
        while time.time() - started < args.seconds:
            samples.append((time.time(), cpu_seconds(proc.pid)))
            time.sleep(0.5)
        rss = peak_rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        server.terminate()

    polls = [json.loads(line) for line in stats.read_text().splitlines() if line.strip()]
    lags = [p["start"] - p["due"] for p in polls]
    per_source: dict[str, int] = {}
    for p in polls:
        per_source[p["source"]] = per_source.get(p["source"], 0) + 1
    busy = [(p["start"] - 0.25, p["end"] + 0.25) for p in polls]  # a poll and its write-back, with a margin
    first_poll = min((p["start"] for p in polls), default=started)
    idle_wall = idle_cpu = total_cpu = 0.0
    for (t0, c0), (t1, c1) in zip(samples, samples[1:], strict=False):
        if t0 < first_poll:
            continue  # start-up (imports, migrations) is not the steady state
        total_cpu += c1 - c0
        if not any(b0 < t1 and t0 < b1 for b0, b1 in busy):
            idle_wall += t1 - t0
            idle_cpu += c1 - c0
    steady_wall = samples[-1][0] - max(first_poll, samples[0][0]) if samples else 0.0

    print(f"daemon bench: {args.sources} sources every {args.interval}s for {args.seconds:.0f}s, archive "
          f"{db_url.split(':')[0]}{', log-normal latency' if args.latency else ''}")  # fmt: skip
    print(f"  polls: {len(polls)} ({sum(1 for p in polls if p['status'] == 'error')} errors); "
          f"per source min {min(per_source.values(), default=0)}, max {max(per_source.values(), default=0)}; "
          f"{len(per_source)} of {args.sources} sources polled")  # fmt: skip
    print(f"  CPU: {100 * total_cpu / steady_wall:.1f}% while running, "
          f"{(100 * idle_cpu / idle_wall) if idle_wall else float('nan'):.2f}% idle between polls "
          f"({idle_cpu:.2f}s CPU over {idle_wall:.0f}s without a poll)")  # fmt: skip
    print(f"  peak RSS: {rss:.0f} MB")
    if lags:
        print(f"  lag due → start: p50 {statistics.median(lags) * 1000:.0f} ms, p99 {percentile(lags, 99) * 1000:.0f} ms, "
              f"max {max(lags) * 1000:.0f} ms")  # fmt: skip
    print(f"  files: {work}")


if __name__ == "__main__":
    main()
