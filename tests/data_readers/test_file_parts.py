"""Each national file's sums are kept between runs (Arrow IPC): a new release reads only itself."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from storage.data.readers import cbt_sums
from storage.data.readers.cbt import read_cbt
from storage.data.readers.common import SourceData
from storage.data.readers.files import ReadOptions
from storage.data.readers.gpad import read_gpad, release_of
from storage.data.readers.parts import finish_writes
from storage.data.readers.workforce import read_workforce

SAMPLE_GPAD = Path(__file__).resolve().parents[2] / "sample" / "data" / "gpad"


def _monthly(folder: Path, parts: Path | None) -> pl.DataFrame:
    data = read_gpad("appointments", folder / "*.csv", ReadOptions(parts_dir=parts))
    finish_writes()  # the entries are written behind the reading: counted below
    assert not [f for f in data.findings if f.severity == "error"], data.findings
    return data.frames["monthly"]


def _change_a_count(file: Path) -> None:
    """One appointment count one higher or lower (same size), the file's times kept."""
    stat = file.stat()
    lines = file.read_text().splitlines(keepends=True)
    column = lines[0].rstrip("\r\n").split(",").index("COUNT_OF_APPOINTMENTS")
    fields = lines[1].rstrip("\r\n").split(",")
    count = fields[column]
    fields[column] = count[:-1] + ("1" if count[-1] == "0" else str(int(count[-1]) - 1))
    lines[1] = ",".join(fields) + lines[1][len(lines[1].rstrip("\r\n")) :]
    file.write_text("".join(lines))
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file.stat().st_size == stat.st_size


def test_a_new_release_reads_only_itself_and_gives_what_reading_everything_gives(
    tmp_path: Path,
) -> None:
    folder, parts = tmp_path / "gpad", tmp_path / "cache" / "parts"
    folder.mkdir()
    releases = sorted(SAMPLE_GPAD.glob("*.csv"))
    for file in releases[:-1]:
        shutil.copy2(file, folder / file.name)
    _monthly(folder, parts)
    kept = sorted(parts.glob("*.arrow"))
    assert len(kept) == len(releases) - 1  # one Arrow IPC file per release, no pickle
    assert all(pl.read_ipc(p).height for p in kept)

    # A kept release is not read again: a count changed behind an unchanged size and time
    # would show if it were; the sums kept for it are used.
    first = folder / releases[0].name
    original, text, stat = _monthly(folder, None), first.read_bytes(), first.stat()
    _change_a_count(first)
    assert not _monthly(folder, None).equals(original)
    assert_frame_equal(_monthly(folder, parts), original)
    first.write_bytes(text)
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    shutil.copy2(releases[-1], folder / releases[-1].name)  # the new month's release
    with_parts = _monthly(folder, parts)
    assert len(list(parts.glob("*.arrow"))) == len(releases)
    assert_frame_equal(with_parts, _monthly(folder, None))


def test_a_changed_file_is_read_again_and_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    folder, parts = tmp_path / "gpad", tmp_path / "parts"
    folder.mkdir()
    for file in sorted(SAMPLE_GPAD.glob("*.csv"))[:2]:
        shutil.copy2(file, folder / file.name)
    before = _monthly(folder, parts)
    for entry in parts.glob("*.arrow"):
        entry.write_bytes(b"not arrow")
    assert_frame_equal(_monthly(folder, parts), before)  # read again, kept again
    assert all(pl.read_ipc(p).height for p in parts.glob("*.arrow"))

    changed = sorted(folder.glob("*.csv"))[0]
    lines = changed.read_text().splitlines(keepends=True)
    changed.write_text("".join(lines[:-50]))  # a reissue with fewer rows: a new size and time
    after = _monthly(folder, parts)
    assert_frame_equal(after, _monthly(folder, None))
    assert len(list(parts.glob("*.arrow"))) == 2  # the old entry for the file went


def test_each_month_comes_from_the_latest_release_holding_it(tmp_path: Path) -> None:
    """Months one release holds alone are taken as kept, months several hold from the latest
    of them: the same as each release read alone and the latest picked by hand. A month
    written two ways in one file (` 01FEB2026`) is one row a practice holding all its rows'
    counts (only one spelling's were kept)."""
    folder, parts = tmp_path / "gpad", tmp_path / "parts"
    folder.mkdir()
    for file in SAMPLE_GPAD.glob("*.csv"):
        shutil.copy2(file, folder / file.name)
    monthly = _monthly(folder, parts)
    alone = [
        _monthly_of(file).with_columns(pl.lit(release_of(file)).alias("from"))
        for file in sorted(folder.glob("*.csv"))
    ]
    latest = pl.concat(alone).sort("from").unique(["month", "practice"], keep="last")
    expected = latest.select(monthly.columns).sort("practice", "month")
    assert_frame_equal(monthly, expected)
    assert latest.height < sum(a.height for a in alone)  # months held by several releases

    first = sorted(folder.glob("*.csv"))[0]
    lines = first.read_text().splitlines(keepends=True)
    lines[1:] = [" " + line if n % 2 else line for n, line in enumerate(lines[1:])]
    first.write_text("".join(lines))
    again = _monthly(folder, parts)
    assert not again.select("month", "practice").is_duplicated().any()
    assert_frame_equal(again, _monthly(folder, None))
    assert_frame_equal(again, monthly)  # the same rows, only spelled two ways


def _monthly_of(file: Path) -> pl.DataFrame:
    data = read_gpad("appointments", file, ReadOptions())
    return data.frames["monthly"]


SAMPLE = SAMPLE_GPAD.parent
READERS = {
    "cbt": (read_cbt, SAMPLE / "cbt", "*.csv", "Value"),
    "workforce": (read_workforce, SAMPLE / "workforce", "*Practice Level - Detailed.csv",
                  "TOTAL_GP_FTE"),
}  # fmt: skip
"""The other national sources of many monthly files: (reader, sample folder, pattern, a column
counted)."""


def _read(kind: str, folder: Path, parts: Path | None) -> SourceData:
    reader, _, pattern, _ = READERS[kind]
    data = reader(kind, folder / pattern, ReadOptions(parts_dir=parts))
    finish_writes()
    assert data.frames, data.findings
    return data


def _same(one: SourceData, other: SourceData) -> None:
    """Everything a reader gives, row order aside (group_by does not keep it)."""
    assert one.frames.keys() == other.frames.keys()
    for name, frame in one.frames.items():
        assert_frame_equal(frame.sort(frame.columns), other.frames[name].sort(frame.columns))
    if one.origin is not None and other.origin is not None:
        columns = one.origin.columns
        assert_frame_equal(one.origin.sort(columns), other.origin.sort(columns))
    assert (one.origin is None) == (other.origin is None)
    assert one.findings == other.findings
    facts = ("files", "latest_file", "rows", "period_start", "period_end", "as_of")
    assert [getattr(one, f) for f in facts] == [getattr(other, f) for f in facts]


def _alter_a_value(file: Path, column: str) -> None:
    """The last digit of one value of `column` changed (same size), the file's times kept: a
    file read again would show it, a file whose kept aggregates are used would not."""
    stat = file.stat()
    encoding = "utf-8-sig" if file.read_bytes().startswith(b"\xef\xbb\xbf") else "utf-8"
    lines = file.read_text(encoding=encoding).splitlines(keepends=True)
    index = next(csv.reader([lines[0]])).index(column)
    for number, line in enumerate(lines[1:], 1):
        fields = line.rstrip("\r\n").split(",")
        if fields[index][-1:].isdigit() and fields[index] not in ("0", "1"):
            fields[index] = fields[index][:-1] + ("1" if fields[index][-1] != "1" else "2")
            lines[number] = ",".join(fields) + line[len(line.rstrip("\r\n")) :]
            break
    file.write_text("".join(lines), encoding=encoding)
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file.stat().st_size == stat.st_size


@pytest.mark.parametrize("kind", sorted(READERS))
def test_telephony_and_workforce_keep_each_files_aggregates(kind: str, tmp_path: Path) -> None:
    """A new month's file is the only one read; a changed or removed file, or a damaged entry,
    gives what reading every file gives."""
    _, sample, pattern, column = READERS[kind]
    folder, parts = tmp_path / kind, tmp_path / "parts"
    folder.mkdir()
    files = sorted(sample.glob(pattern))
    for file in files[:-1]:
        shutil.copy2(file, folder / file.name)
    _same(_read(kind, folder, parts), _read(kind, folder, None))
    assert len(list(parts.glob(f"{kind}-*.arrow"))) == len(files) - 1

    # Kept aggregates are used: a value changed behind an unchanged size and time is not seen.
    first = folder / files[0].name
    text, stat = first.read_bytes(), first.stat()
    before = _read(kind, folder, None)
    _alter_a_value(first, column)
    with pytest.raises(AssertionError):
        _same(_read(kind, folder, None), before)
    _same(_read(kind, folder, parts), before)
    first.write_bytes(text)
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    shutil.copy2(files[-1], folder / files[-1].name)  # the new month's file
    _same(_read(kind, folder, parts), _read(kind, folder, None))
    assert len(list(parts.glob(f"{kind}-*.arrow"))) == len(files)

    (folder / files[3].name).unlink()  # a file taken away
    _same(_read(kind, folder, parts), _read(kind, folder, None))

    changed = folder / files[1].name  # a reissue: new contents, a new time
    _alter_a_value(changed, column)
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    _same(_read(kind, folder, parts), _read(kind, folder, None))

    for entry in parts.glob("*.arrow"):
        entry.write_bytes(entry.read_bytes()[:100])  # cut: read again, kept again
    _same(_read(kind, folder, parts), _read(kind, folder, None))
    for store in STORES[kind]:  # each store's: the removed file's entry stays cut
        whole = [e for e in parts.glob(f"{store}-*.arrow") if e.stat().st_size > 100]
        assert len(whole) == len(list(folder.iterdir()))
        assert all(pl.read_ipc(e).height for e in whole)


STORES = {"cbt": ("cbt", "cbtsums", "cbtmonths"), "workforce": ("workforce",)}
"""Each reader's kept parts: telephony keeps each file's date x practice groups, its month x
practice x weekday sums and those added up to month x practice."""


def _cbt_rows(file: Path) -> tuple[str, list[str]]:
    header, *rows = file.read_text().splitlines(keepends=True)
    return header, rows


def test_telephony_a_new_days_file_and_a_reissue_give_what_reading_every_file_gives(
    tmp_path: Path,
) -> None:
    """Daily files a day at a time: each new day's file adds its sums to the kept ones; a
    reissued file (`_v2`, its dates the original's) wins date by date, kept sums or not."""
    folder, parts = tmp_path / "cbt", tmp_path / "parts"
    folder.mkdir()
    month = sorted((SAMPLE / "cbt").glob("*.csv"))[-1]
    header, rows = _cbt_rows(month)
    days = sorted({row.split(",")[0] for row in rows})
    for day in days[:3]:  # three days' files, read one after another
        name = f"CBT_By_Day_and_Time_{month.stem[-6:]}_{day}.csv"
        (folder / name).write_text(header + "".join(r for r in rows if r.startswith(day)))
        _same(_read("cbt", folder, parts), _read("cbt", folder, None))
    assert len(list(parts.glob("cbtsums-*.arrow"))) == 3
    first = sorted(folder.glob("*.csv"))[0]
    reissue = first.with_name(first.stem + "_v2.csv")
    header, rows = _cbt_rows(first)
    reissue.write_text(header + "".join(r.rsplit(",", 1)[0] + ",9999\n" for r in rows))
    with_parts = _read("cbt", folder, parts)
    _same(with_parts, _read("cbt", folder, None))

    def calls(file: Path, value: float | None = None) -> float:  # CBT001 of its practices' rows
        fields = [row.rstrip("\n").split(",") for row in _cbt_rows(file)[1]]
        return sum(value or float(f[-1]) for f in fields if f[6] == "CBT001" and f[5][0] == "X")

    others = sorted(folder.glob("*.csv"))[1:]
    expected = calls(first, 9999) + sum(calls(f) for f in others if f != reissue)
    assert with_parts.frames["monthly"]["CBT001"].sum() == expected  # the reissue's rows won


def test_telephony_months_one_file_holds_are_what_summing_every_file_again_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A month one file holds is taken from its kept sums and month x practice rows as they
    are: the same frames as every file read again and every month summed again."""
    folder, parts = tmp_path / "cbt", tmp_path / "parts"
    shutil.copytree(SAMPLE / "cbt", folder)
    _read("cbt", folder, parts)
    kept = _read("cbt", folder, parts)
    with monkeypatch.context() as patch:  # every month summed again, every file read again
        patch.setattr(cbt_sums, "_shared", lambda held: set().union(*held))
        again = _read("cbt", folder, None)
    _same(kept, again)
    keys = {"monthly": ("month", "practice"), "weekdays": ("practice", "month", "weekday")}
    for name, columns in keys.items():
        assert not kept.frames[name].select(columns).is_duplicated().any()
