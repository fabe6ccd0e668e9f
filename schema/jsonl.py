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


def _open(path: Path):
    """``path`` opened for reading bytes, or the incident saying why it cannot be."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        return Incident("file-missing", str(path), "file", "no such file; check the path")
    except IsADirectoryError:
        return Incident("not-a-file", str(path), "file", "this is a folder; give the path of a JSON Lines file")
    except OSError as e:
        return Incident("cannot-read", str(path), "file", f"{e.strerror or e}; check the path and its permissions")


def _decoded(path: Path) -> Iterator[tuple[int, str] | Incident]:
    """``(line number, text)`` of every line of ``path``, read a line at a time so that memory does
    not grow with the file; an incident, and nothing more, where the file cannot be read on."""
    f = _open(path)
    if isinstance(f, Incident):
        yield f
        return
    with f:
        n = 0
        try:
            for n, raw in enumerate(f, 1):  # a binary file splits at b"\n" only
                try:
                    yield n, raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    yield Incident("not-utf8", str(path), f"line {n}",
                                   f"byte {raw[e.start]:#04x} is not UTF-8; save the file as UTF-8")
                    return
        except OSError as e:
            yield Incident("cannot-read", str(path), f"line {n + 1}", f"{e.strerror or e}; check the file")


def read_jsonl(path: Path) -> Iterator[tuple[int, object] | Incident]:
    """``(line number, parsed value)`` for every non-blank line of ``path``, counted from 1, or an
    ``Incident`` (error level) for a line that is not JSON and for a file that cannot be read.
    The file is read a line at a time: a file of millions of lines is never held whole.

    A byte-order mark is reported (``byte-order-mark``) and skipped; a file holding one JSON array
    rather than one value a line is reported as ``json-array``.
    """
    first = True
    for item in _decoded(path):
        if isinstance(item, Incident):
            yield item
            return
        n, line = item
        if n == 1 and line.startswith(BOM):
            yield Incident("byte-order-mark", str(path), "line 1", "the file starts with a byte-order mark; "
                           "save it as UTF-8 without BOM")
            line = line[1:]
        if not line.strip():
            continue
        if first and line.lstrip().startswith("["):
            yield Incident("json-array", str(path), f"line {n}", "the file is one JSON array; write one JSON "
                           "object a line (JSON Lines), without the enclosing brackets")
            return
        first = False
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
