"""The action review as a person drives it: ranking, done, new date, read-only, conflicts."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from domain.readings import Reading
from domain.records import ActionStatus
from storage.service.chair import ChairService
from tests.tui_review.conftest import AppFor, release
from tests.tui_review.seed import RING, ROTA, TRIAGE
from tui.screens.home import HomeScreen
from tui.screens.review import ReviewScreen
from tui.screens.review.dialogs import (
    EvidenceDialog,
    NoteDialog,
    ReassignDialog,
    RescheduleDialog,
)
from tui.screens.review.outcome import OutcomeDialog

SIZE = (100, 32)


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    """Wait for the database, then `a` on Home opens the review; wait for its rows."""
    release(pilot.app)  # type: ignore[arg-type]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def descriptions(screen: ReviewScreen) -> list[str]:
    """The actions in the order the table shows them (full text: long ones are cut on screen)."""
    table = screen.query_one("#review-table", DataTable)
    by_id = {str(item.action.id): item.action.description for item in screen.items}
    shown = [by_id[str(row.key.value)] for row in table.ordered_rows]
    for index, description in enumerate(shown):
        cell = str(table.get_row_at(index)[0]).rstrip("…")
        assert description.startswith(cell), (cell, description)
    return shown


def message(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-message", Static).render())


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*[("space" if c == " " else c) for c in text])


async def test_ranking_puts_my_own_first_then_the_most_overdue(app_for: AppFor) -> None:
    app = app_for("spatel")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert descriptions(screen) == [TRIAGE, ROTA, RING]
        table = screen.query_one("#review-table", DataTable)
        due = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert due == ["14 days overdue", "7 days overdue", "due 10 Dec"]
    jo = app_for("jmorgan")
    async with jo.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert descriptions(screen) == [ROTA, RING, TRIAGE]


async def test_filter_narrows_by_owner_and_escape_clears(app_for: AppFor) -> None:
    app = app_for("spatel")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("slash")
        await type_text(pilot, "jo")
        assert descriptions(screen) == [ROTA, RING]
        await pilot.press("enter")
        assert isinstance(screen.focused, DataTable)
        await pilot.press("escape")
        assert descriptions(screen) == [TRIAGE, ROTA, RING]
        assert not screen.query_one("#review-filter", Input).display
        assert app.screen is screen


async def test_done_with_evidence_is_saved_and_shows_did_it_work(
    app_for: AppFor, other: ChairService, ids: dict[str, int]
) -> None:
    app = app_for("jmorgan")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert descriptions(screen)[0] == ROTA
        await pilot.press("x")
        assert isinstance(app.screen, EvidenceDialog)
        await type_text(pilot, "rota filled to March")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeDialog)
        outcome = app.screen
        assert outcome.loaded
        before = str(outcome.query_one("#outcome-before", Static).render())
        assert "6.4%" in before and "RED" in before
        now = str(outcome.query_one("#outcome-now", Static).render())
        assert now.startswith("Now:") and "computing" not in now
        await pilot.press("escape")
        assert app.screen is screen
        assert ROTA not in descriptions(screen)
        assert "marked done" in message(screen)
    saved = other.actions.get(ids[ROTA])
    assert saved.status is ActionStatus.DONE
    assert saved.evidence == "rota filled to March"


async def test_done_without_evidence_is_refused_beside_the_field(
    app_for: AppFor, other: ChairService, ids: dict[str, int]
) -> None:
    app = app_for("jmorgan")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        error = dialog.query_one("#evidence-error", Static)
        assert error.display and "evidence is required" in str(error.render())
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
    assert other.actions.get(ids[ROTA]).status is ActionStatus.OPEN


async def test_reschedule_needs_a_date_and_a_reason(
    app_for: AppFor, other: ChairService, ids: dict[str, int]
) -> None:
    app = app_for("jmorgan")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, RescheduleDialog)
        await type_text(pilot, "31/02/2027")
        await pilot.press("tab")
        await pilot.press("ctrl+s")
        assert app.screen is dialog
        assert "not a real date" in str(dialog.query_one("#due-error", Static).render())
        assert "reason is required" in str(dialog.query_one("#note-error", Static).render())
        dialog.query_one("#due", Input).value = "+3w"
        dialog.query_one("#note", Input).focus()
        await type_text(pilot, "locum starts in December")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "moved to 17 Dec 2026" in message(screen)
    saved = other.actions.get(ids[ROTA])
    assert saved.due is not None and saved.due.isoformat() == "2026-12-17"
    assert saved.updates[-1].note == "locum starts in December"


async def test_a_read_only_login_is_told_why_and_nothing_changes(
    app_for: AppFor, other: ChairService, ids: dict[str, int]
) -> None:
    app = app_for("lchen")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert descriptions(screen) == [TRIAGE, ROTA, RING]
        assert "x" in screen.active_bindings  # Lee owns the triage action
        await pilot.press("down")
        assert screen.current is not None and screen.current.action.description == ROTA
        assert "x" not in screen.active_bindings  # the footer hides the change keys
        detail = str(screen.query_one("#review-detail", Static).render())
        assert "only its owner (Jo Morgan) or a chair" in detail
        for key in ("x", "r", "o", "a", "b"):
            await pilot.press(key)
            assert app.screen is screen, key
        await settle(pilot)
        # Said once: the detail line that already says why is marked, not repeated below it.
        detail = str(screen.query_one("#review-detail", Static).render())
        assert "⚠ read-only: only its owner (Jo Morgan) or a chair may change" in detail
        assert detail.count("only its owner (Jo Morgan)") == 1
        assert "only its owner" not in message(screen)
    saved = other.actions.get(ids[ROTA])
    assert saved.status is ActionStatus.OPEN and saved.version == 1 and not saved.updates


async def test_a_conflict_is_shown_and_the_other_change_is_kept(
    app_for: AppFor, other: ChairService, ids: dict[str, int]
) -> None:
    app = app_for("jmorgan")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert descriptions(screen)[0] == ROTA
        other.actions.update(ids[ROTA], 1, ActionStatus.BLOCKED, note="no locum until Jan")
        await pilot.press("x")
        await type_text(pilot, "rota filled")
        await pilot.press("enter")
        await settle(pilot)
        # Refused: the dialog stays with the words typed, and says who changed it, to what
        # and when, in words (the other session is the chair's); escape shows the list.
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog)
        assert dialog.value("evidence") == "rota filled"
        said = str(dialog.query_one("#form-error", Static).render())
        assert "updated action" in said and "to 'blocked' at" in said
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert "updated action" in message(screen) and "reload" in message(screen)
        table = screen.query_one("#review-table", DataTable)
        assert "blocked" in str(table.get_row_at(0)[3])  # reloaded: the latest is shown
    saved = other.actions.get(ids[ROTA])
    assert saved.status is ActionStatus.BLOCKED
    assert saved.updates[-1].note == "no locum until Jan"


async def test_reassign_picks_a_person_by_typing_part_of_a_name(
    app_for: AppFor, other: ChairService, ids: dict[str, int]
) -> None:
    app = app_for("spatel")  # a chair may change anyone's action
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("down")
        await pilot.press("o")
        assert isinstance(app.screen, ReassignDialog)
        await type_text(pilot, "nobody")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReassignDialog)
        assert "pick one person" in str(app.screen.query_one("#owner-error", Static).render())
        app.screen.query_one("#owner Input", Input).value = ""
        await type_text(pilot, "ruth")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "given to Ruth Kaur" in message(screen)
    assert other.actions.get(ids[ROTA]).owner_id == "rk"


async def test_blocked_needs_a_reason_and_shows_the_word(
    app_for: AppFor, other: ChairService, ids: dict[str, int]
) -> None:
    app = app_for("lchen")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("b")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("enter")
        assert "say what blocks it" in str(app.screen.query_one("#note-error", Static).render())
        await type_text(pilot, "waiting for the new search")
        await pilot.press("enter")
        await settle(pilot)
        table = screen.query_one("#review-table", DataTable)
        assert str(table.get_row_at(0)[3]) == "■ blocked"
    assert other.actions.get(ids[TRIAGE]).status is ActionStatus.BLOCKED


async def test_fits_80_by_24_and_the_from_column_moves_to_the_detail(app_for: AppFor) -> None:
    app = app_for("jmorgan")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        table = screen.query_one("#review-table", DataTable)
        assert [str(c.label) for c in table.ordered_columns] == [
            "Action",
            "Owner",
            "Due",
            "Status",
            "Carried",
        ]
        assert table.region.height >= 4 and table.region.right <= 80
        detail = str(screen.query_one("#review-detail", Static).render())
        assert "on DNA rate" in detail and "7 days overdue" in detail
        assert "x" in screen.active_bindings and "slash" in screen.active_bindings


async def test_did_it_work_says_no_data_politely_when_the_reading_fails(
    app_for: AppFor,
) -> None:
    def broken(dashboard_id: str) -> list[Reading]:
        raise OSError("appointments file missing")

    app = app_for("jmorgan")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.current is not None
        app.push_screen(OutcomeDialog(screen.current, broken))
        await settle(pilot)
        now = str(app.screen.query_one("#outcome-now", Static).render())
        assert "NO DATA" in now and "appointments file missing" in now
        await pilot.press("enter")
        assert app.screen is screen


async def test_leaving_quits_only_when_started_as_chair_review(app_for: AppFor) -> None:
    # As `chair review` installs it: leaving the review ends the app.
    app = app_for("spatel", quit_on_leave=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert app._exit, "q on the review started as `chair review` should end the app"
    assert app.return_code == 0
    # As `chair` installs it: leaving the review goes back to Home.
    app = app_for("spatel")
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert not app._exit
        assert isinstance(app.screen, HomeScreen)


async def test_a_note_keeps_the_cursor_and_leaving_reads_the_actions_afresh(
    app_for: AppFor,
) -> None:
    """Back from its own dialog the list keeps its cursor (read again behind it); shown again
    after being left, it lists nothing until the actions are read afresh (an action re-dated
    elsewhere meanwhile shows at its new date, never its old one)."""
    app = app_for("spatel")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        table = screen.query_one("#review-table", DataTable)
        await pilot.press("down")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await type_text(pilot, "rang the ICB")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and table.cursor_row == 1
        assert descriptions(screen)[1] == ROTA
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and screen.left
        await pilot.press("a")
        await settle(pilot)
        assert (
            app.screen is screen
            and screen.loaded
            and descriptions(screen)
            == [
                TRIAGE,
                ROTA,
                RING,
            ]
        )
