"""The raw manifest: each ``file`` stays inside dataset/raw/, so a manifest line can make the build
read nothing else on the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diploquote.builders.corpus import read_pool_manifest
from diploquote.cli import main
from diploquote.schema.errors import DiploQuoteError

from helpers import make_dataset

DOC = "auspm-transcript-40828"  # an openly licensed document whose raw file is in the repository


def project_with_file(tmp_path: Path, file: str) -> Path:
    """A project of one document whose manifest line names ``file``."""
    project = make_dataset(tmp_path / "project", [DOC])
    manifest = project / "dataset" / "raw" / "MANIFEST.jsonl"
    row = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**row, "file": file}) + "\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("file,why", [
    ("/etc/hostname", "is an absolute path"),
    ("../../outside.txt", "climbs out of the folder with '..'"),
    ("auspm/../../outside.txt", "climbs out of the folder with '..'"),
    ("C:\\Windows\\win.ini", "is an absolute path"),
])
def test_a_path_out_of_the_raw_folder_is_a_located_incident(tmp_path, file, why):
    project = project_with_file(tmp_path, file)
    with pytest.raises(DiploQuoteError) as e:
        read_pool_manifest(project / "dataset" / "raw")
    [incident] = e.value.incidents
    assert (incident.code, incident.where) == ("raw-file-outside", "line 1, field file")
    assert incident.file == str(project / "dataset" / "raw" / "MANIFEST.jsonl")
    assert why in incident.message and "relative to dataset/raw/" in incident.message


def test_a_symbolic_link_out_of_the_raw_folder_is_refused(tmp_path, capsys):
    outside = tmp_path / "secret.xml"
    outside.write_text("<transcript><content>A secret, not part of the dataset.</content></transcript>\n", encoding="utf-8")
    project = project_with_file(tmp_path, "auspm/linked.xml")
    (project / "dataset" / "raw" / "auspm" / "linked.xml").symlink_to(outside)
    assert main(["--root", str(project), "show", DOC, "--plain"]) == 1
    err = capsys.readouterr().err
    assert "MANIFEST.jsonl: line 1, field file: error [raw-file-outside]" in err
    assert "symbolic link" in err


def test_a_link_inside_the_raw_folder_is_accepted(tmp_path):
    project = project_with_file(tmp_path, "auspm/linked.xml")
    raw = project / "dataset" / "raw" / "auspm"
    (raw / "linked.xml").symlink_to(raw / "transcript-40828.xml")
    assert [r["file"] for r in read_pool_manifest(project / "dataset" / "raw")] == ["auspm/linked.xml"]
