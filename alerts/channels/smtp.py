"""SMTP delivery with aiosmtplib: multipart text + HTML, Message-ID/In-Reply-To/References for threads.

At-most-once per channel holds up to the SMTP server's 250 reply: if the process dies after the server
accepted DATA and before the delivery row is marked sent, the retry sends the same message again with
the SAME Message-ID (so mail clients and many servers fold the duplicate). SMTP offers nothing stronger.
"""

from __future__ import annotations

import ssl
from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from alerts.channels.base import secret
from alerts.channels.http import connect_reason
from alerts.config import EmailChannelConfig
from alerts.errors import PermanentFailure, RetryLater
from alerts.render import Message
from storage.redact import redact

DOMAIN = "tollwatch.invalid"


def build_email(config: EmailChannelConfig, message: Message, idempotency_key: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = message.subject
    msg["From"] = config.sender
    msg["To"] = ", ".join(config.to)
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    if message.thread and not message.is_reply:
        msg["Message-ID"] = f"<{message.thread}@{DOMAIN}>"  # the thread's root: later alerts answer it
    else:
        msg["Message-ID"] = f"<{idempotency_key}@{DOMAIN}>"
    if message.thread and message.is_reply:
        msg["In-Reply-To"] = f"<{message.thread}@{DOMAIN}>"
        msg["References"] = f"<{message.thread}@{DOMAIN}>"
    msg["X-Tollwatch-Idempotency-Key"] = idempotency_key
    msg.set_content(message.text)
    msg.add_alternative(message.html, subtype="html")
    return msg


class SmtpChannel:
    def __init__(self, config: EmailChannelConfig) -> None:
        self.name = config.name
        self.config = config

    async def send(self, message: Message, idempotency_key: str) -> None:
        cfg = self.config
        username = secret(self.name, "username_env", cfg.username_env)
        password = secret(self.name, "password_env", cfg.password_env)
        email = build_email(cfg, message, idempotency_key)
        where = f"{cfg.host}:{cfg.port}"
        try:
            await aiosmtplib.send(
                email,
                hostname=cfg.host,
                port=cfg.port,
                username=username,
                password=password,
                use_tls=cfg.security == "ssl",
                start_tls=cfg.security == "starttls",
                timeout=cfg.timeout,
            )
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise PermanentFailure(f"{where}: authentication refused ({exc.code})", channel=self.name) from None
        except aiosmtplib.SMTPRecipientsRefused as exc:
            bad = ", ".join(r.recipient for r in exc.recipients)
            raise PermanentFailure(f"{where}: recipients refused: {bad}", channel=self.name) from None
        except aiosmtplib.SMTPResponseException as exc:
            text = f"{where}: server answered {exc.code} {redact(exc.message)[:200]}"
            if 400 <= exc.code < 500:
                raise RetryLater(text, channel=self.name) from None
            raise PermanentFailure(text, channel=self.name) from None
        except aiosmtplib.SMTPTimeoutError:
            raise RetryLater(f"{where}: timed out after {cfg.timeout}s", channel=self.name) from None
        except aiosmtplib.SMTPConnectError as exc:
            raise RetryLater(f"{where}: {connect_reason(exc)}", channel=self.name) from None
        except (ssl.SSLError, aiosmtplib.SMTPException, OSError) as exc:
            raise RetryLater(f"{where}: {connect_reason(exc)}", channel=self.name) from None
