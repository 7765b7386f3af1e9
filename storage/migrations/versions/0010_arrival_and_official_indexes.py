"""item: a source's newest arrivals (storage.sources.arrivals, read at every poll for the source's rhythm) are read
from an index of the source's items in first-seen order, not by sorting all of them. statement: the partial index
of official statements is rebuilt on SQLite with the predicate SQLAlchemy renders there (`official = 1`): with
0009's bare `official` SQLite never used it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_item_source_first_seen', 'item', ['source_id', 'first_seen'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        op.drop_index('ix_statement_official_speaker', table_name='statement')
        op.create_index(
            'ix_statement_official_speaker', 'statement', ['speaker_key'], unique=False,
            sqlite_where=sa.text('official = 1'),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.drop_index('ix_statement_official_speaker', table_name='statement')
        op.create_index(
            'ix_statement_official_speaker', 'statement', ['speaker_key'], unique=False,
            sqlite_where=sa.text('official'),
        )
    op.drop_index('ix_item_source_first_seen', table_name='item')
