"""What every framework adapter shares: the prompt of a document, the reading of a reply into a
prediction line, and corpus-level scoring by the harness (the numbers and signature of
``diploquote eval`` on the same predictions).

The dataset folder is ``DIPLOQUOTE_DATASET`` when set, else ``dataset`` under the working
directory, else the repository's own.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

from diploquote.baselines.prompting import parse, prompt, read_answer, shots
from diploquote.eval.api import evaluate
from diploquote.eval.harness import Result

SPLIT = "test"
METRICS = ("content+speaker.f1", "content.f1", "content+speaker+cue.f1")  # the headline first


def dataset_dir() -> Path:
    """``DIPLOQUOTE_DATASET``, else ./dataset, else the repository's own (frameworks may change
    the working directory: Inspect runs a task from the task file's folder)."""
    if os.environ.get("DIPLOQUOTE_DATASET"):
        return Path(os.environ["DIPLOQUOTE_DATASET"])
    here = Path("dataset")
    return here.resolve() if (here / "data").is_dir() else Path(__file__).resolve().parents[2] / "dataset"


@functools.lru_cache(maxsize=4)
def _examples(dataset: Path) -> tuple:
    return tuple(shots(dataset))


def document_prompt(text: str | None) -> str:
    """The prompt for one document's text (the same for every framework and for ``predict llm``)."""
    return prompt(text or "", list(_examples(dataset_dir())))


def prediction_line(doc_id: str, text: str | None, reply: str) -> dict:
    """One line of an attribution prediction file from a model's reply."""
    statements, _ = read_answer(text or "", parse(reply))
    return {"doc_id": doc_id, "statements": statements}


@functools.lru_cache(maxsize=8)
def _score(lines_json: str, split: str, resamples: int) -> Result:
    lines = json.loads(lines_json)
    return evaluate(lines, split, dataset=dataset_dir(), resamples=resamples, speaker="name",
                    documents={line["doc_id"] for line in lines})


def score(lines: list[dict], split: str = SPLIT, resamples: int = 1000) -> Result:
    """The harness's result for the prediction lines of a framework run (on the documents it ran:
    a run with a limit is scored on those, and its signature says so). Computed once for the
    several metrics a framework asks for; the headline and the signature are printed to standard
    error each time, as the frameworks print only their own tables."""
    ordered = sorted(lines, key=lambda line: line["doc_id"])
    result = _score(json.dumps(ordered, sort_keys=True), split, resamples)
    print(f"DiploQuote {result.headline} = {result.scores[result.headline]['value']:.4f}  "
          f"{result.signature.long()}", file=sys.stderr)
    return result
