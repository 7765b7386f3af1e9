"""Scale benchmark: `tollwatch worker` processes (procrastinate on PostgreSQL) over N local feeds with injected
latency (log-normal, some 5xx), 1 → 2 → 4 workers, each step on a fresh schema. Prints polls/s per step (from the
first to the last recorded poll) and the speed-up; the last line is `scale x4 = N.NN`.

    python bench/bench_scale.py [--sources 400] [--concurrency 8] [--database URL]

The issue's goal: 4 workers ≥ 3.4× one. On a small shared machine the workers share its cores (no taskset or
network namespaces here), so read the figure as a floor. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.exc import ProgrammingError  # noqa: E402

from crawler.demo.feedgen import Entry, rss  # noqa: E402
from storage.models import FetchLog  # noqa: E402

os.environ.setdefault("TOLLWATCH_ALLOW_PRIVATE_ADDRESSES", "1")  # the bench serves on 127.0.0.1
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def serve(n: int, ready: mp.Queue) -> None:  # type: ignore[type-arg]
    from tests.servers.http import SourceServer

    rng = random.Random(15)
    server = SourceServer().start()
    for i in range(n):
        delay = min(3.0, rng.lognormvariate(-1.6, 0.8))  # median ~0.2 s, a long tail
        if i % 25 == 0:
            server.set(f"/s/{i}", b"overloaded", status=503, delay=delay)
            continue
        body = f"Report {i}: aid convoys reached the district; no further details were given."
        server.set(f"/s/{i}", rss([Entry(f"s{i}", f"Report {i}", body, f"https://example.org/{i}")]),
                   content_type="application/rss+xml", delay=delay)  # fmt: skip
    ready.put(server.base)
    while True:
        time.sleep(3600)


def step(base: str, sources: int, workers: int, concurrency: int, database: str, tmp: Path) -> float:
    schema = "bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(database, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{database}?options=-csearch_path%3D{schema}"
    config = tmp / f"scale-{workers}.yaml"
    config.write_text(yaml.safe_dump({"sources": [
        {"key": f"s{i}", "name": f"s{i}", "type": "feed", "url": f"{base}/s/{i}", "interval": "1h", "timeout": "5s"}
        for i in range(sources)
    ]}))  # fmt: skip
    procs = [
        subprocess.Popen([sys.executable, "-m", "crawler", "-c", str(config), "--database", url, "worker",
                          "--queues", "poll", "--concurrency", str(concurrency), "--speed", "5", "--name", f"w{i}"],
                         cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        for i in range(workers)
    ]
    engine = create_engine(url)
    try:
        deadline = time.monotonic() + 300
        done = 0
        while time.monotonic() < deadline:
            try:
                with engine.connect() as conn:
                    done = conn.scalar(select(func.count()).select_from(FetchLog)) or 0
            except ProgrammingError:  # the first worker has not created the archive's tables yet
                done = 0
            if done >= sources:
                break
            time.sleep(0.5)
        with engine.connect() as conn:
            first, last, n = conn.execute(select(func.min(FetchLog.started_at), func.max(FetchLog.started_at),
                                                 func.count())).one()  # fmt: skip
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    span = max((last - first).total_seconds(), 0.001) if first and last else float("inf")
    rate = n / span
    print(f"{workers} workers × {concurrency}: {n} polls in {span:.1f} s = {rate:.1f} polls/s", flush=True)
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database", default=PG)
    args = parser.parse_args()
    ready: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    origin = mp.Process(target=serve, args=(args.sources, ready), daemon=True)
    origin.start()
    base = ready.get(timeout=60)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            rates = {n: step(base, args.sources, n, args.concurrency, args.database, Path(tmp)) for n in (1, 2, 4)}
    finally:
        origin.terminate()
    print(f"scale x2 = {rates[2] / rates[1]:.2f}")
    print(f"scale x4 = {rates[4] / rates[1]:.2f}")


if __name__ == "__main__":
    main()
