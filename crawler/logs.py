"""Logging setup: text or JSON lines, httpx quieted (its INFO lines carry full URLs, and a webhook URL is a secret)."""

from __future__ import annotations

import json
import logging
import os
import sys

_SECRET_ENV_HINTS = ("PASSWORD", "SECRET", "TOKEN", "WEBHOOK", "API_KEY")


class RedactSecrets(logging.Filter):
    """Replace the values of secret-looking environment variables in every record."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets = [
            v for k, v in os.environ.items() if len(v) >= 6 and any(h in k.upper() for h in _SECRET_ENV_HINTS)
        ]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            msg = record.getMessage()
            for s in self.secrets:
                msg = msg.replace(s, "[redacted]")
            record.msg, record.args = msg, None
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
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
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
