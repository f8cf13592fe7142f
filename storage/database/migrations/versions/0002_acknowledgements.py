"""Acknowledgements of persistent breaches: owner, reason, expiry and the status acknowledged.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acknowledgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=False),
        sa.Column("status_at_ack", sa.String(length=16), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_acknowledgements_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acknowledgements")),
    )
    with op.batch_alter_table("acknowledgements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_acknowledgements_metric_id"), ["metric_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_acknowledgements_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("acknowledgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acknowledgements_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_acknowledgements_metric_id"))
    op.drop_table("acknowledgements")
