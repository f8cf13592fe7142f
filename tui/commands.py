"""The command palette offers the same actions as the keys of the current screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

_SKIP = {"command_palette", "quit"}


@dataclass(frozen=True)
class PaletteCommand:
    """An action of a screen that has no key of its own: offered in the palette and in help."""

    action: str
    description: str
    tooltip: str


def palette_commands(screen: Any) -> tuple[PaletteCommand, ...]:
    """The screen's palette-only commands (its PALETTE_COMMANDS), possible now or not."""
    return tuple(getattr(screen, "PALETTE_COMMANDS", ()))


class ChairCommands(Provider):
    """'Meeting: Next section', 'Home: Start meeting'...: only what is possible right now."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        screen = self.screen
        app = self.app
        bindings_of = getattr(app, "screen_bindings", None)
        if bindings_of is None:
            return
        seen: set[str] = set()
        for binding in bindings_of(screen):
            action = binding.action
            if not binding.id or action in _SKIP or action in seen:
                continue
            seen.add(action)
            target = screen if hasattr(screen, f"action_{action.split('(')[0]}") else app
            if target.check_action(action.split("(")[0], ()) is not True:
                continue
            group = getattr(screen, "BINDING_GROUP_TITLE", None) or "Chair"
            keys = app.keys_for(binding)  # type: ignore[attr-defined]
            yield (
                f"{group}: {binding.description}",
                partial(_run, target, action),
                f"{binding.tooltip} (key: {keys})",
            )
        for command in palette_commands(screen):
            if screen.check_action(command.action.split("(")[0], ()) is not True:
                continue
            yield (
                command.description,
                partial(_run, screen, command.action),
                f"{command.tooltip} (command palette only)",
            )

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


def _run(target: Screen[Any] | Any, action: str) -> None:
    target.call_later(target.run_action, action)
