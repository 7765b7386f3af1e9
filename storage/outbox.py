"""The outbox: alert rows written with the data that caused them, delivery rows claimed and settled.

A delivery is claimed (status 'sending', attempts+1, a lease) and committed BEFORE anything is sent,
so a crash leaves evidence; a claim whose lease expired (or whose owner died) is claimed again with
the same idempotency key. Claims use FOR UPDATE SKIP LOCKED on PostgreSQL and a compare-and-set
UPDATE everywhere, so two dispatchers never hold one delivery at once.

Also the thread memory of channels that thread by reference (channel_thread): one anchor per channel and
thread, first writer wins; it is written in the transaction that marks the delivery sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import Alert, ChannelThread, Delivery
from storage.redact import redact, redact_optional

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


def add_alert(
    session: Session,
    *,
    kind: str,
    event_key: str,
    watch: str,
    payload: dict[str, Any],
    channels: Iterable[str],
    series_id: int | None = None,
    statement_id: int | None = None,
    now: datetime,
) -> Alert | None:
    """Write one alert and a pending delivery per channel; None when this event already has an alert."""
    if session.scalar(select(Alert.id).where(Alert.event_key == event_key)) is not None:
        return None
    alert = Alert(
        uid=uuid.uuid4().hex,
        kind=kind,
        event_key=event_key,
        watch=watch,
        payload=payload,
        series_id=series_id,
        statement_id=statement_id,
        created_at=now,
    )
    session.add(alert)
    session.flush()
    for channel in dict.fromkeys(channels):
        session.add(
            Delivery(
                alert_id=alert.id,
                channel=channel,
                idempotency_key=f"tw-{alert.uid}-{uuid.uuid5(uuid.NAMESPACE_URL, channel).hex[:12]}",
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    session.flush()
    return alert


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery this process holds, with what the sender needs (no ORM object crosses the send)."""

    delivery_id: int
    alert_id: int
    channel: str
    idempotency_key: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    held: bool
    created_at: datetime


def _due(now: datetime) -> Any:
    return or_(
        and_(Delivery.status == PENDING, or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now)),
        and_(Delivery.status == SENDING, Delivery.claimed_until < now),
    )


def due_channels(session: Session, now: datetime) -> list[str]:
    return list(session.scalars(select(Delivery.channel).where(_due(now)).distinct().order_by(Delivery.channel)))


def claim_due(
    session: Session, *, channel: str, owner: str, now: datetime, lease_seconds: int, limit: int = 100
) -> list[Claimed]:
    """Claim up to `limit` due deliveries of one channel, oldest first. The caller commits right after."""
    query = (
        select(Delivery.id)
        .where(Delivery.channel == channel, _due(now))
        .order_by(Delivery.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(session.scalars(query))
    claimed: list[int] = []
    until = now + timedelta(seconds=lease_seconds)
    for delivery_id in ids:
        # compare-and-set: only one dispatcher turns a due row into its own claim
        result = session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, _due(now))
            .values(status=SENDING, claimed_by=owner, claimed_until=until, attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(delivery_id)
    if not claimed:
        return []
    rows = session.execute(
        select(Delivery, Alert).join(Alert, Alert.id == Delivery.alert_id).where(Delivery.id.in_(claimed))
        .order_by(Delivery.id)
        .execution_options(populate_existing=True)
    )
    return [
        Claimed(d.id, a.id, d.channel, d.idempotency_key, a.kind, dict(a.payload), d.attempts, d.held, a.created_at)
        for d, a in rows.tuples()
    ]


def mark_sent(session: Session, delivery_ids: Sequence[int], *, now: datetime, digest_key: str | None = None) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(list(delivery_ids)))
        .values(status=SENT, sent_at=now, last_error=None, claimed_by=None, claimed_until=None, digest_key=digest_key)
        .execution_options(synchronize_session=False)
    )


def mark_retry(
    session: Session, delivery_ids: Sequence[int], *, error: str | None, next_attempt_at: datetime, held: bool = False,
    undo_attempt: bool = False,
) -> None:
    """Back to pending until next_attempt_at (a failed try, a hold for quiet hours or the rate limit)."""
    values: dict[str, Any] = {"status": PENDING, "next_attempt_at": next_attempt_at, "claimed_by": None,
                              "claimed_until": None}  # fmt: skip
    if error is not None:
        values["last_error"] = redact(error)[:2000]
    if held:
        values["held"] = True
    if undo_attempt:  # deferred without trying: not an attempt
        values["attempts"] = Delivery.attempts - 1
    session.execute(
        update(Delivery).where(Delivery.id.in_(list(delivery_ids))).values(**values)
        .execution_options(synchronize_session=False)
    )


def mark_failed(session: Session, delivery_ids: Sequence[int], *, error: str) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(list(delivery_ids)))
        .values(status=FAILED, last_error=redact(error)[:2000], claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )


def requeue(session: Session, *, now: datetime, alert_id: int | None = None) -> int:
    """Failed deliveries (of one alert, or all) back to pending, due now, with a fresh attempt budget.
    Their idempotency keys stay: a receiver that did get an earlier try can still drop the duplicate."""
    query = update(Delivery).where(Delivery.status == FAILED)
    if alert_id is not None:
        query = query.where(Delivery.alert_id == alert_id)
    result = session.execute(
        query.values(status=PENDING, attempts=0, next_attempt_at=now, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim_owners(session: Session) -> list[str]:
    return list(session.scalars(select(Delivery.claimed_by).where(Delivery.status == SENDING).distinct()))


def release_claims_of(session: Session, owners: Sequence[str], now: datetime) -> int:
    """Make the claims of dead owners due now (their sends may have happened: same idempotency key)."""
    if not owners:
        return 0
    result = session.execute(
        update(Delivery)
        .where(Delivery.status == SENDING, Delivery.claimed_by.in_(list(owners)))
        .values(claimed_until=now - timedelta(seconds=1))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def sent_since(session: Session, channel: str, since: datetime) -> list[datetime]:
    """Send times of one channel since a moment (a digest counts once), for rate limits."""
    rows = session.execute(
        select(func.min(Delivery.sent_at))
        .where(Delivery.channel == channel, Delivery.status == SENT, Delivery.sent_at >= since)
        .group_by(func.coalesce(Delivery.digest_key, Delivery.idempotency_key))
    )
    return sorted(r for (r,) in rows if r is not None)


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    alert_id: int
    alert_uid: str
    kind: str
    watch: str
    created_at: datetime
    payload: dict[str, Any]
    channel: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    idempotency_key: str


def list_deliveries(session: Session, *, status: str | None = None, limit: int = 200) -> list[DeliveryRow]:
    query = select(Delivery, Alert).join(Alert, Alert.id == Delivery.alert_id)
    if status == PENDING:
        query = query.where(Delivery.status.in_([PENDING, SENDING]))
    elif status is not None:
        query = query.where(Delivery.status == status)
    query = query.order_by(Alert.id.desc(), Delivery.channel).limit(limit)
    return [
        DeliveryRow(a.id, a.uid, a.kind, a.watch, a.created_at, dict(a.payload), d.channel, d.status, d.attempts,
                    redact_optional(d.last_error), d.next_attempt_at, d.sent_at, d.idempotency_key)  # fmt: skip
        for d, a in session.execute(query).tuples()
    ]


def list_alerts(session: Session, limit: int = 200) -> list[Alert]:
    return list(session.scalars(select(Alert).order_by(Alert.id.desc()).limit(limit)))


# --- thread memory ---------------------------------------------------------------------------------


def thread_anchor(session: Session, channel: str, thread_key: str) -> tuple[str, str] | None:
    """(conversation, ts) of a thread's first message on a channel, or None when the thread has none yet."""
    row = session.execute(
        select(ChannelThread.conversation, ChannelThread.ts)
        .where(ChannelThread.channel == channel, ChannelThread.thread_key == thread_key)
    ).first()
    return (row[0], row[1]) if row else None


def remember_thread(
    session: Session, *, channel: str, thread_key: str, conversation: str, ts: str, now: datetime,
    replaces: tuple[str, str] | None = None,
) -> bool:
    """Record where a thread lives. A new thread: first writer wins (two dispatchers that both opened it keep
    the earlier row). `replaces`: move a known thread only if it still points where the caller saw it."""
    if replaces is not None:
        result = session.execute(
            update(ChannelThread)
            .where(ChannelThread.channel == channel, ChannelThread.thread_key == thread_key,
                   ChannelThread.conversation == replaces[0], ChannelThread.ts == replaces[1])
            .values(conversation=conversation, ts=ts, created_at=now)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return bool(result.rowcount)  # type: ignore[attr-defined]
    values = {"channel": channel, "thread_key": thread_key, "conversation": conversation, "ts": ts, "created_at": now}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    result = session.execute(
        insert(ChannelThread).values(**values).on_conflict_do_nothing(index_elements=["channel", "thread_key"])
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
