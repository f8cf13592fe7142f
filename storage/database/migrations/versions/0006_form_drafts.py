"""Drafts: unsaved form text kept per login, meeting and item (never part of the record).

Revision ID: 0006_form_drafts
Revises: 0005_meeting_holder
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_form_drafts"
down_revision = "0005_meeting_holder"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("item_key", sa.String(length=160), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_drafts_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drafts_login"), ["login"], unique=False)
        batch_op.create_index(batch_op.f("ix_drafts_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drafts_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_drafts_login"))
    op.drop_table("drafts")
