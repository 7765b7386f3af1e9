"""series_point keeps its figure's source and publication time: "when did the reporter's own source last give
this series?" is one short index walk (series_id, source_id, published_at), not a join over the whole history

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (SQLite has it): a batch copy of the table would break the v_series view over it
    op.add_column('series_point', sa.Column('source_id', sa.Integer(), nullable=True))
    op.add_column('series_point', sa.Column('published_at', storage.base.UTCDateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE series_point SET"
        " source_id = (SELECT figure.source_id FROM figure WHERE figure.id = series_point.figure_id),"
        " published_at = (SELECT figure.published_at FROM figure WHERE figure.id = series_point.figure_id)"
    )
    op.create_index(
        'ix_series_point_series_source_published', 'series_point', ['series_id', 'source_id', 'published_at'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_series_point_series_source_published', table_name='series_point')
    op.drop_column('series_point', 'published_at')  # SQLite 3.35+
    op.drop_column('series_point', 'source_id')
