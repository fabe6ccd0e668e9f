"""Text normalisation shared by every reader: NFC, one paragraph a line, no markup.

Annotation spans are anchored by their text, so a change here moves offsets but does not break
annotations; it does change ``text_sha256`` and the release's content hash, hence a new version.
The spans of a withheld document are anchored by offsets: after such a change its manifest
record (``parsed``) and its annotation file must be redone from the user's copy, which the build
reports (``parsed-record-mismatch``) when that copy is present.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Any run of white space, including no-break and typographic spaces, becomes one ASCII space.
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_HAS_WORD = re.compile(r"\w")


def paragraph(raw: str) -> str:
    """One paragraph: NFC, white space collapsed, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", raw)).strip()


def is_space(ch: str) -> bool:
    """Whether ``paragraph`` treats the character as white space (a run of such becomes one space)."""
    return _SPACE.fullmatch(ch) is not None


def join_paragraphs(paragraphs) -> str:
    """Normalise each paragraph and join them one a line.

    Paragraphs without a letter or digit (separators such as ``* * *``, ``###``, ``<…>``) are
    dropped: they carry no statement and only move offsets.
    """
    kept = (paragraph(p) for p in paragraphs)
    return "\n".join(p for p in kept if _HAS_WORD.search(p))


def sha256_text(text: str) -> str:
    """sha256 of the UTF-8 encoding of a normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
