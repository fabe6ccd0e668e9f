"""Read a built release back: its tables by config and split, and its counts."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from diploquote.schema import arrow_schema
from diploquote.schema.layout import release_manifest, shard_path, split_names

from diploquote.builders.release import stats


def read_tables(dataset: Path, config: str) -> dict[str, pa.Table]:
    """The built tables of one config, by split."""
    release_manifest(dataset)  # raises when no release is built here
    schema = arrow_schema(config)
    return {s: pq.read_table(dataset / shard_path(config, s)) if (dataset / shard_path(config, s)).exists()
            else schema.empty_table() for s in split_names(config)}


def release_stats(dataset: Path) -> dict:
    return stats.compute(read_tables(dataset, "documents"), read_tables(dataset, "statements"),
                         read_tables(dataset, "corpus")["pool"])
