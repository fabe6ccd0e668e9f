"""The one registry of baseline models: name -> the tasks it predicts and how it predicts them.

The command line's ``predict MODEL`` choices and the leaderboard's rows are read from ``MODELS``.
Each model lives in its own module, whose ``predict(task, inputs)`` loads or fits what it needs:

- ``majority`` (``majority.py``): the floor, counted on the train split at each run;
- ``rules`` (``rules.py``): a cue-lexicon extractor; nothing to fit;
- ``tfidf-lr`` (``tfidf.py``): fitted on train with C chosen on validation, kept as a skops file;
- ``ngram-svm`` (``ngram.py``): linear SVMs over word and character n-grams of the statement and its
  sentence, fitted on train with its settings chosen on validation, kept as a skops file;
- ``crf`` (``crf.py``): a CRF tagger trained on train with (c1, c2) chosen on validation, kept in
  CRFsuite's format, with a speaker linker learned on train (``linker.py``) choosing among the
  candidates its mentions and ``rules`` propose;
- ``llm`` (``llm.py``, optional): any OpenAI-compatible endpoint; runs only when one is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from diploquote.baselines import crf, llm, majority, ngram, rules, tfidf
from diploquote.baselines.data import Inputs
from diploquote.schema.errors import DiploQuoteError, Incident


@dataclass(frozen=True)
class Model:
    name: str
    tasks: tuple[str, ...]  # of the harness's tasks: "attribution", "stance", "topic", "target"
    predict: Callable[[str, Inputs], list[dict]]  # (task, inputs) -> the harness's prediction records
    needs_endpoint: bool = False  # runs only with llm options (an endpoint to ask)
    # dataset -> a function of a batch of documents giving their attribution records, for the models that
    # run on any number of documents batch by batch (``diploquote.baselines.runner``)
    documents: Callable[[Path], Callable[[list[dict]], list[dict]]] | None = None


MODELS = {m.name: m for m in (
    Model("majority", ("attribution", "stance", "topic", "target"), majority.predict,
          documents=majority.document_model),
    Model("rules", ("attribution",), rules.predict, documents=rules.document_model),
    Model("crf", ("attribution",), crf.predict, documents=crf.document_model),
    Model("tfidf-lr", ("stance", "topic", "target"), tfidf.predict),
    Model(ngram.NAME, ("stance", "topic", "target"), ngram.predict),
    Model("llm", ("attribution",), llm.predict, needs_endpoint=True),
)}


def runnable(llm_options: dict | None) -> list[Model]:
    """The models that can run: all of them when an endpoint is given, else those that need none."""
    return [m for m in MODELS.values() if llm_options or not m.needs_endpoint]


def predict(model: str, task: str, dataset: Path, split: str | None = None, documents: list[dict] | None = None,
            models_dir: Path | None = None, llm_options: dict | None = None) -> list[dict]:
    """Prediction records of ``model`` for ``task``, on a release split or on given documents."""
    check(model, task, documents is not None, llm_options)
    return MODELS[model].predict(task, Inputs(dataset, split, documents, models_dir, llm_options))


def check(model: str, task: str, on_documents: bool, llm_options: dict | None = None) -> None:
    """Raise the located error when ``model`` cannot predict ``task`` (on documents, when
    ``on_documents``), before any input is read."""
    if model not in MODELS:
        raise DiploQuoteError(Incident("unknown-model", "command line", "MODEL",
                                       f"{model!r} is not a baseline; the models are {', '.join(MODELS)}"))
    entry = MODELS[model]
    if task not in entry.tasks:
        raise DiploQuoteError(Incident("task-not-supported", "command line", "--task",
                                       f"{model} predicts {', '.join(entry.tasks)}, not {task}"))
    if entry.needs_endpoint and not llm_options:
        raise DiploQuoteError(Incident("llm-endpoint-missing", "command line", "--llm-endpoint",
                                       f"the {model} model needs --llm-endpoint URL (an OpenAI-compatible server)"))
    if on_documents and task != "attribution":
        raise DiploQuoteError(Incident("input-needs-statements", "command line", "--input",
                                       "stance, topic and target models label gold statements: use --split"))
