"""``datasets.Features`` and Arrow schemas of the four configs of a release.

Labels are ``ClassLabel``s so that their names travel with the Parquet files (``datasets`` stores
the features in the Parquet schema metadata); offsets are characters into ``text``, half-open.
"""

from __future__ import annotations

import pyarrow as pa
from datasets import ClassLabel, Features, List, Value

from diploquote.schema.labels import ACTS, STANCES, STATEMENT_TYPES, TARGETS, TOPICS

SPAN = {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}


def _statement_fields() -> dict:
    return {
        "statement_id": Value("string"),
        "content": dict(SPAN),
        "cue": dict(SPAN),
        "speaker_mention": dict(SPAN),
        "speakers": List(Value("string")),
        "type": ClassLabel(names=list(STATEMENT_TYPES)),
        "stance": ClassLabel(names=list(STANCES)),
        "target": ClassLabel(names=list(TARGETS)),
        "target_id": Value("string"),  # an id of the speaker or target registry, or "none"
        "act": ClassLabel(names=list(ACTS)),
        "topics": List(ClassLabel(names=list(TOPICS))),
    }


def _provenance_fields() -> dict:
    return {
        "id": Value("string"),
        "source": Value("string"),
        "publisher": Value("string"),
        "title": Value("string"),
        "date": Value("string"),
        "url": Value("string"),
        "license": Value("string"),
        "text": Value("string"),
        "text_sha256": Value("string"),
    }


def features(config: str) -> Features:
    """The ``datasets.Features`` of one config (``documents``, ``statements``, ``corpus``, ``speakers``)."""
    if config == "documents":
        return Features(
            {
                **_provenance_fields(),
                "split": Value("string"),
                "duplicate_group": Value("string"),
                "statements": List(_statement_fields()),
            }
        )
    if config == "statements":
        return Features(
            {
                "doc_id": Value("string"),
                "source": Value("string"),
                "split": Value("string"),
                **_statement_fields(),
                "context": dict(SPAN),
            }
        )
    if config == "corpus":
        return Features(
            {
                **_provenance_fields(),
                "raw_file": Value("string"),
                "raw_sha256": Value("string"),
                "duplicate_group": Value("string"),
                "annotated": Value("bool"),
            }
        )
    if config == "speakers":
        return Features(
            {
                "id": Value("string"),
                "name": Value("string"),
                "aliases": List(Value("string")),
                "country": Value("string"),
                "roles": List(
                    {"title": Value("string"), "start": Value("string"), "end": Value("string")}
                ),
            }
        )
    if config == "targets":
        return Features(
            {
                "id": Value("string"),
                "name": Value("string"),
                "kind": Value("string"),  # issue, agreement or relation
                "definition": Value("string"),
                "aliases": List(Value("string")),
                "countries": List(Value("string")),  # ISO 3166-1 alpha-3; the parties of a relation
            }
        )
    raise KeyError(f"unknown config {config!r}; the configs are documents, statements, corpus, speakers, targets")


def arrow_schema(config: str) -> pa.Schema:
    """The Arrow schema of one config, with the ``datasets`` features in its metadata."""
    return features(config).arrow_schema
