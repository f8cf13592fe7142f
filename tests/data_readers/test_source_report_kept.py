"""The source report behind a metric's detail is read once while its files are unchanged: the
detail opens again without reading the source (a national telephony month takes ~60 ms)."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import load_config
from storage.service.chair import ChairService
from tests.data_readers.conftest import TODAY


def test_the_source_report_is_kept_until_a_file_changes(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(data_copy / "chair.toml")
    service = ChairService(config, tmp_path / "chair.db", TODAY, "spatel", cache_dir=tmp_path)
    metric = next(m.id for m in config.metrics if m.source == "telephony")
    reads: list[str] = []
    from storage.data.readers import compute

    real = compute.read_source
    monkeypatch.setattr(
        compute,
        "read_source",
        lambda source_id, *rest: reads.append(source_id) or real(source_id, *rest),
    )
    try:
        first = service.readings.source_report(metric)
        assert service.readings.source_report(metric) is first and reads == ["telephony"]
        path = data_copy / "cbt" / "CBT_By_Day_and_Time_Dec_25.csv"
        path.write_text(path.read_text() + path.read_text().splitlines()[-1] + "\n")  # a repeat
        changed = service.readings.source_report(metric)
        assert reads == ["telephony", "telephony"]  # the changed file is read again
        assert not first.findings and "counted once" in changed.findings[0].message
    finally:
        service.close()
