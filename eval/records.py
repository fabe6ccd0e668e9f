"""The records the scorer works on: gold documents and statements, predicted statements.

Spans are ``(start, end)`` tuples of characters into the document's text, half-open; labels are
names (``support``, ``trade``), never ``ClassLabel`` integers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

# Offsets and lengths are characters and must fit a 32-bit signed integer, so that no array
# arithmetic of the scorer (spans laid end to end, one stretch per document) can wrap.
MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True)
class GoldStatement:
    statement_id: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker_mention: tuple[int, int] | None
    # None where the gold does not give the field (outside gold): the levels needing it do not apply
    speakers: frozenset[str] | None
    type: str | None
    stance: str | None
    target: str | None
    topics: frozenset[str] | None
    target_id: str | None = None  # None where the gold has no target ids (outside gold, releases before 0.3.0)
    act: str | None = None

    def sort_key(self) -> tuple:
        """The canonical order of gold statements: by content span, then id."""
        return (self.content, self.statement_id)


@dataclass
class GoldDocument:
    """``length`` is the text's length in characters; it is filled from the text when there is one
    and may be given where the text is withheld."""
    doc_id: str
    source: str
    text: str | None
    statements: list[GoldStatement] = field(default_factory=list)
    length: int | None = None
    date: str | None = None  # ISO, YYYY-MM-DD; None where the gold does not give it (outside gold)
    split: str | None = None

    def __post_init__(self):
        if self.text is not None:
            self.length = len(self.text)

    @property
    def span_limit(self) -> int:
        """Where predicted spans must end by (characters): the text's length when known, else
        the last gold offset (a withheld text runs at least that far; nothing beyond can be checked)."""
        if self.length is not None:
            return self.length
        return max((s[1] for st in self.statements for s in (st.content, st.cue, st.speaker_mention) if s), default=0)

    def in_canonical_order(self) -> GoldDocument:
        """The same document with its statements in canonical order (``GoldStatement.sort_key``)."""
        return replace(self, statements=sorted(self.statements, key=GoldStatement.sort_key))


@dataclass(frozen=True, slots=True)  # slots: a million of them are held at once
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
