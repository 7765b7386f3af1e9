"""The demo's console channel: prints each rendered alert (alerts.render, plain text) as it would be sent."""

from __future__ import annotations

from collections.abc import Callable

from alerts.render import Message
from crawler.cli.output import safe_text


class ConsoleChannel:
    """A Channel (alerts.channels.base) whose delivery is a block on the terminal."""

    def __init__(self, name: str, echo: Callable[[str], None]) -> None:
        self.name = name
        self.echo = echo

    async def send(self, message: Message, idempotency_key: str) -> None:
        rule = "─" * 72
        self.echo(f"{rule}\nALERT  {safe_text(message.subject)}\n\n{safe_text(message.text).rstrip()}\n{rule}")
