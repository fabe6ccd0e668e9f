"""Throughput and memory of ``diploquote predict rules --input SHARDS --out DIR`` as the input grows.

A synthetic corpus is drawn (seeded) from the real pool's paragraphs: each document is 3 to 12
paragraphs picked at random, written as Parquet shards of 10,000 documents into a temporary folder.
Each run is its own process (the command line's ``main``), so that its peak memory (self, and
its worker processes) is its own. Runs at 1 and 2 workers on 10,000 documents and on the full size.

    python benchmarks/bench_predict.py [--documents 100000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from diploquote.schema.layout import shard_path

ROOT = Path(__file__).resolve().parent.parent
SHARD = 10_000  # documents a Parquet shard of the synthetic corpus
# One run in a fresh interpreter: the command line, then its peak RSS (KiB on Linux) and its waited-for workers'.
CHILD = ("import json, resource, sys; from diploquote.cli import main; code = main(sys.argv[1:]); "
         "print(json.dumps({'code': code, 'self_kib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
         "'workers_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))")


def paragraphs() -> list[str]:
    """The non-blank paragraphs of the pool's texts."""
    texts = pq.read_table(ROOT / "dataset" / shard_path("corpus", "pool"), columns=["text"]).column("text")
    return [p for t in texts.to_pylist() if t for p in t.split("\n") if p.strip()]


def write_corpus(folder: Path, documents: int, seed: int = 0) -> None:
    """``documents`` synthetic documents in shards of ``SHARD``, in the corpus config's columns used."""
    rng, pool = np.random.default_rng(seed), paragraphs()
    folder.mkdir(parents=True)
    for shard, start in enumerate(range(0, documents, SHARD)):
        n = min(SHARD, documents - start)
        texts = ["\n".join(pool[i] for i in rng.integers(0, len(pool), size=rng.integers(3, 13))) for _ in range(n)]
        table = pa.table({"id": [f"synthetic-{start + i:07d}" for i in range(n)], "text": texts,
                          "source": ["synthetic"] * n, "date": ["2025-01-01"] * n})
        pq.write_table(table, folder / f"pool-{shard:05d}.parquet")


def predict(corpus: Path, out: Path, workers: int, engine: str = "local") -> dict:
    """One ``predict rules`` run: seconds, documents a second and peak memory in MiB."""
    argv = ["--root", str(ROOT), "predict", "rules", "--input", str(corpus), "--out", str(out),
            "--workers", str(workers), "--engine", engine]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    usage = json.loads(done.stdout.strip().splitlines()[-1])
    return {"workers": workers, "engine": engine, "seconds": seconds, "peak_self_mib": usage["self_kib"] / 1024,
            "peak_worker_mib": usage["workers_kib"] / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "predict.json")
    ap.add_argument("--ray", action="store_true", help="also run on a local Ray cluster (pip install -e '.[ray]')")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted({min(10_000, args.documents), args.documents}):
            corpus = Path(tmp) / f"corpus-{size}"
            write_corpus(corpus, size)
            runs = [(1, "local", f"out-{size}-1"), (2, "local", f"out-{size}-2")]
            runs += [(2, "ray", f"out-{size}-ray.jsonl")] if args.ray else []
            for workers, engine, name in runs:
                r = {"documents": size, **predict(corpus, Path(tmp) / name, workers, engine)}
                r["docs_per_second"] = size / r["seconds"]
                results.append(r)
                print(f"{size:>8} documents, {engine}, {workers} worker(s): {r['seconds']:7.1f} s, "
                      f"{r['docs_per_second']:7,.0f} docs/s, peak RSS {r['peak_self_mib']:.0f} MiB main, "
                      f"{r['peak_worker_mib']:.0f} MiB largest worker")
    largest = [r for r in results if r["documents"] == args.documents]
    scaling = largest[0]["seconds"] / largest[1]["seconds"]
    print(f"2 workers run {scaling:.2f}x as fast as 1 on {args.documents:,} documents")
    summary = {"runs": results, "scaling_2_over_1": scaling}
    if args.ray:
        summary["ray_overhead_over_pool"] = largest[2]["seconds"] / largest[1]["seconds"]
        print(f"Ray takes {summary['ray_overhead_over_pool']:.2f}x the time of the 2-worker pool")
    args.out.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
