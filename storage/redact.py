"""Secret values, redacted: every value a config names by `*_env` is replaced wherever text is stored,
printed or logged. The values are remembered process-wide when the config is loaded or a channel reads one.

Pure text work (no I/O): storage, alerts and crawler all import it.
"""

from __future__ import annotations

import json
import threading
from urllib.parse import quote

REDACTED = "[redacted]"
MIN_LENGTH = 4  # shorter values ("1", "yes") would redact ordinary words

_lock = threading.Lock()
_secrets: set[str] = set()


def remember_secret(value: str | None) -> None:
    """Add a secret value (a webhook URL, a password, a token) to every later redaction."""
    if value is None or len(value.strip()) < MIN_LENGTH:
        return
    variants = {value, value.strip(), quote(value, safe=""), json.dumps(value)[1:-1], value.replace("/", "\\/")}
    with _lock:
        _secrets.update(v for v in variants if len(v) >= MIN_LENGTH)


def forget_secrets() -> None:
    """Drop every remembered value (tests; a reloaded config remembers its own again)."""
    with _lock:
        _secrets.clear()


def redact(text: str, extra: tuple[str, ...] = ()) -> str:
    """The text with every remembered secret value (and `extra`) replaced by [redacted], longest first."""
    if not text:
        return text
    with _lock:
        values = sorted({*_secrets, *(e for e in extra if len(e) >= MIN_LENGTH)}, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, REDACTED)
    return text


def redact_optional(text: str | None) -> str | None:
    return None if text is None else redact(text)
