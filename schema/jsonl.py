"""The project's one JSON Lines reader and writer.

A line ends at ``\\n`` only (``\\r\\n`` is accepted): ``str.splitlines`` would also split at
U+2028, U+0085 and other separators that may stand raw inside a JSON string, and so break a valid
line in two. The writer escapes those characters anyway, so that its files survive any reader.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident

# Characters that str.splitlines() splits at and json.dumps(ensure_ascii=False) leaves raw.
_LINE_BREAKERS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
BOM = "\ufeff"


def _read_text(path: Path) -> str | Incident:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Incident("file-missing", str(path), "file", "no such file; check the path")
    except IsADirectoryError:
        return Incident("not-a-file", str(path), "file", "this is a folder; give the path of a JSON Lines file")
    except OSError as e:
        return Incident("cannot-read", str(path), "file", f"{e.strerror or e}; check the path and its permissions")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return Incident("not-utf8", str(path), f"line {line}",
                        f"byte {data[e.start]:#04x} is not UTF-8; save the file as UTF-8")


def read_jsonl(path: Path) -> Iterator[tuple[int, object] | Incident]:
    """``(line number, parsed value)`` for every non-blank line of ``path``, counted from 1, or an
    ``Incident`` (error level) for a line that is not JSON and for a file that cannot be read.

    A byte-order mark is reported (``byte-order-mark``) and skipped; a file holding one JSON array
    rather than one value a line is reported as ``json-array``.
    """
    text = _read_text(path)
    if isinstance(text, Incident):
        yield text
        return
    if text.startswith(BOM):
        yield Incident("byte-order-mark", str(path), "line 1", "the file starts with a byte-order mark; "
                       "save it as UTF-8 without BOM")
        text = text[1:]
    if text.lstrip().startswith("["):
        yield Incident("json-array", str(path), "line 1", "the file is one JSON array; write one JSON object a "
                       "line (JSON Lines), without the enclosing brackets")
        return
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            yield Incident("json-invalid", str(path), f"line {n}, column {e.colno}",
                           f"{e.msg}; each line must be one JSON object")


def dumps_line(record, sort_keys: bool = False) -> str:
    """One JSON Lines line (without its newline): UTF-8 text as is, line separators escaped."""
    line = json.dumps(record, ensure_ascii=False, sort_keys=sort_keys)
    for char, escaped in _LINE_BREAKERS.items():
        line = line.replace(char, escaped)
    return line


def write_jsonl(records: Iterable, path: Path, sort_keys: bool = False) -> None:
    """Write ``records`` one a line to ``path`` (UTF-8), creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for record in records:
            f.write(dumps_line(record, sort_keys) + "\n")


def read_jsonl_lines(path: Path) -> tuple[list[tuple[int, object]], list[Incident]]:
    """``read_jsonl`` in two lists: the (line number, value) pairs and the incidents."""
    lines, incidents = [], []
    for item in read_jsonl(path):
        (incidents if isinstance(item, Incident) else lines).append(item)
    return lines, incidents


def read_jsonl_strict(path: Path) -> list:
    """Every value of ``path``; raises every incident of the file at once (for files the project
    itself writes, where any problem is an error)."""
    lines, incidents = read_jsonl_lines(path)
    if incidents:
        raise DiploQuoteError(incidents)
    return [value for _, value in lines]
