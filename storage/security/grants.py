"""PostgreSQL roles by login: the SQL that makes the engine enforce who may do what.

Each person of the registered roster is a login role of the same name as their OS login (peer
authentication over the Unix socket: no passwords). Two group roles carry the rights:

- `chair_member` (everyone): read everything; change actions (a trigger lets a member change
  only the actions they own: `chair_owner_or_chair`) and add updates to them (INSERT only,
  in their own name); append to the audit log (INSERT only: no UPDATE, DELETE or TRUNCATE on
  it, ever).
- `chair_chair` (the roster's chairs): run meetings (insert and update the meeting record,
  the risk register, watch-list notes and risk reviews: those two INSERT only), approve
  minutes and register rosters (INSERT only).

Everyone may record an exception on a tracker's row (INSERT, in their own name); withdrawing
one is an UPDATE only the chairs' role has.

Nobody but the owner (who runs `chair db upgrade`) owns a table, so nobody else can drop or
disable a trigger. A trigger refuses an audit row, action update, approval or roster
registration written in someone else's name (`login` / `by_login` must be the connected role).
A person is mapped to their role through the newest registered roster (`chair_person_id()`:
the id of the person whose login is the connected role).

A draft is the typist's own: row-level security lets each person's role see, change and delete
only the drafts whose `login` is its own (the owner is not subject to it). So that closing a
meeting still drops everyone's drafts of it, a trigger owned by the owner deletes them when the
meeting's state becomes closed, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from config.models import Person
from domain.records import MeetingState

MEMBER_ROLE = "chair_member"
CHAIR_ROLE = "chair_chair"

APPEND_ONLY = (
    "audit_log",
    "action_updates",
    "minutes_approvals",
    "rosters",
    "period_notes",
    "watch_notes",
    "risk_reviews",
)
"""Tables nobody but the owner may update or delete from."""
MEMBER_APPENDS = ("audit_log", "action_updates", "period_notes", "row_exceptions")
"""Tables everyone may insert into (in their own name): the append-only ones, and exceptions
on a tracker's rows (staff know the rows; withdrawing one is the chairs' UPDATE)."""
MEMBER_WRITES = ("actions",)
"""Tables everyone may insert into and update (a trigger: only their own actions)."""
OWN_ROWS = ("drafts",)
"""Tables each person keeps their own rows in (insert, update, delete), signed by login."""
CHAIR_DELETES = ("meetings", "meeting_sections", "meeting_holders")
"""Rows only the chairs' role may delete: a meeting abandoned with nothing recorded in it goes,
with its sections and lease (storage.service.abandon; the audit log keeps its entry)."""
CHAIR_APPENDS = ("minutes_approvals", "rosters")
"""Append-only tables only the chairs' role may insert into."""
SIGNED_COLUMN = {
    "audit_log": "login",
    "action_updates": "by_login",
    "minutes_approvals": "by_login",
    "rosters": "by_login",
    "drafts": "login",
    "period_notes": "by_login",
    "row_exceptions": "by_login",
    "watch_notes": "by_login",
    "risk_reviews": "by_login",
}
"""The column naming who wrote each row: it must be the connected role."""


def _own_rows_sql() -> list[str]:
    """Row-level security on the tables of OWN_ROWS, and the owner's trigger that drops the
    drafts of a meeting as it closes (the chair's role cannot see the others' to delete them)."""
    lines = []
    for table in OWN_ROWS:
        own = f"{SIGNED_COLUMN[table]} = session_user::text"
        lines += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;",
            f"DROP POLICY IF EXISTS {table}_own_rows ON {table};",
            f"CREATE POLICY {table}_own_rows ON {table} TO {MEMBER_ROLE} "
            f"USING ({own}) WITH CHECK ({own});",
        ]
    # SECURITY DEFINER: it runs as its owner (the table owner, who bypasses row-level
    # security); a fixed search_path so nobody can slip in a table of the same name.
    lines += [
        "CREATE OR REPLACE FUNCTION chair_drop_closed_drafts() RETURNS trigger",
        "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN",
        "  DELETE FROM public.drafts WHERE meeting_id = NEW.id;",
        "  RETURN NULL;",
        "END $$ LANGUAGE plpgsql;",
        "DROP TRIGGER IF EXISTS meetings_drop_closed_drafts ON meetings;",
        "CREATE TRIGGER meetings_drop_closed_drafts AFTER UPDATE OF state ON meetings "
        f"FOR EACH ROW WHEN (NEW.state = '{MeetingState.CLOSED.value}') "
        "EXECUTE FUNCTION chair_drop_closed_drafts();",
    ]
    return lines


def _owner_or_chair_sql() -> list[str]:
    """An action is changed only by its owner or a chair: a trigger on `actions` (UPDATE) and on
    `action_updates` (INSERT). An update row may also be added in the transaction that changed
    its action (its row's xmin is this transaction): an owner handing an action over writes the
    new owner first, then the update that records it."""
    member = f"pg_has_role(session_user, '{MEMBER_ROLE}', 'USAGE')"
    chair = f"pg_has_role(session_user, '{CHAIR_ROLE}', 'USAGE')"
    return [
        "CREATE OR REPLACE FUNCTION chair_person_id() RETURNS text STABLE",
        "SET search_path = pg_catalog, pg_temp AS $$",
        "  SELECT p ->> 'id' FROM (SELECT people FROM public.rosters ORDER BY id DESC LIMIT 1) r,",
        "    jsonb_array_elements(r.people::jsonb) p WHERE p ->> 'login' = session_user::text",
        "$$ LANGUAGE sql;",
        "CREATE OR REPLACE FUNCTION chair_owner_or_chair() RETURNS trigger",
        "SET search_path = pg_catalog, pg_temp AS $$",
        "DECLARE action_id integer; owner text; changed_now boolean := false;",
        "BEGIN",
        f"  IF NOT {member} OR {chair}",
        "     OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN",
        "    RETURN NEW;",
        "  END IF;",
        "  IF TG_TABLE_NAME = 'actions' THEN",
        "    action_id := OLD.id; owner := OLD.owner_id;",
        "  ELSE",
        "    action_id := NEW.action_id;",
        "    SELECT a.owner_id, a.xmin::text = (txid_current() % 4294967296)::text",
        "      INTO owner, changed_now FROM public.actions a WHERE a.id = action_id;",
        "  END IF;",
        "  IF owner IS DISTINCT FROM public.chair_person_id() AND NOT coalesce(changed_now, false)",
        "  THEN",
        "    RAISE EXCEPTION '% may change only their own actions: action % is owned by %',",
        "      session_user, action_id, coalesce(owner, 'nobody');",
        "  END IF;",
        "  RETURN NEW;",
        "END $$ LANGUAGE plpgsql;",
        "DROP TRIGGER IF EXISTS actions_owner_or_chair ON actions;",
        "CREATE TRIGGER actions_owner_or_chair BEFORE UPDATE ON actions FOR EACH ROW "
        "EXECUTE FUNCTION chair_owner_or_chair();",
        "DROP TRIGGER IF EXISTS action_updates_owner_or_chair ON action_updates;",
        "CREATE TRIGGER action_updates_owner_or_chair BEFORE INSERT ON action_updates "
        "FOR EACH ROW EXECUTE FUNCTION chair_owner_or_chair();",
    ]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_sql(people: Sequence[Person], database: str) -> str:
    """The SQL script, idempotent: run it again after a new roster or `chair db upgrade`."""
    chairs = [p.login for p in people if p.chair]
    others = [p.login for p in people if not p.chair]
    lines = [
        f"-- Chair: roles and rights for database {database} (generated by chair db grant).",
        "-- Run as the database owner (with CREATEROLE); safe to run again.",
        "BEGIN;",
        "DO $$ BEGIN",
    ]
    for role, login in [(MEMBER_ROLE, "NOLOGIN"), (CHAIR_ROLE, "NOLOGIN")] + [
        (p.login, "LOGIN") for p in people
    ]:
        literal = role.replace("'", "''")
        lines.append(
            f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{literal}') THEN "
            f"CREATE ROLE {quote(role)} {login}; END IF;"
        )
    lines += ["END $$;"]
    everyone = ", ".join(quote(p.login) for p in people)
    lines.append(f"GRANT {MEMBER_ROLE} TO {everyone};")
    if chairs:
        lines.append(f"GRANT {CHAIR_ROLE} TO {', '.join(quote(c) for c in chairs)};")
    if others:
        lines.append(f"REVOKE {CHAIR_ROLE} FROM {', '.join(quote(o) for o in others)};")
    db = quote(database)
    lines += [
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC;",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
        f"GRANT CONNECT ON DATABASE {db} TO {MEMBER_ROLE};",
        f"GRANT USAGE ON SCHEMA public TO {MEMBER_ROLE};",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {MEMBER_ROLE}, {CHAIR_ROLE};",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {MEMBER_ROLE};",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {MEMBER_ROLE};",
        f"GRANT INSERT ON {', '.join(MEMBER_APPENDS)} TO {MEMBER_ROLE};",
        f"GRANT INSERT, UPDATE ON {', '.join(MEMBER_WRITES)} TO {MEMBER_ROLE};",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(OWN_ROWS)} TO {MEMBER_ROLE};",
        f"GRANT INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {CHAIR_ROLE};",
        f"REVOKE UPDATE ON {', '.join(APPEND_ONLY)} FROM {CHAIR_ROLE};",
        f"REVOKE INSERT, UPDATE ON alembic_version FROM {CHAIR_ROLE};",
        f"GRANT INSERT ON {', '.join(CHAIR_APPENDS)} TO {CHAIR_ROLE};",
        f"GRANT DELETE ON {', '.join(CHAIR_DELETES)} TO {CHAIR_ROLE};",
        "CREATE OR REPLACE FUNCTION chair_signed_by_you() RETURNS trigger AS $$ BEGIN",
        f"  IF pg_has_role(session_user, '{MEMBER_ROLE}', 'USAGE')",
        "     AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)",
        "     AND to_jsonb(NEW) ->> TG_ARGV[0] IS DISTINCT FROM session_user::text THEN",
        "    RAISE EXCEPTION '% may only write % rows in their own name', session_user,"
        " TG_TABLE_NAME;",
        "  END IF;",
        "  RETURN NEW;",
        "END $$ LANGUAGE plpgsql;",
    ]
    for table, column in SIGNED_COLUMN.items():
        lines += [
            f"DROP TRIGGER IF EXISTS {table}_signed_by_you ON {table};",
            f"CREATE TRIGGER {table}_signed_by_you BEFORE INSERT ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION chair_signed_by_you('{column}');",
        ]
    lines += _own_rows_sql()
    lines += _owner_or_chair_sql()
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"
