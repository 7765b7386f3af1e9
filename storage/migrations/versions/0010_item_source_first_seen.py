"""item: a source's newest arrivals (storage.sources.arrivals, read at every poll for the source's rhythm) are read
from an index of the source's items in first-seen order, not by sorting all of them

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_item_source_first_seen', 'item', ['source_id', 'first_seen'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_item_source_first_seen', table_name='item')
