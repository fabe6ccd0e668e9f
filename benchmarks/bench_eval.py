"""Harness throughput against nervaluate on the same spans, in the same run.

Synthetic gold (``--statements``, 10 a document) and perturbed predictions (boundaries shifted by
up to 15 characters, 10% dropped, 10% with the wrong speaker, a spurious span in every fifth
document) are scored in overlap mode (IoU >= 0.5, one-to-one optimal matching, four levels).
Four timings, each in its own process so that peak memory (VmHWM) is its own:

- ``diploquote shards``: ``evaluate`` on the predictions as JSON Lines shards the benchmark writes
  (1,000 documents a shard, in a temporary folder removed after): reading, validating and scoring
  (no bootstrap), what ``diploquote eval --predictions FOLDER`` does after loading the gold; its
  ``gold_rss_mib`` is the memory held before the predictions are read (the gold, which is in
  memory by design), so that the rest of its peak is the predictions';
- ``diploquote columns``: the scorer on column arrays (the harness's own input form);
- ``diploquote objects``: the same from Python statement objects (conversion included);
- ``nervaluate``: ``Evaluator(...).evaluate()`` on the same spans as lists of dicts
  (inclusive ends), one label, greedy matching.

Then 1,000 bootstrap resamples over the documents' count rows.

    python benchmarks/bench_eval.py [--statements 1000000] [--out benchmarks/results/eval-1m.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


SHARD = 1_000  # documents a prediction shard


def peak_mib() -> float:
    """This process's peak RSS: VmHWM starts afresh at exec, unlike ru_maxrss, which a spawned
    process carries over from the one it was forked from."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def _span(span) -> dict | None:
    return None if span is None else {"start": span[0], "end": span[1]}


def _line(doc_id: str, preds) -> dict:
    """A prediction line of ``synthetic.make``'s predicted statements."""
    return {"doc_id": doc_id, "statements": [
        {k: v for k, v in (("content", _span(p.content)), ("speakers", sorted(p.speakers or ()) or None),
                           ("stance", p.stance), ("topics", sorted(p.topics) if p.topics else None)) if v is not None}
        for p in preds]}


def write_shards(n_docs: int, folder: str) -> None:
    """The synthetic predictions as JSON Lines shards of ``SHARD`` documents in ``folder``."""
    from synthetic import make

    from diploquote.schema.jsonl import write_jsonl

    gold, loaded = make(n_docs)
    for k in range(0, n_docs, SHARD):
        write_jsonl((_line(d.doc_id, loaded.by_document[d.doc_id]) for d in gold[k:k + SHARD]),
                    Path(folder) / f"part-{k // SHARD:05d}.jsonl")


def _run(kind: str, n_docs: int, q, folder: str | None = None) -> None:
    from synthetic import make

    from diploquote.eval import attribution, bootstrap
    from diploquote.eval.harness import Settings, evaluate
    from diploquote.eval.matching import Mode

    gold, loaded = make(n_docs)
    preds = [loaded.by_document[d.doc_id] for d in gold]
    statements = sum(len(d.statements) for d in gold)
    extra = {}
    if kind == "shards":
        for d in gold:  # the text is withheld: room for the predicted spans past the last gold one
            d.length = d.span_limit + 100
        del loaded, preds  # only the gold stays: the predictions are read from the shards
        extra["gold_rss_mib"] = peak_mib()
        t = time.perf_counter()
        result = evaluate(Path(folder), gold, Settings(mode=Mode("overlap", 0.5), resamples=0))
        elapsed = time.perf_counter() - t
        extra["content_counts"] = result.counts["content"]
    elif kind == "columns":
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
           "peak_rss_mib": peak_mib(), **extra})


def measure(kind: str, n_docs: int, folder: str | None = None) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_run, args=(kind, n_docs, q, folder))
    p.start()
    out = q.get()
    p.join()
    return out


def written(n_docs: int, folder: str) -> None:
    """``write_shards`` in its own process, so that this one stays small."""
    p = mp.get_context("spawn").Process(target=write_shards, args=(n_docs, folder))
    p.start()
    p.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args()
    n_docs = args.statements // 10
    with tempfile.TemporaryDirectory() as folder:
        written(n_docs, folder)
        results = {"shards": measure("shards", n_docs, folder)}
    results.update({k: measure(k, n_docs) for k in ("columns", "objects", "nervaluate")})
    base = results["nervaluate"]["seconds"]
    print(f"{args.statements:,} gold statements in {n_docs:,} documents, overlap mode")
    print(f"{'':<22}{'seconds':>9}{'stmts/s':>12}{'peak MiB':>10}{'speed-up':>10}")
    for k, r in results.items():
        print(f"{'diploquote ' + k if k != 'nervaluate' else k:<22}{r['seconds']:>9.2f}{r['statements_per_second']:>12,.0f}"
              f"{r['peak_rss_mib']:>10.0f}{base / r['seconds']:>9.1f}x")
    print(f"bootstrap, 1,000 resamples over {n_docs:,} documents: {results['columns']['bootstrap_1000_seconds']:.2f} s")
    print(f"shards: gold alone {results['shards']['gold_rss_mib']:.0f} MiB, with the predictions read and scored "
          f"{results['shards']['peak_rss_mib']:.0f} MiB")
    print("content counts, ours (optimal, IoU >= 0.5):", results["columns"]["content_counts"])
    print("content counts, ours from the shards:", results["shards"]["content_counts"])
    print("content counts, nervaluate (greedy, any overlap):", results["nervaluate"]["content_counts"])
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
