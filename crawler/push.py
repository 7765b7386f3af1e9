"""WebSub push for feed sources with `push: true`: subscribe at the feed's hub, answer the hub's verification
of intent (only for subscriptions we asked for), and take signed pushes through the poll's own
ingest → extract → record (crawler.poll.store_harvest). Push accelerates polling; it never replaces it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import select, update

from crawler.config import SourceConfig, WebSubConfig
from crawler.context import PollContext
from crawler.document import Harvest
from crawler.errors import FetchError
from crawler.feeds import parse_feed
from crawler.fetch import fetch
from crawler.harvest.feed import FEED_ACCEPT, entry_document
from crawler.poll import spec_of, store_harvest
from crawler.websub import discover, new_secret, new_token, signature_ok
from storage import sources as source_store
from storage import subscriptions as subs
from storage.db import session_scope
from storage.models import Source

log = logging.getLogger(__name__)
CALLBACK_PREFIX = "/websub/"
RENEW_MARGIN = timedelta(days=1)  # renew a lease this long before it ends
UNVERIFIED_AFTER = timedelta(hours=1)  # a request the hub never verified is asked again after this
MAINTAIN_EVERY = 3600  # seconds between renewal checks in the daemon


async def subscribe(ctx: PollContext, cfg: SourceConfig, websub: WebSubConfig) -> str:
    """Discover the feed's hub and ask it to push to us; what happened, in words (logged, shown by the CLI)."""
    try:
        result = await fetch(ctx.http, cfg.url, source_key=cfg.key, headers=cfg.resolved_headers(),
                             max_bytes=cfg.max_bytes, timeout=cfg.timeout, accept=FEED_ACCEPT)  # fmt: skip
    except FetchError as exc:
        return f"{cfg.key}: not subscribed — the feed could not be fetched: {exc}"
    found = discover(result.headers.get("link"), result.body, result.url)
    if found.hub is None:
        return f"{cfg.key}: not subscribed — the feed names no WebSub hub (polling only)"
    topic = found.self_url or cfg.url
    token, secret = new_token(), new_secret()
    with session_scope(ctx.session_factory) as session:
        source_id = _source_id(session, cfg)
        subs.request(session, source_id, hub=found.hub, topic=topic, token=token, secret=secret, now=ctx.clock())
    form = {
        "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": websub.callback_url + CALLBACK_PREFIX + token,
        "hub.secret": secret, "hub.lease_seconds": str(websub.lease),
    }  # fmt: skip
    try:
        resp = await ctx.http.post(found.hub, data=form, timeout=cfg.timeout)
        status = resp.status_code
    except httpx.HTTPError as exc:
        status, why = None, f"the hub could not be reached: {type(exc).__name__}"
    else:
        why = f"the hub answered HTTP {status}"
    if status in (202, 204):
        return f"{cfg.key}: subscription requested at {found.hub} (waiting for the hub's verification)"
    with session_scope(ctx.session_factory) as session:
        sub = subs.for_source(session, _source_id(session, cfg))
        if sub is not None:
            subs.turn_off(sub, why)
    return f"{cfg.key}: not subscribed — {why} (polling only)"


async def maintain(ctx: PollContext, websub: WebSubConfig, *, startup: bool = False) -> list[str]:
    """Subscribe every push source at start (a restart gives a source whose push was turned off another
    chance), then renew leases ending within RENEW_MARGIN and ask again where a hub never verified."""
    now = ctx.clock()
    todo = []
    with session_scope(ctx.session_factory) as session:
        for cfg in ctx.config.sources:
            if not (cfg.push and cfg.enabled):
                continue
            source_id = session.scalar(select(Source.id).where(Source.key == cfg.key))
            sub = subs.for_source(session, source_id) if source_id is not None else None
            stale = sub is not None and sub.state == subs.REQUESTED and sub.requested_at < now - UNVERIFIED_AFTER
            ending = sub is not None and sub.state == subs.ACTIVE and sub.lease_until is not None and (
                sub.lease_until <= now + RENEW_MARGIN
            )
            if startup or sub is None or stale or ending:
                todo.append(cfg)
    said = [await subscribe(ctx, cfg, websub) for cfg in todo]
    for line in said:
        log.warning("%s", line)
    return said


async def start_push(ctx: PollContext) -> asyncio.Server | None:
    """The daemon's push side: the receiver on websub.listen and the first subscriptions (None without push
    sources). The daemon calls `maintain` again every MAINTAIN_EVERY seconds."""
    websub = ctx.config.websub
    if websub is None or not any(s.push for s in ctx.config.sources):
        return None
    server = await serve_push(PushReceiver(ctx, websub), *websub.address())
    log.warning("WebSub receiver on %s (public callback %s)", websub.listen, websub.callback_url)
    await maintain(ctx, websub, startup=True)
    return server


def _source_id(session, cfg: SourceConfig) -> int:  # noqa: ANN001
    source_id = session.scalar(select(Source.id).where(Source.key == cfg.key))
    if source_id is None:
        source_id = source_store.sync_sources(session, [spec_of(cfg)])[cfg.key].id
    return source_id


class PushReceiver:
    """The callback: GET is a hub's verification of intent, POST a push. Answers (status, body)."""

    def __init__(self, ctx: PollContext, websub: WebSubConfig) -> None:
        self.ctx = ctx
        self.websub = websub

    async def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> tuple[int, bytes]:
        parts = urlsplit(target)
        if not parts.path.startswith(CALLBACK_PREFIX):
            return 404, b"not found\n"
        token = parts.path[len(CALLBACK_PREFIX):]  # fmt: skip
        if method == "GET":
            return await asyncio.to_thread(self._verify, token, parse_qs(parts.query))
        if method == "POST":
            return await self._push(token, headers, body)
        return 405, b"method not allowed\n"

    def _verify(self, token: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        mode = (query.get("hub.mode") or [""])[0]
        topic = (query.get("hub.topic") or [""])[0]
        challenge = (query.get("hub.challenge") or [""])[0]
        lease = (query.get("hub.lease_seconds") or [""])[0]
        with session_scope(self.ctx.session_factory) as session:
            sub = subs.by_token(session, token)
            if sub is None or topic != sub.topic:
                log.warning("WebSub verification for a subscription we did not ask for refused")
                return 404, b"unknown subscription\n"
            if mode == "denied":
                subs.turn_off(sub, f"the hub denied the subscription: {(query.get('hub.reason') or [''])[0]}"[:300],
                              state=subs.DENIED)  # fmt: skip
                return 200, b""
            if mode == "subscribe" and sub.state in (subs.REQUESTED, subs.ACTIVE) and challenge:
                subs.verified(sub, int(lease) if lease.isdigit() else None, self.ctx.clock())
                return 200, challenge.encode()
            if mode == "unsubscribe" and sub.state in (subs.OFF, subs.DENIED) and challenge:
                return 200, challenge.encode()  # we turned it off: let the hub forget us
        return 404, b"not a request we made\n"

    async def _push(self, token: str, headers: Mapping[str, str], body: bytes) -> tuple[int, bytes]:
        started = time.perf_counter()
        now = self.ctx.clock()
        with session_scope(self.ctx.session_factory) as session:
            sub = subs.by_token(session, token)
            if sub is None:
                return 404, b"unknown subscription\n"
            if not signature_ok(sub.secret, body, headers.get("x-hub-signature")):
                sub.forged += 1
                key = session.scalar(select(Source.key).where(Source.id == sub.source_id))
                log.warning("WebSub push for %s refused: missing or wrong X-Hub-Signature", key)
                return 202, b""  # acknowledged and ignored (WebSub §8): a forger learns nothing
            if sub.state != subs.ACTIVE:
                return 410, b"subscription not active\n"
            source_id, key = sub.source_id, session.scalar(select(Source.key).where(Source.id == sub.source_id))
        try:
            cfg = self.ctx.config.source(key or "")
        except KeyError:
            return 410, b"source no longer configured\n"
        owner = f"{self.ctx.owner}/push"
        with session_scope(self.ctx.session_factory) as session:
            claim = source_store.claim_source(session, cfg.key, owner, cfg.timeout * 4 + 120, now)
            prior = session.execute(
                select(Source.next_due, Source.etag, Source.last_modified).where(Source.id == source_id)
            ).one()
        if claim is None:
            return 503, b"a poll of this source is running; push again later\n"  # the hub retries
        try:
            parsed = await asyncio.to_thread(parse_feed, body, content_type=headers.get("content-type", ""), url=cfg.url)
            harvest = Harvest(
                documents=[entry_document(cfg, e, now) for e in parsed.entries], bytes=len(body), http_status=200,
                warnings=["pushed by the WebSub hub", *parsed.warnings], pushed=True,
            )  # fmt: skip
            outcome = await asyncio.to_thread(store_harvest, self.ctx, cfg, source_id, harvest, now, started)
        finally:
            with session_scope(self.ctx.session_factory) as session:
                # a push is not a poll: the poll schedule and the feed's validators stay as they were
                session.execute(
                    update(Source).where(Source.id == source_id)
                    .values(next_due=prior.next_due, etag=prior.etag, last_modified=prior.last_modified)
                    .execution_options(synchronize_session=False)
                )  # fmt: skip
                source_store.release_lease(session, source_id, owner)
                sub = subs.by_token(session, token)
                if sub is not None:
                    sub.pushes += 1
                    sub.last_push_at = now
        log.info("WebSub push for %s: %s", cfg.key, outcome.summary())
        return 200, b""


async def serve_push(receiver: PushReceiver, host: str, port: int) -> asyncio.Server:
    """The push receiver on host:port (behind the reverse proxy that callback_url names)."""
    cap = receiver.websub.max_body

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = (await asyncio.wait_for(reader.readline(), timeout=10)).decode("latin-1").split()
            headers: dict[str, str] = {}
            while True:
                raw = await asyncio.wait_for(reader.readline(), timeout=10)
                if raw in (b"\r\n", b"\n", b""):
                    break
                name, _, value = raw.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            method, target = (line[0], line[1]) if len(line) >= 2 else ("", "")
            length = headers.get("content-length", "0")
            if not length.isdigit():
                status, body = 411, b"length required\n"
            elif int(length) > cap:
                status, body = 413, b"body too large\n"  # capped before it is read
            else:
                data = await asyncio.wait_for(reader.readexactly(int(length)), timeout=30) if int(length) else b""
                status, body = await receiver.handle(method, target, headers, data)
            reason = {200: "OK", 202: "Accepted", 404: "Not Found", 405: "Method Not Allowed", 410: "Gone",
                      411: "Length Required", 413: "Payload Too Large", 503: "Service Unavailable"}.get(status, "")  # fmt: skip
            head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            writer.write(head.encode("latin-1") + body)
            await writer.drain()
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception:  # one bad request must not stop the receiver
            log.exception("WebSub callback failed")
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    return await asyncio.start_server(handle, host, port)
