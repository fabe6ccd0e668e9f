"""The log of released versions, ``dataset/RELEASES``: one line per release, ``VERSION DATE CONTENT_SHA256``.

Committed with the dataset and only ever appended to, it outlives the release in place: a build
refuses to reissue any logged version with other content, even after ``data/MANIFEST.json`` was
deleted. Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from diploquote.schema.errors import fail
from diploquote.schema.layout import parse_version

RELEASES = "RELEASES"
HEADER = ("# Released versions of DiploQuote: version, release date, logical content sha256 (data/MANIFEST.json's\n"
          "# content_sha256). Appended by `diploquote build`; a logged version is never reissued with other content.\n")
_LINE = re.compile(r"^(\S+) (\d{4}-\d{2}-\d{2}) ([0-9a-f]{64})$")


@dataclass(frozen=True)
class Entry:
    version: str
    date: str  # YYYY-MM-DD
    content_sha256: str
    line: int  # 1-based line of the log, for messages


def read_log(dataset: Path) -> dict[str, Entry]:
    """Every logged release by version (empty when there is no log yet)."""
    path = dataset / RELEASES
    if not path.exists():
        return {}
    entries: dict[str, Entry] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.match(line.strip())
        if not match or parse_version(match.group(1)) is None:
            raise fail("releases-invalid", path, f"line {n}",
                       "expected 'VERSION YYYY-MM-DD SHA256' (a semantic version, a date, 64 hex digits)")
        if match.group(1) in entries:
            raise fail("releases-invalid", path, f"line {n}",
                       f"version {match.group(1)} is logged twice (first on line {entries[match.group(1)].line}); "
                       "keep the first line, which is the release")
        entries[match.group(1)] = Entry(*match.groups(), line=n)
    return entries


def entry_line(version: str, date: str, content_sha256: str) -> str:
    return f"{version} {date} {content_sha256}\n"
