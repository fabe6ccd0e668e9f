"""Build throughput against a parse-only floor, measured in one run.

Each side runs in its own process (so peak memory is its own): the floor reads and parses every
raw file of the pool with the project's readers and does nothing else; the build runs every stage
(read, normalise, curate, duplicate detection, splits, annotation resolution, Arrow tables,
Parquet, card) into a temporary folder. Reports documents per second, peak resident memory and
the ratio build / floor.

    python benchmarks/bench_build.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _floor(q):
    from diploquote.builders.corpus import read_pool_manifest, read_row

    raw = ROOT / "dataset" / "raw"
    t = time.perf_counter()
    n = sum(1 for row in read_pool_manifest(raw) if read_row(raw, row).lines.length)
    q.put((n, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _build(q):
    from diploquote.builders.release.build import assemble, stage
    from diploquote.viewer.charts import draw

    dataset = ROOT / "dataset"
    t = time.perf_counter()
    release, counts = assemble(dataset)
    staged = stage(dataset, release, counts, ROOT, draw)
    elapsed = time.perf_counter() - t
    shutil.rmtree(staged)
    q.put((release.tables["corpus"]["pool"].num_rows, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def measure(target) -> dict:
    q = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=target, args=(q,))
    p.start()
    n, seconds, rss_kib = q.get()
    p.join()
    return {"documents": n, "seconds": seconds, "docs_per_second": n / seconds, "peak_rss_mib": rss_kib / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side; the fastest is reported")
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args()
    floor = min((measure(_floor) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    build = min((measure(_build) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    result = {"floor_parse_only": floor, "build": build,
              "build_over_floor_time": build["seconds"] / floor["seconds"],
              "build_over_floor_memory": build["peak_rss_mib"] / floor["peak_rss_mib"]}
    print(f"{'':<18}{'docs':>6}{'seconds':>10}{'docs/s':>10}{'peak MiB':>10}")
    for name, r in (("parse-only floor", floor), ("full build", build)):
        print(f"{name:<18}{r['documents']:>6}{r['seconds']:>10.2f}{r['docs_per_second']:>10.0f}{r['peak_rss_mib']:>10.0f}")
    print(f"build takes {result['build_over_floor_time']:.2f}x the floor's time and "
          f"{result['build_over_floor_memory']:.2f}x its peak memory")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
