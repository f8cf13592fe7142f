"""Initial schema: meetings, sections, decisions, actions, updates, AOB, approvals, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("when", sa.DateTime(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.String(length=64), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_type", sa.String(length=64), nullable=False),
        sa.Column("practice_code", sa.String(length=16), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("chair_id", sa.String(length=64), nullable=True),
        sa.Column("present", sa.Text(), nullable=False),
        sa.Column("apologies", sa.Text(), nullable=False),
        sa.Column("current_section", sa.Integer(), nullable=False),
        sa.Column("highlighted_row", sa.Integer(), nullable=False),
        sa.Column("elapsed_seconds", sa.Integer(), nullable=False),
        sa.Column("timer_paused", sa.Boolean(), nullable=False),
        sa.Column("minutes_state", sa.String(length=32), nullable=False),
        sa.Column("minutes_text", sa.Text(), nullable=True),
        sa.Column("minutes_hash", sa.String(length=64), nullable=True),
        sa.Column("started", sa.DateTime(), nullable=True),
        sa.Column("closed", sa.DateTime(), nullable=True),
        sa.Column("next_meeting", sa.Date(), nullable=True),
        sa.Column("previous_meeting_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["previous_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meetings_previous_meeting_id_meetings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meetings_meeting_type"), ["meeting_type"], unique=False
        )

    op.create_table(
        "aob_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("raised_by_id", sa.String(length=64), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_aob_items_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aob_items")),
    )
    with op.batch_alter_table("aob_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aob_items_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "meeting_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("time_box_minutes", sa.Integer(), nullable=False),
        sa.Column("seconds_spent", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("readings", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_sections_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_sections")),
    )
    with op.batch_alter_table("meeting_sections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_sections_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "minutes_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("approved_at_meeting_id", sa.Integer(), nullable=True),
        sa.Column("amendments", sa.Text(), nullable=False),
        sa.Column("when", sa.DateTime(), nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_at_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_minutes_approvals_approved_at_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_minutes_approvals_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_approvals")),
    )
    with op.batch_alter_table("minutes_approvals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_approvals_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("section_key", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("metric_id", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("data_shows", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("escalate_to", sa.String(length=64), nullable=True),
        sa.Column("escalation_owner_id", sa.String(length=64), nullable=True),
        sa.Column("not_escalated_reason", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.Column("aob_item_id", sa.Integer(), nullable=True),
        sa.Column("escalated_from_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["aob_item_id"], ["aob_items.id"], name=op.f("fk_decisions_aob_item_id_aob_items")
        ),
        sa.ForeignKeyConstraint(
            ["escalated_from_id"],
            ["decisions.id"],
            name=op.f("fk_decisions_escalated_from_id_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_decisions_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_metric_id"), ["metric_id"], unique=False)

    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("review_meeting_type", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("metric_id", sa.String(length=64), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("carried", sa.Integer(), nullable=False),
        sa.Column("created", sa.Date(), nullable=False),
        sa.Column("completed", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_actions_decision_id_decisions")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_actions_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_due"), ["due"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_status"), ["status"], unique=False)

    op.create_table(
        "action_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("when", sa.DateTime(), nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("new_due", sa.Date(), nullable=True),
        sa.Column("new_owner_id", sa.String(length=64), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_updates_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_action_updates_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_updates")),
    )
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_updates_action_id"), ["action_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_updates_meeting_id"), ["meeting_id"], unique=False
        )
    _audit_log_append_only()


def _audit_log_append_only() -> None:
    """The audit log refuses UPDATE and DELETE at the database level, not only in code."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_log_refuse() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_refuse()")
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_updates_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_updates_action_id"))

    op.drop_table("action_updates")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_status"))
        batch_op.drop_index(batch_op.f("ix_actions_owner_id"))
        batch_op.drop_index(batch_op.f("ix_actions_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_actions_due"))
        batch_op.drop_index(batch_op.f("ix_actions_decision_id"))

    op.drop_table("actions")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_metric_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_meeting_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("minutes_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_approvals_meeting_id"))

    op.drop_table("minutes_approvals")
    with op.batch_alter_table("meeting_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_sections_meeting_id"))

    op.drop_table("meeting_sections")
    with op.batch_alter_table("aob_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aob_items_meeting_id"))

    op.drop_table("aob_items")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_meeting_type"))
        batch_op.drop_index(batch_op.f("ix_meetings_date"))

    op.drop_table("meetings")
    op.drop_table("audit_log")
