"""`tollwatch serve`: the read-only page and JSON API as one FastAPI app, served by uvicorn.

The app reads through a read-only engine (storage.readonly); only GET (and HEAD) exist, any other method gets
405. It binds to 127.0.0.1 by default; bound anywhere else it refuses to start without a bearer token (the
config's `api.token_env`), and with a token every page and API call must carry `Authorization: Bearer …`.
A strict Content-Security-Policy allows our own files only.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from crawler import __version__
from crawler.web import api, pages

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class RefusedBind(ValueError):
    """A non-loopback address without a token: the archive would be open to the network."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_app(engine: Engine, *, token: str | None = None) -> FastAPI:
    app = FastAPI(title="tollwatch", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Read-only access to the tollwatch archive.")  # fmt: skip
    app.state.engine = engine
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.method not in ("GET", "HEAD"):
            response: Response = JSONResponse({"detail": "read-only"}, status_code=405, headers={"Allow": "GET, HEAD"})
        elif token and not request.url.path.startswith("/static/") and not _authorized(request, token):
            response = JSONResponse({"detail": "a bearer token is required"}, status_code=401,
                                    headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and not request.url.path.startswith("/api/"):
            return pages.not_found()
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith("/api/"):
            return pages.not_found()
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "query")
        return JSONResponse({"detail": f"{where}: {first.get('msg', 'invalid')}"}, status_code=400)

    return app


def _authorized(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


class WebServer:
    """The app on a socket bound now (so port 0 is known at once); `serve_forever` runs uvicorn on it."""

    def __init__(self, engine: Engine, *, host: str = "127.0.0.1", port: int = 8080, token: str | None = None) -> None:
        if not is_loopback(host) and not token:
            raise RefusedBind(
                f"refusing to serve the archive on {host}: set a bearer token (the config's api.token_env names "
                "the environment variable holding it), or bind to 127.0.0.1"
            )
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.socket.listen(128)
        self.host, self.port = host, self.socket.getsockname()[1]
        config = uvicorn.Config(make_app(engine, token=token), log_level="warning", access_log=False,
                                server_header=False, lifespan="off")  # fmt: skip
        self.server = uvicorn.Server(config)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def serve_forever(self) -> None:
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.socket.close()

    def shutdown(self) -> None:
        self.server.should_exit = True


def make_server(engine: Engine, *, host: str = "127.0.0.1", port: int = 8080, token: str | None = None) -> WebServer:
    """The page and API, ready to serve (not started: call serve_forever)."""
    return WebServer(engine, host=host, port=port, token=token)
