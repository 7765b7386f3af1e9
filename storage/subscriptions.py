"""WebSub subscriptions in the archive: ask, verify, push, turn off; the lease and who is due for renewal."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Subscription

log = logging.getLogger(__name__)

REQUESTED, ACTIVE, DENIED, OFF = "requested", "active", "denied", "off"


def for_source(session: Session, source_id: int) -> Subscription | None:
    return session.scalar(select(Subscription).where(Subscription.source_id == source_id))


def by_token(session: Session, token: str) -> Subscription | None:
    return session.scalar(select(Subscription).where(Subscription.token == token))


def request(
    session: Session, source_id: int, *, hub: str, topic: str, token: str, secret: str, now: datetime
) -> Subscription:
    """Record a subscription request before it is sent, so the hub's verification finds it."""
    sub = for_source(session, source_id)
    if sub is None:
        sub = Subscription(source_id=source_id, pushes=0, forged=0)
        session.add(sub)
    sub.hub, sub.topic, sub.token, sub.secret = hub, topic, token, secret
    sub.state, sub.reason, sub.requested_at = REQUESTED, None, now
    session.flush()
    return sub


def verified(sub: Subscription, lease_seconds: int | None, now: datetime) -> None:
    sub.state, sub.reason = ACTIVE, None
    sub.lease_until = now + timedelta(seconds=lease_seconds) if lease_seconds else None


def turn_off(sub: Subscription, reason: str, *, state: str = OFF) -> None:
    sub.state, sub.reason = state, reason[:500]


def active(session: Session, source_id: int) -> bool:
    sub = for_source(session, source_id)
    return sub is not None and sub.state == ACTIVE


def due_for_renewal(session: Session, now: datetime, margin: timedelta) -> list[Subscription]:
    """Active subscriptions whose lease ends within `margin` (renew before the hub forgets us)."""
    query = select(Subscription).where(
        Subscription.state == ACTIVE, Subscription.lease_until.is_not(None), Subscription.lease_until <= now + margin
    )
    return list(session.scalars(query))


def after_poll(session: Session, source_id: int, new_items: int, interval: int, push_interval: int) -> int:
    """The interval to the next poll of a push source; a poll that found new items the push did not deliver
    turns push off for the source (FreshRSS's rule) and says so."""
    sub = for_source(session, source_id)
    if sub is None or sub.state != ACTIVE:
        return interval
    if new_items:
        turn_off(sub, f"a poll found {new_items} new item(s) the push did not deliver; polling only")
        log.warning("WebSub push turned off for source %d: a poll found %d item(s) it missed", source_id, new_items)
        return interval
    return max(interval, push_interval)
