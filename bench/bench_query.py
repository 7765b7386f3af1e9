"""Query-side latency on a large archive: fills an SQLite archive (1 million versions, 100,000 figures by default)
with bulk inserts, then runs every query command in-process (the CLI through click's runner, and the web page)
and prints the median latency of a few runs. Prints figures, asserts nothing (target: each under 300 ms).

    .venv/bin/python bench/bench_query.py [--versions 1000000] [--figures 100000] [--db PATH] [--runs 5]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from click.testing import CliRunner  # noqa: E402

from crawler.cli import main  # noqa: E402
from crawler.web.app import WebApp  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402
from storage.readonly import readonly_engine  # noqa: E402

REPORTERS = [("SOHR", "Syrian Observatory for Human Rights"), ("SNHR", "Syrian Network for Human Rights"),
             ("OHCHR", "UN human rights office"), ("Health Ministry", "the health ministry")] + [
             (f"Monitor {i}", f"the monitor group number {i}") for i in range(26)]  # fmt: skip
OUTCOMES = ["killed", "injured", "missing", "detained", "displaced"]
VICTIMS = ["civilians", "people", "children", "fighters", "security forces"]
WORDS = ("the observatory said civilians killed coastal region security forces villages latakia tartus homs hama "
         "ministry statement committee investigation wounded missing detained displaced families humanitarian "
         "convoy ceasefire shelling clashes toll rose reported sources hospital").split()  # fmt: skip
SPEAKERS = [("Ahmed al-Sharaa", "President", True), ("Asaad al-Shaibani", "Foreign Minister", True),
            ("Volker Türk", "UN High Commissioner for Human Rights", True), ("Rami Abdulrahman", "SOHR director", False),
            ("Fadel Abdulghany", "SNHR director", False), ("Marco Rubio", "Secretary of State", True)]  # fmt: skip
T0 = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_DAYS = 730


def ts(dt: datetime) -> str:
    # SQLAlchemy's SQLite DateTime storage format: the query functions compare against exactly this
    return dt.strftime("%Y-%m-%d %H:%M:%S.%f")


def fill(path: Path, n_versions: int, n_figures: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    engine.dispose()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    now = ts(T0)
    db.executemany(
        "INSERT INTO source (id, key, name, organization, kind, url, interval_seconds, enabled, failures, created_at) "
        "VALUES (?, ?, ?, ?, 'feed', ?, 600, 1, 0, ?)",
        [(i, f"src{i}", f"Source {i}", f"Org {i}", f"http://src{i}.test/feed", now) for i in range(1, 51)],
    )
    n_items = max(1, n_versions // 5)
    item_rows, version_rows, when_of_version, item_of_version = [], [], [], []
    vid = 0
    for item in range(1, n_items + 1):
        source = rnd.randint(1, 50)
        published = T0 + timedelta(minutes=rnd.randrange(SPAN_DAYS * 1440))
        n = 5 if item < n_items else n_versions - vid
        item_rows.append((item, source, f"guid-{item}", f"http://src{source}.test/a/{item}", f"Article {item}",
                          ts(published), ts(published), ts(published), n, vid + n))  # fmt: skip
        for v in range(1, n + 1):
            vid += 1
            when = published + timedelta(hours=v * 3)
            words = " ".join(rnd.choices(WORDS, k=30))
            text = f"Article {item} version {v}: {words} {rnd.randint(1, 5000)} people."
            version_rows.append((vid, item, v, hashlib.sha256(text.encode()).hexdigest(), ts(when), f"Article {item}",
                                 text, f"http://src{source}.test/a/{item}", ts(when)))  # fmt: skip
            when_of_version.append(when)
            item_of_version.append((item, source))
        if len(version_rows) >= 50_000 or item == n_items:
            db.executemany("INSERT INTO item (id, source_id, guid, url, title, published_at, first_seen, last_seen, "
                           "version_count, current_version_id, article_attempts) VALUES (?,?,?,?,?,?,?,?,?,?,0)",
                           item_rows)  # fmt: skip
            db.executemany("INSERT INTO item_version (id, item_id, version, content_hash, fetched_at, title, text, "
                           "url, published_at) VALUES (?,?,?,?,?,?,?,?,?)", version_rows)  # fmt: skip
            item_rows, version_rows = [], []
    db.commit()

    series_keys: dict[tuple[str, str, str, str], int] = {}
    series_rows, figure_rows, point_rows = [], [], []
    for fid in range(1, n_figures + 1):
        v = rnd.randint(1, n_versions)
        item, source = item_of_version[v - 1]
        reporter, alias = rnd.choice(REPORTERS)
        outcome, victims = rnd.choice(OUTCOMES[:2] * 4 + OUTCOMES), rnd.choice(VICTIMS)
        watch = rnd.choice(["syria-coast", "all", "gaza", "sudan"])
        number = rnd.randint(1, 5000)
        when = when_of_version[v - 1]
        sentence = f"The {alias} said {number} {victims} had been {outcome}."
        figure_rows.append((fid, v, item, source, number, "exact", outcome, victims, alias, reporter, sentence, fid,
                            fid + len(sentence), f"http://src{source}.test/a/{item}", ts(when), ts(when)))  # fmt: skip
        key = (watch, reporter, outcome, victims)
        sid = series_keys.get(key)
        if sid is None:
            sid = series_keys[key] = len(series_keys) + 1
            series_rows.append([sid, hashlib.md5(repr(key).encode()).hexdigest(), *key, number, fid, ts(when), 0])  # noqa: S324
        row = series_rows[sid - 1]
        row[6], row[7], row[8] = number, fid, ts(when)  # the newest figure inserted is the current value
        row[9] += 1
        point_rows.append((sid, fid, "value" if rnd.random() < 0.6 else "corroboration", number, now))
    db.executemany("INSERT INTO figure (id, item_version_id, item_id, source_id, number, qualifier, outcome, "
                   "victim_group, reported_by, reporter, sentence, start, \"end\", url, published_at, created_at) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", figure_rows)  # fmt: skip
    db.executemany("INSERT INTO series (id, uid, watch, reporter, outcome, victim_group, perpetrator, number, "
                   "qualifier, current_figure_id, published_at, points, created_at, updated_at) "
                   "VALUES (?,?,?,?,?,?,'',?,'exact',?,?,?,?,?)",
                   [(*r, now, r[8]) for r in series_rows])  # fmt: skip
    db.executemany("INSERT INTO series_point (series_id, figure_id, role, number, revision, created_at) "
                   "VALUES (?,?,?,?,0,?)", point_rows)  # fmt: skip
    statements = []
    for sid in range(1, n_figures // 2 + 1):
        v = rnd.randint(1, n_versions)
        item, source = item_of_version[v - 1]
        speaker, role, official = rnd.choice(SPEAKERS)
        text = " ".join(rnd.choices(WORDS, k=20))
        statements.append((sid, v, item, source, speaker, speaker.lower(), role, official, "quote", text,
                           hashlib.sha256(text.encode()).hexdigest(), "t", sid, sid + len(text),
                           f"http://src{source}.test/a/{item}", ts(when_of_version[v - 1]), now))  # fmt: skip
    db.executemany("INSERT INTO statement (id, item_version_id, item_id, source_id, speaker, speaker_key, role, "
                   "official, kind, text, text_hash, thread_key, start, \"end\", url, published_at, created_at) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", statements)  # fmt: skip
    db.commit()
    db.execute("ANALYZE")
    db.close()


def timed(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def cli(url: str, *args: str):  # noqa: ANN201
    def go() -> None:
        result = CliRunner().invoke(main, ["--database", url, *args])
        if result.exit_code != 0:
            raise SystemExit(f"{args}: {result.output} {result.exception!r}")

    return go


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--versions", type=int, default=1_000_000)
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="archive file (kept; reused if it exists)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="tw-bench-")) / "archive.db"
    if not path.exists():
        t = time.perf_counter()
        fill(path, args.versions, args.figures)
        print(f"filled {path}: {args.versions:,} versions, {args.figures:,} figures in {time.perf_counter() - t:.0f} s "
              f"({path.stat().st_size / 1e9:.2f} GB)")  # fmt: skip
    url = f"sqlite:///{path}"
    out = Path(tempfile.mkdtemp(prefix="tw-bench-out-"))
    cases = {
        "figures": cli(url, "figures", "--format", "json"),
        "figures --reported-by sohr --since/--until (one day)": cli(
            url, "figures", "--reported-by", "sohr", "--since", "2025-03-09", "--until", "2025-03-09", "--format", "json"),
        "figures --reported-by observatory (alias)": cli(url, "figures", "--reported-by", "observatory", "--format", "csv"),
        "figures --watch gaza --outcome missing": cli(url, "figures", "--watch", "gaza", "--outcome", "missing"),
        "series": cli(url, "series", "--format", "json"),
        "series ID (full history)": cli(url, "series", "1", "--format", "json"),
        "statements --speaker shaibani": cli(url, "statements", "--speaker", "shaibani", "--format", "json"),
        "statements --official": cli(url, "statements", "--official", "--format", "csv"),
        'search "latakia ceasefire"': cli(url, "search", "latakia ceasefire", "--format", "json"),
        'search "convoy hospital shelling"': cli(url, "search", "convoy hospital shelling"),
        "export --format json (one day)": cli(url, "export", "--format", "json", "--since", "2025-03-09",
                                              "--until", "2025-03-09", "-o", str(out / "day.json")),  # fmt: skip
        "export --format warc (one day)": cli(url, "export", "--format", "warc", "--since", "2025-03-09",
                                              "--until", "2025-03-09", "-o", str(out / "day.warc.gz")),  # fmt: skip
        "sql (v_figures, one reporter by day)": cli(url, "sql", "SELECT substr(published_at, 1, 10) AS day, max(number) "
                                                    "FROM v_figures WHERE reporter = 'SOHR' AND published_at >= '2025-03-01' "
                                                    "AND published_at < '2025-04-01' GROUP BY day"),  # fmt: skip
        "plot 1 -o chart.png": cli(url, "plot", "1", "-o", str(out / "chart.png")),
    }
    print(f"median of {args.runs} runs, in-process (click runner: option parsing, schema check, read-only connect):")
    for name, fn in cases.items():
        print(f"  {timed(fn, args.runs):8.1f} ms  tollwatch {name}")
    engine = readonly_engine(url)
    web = WebApp(engine)
    for page in ("/", "/series/1", "/version/500000"):
        print(f"  {timed(lambda p=page: web.handle(p), args.runs):8.1f} ms  web page {page}")
    engine.dispose()


if __name__ == "__main__":
    main_bench()
