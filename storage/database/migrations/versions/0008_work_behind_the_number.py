"""The work behind the number: exceptions on tracker rows, verdicts on action updates, the
amber watch-list's notes, the risk register (risks, their links and reviews), and the items a
non-dashboard section showed (This week, Watch list, Risk register) frozen for the minutes.

Revision ID: 0008_work_behind_the_number
Revises: 0006_form_drafts
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_work_behind_the_number"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "row_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.String(length=64), nullable=False),
        sa.Column("row_key", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.Column("withdrawn", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_row_exceptions_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_row_exceptions")),
    )
    with op.batch_alter_table("row_exceptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_row_exceptions_metric_id"), ["metric_id"])
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verdict", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("reading_now", sa.Text(), nullable=True))
    with op.batch_alter_table("meeting_sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("items", sa.Text(), nullable=True))
    op.create_table(
        "watch_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("streak", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_watch_notes_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_notes")),
    )
    with op.batch_alter_table("watch_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watch_notes_meeting_id"), ["meeting_id"])
        batch_op.create_index(batch_op.f("ix_watch_notes_metric_id"), ["metric_id"])
    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("controls", sa.Text(), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
        sa.UniqueConstraint("ref", name=op.f("uq_risks_ref")),
    )
    op.create_table(
        "risk_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["risk_id"], ["risks.id"], name=op.f("fk_risk_links_risk_id_risks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_links")),
    )
    with op.batch_alter_table("risk_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_links_risk_id"), ["risk_id"])
    op.create_table(
        "risk_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("next_review", sa.Date(), nullable=True),
        sa.Column("when", sa.DateTime(), nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["risk_id"], ["risks.id"], name=op.f("fk_risk_reviews_risk_id_risks")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_risk_reviews_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_reviews")),
    )
    with op.batch_alter_table("risk_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_reviews_risk_id"), ["risk_id"])
        batch_op.create_index(batch_op.f("ix_risk_reviews_meeting_id"), ["meeting_id"])


def downgrade() -> None:
    with op.batch_alter_table("risk_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_reviews_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_risk_reviews_risk_id"))
    op.drop_table("risk_reviews")
    with op.batch_alter_table("risk_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_links_risk_id"))
    op.drop_table("risk_links")
    op.drop_table("risks")
    with op.batch_alter_table("watch_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watch_notes_metric_id"))
        batch_op.drop_index(batch_op.f("ix_watch_notes_meeting_id"))
    op.drop_table("watch_notes")
    with op.batch_alter_table("meeting_sections", schema=None) as batch_op:
        batch_op.drop_column("items")
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.drop_column("reading_now")
        batch_op.drop_column("verdict")
    with op.batch_alter_table("row_exceptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_row_exceptions_metric_id"))
    op.drop_table("row_exceptions")
