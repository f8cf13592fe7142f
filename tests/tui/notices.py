"""Every notice an app gives, as it gives it.

`app._notifications` holds only the toasts still on screen: reading it reaps those past their
timeout (5 s by default), so on a loaded machine a notice given early in a test may be gone
before the test reads it. `notices(app)` records each one when it is given (App.notify, which
every widget's and screen's notify calls, from any thread), and keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Notice:
    message: str
    severity: str = "information"
    title: str = ""


@dataclass
class Notices:
    """The notices given so far, oldest first."""

    given: list[Notice] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [n.message for n in self.given]

    def __contains__(self, text: object) -> bool:
        return any(str(text) in m for m in self.messages)


def notices(app: Any) -> Notices:
    """Start recording the app's notices (call before the keys that give them)."""
    recorded = Notices()
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        recorded.given.append(
            Notice(str(message), options.get("severity", "information"), options.get("title", ""))
        )
        notify(message, **options)

    app.notify = recording
    return recorded
