"""drafts: per-day rollups and reply-wait histograms kept by triggers, for the first-response metrics

Revision ID: perf_0001
Revises: 0005_perf_drafts_filter_indexes
Create Date: 2026-11-26 07:30:00
"""

import sqlalchemy as sa
from alembic import op

from drafter.persistence import rollups

revision = "perf_0001"
down_revision = "0005_perf_drafts_filter_indexes"
branch_labels = None
depends_on = None

_KEY = [
    sa.Column("store_id", sa.String(100), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("platform", sa.String(20), nullable=False),
]


def upgrade() -> None:
    # /v1/review/metrics read every draft of the window (1.25 s at a million drafts): it now reads these
    # (a few hundred rows), which triggers keep in the same transaction as every write to drafts.
    op.create_table(
        rollups.ROLLUPS,
        *[c.copy() for c in _KEY],
        *[
            sa.Column(name, sa.Integer(), nullable=False, server_default="0")
            for name in ("messages", "replied", "open", "within_deadline", "auto_sent", "awaiting_send")
        ],
        sa.PrimaryKeyConstraint("store_id", "day", "platform"),
    )
    op.create_table(
        rollups.WAITS,
        *[c.copy() for c in _KEY],
        sa.Column("bucket", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("replies", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("store_id", "day", "platform", "bucket"),
    )
    conn = op.get_bind()
    rollups.create_triggers(conn)
    rollups.rebuild(conn)  # the drafts already there


def downgrade() -> None:
    rollups.drop_triggers(op.get_bind())
    op.drop_table(rollups.WAITS)
    op.drop_table(rollups.ROLLUPS)
