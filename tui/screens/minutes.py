"""The minutes (Markdown), previewed during a meeting or shown when it closes; `e` writes a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.widgets.keys_footer import KeysFooter
from tui.widgets.minutes_text import MinutesText

if TYPE_CHECKING:
    from tui.shell import ChairApp


@dataclass(frozen=True)
class FileThere:
    """The export's file name is taken: ask before replacing it."""

    path: Path


class MinutesScreen(Screen[None]):
    """Read the minutes; `e` exports them; `q` / escape goes back (home, once the meeting closed)."""

    CSS_PATH = "minutes.tcss"
    BINDING_GROUP_TITLE = "Minutes"
    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding: the app runs it as it reads the key, so the keys typed after
        # it (`e enter`, `e enter y`) are held for the prompt it opens, not lost beneath it.
        Binding(
            "e",
            "export",
            "Export",
            id="export-minutes",
            priority=True,
            tooltip="Offer a file name beside the database, then write the minutes there (private); "
            "a file already there is replaced only if you say so",
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
        """Offer the file name, in the export folder beside the database, before writing (what
        is typed in it is kept as a draft until written or cancelled)."""
        from tui.screens.form_base import open_form
        from tui.screens.forms import TextPrompt

        chair: ChairApp = self.app  # type: ignore[assignment]
        prompt: TextPrompt[Path | FileThere] = TextPrompt(
            "Export the minutes (a private file: mode 0600, 0660 in a group folder)",
            "File",
            self._write,
            initial=str(chair.minutes_dir / self.file_name),
        )
        # A name typed and not yet written is kept as a draft (between meetings: a closed
        # meeting keeps none), offered back when `e` is pressed again on these minutes.
        open_form(self.app, prompt, None, f"export:{self.file_name}", self._exported)

    def _write(self, name: str) -> Path | FileThere:
        """Runs in the form's worker; a refusal (a link, a missing folder) stays in the form.
        A file already there is not replaced without asking: the form closes saying so."""
        path = Path(name).expanduser()
        if path.is_file() and not path.is_symlink():  # a link is refused by the writer
            return FileThere(path)
        return self._write_file(path, name)

    def _write_file(self, path: Path, name: str) -> Path:
        from storage.database.private_files import write_private
        from storage.errors import UserError

        chair: ChairApp = self.app  # type: ignore[assignment]
        try:
            if path.parent == chair.minutes_dir and not path.parent.exists():
                path.parent.mkdir(parents=True, mode=0o700)
            return write_private(path, self.markdown)
        except OSError as error:
            raise UserError(f"{name}: {error.strerror or error}") from None

    def _exported(self, result: Path | FileThere | None) -> None:
        if isinstance(result, FileThere):
            self._ask_replace(result.path)
        elif isinstance(result, Path):
            self._written(result, "")

    def _ask_replace(self, path: Path) -> None:
        """y replaces the file; n or escape keeps it, and says so."""
        from tui.screens.choice import ChoiceModal

        def chosen(choice: str | None) -> None:
            if choice == "y":
                self._replace(path)
            else:
                self._kept(path)

        self.app.push_screen(
            ChoiceModal(
                f"Replace {path.name}?",
                f"{path} already exists. y replaces it with these minutes; n keeps it as it is.",
                [("y", "replace it"), ("n", "keep it")],
            ),
            chosen,
        )

    @work(thread=True, exit_on_error=False, group="minutes-export")
    def _replace(self, path: Path) -> None:
        from storage.errors import UserError

        try:
            written = self._write_file(path, str(path))
        except UserError as error:
            self.app.call_from_thread(self._written, None, str(error))
            return
        self.app.call_from_thread(self._written, written, "")

    def _kept(self, path: Path) -> None:
        words = f"Kept the existing {path}: nothing written (e exports under another name)."
        self.query_one("#minutes-banner", Static).update(words)
        self.notify(words, markup=False)

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
