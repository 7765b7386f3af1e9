"""series_point (series_id, number) index: tracking asks whether a series had a value without reading its history

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_series_point_series_number', 'series_point', ['series_id', 'number'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_series_point_series_number', table_name='series_point')
