"""Prediction files: JSON Lines, validated line by line against their JSON Schema and the gold.

Every problem is an incident naming the file, the line and the field. Strict mode (the default)
stops with all of them; lenient mode scores what is valid and counts each rejected statement as a
spurious prediction of the system, so garbage never improves a score.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from diploquote.schema import json_schema
from diploquote.schema.errors import DiploQuoteError, Incident

from diploquote.eval.records import GoldDocument, PredStatement


@dataclass
class Loaded:
    """Valid predictions and what was rejected. ``rejected[doc_id]`` counts rejected statements."""
    by_key: dict = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    incidents: list[Incident] = field(default_factory=list)


def _lines(path: Path, loaded: Loaded):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        loaded.incidents.append(Incident("not-utf8", str(path), f"byte {e.start}", "save the file as UTF-8"))
        return
    if not text.strip():
        loaded.incidents.append(Incident("empty-file", str(path), "file",
                                         "the prediction file is empty; write one JSON object a line"))
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            loaded.incidents.append(Incident("json-invalid", str(path), f"line {n}, column {e.colno}",
                                             f"{e.msg}; each line must be one JSON object"))


def _schema_errors(validator, obj, path: Path, n: int) -> list[Incident]:
    return [Incident("schema-violation", str(path), f"line {n}, field {'.'.join(map(str, e.absolute_path)) or '(object)'}",
                     e.message[:300]) for e in validator.iter_errors(obj)]


def _check_span(span, name: str, length: int | None) -> str | None:
    if span is None:
        return None
    start, end = span["start"], span["end"]
    if end < start:
        return f"{name} is reversed (start {start} > end {end}); offsets are half-open [start, end)"
    if end == start:
        return f"{name} is empty (start = end = {start})"
    if length is not None and end > length:
        return f"{name} ends at {end}, past the end of the text ({length} characters)"
    return None


def load_attribution(path: Path, gold: list[GoldDocument]) -> Loaded:
    """Predicted statements by document id, from an attribution prediction file."""
    loaded = Loaded()
    docs = {d.doc_id: d for d in gold}
    validator = jsonschema.Draft202012Validator(json_schema("prediction-attribution"))
    seen: dict[str, int] = {}
    for n, obj in _lines(path, loaded):
        doc_id = obj.get("doc_id") if isinstance(obj, dict) else None
        statements = obj.get("statements") if isinstance(obj, dict) else None
        if not isinstance(doc_id, str) or not isinstance(statements, list):
            loaded.incidents += _schema_errors(validator, obj, path, n)
            continue
        if doc_id not in docs:
            loaded.incidents.append(Incident("unknown-document", str(path), f"line {n}, field doc_id",
                                             f"{doc_id!r} is not in the gold split; predict only gold documents"))
            loaded.rejected[doc_id] = loaded.rejected.get(doc_id, 0) + len(statements)
            continue
        if doc_id in seen:
            loaded.incidents.append(Incident("duplicate-document", str(path), f"line {n}, field doc_id",
                                             f"{doc_id!r} was already predicted on line {seen[doc_id]}; one line per document"))
            loaded.rejected[doc_id] = loaded.rejected.get(doc_id, 0) + len(statements)
            continue
        seen[doc_id] = n
        text = docs[doc_id].text
        length = len(text) if text is not None else None
        valid, keys = [], set()
        for k, st in enumerate(statements):
            where = f"line {n}, statements[{k}]"
            errs = [e.message[:300] for e in validator.iter_errors({"doc_id": doc_id, "statements": [st]})]
            if not errs:
                errs = [m for m in (_check_span(st.get(f), f, length) for f in ("content", "cue", "speaker_mention")) if m]
            if errs:
                loaded.incidents += [Incident("invalid-statement", str(path), where, m) for m in errs]
                loaded.rejected[doc_id] = loaded.rejected.get(doc_id, 0) + 1
                continue
            pred = _pred(st)
            if pred.sort_key() in keys:
                loaded.incidents.append(Incident("duplicate-statement", str(path), where,
                                                 "the same statement is predicted twice; keep one"))
                loaded.rejected[doc_id] = loaded.rejected.get(doc_id, 0) + 1
                continue
            keys.add(pred.sort_key())
            valid.append(pred)
        loaded.by_key[doc_id] = sorted(valid, key=PredStatement.sort_key)
    return loaded


def _span(s: dict | None) -> tuple[int, int] | None:
    return None if s is None else (s["start"], s["end"])


def _pred(st: dict) -> PredStatement:
    return PredStatement(
        content=_span(st["content"]),
        cue=_span(st.get("cue")),
        speaker_mention=_span(st.get("speaker_mention")),
        speakers=frozenset(st["speakers"]) if st.get("speakers") is not None else None,
        speaker_name=st.get("speaker_name"),
        type=st.get("type"),
        stance=st.get("stance"),
        target=st.get("target"),
        topics=frozenset(st["topics"]) if st.get("topics") is not None else None,
    )


def load_labels(path: Path, task: str, gold: list[GoldDocument]) -> Loaded:
    """Predicted labels by statement id, for the ``stance`` or ``topic`` task."""
    loaded = Loaded()
    field_name = "stance" if task == "stance" else "topics"
    validator = jsonschema.Draft202012Validator(json_schema(f"prediction-{task}"))
    owner = {st.statement_id: d.doc_id for d in gold for st in d.statements}
    seen: dict[str, int] = {}
    for n, obj in _lines(path, loaded):
        errs = _schema_errors(validator, obj, path, n)
        sid = obj.get("statement_id") if isinstance(obj, dict) else None
        doc_id = owner.get(sid) if isinstance(sid, str) else None
        if errs:
            loaded.incidents += errs
        elif doc_id is None:
            loaded.incidents.append(Incident("unknown-statement", str(path), f"line {n}, field statement_id",
                                             f"{sid!r} is not a gold statement of this split"))
        elif sid in seen:
            loaded.incidents.append(Incident("duplicate-statement", str(path), f"line {n}, field statement_id",
                                             f"{sid!r} was already predicted on line {seen[sid]}"))
        else:
            seen[sid] = n
            value = obj[field_name]
            loaded.by_key[sid] = frozenset(value) if task == "topic" else value
            continue
        if doc_id is not None:
            loaded.rejected[doc_id] = loaded.rejected.get(doc_id, 0) + 1
    return loaded


def raise_if_strict(loaded: Loaded, lenient: bool) -> None:
    if loaded.incidents and not lenient:
        raise DiploQuoteError(loaded.incidents)
    if any(i.code in ("empty-file", "not-utf8") for i in loaded.incidents):
        raise DiploQuoteError(loaded.incidents)
