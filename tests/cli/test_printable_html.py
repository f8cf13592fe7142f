"""The printable HTML of the assurance pack and of the minutes, opened in a real browser
(headless Chromium): the page renders its tables.

Two checks on what Chromium made of it: the DOM it built (`--dump-dom`) has a <table> for
every Markdown table and a row for every table line; and its screenshot is not blank and has
the table borders drawn (pixel rows crossed by the border colour), where the same page without
tables has none. Skipped when Chromium is not installed, unless CHAIR_REQUIRE_CHROMIUM is set
(.ci/run sets it after installing Debian's `chromium`).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from domain.html import markdown_to_html
from tests.cli.conftest import RunChair
from tests.db_templates import seeded_demo
from tests.storage.conftest import TODAY

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BORDER = (0x77, 0x77, 0x77)
"""The table borders' colour in domain.html's style sheet (#777)."""
WIDTH, HEIGHT = 800, 1000

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CHAIR_REQUIRE_CHROMIUM"),
        reason="chromium is not installed (apt-get install chromium)",
    ),
    pytest.mark.slow,  # a real headless browser: the slow end-to-end job (`pytest -m slow`)
]


def chromium(page: Path, *args: str) -> str:
    assert CHROMIUM is not None, "CHAIR_REQUIRE_CHROMIUM is set but chromium is not installed"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={page.parent / 'profile'}",
            f"--window-size={WIDTH},{HEIGHT}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=page.parent,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def screenshot(page: Path) -> list[list[tuple[int, int, int]]]:
    png = page.with_suffix(".png")
    chromium(page, f"--screenshot={png}")
    return decode_png(png.read_bytes())


def decode_png(data: bytes) -> list[list[tuple[int, int, int]]]:
    """Rows of RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, header = 8, b"", b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 4 if colour == 6 else 3
    stride = width * channels
    raw = zlib.decompress(idat)
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + guess) & 0xFF
        rows.append([tuple(line[i : i + 3]) for i in range(0, stride, channels)])  # type: ignore[misc]
        previous = line
    return rows


def border_rows(pixels: list[list[tuple[int, int, int]]]) -> int:
    """Pixel rows where a table's horizontal border runs: 300+ pixels of the border colour."""
    return sum(1 for row in pixels if sum(1 for p in row if p == BORDER) >= 300)


def inked_rows(pixels: list[list[tuple[int, int, int]]]) -> int:
    """Pixel rows with anything drawn on them (not all white)."""
    return sum(1 for row in pixels if any(p != (255, 255, 255) for p in row))


def markdown_tables(markdown: str) -> list[int]:
    """The number of body rows of each GFM table in `markdown`."""
    counts: list[int] = []
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| ---"):
            body = 0
            for after in lines[i + 1 :]:
                if not after.startswith("|"):
                    break
                body += 1
            counts.append(body)
    return counts


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("html") / "demo.db"
    seeded_demo(db, TODAY)  # a copy of the demo seeded once per test process
    return str(db)


@pytest.mark.parametrize(
    "command",
    [("report", "assurance", "--from", "2026-08-26"), ("minutes",)],
    ids=["assurance", "minutes"],
)
def test_the_printable_html_renders_its_tables_in_chromium(
    demo_db: str, run_chair: RunChair, tmp_path: Path, command: tuple[str, ...]
) -> None:
    common = ("--db", demo_db, "--today", TODAY.isoformat())
    markdown = run_chair(*common, *command)
    assert markdown.returncode == 0, markdown.stderr
    page = tmp_path / "page.html"
    written = run_chair(*common, *command, "--format", "html", "-o", str(page))
    assert written.returncode == 0, written.stderr
    expected = markdown_tables(markdown.stdout)
    assert len(expected) >= 3

    dom = chromium(page, "--dump-dom")
    tables = re.findall(r"<table>(.*?)</table>", dom, flags=re.S)
    assert [t.count("<tr>") - 1 for t in tables] == expected  # a header row, then the body
    assert "<th>Issue</th>" in dom or "<th>Dashboard</th>" in dom

    pixels = screenshot(page)
    assert (len(pixels), len(pixels[0])) == (HEIGHT, WIDTH)
    assert inked_rows(pixels) > HEIGHT // 4  # a page of text, not a blank one
    drawn = border_rows(pixels)
    assert drawn >= 4, f"only {drawn} pixel rows of table borders"

    plain = tmp_path / "plain.html"  # the same page, its tables left out
    without = "\n".join(line for line in markdown.stdout.splitlines() if not line.startswith("|"))
    plain.write_text(markdown_to_html(without, "plain"), encoding="utf-8")
    assert border_rows(screenshot(plain)) == 0
