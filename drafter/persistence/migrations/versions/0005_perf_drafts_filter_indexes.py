"""drafts: indexes for the first-response metrics and for each queue filter

Revision ID: 0005_perf_drafts_filter_indexes
Revises: channels_0001
Create Date: 2026-11-26 04:00:00
"""

from alembic import op

revision = "0005_perf_drafts_filter_indexes"
down_revision = "channels_0001"
branch_labels = None
depends_on = None

# /v1/review/metrics aggregates the drafts a store received in a window: with everything it reads in
# one index, the window is a range walk that never touches the wide rows (JSON run records).
FIRST_RESPONSE = [
    "store_id",
    "received_at",
    "platform",
    "status",
    "route",
    "sla_deadline",
    "decided_at",
    "sent_at",
]
# A queue filter without a status (or a rare value with one) walks its own index in deadline order and
# stops at the page, instead of walking every draft of the store and reading each row to test it.
FILTERS = ("language", "intent", "risk", "platform", "route")


def upgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index("ix_drafts_first_response", FIRST_RESPONSE, unique=False)
        for column in FILTERS:
            batch_op.create_index(
                f"ix_drafts_by_{column}", ["store_id", column, "sla_deadline", "id", "status"], unique=False
            )


def downgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        for column in FILTERS:
            batch_op.drop_index(f"ix_drafts_by_{column}")
        batch_op.drop_index("ix_drafts_first_response")
