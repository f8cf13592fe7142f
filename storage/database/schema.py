"""Schema version and migrations. Checking the version is cheap; Alembic loads only to upgrade."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from storage.errors import DatabaseError

HEAD = "0010"
"""The newest migration this build ships (a test checks it equals Alembic's head)."""

MIGRATIONS = Path(__file__).parent / "migrations"
KNOWN_REVISIONS = (
    "0001",
    "0002",
    "0003_chained_history",
    "0004_guests_and_qof_table",
    "0005_meeting_holder",
    "0006_form_drafts",
    "0007",
    "0008_work_behind_the_number",
    "0009",
    "0010",
)
"""Every revision this build knows, oldest first (a test checks it against the scripts)."""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def alembic_config(engine: Engine) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's options go through configparser interpolation: a percent-encoded URL
    # ('?host=%2Ftmp', an encoded password) must have each '%' doubled to arrive unchanged.
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.upgrade(cfg, revision)  # type: ignore[arg-type]


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection  # type: ignore[attr-defined]
        command.downgrade(cfg, revision)  # type: ignore[arg-type]


def ensure_current(engine: Engine) -> None:
    """Upgrade an older database; refuse one from a newer Chair (never touch it)."""
    revision = current_revision(engine)
    if revision == HEAD:
        return
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            f"{engine.url.database}: made by a newer Chair (schema {revision}); "
            "upgrade Chair before opening it"
        )
    upgrade(engine)
