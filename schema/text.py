"""Paragraphs of a normalised document text: one paragraph a line, lines separated by "\\n".

The builders need a paragraph's bounds for the ``context`` of a statement and for resolving a
repeated cue; the viewer needs them to show an error in its paragraph. A withheld document's text
may be absent, so the bounds are computed from the offsets of its line breaks, which the raw
manifest records; ``Lines.of`` gives the same for a text at hand.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True)
class Lines:
    """Where the paragraphs of a text are: its length and the offsets of its "\\n" characters."""

    length: int  # characters
    newlines: tuple[int, ...]  # ascending character offsets

    @classmethod
    def of(cls, text: str) -> Lines:
        return cls(len(text), tuple(m.start() for m in re.finditer("\n", text)))

    def paragraph(self, start: int, end: int | None = None) -> tuple[int, int]:
        """(start, end) character offsets of the paragraph holding ``start``, extended to the end of
        the paragraph holding ``end`` (``start`` by default); the "\\n"s themselves are outside."""
        end = start if end is None else end
        before = bisect_left(self.newlines, start)  # line breaks strictly before ``start``
        after = bisect_left(self.newlines, end)  # the first line break at or after ``end``
        first = self.newlines[before - 1] + 1 if before else 0
        last = self.newlines[after] if after < len(self.newlines) else self.length
        return first, last


def paragraph_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """``Lines.of(text).paragraph(start, end)``: the paragraph of ``text`` holding those offsets."""
    return Lines.of(text).paragraph(start, end)
