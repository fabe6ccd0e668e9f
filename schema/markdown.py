"""The project's one Markdown table builder."""

from __future__ import annotations


def cell(value) -> str:
    """A value as one table cell: pipes escaped (also inside code spans, as GFM requires), line
    breaks turned into spaces, so that a value can never add a column or end the row."""
    return str(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _row(values: list) -> str:
    return "|" + "".join(f" {cell(v)} |" if str(v) else " |" for v in values)


def table(header: list, rows: list[list]) -> str:
    """A GitHub-flavoured Markdown table, without a trailing newline; an empty header cell is ``| |``."""
    return "\n".join([_row(header), "|" + "---|" * len(header)] + [_row(r) for r in rows])
