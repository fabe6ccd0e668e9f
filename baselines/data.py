"""What the baselines read and write: documents given on the command line, prediction files.

JSON Lines are split on "\n" only: ``str.splitlines`` also splits on U+2028, U+2029 and U+0085,
which JSON allows unescaped inside strings, so it would cut a text in two.
"""

from __future__ import annotations

import json
from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident


def _jsonl_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of every non-blank line of a UTF-8 JSON Lines file."""
    if not path.exists():
        raise DiploQuoteError(Incident("input-not-found", str(path), "file", "no such file; give a JSON Lines file"))
    if not path.is_file():
        raise DiploQuoteError(Incident("input-not-a-file", str(path), "file",
                                       "this is a folder, not a file; give a JSON Lines file"))
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise DiploQuoteError(Incident("input-not-utf8", str(path), f"line {line}",
                                       f"byte {data[e.start]:#04x} is not UTF-8; save the file as UTF-8")) from None
    return [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def read_documents(path: Path) -> list[dict]:
    """Documents of a JSON Lines file, one object with string ``id`` and ``text`` a line."""
    documents = []
    for n, line in _jsonl_lines(path):
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            raise DiploQuoteError(Incident("input-not-json", str(path), f"line {n}",
                                           f"not JSON ({e.msg} at column {e.colno}); write one JSON object a line")) from None
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not isinstance(doc.get("text"), str):
            raise DiploQuoteError(Incident("input-invalid", str(path), f"line {n}",
                                           "each line must be a JSON object with string 'id' and 'text'"))
        documents.append(doc)
    return documents


def write_jsonl(records: list[dict], path: Path) -> None:
    """One JSON object a line, UTF-8, newline-terminated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
