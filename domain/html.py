"""Printable HTML of a Markdown document (the minutes, the assurance pack), rendered with
markdown-it-py (CommonMark with GFM tables), never a hand-written converter.

Raw HTML is enabled only because the minutes' own Markdown writes `<br>` for a line break
inside a table cell: every piece of user text is escaped before it reaches the Markdown
(domain.markdown.escape_text turns `<`, `>` and `&` inert), so the only tags are ours.
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; font-size: 11pt;
  line-height: 1.4; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #333; padding-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #999; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; width: 100%; font-size: 9.5pt; }
th, td { border: 1px solid #777; padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
tr:nth-child(even) td { background: #f6f6f6; }
code { font-family: ui-monospace, monospace; }
@media print {
  body { margin: 0; max-width: none; }
  h2 { break-before: page; }
  h1 + ul + p + h2, h1 + ul + h2 { break-before: auto; }
  table, tr { break-inside: avoid; }
  th { background: #e8e8e8 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def markdown_to_html(markdown: str, title: str) -> str:
    """A whole HTML document of `markdown`, styled for the screen and for print (A4)."""
    renderer = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    body = renderer.render(markdown)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def title_of(markdown: str) -> str:
    """The document's first heading, for the HTML title."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].replace("\\", "").strip()
    return "Chair"
