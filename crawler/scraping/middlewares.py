"""Retry with exponential backoff (Scrapy's RetryMiddleware retries at once); honours Retry-After."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware

from crawler.fetch import parse_retry_after

if TYPE_CHECKING:
    from scrapy.http import Request, Response
    from scrapy.settings import BaseSettings


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def _pause(self, retry: Request, retry_after: float | None = None) -> None:
        # the retried request carries retry_times = 1, 2, …: wait base, 2·base, 4·base … (capped)
        n = int(retry.meta.get("retry_times", 1))
        delay = min(self.cap, max(self.base * 2 ** (n - 1), retry_after or 0.0))
        if delay > 0:
            await asyncio.sleep(delay)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        out = super().process_response(request, response)
        if out is not response:
            await self._pause(out, parse_retry_after(response.headers.get(b"Retry-After", b"").decode("latin-1")))
        return out

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        out = super().process_exception(request, exception)
        if out is not None and hasattr(out, "meta"):
            await self._pause(out)  # type: ignore[arg-type]
        return out
