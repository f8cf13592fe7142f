"""Guests at a meeting (by name), and the QOF indicator table kept with its section.

Revision ID: 0004_guests_and_qof_table
Revises: 0003_chained_history
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_guests_and_qof_table"
down_revision = "0003_chained_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guests", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("meeting_sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indicators", sa.Text(), nullable=True))


def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of `meetings`
    # would DROP a table that other rows reference, which foreign keys refuse once there is data.
    op.drop_column("meeting_sections", "indicators")
    op.drop_column("meetings", "guests")
