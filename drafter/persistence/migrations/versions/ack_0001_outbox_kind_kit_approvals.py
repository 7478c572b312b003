"""outbox.kind ('reply' | 'acknowledgement') with one row per (draft_id, kind); kit_approvals

Revision ID: ack_0001
Revises: 0005_perf_drafts_filter_indexes
Create Date: 2026-11-26 07:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "ack_0001"
down_revision = "team_promises_0001"
branch_labels = None
depends_on = None

# SQLite reflects the original unnamed UNIQUE(draft_id) without a name: batch mode names it by this
# convention so it can be dropped. PostgreSQL gave it its own name (outbox_draft_id_key), found by inspection.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _draft_unique_name() -> str:
    bind = op.get_bind()
    for constraint in sa.inspect(bind).get_unique_constraints("outbox"):
        name = constraint.get("name")
        if constraint["column_names"] == ["draft_id"] and name:
            return name
    return "uq_outbox_draft_id"


def upgrade() -> None:
    name = _draft_unique_name()
    with op.batch_alter_table("outbox", naming_convention=_NAMING) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="reply"))
        batch_op.drop_constraint(name, type_="unique")
        batch_op.create_unique_constraint("uq_outbox_draft_kind", ["draft_id", "kind"])
    op.create_table(
        "kit_approvals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("store_id", sa.String(length=100), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("approved_by", sa.String(length=200), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "store_id", "platform", "language", "kind", "topic", name="uq_kit_approvals_text"
        ),
    )


def downgrade() -> None:
    op.drop_table("kit_approvals")
    op.execute("DELETE FROM outbox WHERE kind <> 'reply'")
    with op.batch_alter_table("outbox", naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint("uq_outbox_draft_kind", type_="unique")
        batch_op.create_unique_constraint("uq_outbox_draft_id", ["draft_id"])
        batch_op.drop_column("kind")
