"""Tamper-evident history: chain hashes on the audit log and approvals, registered rosters.

Each audit row, minutes approval and registered roster carries a hash chained to the one before
(storage.security.chain); existing rows are backfilled in id order. Approvals record the hash of the
minutes they locked. Approvals and rosters refuse UPDATE and DELETE, as the audit log does.

Revision ID: 0003_chained_history
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.security import chain

revision = "0003_chained_history"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("minutes_approvals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("minutes_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("chain_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "rosters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registered", sa.DateTime(), nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.Column("people", sa.Text(), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rosters")),
    )
    # The backfill updates audit rows: lift the audit log's triggers for it, then put them all
    # back (and add the approvals' and rosters').
    chain.drop_triggers(connection, ["audit_log"])
    connection.execute(
        sa.text(
            "UPDATE minutes_approvals SET minutes_hash = (SELECT minutes_hash FROM meetings "
            "WHERE meetings.id = minutes_approvals.meeting_id)"
        )
    )
    for table in ("audit_log", "minutes_approvals"):
        previous = chain.GENESIS
        for row in chain.rows_in_order(connection, table):
            previous = chain.link_hash(previous, row[2:])
            connection.execute(
                sa.text(f"UPDATE {table} SET chain_hash = :hash WHERE id = :id"),  # noqa: S608
                {"hash": previous, "id": row[0]},
            )
    chain.restore_triggers(connection)


def downgrade() -> None:
    connection = op.get_bind()
    chain.drop_triggers(connection, ["minutes_approvals", "rosters", "audit_log"])
    op.drop_table("rosters")
    with op.batch_alter_table("minutes_approvals", schema=None) as batch_op:
        batch_op.drop_column("chain_hash")
        batch_op.drop_column("minutes_hash")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("chain_hash")
    # The first migration's audit-log triggers stay, as before this revision.
    if connection.dialect.name == "sqlite":
        for name in ("audit_log_no_update", "audit_log_no_delete"):
            connection.execute(sa.text(chain.SQLITE_TRIGGERS[name]))
    else:
        connection.execute(sa.text(chain.POSTGRES_TRIGGERS["audit_log_append_only"]))
        connection.execute(sa.text("DROP FUNCTION IF EXISTS chair_append_only()"))
