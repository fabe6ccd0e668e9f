"""Prediction files: JSON Lines, validated line by line against their JSON Schema and the gold.

A prediction file may also be a folder or a glob of JSON Lines shards (``predict --input``'s
output), read in name order as one file. Each is read a line at a time and each line is kept only
as the compact records the scorer needs (speaker and topic sets shared between the statements
that give the same), so that millions of predicted statements never stand in memory as text or
as parsed JSON; the numbers are those of the same lines in one file.

Every problem is an incident naming the file, the line and the field. Strict mode (the default)
stops with all of them; lenient mode scores what is valid, reports every problem as a warning,
and counts each rejected statement as a spurious prediction of the system, so garbage never
improves a score. A file with nothing valid in it is refused in either mode.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from diploquote.schema import json_schema
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.jsonl import read_jsonl
from diploquote.schema.layout import named_files
from diploquote.schema.jsonschemas import schema_incidents, validator

from diploquote.eval.records import GoldDocument, PredStatement

FATAL = ("file-missing", "not-a-file", "cannot-read", "not-utf8", "empty-file", "no-prediction-files")  # nothing of the file could be read: refused even when lenient
SHOW_IDS = 5  # ids named in a missing-prediction incident


@dataclass
class Loaded:
    """Valid predictions and what was rejected.

    ``by_document[doc_id]`` holds predicted statements (attribution, canonical order);
    ``by_statement[statement_id]`` a predicted label (stance: a name; topic: a frozenset).
    ``rejected[doc_id]`` counts the rejected predictions of a gold document; ``accepted`` the
    lines that were used.
    """
    by_document: dict[str, list[PredStatement]] = field(default_factory=dict)
    by_statement: dict[str, str | frozenset[str]] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    incidents: list[Incident] = field(default_factory=list)
    accepted: int = 0

    def reject(self, doc_id: str, n: int = 1) -> None:
        self.rejected[doc_id] = self.rejected.get(doc_id, 0) + n


@dataclass(frozen=True)
class Records:
    """Predictions held in memory (``evaluate`` given a list of dicts, a DataFrame or a Dataset):
    the rows of a prediction file, numbered from 1 like its lines; ``name`` stands for the file
    in incidents."""
    rows: tuple
    name: str = "predictions"

    def __str__(self) -> str:
        return self.name


def prediction_files(given: Path) -> list[Path] | Incident:
    """The files a prediction path names: itself, the ``.jsonl`` files in a folder (any depth) or
    those a glob matches, in name order; an incident when a folder or a glob gives none."""
    found = named_files(given, ".jsonl", "give a prediction file or a folder of prediction shards")
    if found is None:
        return [given]
    files, why = found
    return files or Incident("no-prediction-files", str(given), "file", why)


def _items(source: Path | Records) -> Iterator[tuple[str, int, object] | Incident]:
    """(file, line number, value) of every line of the source, file after file."""
    if isinstance(source, Records):
        yield from ((source.name, n, row) for n, row in enumerate(source.rows, 1))
        return
    files = prediction_files(source)
    if isinstance(files, Incident):
        yield files
        return
    for path in files:
        for item in read_jsonl(path):
            yield item if isinstance(item, Incident) else (str(path), *item)


def _objects(path: Path | Records, loaded: Loaded) -> Iterator[tuple[str, int, dict]]:
    """(file, line number, object) of every line that is a JSON object; the rest become incidents."""
    empty = True
    for item in _items(path):
        empty = False
        if isinstance(item, Incident):
            loaded.incidents.append(item)
        elif not isinstance(item[2], dict):
            loaded.incidents.append(Incident("not-an-object", item[0], f"line {item[1]}",
                                             "each line must be one JSON object, not a "
                                             f"{type(item[2]).__name__}"))
        else:
            yield item
    if empty:
        loaded.incidents.append(Incident("empty-file", str(path), "file",
                                         "the prediction file is empty; write one JSON object a line"))


def _unknown_fields(obj: dict, known, path: Path, where: str, what: str) -> list[Incident]:
    """A warning for every key the schema does not know: a misspelt field would be silently ignored."""
    out = []
    for key in obj:
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            out.append(Incident("unknown-field", str(path), f"{where}, field {key}",
                                f"{what} has no field {key!r}; it is ignored. {hint}The fields are "
                                f"{', '.join(known)}", level="warning"))
    return out


def _check_span(span, name: str, doc: GoldDocument) -> str | None:
    """Why a (schema-valid) span cannot be scored, or None. Offsets beyond the document are
    refused here, before any array is built from them."""
    if span is None:
        return None
    start, end, limit = span["start"], span["end"], doc.span_limit
    if end < start:
        return f"{name} is reversed (start {start} > end {end}); offsets are half-open [start, end)"
    if end == start:
        return f"{name} is empty (start = end = {start})"
    if end > limit:
        if doc.length is None:
            return (f"{name} ends at {end}, past the last gold offset of this document ({limit}); its text is "
                    "withheld, so no span beyond can be checked")
        return f"{name} ends at {end}, past the end of the text ({limit} characters)"
    return None


def _statement_errors(st, doc: GoldDocument, attribution_validator, line_valid: bool) -> list[str]:
    """What makes a predicted statement unscorable; ``line_valid``: its whole line is known to be
    schema-valid, so the statement need not be checked against the schema on its own."""
    if not line_valid:
        errs = [e.message for e in attribution_validator.iter_errors({"doc_id": doc.doc_id, "statements": [st]})]
        if errs:
            return errs
    return [m for m in (_check_span(st.get(f), f, doc) for f in ("content", "cue", "speaker_mention")) if m]


def _missing(path: Path, expected: list[str], seen, what: str) -> list[Incident]:
    missing = [k for k in expected if k not in seen]
    if not missing:
        return []
    first = ", ".join(missing[:SHOW_IDS]) + (", ..." if len(missing) > SHOW_IDS else "")
    return [Incident("missing-prediction", str(path), "file",
                     f"{len(missing)} of {len(expected)} {what} of the split have no prediction line ({first}); "
                     "write one line for each (an empty prediction where the system finds nothing)")]


def load_attribution(path: Path, gold: list[GoldDocument]) -> Loaded:
    """Predicted statements by document id, from an attribution prediction file."""
    loaded = Loaded()
    docs = {d.doc_id: d for d in gold}
    check = validator("prediction-attribution")
    schema = json_schema("prediction-attribution")
    line_fields, statement_fields = list(schema["properties"]), list(schema["$defs"]["statement"]["properties"])
    seen: dict[str, str] = {}  # id -> where its first line is
    shared: dict[frozenset, frozenset] = {}
    for file, n, obj in _objects(path, loaded):
        doc_id, statements = obj.get("doc_id"), obj.get("statements")
        if not isinstance(doc_id, str) or not isinstance(statements, list):
            loaded.incidents += schema_incidents(check, obj, file, f"line {n}")
            continue
        if doc_id not in docs:
            loaded.incidents.append(Incident("unknown-document", file, f"line {n}, field doc_id",
                                             f"{doc_id!r} is not in the gold split; predict only gold documents"))
            continue
        if doc_id in seen:
            loaded.incidents.append(Incident("duplicate-document", file, f"line {n}, field doc_id",
                                             f"{doc_id!r} was already predicted on {seen[doc_id]}; one line per document"))
            loaded.reject(doc_id, len(statements))
            continue
        seen[doc_id] = _line(file, n, path)
        loaded.accepted += 1
        loaded.incidents += _unknown_fields(obj, line_fields, file, f"line {n}", "a prediction line")
        keys: dict[tuple, PredStatement] = {}  # by sort key: a repeat is refused, and the keys give the order
        line_valid = check.is_valid(obj)  # one check a line; a statement at a time only to locate a fault
        for k, st in enumerate(statements):
            where = f"line {n}, statements[{k}]"
            errs = _statement_errors(st, docs[doc_id], check, line_valid)
            if errs:
                loaded.incidents += [Incident("invalid-statement", file, where, m) for m in errs]
                loaded.reject(doc_id)
                continue
            loaded.incidents += _unknown_fields(st, statement_fields, file, where, "a predicted statement")
            pred = _pred(st, shared)
            key = pred.sort_key()
            if key in keys:
                loaded.incidents.append(Incident("duplicate-statement", file, where,
                                                 "the same statement is predicted twice; keep one"))
                loaded.reject(doc_id)
                continue
            keys[key] = pred
        loaded.by_document[doc_id] = [keys[key] for key in sorted(keys)]
    loaded.incidents += _missing(path, [d.doc_id for d in gold], seen, "documents")
    return loaded


def _span(s: dict | None) -> tuple[int, int] | None:
    return None if s is None else (s["start"], s["end"])


def _line(file: str, n: int, source) -> str:
    """Where a line is, for a duplicate of it: its number, and its shard when there are several."""
    return f"line {n}" if file == str(source) else f"line {n} of {file}"


def _set(values: list | None, shared: dict[frozenset, frozenset]) -> frozenset | None:
    """``values`` as a frozenset, one object for all the statements that give the same set: a
    million predictions name a few hundred speaker and topic sets."""
    if values is None:
        return None
    key = frozenset(values)
    return shared.setdefault(key, key)


def _pred(st: dict, shared: dict[frozenset, frozenset]) -> PredStatement:
    return PredStatement(
        content=_span(st["content"]),
        cue=_span(st.get("cue")),
        speaker_mention=_span(st.get("speaker_mention")),
        speakers=_set(st.get("speakers"), shared),
        speaker_name=st.get("speaker_name"),
        type=st.get("type"),
        stance=st.get("stance"),
        target=st.get("target"),
        topics=_set(st.get("topics"), shared),
    )


def load_labels(path: Path, task: str, gold: list[GoldDocument]) -> Loaded:
    """Predicted labels by statement id, for the ``stance``, ``topic`` or ``target`` task."""
    loaded = Loaded()
    field_name = {"stance": "stance", "topic": "topics", "target": "target_id"}[task]
    check = validator(f"prediction-{task}")
    line_fields = list(json_schema(f"prediction-{task}")["properties"])
    owner = {st.statement_id: d.doc_id for d in gold for st in d.statements}
    seen: dict[str, str] = {}  # id -> where its first line is
    shared: dict[frozenset, frozenset] = {}
    for file, n, obj in _objects(path, loaded):
        errs = schema_incidents(check, obj, file, f"line {n}")
        sid = obj.get("statement_id")
        doc_id = owner.get(sid) if isinstance(sid, str) else None
        if errs:
            loaded.incidents += errs
        elif doc_id is None:
            loaded.incidents.append(Incident("unknown-statement", file, f"line {n}, field statement_id",
                                             f"{sid!r} is not a gold statement of this split"))
        elif sid in seen:
            loaded.incidents.append(Incident("duplicate-statement", file, f"line {n}, field statement_id",
                                             f"{sid!r} was already predicted on {seen[sid]}"))
        else:
            seen[sid] = _line(file, n, path)
            loaded.accepted += 1
            loaded.incidents += _unknown_fields(obj, line_fields, file, f"line {n}", f"a {task} prediction line")
            value = obj[field_name]
            loaded.by_statement[sid] = _set(value, shared) if task == "topic" else value
            continue
        if doc_id is not None:
            loaded.reject(doc_id)
    loaded.incidents += _missing(path, list(owner), seen, "statements")
    return loaded


def settle(loaded: Loaded, path: Path, lenient: bool) -> list[Incident]:
    """Stop on the errors of a strict run; in a lenient run turn them into warnings, and refuse a
    file of which nothing could be used. Returns the warnings to print with the result."""
    fatal = [i for i in loaded.incidents if i.code in FATAL]
    if fatal:  # the rest (every document missing...) would only repeat it
        raise DiploQuoteError(fatal)
    if not lenient and any(i.level == "error" for i in loaded.incidents):
        raise DiploQuoteError(loaded.incidents)
    warnings = [replace(i, level="warning") for i in loaded.incidents]
    if loaded.accepted == 0:
        raise DiploQuoteError(warnings + [Incident("nothing-valid", str(path), "file",
                                                   "no line of the file is a valid prediction for this task and "
                                                   "split; check --task, --split and the file's format")])
    return warnings
