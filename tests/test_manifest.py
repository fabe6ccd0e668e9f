"""The raw manifest: each ``file`` stays inside dataset/raw/, so a manifest line can make the build
read nothing else on the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diploquote.builders.corpus import read_manifest
from diploquote.cli import main
from diploquote.schema.errors import DiploQuoteError

from conftest import XINHUA, make_dataset


def project_with_file(tmp_path: Path, file: str) -> Path:
    """A project of the Xinhua document whose manifest line names ``file``."""
    project = make_dataset(tmp_path / "project", [XINHUA])
    manifest = project / "dataset" / "raw" / "MANIFEST.jsonl"
    row = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**row, "file": file}) + "\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("file,why", [
    ("/etc/hostname", "is an absolute path"),
    ("../../outside.txt", "climbs out of the folder with '..'"),
    ("xinhua/../../outside.txt", "climbs out of the folder with '..'"),
    ("C:\\Windows\\win.ini", "is an absolute path"),
])
def test_a_path_out_of_the_raw_folder_is_a_located_incident(tmp_path, file, why):
    project = project_with_file(tmp_path, file)
    with pytest.raises(DiploQuoteError) as e:
        read_manifest(project / "dataset" / "raw")
    [incident] = e.value.incidents
    assert (incident.code, incident.where) == ("raw-file-outside", "line 1, field file")
    assert incident.file == str(project / "dataset" / "raw" / "MANIFEST.jsonl")
    assert why in incident.message and "relative to dataset/raw/" in incident.message


def test_a_symbolic_link_out_of_the_raw_folder_is_refused(tmp_path, capsys):
    outside = tmp_path / "secret.txt"
    outside.write_text("date 2025-11-24 A secret\n\nNot part of the dataset.\n", encoding="utf-8")
    project = project_with_file(tmp_path, "xinhua/linked.txt")
    (project / "dataset" / "raw" / "xinhua" / "linked.txt").symlink_to(outside)
    assert main(["--root", str(project), "show", XINHUA, "--plain"]) == 1
    err = capsys.readouterr().err
    assert "MANIFEST.jsonl: line 1, field file: error [raw-file-outside]" in err
    assert "symbolic link" in err


def test_a_link_inside_the_raw_folder_is_accepted(tmp_path):
    project = project_with_file(tmp_path, "xinhua/linked.txt")
    raw = project / "dataset" / "raw" / "xinhua"
    (raw / "linked.txt").symlink_to(raw / "2025-11-24-xi-trump-phone-call.txt")
    assert [r["file"] for r in read_manifest(project / "dataset" / "raw")] == ["xinhua/linked.txt"]
