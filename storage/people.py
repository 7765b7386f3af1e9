"""People the archive has quoted: the roles each was named with ("Moulaye Guindo, the mayor of Bankass")."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Statement


def roles_of(session: Session, speaker_keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Speaker key → the roles the archive has quoted that speaker under. One lookup of the statements' speaker
    index for the people asked about (those with a series of their own), not a scan of the archive."""
    keys = sorted(set(speaker_keys))
    if not keys:
        return {}
    rows = session.execute(
        select(Statement.speaker_key, Statement.role)
        .where(Statement.speaker_key.in_(keys), Statement.role.is_not(None))
        .distinct()
    )
    out: dict[str, list[str]] = {}
    for key, role in rows:
        out.setdefault(key, []).append(role)
    return {key: tuple(roles) for key, roles in out.items()}


def sources_of(session: Session, speaker_keys: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """Speaker key → the sources that have quoted that speaker (a spokesman on his body's own page)."""
    keys = sorted(set(speaker_keys))
    if not keys:
        return {}
    rows = session.execute(
        select(Statement.speaker_key, Statement.source_id).where(Statement.speaker_key.in_(keys)).distinct()
    )
    out: dict[str, list[int]] = {}
    for key, source_id in rows:
        out.setdefault(key, []).append(source_id)
    return {key: tuple(sorted(ids)) for key, ids in out.items()}


RECENT_ROLES = 1000  # official statements with a role read to find which body's page quoted a role


def recent_roles(session: Session, *, limit: int = RECENT_ROLES) -> list[tuple[str, int, str]]:
    """(role, source id, speaker key) of the archive's newest official statements quoted with a role, newest first.
    A backward step of the primary key that stops at `limit` rows: its cost does not grow with the archive."""
    rows = session.connection().execute(
        select(Statement.role, Statement.source_id, Statement.speaker_key)
        .where(Statement.role.is_not(None), Statement.official)
        .order_by(Statement.id.desc())
        .limit(limit)
    )
    return [(role, source_id, key) for role, source_id, key in rows]
