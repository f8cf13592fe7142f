"""Load chair.toml: TOML syntax errors name line and column, validation errors the field path."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from config.models import ChairConfig


class ConfigError(Exception):
    """A problem with the user's configuration, as one line: file, where, what to do."""

    def __init__(self, path: Path | str, where: str, message: str) -> None:
        self.path = str(path)
        self.where = where
        self.message = message
        location = f"{self.path}:{where}" if where else self.path
        super().__init__(f"{location}: {message}")


def load_config(path: Path | str) -> ChairConfig:
    """Read and validate chair.toml; raise ConfigError with one clear line on any problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found (run 'chair init DIR' to write one)") from None
    except IsADirectoryError:
        raise ConfigError(path, "", "is a directory; give the path of chair.toml") from None
    except PermissionError:
        raise ConfigError(path, "", "cannot be read (check its permissions)") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            path, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, _toml_where(exc), f"TOML syntax error: {_toml_what(exc)}") from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise ConfigError(path, "", "values are nested too deeply to be a chair.toml") from None
    return config_from_dict(data, path)


def config_from_dict(data: dict[str, Any], path: Path) -> ChairConfig:
    if not data:
        raise ConfigError(path, "", "the file is empty; 'chair init DIR' writes a starter config")
    data = dict(data)
    data["base_dir"] = path.resolve().parent
    try:
        return ChairConfig.model_validate(data)
    except ValidationError as exc:
        # A misspelt key shows up as both "unknown" and "missing": name the misspelling first.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        error = errors[0]
        where = _field_path(error["loc"], data)
        if "practice" in data and where.startswith("practices[0]"):
            where = "practice" + where.removeprefix("practices[0]")  # as the user wrote it
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown setting (check its spelling against the configuration reference)"
        elif error["type"] == "missing":
            message = "required setting is missing"
        inner = re.match(r"^([\w\[\]\.\-]+(?: \(login\))?): (.*)$", message)
        if where == "" and inner:  # model-level errors carry their own path
            where, message = inner.group(1), inner.group(2)
        raise ConfigError(path, where, message) from None


def _field_path(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in {
            "function-after[_one_kind()]",
            "function-after[_thresholds_in_order()]",
        } or item.startswith("function-"):
            continue
        else:
            parts.append(("." if parts else "") + item)
    path = "".join(parts)
    # Name the item by its id where it has one: metrics[3] (id 'dna-rate').
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        items = data.get(loc[0])
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            item_id = items[loc[1]].get("id")
            if item_id:
                path += f" (id '{item_id}')"
    return path


def _toml_where(exc: tomllib.TOMLDecodeError) -> str:
    match = re.search(r"at line (\d+), column (\d+)", str(exc))
    return f"{match.group(1)}:{match.group(2)}" if match else ""


def _toml_what(exc: tomllib.TOMLDecodeError) -> str:
    return re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
