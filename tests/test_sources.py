"""The sources of the pool are defined once (schema/sources.yaml): the manifest's schema takes its
enum from there, the readers have a parser for each, and a manifest line gives its source's licence."""

from __future__ import annotations

import json

import jsonschema
import pytest

from diploquote.builders.corpus import read_pool_manifest
from diploquote.builders.readers import PARSERS
from diploquote.schema import SOURCES, json_schema
from diploquote.schema.errors import DiploQuoteError

from helpers import XINHUA, make_dataset, manifest_rows


def test_every_source_has_a_reader_and_every_reader_a_source():
    assert set(PARSERS) == set(SOURCES) == {"whitehouse", "kremlin", "auspm", "xinhua"}


def test_the_manifest_schema_enum_is_the_source_list():
    validator = jsonschema.Draft202012Validator(json_schema("source-manifest"))
    row = manifest_rows()[XINHUA]
    assert json_schema("source-manifest")["$defs"]["source"]["enum"] == list(SOURCES)
    assert list(validator.iter_errors(row)) == []
    [error] = validator.iter_errors({**row, "source": "reuters"})
    assert "'reuters' is not one of" in error.message


def test_every_committed_manifest_line_gives_its_sources_licence_and_publisher():
    assert {r["source"]: r["license"] for r in manifest_rows().values()} == {s.id: s.license for s in SOURCES.values()}
    assert SOURCES["xinhua"].publisher == "Xinhua News Agency"


def test_a_manifest_line_with_another_licence_is_located(tmp_path):
    project = make_dataset(tmp_path / "project", [XINHUA])
    manifest = project / "dataset" / "raw" / "MANIFEST.jsonl"
    row = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**row, "license": "CC-BY-4.0"}) + "\n", encoding="utf-8")
    with pytest.raises(DiploQuoteError) as e:
        read_pool_manifest(project / "dataset" / "raw")
    [incident] = e.value.incidents
    assert (incident.code, incident.where) == ("license-mismatch", "line 1, field license")
    assert "all rights reserved" in incident.message
