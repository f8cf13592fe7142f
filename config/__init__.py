"""chair.toml: pydantic models, loading with clear one-line errors, and the starter config."""

from config.load import ConfigError, load_config
from config.models import ChairConfig

__all__ = ["ChairConfig", "ConfigError", "load_config"]
