"""The action review keeps what a dialog has typed as a draft: after the app goes away mid-word,
the next review says so, and the same key on the same action brings the words back."""

from __future__ import annotations

import asyncio

from storage.service.chair import ChairService
from tests.tui.helpers import settle, type_text
from tests.tui.notices import notices
from tests.tui_review.conftest import AppFor
from tests.tui_review.seed import ROTA
from tests.tui_review.test_review import SIZE, descriptions, open_review
from tui.screens.review.dialogs import EvidenceDialog
from tui.widgets.field_input import FieldInput


async def test_a_half_typed_evidence_comes_back(
    app_for: AppFor, other: ChairService, ids: dict[str, int]
) -> None:
    app = app_for("jmorgan")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert descriptions(screen)[0] == ROTA
        await pilot.press("x")
        assert isinstance(app.screen, EvidenceDialog)
        await type_text(pilot, "rota filled to Mar")
        for _ in range(100):  # the draft is written once typing pauses (a timer, then a worker)
            await asyncio.sleep(0.05)
            await settle(pilot)
            if app.service is not None and app.service.drafts.of(None):
                break
        # The app goes away with the dialog open (a crash, a dropped connection).
    jo = ChairService(other.config, other.engine.url.database or "", other.today, "jmorgan")
    [draft] = jo.drafts.of(None)
    jo.close()
    assert draft.item_key == f"review:done:{ids[ROTA]}"
    assert draft.fields["evidence"] == "rota filled to Mar"
    assert other.drafts.of(None) == []  # the chair has none: drafts are per person
    assert other.actions.get(ids[ROTA]).updates == ()

    app = app_for("jmorgan")
    given = notices(app)  # each notice as given (a toast goes after 5 s)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await settle(pilot)
        said = given.messages
        assert any("Unsaved text kept from before: Done: " + ROTA in m for m in said), said
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog)
        field = dialog.query_one("#evidence", FieldInput)
        assert field.value == "rota filled to Mar" and app.focused is field
        await type_text(pilot, "ch")
        await pilot.press("enter")
        await settle(pilot)
    assert other.actions.get(ids[ROTA]).evidence == "rota filled to March"
    assert other.drafts.of(None) == [] and not jo_drafts(other)


def jo_drafts(other: ChairService) -> list[object]:
    jo = ChairService(other.config, other.engine.url.database or "", other.today, "jmorgan")
    try:
        return list(jo.drafts.of(None))
    finally:
        jo.close()
