"""The rows of a section's table, built with its view in the loader's worker (so a section
shown from memory is only painted): the work sections' (work_view.py), a QOF section's
(qof.py) or the others' (view.py). Plain records in, table rows out (no widgets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.screens.meeting.qof import qof_rows
from tui.screens.meeting.view import WORK_KINDS, build_rows
from tui.screens.meeting.work_view import work_rows

if TYPE_CHECKING:
    from config.models import ChairConfig
    from tui.screens.meeting.view import Row, SectionView


def section_rows(view: SectionView, config: ChairConfig, variables: dict[str, str]) -> list[Row]:
    """The rows of `view`'s table, coloured from the theme's `variables`."""
    if view.kind in WORK_KINDS:  # This week, Watch list, Risk register
        rows = work_rows(view, config, variables)
    else:
        rows = build_rows(view, config, variables)
    if view.layout_kind == "qof":
        rows = qof_rows(view, rows, variables)
    return rows
