"""team: users, store members, review sessions, shifts, round-robin cursors; api_keys gain a person and a
last use; drafts gain an assignee and a soft lock

Revision ID: team_people_0001 (the branch is team-people: Alembic allows no "-" in an id)
Revises: ack_0001
Create Date: 2026-11-26 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "team_people_0001"
down_revision = "ack_0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=100), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("disabled_at", _TS, nullable=True),
        sa.Column("notify_email", sa.String(length=254), nullable=True),
        sa.Column("notify_webhook_url", sa.String(length=2000), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "store_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.String(length=100), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "store_id", name="uq_store_members_user_store"),
    )
    op.create_index("ix_store_members_store", "store_members", ["store_id"], unique=False)
    op.create_table(
        "review_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("key_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.String(length=100), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.Column("last_seen_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_review_sessions_user_id", "review_sessions", ["user_id"], unique=False)
    op.create_table(
        "shifts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("store_id", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start", sa.String(length=5), nullable=False),
        sa.Column("end", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shifts_store", "shifts", ["store_id", "weekday"], unique=False)
    op.create_table(
        "assignment_cursors",
        sa.Column("store_id", sa.String(length=100), nullable=False),
        sa.Column("last_user_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("store_id"),
    )
    # Nullable columns without a foreign key: SQLite adds them in place (no rebuild of the drafts table).
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("last_used_at", _TS, nullable=True))
        batch_op.create_index("ix_api_keys_user_id", ["user_id"], unique=False)
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_to", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("locked_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("locked_until", _TS, nullable=True))
        batch_op.create_index("ix_drafts_assignee", ["store_id", "assigned_to", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_drafts_assignee")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("locked_by")
        batch_op.drop_column("assigned_to")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_api_keys_user_id")
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("user_id")
    op.drop_table("assignment_cursors")
    op.drop_index("ix_shifts_store", table_name="shifts")
    op.drop_table("shifts")
    op.drop_index("ix_review_sessions_user_id", table_name="review_sessions")
    op.drop_table("review_sessions")
    op.drop_index("ix_store_members_store", table_name="store_members")
    op.drop_table("store_members")
    op.drop_table("users")
