"""Web-page fixtures: the query tests' archive, and the page served from it read-only on a free port."""

from __future__ import annotations

import threading
from collections.abc import Iterator

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
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    engine.dispose()
