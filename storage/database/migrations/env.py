"""Alembic environment: runs on the connection that storage.database.schema passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.database.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for ad-hoc `alembic` use by developers
    from storage.database.engine import make_engine

    with make_engine(config.get_main_option("sqlalchemy.url") or "chair.db").connect() as conn:
        run_migrations(conn)
else:
    run_migrations(connection)
