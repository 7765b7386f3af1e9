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
