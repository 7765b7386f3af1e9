"""Alert channels: one small interface (base.Channel.send), one module each, and the registry type → class."""

from __future__ import annotations

from alerts.channels.base import Channel
from alerts.channels.slack import SlackChannel
from alerts.channels.slack_api import SlackApiChannel
from alerts.channels.smtp import SmtpChannel
from alerts.channels.webhook import WebhookChannel
from alerts.config import AnyChannelConfig

CHANNELS: dict[str, type[SmtpChannel] | type[SlackChannel] | type[SlackApiChannel] | type[WebhookChannel]] = {
    "email": SmtpChannel,
    "slack": SlackChannel,
    "slack_api": SlackApiChannel,
    "webhook": WebhookChannel,
}


def make_channel(config: AnyChannelConfig) -> Channel:
    return CHANNELS[config.type](config)  # type: ignore[arg-type]


__all__ = ["CHANNELS", "Channel", "SlackApiChannel", "SlackChannel", "SmtpChannel", "WebhookChannel", "make_channel"]
