"""Paragraphs and sentences of a normalised document text: one paragraph a line, lines separated
by "\\n".

The builders need a paragraph's bounds for the ``context`` of a statement and for resolving a
repeated cue; the viewer needs them to show an error in its paragraph. A withheld document's text
may be absent, so the bounds are computed from the offsets of its line breaks, which the raw
manifest records; ``Lines.of`` gives the same for a text at hand. Sentences (``sentence_starts``)
are found in the text itself: the builders resolve and check a speaker mention in its statement's
sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache


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
    return _lines(text).paragraph(start, end)


@lru_cache(maxsize=4)  # as sentence_starts: the statements of one document ask in turn
def _lines(text: str) -> Lines:
    return Lines.of(text)


# Words whose period does not end a sentence ("Mr. Xi", "St. Petersburg", "No. 10", "Jan. 6").
_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr St No Jr Sr Gen Sen Rep Gov Amb Prof Lt Col Capt Mt Rev Hon vs "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
# A final mark, any closing quotes or brackets after it, then white space.
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_OPENING_QUOTES = "\"'\u201c\u2018"
# The word before a period: a run of non-space characters, less any opening quote or bracket.
_LAST_WORD = re.compile(r"[\"'\u201c\u2018(\[]*(\S*)$")
# "U.S", "U.N", "e.g": letters joined by periods (the final period is the one being tested).
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


@lru_cache(maxsize=4)  # the statements of one document ask about the same text in turn
def sentence_starts(text: str) -> tuple[int, ...]:
    """Character offsets, ascending, at which a sentence starts after the end of another.

    A sentence ends at ".", "!" or "?" (and any closing quotes or brackets after it) followed by
    white space and then a capital letter or an opening quote; a period after a common abbreviation
    (``Mr``, ``Dr``, ``St``, ``No``, a month), an initial ("Joseph R. Biden") or a dotted
    abbreviation ("U.S.") does not end one. The start of the text is not listed, nor that of a
    paragraph after one without a final mark (a heading): ``sentence_bounds`` keeps to the paragraph.
    """
    starts = []
    for m in _END.finditer(text):
        nxt = m.end()
        if nxt >= len(text) or not (text[nxt].isupper() or text[nxt] in _OPENING_QUOTES):
            continue
        if text[m.start()] == "." and _is_abbreviation(_LAST_WORD.search(text, max(0, m.start() - 20), m.start())[1]):
            continue
        starts.append(nxt)
    return tuple(starts)


def _is_abbreviation(word: str) -> bool:
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()) or bool(_DOTTED.fullmatch(word))


def sentence_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """(start, end) character offsets of the sentence holding ``start``, extended to the end of the
    sentence holding ``end`` (``start`` by default), inside its paragraph; the end is the next
    sentence's start, so a sentence keeps the white space after it."""
    end = start if end is None else end
    first, last = paragraph_bounds(text, start, end)
    starts = sentence_starts(text)
    before = bisect_right(starts, start)  # sentence starts at or before ``start``
    after = bisect_right(starts, end)  # the first sentence start after ``end``
    if before:
        first = max(first, starts[before - 1])
    if after < len(starts):
        last = min(last, starts[after])
    return first, last
