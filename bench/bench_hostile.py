"""Hostile-source benchmark: each hostile case is polled beside two healthy feeds on loopback, the way the
daemon polls (one asyncio loop, all sources at once; the healthy ones polled again every 0.2 s while the
hostile one runs). Prints per case: survived (no crash, the outcome recorded), the healthy sources' slowest
poll, peak RSS of the polling process, and what was recorded for the hostile source.

    python bench/bench_hostile.py [--items 100000] [--line-mb 50] [--only CASE ...]

The server runs in a process of its own (its bodies do not count in the RSS). The SSRF cases run with the
private-address allowance OFF and treat only the healthy feeds and each case's first URL as public (every
server is on 127.0.0.1); all other cases run with the allowance on.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler import addresses  # noqa: E402
from crawler.config import parse_config  # noqa: E402
from crawler.demo.feedgen import Entry, rss  # noqa: E402

os.environ.setdefault(addresses.ALLOW_ENV, "1")  # every server here is on 127.0.0.1

HEALTHY = ("/healthy/1", "/healthy/2")
ARABIC = "قال المرصد السوري لحقوق الإنسان إن 745 مدنيا قتلوا في الساحل السوري"


@dataclass
class Case:
    name: str
    routes: dict[str, dict[str, Any]]  # path → SourceServer.set options (body, content_type, …)
    source: dict[str, Any]  # the hostile source's config (url is a path here)
    private_off: bool = False
    public: tuple[str, ...] = field(default_factory=tuple)  # paths treated as public when private_off


def healthy_body(i: int) -> bytes:
    return rss([Entry(f"h{i}-{j}", f"Report {j}", f"SOHR said {700 + j} civilians had been killed.", f"https://example.org/{i}/{j}")
                for j in range(20)])  # fmt: skip


def cases(items: int, line_mb: int) -> list[Case]:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>'
            '<rss version="2.0"><channel><title>&lol9;</title><item><title>x</title></item></channel></rss>')  # fmt: skip
    big = rss([Entry(f"g{j}", f"Item {j}", f"SOHR said {j} civilians had been killed in Latakia.", f"https://example.org/b/{j}")
               for j in range(items)])  # fmt: skip
    line = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title><description>' + b"A" * (
        line_mb * 1024 * 1024) + b"</description></item></channel></rss>"  # fmt: skip
    zeros = gzip.compress(b"\0" * (512 * 1024 * 1024), compresslevel=6)
    bad = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
           f"<item><guid>a</guid><title>745</title><description>{ARABIC}</description></item>"
           "<item><guid>b</guid><title>bad</title><description>before BAD after</description></item></channel></rss>"
           ).encode().replace(b"BAD", b"\xff\xfe")  # fmt: skip
    deep = "<html><body>" + "<div>" * 100_000 + "<p>SOHR said 745 civilians had been killed.</p>" + "</div>" * 100_000 + "</body></html>"
    feed = {"type": "feed"}
    return [
        Case("xml_bomb", {"/h": {"body": bomb, "content_type": "application/rss+xml"}}, {**feed, "url": "/h"}),
        Case("gzip_bomb_512MB", {"/h": {"body": zeros, "content_type": "application/rss+xml",
                                        "headers": {"Content-Encoding": "gzip"}, "etag": False}}, {**feed, "url": "/h"}),  # fmt: skip
        Case(f"items_{items // 1000}k", {"/h": {"body": big, "content_type": "application/rss+xml"}},
             {**feed, "url": "/h", "max_bytes": 200 * 1024 * 1024, "timeout": "5m"}),
        Case(f"line_{line_mb}MB", {"/h": {"body": line, "content_type": "application/rss+xml"}},
             {**feed, "url": "/h", "max_bytes": (line_mb + 8) * 1024 * 1024, "timeout": "5m"}),
        Case("huge_1GB_stream", {"/h": {"huge": 1024 ** 3, "content_type": "application/rss+xml"}}, {**feed, "url": "/h"}),
        Case("slow_drip", {"/h": {"body": healthy_body(9), "drip": 0.05, "content_type": "application/rss+xml"}},
             {**feed, "url": "/h", "timeout": "3s"}),
        Case("redirect_loop", {"/h": {"redirect": "/h2"}, "/h2": {"redirect": "/h"}}, {**feed, "url": "/h"}),
        Case("ssrf_redirect", {"/h": {"redirect": "/admin"}, "/admin": {"body": healthy_body(7)}},
             {**feed, "url": "/h"}, private_off=True, public=("/h",)),
        Case("ssrf_entry_link", {"/h": {"body": rss([Entry("s1", "x", "SOHR said 5 were killed.", "/admin")]),
                                        "content_type": "application/rss+xml"},
                                 "/admin": {"body": "<html><body><p>internal secrets</p></body></html>"}},
             {**feed, "url": "/h", "fetch_articles": True}, private_off=True, public=("/h",)),  # fmt: skip
        Case("bad_bytes", {"/h": {"body": bad, "content_type": "application/rss+xml"}}, {**feed, "url": "/h"}),
        Case("deep_nesting", {"/h": {"body": deep}}, {"type": "page", "url": "/h"}),
    ]


def serve(case: Case, ready: mp.Queue) -> None:  # type: ignore[type-arg]
    from tests.servers.sources import SourceServer

    server = SourceServer()
    for i, path in enumerate(HEALTHY, 1):
        server.set(path, healthy_body(i), content_type="application/rss+xml")
    for path, opts in case.routes.items():
        opts = dict(opts)
        for key in ("redirect",):
            if key in opts and opts[key].startswith("/"):
                opts[key] = "http://127.0.0.1:{port}" + opts[key]
        server.set(path, **opts)
    server.start()
    for route in server.routes.values():  # redirects name the port, known only now
        if route.redirect:
            route.redirect = route.redirect.format(port=server.port)
    for route in list(server.routes.values()):
        if b"/admin" in route.body and b"<link>/admin" in route.body:
            route.body = route.body.replace(b"<link>/admin", f"<link>{server.base}/admin".encode())
    ready.put(server.base)
    while True:
        time.sleep(3600)


def run_case(case: Case, base: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from crawler import fetch as fetch_module
    from crawler.context import open_context
    from crawler.poll import poll_source, sync_config
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade_to_head

    if case.private_off:
        os.environ.pop(addresses.ALLOW_ENV, None)
        public = {base + p for p in (*HEALTHY, *case.public)}
        real = addresses.check_url_host

        async def check(url: str, host: str, port: int | None) -> None:
            if url not in public:
                await real(url, host, port)

        fetch_module.check_url_host = check  # type: ignore[assignment]
    hostile = {"key": "hostile", "name": "hostile", "interval": "10m", "timeout": "30s", **case.source}
    hostile["url"] = base + hostile["url"]
    sources = [{"key": f"healthy{i}", "name": f"h{i}", "type": "feed", "url": base + p, "interval": "10m"}
               for i, p in enumerate(HEALTHY, 1)] + [hostile]  # fmt: skip
    os.environ[addresses.ALLOW_ENV] = "1"  # the config's literal 127.0.0.1 (the fetch decides per request)
    config = parse_config({"sources": sources, "allow_private_addresses": False}, "<bench>")
    if case.private_off:
        os.environ.pop(addresses.ALLOW_ENV, None)
    tmp = tempfile.mkdtemp(prefix="tw-hostile-")
    engine = make_engine(f"sqlite:///{tmp}/a.db")
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    sync_config(factory, config)

    async def go() -> tuple[Any, float, int]:
        async with open_context(config, factory) as ctx:
            task = asyncio.create_task(poll_source(ctx, config.source("hostile")))
            slowest, polls = 0.0, 0
            while True:  # the healthy sources keep polling while the hostile one runs (as the daemon would)
                for key in ("healthy1", "healthy2"):
                    started = time.perf_counter()
                    await poll_source(ctx, config.source(key))
                    slowest = max(slowest, time.perf_counter() - started)
                    polls += 1
                if task.done():
                    break
                await asyncio.sleep(0.2)
            return task.result(), slowest, polls

    started = time.perf_counter()
    try:
        outcome, slowest, polls = asyncio.run(go())
        recorded = outcome.status + (f": {outcome.error}" if outcome.error else f", {outcome.new} new")
        if outcome.warnings:
            recorded += "; " + "; ".join(outcome.warnings)
        survived = "yes"
    except BaseException as exc:  # a crash is the finding
        recorded, slowest, polls, survived = f"CRASH {type(exc).__name__}: {exc}", 0.0, 0, "NO"
    wall = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put((case.name, survived, slowest, polls, wall, rss_mb, recorded))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--line-mb", type=int, default=50)
    ap.add_argument("--only", nargs="*", help="case names (prefix match)")
    args = ap.parse_args()
    ctx = mp.get_context("fork")
    print(f"{'case':18} {'survived':8} {'healthy max poll':>16} {'polls':>5} {'wall':>7} {'peak RSS':>9}  recorded")
    for case in cases(args.items, args.line_mb):
        if args.only and not any(case.name.startswith(o) for o in args.only):
            continue
        ready: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
        server = ctx.Process(target=serve, args=(case, ready), daemon=True)
        server.start()
        base = ready.get(timeout=60)
        out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
        poller = ctx.Process(target=run_case, args=(case, base, out))
        poller.start()
        try:
            name, survived, slowest, polls, wall, rss_mb, recorded = out.get(timeout=600)
        except Exception:
            name, survived, slowest, polls, wall, rss_mb, recorded = case.name, "NO", 0, 0, 0, 0, "no result (killed or hung)"
        poller.join(10)
        server.kill()
        print(f"{name:18} {survived:8} {slowest:15.2f}s {polls:5d} {wall:6.1f}s {rss_mb:7.0f}MB  {recorded[:150]}", flush=True)


if __name__ == "__main__":
    main()
