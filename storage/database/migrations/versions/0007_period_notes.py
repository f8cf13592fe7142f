"""Period notes: a short note on one period of a metric, kept with the record (append-only);
one marked as a change of process or recording starts a new SPC baseline.

Revision ID: 0007
Revises: 0006_form_drafts
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006_form_drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "period_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.String(length=64), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("change", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_notes")),
    )
    with op.batch_alter_table("period_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_period_notes_metric_id"), ["metric_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("period_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_period_notes_metric_id"))
    op.drop_table("period_notes")
