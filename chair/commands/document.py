"""Writing a Markdown document (minutes, the assurance pack) as Markdown or printable HTML."""

from __future__ import annotations

import sys
from pathlib import Path


def write_document(markdown: str, form: str, output: Path | None, what: str) -> None:
    """Markdown or printable HTML of it, to stdout or to a private file."""
    if form == "html":
        from domain.html import markdown_to_html, title_of

        markdown = markdown_to_html(markdown, title_of(markdown))
    if output is None:
        sys.stdout.write(markdown)
        sys.stdout.flush()
        return
    from storage.database.private_files import write_private

    write_private(output, markdown)
    print(f"{what} written to {output}", file=sys.stderr)
