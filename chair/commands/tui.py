"""The terminal UI commands: `chair` (home), `chair demo` and `chair review`."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chair.errors import EXIT_OK, EXIT_USER_ERROR

if TYPE_CHECKING:
    from textual.screen import Screen

    from chair.context import Context
    from storage.service.chair import ChairService
    from tui.app import ChairApp


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    demo = subparsers.add_parser(
        "demo",
        parents=[common],
        help="the TUI on the bundled sample practice, in a throw-away database",
        description="Run Chair on the bundled sample practice (fictional). The database is "
        "thrown away on exit unless you give --db FILE.",
    )
    demo.set_defaults(handler="chair.commands.tui:run_demo", force_sample=True)
    review = subparsers.add_parser(
        "review", parents=[common], help="the action review screen, straight from the shell"
    )
    review.set_defaults(handler="chair.commands.tui:run_review")


def run_home(args: argparse.Namespace, ctx: Context) -> int:
    if ctx.is_sample:
        print(
            "chair: no chair.toml found: showing the bundled sample practice "
            "(run 'chair init DIR' to start your own)",
            file=sys.stderr,
        )
    return _run_app(ctx, start="home")


def run_review(args: argparse.Namespace, ctx: Context) -> int:
    return _run_app(ctx, start="review")


def run_demo(args: argparse.Namespace, ctx: Context) -> int:
    from chair.context import database_url

    if getattr(args, "today", None) is None:
        ctx.today = sample_today() or ctx.today
    with tempfile.TemporaryDirectory(prefix="chair-demo-") as directory:
        # The demo writes nowhere but this throw-away folder: its practice's files too.
        practice = demo_practice(ctx.config_path, Path(directory) / "practice")
        if getattr(args, "db", None):
            return _run_app(
                ctx,
                start="home",
                prepare=lambda service: seed_demo_history(service, config_path=ctx.config_path),
                config_path=practice,
            )
        template = demo_template(ctx)
        database = Path(directory) / "demo.db"
        if template.is_file():
            # A copy of the demo database built once (history seeded): a fresh demo opens as
            # quickly as an existing database, and its Home is the one kept for the template.
            shutil.copy2(template, database)
        ctx.db_url = database_url(database)
        # The throw-away folder goes on exit: exported minutes go to Chair's own data folder.
        return _run_app(
            ctx,
            start="home",
            prepare=lambda service: seed_demo_history(
                service, keep_as=template, config_path=ctx.config_path
            ),
            home_name=DEMO_HOME,
            keep_home=False,
            minutes_dir=_private_data_home(),
            config_path=practice,
        )


WRITTEN_FORMATS = frozenset({"risk-register"})
"""Source formats Chair writes to (the risk register's "Add to risk register")."""


def demo_practice(sample: Path, folder: Path) -> Path:
    """The demo's chair.toml in its throw-away folder, with a copy of every file Chair writes
    (the risk register); it reads the other bundled files where they are (their paths made
    absolute), so their readings stay cached from one demo to the next."""
    import json
    import re
    import tomllib

    base = sample.resolve().parent
    text = sample.read_text(encoding="utf-8")
    sources = tomllib.loads(text).get("sources", {})
    written = {str(s["path"]) for s in sources.values() if s.get("format") in WRITTEN_FORMATS}
    folder.mkdir(mode=0o700, parents=True)
    for relative in written:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(base / relative, folder / relative)

    def placed(match: re.Match[str]) -> str:
        relative = json.loads(match.group(2))
        where = folder / relative if relative in written else base / relative
        return f"{match.group(1)}{json.dumps(str(where))}"

    config = folder / "chair.toml"
    config.write_text(re.sub(r'(?m)^(path\s*=\s*)("[^"\n]*")', placed, text), encoding="utf-8")
    return config


DEMO_HOME = "home-demo"
"""The last Home of the demo database (every fresh demo is a copy of the same template)."""


def demo_template(ctx: Context) -> Path:
    """Where the demo database is kept once built: in the user's cache folder, named for
    what it is built from (this Chair, its migrations, the sample practice and the date)."""
    from chair import __version__
    from storage.data.cache import cache_key, default_cache_dir, fingerprints

    migrations = (
        Path(__file__).resolve().parents[2] / "storage" / "database" / "migrations" / "versions"
    )
    key = cache_key(
        [
            __version__,
            [(Path(p).name, s, m) for p, s, m in fingerprints(sorted(migrations.glob("*.py")))],
            fingerprints([ctx.config_path.resolve()]),
            ctx.today.isoformat(),
        ]
    )
    return default_cache_dir() / f"demo-{key}.db"


def seed_demo_history(
    service: ChairService, keep_as: Path | None = None, config_path: Path | None = None
) -> None:
    """Give a new demo database a past (sample/history.py); one with meetings is kept as is.

    Runs in the app's worker, with the service it opens, so the first screen is not delayed.
    With `keep_as`, a newly seeded database is also kept there (with its Home, keyed by
    `config_path`, the bundled chair.toml the demo is made from) for the next fresh demo to copy.
    """
    from sample.history import seed_history
    from storage.service.chair import ChairService

    if service.meetings.newest_first():
        return
    url = service.engine.url.render_as_string(hide_password=False)
    seed_history(
        lambda day, login: ChairService(service.config, url, day, login),
        service.config,
        service.today,
    )
    if keep_as is not None:
        _keep_demo_template(service, keep_as, config_path)


def _keep_demo_template(
    service: ChairService, template: Path, config_path: Path | None = None
) -> None:
    """Copy the new demo database to `template` and keep its Home beside it."""
    from chair.context import sqlite_path
    from storage.database.backup import backup_sqlite
    from tui.home_view import read_home, snapshot_key, store_snapshot

    source = sqlite_path(service.engine.url.render_as_string(hide_password=False))
    if source is None:
        return
    template.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = template.with_suffix(".part")
    backup_sqlite(source, partial)
    partial.replace(template)
    key = snapshot_key(
        config_path or service.config.base_dir / "chair.toml",
        template,
        service.today,
        service.login,
    )
    store_snapshot(DEMO_HOME, key, read_home(service, service.config, service.today))


def sample_today() -> date | None:
    """The date the sample practice's story is told at, so the demo shows its breaches."""
    try:
        from sample.gen.story import TODAY
    except ImportError:
        return None
    return TODAY


def _private_data_home() -> Path:
    from chair.context import data_home

    directory = data_home()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def export_folder(ctx: Context) -> Path:
    """Where `e` offers to write minutes: beside the database (its folder has the database's
    own protection), else beside chair.toml (PostgreSQL)."""
    from chair.context import sqlite_path

    database = sqlite_path(ctx.db_url)
    return database.parent if database is not None else ctx.config_path.resolve().parent


def _run_app(
    ctx: Context,
    start: str,
    prepare: Callable[[ChairService], None] | None = None,
    home_name: str | None = None,
    keep_home: bool = True,
    minutes_dir: Path | None = None,
    config_path: Path | None = None,
) -> int:
    """Run the app; config and database open in its worker, after the first screen is painted.

    Home paints at once from the last run's when the database and chair.toml have not changed
    since (tui.home_view); `keep_home` keeps this run's for the next one, at exit.
    A bad config or database ends the app with return code 2; its one-line message is printed
    here, as `chair: error: ...`, like every other command's.
    """
    from chair.context import sqlite_path
    from tui.app import make_app, service_factory_for
    from tui.home_view import load_snapshot, snapshot_key, snapshot_name

    database = sqlite_path(ctx.db_url)
    name = home_name or (snapshot_name(database) if database else "")
    key = snapshot_key(ctx.config_path, database, ctx.today, ctx.login, ctx.practice)
    last_home = load_snapshot(name, key)
    factory = service_factory_for(
        config_path or ctx.config_path, ctx.db_url, ctx.today, ctx.login, practice=ctx.practice
    )
    if prepare is not None:
        factory = _prepared(factory, prepare)
    app = make_app(
        factory,
        ctx.today,
        minutes_dir=minutes_dir or export_folder(ctx),
        screens={"review": review_screen(start == "review")},
        last_home=last_home,
    )
    if start == "review":
        # `chair review`: straight to the review; leaving it ends the app.
        app.call_later(app.push_screen, "review")
    signalled: list[int] = []

    def closing() -> None:
        """On a signal (a dropped SSH connection): keep Home, as a clean exit does, then close
        the database; the next start then paints Home filled at once after any exit."""
        if keep_home and database is not None:
            _keep_home(app, ctx, database, name)
        close_database(app)

    previous = _close_on_signals(app, signalled, closing)
    try:
        app.run()
    finally:
        _restore_signals(previous)
    if keep_home and database is not None and not signalled:
        _keep_home(app, ctx, database, name)
    close_database(app)  # every exit path: checkpointed and closed, no -wal left behind
    if signalled:
        return 128 + signalled[0]
    return exit_code(app.return_code, getattr(app, "error_message", None))


def _keep_home(app: ChairApp, ctx: Context, database: Path, name: str) -> None:
    """Keep Home as it is now for the next start, keyed by the database as it is once closed
    (closing checkpoints the WAL into the file). Only a speed-up: if anything goes wrong,
    the next start paints Home from the database as usual."""
    from tui.home_view import snapshot_key, store_snapshot

    service = app.service
    if service is None or app.config is None:
        return
    if service.practice_chosen and not ctx.practice:
        return  # another practice was picked on Home: the next start begins with the first
    try:
        view = app.read_home()
        close_database(app)  # the key is taken of the file as closed (checkpointed)
        if view is not None:
            store_snapshot(
                name,
                snapshot_key(ctx.config_path, database, ctx.today, ctx.login, ctx.practice),
                view,
            )
    except Exception:  # noqa: BLE001  (a speed-up must never turn a clean exit into an error)
        return


TERMINATING = ("SIGHUP", "SIGTERM")
"""A dropped SSH connection (SIGHUP) and a polite kill (SIGTERM): both close the database."""
GRACE_SECONDS = 5.0
"""How long the app may take to wind down after a signal before the process ends anyway (a
dropped connection leaves no terminal to draw on)."""


def close_database(app: Any) -> None:
    """Checkpoint and close the app's database after any work in progress: every exit path
    (q, ctrl+q, SIGHUP, SIGTERM) ends here, so no -wal is left behind."""
    app.door.close()


def _close_on_signals(
    app: Any, signalled: list[int], closing: Callable[[], None] | None = None
) -> dict[int, Any]:
    """SIGHUP and SIGTERM: drafts kept, then `closing` (default: close the database), then
    the app ends."""
    import asyncio
    import os
    import signal
    import threading

    def on_signal(signum: int, _frame: object) -> None:
        signalled.append(signum)
        if len(signalled) > 1:
            # Already winding down (a kill, then the terminal's hangup): the first call goes
            # on when this returns. Entering again would wait forever on locks it holds.
            return
        # The deadline first: whatever the steps below wait on, the process ends in time.
        timer = threading.Timer(GRACE_SECONDS, os._exit, (128 + signum,))
        timer.daemon = True
        timer.start()
        app.keep_drafts_now()  # words typed since the last draft, before the database closes
        # The database first (Home kept, then closed): the terminal may already be gone.
        (closing or (lambda: close_database(app)))()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(app.exit, None, 128 + signum)

    previous: dict[int, Any] = {}
    for name in TERMINATING:
        signum = getattr(signal, name)
        previous[signum] = signal.signal(signum, on_signal)
    return previous


def _restore_signals(previous: dict[int, Any]) -> None:
    import signal

    for signum, handler in previous.items():
        signal.signal(signum, handler)


def review_screen(quit_on_leave: bool) -> Callable[[], Screen[None]]:
    """The review screen as installed by name: Home's `a` pushes it and comes back to Home on
    leaving it; started as `chair review`, leaving it ends the app."""

    def build() -> Screen[None]:
        from tui.screens.review import ReviewScreen

        return ReviewScreen(quit_on_leave=quit_on_leave)

    return build


def exit_code(return_code: int | None, error_message: str | None) -> int:
    """The command's exit code; an app that ended on a user error prints its one line."""
    if error_message:
        print(f"chair: error: {error_message}", file=sys.stderr)
        return return_code or EXIT_USER_ERROR
    return return_code or EXIT_OK


def _prepared(
    factory: Callable[[], ChairService], prepare: Callable[[ChairService], None]
) -> Callable[[], ChairService]:
    """The factory, with `prepare` run on each service it opens (in the app's worker)."""

    def build() -> ChairService:
        service = factory()
        prepare(service)
        return service

    return build
