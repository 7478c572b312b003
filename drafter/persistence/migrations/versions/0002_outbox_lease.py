"""outbox: a claim lease (locked_until) and the last HTTP status

Revision ID: 0002_outbox_lease
Revises: 0001
Create Date: 2026-11-21 20:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_outbox_lease"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # locked_until: a worker's claim on a row; a crashed worker's claim simply expires.
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_status", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("last_status")
        batch_op.drop_column("locked_until")
