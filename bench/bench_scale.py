"""Scale benchmark: `tollwatch worker` processes (procrastinate on PostgreSQL) over N local feeds with injected
latency (log-normal, some 5xx, a fifth with a casualty figure to track), 1 → 2 → 4 workers, each step on a fresh
schema. Prints per step polls/s while the workers drain every source once (from the first to the last recorded
poll), where the CPU went per poll (the workers, their PostgreSQL backends, the origin server) and the SQL
statements per poll (counted inside the workers); then, while every source comes due again each `--interval`,
the due→start lag of the polls (p50, p99, max, as the workers measure it for /metrics); then the speed-ups. The
last line is `scale x4 = N.NN`.

    python bench/bench_scale.py [--sources 400] [--concurrency 8] [--cpu-share 0.25] [--interval 120]
                                [--steady 130] [--database URL]

The issue's goal: 4 workers ≥ 3.4× one, as N hosts would give. On one machine the workers share its cores with
PostgreSQL and the origin, so each worker is capped to `--cpu-share` of a core (a cgroup v1 CPU quota; needs
root and /sys/fs/cgroup/cpu, else it runs uncapped and says so), the stand-in for a host of its own: without
the cap 4 workers on 2 cores measure the machine, not the design. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
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

from dataclasses import dataclass  # noqa: E402

import yaml  # noqa: E402
from sqlalchemy import Engine, create_engine, func, select, text  # noqa: E402
from sqlalchemy.exc import ProgrammingError  # noqa: E402

from crawler.demo.feedgen import Entry, rss  # noqa: E402
from storage.models import FetchLog  # noqa: E402

os.environ.setdefault("TOLLWATCH_ALLOW_PRIVATE_ADDRESSES", "1")  # the bench serves on 127.0.0.1
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CGROUP_CPU = Path("/sys/fs/cgroup/cpu")
TICK = os.sysconf("SC_CLK_TCK")

# loaded by every worker (PYTHONPATH): counts the SQL statements it sends, the archive's (SQLAlchemy) and
# procrastinate's (its psycopg connector), and writes them to $TWBENCH_COUNTS every 0.2 s
HOOK = """
import json, os, threading, time
_path = os.environ.get("TWBENCH_COUNTS")
if _path:
    _counts = {"archive": 0, "jobs": 0}
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    event.listen(Engine, "before_cursor_execute", lambda *a: _counts.__setitem__("archive", _counts["archive"] + 1))
    import procrastinate.psycopg_connector as _pc
    for _name in ("execute_query_async", "execute_query_one_async", "execute_query_all_async"):
        def _wrap(self, *a, _orig=getattr(_pc.PsycopgConnector, _name), **k):
            _counts["jobs"] += 1
            return _orig(self, *a, **k)
        setattr(_pc.PsycopgConnector, _name, _wrap)
    # each poll's due→start lag, as the worker measures it for its /metrics, with the moment it was observed
    import crawler.metrics as _metrics
    _lags = open(_path + ".lags", "a", buffering=1)
    def _observe(self, outcome, lag, _orig=_metrics.Metrics.observe):
        _lags.write(f"{time.time()} {lag}\\n")
        return _orig(self, outcome, lag)
    _metrics.Metrics.observe = _observe
    def _dump():
        while True:
            with open(_path + ".tmp", "w") as f:
                json.dump(_counts, f)
            os.replace(_path + ".tmp", _path)
            time.sleep(0.2)
    threading.Thread(target=_dump, daemon=True).start()
"""


def cpu_seconds(pid: int) -> float:
    """user + system CPU of a process (all its threads), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def cap(pid: int, name: str, share: float) -> bool:
    """Put a process in a cgroup of its own with a CPU quota of `share` cores."""
    if share <= 0 or not os.access(CGROUP_CPU, os.W_OK):
        return False
    group = CGROUP_CPU / name
    try:
        group.mkdir(exist_ok=True)
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text(str(int(share * 100000)))
        (group / "cgroup.procs").write_text(str(pid))
    except OSError:
        return False
    return True


def uncap(name: str) -> None:
    try:
        (CGROUP_CPU / name).rmdir()
    except OSError:
        pass


def backend_pids(engine: Engine, app: str) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE application_name = :a"), {"a": app}))


@dataclass
class Sample:
    """What the step's processes had used and sent at one moment."""

    polls: int
    workers_cpu: float
    backends_cpu: dict[int, float]
    origin_cpu: float
    statements: dict[str, int]


def statements_of(files: list[Path]) -> dict[str, int]:
    total = {"archive": 0, "jobs": 0}
    for f in files:
        try:
            counts = json.loads(f.read_text())
        except (OSError, ValueError):
            continue
        for k in total:
            total[k] += counts.get(k, 0)
    return total


def lags_of(files: list[Path], since: float) -> list[float]:
    """The due→start lags of the polls the workers started after `since` (a time.time())."""
    lags: list[float] = []
    for f in files:
        try:
            lines = Path(f"{f}.lags").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            at, lag = line.split()
            if float(at) >= since:
                lags.append(float(lag))
    return sorted(lags)


def quantile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


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
        if i % 5 == 1:  # a fifth carry a figure: tracked (series, alerts), under the archive's tracking lock
            body = f"Report {i}: shelling killed {3 + i % 40} civilians in the district, the Syrian Observatory said."
        server.set(f"/s/{i}", rss([Entry(f"s{i}", f"Report {i}", body, f"https://example.org/{i}")]),
                   content_type="application/rss+xml", delay=delay)  # fmt: skip
    ready.put(server.base)
    while True:
        time.sleep(3600)


def step(
    base: str, origin: int, sources: int, workers: int, concurrency: int, share: float, database: str, tmp: Path,
    interval: float, steady: float,
) -> tuple[float, float]:  # fmt: skip
    """One step: `workers` drain every source once (polls/s, CPU and statements per poll), then run `steady`
    seconds more while the sources come due again every `interval` (due→start lag). Returns polls/s and the
    lag's p99."""
    schema = "bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(database, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{database}?options=-csearch_path%3D{schema}&application_name={schema}"
    hook = tmp / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HOOK)
    counts = [tmp / f"{schema}-w{i}.json" for i in range(workers)]
    config = tmp / f"scale-{workers}.yaml"
    config.write_text(yaml.safe_dump({"sources": [
        {"key": f"s{i}", "name": f"s{i}", "type": "feed", "url": f"{base}/s/{i}", "interval": f"{interval:g}s", "timeout": "5s"}
        for i in range(sources)
    ]}))  # fmt: skip
    procs = [
        subprocess.Popen([sys.executable, "-m", "crawler", "-c", str(config), "--database", url, "worker",
                          "--queues", "poll", "--concurrency", str(concurrency), "--name", f"w{i}"],
                         cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{REPO}", "TWBENCH_COUNTS": str(f)})  # fmt: skip
        for i, f in enumerate(counts)
    ]
    capped = [cap(p.pid, f"{schema}_w{i}", share) for i, p in enumerate(procs)]
    engine = create_engine(url.replace(f"application_name={schema}", "application_name=bench"))

    def sample(polls: int) -> Sample:
        backends = {pid: cpu_seconds(pid) for pid in backend_pids(engine, schema)}
        return Sample(polls, sum(cpu_seconds(p.pid) for p in procs), backends, cpu_seconds(origin), statements_of(counts))

    try:
        deadline = time.monotonic() + 300
        done, start = 0, None
        while time.monotonic() < deadline:
            try:
                with engine.connect() as conn:
                    done = conn.scalar(select(func.count()).select_from(FetchLog)) or 0
            except ProgrammingError:  # the first worker has not created the archive's tables yet
                done = 0
            if done and start is None:
                start = sample(done)  # from the first polls on: start-up (migrations, config sync) left out
            if done >= sources:
                break
            time.sleep(0.2)
        end = sample(done)
        drained = time.time()
        with engine.connect() as conn:
            first, last, n = conn.execute(select(func.min(FetchLog.started_at), func.max(FetchLog.started_at),
                                                 func.count())).one()  # fmt: skip
        # then the steady state: every source comes due again `interval` after its first poll; the lag of each
        # poll from its due time to its start, as the workers measure it
        time.sleep(steady)
        lags = lags_of(counts, drained)
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        for i in range(workers):
            uncap(f"{schema}_w{i}")
        engine.dispose()
        with admin.connect() as conn:
            if not os.environ.get("TWBENCH_KEEP"):  # set: the schema stays, to be read afterwards
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            else:
                print("kept schema", schema)
        admin.dispose()
    span = max((last - first).total_seconds(), 0.001) if first and last else float("inf")
    rate = n / span
    how = f"each capped to {share:g} core" if all(capped) else "uncapped"
    print(f"{workers} workers × {concurrency} ({how}): {n} polls in {span:.1f} s = {rate:.1f} polls/s", flush=True)
    if start is not None and end.polls > start.polls:
        k = end.polls - start.polls
        pg = sum(end.backends_cpu[pid] - start.backends_cpu.get(pid, 0.0) for pid in end.backends_cpu)
        archive = (end.statements["archive"] - start.statements["archive"]) / k
        jobs = (end.statements["jobs"] - start.statements["jobs"]) / k
        print(f"  per poll ({k} polls): CPU workers {(end.workers_cpu - start.workers_cpu) / k * 1000:.1f} ms, "
              f"PostgreSQL backends {pg / k * 1000:.1f} ms, origin {(end.origin_cpu - start.origin_cpu) / k * 1000:.1f} ms; "
              f"SQL statements {archive + jobs:.1f} (archive {archive:.1f}, procrastinate {jobs:.1f})", flush=True)  # fmt: skip
    p99 = quantile(lags, 0.99)
    if steady:
        print(f"  steady state ({steady:g} s, every source due each {interval:g} s): {len(lags)} polls, due→start lag "
              f"p50 {quantile(lags, 0.5):.2f} s, p99 {p99:.2f} s, max {quantile(lags, 1.0):.2f} s", flush=True)  # fmt: skip
    return rate, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--cpu-share", type=float, default=0.25, help="CPU quota per worker, in cores (0: none)")
    parser.add_argument("--database", default=PG)
    parser.add_argument("--interval", type=float, default=120, help="each source's poll interval, in seconds")
    parser.add_argument("--steady", type=float, default=130,
                        help="seconds of steady state after the drain, for the due→start lag (0: none)")
    args = parser.parse_args()
    ready: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    origin = mp.Process(target=serve, args=(args.sources, ready), daemon=True)
    origin.start()
    base = ready.get(timeout=60)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print(f"{os.cpu_count()} cores on this machine, shared by the workers, PostgreSQL, the origin and "
                  f"anything else running", flush=True)  # fmt: skip
            assert origin.pid is not None
            results = {
                n: step(base, origin.pid, args.sources, n, args.concurrency, args.cpu_share, args.database, Path(tmp),
                        args.interval, args.steady)
                for n in (1, 2, 4)
            }  # fmt: skip
    finally:
        origin.terminate()
    rates = {n: rate for n, (rate, _) in results.items()}
    if args.steady:
        print("due→start lag p99: " + ", ".join(f"{n} workers {p99:.2f} s" for n, (_, p99) in results.items())
              + " (goal < 5 s)")  # fmt: skip
    print(f"scale x2 = {rates[2] / rates[1]:.2f}")
    print(f"scale x4 = {rates[4] / rates[1]:.2f}")


if __name__ == "__main__":
    main()
