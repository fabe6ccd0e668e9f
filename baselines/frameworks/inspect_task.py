"""DiploQuote attribution as an Inspect AI task:
``inspect eval baselines/frameworks/inspect_task.py --model <provider/model>``, run from the
project's root (the release is read from ./dataset, or from ``DIPLOQUOTE_DATASET``).

Each sample is one document of the split, asked with the prompt every path shares; the scorer
reads the reply into a prediction line, and the metrics are the DiploQuote harness's corpus-level
scores of all lines (the numbers and signature of ``diploquote eval``).
"""

from __future__ import annotations

import json

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import GenerateConfig
from inspect_ai.scorer import SampleScore, Score, Target, metric, scorer
from inspect_ai.solver import TaskState, generate

from diploquote.baselines.data import load_documents
from diploquote.baselines.frameworks.common import SPLIT, dataset_dir, document_prompt, prediction_line, score
from diploquote.baselines.llm import MAX_TOKENS


def _value(scores: list[SampleScore], name: str) -> float:
    """The harness's corpus-level score ``name`` of the samples' lines; NaN for no sample (Inspect
    also asks its metrics of empty sets, which the harness refuses to score)."""
    if not scores:
        return float("nan")
    return score([s.score.metadata["line"] for s in scores]).scores[name]["value"]


@metric
def content_speaker_f1():
    def compute(scores: list[SampleScore]) -> float:
        return _value(scores, "content+speaker.f1")
    return compute


@metric
def content_f1():
    def compute(scores: list[SampleScore]) -> float:
        return _value(scores, "content.f1")
    return compute


@metric
def content_speaker_cue_f1():
    def compute(scores: list[SampleScore]) -> float:
        return _value(scores, "content+speaker+cue.f1")
    return compute


@scorer(metrics=[content_speaker_f1(), content_f1(), content_speaker_cue_f1()])
def diploquote_scorer():
    """A sample's value is the number of statements read from its reply; the metrics score all."""
    async def read(state: TaskState, target: Target) -> Score:
        line = prediction_line(str(state.sample_id), state.metadata["text"], state.output.completion)
        return Score(value=len(line["statements"]), answer=json.dumps(line["statements"]), metadata={"line": line})
    return read


@task
def diploquote_attribution(split: str = SPLIT) -> Task:
    documents = load_documents(dataset_dir(), split)
    samples = [Sample(input=document_prompt(d["text"]), id=d["id"], metadata={"text": d["text"]})
               for d in sorted(documents, key=lambda d: d["id"])]
    return Task(dataset=MemoryDataset(samples, name=f"diploquote-{split}"), solver=[generate()],
                scorer=diploquote_scorer(), config=GenerateConfig(temperature=0.0, max_tokens=MAX_TOKENS))
