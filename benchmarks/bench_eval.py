"""Harness throughput against nervaluate on the same spans, in the same run.

Synthetic gold (``--statements``, 10 a document) and perturbed predictions (boundaries shifted by
up to 15 characters, 10% dropped, 10% with the wrong speaker, a spurious span in every fifth
document) are scored in overlap mode (IoU >= 0.5, one-to-one optimal matching, four levels).
Three timings, each in its own process so that peak memory is its own:

- ``diploquote columns``: the scorer on column arrays (the harness's own input form);
- ``diploquote objects``: the same from Python statement objects (conversion included);
- ``nervaluate``: ``Evaluator(...).evaluate()`` on the same spans as lists of dicts
  (inclusive ends), one label, greedy matching.

Then 1,000 bootstrap resamples over the documents' count rows.

    python benchmarks/bench_eval.py [--statements 1000000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _run(kind: str, n_docs: int, q) -> None:
    from synthetic import make

    from diploquote.eval import attribution, bootstrap
    from diploquote.eval.harness import Settings, evaluate
    from diploquote.eval.matching import Mode

    gold, loaded = make(n_docs)
    preds = [loaded.by_document[d.doc_id] for d in gold]
    statements = sum(len(d.statements) for d in gold)
    extra = {}
    if kind == "columns":
        codes: dict = {}
        gf = attribution.Columns.from_items([d.statements for d in gold], codes)
        pf = attribution.Columns.from_items(preds, codes)
        t = time.perf_counter()
        counts, _ = attribution.score_columns(gf, pf, Mode("overlap", 0.5), "id", {}, [0] * n_docs)
        elapsed = time.perf_counter() - t
        t = time.perf_counter()
        idx = bootstrap.resample_indices(n_docs, 1000, 12345)
        bootstrap.resampled_sums(counts, idx)
        extra["bootstrap_1000_seconds"] = time.perf_counter() - t
        c = counts.sum(0)[0]
        extra["content_counts"] = dict(zip(attribution.COUNT_FIELDS, map(float, c)))
    elif kind == "objects":
        t = time.perf_counter()
        evaluate(loaded, gold, Settings(mode=Mode("overlap", 0.5), resamples=0))
        elapsed = time.perf_counter() - t
    else:
        from nervaluate import Evaluator

        true = [[{"label": "S", "start": s.content[0], "end": s.content[1] - 1} for s in d.statements] for d in gold]
        pred = [[{"label": "S", "start": p.content[0], "end": p.content[1] - 1} for p in ps] for ps in preds]
        t = time.perf_counter()
        result = Evaluator(true, pred, tags=["S"]).evaluate()["overall"]["partial"]
        elapsed = time.perf_counter() - t
        extra["content_counts"] = {"correct": result.correct, "partial": result.partial,
                                   "missed": result.missed, "spurious": result.spurious}
    q.put({"statements": statements, "seconds": elapsed, "statements_per_second": statements / elapsed,
           "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra})


def measure(kind: str, n_docs: int) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_run, args=(kind, n_docs, q))
    p.start()
    out = q.get()
    p.join()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args()
    n_docs = args.statements // 10
    results = {k: measure(k, n_docs) for k in ("columns", "objects", "nervaluate")}
    base = results["nervaluate"]["seconds"]
    print(f"{args.statements:,} gold statements in {n_docs:,} documents, overlap mode")
    print(f"{'':<22}{'seconds':>9}{'stmts/s':>12}{'peak MiB':>10}{'speed-up':>10}")
    for k, r in results.items():
        print(f"{'diploquote ' + k if k != 'nervaluate' else k:<22}{r['seconds']:>9.2f}{r['statements_per_second']:>12,.0f}"
              f"{r['peak_rss_mib']:>10.0f}{base / r['seconds']:>9.1f}x")
    print(f"bootstrap, 1,000 resamples over {n_docs:,} documents: {results['columns']['bootstrap_1000_seconds']:.2f} s")
    print("content counts, ours (optimal, IoU >= 0.5):", results["columns"]["content_counts"])
    print("content counts, nervaluate (greedy, any overlap):", results["nervaluate"]["content_counts"])
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
