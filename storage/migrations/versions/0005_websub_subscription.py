"""websub: websub_subscription (one WebSub subscription per feed source: hub, topic, callback token, secret,
state, lease)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.base

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('websub_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('hub', sa.Text(), nullable=False),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('secret', sa.String(length=128), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('requested_at', storage.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('lease_until', storage.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_push_at', storage.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('pushes', sa.Integer(), nullable=False),
    sa.Column('forged', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_websub_subscription_source_id_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_websub_subscription')),
    sa.UniqueConstraint('source_id', name=op.f('uq_websub_subscription_source_id')),
    sa.UniqueConstraint('token', name=op.f('uq_websub_subscription_token'))
    )


def downgrade() -> None:
    op.drop_table('websub_subscription')
