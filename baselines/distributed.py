"""``diploquote predict MODEL --input PARQUET --engine ray``: the batch runner's job on a Ray cluster.

Ray Data reads the Parquet shards in blocks across the cluster and runs the model as a stateful
callable (``BatchModel``: each actor loads the model once) in a pool of ``--workers`` actors; the
driver writes the prediction lines in input order (Ray's ``preserve_order``), so the file is the
same, byte for byte, as ``predict`` on one core. Ray was chosen over Spark for this job: it is a
``pip install`` with no JVM, a local cluster starts in seconds, and a model with state (a compiled
registry, a fitted CRF) is a class it runs as an actor, which Spark's ``mapInArrow`` would
rebuild in each task. Ray is an optional dependency: ``pip install -e '.[ray]'``.

``--ray-address`` connects to a running cluster (``ray start --head`` on one machine, ``ray start
--address HEAD:6379`` on the others); without it a local cluster is started with a CPU slot for each of the ``--workers`` actors
and one for reading.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa

from diploquote.baselines.registry import MODELS
from diploquote.baselines.runner import OPTIONAL_COLUMNS, RunSettings, open_input
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.jsonl import dumps_line


class BatchModel:
    """A model as Ray Data's stateful callable: a table of documents in, a table of prediction lines out."""

    def __init__(self, model: str, dataset: str, id_column: str, text_column: str):
        self.predict = MODELS[model].documents(Path(dataset))
        self.names = {id_column: "id", text_column: "text"}

    def __call__(self, batch: pa.Table) -> pa.Table:
        documents = [{self.names.get(k, k): v for k, v in row.items()} for row in batch.to_pylist()]
        return pa.table({"line": [dumps_line(record) for record in self.predict(documents)]})


def _ray():
    try:
        import ray
    except ImportError:
        raise DiploQuoteError(Incident("engine-missing", "command line", "--engine ray",
                                       "Ray is not installed; run pip install -e '.[ray]'")) from None
    return ray


def run_ray(model: str, dataset: Path, given: Path, out: Path, settings: RunSettings,
            address: str | None = None) -> int:
    """Predict the Parquet input ``given`` with ``model`` on a Ray cluster into the JSON Lines file
    ``out`` (written through a temporary name); returns the number of documents."""
    if MODELS[model].documents is None:
        raise DiploQuoteError(Incident("model-not-streaming", "command line", "MODEL",
                                       f"{model} cannot run on a cluster; the models that can are "
                                       f"{', '.join(m.name for m in MODELS.values() if m.documents)}"))
    source = open_input(given, settings)
    if source.jsonl:
        raise DiploQuoteError(Incident("engine-needs-parquet", str(given), "--input",
                                       "--engine ray reads Parquet; give Parquet shards (the corpus config's shape)"))
    ray = _ray()
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        # one CPU slot beyond the model's actors, for the tasks that list and read the files: with
        # exactly ``workers`` slots the actors hold them all and the read never starts
        ray.init(num_cpus=settings.workers + 1, include_dashboard=False, log_to_driver=False)
    try:
        ray.data.DataContext.get_current().execution_options.preserve_order = True
        import pyarrow.parquet as pq

        names = pq.ParquetFile(source.files[0]).schema_arrow.names
        columns = [settings.id_column, settings.text_column] + [c for c in OPTIONAL_COLUMNS if c in names]
        table = ray.data.read_parquet([str(f) for f in source.files]).select_columns(columns)
        lines = table.map_batches(BatchModel, fn_constructor_args=(model, str(dataset), settings.id_column,
                                                                   settings.text_column),
                                  batch_format="pyarrow", batch_size=settings.batch_size, concurrency=settings.workers)
        tmp = out.with_name(out.name + ".tmp")
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for batch in lines.iter_batches(batch_format="pyarrow", batch_size=None):
                f.writelines(line + "\n" for line in batch.column("line").to_pylist())
        os.replace(tmp, out)
    finally:
        ray.shutdown()
    return source.documents
