"""Reading back the Markdown tables domain.markdown writes (the tests' side only)."""

from __future__ import annotations


def split_row(line: str) -> list[str]:
    """The cells of one table row, splitting only on unescaped pipes (the inverse of domain.markdown._row)."""
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for char in line.strip()[1:-1]:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    cells.append("".join(current).strip())
    return cells
