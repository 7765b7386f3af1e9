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
