"""speaker_name: every ending of a speaker key after a space or a hyphen, so "who does this surname alone name?"
(storage.series.speakers_named) is one lookup of a unique index, not a LIKE '% surname' scan of every statement

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

The archived speakers are filled in the order they were first quoted (their first statement's id), the order
speakers_named answers in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def tails(speaker_key: str) -> list[str]:
    # the same as storage.series.speaker_tails, frozen here as this revision wrote it
    return [speaker_key[i + 1 :] for i, c in enumerate(speaker_key) if c in " -" and speaker_key[i + 1 :]]


def upgrade() -> None:
    table = op.create_table(
        'speaker_name',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tail', sa.String(length=300), nullable=False),
        sa.Column('speaker_key', sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_name')),
        sa.UniqueConstraint('tail', 'speaker_key', name=op.f('uq_speaker_name_tail_speaker_key')),
    )
    keys = op.get_bind().execute(
        sa.text("SELECT speaker_key FROM statement GROUP BY speaker_key ORDER BY min(id)")
    ).scalars().all()
    rows = [{"tail": tail, "speaker_key": key} for key in keys for tail in tails(key)]
    for i in range(0, len(rows), 10_000):
        op.bulk_insert(table, rows[i : i + 10_000])


def downgrade() -> None:
    op.drop_table('speaker_name')
