"""Build throughput against a parse-only floor, measured in one run, on the pool and on a pool
``--scale`` times its size.

Each side runs in its own process (so peak memory is its own): the floor reads and parses every
input file of the build with the project's readers and does nothing else (the pool's raw files; the
annotation files and the registries, each parsed and checked against its JSON Schema: at 1.0
every document has an annotation file, as much reading as its raw text); the build runs every stage
(read, normalise, curate, duplicate detection, splits, annotation resolution, Arrow tables,
Parquet, card) into a temporary folder. Reports documents per second, peak resident memory, the
ratio build / floor on each pool, the scaled build's peak memory over the real one's, and whether
the scaled pool keeps to the bounds (``TIME_BOUND``, ``MEMORY_BOUND``).

The scaled pool (``benchmarks/scaled_pool.py``) copies each real document ``scale - 1`` times in
its own raw format, with paragraphs drawn from its source's; only the real documents are annotated.

    python benchmarks/bench_build.py [--repeat 3] [--scale 10]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import tempfile
import time
from pathlib import Path

import scaled_pool

ROOT = Path(__file__).resolve().parent.parent


def _floor(q, root: Path):
    from diploquote.builders.annotations.resolve import load
    from diploquote.builders.annotations.speakers import load_registry
    from diploquote.builders.annotations.targets import load_targets
    from diploquote.builders.annotations.validate import annotation_files
    from diploquote.builders.corpus import read_pool_manifest, read_row

    dataset = root / "dataset"
    raw = dataset / "raw"
    t = time.perf_counter()
    n = sum(1 for row in read_pool_manifest(raw) if read_row(raw, row).lines.length)
    for path in annotation_files(dataset):
        load(path)
    load_registry(dataset / "speakers"), load_targets(dataset / "targets")
    q.put((n, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _build(q, root: Path):
    from diploquote.builders.release.build import assemble, stage
    from diploquote.viewer.charts import draw

    dataset = root / "dataset"
    t = time.perf_counter()
    release, counts = assemble(dataset)
    staged = stage(dataset, release, counts, root, draw)
    elapsed = time.perf_counter() - t
    shutil.rmtree(staged)
    q.put((release.tables["corpus"]["pool"].num_rows, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def measure(target, root: Path) -> dict:
    q = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=target, args=(q, root))
    p.start()
    p.join()
    if p.exitcode:
        raise SystemExit(f"the {target.__name__.strip('_')} run on {root} failed (exit code {p.exitcode}); see above")
    n, seconds, rss_kib = q.get()
    return {"documents": n, "seconds": seconds, "docs_per_second": n / seconds, "peak_rss_mib": rss_kib / 1024}


def compare(root: Path, repeat: int) -> dict:
    """The fastest of ``repeat`` runs of each side on the repository at ``root``; the two sides take
    turns, so that a machine whose speed drifts slows both alike."""
    runs = [(measure(_floor, root), measure(_build, root)) for _ in range(repeat)]
    floor = min((f for f, _ in runs), key=lambda r: r["seconds"])
    build = min((b for _, b in runs), key=lambda r: r["seconds"])
    return {"floor_parse_only": floor, "build": build,
            "build_over_floor_time": build["seconds"] / floor["seconds"],
            "build_over_floor_memory": build["peak_rss_mib"] / floor["peak_rss_mib"]}


# What the build must keep to: its time within TIME_BOUND x the parse-only floor's, on the pool and
# on the scaled pool, and its peak memory on the scaled pool within MEMORY_BOUND x that on the pool
# (memory flat as the pool grows).
TIME_BOUND, MEMORY_BOUND = 2.0, 1.5


def _holds(ok: bool) -> str:
    return "holds" if ok else "NOT MET"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side; the fastest is reported")
    ap.add_argument("--scale", type=int, default=10, help="the scaled pool's size, in pools (1: only the real one)")
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args()
    result = {"pool": compare(ROOT, args.repeat)}
    if args.scale > 1:
        with tempfile.TemporaryDirectory(prefix="diploquote-scaled-") as tmp:
            result[f"pool_x{args.scale}"] = compare(scaled_pool.write(Path(tmp), args.scale), args.repeat)
        result["scaled_build_over_pool_build_memory"] = (result[f"pool_x{args.scale}"]["build"]["peak_rss_mib"]
                                                         / result["pool"]["build"]["peak_rss_mib"])
    print(f"{'':<28}{'docs':>7}{'seconds':>10}{'docs/s':>10}{'peak MiB':>10}")
    for pool, r in ((k, v) for k, v in result.items() if isinstance(v, dict)):
        for name, side in (("parse-only floor", r["floor_parse_only"]), ("full build", r["build"])):
            print(f"{pool + ' ' + name:<28}{side['documents']:>7}{side['seconds']:>10.2f}"
                  f"{side['docs_per_second']:>10.0f}{side['peak_rss_mib']:>10.0f}")
        print(f"{pool}: the build takes {r['build_over_floor_time']:.2f}x the floor's time and "
              f"{r['build_over_floor_memory']:.2f}x its peak memory; time within {TIME_BOUND}x the floor's: "
              f"{_holds(r['build_over_floor_time'] <= TIME_BOUND)}")
    if args.scale > 1:
        print(f"the build's peak memory on the x{args.scale} pool is "
              f"{result['scaled_build_over_pool_build_memory']:.2f}x that on the pool; within {MEMORY_BOUND}x: "
              f"{_holds(result['scaled_build_over_pool_build_memory'] <= MEMORY_BOUND)}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
