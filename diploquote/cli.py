"""The one command line: ``diploquote build | validate | hydrate | stats | show ...``.

Thin glue: parse arguments, call the library, print incidents, set the exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident


def _print_incidents(incidents: list[Incident]) -> None:
    for inc in incidents:
        print(inc, file=sys.stderr)


def cmd_validate(args) -> int:
    from diploquote.builders.annotations.validate import validate_annotations

    files = [Path(f) for f in args.files] or None
    resolved, incidents = validate_annotations(args.root / "dataset", files, extra_speakers=args.extra_speakers,
                                              extra_targets=args.extra_targets)
    _print_incidents(incidents)
    n = sum(len(v) for v in resolved.values())
    errors = [i for i in incidents if i.level == "error"]
    print(f"{len(resolved)} annotation files, {n} statements resolved, {len(errors)} errors")
    return 1 if errors else 0


def cmd_show(args) -> int:
    from diploquote.viewer.release import release_view
    from diploquote.viewer.document import document_html, document_terminal
    from diploquote.viewer.output import write_page

    dataset = args.dataset or args.root / "dataset"
    # without a release (or a document not in it) the text comes from dataset/raw; a --dataset given must be one
    docs, speakers = release_view(dataset) if args.dataset or (dataset / "data").exists() else ([], {})
    doc = next((d for d in docs if d["id"] == args.doc_id), None)
    if doc is None:  # not annotated (or no release yet): the normalised text from dataset/raw
        from diploquote.builders.corpus import read_pool_manifest
        from diploquote.builders.readers import read_document

        rows = {r["id"]: r for r in read_pool_manifest(args.root / "dataset" / "raw")}
        if args.doc_id not in rows:
            raise DiploQuoteError(Incident("unknown-document", "command line", "DOC_ID",
                                           f"{args.doc_id!r} is not in dataset/raw/MANIFEST.jsonl"))
        raw = read_document(args.root / "dataset" / "raw", rows[args.doc_id])
        doc = {"id": raw.id, "title": raw.title, "source": raw.source, "date": raw.date, "url": raw.url,
               "license": raw.license, "text": raw.text, "statements": []}
    if args.html:
        write_page(args.html, document_html(doc, doc["statements"], speakers))
        print(f"wrote {args.html}")
    else:
        print(document_terminal(doc, doc["statements"], colour=sys.stdout.isatty() and not args.plain), end="")
    return 0


def cmd_build(args) -> int:
    from diploquote.builders.release.build import build, check
    from diploquote.viewer.charts import draw

    if args.check:
        diffs = check(args.root)
        for d in diffs:
            print(d, file=sys.stderr)
        print("build --check: " + ("FAILED" if diffs else "the rebuilt content equals dataset/data/MANIFEST.json"))
        return 1 if diffs else 0
    result = build(args.root, draw, progress=True)
    m = result.manifest
    print("\n".join(result.notes + [f"built DiploQuote {m['version']}  content sha256 {m['content_sha256']}"]))
    _print_summary(result.stats)
    return 0


def _print_summary(stats: dict) -> None:
    from diploquote.builders.release.stats import render

    print(render(stats))


def cmd_stats(args) -> int:
    from diploquote.builders.release.read import release_stats

    _print_summary(release_stats(args.root / "dataset"))
    return 0


def cmd_hydrate(args) -> int:
    from diploquote.builders.release.hydrate import hydrate

    n = hydrate(args.root / "dataset", args.raw, args.out)
    print(f"hydrated {n} withheld document(s) into {args.out}")
    return 0


def cmd_eval(args) -> int:
    from diploquote.eval import outputs as report
    from diploquote.viewer.report import write_html
    from diploquote.eval.api import load_target
    from diploquote.eval.harness import Settings, compare, evaluate
    from diploquote.eval.matching import Mode
    from diploquote.eval.subsets import parse

    settings = Settings(task=args.task, mode=Mode(args.mode, args.threshold), seed=args.seed,
                        resamples=args.resamples, confidence=args.confidence, lenient=args.lenient,
                        speaker=args.speaker, where=tuple(parse(expr) for expr in args.where))
    gold, common = load_target(args.root / "dataset", args.split, args.gold)
    result = evaluate(args.predictions, gold, settings, **common)
    _print_incidents(result.incidents)
    print(report.table(result, args.predictions.name))
    comparison = None
    if args.compare:
        other = evaluate(args.compare, gold, settings, **common)
        _print_incidents(other.incidents)
        print(report.table(other, args.compare.name))
        comparison = compare(result, other)
        print(report.comparison_table(comparison, args.predictions.name, args.compare.name))
    if args.out:
        names = (args.predictions.name, args.compare.name if args.compare else "")
        report.write_outputs(args.out, result, gold, comparison, names)
        write_html(args.out, result, gold, comparison, names)
        print(f"wrote {args.out}/results.json, report.md, report.html, errors.jsonl")
    return 0


def cmd_convert(args) -> int:
    from diploquote.eval.convert.brat import convert_brat, read_labels
    from diploquote.schema.jsonl import write_jsonl

    result = convert_brat(args.folder, read_labels(args.labels))
    _print_incidents(result.incidents)  # what was dropped or changed, and why; the rest is converted
    write_jsonl(result.rows, args.out)
    print(f"{result.summary()}; wrote {args.out}")
    return 0


def _as_gold(resolved: dict, sources: dict[str, str]):
    """Resolved annotation statements (builders) as harness gold documents (eval)."""
    from diploquote.eval.records import GoldDocument, GoldStatement

    def span(sp):
        return None if sp is None else (sp.start, sp.end)

    return [GoldDocument(doc_id, sources[doc_id], None, [
        GoldStatement(st.statement_id, span(st.content), span(st.cue), span(st.speaker_mention), frozenset(st.speakers),
                      st.type, st.stance, st.target, frozenset(st.topics), st.target_id, st.act) for st in statements])
        for doc_id, statements in sorted(resolved.items())]


def cmd_agreement(args) -> int:
    import json

    from diploquote.builders.annotations.passes import STUDIES, resolve_passes
    from diploquote.eval import agreement
    from diploquote.schema.jsonl import read_jsonl_strict

    for folder in (args.root / "dataset" / "agreement" / name for name in STUDIES):
        _audit_report(folder)
        if not (folder / "pass-a").is_dir():
            continue
        (a, b), sources = resolve_passes(args.root / "dataset", folder)
        table = agreement.by_source(_as_gold(a, sources), _as_gold(b, sources))
        notes, log = folder / "notes.md", folder / "adjudication.jsonl"
        decisions = read_jsonl_strict(log) if log.exists() else None
        (folder / "report.json").write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (folder / "report.md").write_text(agreement.report(table, notes.read_text(encoding="utf-8") if notes.exists()
                                                           else "", decisions), encoding="utf-8")
        print(agreement.figures_markdown(table))
        print(f"wrote {folder / 'report.md'} and report.json")
    return 0


def _audit_report(folder: Path) -> None:
    """The audit's figures (``audit.md``, ``audit.json``) from the reviewer's records, where there are any."""
    import json

    from diploquote.eval import audit
    from diploquote.schema.jsonl import read_jsonl_strict

    path = folder / "audit.jsonl"
    if not path.exists():
        return
    fig = audit.figures(read_jsonl_strict(path))
    notes = folder / "audit-notes.md"
    text = "# Audit of the gold\n\n" + (notes.read_text(encoding="utf-8").strip() + "\n\n" if notes.exists() else "")
    (folder / "audit.md").write_text(text + audit.figures_markdown(fig) + "\n", encoding="utf-8")
    (folder / "audit.json").write_text(json.dumps(fig, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(audit.figures_markdown(fig))
    print(f"wrote {folder / 'audit.md'} and audit.json")


def cmd_consistency(args) -> int:
    from dataclasses import replace

    from diploquote.builders.annotations.consistency import consistency, render, role_gaps
    from diploquote.builders.annotations.speakers import load_registry
    from diploquote.builders.corpus import read_pool_manifest
    from diploquote.builders.annotations.validate import validate_annotations

    dataset = args.root / "dataset"
    resolved, incidents = validate_annotations(dataset)
    _print_incidents(incidents)  # a report, not a gate: the statements that resolved are reported
    gaps, checked = role_gaps(resolved, load_registry(dataset / "speakers"),
                              {row["id"]: row["date"] for row in read_pool_manifest(dataset / "raw")})
    report = replace(consistency(resolved), role_gaps=gaps, role_checks=checked)
    out = dataset / "agreement" / "consistency.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report), encoding="utf-8")
    print(f"{report.summary()}; wrote {out}")
    return 0


def cmd_worklist(args) -> int:
    from diploquote.builders.annotations.worklist import STATES, summary, worklist
    from diploquote.schema.jsonl import write_jsonl
    from diploquote.schema.markdown import table

    dataset = args.root / "dataset"
    items = worklist(dataset)
    out = dataset / "agreement" / "worklist.jsonl"
    write_jsonl([i.to_dict() for i in items], out)
    print(table(["source", *STATES, "statements", "files with errors"], summary(items)))
    for i in items:
        if i.errors:
            print(f"{i.id}: {', '.join(sorted(set(i.errors)))} (run diploquote validate dataset/annotations/{i.id}.yaml)")
    print(f"wrote {out}; `diploquote consistency` writes the report of like statements with unlike labels")
    return 0


def cmd_merge(args) -> int:
    from diploquote.builders.annotations.worklist import merge

    files = sorted(p for f in args.files for p in (Path(f).glob("*.yaml") if Path(f).is_dir() else [Path(f)]))
    copied, incidents = merge(args.root / "dataset", files, args.extra_speakers, args.extra_targets)
    _print_incidents(incidents)
    print(f"merged {len(copied)} of {len(files)} annotation files into dataset/annotations/; "
          f"{len(files) - len(copied)} left out")
    return 1 if incidents else 0


def cmd_verify(args) -> int:
    from diploquote.builders.release.switch import build_lock, recover
    from diploquote.builders.release.write import verify
    from diploquote.schema.layout import read_release_manifest

    dataset = args.root / "dataset"
    with build_lock(dataset):  # first put right what a stopped build left over
        notes = recover(args.root)
        incidents = verify(dataset)
    print("\n".join(notes), end="\n" if notes else "")
    _print_incidents(incidents)
    manifest = read_release_manifest(dataset) or {}
    print(f"verify: {len(manifest.get('files', {}))} files listed, {len(incidents)} problems")
    return 1 if incidents else 0


def cmd_release(args) -> int:
    import datetime

    from diploquote.builders.release.build import build
    from diploquote.viewer.charts import draw
    from diploquote.builders.release.write import check_changelog, check_new_version

    check_new_version(args.root, args.version)  # checked again by the build, under its lock
    check_changelog(args.root, args.version, args.date or datetime.date.today().isoformat())
    # VERSION and CITATION.cff are written by the build once the release is in place: all or nothing
    result = build(args.root, draw, progress=True, version=args.version)
    print(f"released DiploQuote {result.manifest['version']} (content sha256 {result.manifest['content_sha256']})")
    print(f"next: git add -A && git commit -m 'Release {args.version}' && git tag -a v{args.version} -m 'DiploQuote {args.version}'")
    return 0


def _llm_options(args) -> dict | None:
    if not args.llm_endpoint:
        return None
    return {"endpoint": args.llm_endpoint, "model": args.llm_model, "timeout": args.llm_timeout,
            "concurrency": args.llm_concurrency, "max_tokens": args.llm_max_tokens,
            "response_format": args.llm_response_format, "api_key": os.environ.get(args.llm_api_key_env),
            "cache_dir": args.root / "results" / "llm-cache"}


def cmd_predict(args) -> int:
    from diploquote.schema.jsonl import write_jsonl
    from diploquote.baselines.registry import MODELS, check, predict
    from diploquote.baselines.runner import RunSettings, read_all, run

    settings = RunSettings(args.batch_size, args.workers or RunSettings().workers, args.id_column, args.text_column)
    if args.engine == "ray":
        from diploquote.baselines.distributed import run_ray

        if not args.input or args.out.suffix != ".jsonl":
            raise DiploQuoteError(Incident("engine-arguments", "command line", "--engine ray",
                                           "give --input (Parquet) and --out FILE.jsonl"))
        n = run_ray(args.model, args.root / "dataset", args.input, args.out, settings, args.ray_address)
        print(f"{args.model}: {n} documents on Ray ({settings.workers} workers); predictions in {args.out}")
        return 0
    if args.input and MODELS[args.model].documents:  # batch by batch, in shards, on any number of documents
        done = run(args.model, args.task, args.root / "dataset", args.input, args.out, settings, progress=True)
        print(f"{args.model}: {done.documents} documents in {done.shards} shards ({done.skipped} already written, "
              f"skipped); predictions in {args.out}")
        return 0
    check(args.model, args.task, args.input is not None, _llm_options(args))
    documents = read_all(args.input, settings) if args.input else None
    records = predict(args.model, args.task, args.root / "dataset", split=args.split, documents=documents,
                      llm_options=_llm_options(args))
    write_jsonl(records, args.out)
    print(f"{args.model}: {len(records)} {args.task} prediction records written to {args.out}")
    return 0


def cmd_benchmark(args) -> int:
    from diploquote.baselines.leaderboard import run

    board = run(args.root / "dataset", args.out, split=args.split, llm_options=_llm_options(args),
                resamples=args.resamples, llm_documents=args.llm_documents)
    print((args.out / "leaderboard.md").read_text(encoding="utf-8"))
    print(f"wrote {args.out / 'leaderboard.md'} and leaderboard.json ({len(board['rows'])} rows); "
          "prediction times in timings.json")
    return 0


def _add_extra_registries(p) -> None:
    p.add_argument("--extra-speakers", type=Path, action="append", default=[],
                   help="a YAML file of new speakers, read after dataset/speakers/ (repeatable)")
    p.add_argument("--extra-targets", type=Path, action="append", default=[],
                   help="a YAML file of new issues or agreements, read after dataset/targets/ (repeatable)")


def _add_llm_options(p) -> None:
    p.add_argument("--llm-endpoint", help="base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1")
    p.add_argument("--llm-model", default="default", help="model name to ask the endpoint for")
    p.add_argument("--llm-timeout", type=float, default=60.0, help="seconds a request may take")
    p.add_argument("--llm-concurrency", type=int, default=4, help="requests in flight at once")
    p.add_argument("--llm-max-tokens", type=int, default=2048, help="the longest answer asked for (tokens)")
    p.add_argument("--llm-api-key-env", default="OPENAI_API_KEY",
                   help="the environment variable holding the API key, for a hosted API (default: OPENAI_API_KEY)")
    p.add_argument("--llm-response-format", choices=["json_schema", "json_object", "none"], default="json_schema",
                   help="how the answer is constrained: json_schema (OpenAI, vLLM, Ollama), json_object "
                        "(llama-cpp-python's server), none")


def cmd_site(args) -> int:
    from diploquote.viewer.release import release_view
    from diploquote.viewer.site import build_site

    docs, speakers = release_view(args.dataset or args.root / "dataset")
    counts = build_site(docs, speakers, args.out)
    print(f"wrote {args.out / 'index.html'}: {counts['documents']} document, {counts['speakers']} speaker and "
          f"{counts['topics']} topic pages")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from diploquote.eval.attribution import SPEAKER_RULES
    from diploquote.eval.bootstrap import MAX_DRAWS
    from diploquote.eval.harness import MIN_RESAMPLES, Settings
    from diploquote.eval.matching import MODES
    from diploquote.eval.tasks import TASKS
    from diploquote.schema import SPLITS

    defaults = Settings()  # the defaults of every scoring option
    from diploquote.baselines.registry import MODELS
    from diploquote.baselines.runner import RunSettings
    p = argparse.ArgumentParser(prog="diploquote", description=__doc__.splitlines()[0])
    p.add_argument("--root", type=Path, default=Path("."), help="project folder holding dataset/ (default: .)")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check annotation files (all, or those given), every error at once")
    v.add_argument("files", nargs="*", help="annotation files (default: dataset/annotations/*.yaml)")
    _add_extra_registries(v)
    v.set_defaults(func=cmd_validate)

    w = sub.add_parser("worklist", help="every admitted document with its annotation state and its file's "
                                        "incidents, written to dataset/agreement/worklist.jsonl")
    w.set_defaults(func=cmd_worklist)

    m = sub.add_parser("merge", help="copy annotation files that validate into dataset/annotations/ "
                                     "(never replacing one); the others are listed with their incidents")
    m.add_argument("files", nargs="+", help="annotation files or folders of them")
    _add_extra_registries(m)
    m.set_defaults(func=cmd_merge)

    b = sub.add_parser("build", help="build the release from dataset/raw and dataset/annotations")
    b.add_argument("--check", action="store_true",
                   help="rebuild in memory and fail unless the content hash equals dataset/data/MANIFEST.json's")
    b.set_defaults(func=cmd_build)

    st = sub.add_parser("stats", help="counts of the release by source, split and label")
    st.set_defaults(func=cmd_stats)

    h = sub.add_parser("hydrate", help="restore withheld text from your own copy of the raw files")
    h.add_argument("--raw", type=Path, required=True, help="folder holding your copies of the withheld raw files")
    h.add_argument("--out", type=Path, default=Path("dataset-hydrated"),
                   help="where to write the hydrated copy of the release (default: dataset-hydrated)")
    h.set_defaults(func=cmd_hydrate)

    e = sub.add_parser("eval", help="score a prediction file against the gold, with intervals and a signature")
    e.add_argument("--task", choices=list(TASKS), default=defaults.task)
    e.add_argument("--predictions", type=Path, required=True,
                   help="JSON Lines prediction file, or a folder or glob of prediction shards (read as one)")
    e.add_argument("--split", choices=SPLITS, default="test")
    e.add_argument("--gold", type=Path, help="your own gold: a documents-shaped .jsonl or .parquet file")
    e.add_argument("--mode", choices=MODES, default=defaults.mode.name)
    e.add_argument("--threshold", type=float, default=defaults.mode.threshold,
                   help="overlap mode: minimum intersection over union, in (0, 1]")
    e.add_argument("--compare", type=Path, help="a second system's predictions: paired bootstrap test")
    e.add_argument("--out", type=Path, help="folder for results.json, report.md and errors.jsonl")
    e.add_argument("--seed", type=int, default=defaults.seed, help="seed of the bootstrap, >= 0")
    e.add_argument("--resamples", type=int, default=defaults.resamples,
                   help=f"bootstrap resamples: 0 (no intervals) or >= {MIN_RESAMPLES}; resamples x documents "
                        f"at most {MAX_DRAWS:,}")
    e.add_argument("--confidence", type=float, default=defaults.confidence,
                   help="coverage of the intervals, a fraction in (0, 1)")
    e.add_argument("--lenient", action="store_true",
                   help="score the valid predictions and count the invalid ones as spurious, instead of stopping")
    e.add_argument("--speaker", choices=SPEAKER_RULES,
                   help="attribution: match speakers by registry id, mention span or name (default: what the "
                        "predictions give, in that order)")
    e.add_argument("--where", action="append", default=[], metavar="EXPR",
                   help="score a subset (repeatable, all must hold): source=kremlin, split=test, "
                        "date>=2022-01-01, type=direct, act!=discuss, act=assert,commit")
    e.set_defaults(func=cmd_eval)

    cv = sub.add_parser("convert", help="turn an outside corpus into gold that eval --gold reads")
    cv_formats = cv.add_subparsers(dest="format", required=True)
    br = cv_formats.add_parser("brat", help="a brat standoff corpus: .txt and .ann pairs (e.g. PolNeAR)")
    br.add_argument("folder", type=Path, help="folder of the .txt and .ann files (searched recursively)")
    br.add_argument("--out", type=Path, required=True, help="the gold file to write (JSON Lines)")
    br.add_argument("--labels", type=Path, help="YAML mapping of brat labels and event argument names to "
                                                "source, cue or content (default: Source, Cue, Content)")
    br.set_defaults(func=cmd_convert)

    si = sub.add_parser("site", help="a static site of the release: index with filters and search, a page per "
                                     "document, speaker and topic")
    si.add_argument("--out", type=Path, required=True)
    si.add_argument("--dataset", type=Path, help="a release folder other than dataset/ (e.g. a hydrated copy)")
    si.set_defaults(func=cmd_site)

    vf = sub.add_parser("verify", help="check every release file against dataset/data/MANIFEST.json")
    vf.set_defaults(func=cmd_verify)

    r = sub.add_parser("release", help="bump the dataset version everywhere and rebuild; never overwrites a release")
    r.add_argument("version", help="the new version, MAJOR.MINOR.PATCH, newer than the released one")
    r.add_argument("--date", help="the date to suggest for a missing CHANGELOG.md section (default: today); the "
                                  "release's date is its section's")
    r.set_defaults(func=cmd_release)

    pr = sub.add_parser("predict", help="run a baseline model and write the harness's prediction file")
    pr.add_argument("model", choices=list(MODELS), help="; ".join(f"{m.name}: {', '.join(m.tasks)}" for m in MODELS.values()))
    pr.add_argument("--task", choices=list(TASKS), default=defaults.task)
    where = pr.add_mutually_exclusive_group()
    where.add_argument("--split", choices=SPLITS, default="test")
    where.add_argument("--input", type=Path, help="documents: JSON Lines (id, text, optional title), a Parquet "
                                                  "file, or a folder or glob of Parquet shards")
    pr.add_argument("--out", type=Path, required=True,
                    help="FILE.jsonl: one file; a folder: a shard a batch and _SUCCESS, resumed when run again")
    pr.add_argument("--id-column", default="id", help="of a Parquet input (default: id)")
    pr.add_argument("--text-column", default="text", help="of a Parquet input (default: text)")
    pr.add_argument("--batch-size", type=int, default=RunSettings.batch_size, help="documents a batch and a shard")
    pr.add_argument("--workers", type=int, help="processes running the model (default: one a core)")
    pr.add_argument("--engine", choices=["local", "ray"], default="local",
                    help="local: this machine's process pool; ray: a Ray cluster (Parquet input, --out FILE.jsonl)")
    pr.add_argument("--ray-address", help="a running Ray cluster to use (default: start a local one)")
    _add_llm_options(pr)
    pr.set_defaults(func=cmd_predict)

    bm = sub.add_parser("benchmark", help="run every available baseline through the harness: the leaderboard")
    bm.add_argument("--split", choices=SPLITS, default="test")
    bm.add_argument("--out", type=Path, default=Path("results"))
    bm.add_argument("--resamples", type=int, default=defaults.resamples)
    bm.add_argument("--llm-documents", type=int, help="score llm on a seeded sample of this many documents of the split")
    _add_llm_options(bm)
    bm.set_defaults(func=cmd_benchmark)

    a = sub.add_parser("agreement", help="agreement between the two annotation passes in dataset/agreement/")
    a.set_defaults(func=cmd_agreement)

    c = sub.add_parser("consistency", help="a report for annotators: like statements (same cue, same opening "
                                           "words) with unlike labels, written to dataset/agreement/consistency.md")
    c.set_defaults(func=cmd_consistency)

    s = sub.add_parser("show", help="one document with every statement marked in place (terminal or --html)")
    s.add_argument("doc_id")
    s.add_argument("--html", type=Path, help="write a self-contained HTML page here instead")
    s.add_argument("--plain", action="store_true", help="no colours: mark spans with [brackets]")
    s.add_argument("--dataset", type=Path, help="a release folder other than dataset/ (e.g. a hydrated copy)")
    s.set_defaults(func=cmd_show)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DiploQuoteError as e:
        _print_incidents(e.incidents)
        return 1
    except OSError as e:  # a file the command could not read or write, that no check foresaw
        _print_incidents([Incident("os-error", str(e.filename or "(unnamed file)"), "file",
                                   f"{e.strerror or e}; check the path, its permissions and the free space")])
        return 1
