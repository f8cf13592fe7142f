"""Readings as one frame (a row per reading) and back: what the readings cache keeps, in Arrow IPC.

The frame's schema follows `Reading`'s type hints (storage.data.plain): numbers, text and dates
in their own columns, the trend and the history as lists, the thresholds and the peers as
structs, details and tables as lists of structs. Reading a frame back checks every value
against the hints, so an entry of another shape raises (the cache then counts a miss).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import io
import typing
from typing import Any

import polars as pl

from domain.readings import Reading
from storage.data.plain import field_hints, from_plain, item_of, optional_of, to_plain

SCALARS: dict[Any, pl.DataType] = {
    str: pl.String(),
    int: pl.Int64(),
    float: pl.Float64(),
    bool: pl.Boolean(),
    dt.date: pl.Date(),
}


def dtype_of(hint: Any) -> pl.DataType:
    """The polars type a value of `hint` is kept as (see storage.data.plain.to_plain)."""
    inner = optional_of(hint)
    if inner is not None:
        return dtype_of(inner)
    if dataclasses.is_dataclass(hint):
        return pl.Struct({n: dtype_of(h) for n, h in field_hints(hint)})  # type: ignore[arg-type]
    origin = typing.get_origin(hint)
    if origin is tuple:
        return pl.List(dtype_of(item_of(hint)))
    if origin is dict:
        return pl.List(pl.Struct({"key": pl.String(), "value": pl.String()}))
    if origin is typing.Literal or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
        return pl.String()
    if hint in SCALARS:
        return SCALARS[hint]
    raise ValueError(f"no column type for {hint}")


def schema() -> pl.Schema:
    return pl.Schema({n: dtype_of(h) for n, h in field_hints(Reading)})


def readings_frame(readings: list[Reading]) -> pl.DataFrame:
    rows = [to_plain(r, Reading) for r in readings]
    return pl.DataFrame(rows, schema=schema(), orient="row")


def readings_of(frame: pl.DataFrame) -> list[Reading]:
    """The readings a frame holds; ValueError when its columns are not this version's."""
    if frame.schema != schema():
        raise ValueError("the frame's columns are not the readings'")
    return [from_plain(row, Reading) for row in frame.iter_rows(named=True)]


def to_ipc(readings: list[Reading]) -> bytes:
    out = io.BytesIO()
    readings_frame(readings).write_ipc(out)
    return out.getvalue()


def from_ipc(data: bytes) -> list[Reading]:
    return readings_of(pl.read_ipc(io.BytesIO(data)))
