"""The minutes on screen: their Markdown drawn as styled text, every word kept, tables fitted."""

from __future__ import annotations

import time

from domain.markdown import escape_text, table
from tui.widgets.minutes_text import cells, inline, minutes_text

MINUTES = "\n".join(
    [
        "# Weekly operations meeting: Sunday 6 December 2026 (draft)",
        "",
        "- **Practice:** Riverside Surgery",
        f"- **Guests:** {escape_text('Ann *the* locum | [PCN]')}",
        "",
        "## Access",
        "",
        "*Is capacity matching demand?*",
        "",
        "> **ALTERED since approval.** Restore a backup.",
        "",
        table(
            ["Action", "Owner", "Due", "Outcome"],
            [
                ["Update the chaperone policy", "Ruth Kaur", "2026-12-03", "no update"],
                [
                    "Business case for a call-back system",
                    "Jo Morgan",
                    "2026-12-06",
                    "in progress; new date 2026-12-06; ICB funding agreed in principle",
                ],
                ["Pipes | and *stars*", "Lee", "2026-12-07", "line one\nline two"],
            ],
        ),
        "",
        "No decisions were needed.",
    ]
)


def test_inline_markdown_becomes_styles_and_escapes_become_text() -> None:
    text = inline(r"**Guests:** Ann \*the\* locum \| \[PCN\] *soon*")
    assert text.plain == "Guests: Ann *the* locum | [PCN] soon"
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles == {"Guests:": "bold", "soon": "italic"}


def test_cells_split_only_on_unescaped_pipes() -> None:
    assert cells(r"| a \| b | c |") == [r"a \| b", "c"]


def test_every_word_of_the_minutes_is_on_screen_and_no_markup_is() -> None:
    shown = minutes_text(MINUTES, 100).plain
    for words in (
        "Weekly operations meeting: Sunday 6 December 2026 (draft)",
        "• Practice: Riverside Surgery",
        "Ann *the* locum | [PCN]",
        "Is capacity matching demand?",
        "▌ ALTERED since approval. Restore a backup.",
        "Business case for a call-back system",
        "call-back system",
        "Pipes | and *stars*",
        "line one / line two",
        "No decisions were needed.",
    ):
        assert words in shown, words
    assert "**" not in shown and "---" not in shown and "<br>" not in shown
    assert "\\" not in shown


def test_a_table_is_fitted_to_the_width_its_cells_wrapped_not_cut() -> None:
    for width in (100, 60, 40):
        lines = minutes_text(MINUTES, width).plain.splitlines()
        rows = [line for line in lines if "Ruth Kaur" in line or "─" in line]
        assert rows and all(len(line) <= width for line in rows), width
        words = " ".join(minutes_text(MINUTES, width).plain.split())
        if width >= 60:  # narrower, a long word may be cut across two lines
            for word in ("chaperone", "call-back", "principle", "2026-12-06"):
                assert word in words, (width, word)


def test_a_months_minutes_draw_in_milliseconds() -> None:
    """Textual's Markdown widget took most of a second for these; the key's budget is 100 ms."""
    big = "\n\n".join([MINUTES] * 25)  # ~25 sections, ~75 table rows
    minutes_text(big, 98)
    start = time.perf_counter()
    minutes_text(big, 98)
    assert time.perf_counter() - start < 0.25  # generous: a loaded CI machine


def test_minutes_are_kept_per_width_and_drawn_ahead_at_the_widths_last_shown() -> None:
    """A screen opened again on the same minutes paints the drawing kept; minutes read ahead
    are drawn at the widths the minutes were last shown at, before the key."""
    from tui.widgets import minutes_text as module

    text = "# Minutes\n\n| A | B |\n|---|---|\n| one | two |\n\n- a point"
    first = module.drawn(text, 61)
    assert module.drawn(text, 61) is first and module.drawn(text, 40) is not first
    widget = module.MinutesText(text)
    widget.text_at(57)  # shown at 57 columns
    changed = text + "\n- another point"
    module.draw_ahead(changed)
    assert (changed, 57) in module._drawn  # the next open paints it without drawing
    for width in range(20, 20 + module.DRAWN_KEPT + 2):  # only the last few are kept
        module.drawn(text, width)
    assert len(module._drawn) == module.DRAWN_KEPT
