"""What every command needs: which config, which database, which date, and who is at the keyboard.

Defaults, in order:

- config: --config, $CHAIR_CONFIG, ./chair.toml, ~/.config/chair/chair.toml, else the bundled
  sample practice (so a first run shows something real).
- database: --db, $CHAIR_DB, else `chair.db` beside chair.toml; for the bundled sample,
  $XDG_DATA_HOME/chair/sample.db (~/.local/share/chair/sample.db).
- today: --today, else the system date.
- login: the operating-system user (the SSH login), matched against people.login.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pwd
import re
import tomllib
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from config.discovery import default_config_path

if TYPE_CHECKING:
    from config.models import ChairConfig
    from storage.service.chair import ChairService


def sample_config_path() -> Path:
    """The bundled sample practice's chair.toml (found without importing the sample package)."""
    spec = importlib.util.find_spec("sample")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the bundled sample practice is not installed")
    return Path(spec.origin).parent / "chair.toml"


def data_home() -> Path:
    """$XDG_DATA_HOME/chair, else ~/.local/share/chair."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "chair"


def database_url(value: str | Path) -> str:
    """A --db value as a URL: URLs pass through, a file path becomes sqlite:///ABSOLUTE-PATH.

    storage.database.engine.normalise_url does the same (and picks the PostgreSQL driver); this copy keeps
    SQLAlchemy off the start-up path of the TUI.
    """
    text = str(value)
    if "://" in text:
        return text
    try:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    except (RuntimeError, OSError):  # a symlink loop: let storage say it in one line
        return "sqlite:///" + str(Path(text).expanduser().absolute())


def sqlite_path(url: str) -> Path | None:
    """The file of a sqlite:///PATH URL, or None for any other database."""
    match = re.match(r"^sqlite(?:\+\w+)?:///(.+)$", url)
    if match is None or match.group(1) == ":memory:":
        return None
    return Path(match.group(1))


def redact(url: str) -> str:
    """A URL safe to print: any password replaced by ***."""
    return re.sub(r"(://[^/:@]+:)[^/@]+@", r"\1***@", url)


def _people(config_path: Path) -> list[dict[str, object]]:
    """[[people]] of a chair.toml read with tomllib only (fast; no validation)."""
    with config_path.open("rb") as handle:
        people = tomllib.load(handle).get("people", [])
    return [p for p in people if isinstance(p, dict)]


class Context:
    """Resolved global options for one run of the command; loads config and service lazily."""

    def __init__(self, args: argparse.Namespace) -> None:
        self._config_option: str | None = getattr(args, "config", None)
        self._db_option: str | None = getattr(args, "db", None)
        self._force_sample = bool(getattr(args, "force_sample", False))
        self.today: date = getattr(args, "today", None) or date.today()
        self.practice: str | None = (
            getattr(args, "practice", None) or os.environ.get("CHAIR_PRACTICE") or None
        )
        """The practice chosen with --practice or $CHAIR_PRACTICE (None: not chosen)."""

    @cached_property
    def config_path(self) -> Path:
        if self._force_sample:
            return sample_config_path()
        if self._config_option:
            return Path(self._config_option).expanduser()
        return default_config_path() or sample_config_path()

    @property
    def is_sample(self) -> bool:
        """True when running on the bundled sample practice."""
        return self.config_path.resolve() == sample_config_path().resolve()

    @cached_property
    def config(self) -> ChairConfig:
        from config.load import load_config

        return load_config(self.config_path)

    @cached_property
    def db_url(self) -> str:
        value = self._db_option or os.environ.get("CHAIR_DB")
        if value:
            return database_url(value)
        if self.is_sample:
            directory = data_home()
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            return database_url(directory / "sample.db")
        return database_url(self.config_path.resolve().parent / "chair.db")

    @cached_property
    def login(self) -> str:
        """The OS login; on the sample practice, a sample chair's login so the demo can run."""
        # The real user id, not $LOGNAME/$USER: anyone can set those and claim a chair's login.
        try:
            login = pwd.getpwuid(os.geteuid()).pw_name
        except KeyError:
            login = ""
        if self.is_sample:
            sample_people = _people(self.config_path)
            if login not in {person.get("login") for person in sample_people}:
                return next(str(p["login"]) for p in sample_people if p.get("chair"))
        return login

    def service(self) -> ChairService:
        """Open the service (runs pending migrations on open)."""
        from storage.data.cache import default_cache_dir
        from storage.service.chair import ChairService

        return ChairService(
            self.config,
            self.db_url,
            self.today,
            self.login,
            practice=self.practice,
            cache_dir=default_cache_dir(),
        )
