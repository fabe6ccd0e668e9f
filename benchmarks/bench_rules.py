"""Throughput of the ``rules`` extractor on the whole pool, one core, against a floor.

The floor is a single pass of the cue-lexicon regular expression over each text: the least work
any cue-based extractor does. Texts are read from the built ``corpus`` config first (not timed),
so both sides time extraction only. Reports documents per second, the ratio and peak memory.

    python benchmarks/bench_rules.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq

from diploquote.baselines.rules import Extractor, Registry, Setting, author
from diploquote.schema.cues import EXTRACTION_CUES
from diploquote.schema.layout import shard_path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side; the fastest is reported")
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args()
    dataset = ROOT / "dataset"
    docs = [d for d in pq.read_table(dataset / shard_path("corpus", "pool"),
                                     columns=["id", "text", "source", "date"]).to_pylist() if d["text"]]
    speakers = pq.read_table(dataset / shard_path("speakers", "registry")).to_pylist()
    registry = Registry.build(speakers)
    import re

    cue_scan = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in EXTRACTION_CUES) + r")\b")

    def floor():
        return sum(len(cue_scan.findall(d["text"])) for d in docs)

    def rules():
        return sum(len(Extractor(registry, author(d, speakers), Setting.of(d, registry)).extract(d["text"])) for d in docs)

    results = {}
    for name, fn in (("cue-regex floor", floor), ("rules", rules)):
        best, found = float("inf"), 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            found = fn()
            best = min(best, time.perf_counter() - t)
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        results[name] = {"documents": len(docs), "seconds": best, "docs_per_second": len(docs) / best,
                         "found": found, "peak_traced_mib": peak / 2**20}
    print(f"{len(docs)} pool documents with text, one process")
    print(f"{'':<18}{'seconds':>9}{'docs/s':>10}{'found':>8}{'peak MiB':>10}")
    for name, r in results.items():
        print(f"{name:<18}{r['seconds']:>9.3f}{r['docs_per_second']:>10,.0f}{r['found']:>8}{r['peak_traced_mib']:>10.1f}")
    ratio = results["rules"]["seconds"] / results["cue-regex floor"]["seconds"]
    print(f"rules takes {ratio:.1f}x the floor's time; process peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if args.out:
        args.out.write_text(json.dumps({**results, "rules_over_floor_time": ratio}, indent=2) + "\n")


if __name__ == "__main__":
    main()
