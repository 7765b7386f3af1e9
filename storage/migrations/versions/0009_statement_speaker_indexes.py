"""statement: a speaker's newest statements and "was this speaker ever quoted as an official?" are read from
indexes of the speaker's rows (storage.series.statement_texts_seen, official_speakers), in id order and among
official statements only, not from the table and a sort

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_statement_speaker_id', 'statement', ['speaker_key', 'id'], unique=False)
    op.create_index(
        'ix_statement_official_speaker', 'statement', ['speaker_key'], unique=False,
        sqlite_where=sa.text('official'), postgresql_where=sa.text('official'),
    )


def downgrade() -> None:
    op.drop_index('ix_statement_official_speaker', table_name='statement')
    op.drop_index('ix_statement_speaker_id', table_name='statement')
