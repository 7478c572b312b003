"""drafts: a version column, checked in every UPDATE's WHERE (compare-and-set on status changes and edits)

Revision ID: 0005_races_draft_version
Revises: 0004_drafts_queue_index
Create Date: 2026-11-26 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_races_draft_version"
down_revision = "0004_drafts_queue_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Two reviewers (or a double click) act on one draft at once: each write says which version it
    # read, and the one that finds the row changed loses with a 409 instead of overwriting the other.
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_column("version")
