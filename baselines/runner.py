"""``diploquote predict MODEL --input``: a model run over any number of documents, batch by batch.

The input is JSON Lines, one Parquet file, or a folder or a glob of Parquet shards (the
``corpus`` config's shape, or any table with an id and a text column). It is checked whole first
(JSON Lines line by line, Parquet from its footers), then read again a batch at a time, so that
memory stays flat as the input grows: nothing is kept of a batch once its shard is written. Each
batch becomes one shard of predictions, ``OUT/part-00000.jsonl`` ..., written to a temporary name
and renamed, so that a shard on disk is always whole; ``OUT/_SUCCESS`` marks a finished run. A run
started again on the same folder keeps the shards already written (it says how many) and redoes
the rest. ``OUT`` ending in ``.jsonl`` is one file instead (no resuming).

Batches run in a process pool, each worker loading the model once; a Parquet batch goes to its
worker as Arrow columns and becomes Python objects there, so that the parent only reads and writes.
The shards are written in input order from what each batch gives, so the bytes do not depend on
the number of workers.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from diploquote.baselines.data import documents_of
from diploquote.baselines.registry import MODELS, check
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.jsonl import dumps_line
from diploquote.schema.layout import named_files

SUCCESS, RUN = "_SUCCESS", "_run.json"
OPTIONAL_COLUMNS = ("source", "date")  # read when present: the rules model names a release's author from them


@dataclass(frozen=True)
class RunSettings:
    batch_size: int = 1000  # documents a batch, and so a shard
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)  # processes running the model
    id_column: str = "id"  # of a Parquet input
    text_column: str = "text"


@dataclass(frozen=True)
class Source:
    """An input resolved and checked: its files and how many documents each holds."""
    files: list[Path]
    rows: list[int]
    jsonl: bool = False  # one JSON Lines file, else Parquet

    @property
    def documents(self) -> int:
        return sum(self.rows)

    def batch_sizes(self, batch_size: int) -> list[int]:
        """The documents of each batch, and so shard, the input makes: a batch never spans two files."""
        return [min(batch_size, n - start) for n in self.rows for start in range(0, n, batch_size)]


Batch = list[dict] | pa.RecordBatch  # documents of JSON Lines, or Arrow columns named id, text[, source, date]


@dataclass(frozen=True)
class Summary:
    documents: int
    shards: int
    skipped: int  # shards already written by an earlier run, kept


# ---------------------------------------------------------------- reading

def _parquet_files(given: Path) -> list[Path]:
    """The Parquet files ``given`` names: itself, those in the folder (any depth) or those the glob matches, sorted."""
    found = named_files(given, ".parquet", "give a folder of Parquet shards")
    if found is None:
        if given.exists():
            return [given]
        raise DiploQuoteError(Incident("file-missing", str(given), "file", "no such file; check the path"))
    files, why = found
    if not files:
        raise DiploQuoteError(Incident("input-missing", str(given), "file", why))
    return files


def _check_schema(path: Path, settings: RunSettings) -> Incident | int:
    """The rows of a Parquet file, or what is wrong with it (unreadable, a column missing or not text)."""
    try:
        meta = pq.read_metadata(path)
        schema = meta.schema.to_arrow_schema()
    except (pa.ArrowException, OSError) as e:
        return Incident("parquet-unreadable", str(path), "file", f"not a readable Parquet file ({e}); "
                        "rewrite it, or leave it out of the input")
    for column, option in ((settings.id_column, "--id-column"), (settings.text_column, "--text-column")):
        if column not in schema.names:
            return Incident("column-missing", str(path), "columns", f"no column {column!r}; the columns are "
                            f"{', '.join(schema.names)}: name the right one with {option}")
        if not (pa.types.is_string(schema.field(column).type) or pa.types.is_large_string(schema.field(column).type)):
            return Incident("column-type", str(path), f"column {column!r}",
                            f"the column holds {schema.field(column).type}, not strings; cast it to string")
    return meta.num_rows


def _check_jsonl(path: Path) -> int:
    """The documents of a JSON Lines file, counted in one pass that keeps none of them; every
    problem of the file is raised at once."""
    count, incidents = 0, []
    for item in documents_of(path):
        if isinstance(item, Incident):
            incidents.append(item)
        else:
            count += 1
    if incidents:
        raise DiploQuoteError(incidents)
    return count


def open_input(given: Path, settings: RunSettings) -> Source:
    """The input ``given`` checked whole before any prediction: every file readable, the columns there."""
    if given.suffix in (".jsonl", ".json") or (given.is_file() and given.suffix != ".parquet"):
        return Source([given], [_check_jsonl(given)], jsonl=True)
    files = _parquet_files(given)
    checked = [_check_schema(f, settings) for f in files]
    incidents = [c for c in checked if isinstance(c, Incident)]
    if incidents:
        raise DiploQuoteError(incidents)
    return Source(files, checked)


def _parquet_batches(path: Path, settings: RunSettings) -> Iterator[pa.RecordBatch]:
    """The file's rows in batches of Arrow columns, renamed to ``id``, ``text`` and the optional ones."""
    reader = pq.ParquetFile(path)
    names = reader.schema_arrow.names
    columns = {settings.id_column: "id", settings.text_column: "text",
               **{c: c for c in OPTIONAL_COLUMNS if c in names and c not in (settings.id_column, settings.text_column)}}
    done = 0
    try:
        for batch in reader.iter_batches(settings.batch_size, columns=list(columns)):
            done += batch.num_rows
            yield pa.RecordBatch.from_arrays(batch.columns, names=[columns[n] for n in batch.schema.names])
    except (pa.ArrowException, OSError) as e:
        raise DiploQuoteError(Incident("parquet-unreadable", str(path), f"rows after {done}",
                                       f"the file cannot be read on ({e}); rewrite it and run again: the "
                                       "shards written so far are kept")) from None


def _jsonl_batches(path: Path, size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for doc in documents_of(path):  # checked by open_input: every item is a document
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def batches(source: Source, settings: RunSettings) -> Iterator[Batch]:
    """The documents of ``source``, ``settings.batch_size`` at most a batch; a batch never spans two
    files. Only the batch in hand is in memory."""
    if source.jsonl:
        yield from _jsonl_batches(source.files[0], settings.batch_size)
        return
    for path in source.files:
        yield from _parquet_batches(path, settings)


def documents(batch: Batch) -> list[dict]:
    """A batch as ``{id, text[, source, date]}`` dicts, the form the models take."""
    return batch if isinstance(batch, list) else batch.to_pylist()


def read_all(given: Path, settings: RunSettings) -> list[dict]:
    """Every document of the input at once, for the models that do not run batch by batch."""
    return [doc for batch in batches(open_input(given, settings), settings) for doc in documents(batch)]


# ---------------------------------------------------------------- predicting

_MODEL: Callable[[list[dict]], list[dict]] | None = None  # the model a worker process loaded


def _load(model: str, dataset: Path) -> None:
    """A worker's initializer: the model loaded once for all the batches the worker runs."""
    global _MODEL
    _MODEL = MODELS[model].documents(dataset)


def _lines(batch: Batch) -> str:
    """The prediction records of a batch as JSON Lines text, made in the worker so that the parent only writes."""
    return "".join(dumps_line(record) + "\n" for record in _MODEL(documents(batch)))


def _predicted(model: str, dataset: Path, work: Iterable[tuple[int, Batch]], workers: int
               ) -> Iterator[tuple[int, int, str]]:
    """``(index, documents, text)`` of each batch of ``work``, in order. At most two batches a worker
    are in flight, so that a large input is never read ahead whole."""
    if workers == 1:
        _load(model, dataset)
        for index, batch in work:
            yield index, len(batch), _lines(batch)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a parent holding pyarrow's threads
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_load, initargs=(model, dataset)) as pool:
        pending: deque[tuple[int, int, Future]] = deque()
        for index, batch in work:
            pending.append((index, len(batch), pool.submit(_lines, batch)))
            if len(pending) >= 2 * workers:
                index, n, future = pending.popleft()
                yield index, n, future.result()
        while pending:
            index, n, future = pending.popleft()
            yield index, n, future.result()


# ---------------------------------------------------------------- writing

def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary name: a file with ``path``'s name is always whole."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def shard_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def _start_folder(out: Path, run: dict) -> None:
    """Make ``out`` ready for ``run``: a new folder, or one holding a run of the same settings."""
    record = out / RUN
    if record.exists() and json.loads(record.read_text(encoding="utf-8")) != run:
        raise DiploQuoteError(Incident("resume-mismatch", str(record), "file",
                                       "this folder holds predictions of another model, input or batch size; "
                                       "give a new --out folder, or remove this one to start again"))
    out.mkdir(parents=True, exist_ok=True)
    (out / SUCCESS).unlink(missing_ok=True)
    for leftover in out.glob("part-*.jsonl.tmp"):  # an interrupted write; the shard is done again
        leftover.unlink()
    _replace(record, json.dumps(run, indent=2, sort_keys=True) + "\n")


def _run_record(model: str, task: str, source: Source, settings: RunSettings) -> dict:
    """What a resumed run must share with the first: the model, the input's files and sizes, the batching."""
    return {"model": model, "task": task, "batch_size": settings.batch_size, "id_column": settings.id_column,
            "text_column": settings.text_column,
            "input": [{"file": f.name, "bytes": f.stat().st_size} for f in source.files]}


def run(model: str, task: str, dataset: Path, given: Path, out: Path, settings: RunSettings,
        progress: bool = False) -> Summary:
    """Predict ``task`` with ``model`` on the documents of ``given``; shards in the folder ``out``, or
    one file when ``out`` ends in ``.jsonl``."""
    check(model, task, on_documents=True)
    if MODELS[model].documents is None:
        raise DiploQuoteError(Incident("model-not-batched", "command line", "MODEL",
                                       f"{model} does not run on documents batch by batch; use "
                                       f"{', '.join(m.name for m in MODELS.values() if m.documents)}"))
    if settings.batch_size < 1 or settings.workers < 1:
        raise DiploQuoteError(Incident("setting-invalid", "command line", "--batch-size, --workers",
                                       "both must be at least 1"))
    source = open_input(given, settings)
    single = out.suffix == ".jsonl"
    if not single:
        _start_folder(out, _run_record(model, task, source, settings))
    sizes = source.batch_sizes(settings.batch_size)
    done = set() if single else _indices(out) & set(range(len(sizes)))
    if done and progress:
        print(f"resuming {out}: {len(done)} of {len(sizes)} shards already written, kept and skipped",
              file=sys.stderr)
    # the bar counts the documents still to predict, so that its docs/s and time left are this run's
    bar = tqdm(total=source.documents - sum(sizes[i] for i in done), unit=" docs", desc=model,
               file=sys.stderr, disable=not progress, dynamic_ncols=True)

    def work() -> Iterator[tuple[int, Batch]]:
        for index, batch in enumerate(batches(source, settings)):
            if index not in done:  # a shard in done is whole: written by an earlier run
                yield index, batch

    texts = _predicted(model, dataset, work(), settings.workers)
    with bar:
        if single:
            _write_single(out, texts, bar)
        else:
            for index, n, text in texts:
                _replace(out / shard_name(index), text)
                bar.update(n)
            (out / SUCCESS).write_text("", encoding="utf-8")
    return Summary(source.documents, len(sizes), len(done))


def _indices(out: Path) -> set[int]:
    """The indices of the whole shards in ``out``."""
    names = (p.name for p in out.glob("part-*.jsonl"))
    return {int(n[len("part-"):-len(".jsonl")]) for n in names if n[len("part-"):-len(".jsonl")].isdigit()}


def _write_single(out: Path, texts: Iterable[tuple[int, int, str]], bar: tqdm) -> None:
    """All the predictions in one file, renamed into place once whole."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for _, n, text in texts:
                f.write(text)
                bar.update(n)
    except BaseException:  # an unreadable batch, an interrupt: no half file left behind
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, out)
