"""Crawl a loopback site of 1,000 article pages with the generic listing spider; print pages/s, CPU, peak RSS.

The site is served by a separate process (its CPU is not counted). The crawl is a real poll: the in-process
Scrapy runner, then ingest into a temporary SQLite archive. Politeness delays are off (it is loopback).
Usage: python bench/bench_crawl.py [ARTICLES]
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

os.environ.setdefault("TOLLWATCH_ALLOW_PRIVATE_ADDRESSES", "1")  # the bench serves on 127.0.0.1

PER_PAGE = 25
PARA = (
    "The Syrian Observatory for Human Rights said {n} civilians had been killed in the coastal provinces of "
    "Latakia and Tartus, most of them in field executions, and that the toll was expected to rise. "
)


def _site(total: int):  # noqa: ANN202
    pages = (total + PER_PAGE - 1) // PER_PAGE

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path.startswith("/news"):
                p = int(self.path.partition("page=")[2] or 1)
                links = "".join(
                    f"<li class='entry'><a href='/a/{i}'>Story {i}</a><time datetime='2025-03-08'>8 March</time></li>"
                    for i in range((p - 1) * PER_PAGE, min(total, p * PER_PAGE))
                )
                nxt = f"<a class='next' href='/news?page={p + 1}'>Older</a>" if p < pages else ""
                body = f"<html><body><nav>menu</nav><ul>{links}</ul>{nxt}</body></html>"
            elif self.path.startswith("/a/"):
                n = self.path[3:]
                paras = "".join(f"<p>{PARA.format(n=n)}</p>" for _ in range(12))
                body = (
                    f"<html><head><title>Story {n}</title><meta property='article:published_time' content='2025-03-08T10:00:00Z'>"
                    f"</head><body><nav>menu</nav><h1>Story {n}</h1><div class='story'>{paras}</div><footer>c</footer></body></html>"
                )
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _serve(total: int, port_out: multiprocessing.connection.Connection) -> None:  # type: ignore[name-defined]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _site(total))
    httpd.daemon_threads = True
    port_out.send(httpd.server_address[1])
    httpd.serve_forever()


def main(total: int) -> None:
    from crawler.config import parse_config
    from crawler.context import open_context
    from crawler.poll import poll_source, sync_config
    from crawler.scraping.runner import ScrapyRunner
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade_to_head

    recv, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=_serve, args=(total, send), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{recv.recv()}"
    pages = (total + PER_PAGE - 1) // PER_PAGE
    config = parse_config({"sources": [{
        "key": "bench", "name": "bench", "type": "spider", "spider": "listing", "url": f"{base}/news",
        "spider_args": {"entries": "li.entry", "links": "a", "next_page": "a.next", "body": "div.story",
                        "max_pages": min(pages, 50)},
    }]}, "bench.yaml")  # fmt: skip
    engine = make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}")
    upgrade_to_head(engine)
    factory = make_session_factory(engine)
    sync_config(factory, config)
    runner = ScrapyRunner({
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": False,
    })  # fmt: skip

    async def go():  # noqa: ANN202
        async with open_context(config, factory, spider_runner=runner) as ctx:
            return await poll_source(ctx, config.sources[0])

    cpu0, wall0 = time.process_time(), time.perf_counter()
    outcome = asyncio.run(go())
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    server.terminate()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fetched = total + min(pages, 50)
    print(f"outcome: {outcome.summary()}")
    print(f"pages fetched: {fetched} ({total} articles + {min(pages, 50)} listing pages), archived: {outcome.new}")
    print(f"wall {wall:.2f}s  →  {fetched / wall:.0f} pages/s (crawl + extraction + ingest into SQLite)")
    print(f"CPU time (this process, server excluded): {cpu:.2f}s")
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
