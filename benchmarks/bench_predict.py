"""Throughput and memory of ``diploquote predict rules --input SHARDS --out DIR`` as the input grows.

A synthetic corpus is drawn (seeded) from the real pool's paragraphs: each document is 3 to 12
paragraphs picked at random, written as Parquet shards of 10,000 documents into a temporary folder
(removed after). A smaller size is the first shards of the largest (the same documents). Each run
is its own process (the command line's ``main``), so that its peak memory (self, and its waited-for
worker processes) is its own; its predictions are removed after it.

- peak memory: 2 workers at each of ``--sizes`` (flat: the same at every size);
- scaling: the 1-worker time over the 2-worker time at ``--scaling-size``;
- Ray: ``--engine ray`` with 2 model actors at ``--scaling-size``, its time over the 2-worker
  pool's (``--no-ray`` leaves it out; ``pip install -e '.[ray]'``).

    python benchmarks/bench_predict.py [--sizes 100000 1000000] [--scaling-size 100000] [--out FILE.json]
    python benchmarks/bench_predict.py --sizes 10000 20000 --scaling-size 20000 --out quick.json
"""

from __future__ import annotations

import argparse
import json
import shutil
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
# One run in a fresh interpreter: the command line, then its peak RSS (KiB) and its waited-for workers'.
# The run's own peak is VmHWM, which starts afresh at exec: ru_maxrss would carry over the peak of the
# forked benchmark process (the corpus it wrote), which is what made earlier runs look as if memory grew
# with the input. The workers' figure is ru_maxrss, an upper bound for the same reason (a worker is
# forked from the run before it execs).
CHILD = ("import json, resource, sys; from diploquote.cli import main; code = main(sys.argv[1:]); "
         "hwm = next(line for line in open('/proc/self/status') if line.startswith('VmHWM:')); "
         "print(json.dumps({'code': code, 'self_kib': int(hwm.split()[1]), "
         "'workers_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))")


def paragraphs() -> list[str]:
    """The non-blank paragraphs of the pool's texts."""
    texts = pq.read_table(ROOT / "dataset" / shard_path("corpus", "pool"), columns=["text"]).column("text")
    return [p for t in texts.to_pylist() if t for p in t.split("\n") if p.strip()]


def write_corpus(folder: Path, documents: int, seed: int = 0) -> list[Path]:
    """``documents`` synthetic documents in shards of ``SHARD``, in the corpus config's columns used."""
    rng, pool = np.random.default_rng(seed), paragraphs()
    folder.mkdir(parents=True)
    paths = []
    for shard, start in enumerate(range(0, documents, SHARD)):
        n = min(SHARD, documents - start)
        texts = ["\n".join(pool[i] for i in rng.integers(0, len(pool), size=rng.integers(3, 13))) for _ in range(n)]
        table = pa.table({"id": [f"synthetic-{start + i:07d}" for i in range(n)], "text": texts,
                          "source": ["synthetic"] * n, "date": ["2025-01-01"] * n})
        paths.append(folder / f"pool-{shard:05d}.parquet")
        pq.write_table(table, paths[-1])
    return paths


def first_shards(shards: list[Path], documents: int, folder: Path) -> Path:
    """A folder of links to the shards holding the first ``documents`` documents (a multiple of ``SHARD``)."""
    folder.mkdir()
    for path in shards[:-(-documents // SHARD)]:
        (folder / path.name).symlink_to(path)
    return folder


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


def measured(corpus: Path, size: int, workers: int, engine: str, out: Path) -> dict:
    """One run, printed, its predictions removed."""
    r = {"documents": size, **predict(corpus, out, workers, engine)}
    r["docs_per_second"] = size / r["seconds"]
    shutil.rmtree(out) if out.is_dir() else out.unlink()
    print(f"{size:>9,} documents, {engine}, {workers} worker(s): {r['seconds']:7.1f} s, "
          f"{r['docs_per_second']:7,.0f} docs/s, peak RSS {r['peak_self_mib']:.0f} MiB main, "
          f"{r['peak_worker_mib']:.0f} MiB largest worker", flush=True)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                    help=f"corpus sizes for peak memory, multiples of {SHARD:,}")
    ap.add_argument("--scaling-size", type=int, default=100_000, help="the size timed at 1 and 2 workers and on Ray")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "predict.json")
    ap.add_argument("--no-ray", action="store_true", help="leave out the run on a local Ray cluster")
    args = ap.parse_args()
    sizes = sorted({*args.sizes, args.scaling_size})
    runs = sorted({(size, 2, "local") for size in args.sizes} | {(args.scaling_size, 1, "local"),
                                                                  (args.scaling_size, 2, "local")}
                  | (set() if args.no_ray else {(args.scaling_size, 2, "ray")}))
    with tempfile.TemporaryDirectory() as tmp:
        shards = write_corpus(Path(tmp) / "corpus", sizes[-1])
        inputs = {size: first_shards(shards, size, Path(tmp) / f"first-{size}") for size in sizes}
        # Ray writes one file; the pool a folder of shards
        results = [measured(inputs[size], size, w, engine,
                            Path(tmp) / f"out-{size}-{w}-{engine}{'.jsonl' if engine == 'ray' else ''}")
                   for size, w, engine in runs]
    timed = {(r["workers"], r["engine"]): r["seconds"] for r in results if r["documents"] == args.scaling_size}
    summary = {"runs": results, "scaling_size": args.scaling_size,
               "scaling_2_over_1": timed[1, "local"] / timed[2, "local"],
               "peak_self_mib_by_size": {r["documents"]: r["peak_self_mib"] for r in results
                                         if r["workers"] == 2 and r["engine"] == "local"}}
    print(f"2 workers run {summary['scaling_2_over_1']:.2f}x as fast as 1 on {args.scaling_size:,} documents")
    if not args.no_ray:
        summary["ray_overhead_over_pool"] = timed[2, "ray"] / timed[2, "local"]
        print(f"Ray takes {summary['ray_overhead_over_pool']:.2f}x the time of the 2-worker pool")
    args.out.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
