"""Frozen dataclasses as plain values and back, led by their type hints (for the caches).

`to_plain` turns a value into what a table cell or JSON holds: a dataclass into a dict of its
fields, an enum into its value, a tuple into a list, a `dict[str, str]` into a list of
{"key", "value"} pairs (the order kept), dates into `datetime.date` (or ISO text for JSON).
`from_plain` rebuilds the typed value from that, checking it as it goes: a value of the wrong
shape raises ValueError (a cache entry written by another version is then a miss). No polars:
the Home snapshot is read with this before the first frame.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from typing import Any


@functools.cache
def field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, resolved type) of a dataclass's fields set by its constructor, in order."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init)


def optional_of(hint: Any) -> Any | None:
    """X for `X | None` (the one optional shape the readings use), else None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
        raise ValueError(f"unsupported union {hint}")
    return None


def item_of(hint: Any) -> Any:
    """The element type of `tuple[X, ...]` or of a fixed tuple of one type (`tuple[str, str]`)."""
    args = typing.get_args(hint)
    if len(set(a for a in args if a is not Ellipsis)) != 1:
        raise ValueError(f"unsupported tuple {hint}")
    return args[0]


def to_plain(value: Any, hint: Any, text_dates: bool = False) -> Any:
    if value is None:
        return None
    inner = optional_of(hint)
    if inner is not None:
        return to_plain(value, inner, text_dates)
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return {n: to_plain(getattr(value, n), h, text_dates) for n, h in field_hints(hint)}  # type: ignore[arg-type]
    if origin is tuple:
        return [to_plain(v, item_of(hint), text_dates) for v in value]
    if origin is dict:
        return [{"key": str(k), "value": str(v)} for k, v in value.items()]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return value.value
    if hint is float:
        return float(value)
    if hint is dt.date and text_dates:
        return value.isoformat()
    return value


def from_plain(value: Any, hint: Any) -> Any:
    if value is None:
        if optional_of(hint) is None:
            raise ValueError(f"missing value for {hint}")
        return None
    inner = optional_of(hint)
    if inner is not None:
        return from_plain(value, inner)
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise ValueError(f"{hint} is not a record")
        names = field_hints(hint)  # type: ignore[arg-type]
        return hint(**{n: from_plain(value[n], h) for n, h in names if n in value})  # type: ignore[operator]
    if origin is tuple:
        return tuple(from_plain(v, item_of(hint)) for v in value)
    if origin is dict:
        return {pair["key"]: pair["value"] for pair in value}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value) if isinstance(value, str) else _typed(value, dt.date)
    if hint is float:
        return float(_typed(value, (int, float)))
    if typing.get_origin(hint) is typing.Literal:
        if value not in typing.get_args(hint):
            raise ValueError(f"{value!r} is not one of {typing.get_args(hint)}")
        return value
    return _typed(value, hint)


def _typed(value: Any, kind: Any) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{value!r} is not {kind}")
    return value
