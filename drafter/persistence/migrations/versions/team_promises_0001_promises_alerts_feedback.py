"""promises (sent replies' commitments), alerts (sent once each), draft feedback (edits and ratings)

Revision ID: team_promises_0001 (alembic allows no "-" in an id)
Revises: 0005_perf_drafts_filter_indexes
Create Date: 2026-11-26 07:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "team_promises_0001"
down_revision = "perf_0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "promises",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("draft_id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(length=100), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("situation", sa.String(length=60), nullable=True),
        sa.Column("commit_key", sa.String(length=60), nullable=True),
        sa.Column("promised", sa.Text(), nullable=False),
        sa.Column("due_at", TZ, nullable=False),
        sa.Column("store_zone", sa.String(length=64), nullable=False),
        sa.Column("buyer_zone", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("follow_up_draft_id", sa.String(length=36), nullable=True),
        sa.Column("sent_at", TZ, nullable=False),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id"),
    )
    with op.batch_alter_table("promises", schema=None) as batch_op:
        batch_op.create_index("ix_promises_store_status_due", ["store_id", "status", "due_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_promises_follow_up_draft_id"), ["follow_up_draft_id"], unique=False
        )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dedup_key", sa.String(length=300), nullable=False),
        sa.Column("store_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("draft_id", sa.String(length=36), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", TZ, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("sent_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_status", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_store_id"), ["store_id"], unique=False)
    op.create_table(
        "draft_feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("draft_id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(length=100), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("distances", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("draft_feedback", schema=None) as batch_op:
        batch_op.create_index(
            "ix_draft_feedback_store_kind", ["store_id", "kind", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_draft_feedback_draft_id"), ["draft_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("draft_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_feedback_draft_id"))
        batch_op.drop_index("ix_draft_feedback_store_kind")
    op.drop_table("draft_feedback")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_store_id"))
        batch_op.drop_index("ix_alerts_status")
    op.drop_table("alerts")
    with op.batch_alter_table("promises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_promises_follow_up_draft_id"))
        batch_op.drop_index("ix_promises_store_status_due")
    op.drop_table("promises")
