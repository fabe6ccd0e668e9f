"""``diploquote predict --input FILE``: JSON Lines split on newlines only, and every bad input a
located error on stderr with exit status 1, never a traceback."""

from __future__ import annotations

import json

import pytest

from diploquote.schema.jsonl import write_jsonl
from diploquote.cli import main

from helpers import ROOT

GOOD = {"id": "wire-9", "text": "Vladimir Putin said the talks had been useful."}


def predict(tmp_path, input_path) -> int:
    return main(["--root", str(ROOT), "predict", "rules", "--input", str(input_path), "--out", str(tmp_path / "p.jsonl")])


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_line_separators_inside_a_text_stay_in_the_text(tmp_path, separator):
    text = f"Vladimir Putin said the talks had been useful.{separator}Recep Tayyip Erdogan said the corridor must stay open."
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "d1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert predict(tmp_path, path) == 0
    (record,) = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").split("\n") if line]
    contents = [text[s["content"]["start"]:s["content"]["end"]] for s in record["statements"]]
    assert record["doc_id"] == "d1" and "the talks had been useful" in contents


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


BAD_INPUTS = {
    "a missing file": (None, "file-missing", "file"),
    "a directory": ("dir", "not-a-file", "file"),
    "a file that is not UTF-8": (json.dumps(GOOD).encode() + b"\n" + '{"id": "d2", "text": "Gespr\u00e4ch"}'.encode("latin-1"),
                                 "not-utf8", "line 2"),
    "a line that is not JSON": (json.dumps(GOOD) + "\n{'id': 'd2'}\n", "json-invalid", "line 2, column 2"),
    "a line without a string text": (json.dumps(GOOD) + "\n\n" + json.dumps({"id": "d3", "text": 7}) + "\n",
                                     "input-invalid", "line 3"),
    "a line without an id": (json.dumps({"text": "x"}) + "\n", "input-invalid", "line 1"),
    "a line that is not an object": ("[1, 2]\n", "json-array", "line 1"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_files_are_located_errors(tmp_path, capsys, case):
    content, code, where = BAD_INPUTS[case]
    path = tmp_path / "in.jsonl"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        _write(path, content)
    assert predict(tmp_path, path) == 1
    err = capsys.readouterr().err
    assert f"{path}: {where}: error [{code}]" in err and "Traceback" not in err
    assert not (tmp_path / "p.jsonl").exists()


def test_written_records_keep_one_line_each_for_any_reader(tmp_path):
    record = {"doc_id": "d1", "statements": [{"speaker_name": "Xi\u2028Jinping\u0085"}]}
    write_jsonl([record], tmp_path / "p.jsonl")
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [record]
