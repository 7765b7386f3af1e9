"""Config models for alert channels, routing rules, quiet hours and rate limits (secrets as env-var names).

crawler.config embeds these; they validate shape only. Secrets are read from the environment when a
channel is built (alerts.channels), and a missing variable is reported by crawler.config with file and key.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from storage.urls import require_http_url

EVENT_KINDS = (
    "series_created", "figure_changed", "statement_new", "statement_edited",
    "source_failed", "source_recovered", "source_silent",
)  # fmt: skip
EventKind = Literal[
    "series_created", "figure_changed", "statement_new", "statement_edited",
    "source_failed", "source_recovered", "source_silent",
]  # fmt: skip
_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")


def seconds(value: Any) -> int:
    """'10m' → 600, '1h' → 3600, 45 → 45."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        out = int(value)
    else:
        m = _DURATION.match(str(value).lower())
        if not m or not any(m.groups()):
            raise ValueError(f"{value!r} is not a duration (use s, m, h: 30s, 10m, 1h)")
        h, mi, s = (int(g) if g else 0 for g in m.groups())
        out = h * 3600 + mi * 60 + s
    if out <= 0:
        raise ValueError(f"{value!r} must be longer than 0 seconds")
    return out


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuietHours(_Strict):
    """Hold non-urgent alerts between start and end (local time); send them as one digest afterwards."""

    start: time
    end: time
    timezone: str = "UTC"
    # a change at least this large (absolute and/or percent) is urgent and goes out anyway
    urgent_change: int | None = Field(default=None, ge=1)
    urgent_percent: float | None = Field(default=None, gt=0)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{v!r} is not a time zone (e.g. UTC, Europe/London)") from None
        return v


class RateLimit(_Strict):
    """At most `count` messages per `per` seconds on a channel; the overflow goes out as one digest."""

    count: int = Field(ge=1)
    per: int = 60

    @field_validator("per", mode="before")
    @classmethod
    def _per(cls, v: Any) -> int:
        return seconds(v)


class _Channel(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
    timeout: int = 30
    quiet_hours: QuietHours | None = None
    rate_limit: RateLimit | None = None

    @field_validator("timeout", mode="before")
    @classmethod
    def _timeout(cls, v: Any) -> int:
        return seconds(v)

    def secret_vars(self) -> dict[str, str]:
        """Config key → environment variable, for every secret this channel names."""
        return {k: v for k, v in self.model_dump().items() if k.endswith("_env") and isinstance(v, str)}


class EmailChannelConfig(_Channel):
    type: Literal["email"]
    host: str
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "starttls"
    username_env: str | None = None
    password_env: str | None = None
    sender: str
    to: list[str] = Field(min_length=1)


class SlackChannelConfig(_Channel):
    type: Literal["slack"]
    webhook_url_env: str


class SlackApiChannelConfig(_Channel):
    """Slack Web API (chat.postMessage with a bot token): unlike a webhook it answers with the message's ts,
    so one series or statement becomes one Slack thread."""

    type: Literal["slack_api"]
    token_env: str
    channel: str = Field(min_length=1, max_length=200, description="channel id (C0123ABCD) or name (#desk)")
    broadcast_replies: bool = False  # reply_broadcast: a reply also shows in the channel
    api_url: str = "https://slack.com/api"

    @field_validator("api_url")
    @classmethod
    def _api_url(cls, v: str) -> str:
        return require_http_url(v).rstrip("/")


class WebhookChannelConfig(_Channel):
    """A JSON POST of every alert to a URL (newsroom tools, n8n, a spreadsheet script); the body is signed with
    HMAC-SHA256 in X-Tollwatch-Signature when a secret is named."""

    type: Literal["webhook"]
    url_env: str
    secret_env: str | None = None


AnyChannelConfig = EmailChannelConfig | SlackChannelConfig | SlackApiChannelConfig | WebhookChannelConfig
ChannelConfig = Annotated[AnyChannelConfig, Field(discriminator="type")]


class RuleConfig(_Strict):
    """Which watches and event kinds go to a channel, and how large a figure change must be."""

    channel: str
    watches: list[str] = Field(default_factory=list, description="empty = every watch")
    events: list[EventKind] = Field(default_factory=list, description="empty = every kind")
    # a figure change must reach every floor that is set (both set = both must be met)
    min_change: int | None = Field(default=None, ge=0)
    min_percent: float | None = Field(default=None, ge=0)
