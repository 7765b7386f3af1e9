"""Web fixtures: the query tests' archive, and the page and API served from it read-only on a free port."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from crawler.web.app import make_server
from storage.readonly import readonly_engine
from tests.query.archive import Archive, archive

__all__ = ["archive", "page_url"]


@pytest.fixture
def page_url(archive: Archive) -> Iterator[str]:  # noqa: F811 - the fixture above, by name
    engine = readonly_engine(archive.db_url)
    server = make_server(engine, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = server.url.rstrip("/")
    for _ in range(100):  # uvicorn accepts once its loop runs (the socket already listens)
        try:
            httpx.get(url + "/static/style.css", timeout=2)
            break
        except httpx.TransportError:
            threading.Event().wait(0.05)
    yield url
    server.shutdown()
    thread.join(10)
    engine.dispose()
