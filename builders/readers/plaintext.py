"""Plain-text news reports (the Xinhua article): the first line holds ``date YYYY-MM-DD headline``."""

from __future__ import annotations

import re
from pathlib import Path

from diploquote.schema.errors import fail
from diploquote.builders.normalise import join_paragraphs
from diploquote.builders.readers.parsed import Parsed

_HEAD = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$")
# A dateline standing alone under the headline ("November 25, 2025") is furniture.
_DATELINE = re.compile(r"^\s*[A-Z][a-z]+ \d{1,2}, \d{4}\s*$")


def parse(path: Path, text: str) -> Parsed:
    lines = text.splitlines()
    m = _HEAD.match(lines[0]) if lines else None
    if not m:
        raise fail("headline-missing", path, "line 1",
                   "the first line must read 'date YYYY-MM-DD headline'")
    body = [line for line in lines[1:] if not _DATELINE.match(line)]
    # Paragraphs are separated by blank lines; a wrapped paragraph's lines are joined.
    paragraphs = re.split(r"\n\s*\n", "\n".join(body))
    return Parsed(title=m.group(2), date=m.group(1), url=None, text=join_paragraphs(paragraphs))
