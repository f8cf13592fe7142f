"""Decisions in full: cause, risk in words, how we will know it worked, and the shaped decisions
(a patient-experience decision in six parts, an investment) as JSON.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008_work_behind_the_number"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cause", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("risk_areas", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("risk", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("success_metric", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("success_target", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("success_by", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("shape", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        for column in (
            "shape",
            "success_by",
            "success_target",
            "success_metric",
            "risk",
            "risk_areas",
            "cause",
        ):
            batch_op.drop_column(column)
