"""chair.toml: pydantic models, loading with clear one-line errors, and the starter config.

The names below load on first use (PEP 562), so `import config.people` stays cheap for the fast
commands that must not pay for pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from config.load import ConfigError, load_config
    from config.models import ChairConfig

__all__ = ["ChairConfig", "ConfigError", "load_config"]


def __getattr__(name: str) -> Any:
    if name in ("ConfigError", "load_config"):
        from config import load

        return getattr(load, name)
    if name == "ChairConfig":
        from config.models import ChairConfig

        return ChairConfig
    raise AttributeError(name)
