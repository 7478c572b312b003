"""drafts: a covering index for the review queue, and one for listing every status by deadline

Revision ID: 0004_drafts_queue_index
Revises: 0003_batches
Create Date: 2026-11-21 21:15:00
"""

from alembic import op

revision = "0004_drafts_queue_index"
down_revision = "0003_batches"
branch_labels = None
depends_on = None

_COLUMNS = ["store_id", "status", "sla_deadline", "id", "risk", "platform", "intent", "language"]


def upgrade() -> None:
    # The queue sorts the open drafts of a store by (sla_deadline, id) and filters by risk, platform,
    # intent and language: with all of them in the index the sort and the filters never read the wide
    # rows (JSON run records), only the 50 shown. It replaces the narrower ix_drafts_queue.
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_drafts_queue")
        batch_op.create_index("ix_drafts_queue_cover", _COLUMNS, unique=False)
        # Listing every status of a store (no status filter) walks this one in order and stops at the page.
        batch_op.create_index("ix_drafts_store_deadline", ["store_id", "sla_deadline", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_drafts_store_deadline")
        batch_op.drop_index("ix_drafts_queue_cover")
        batch_op.create_index("ix_drafts_queue", ["store_id", "status", "sla_deadline"], unique=False)
