"""The benchmark: every available baseline through the harness, into one leaderboard.

For each model and task: predictions, scores with their intervals and signature, and a paired
bootstrap test against the ``majority`` floor on the same documents; an attribution model beyond
the floor and ``rules`` (``crf``, and ``llm`` when it runs) is also tested against ``rules``, the
extractor with nothing learned, on the same documents. The leaderboard holds only
what the same release and code reproduce; prediction times, which vary from run to run, are
written apart (``timings.json``, not tracked).
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from diploquote.baselines.data import load_documents
from diploquote.schema.jsonl import read_jsonl_lines, write_jsonl
from diploquote.baselines.registry import predict, runnable
from diploquote.eval.gold import release_gold, release_info, speaker_names
from diploquote.eval.harness import Settings, compare, evaluate
from diploquote.eval.matching import Mode
from diploquote.eval.predictions import Records
from diploquote.eval.records import GoldDocument
from diploquote.eval.tasks import TASKS
from diploquote.schema.markdown import table


LLM_SEED = 20261201  # the seeded order of the split's documents from which an llm sample is the first n


def llm_sample(gold: list[GoldDocument], n: int) -> list[GoldDocument]:
    """The first ``n`` documents of the split in a seeded random order (a prefix of one permutation,
    so a larger sample holds a smaller one), in id order."""
    ids = sorted(d.doc_id for d in gold)
    random.Random(LLM_SEED).shuffle(ids)
    keep = set(ids[:n])
    return [d for d in gold if d.doc_id in keep]


def run(dataset: Path, out: Path, split: str = "test", llm_options: dict | None = None, resamples: int = 1000,
        llm_documents: int | None = None) -> dict:
    """Run the benchmark on ``split``; write ``out/leaderboard.json``, ``out/leaderboard.md`` and
    ``out/timings.json``. Returns the leaderboard.

    ``llm_documents`` scores the ``llm`` model on a seeded sample of that many documents (a small
    model on a CPU is slow); its signature's split says so (``test[30/211]``), and its paired test
    is against the majority floor on the same documents."""
    gold = release_gold(dataset, split)
    version, content_hash = release_info(dataset)
    names = speaker_names(dataset)
    rows, timings, results, floors = [], [], {}, {}
    for model in runnable(llm_options):
        for task in model.tasks:
            sample = llm_sample(gold, llm_documents) if model.needs_endpoint and llm_documents else gold
            label = split if sample is gold else f"{split}[{len(sample)}/{len(gold)}]"
            ids = {d.doc_id for d in sample}
            documents = None if sample is gold else [d for d in load_documents(dataset, split) if d["id"] in ids]
            t = time.perf_counter()
            records = predict(model.name, task, dataset, split=split, documents=documents, llm_options=llm_options,
                              models_dir=out / "models")
            seconds = time.perf_counter() - t
            path = out / "predictions" / f"{model.name}-{task}-{split}.jsonl"
            write_jsonl(records, path)
            settings = Settings(task=task, mode=Mode("overlap", 0.5), resamples=resamples)
            common = dict(dataset_version=version, content_hash=content_hash, split=label, names=names)
            result = evaluate(path, sample, settings, **common)
            results[(model.name, task)] = result
            if sample is not gold:  # the floor on the same documents, for the paired test
                lines, _ = read_jsonl_lines(out / "predictions" / f"majority-{task}-{split}.jsonl")
                floor_lines = [r for _, r in lines if r["doc_id"] in ids]
                floors[(model.name, task)] = evaluate(Records(tuple(floor_lines), "majority"), sample, settings, **common)
            name = f"{model.name} ({llm_options['model']})" if model.needs_endpoint else model.name
            rows.append({"model": name, "key": model.name, "task": task, "headline": TASKS[task].headline,
                         "scores": result.scores, "signature": result.signature.long(), "documents": len(sample)})
            timings.append({"model": model.name, "task": task, "documents": len(sample), "seconds": seconds,
                            "documents_per_second": len(sample) / seconds if seconds > 0 else None})
    for row in rows:
        for column, other in (("vs_majority", "majority"), ("vs_rules", "rules")):
            if row["key"] in ("majority", other):
                continue
            # a sampled row is tested against the floor on its own documents
            against = floors.get((row["key"], row["task"])) if other == "majority" else None
            against = against or results.get((other, row["task"]))
            if against is not None and against.signature.split == results[(row["key"], row["task"])].signature.split:
                test = compare(results[(row["key"], row["task"])], against)[row["headline"]]
                row[column] = {**test, "ci": list(test["ci"])}
    board = {"dataset_version": version, "content_sha256": content_hash, "split": split, "rows": rows}
    out.mkdir(parents=True, exist_ok=True)
    (out / "leaderboard.json").write_text(json.dumps(board, indent=2) + "\n", encoding="utf-8")
    (out / "leaderboard.md").write_text(leaderboard_markdown(board), encoding="utf-8")
    (out / "timings.json").write_text(json.dumps({"split": split, "rows": timings}, indent=2) + "\n", encoding="utf-8")
    return board


def leaderboard_markdown(board: dict) -> str:
    """leaderboard.md: one row per model and task, headline metric with its interval and paired test."""
    lines = [f"# DiploQuote leaderboard: {board['split']} split of release {board['dataset_version']}", "",
             "Headline metric per task: " + ", ".join(f"{name} {task.headline}" for name, task in TASKS.items())
             + " (attribution: overlap, IoU >= 0.5); 95% bootstrap intervals over documents; the vs columns are "
             "paired bootstrap tests against the majority floor and, for an attribution model beyond it and rules, "
             "against rules. Prediction times are in timings.json beside this file.",
             ""]
    rows = []
    for r in board["rows"]:
        s = r["scores"][r["headline"]]
        vs, vs_rules = r.get("vs_majority"), r.get("vs_rules")
        rows.append([r["model"], r["task"], r["headline"], f"{s['value']:.3f}", f"{s['ci'][0]:.3f} to {s['ci'][1]:.3f}",
                     _paired_cell(vs) if vs else "floor", _paired_cell(vs_rules) if vs_rules else "",
                     f"`{r['signature']}`"])
    header = ["model", "task", "metric", "score", "95% interval", "vs majority (p)", "vs rules (p)", "signature"]
    return "\n".join([*lines, table(header, rows)]) + "\n"


def _paired_cell(test: dict) -> str:
    return f"{test['difference']:+.3f} (p={test['p_value']:.4f})"
