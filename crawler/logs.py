"""Logging setup: text or JSON lines, httpx quieted (its INFO lines carry full URLs, and a webhook URL is a secret)."""

from __future__ import annotations

import json
import logging
import os
import sys

from storage.redact import redact

_SECRET_ENV_HINTS = ("PASSWORD", "SECRET", "TOKEN", "WEBHOOK", "API_KEY")


class RedactSecrets(logging.Filter):
    """Replace secret values in every record, its traceback included: the values the config names
    (storage.redact, remembered when the config is loaded) and those of secret-looking environment variables."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets = tuple(
            v for k, v in os.environ.items() if len(v) >= 6 and any(h in k.upper() for h in _SECRET_ENV_HINTS)
        )

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage(), self.secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key in ("source", "channel", "event"):
            if hasattr(record, key):
                data[key] = getattr(record, key)
        if record.exc_text or record.exc_info:
            data["exc"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def setup_logging(level: str = "WARNING", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactSecrets())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "trafilatura", "htmldate", "courlan", "readability", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    quiet_unless_debug = logging.WARNING if level.upper() != "DEBUG" else logging.INFO
    logging.getLogger("alembic").setLevel(quiet_unless_debug)
    # APScheduler logs every job run at INFO: the daemon logs each poll's outcome itself
    logging.getLogger("apscheduler").setLevel(quiet_unless_debug)
