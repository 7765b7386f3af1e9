"""A LogFormatter that never logs scraped text: items show as source, guid, hash and length only.

Scrapy's default dumps every item at DEBUG; a page's text is untrusted (terminal escapes, megabytes).
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from twisted.python.failure import Failure


def describe_item(item: Any) -> str:
    """source/guid, a short hash of the text and its length: enough to find it, nothing to read."""
    text = getattr(item, "text", None) or ""
    digest = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:12]
    return f"{getattr(item, 'source_key', '?')} {getattr(item, 'guid', '?')} sha256:{digest} ({len(text)} chars)"


class QuietLogFormatter(LogFormatter):
    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        src = getattr(response, "url", None) or "start"
        return {"level": logging.DEBUG, "msg": "Scraped from %(src)s: %(item)s", "args": {"src": src, "item": describe_item(item)}}

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return {
            "level": logging.WARNING,
            "msg": "Dropped %(item)s: %(exception)s",
            "args": {"item": describe_item(item), "exception": type(exception).__name__},
        }

    def item_error(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return {"level": logging.ERROR, "msg": "Error processing %(item)s", "args": {"item": describe_item(item)}}
