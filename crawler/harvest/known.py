"""What the archive already holds of a source's entries, read by harvesters to skip what did not change."""

from __future__ import annotations

from sqlalchemy import select

from crawler.context import PollContext
from storage.archive import KnownEntry, known_entries
from storage.db import session_scope
from storage.models import Source


def known_for(ctx: PollContext, source_key: str, guids: list[str] | None = None) -> dict[str, KnownEntry]:
    """guid → KnownEntry of the source's items (all, or only `guids`); empty for a source never polled."""
    with session_scope(ctx.session_factory) as session:
        source_id = session.scalar(select(Source.id).where(Source.key == source_key))
        if source_id is None:
            return {}
        return known_entries(session, source_id, guids)
