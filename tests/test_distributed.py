"""The same extraction on a real local Ray cluster (two model actors) gives the bytes of one core."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from diploquote.baselines.distributed import run_ray
from diploquote.baselines.runner import RunSettings, run
from diploquote.schema.layout import shard_path

from helpers import DATASET

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """A sample of the pool, 600 documents in three Parquet shards of the corpus config's shape."""
    folder = tmp_path_factory.mktemp("shards")
    table = pq.read_table(DATASET / shard_path("corpus", "pool"), columns=["id", "text", "source", "date"])
    for k in range(3):
        pq.write_table(table.slice(200 * k, 200), folder / f"part-{k}.parquet")
    return folder


def test_ray_cluster_predictions_equal_one_core(shards, tmp_path):
    settings = RunSettings(batch_size=50, workers=2)
    assert run_ray("rules", DATASET, shards, tmp_path / "ray.jsonl", settings) == 600
    run("rules", "attribution", DATASET, shards, tmp_path / "local.jsonl", RunSettings(batch_size=50, workers=1))
    ray_bytes = (tmp_path / "ray.jsonl").read_bytes()
    assert ray_bytes == (tmp_path / "local.jsonl").read_bytes()
    assert ray_bytes.count(b"\n") == 600
