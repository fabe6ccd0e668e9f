"""The worklist gives every admitted document its state; merge lets only clean files into the gold."""

from __future__ import annotations

import json
import shutil

from diploquote.builders.annotations.worklist import merge, summary, worklist
from diploquote.cli import main

from helpers import DATASET, make_dataset

# four real documents: two annotated, one of them also second-passed, adjudicated and audited
ANNOTATED = ["auspm-transcript-11573", "auspm-transcript-41109"]
UNANNOTATED = ["auspm-transcript-11550", "auspm-transcript-11578"]


def _project(tmp_path):
    root = make_dataset(tmp_path, sorted(ANNOTATED + UNANNOTATED))
    for doc in UNANNOTATED:  # annotated in the release; here they stand for documents not yet annotated
        (root / "dataset" / "annotations" / f"{doc}.yaml").unlink()
    return root


def test_states_follow_the_files_of_the_study(tmp_path):
    ds = _project(tmp_path) / "dataset"
    study = ds / "agreement" / "release-1.0"
    (study / "pass-b").mkdir(parents=True)
    shutil.copyfile(ds / "annotations" / f"{ANNOTATED[1]}.yaml", study / "pass-b" / f"{ANNOTATED[1]}.yaml")
    states = lambda: {i.id: i.state for i in worklist(ds)}  # noqa: E731
    assert states() == {ANNOTATED[0]: "pass-a", ANNOTATED[1]: "pass-b",
                        UNANNOTATED[0]: "unassigned", UNANNOTATED[1]: "unassigned"}
    (study / "adjudication.jsonl").write_text("")
    assert states()[ANNOTATED[1]] == "adjudicated"
    (study / "audit-sample.txt").write_text(ANNOTATED[1] + "\n")
    (study / "audit.jsonl").write_text("")
    assert states()[ANNOTATED[1]] == "audited"


def test_each_row_carries_its_statements_and_incident_codes(tmp_path):
    ds = _project(tmp_path) / "dataset"
    bad = ds / "annotations" / f"{ANNOTATED[1]}.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("stance: support", "stance: warm", 1), encoding="utf-8")
    items = {i.id: i for i in worklist(ds)}
    assert items[ANNOTATED[0]].statements == 0 and items[ANNOTATED[0]].errors == ()
    assert items[ANNOTATED[1]].errors and items[ANNOTATED[1]].statements == 0
    # source, unassigned, pass-a, pass-b, adjudicated, audited, statements, files with errors
    assert summary(list(items.values())) == [["auspm", 2, 2, 0, 0, 0, 0, 1], ["all", 2, 2, 0, 0, 0, 0, 1]]


def _incoming(tmp_path, doc: str, text: str):
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / f"{doc}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """document: auspm-transcript-11578
annotator: pass-a
guidelines: 3
statements: []
notes: a test file
"""


def test_merge_copies_clean_files_and_refuses_the_rest(tmp_path):
    ds = _project(tmp_path) / "dataset"
    good = _incoming(tmp_path, UNANNOTATED[1], GOOD)
    bad = _incoming(tmp_path, UNANNOTATED[0], GOOD.replace(UNANNOTATED[1], UNANNOTATED[0]).replace(
        "statements: []", "statements:\n- id: s1\n  content: words that are not in the text\n"))
    again = _incoming(tmp_path, ANNOTATED[0], GOOD.replace(UNANNOTATED[1], ANNOTATED[0]))
    copied, incidents = merge(ds, [bad, good, again])
    assert copied == [good]
    assert (ds / "annotations" / good.name).read_text(encoding="utf-8") == GOOD
    assert not (ds / "annotations" / bad.name).exists()
    assert {i.file for i in incidents} == {str(bad), str(again)}
    assert "already-annotated" in {i.code for i in incidents}
    # the file already in the gold is untouched
    assert (ds / "annotations" / again.name).read_bytes() == (DATASET / "annotations" / again.name).read_bytes()


def test_cli_writes_the_worklist_and_merge_exits_1_on_a_refused_file(tmp_path, capsys):
    root = _project(tmp_path)
    assert main(["--root", str(root), "worklist"]) == 0
    rows = [json.loads(line) for line in (root / "dataset" / "agreement" / "worklist.jsonl").read_text().splitlines()]
    assert [r["state"] for r in rows] == ["unassigned", "pass-a", "unassigned", "pass-a"]
    bad = _incoming(tmp_path, UNANNOTATED[0], GOOD.replace(UNANNOTATED[1], UNANNOTATED[0]).replace("guidelines: 3\n", "guidelines: 3\nstance: x\n"))
    assert main(["--root", str(root), "merge", str(bad.parent)]) == 1
    out = capsys.readouterr()
    assert "merged 0 of 1" in out.out and str(bad) in out.err
