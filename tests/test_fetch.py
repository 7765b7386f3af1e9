"""crawler.fetch against real local sockets: why a fetch failed is said as it happened."""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from crawler.errors import FetchError
from crawler.fetch import fetch, make_client


def _hang_up_server() -> tuple[socket.socket, int]:
    """A server that accepts each connection, reads the request and closes without answering."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener, listener.getsockname()[1]


def _fetch(url: str) -> FetchError:
    async def go() -> None:
        async with make_client(allow_private=True) as client:
            await fetch(client, url, timeout=5)

    with pytest.raises(FetchError) as caught:
        asyncio.run(go())
    return caught.value


def test_a_server_that_hangs_up_is_a_lost_connection_not_a_timeout() -> None:
    listener, port = _hang_up_server()
    try:
        error = _fetch(f"http://127.0.0.1:{port}/feed")
    finally:
        listener.close()
    assert str(error).startswith("connection lost:") and "timed out" not in str(error)


def test_a_closed_port_is_a_refused_connection() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connections to it are refused
        error = _fetch(f"http://127.0.0.1:{port}/feed")
    assert str(error) == "cannot connect: connection refused by 127.0.0.1"
