"""The annotation worklist (``diploquote worklist``): every admitted document with its state, and
the gate that annotation files pass before they join the gold (``diploquote merge``).

A document's state is the furthest step it has reached:

- ``unassigned``: no file in ``dataset/annotations/``;
- ``pass-a``: annotated, in ``dataset/annotations/``;
- ``pass-b``: also annotated by an independent second pass, in the ``pass-b/`` folder of an
  agreement study (``STUDIES``);
- ``adjudicated``: the study's disagreements are decided (its ``adjudication.jsonl`` exists);
- ``audited``: in the study's ``audit-sample.txt``, once the reviewer's ``audit.jsonl`` exists.

Each row also carries the document's validation incidents, so that a file is put right before
anything is built from it.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from diploquote.builders.annotations.passes import STUDIES
from diploquote.builders.annotations.validate import annotation_files, validate_annotations
from diploquote.builders.corpus import load_corpus
from diploquote.schema.errors import Incident

STATES = ("unassigned", "pass-a", "pass-b", "adjudicated", "audited")


@dataclass(frozen=True)
class WorkItem:
    """One admitted document on the worklist."""

    id: str
    source: str
    split: str
    state: str  # one of STATES
    statements: int  # resolved statements in its annotation file (0 when unassigned)
    errors: tuple[str, ...]  # incident codes of its annotation file, in order

    def to_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "split": self.split, "state": self.state,
                "statements": self.statements, "errors": list(self.errors)}


def _study_states(agreement: Path) -> dict[str, str]:
    """The furthest study state of each document that is in a study."""
    states: dict[str, str] = {}
    for name in STUDIES:
        folder = agreement / name
        second = {p.stem for p in (folder / "pass-b").glob("*.yaml")}
        audited = set()  # a sampled document with nothing to record (no statement, none missed) has no line
        if (folder / "audit.jsonl").exists() and (folder / "audit-sample.txt").exists():
            audited = set((folder / "audit-sample.txt").read_text(encoding="utf-8").split())
        adjudicated = (folder / "adjudication.jsonl").exists()
        for doc in second:
            state = "audited" if doc in audited else "adjudicated" if adjudicated else "pass-b"
            states[doc] = max(states.get(doc, state), state, key=STATES.index)
        for doc in audited - second:  # audited without a second pass
            states[doc] = max(states.get(doc, "audited"), "audited", key=STATES.index)
    return states


def worklist(dataset: Path) -> list[WorkItem]:
    """Every admitted document of ``dataset/raw/`` with its state and its file's incidents, by id.

    The split is the build's: that of the document's near-duplicate group.
    """
    resolved, incidents = validate_annotations(dataset)
    by_doc: dict[str, list[str]] = {}
    for inc in incidents:
        by_doc.setdefault(Path(inc.file).stem, []).append(inc.code)
    files = {p.stem for p in annotation_files(dataset)}
    studies = _study_states(dataset / "agreement")
    items = []
    for c in load_corpus(dataset):
        doc = c.doc.id
        state = "unassigned" if doc not in files else studies.get(doc, "pass-a")
        items.append(WorkItem(doc, c.doc.source, c.split, state, len(resolved.get(doc, [])),
                              tuple(by_doc.get(doc, ()))))
    return items


def summary(items: list[WorkItem]) -> list[list]:
    """Rows of (source, one count per state, statements, files with errors), and a total row."""
    rows = []
    for source in sorted({i.source for i in items}) + ["all"]:
        mine = [i for i in items if source in ("all", i.source)]
        counts = Counter(i.state for i in mine)
        rows.append([source, *(counts[s] for s in STATES), sum(i.statements for i in mine),
                     sum(bool(i.errors) for i in mine)])
    return rows


def merge(dataset: Path, incoming: list[Path], extra_speakers: list[Path] = (),
          extra_targets: list[Path] = ()) -> tuple[list[Path], list[Incident]]:
    """Copy the incoming annotation files that validate without an error into
    ``dataset/annotations/``; a file already there is never replaced. Returns the files copied and
    the incidents of every file left out (a file is copied whole or not at all)."""
    target = dataset / "annotations"
    _, incidents = validate_annotations(dataset, incoming, extra_speakers=list(extra_speakers),
                                        extra_targets=list(extra_targets))
    refused = {Path(i.file) for i in incidents if i.level == "error"}
    incidents = [i for i in incidents if i.level == "error"]
    copied = []
    for path in incoming:
        if path in refused:
            continue
        if (target / path.name).exists():
            incidents.append(Incident("already-annotated", str(path), "file",
                                      f"{target / path.name} exists; edit that file instead of merging a new one"))
            continue
        shutil.copyfile(path, target / path.name)
        copied.append(path)
    return copied, incidents
