"""Slack Web API delivery (chat.postMessage with a bot token): Block Kit + text fallback, one thread per story.

The first message of a thread (Message.thread) is posted top-level and its ts returned as the thread's anchor;
later messages of that thread arrive with Message.reply_to set and post with thread_ts (and reply_broadcast
when the channel asks for it). Slack answers HTTP 200 with {"ok": false, "error": code} for most failures,
so the code decides: auth and channel errors are permanent, rate limits and Slack-side trouble are retried.

At-most-once holds up to Slack's answer: chat.postMessage has no idempotency key, so a process that dies
after Slack accepted a message and before the delivery row was marked sent re-posts it on restart.
The token goes only into the Authorization header: never into an error, a log line or the database.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from alerts.channels.base import secret
from alerts.channels.http import post_json, retry_after_seconds
from alerts.config import SlackApiChannelConfig
from alerts.errors import PermanentFailure, RetryLater
from alerts.render import Message, ThreadAnchor
from storage.redact import redact

# Slack's own trouble: the same request may well succeed later
TRANSIENT_ERRORS = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"})
# a conversation id (public, private, DM); a name like #desk cannot be compared with the id Slack answers
_CONVERSATION_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")


class SlackApiChannel:
    def __init__(self, config: SlackApiChannelConfig) -> None:
        self.name = config.name
        self.config = config

    def _thread_ts(self, anchor: ThreadAnchor | None) -> str | None:
        """The ts to reply to, unless the config now points at another conversation than the thread's."""
        if anchor is None:
            return None
        target = self.config.channel
        if _CONVERSATION_ID.match(target) and target != anchor.conversation:
            return None  # the desk moved channels: open a new thread there instead of replying elsewhere
        return anchor.ts

    async def send(self, message: Message, idempotency_key: str) -> ThreadAnchor | None:
        cfg = self.config
        token = secret(self.name, "token_env", cfg.token_env)
        assert token is not None
        payload: dict[str, Any] = {**message.slack, "channel": cfg.channel}
        thread_ts = self._thread_ts(message.reply_to)
        if thread_ts is not None:
            payload["thread_ts"] = thread_ts
            if cfg.broadcast_replies:
                payload["reply_broadcast"] = True
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json; charset=utf-8",
            # Slack ignores it; a relay in between can drop a re-sent duplicate with it
            "Idempotency-Key": idempotency_key,
        }
        url = f"{cfg.api_url}/chat.postMessage"
        response = await post_json(self.name, "the Slack API", url, payload, headers, cfg.timeout)
        return self._answer(response, message.reply_to if thread_ts is not None else None)

    def _answer(self, response: httpx.Response, replied_to: ThreadAnchor | None) -> ThreadAnchor | None:
        status = response.status_code
        after = retry_after_seconds(response.headers.get("retry-after"))
        if status == 429:
            raise RetryLater(f"rate limited (429), retry after {after}s", channel=self.name, retry_after=after)
        if status >= 500:
            raise RetryLater(f"HTTP {status}: {redact(response.text)[:200]}", channel=self.name)
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            # a proxy's page or a wrong api_url: retrying the same address will not make it Slack
            raise PermanentFailure(f"HTTP {status}: not a Slack API answer: {redact(response.text)[:200]}", channel=self.name)
        if not data.get("ok"):
            code = str(data.get("error") or f"HTTP {status}")[:100]
            if code in TRANSIENT_ERRORS:
                raise RetryLater(f"Slack API error: {code}", channel=self.name, retry_after=after)
            raise PermanentFailure(f"Slack API error: {code}", channel=self.name)
        ts, conversation = data.get("ts"), data.get("channel")
        if not isinstance(ts, str) or not isinstance(conversation, str):
            return None  # delivered; without a ts this message cannot anchor a thread
        if replied_to is not None and replied_to.conversation == conversation:
            return replied_to
        return ThreadAnchor(conversation=conversation, ts=ts)
