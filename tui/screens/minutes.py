"""The minutes (Markdown), previewed during a meeting or shown when it closes; `e` writes a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.widgets.keys_footer import KeysFooter
from tui.widgets.minutes_text import MinutesText

if TYPE_CHECKING:
    from tui.shell import ChairApp


class MinutesScreen(Screen[None]):
    """Read the minutes; `e` exports them; `q` / escape goes back (home, once the meeting closed)."""

    CSS_PATH = "minutes.tcss"
    BINDING_GROUP_TITLE = "Minutes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e",
            "export",
            "Export",
            id="export-minutes",
            tooltip="Offer a file name beside the database, then write the minutes there (private)",
        ),
        Binding("j", "scroll(1)", "Down", id="minutes-down", show=False, tooltip="Scroll down"),
        Binding("k", "scroll(-1)", "Up", id="minutes-up", show=False, tooltip="Scroll up"),
        Binding(
            "q,escape",
            "close",
            "Back",
            id="close-minutes",
            tooltip="Close the minutes (back to the meeting, or home once it is closed)",
        ),
    ]

    def __init__(self, markdown: str, file_name: str, closed: bool) -> None:
        super().__init__()
        self.markdown = markdown
        self.file_name = file_name
        self.closed = closed
        self.written: Path | None = None

    def compose(self) -> ComposeResult:
        banner = (
            "The meeting is closed. These are its draft minutes: e writes them to a file."
            if self.closed
            else "Minutes so far (preview): e writes them to a file."
        )
        yield Static(banner, id="minutes-banner", markup=False)
        with VerticalScroll(id="minutes-scroll"):
            yield MinutesText(self.markdown, id="minutes")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#minutes-scroll").focus()

    def show(self, markdown: str) -> None:
        """The minutes read again (the clock's figures saved since they were read ahead)."""
        if markdown != self.markdown:
            self.markdown = markdown
            self.query_one(MinutesText).update(markdown)

    def action_scroll(self, step: int) -> None:
        self.query_one("#minutes-scroll", VerticalScroll).scroll_relative(y=step * 3)

    def action_export(self) -> None:
        """Offer the file name, in the export folder beside the database, before writing."""
        from tui.screens.forms import TextPrompt

        chair: ChairApp = self.app  # type: ignore[assignment]
        self.app.push_screen(
            TextPrompt(
                "Export the minutes (a private file: mode 0600, 0660 in a group folder)",
                "File",
                self._write,
                initial=str(chair.minutes_dir / self.file_name),
            ),
            self._exported,
        )

    def _write(self, name: str) -> Path:
        """Runs in the form's worker; a refusal (a link, a missing folder) stays in the form."""
        from storage.database.private_files import write_private
        from storage.errors import UserError

        chair: ChairApp = self.app  # type: ignore[assignment]
        path = Path(name).expanduser()
        try:
            if path.parent == chair.minutes_dir and not path.parent.exists():
                path.parent.mkdir(parents=True, mode=0o700)
            return write_private(path, self.markdown)
        except OSError as error:
            raise UserError(f"{name}: {error.strerror or error}") from None

    def _exported(self, path: Path | None) -> None:
        if isinstance(path, Path):
            self._written(path, "")

    def _written(self, path: Path | None, problem: str) -> None:
        banner = self.query_one("#minutes-banner", Static)
        if path is None:
            banner.update(f"Could not write the minutes: {problem}")
            self.notify(problem, severity="error", markup=False)
            return
        self.written = path
        banner.update(f"Minutes written to {path}")
        self.notify(f"Minutes written to {path}", markup=False)

    def action_close(self) -> None:
        # For a closed meeting, the meeting screen beneath goes too (see MeetingScreen).
        self.dismiss()
