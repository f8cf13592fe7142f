"""The sample generator: reproduces the committed files, its config loads, PCN scale works."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from config import load_config
from sample.generate import DATA, main

SAMPLE = Path(DATA).parent


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_generator_reproduces_the_committed_sample(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    committed = {k: v for k, v in _files(DATA).items() if not k.endswith(".py")}
    generated = _files(tmp_path)
    assert sorted(generated) == sorted(committed)
    different = [name for name in generated if generated[name] != committed[name]]
    # claims.xlsx is written deterministically too, so bytes are compared for every file.
    assert different == [], f"regenerate with python -m sample.generate: {different}"


def test_sample_config_loads_and_points_at_existing_files() -> None:
    config = load_config(SAMPLE / "chair.toml")
    assert config.practice.code == "X99001"
    for source_id in config.sources:
        path = config.source_path(source_id)
        matches = list(path.parent.glob(path.name)) if "*" in path.name else [path]
        assert matches and all(m.exists() for m in matches), source_id


def test_sample_says_it_is_fictional() -> None:
    gpad = next((DATA / "gpad").glob("*.csv"))
    with gpad.open(encoding="utf-8") as handle:
        names = {row["GP_NAME"] for row in csv.DictReader(handle)}
    assert names and all("FICTIONAL" in name for name in names)


def test_pcn_scale_generation_at_small_size(tmp_path: Path) -> None:
    args = ["--pcn", "--out", str(tmp_path), "--practices", "3", "--years", "1"]
    assert main([*args, "--national-extra", "12"]) == 0
    config = load_config(tmp_path / "chair.toml")
    assert [p.code for p in config.practices] == ["X99001", "X99002", "X99003"]
    crosstabs = sorted((tmp_path / "data" / "gpad").glob("Practice_Level_Crosstab_*.csv"))
    assert crosstabs
    with crosstabs[-1].open(encoding="utf-8") as handle:
        codes = {row["GP_CODE"] for row in csv.DictReader(handle)}
    assert len(codes) == 15  # the PCN's 3 plus 12 outside it: readers must filter


def test_pcn_needs_an_output_folder() -> None:
    with pytest.raises(SystemExit):
        main(["--pcn"])
