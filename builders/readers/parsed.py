"""What every reader returns: the parsed title, date, URL and normalised text of one raw file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parsed:
    title: str
    date: str  # ISO 8601, or "" where the file gives none
    url: str | None
    text: str  # normalised: paragraphs joined by "\n"
