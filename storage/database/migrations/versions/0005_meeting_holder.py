"""Meeting holders: the lease that gives one chair the keyboard of a meeting.

Revision ID: 0005_meeting_holder
Revises: 0004_guests_and_qof_table
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_meeting_holder"
down_revision = "0004_guests_and_qof_table"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_holders",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("renewed", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_holders_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_meeting_holders")),
    )


def downgrade() -> None:
    op.drop_table("meeting_holders")
