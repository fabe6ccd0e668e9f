"""Readers for the four raw formats of the pool.

Each reader takes a raw file's path and its decoded text and returns a ``Parsed``: title, date
(ISO 8601), URL where the file states one, and the normalised text. ``read_document`` adds the
provenance from the manifest row and the raw file's sha256. Every failure is a ``DiploQuoteError``
naming the file, the place and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from diploquote.schema import SOURCES
from diploquote.schema.errors import fail
from diploquote.schema.text import Lines
from diploquote.builders.normalise import sha256_bytes, sha256_text
from diploquote.builders.readers import auspm, kremlin, plaintext, whitehouse
from diploquote.builders.readers.parsed import Parsed


@dataclass(frozen=True)
class RawDocument:
    id: str
    source: str
    publisher: str
    title: str
    date: str
    url: str | None
    license: str
    text: str | None  # None for a withheld document read without its raw file, or one read_corpus did not keep
    text_sha256: str
    lines: Lines  # the text's length and line breaks, known even where the text is not
    raw_file: str  # relative to dataset/raw
    raw_sha256: str

    def outline(self) -> dict:
        """What the build needs of the document without its text: the ``parsed`` record that the
        raw manifest keeps for a withheld document (the text's length is in characters)."""
        return {"title": self.title, "date": self.date, "url": self.url, "text_sha256": self.text_sha256,
                "text_chars": self.lines.length, "newlines": list(self.lines.newlines)}


# The reader of each source of schema/sources.yaml (a test checks that both name the same sources).
PARSERS = {"whitehouse": whitehouse.parse, "kremlin": kremlin.parse, "auspm": auspm.parse, "xinhua": plaintext.parse}


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text of a raw file (a leading BOM is dropped); a clear error otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise fail(
            "not-utf8", path, f"byte {e.start}",
            f"the file is not valid UTF-8 ({e.reason}); re-save it as UTF-8 from the published source",
        ) from None


def parse(source: str, path: Path, text: str) -> Parsed:
    if source not in PARSERS:
        raise fail("unknown-source", path, "manifest",
                   f"no reader for source {source!r}; known sources are {sorted(PARSERS)}")
    return PARSERS[source](path, text)


def read_document(raw_dir: Path, row: dict) -> RawDocument:
    """Read one manifest row's file under ``raw_dir`` into a ``RawDocument``."""
    path = raw_dir / row["file"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail("raw-file-missing", path, "manifest entry " + row["id"],
                   "the manifest lists this file but it is absent; restore it or remove the entry") from None
    raw_sha = sha256_bytes(data)
    if row.get("sha256") and raw_sha != row["sha256"]:
        raise fail("raw-sha256-mismatch", path, "whole file",
                   f"sha256 is {raw_sha} but the manifest says {row['sha256']}; restore the file as "
                   "published or, if the change is deliberate, update the manifest and bump the version")
    parsed = parse(row["source"], path, decode(path, data))
    if not parsed.text:
        raise fail("empty-text", path, "body", "no text was extracted; check that the file is an article")
    return RawDocument(
        id=row["id"],
        source=row["source"],
        publisher=SOURCES[row["source"]].publisher,
        title=parsed.title or row.get("title") or "",
        date=parsed.date or row.get("date") or "",
        url=parsed.url or row.get("url"),
        license=row["license"],
        text=parsed.text,
        text_sha256=sha256_text(parsed.text),
        lines=Lines.of(parsed.text),
        raw_file=row["file"],
        raw_sha256=raw_sha,
    )
