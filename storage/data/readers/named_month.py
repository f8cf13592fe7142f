"""A national release named for a month must hold that month: `..._Aug_26.csv` with no August
2026 rows is most likely the wrong file saved under the name (a warning from `chair check`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from storage.data.readers.common import SourceData


def check_named_months(
    data: SourceData,
    files: Iterable[Path],
    held: Mapping[str, set[dt.date]],
    named: Mapping[Path, dt.date | None],
    key: str = "name",
) -> None:
    """A warning for each file whose name gives a month its rows do not hold (`held` by the
    file's name, or by its index as text with key='index')."""
    for index, file in enumerate(files):
        month = named.get(file)
        months = held.get(file.name if key == "name" else str(index), set())
        if month is None or not months or month in months:
            continue
        span = f"{min(months):%b %Y}" + (f" to {max(months):%b %Y}" if len(months) > 1 else "")
        data.add(file.name, "", f"named for {month:%B %Y} but holds no rows for {month:%B %Y} "
                 f"(its rows are for {span}): check it is the release its name says", "warning")  # fmt: skip
