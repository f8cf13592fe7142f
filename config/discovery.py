"""Where chair.toml is found when --config is not given (cheap: no pydantic)."""

from __future__ import annotations

import os
from pathlib import Path


def default_config_path() -> Path | None:
    """$CHAIR_CONFIG, else ./chair.toml, else ~/.config/chair/chair.toml; None if none exists."""
    env = os.environ.get("CHAIR_CONFIG")
    if env:
        return Path(env)
    for candidate in (Path("chair.toml"), Path.home() / ".config" / "chair" / "chair.toml"):
        if candidate.is_file():
            return candidate
    return None
