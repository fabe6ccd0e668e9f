"""The records the scorer works on: gold documents and statements, predicted statements.

Spans are ``(start, end)`` tuples of characters into the document's text, half-open; labels are
names (``support``, ``trade``), never ``ClassLabel`` integers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GoldStatement:
    statement_id: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker_mention: tuple[int, int] | None
    speakers: frozenset[str]
    type: str
    stance: str
    target: str
    topics: frozenset[str]


@dataclass
class GoldDocument:
    doc_id: str
    source: str
    text: str | None
    statements: list[GoldStatement] = field(default_factory=list)


@dataclass(frozen=True)
class PredStatement:
    content: tuple[int, int]
    cue: tuple[int, int] | None = None
    speaker_mention: tuple[int, int] | None = None
    speakers: frozenset[str] | None = None
    speaker_name: str | None = None
    type: str | None = None
    stance: str | None = None
    target: str | None = None
    topics: frozenset[str] | None = None

    def sort_key(self) -> tuple:
        """A canonical order, so that matching never depends on the order of the file."""
        return (self.content, self.cue or (-1, -1), self.speaker_mention or (-1, -1),
                tuple(sorted(self.speakers or ())), self.speaker_name or "", self.type or "",
                self.stance or "", self.target or "", tuple(sorted(self.topics or ())))


def normalise_name(name: str) -> str:
    """Casefolded, accents and punctuation dropped, white space collapsed: 'López Obrador' -> 'lopez obrador'."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.casefold().split())
