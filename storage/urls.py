"""The one http(s) URL check, shared by config validation, fetching and rendering (pure, no I/O)."""

from __future__ import annotations

from urllib.parse import urlsplit


def http_url(value: str | None) -> str | None:
    """The URL stripped of surrounding space if it is http(s) with a host, else None
    (javascript:, data:, file:, relative and host-less URLs never pass)."""
    if not value:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an unbalanced '[' in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return value


def require_http_url(value: str) -> str:
    """http_url for validators: the URL, or ValueError naming it."""
    good = http_url(value)
    if good is None:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return good
