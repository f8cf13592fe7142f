"""The terminal UI commands: `chair` (home), `chair demo` and `chair review`."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from chair.errors import EXIT_OK, EXIT_USER_ERROR

if TYPE_CHECKING:
    from textual.screen import Screen

    from chair.context import Context
    from storage.service import ChairService


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
    if getattr(args, "db", None):
        return _run_app(ctx, start="home", prepare=seed_demo_history)
    with tempfile.TemporaryDirectory(prefix="chair-demo-") as directory:
        ctx.db_url = database_url(Path(directory) / "demo.db")
        return _run_app(ctx, start="home", prepare=seed_demo_history)


def seed_demo_history(service: ChairService) -> None:
    """Give a new demo database a past (sample/history.py); one with meetings is kept as is.

    Runs in the app's worker, with the service it opens, so the first screen is not delayed.
    """
    from sample.history import seed_history
    from storage.service import ChairService

    if service.meetings():
        return
    url = service.engine.url.render_as_string(hide_password=False)
    seed_history(
        lambda day, login: ChairService(service.config, url, day, login),
        service.config,
        service.today,
    )


def sample_today() -> date | None:
    """The date the sample practice's story is told at, so the demo shows its breaches."""
    try:
        from sample.gen.story import TODAY
    except ImportError:
        return None
    return TODAY


def _run_app(
    ctx: Context, start: str, prepare: Callable[[ChairService], None] | None = None
) -> int:
    """Run the app; config and database open in its worker, after the first screen is painted.

    A bad config or database ends the app with return code 2; its one-line message is printed
    here, as `chair: error: ...`, like every other command's.
    """
    from tui.app import make_app, service_factory_for

    factory = service_factory_for(
        ctx.config_path, ctx.db_url, ctx.today, ctx.login, practice=ctx.practice
    )
    if prepare is not None:
        factory = _prepared(factory, prepare)
    app = make_app(factory, ctx.today, screens={"review": review_screen(start == "review")})
    if start == "review":
        # `chair review`: straight to the review; leaving it ends the app.
        app.call_later(app.push_screen, "review")
    app.run()
    return exit_code(app.return_code, getattr(app, "error_message", None))


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
