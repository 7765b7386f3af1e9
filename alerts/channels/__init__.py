"""Alert channels: one small interface (base.Channel.send), one module each, and the registry type → class."""

from __future__ import annotations

from alerts.channels.base import Channel
from alerts.channels.slack import SlackChannel
from alerts.channels.smtp import SmtpChannel
from alerts.config import EmailChannelConfig, SlackChannelConfig

CHANNELS: dict[str, type[SmtpChannel] | type[SlackChannel]] = {"email": SmtpChannel, "slack": SlackChannel}


def make_channel(config: EmailChannelConfig | SlackChannelConfig) -> Channel:
    return CHANNELS[config.type](config)  # type: ignore[arg-type]


__all__ = ["CHANNELS", "Channel", "SlackChannel", "SmtpChannel", "make_channel"]
