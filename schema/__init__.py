"""The single source of truth of DiploQuote: label sets, topic codebook, sources, JSON Schemas and the
Arrow / ``datasets.Features`` of every config.

Everything else in the project reads its labels from here; nothing here imports the rest of the
project. Label order is fixed by the YAML files and is the order of the ``ClassLabel`` ids.
"""

from __future__ import annotations

from diploquote.schema.features import arrow_schema, features
from diploquote.schema.jsonschemas import json_schema
from diploquote.schema.labels import (ACTS, CONFIGS, LABEL_DEFINITIONS, SOURCES, SPLITS, STANCES, STATEMENT_TYPES, TARGETS,
                                      TOPICS, Source, topic_codebook)

__all__ = [
    "ACTS",
    "CONFIGS",
    "SOURCES",
    "Source",
    "SPLITS",
    "STANCES",
    "STATEMENT_TYPES",
    "TARGETS",
    "TOPICS",
    "LABEL_DEFINITIONS",
    "arrow_schema",
    "features",
    "json_schema",
    "topic_codebook",
]
