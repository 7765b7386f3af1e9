"""Deliver the outbox: claim due deliveries per channel, plan (quiet hours, digest, rate limit), render,
send, and record every attempt (status, attempts, last_error, sent_at). Retries back off exponentially.

The unit of work is one message to one channel: its failure is recorded and the rest go on.

Threads by reference (Slack API): before a single-event message is sent, the thread's anchor on that channel
is looked up (storage.outbox.thread_anchor) and handed to the channel as Message.reply_to; the anchor the
channel answers is stored in the transaction that marks the delivery sent. Digests have no thread: they go
out top-level and neither open nor join one. Messages are sent one after another per channel, so an alert
that opens a thread and a later one of the same story in the same batch still thread.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from alerts import policy
from alerts.channels import Channel, make_channel
from alerts.config import AnyChannelConfig
from alerts.errors import DeliveryError, PermanentFailure, RetryLater
from alerts.events import Event, event_from_payload
from alerts.render import Message, ThreadAnchor, render
from storage import outbox
from storage.base import utcnow
from storage.db import session_scope
from storage.models import Delivery
from storage.owners import is_dead_local_owner, process_owner
from storage.redact import redact

log = logging.getLogger(__name__)

ChannelConfigs = Mapping[str, AnyChannelConfig]


@dataclass(slots=True)
class DispatchReport:
    sent: int = 0  # deliveries marked sent
    messages: int = 0  # messages that left (a digest is one)
    retrying: int = 0
    failed: int = 0
    held: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        out = f"{self.sent} delivered in {self.messages} messages, {self.retrying} to retry, {self.failed} failed"
        return out + (f", {self.held} held" if self.held else "")


async def dispatch_due(
    session_factory: sessionmaker[Session],
    channels: ChannelConfigs,
    *,
    now: datetime | None = None,
    retry_now: bool = False,
    owner: str | None = None,
    make: Callable[[AnyChannelConfig], Channel] = make_channel,
) -> DispatchReport:
    """Deliver every due delivery once. Safe to run in several processes at once."""
    now = now or utcnow()
    owner = owner or process_owner()
    report = DispatchReport()
    with session_scope(session_factory) as session:
        dead = [o for o in outbox.claim_owners(session) if o and o != owner and is_dead_local_owner(o)]
        if dead:
            # the process died mid-send: claim again now (same idempotency key, see storage.outbox)
            outbox.release_claims_of(session, dead, now)
        if retry_now:
            session.execute(
                update(Delivery).where(Delivery.status == outbox.PENDING).values(next_attempt_at=now)
                .execution_options(synchronize_session=False)
            )
        names = outbox.due_channels(session, now)
    for name in names:
        config = channels.get(name)
        if config is None:
            log.warning("deliveries wait for channel %s, which the config no longer has", name)
            continue
        await _dispatch_channel(session_factory, config, make(config), now, owner, report)
    return report


async def _dispatch_channel(
    factory: sessionmaker[Session],
    config: AnyChannelConfig,
    channel: Channel,
    now: datetime,
    owner: str,
    report: DispatchReport,
) -> None:
    lease = config.timeout * 2 + 60
    with session_scope(factory) as session:
        claimed = outbox.claim_due(session, channel=config.name, owner=owner, now=now, lease_seconds=lease)
        window = config.rate_limit.per if config.rate_limit else 0
        sent_times = outbox.sent_since(session, config.name, now - timedelta(seconds=window)) if window else []
    if not claimed:
        return
    events = {c.delivery_id: event_from_payload(c.payload) for c in claimed}
    quiet = config.quiet_hours
    the_plan = policy.plan(
        claimed,
        now=now,
        urgent=lambda c: quiet is not None and policy.is_urgent(events[c.delivery_id], quiet),
        held=lambda c: c.held,
        quiet=quiet,
        rate=config.rate_limit,
        sent_times=sent_times,
    )
    with session_scope(factory) as session:
        for c, until in the_plan.hold:
            outbox.mark_retry(session, [c.delivery_id], error=None, next_attempt_at=until, held=True, undo_attempt=True)
        for c, until in the_plan.defer:
            outbox.mark_retry(session, [c.delivery_id], error=None, next_attempt_at=until, undo_attempt=True)
    report.held += len(the_plan.hold) + len(the_plan.defer)
    pending = list(the_plan.messages)
    while pending:
        group = pending.pop(0)
        stop_until = await _send_group(
            factory, config.name, channel, group, [events[c.delivery_id] for c in group], now, report
        )
        if stop_until is not None and pending:
            # the channel is down or throttling: the rest wait as long as the failed one, untried
            rest = [c.delivery_id for g in pending for c in g]
            with session_scope(factory) as session:
                outbox.mark_retry(session, rest, error=None, next_attempt_at=stop_until, undo_attempt=True)
            report.retrying += len(rest)
            return


async def _send_group(
    factory: sessionmaker[Session],
    name: str,
    channel: Channel,
    group: Sequence[outbox.Claimed],
    group_events: list[Event],
    now: datetime,
    report: DispatchReport,
) -> datetime | None:
    """Send one message; None when done (sent or given up), else when the channel may be tried again."""
    ids = [c.delivery_id for c in group]
    if len(group) == 1:
        key, digest = group[0].idempotency_key, None
    else:
        joined = ",".join(sorted(c.idempotency_key for c in group))
        key = digest = "tw-digest-" + hashlib.sha256(joined.encode()).hexdigest()[:32]
    message, anchor = _with_thread(factory, name, render(group_events))
    try:
        landed = await channel.send(message, key)
    except DeliveryError as exc:
        return _record_failure(factory, name, group, exc, now, report)
    except Exception as exc:  # the unit of work: a bug in one send must not stop the others
        log.exception("delivery to %s failed unexpectedly", name)
        return _record_failure(factory, name, group, RetryLater(f"internal error: {type(exc).__name__}"), now, report)
    with session_scope(factory) as session:
        if isinstance(landed, ThreadAnchor) and message.thread is not None and landed != anchor:
            outbox.remember_thread(
                session, channel=name, thread_key=message.thread, conversation=landed.conversation, ts=landed.ts,
                now=now, replaces=(anchor.conversation, anchor.ts) if anchor else None,
            )  # fmt: skip
        outbox.mark_sent(session, ids, now=now, digest_key=digest)
    report.sent += len(ids)
    report.messages += 1
    return None


def _with_thread(factory: sessionmaker[Session], name: str, message: Message) -> tuple[Message, ThreadAnchor | None]:
    """The message with its thread's anchor on this channel, when that thread was opened there before."""
    if message.thread is None:
        return message, None
    with session_scope(factory) as session:
        found = outbox.thread_anchor(session, name, message.thread)
    if found is None:
        return message, None
    anchor = ThreadAnchor(conversation=found[0], ts=found[1])
    return replace(message, reply_to=anchor), anchor


def _record_failure(
    factory: sessionmaker[Session],
    name: str,
    group: Sequence[outbox.Claimed],
    exc: DeliveryError,
    now: datetime,
    report: DispatchReport,
) -> datetime | None:
    reason = redact(str(exc))  # a server may echo a secret back (a webhook URL in a 500 page)
    error = f"{type(exc).__name__}: {reason}"
    report.errors.append(f"{name}: {reason}")
    log.warning("delivery to %s failed: %s", name, reason)
    attempts = max(c.attempts for c in group)
    with session_scope(factory) as session:
        ids = [c.delivery_id for c in group]
        if isinstance(exc, PermanentFailure) or attempts >= policy.MAX_ATTEMPTS:
            outbox.mark_failed(session, ids, error=error)
            report.failed += len(ids)
            return None
        retry_after = exc.retry_after if isinstance(exc, RetryLater) else None
        until = now + timedelta(seconds=policy.retry_delay(attempts, retry_after))
        outbox.mark_retry(session, ids, error=error, next_attempt_at=until)
        report.retrying += len(ids)
        return until
