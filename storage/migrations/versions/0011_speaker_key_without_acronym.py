"""statement, speaker_name: a speaker key no longer ends in the acronym in parentheses a name may carry
("the niger state emergency management agency (nsema)" → "the niger state emergency management agency",
crawler.track.changes.speaker_key): the archived keys are rewritten, and their endings with them

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_ACRONYM_TAIL = re.compile(r"\s*\([^()]*\)\s*$")


def key(old: str) -> str:
    # the same as crawler.track.changes.speaker_key on an archived key, frozen here as this revision wrote it
    return " ".join(_ACRONYM_TAIL.sub("", old).split()) or old


def tails(speaker_key: str) -> list[str]:
    # the same as storage.series.speaker_tails (see 0008)
    return [speaker_key[i + 1 :] for i, c in enumerate(speaker_key) if c in " -" and speaker_key[i + 1 :]]


def upgrade() -> None:
    bind = op.get_bind()
    old_keys = bind.execute(sa.text("SELECT DISTINCT speaker_key FROM statement WHERE speaker_key LIKE '%)'")).scalars()
    for old in list(old_keys):
        new = key(old)
        if new == old:
            continue
        bind.execute(sa.text("UPDATE statement SET speaker_key = :new WHERE speaker_key = :old"), {"new": new, "old": old})
        bind.execute(sa.text("DELETE FROM speaker_name WHERE speaker_key = :old"), {"old": old})
        have = set(bind.execute(sa.text("SELECT tail FROM speaker_name WHERE speaker_key = :new"), {"new": new}).scalars())
        for tail in tails(new):
            if tail not in have:
                bind.execute(sa.text("INSERT INTO speaker_name (tail, speaker_key) VALUES (:tail, :key)"),
                             {"tail": tail, "key": new})


def downgrade() -> None:
    pass  # the acronyms a key lost are not known any more; the shorter keys stay valid
