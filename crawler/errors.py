"""Errors of tollwatch, each carrying its context (config file and key, source key, url).

    TollwatchError
     ├── ConfigError          a config file is wrong: names the file, the key path and the problem
     ├── HarvesterUnavailable a configured source kind's module cannot be imported (a broken install)
     └── SourceError          one poll of one source failed (recorded in fetch_log; others go on)
          ├── FetchError      network, HTTP status, size cap, timeout
          │    ├── RetryLater the server asked us to come back later (429/503 with Retry-After)
          │    └── BlockedAddress  the URL (or a redirect hop) resolves to a loopback/private/metadata address
          └── ParseError      the body is not what the source type expects (not a feed, no text)
"""

from __future__ import annotations


class TollwatchError(Exception):
    """Base of every error tollwatch raises on purpose."""


class ConfigError(TollwatchError):
    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        self.path = path
        self.key = key
        prefix = ": ".join(p for p in (path, key) if p)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class HarvesterUnavailable(TollwatchError):
    """Raised at the start of `run`/`poll`/`worker`, never by a poll: a broken install (trafilatura, Scrapy)
    stops the process with one clear line instead of failing every poll of that kind."""

    def __init__(self, kind: str, module: str, sources: list[str], cause: BaseException) -> None:
        self.kind = kind
        self.module = module
        shown = ", ".join(sources[:5]) + (f" and {len(sources) - 5} more" if len(sources) > 5 else "")
        super().__init__(
            f"sources of type {kind!r} ({shown}) cannot be polled: importing {module} failed: "
            f"{type(cause).__name__}: {cause}"
        )


class SourceError(TollwatchError):
    def __init__(self, message: str, *, source_key: str | None = None, url: str | None = None) -> None:
        self.source_key = source_key
        self.url = url
        self.reason = message
        super().__init__(message)


class FetchError(SourceError):
    def __init__(
        self, message: str, *, source_key: str | None = None, url: str | None = None, status: int | None = None
    ) -> None:
        self.status = status
        super().__init__(message, source_key=source_key, url=url)


class RetryLater(FetchError):
    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None,
        source_key: str | None = None,
        url: str | None = None,
        status: int | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, source_key=source_key, url=url, status=status)


class BlockedAddress(FetchError):
    """A host that resolves to an address tollwatch may not fetch (crawler.addresses)."""

    def __init__(self, message: str, *, url: str, address: str, source_key: str | None = None) -> None:
        self.address = address
        super().__init__(message, source_key=source_key, url=url)


class ParseError(SourceError):
    pass
