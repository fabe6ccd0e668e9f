"""Scoring from Python: ``evaluate(predictions)`` as ``diploquote eval`` scores a file.

``predictions`` may be a prediction file (JSON Lines), a list of dicts shaped like its lines, a
pandas DataFrame or a ``datasets.Dataset`` with those columns. The result is the harness's
``Result``, with ``to_dict()`` and ``to_dataframe()``; the numbers and the signature are those
of ``diploquote eval`` on the same predictions.
"""

from __future__ import annotations

from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident

from diploquote.eval import gold as gold_mod
from diploquote.eval.harness import Result, Settings
from diploquote.eval.harness import evaluate as score
from diploquote.eval.matching import Mode
from diploquote.eval.predictions import Records
from diploquote.eval.records import GoldDocument
from diploquote.eval.subsets import parse


def _plain(value):
    """A value of a DataFrame or Arrow row as JSON would give it: NumPy scalars and arrays become
    Python numbers and lists, and a null field is left out (a table gives every row every column,
    null where the row has none; the harness reads a null field as an absent one).

    An offset must still be an integer: pandas turns a nested integer column with nulls into
    floats, which are refused as in a file; read such Parquet with ``datasets`` or
    ``pyarrow.parquet.read_table(...).to_pylist()`` instead."""
    if hasattr(value, "tolist"):  # NumPy scalar or array
        value = value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def as_records(predictions, name: str = "predictions") -> Path | Records:
    """A prediction file's path as it is; rows in memory as ``Records``."""
    if isinstance(predictions, (str, Path)):
        return Path(predictions)
    if hasattr(predictions, "to_dict") and hasattr(predictions, "columns"):  # pandas DataFrame
        rows = predictions.to_dict("records")
    elif hasattr(predictions, "to_list") and hasattr(predictions, "features"):  # datasets.Dataset
        rows = predictions.to_list()
    elif isinstance(predictions, (list, tuple)):
        rows = list(predictions)
    else:
        raise DiploQuoteError(Incident("bad-predictions", name, "argument predictions",
                                       f"predictions must be a file path, a list of dicts, a pandas DataFrame or "
                                       f"a datasets.Dataset, not {type(predictions).__name__}"))
    return Records(tuple(_plain(r) for r in rows), name)


def load_target(dataset: Path, split: str, gold: Path | None = None) -> tuple[list[GoldDocument], dict]:
    """The gold to score against (a split of the release, or a documents-shaped ``gold`` file) and
    what the signature says of it: ``dataset_version``, ``content_hash``, ``split``, ``names``."""
    if gold is not None:
        docs = gold_mod.load_gold(gold)
        version, content_hash = gold_mod.file_info(gold)
        split = gold.name
    else:
        docs = gold_mod.release_gold(dataset, split)
        version, content_hash = gold_mod.release_info(dataset)
    return docs, dict(dataset_version=version, content_hash=content_hash, split=split,
                      names=gold_mod.speaker_names(dataset))


def evaluate(predictions, split: str = "test", *, task: str = "attribution", dataset: str | Path = "dataset",
             gold: str | Path | None = None, mode: str = "overlap", threshold: float = 0.5,
             speaker: str | None = None, where: tuple[str, ...] | list[str] = (), seed: int = 12345,
             resamples: int = 1000, confidence: float = 0.95, lenient: bool = False,
             documents: set[str] | None = None) -> Result:
    """Score ``predictions`` on ``split`` of the release in ``dataset`` (or on a ``gold`` file);
    the keywords are ``diploquote eval``'s options (``where``: its ``--where`` expressions).

    ``documents`` restricts the gold to those ids (a framework run with a limit); the signature's
    split then says how many of the split's documents were scored, ``test[3/211]``."""
    settings = Settings(task=task, mode=Mode(mode, threshold), seed=seed, resamples=resamples,
                        confidence=confidence, lenient=lenient, speaker=speaker,
                        where=tuple(parse(expr) for expr in where))
    docs, common = load_target(Path(dataset), split, None if gold is None else Path(gold))
    if documents is not None and set(documents) != {d.doc_id for d in docs}:
        kept = [d for d in docs if d.doc_id in documents]
        common["split"] = f"{common['split']}[{len(kept)}/{len(docs)}]"
        docs = kept
    return score(as_records(predictions), docs, settings, **common)
