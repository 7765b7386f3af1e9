"""Downloader middlewares: the address guard (every request, robots.txt and redirect hops included, goes to
public addresses only, crawler.addresses) and retry with exponential backoff honouring Retry-After
(Scrapy's RetryMiddleware retries at once)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest

from crawler.addresses import check_url_host, private_allowed
from crawler.errors import BlockedAddress
from storage.retry import Backoff, parse_retry_after

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.settings import BaseSettings


class AddressGuardMiddleware:
    """Refuses a request whose host resolves to a loopback/private/link-local/metadata address; the spider's
    errback records the reason, which names the address and the setting that allows it."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(private_allowed(crawler.settings.getbool("ALLOW_PRIVATE_ADDRESSES")))

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self.allow_private:
            return None
        parts = urlsplit(request.url)
        try:
            await check_url_host(request.url, parts.hostname or "", parts.port)
        except BlockedAddress as exc:
            raise IgnoreRequest(str(exc)) from None
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        # a spider waits inside its crawl: a server's Retry-After counts only up to the cap
        self.backoff = Backoff(settings.getfloat("RETRY_BACKOFF_BASE", 2.0), cap, retry_after_cap=cap)

    async def _pause(self, retry: Request, retry_after: float | None = None) -> None:
        # the retried request carries retry_times = 1, 2, …: wait base, 2·base, 4·base … (capped)
        n = int(retry.meta.get("retry_times", 1))
        delay = self.backoff.delay(n, retry_after)
        if delay > 0:
            await asyncio.sleep(delay)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        out = super().process_response(request, response)
        if out is not response:
            await self._pause(out, parse_retry_after(response.headers.get(b"Retry-After")))
        return out

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        out = super().process_exception(request, exception)
        if out is not None and hasattr(out, "meta"):
            await self._pause(out)  # type: ignore[arg-type]
        return out
