"""The one command line: ``diploquote build | validate | hydrate | stats | show ...``.

Thin glue: parse arguments, call the library, print incidents, set the exit status.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diploquote.builders.errors import DiploQuoteError, Incident


def _print_incidents(incidents: list[Incident]) -> None:
    for inc in incidents:
        print(inc, file=sys.stderr)


def cmd_validate(args) -> int:
    from diploquote.builders.validate import validate_annotations

    files = [Path(f) for f in args.files] or None
    resolved, incidents = validate_annotations(args.root / "dataset", files, extra_speakers=args.extra_speakers)
    _print_incidents(incidents)
    n = sum(len(v) for v in resolved.values())
    errors = [i for i in incidents if i.level == "error"]
    print(f"{len(resolved)} annotation files, {n} statements resolved, {len(errors)} errors")
    return 1 if errors else 0


def cmd_show(args) -> int:
    from diploquote.builders.corpus import read_manifest
    from diploquote.builders.readers import read_document

    rows = {r["id"]: r for r in read_manifest(args.root / "dataset" / "raw")}
    if args.doc_id not in rows:
        print(f"unknown document {args.doc_id!r}; ids are listed in dataset/raw/MANIFEST.jsonl", file=sys.stderr)
        return 2
    doc = read_document(args.root / "dataset" / "raw", rows[args.doc_id])
    print(f"# {doc.title} ({doc.date}, {doc.publisher})\n")
    print(doc.text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="diploquote", description=__doc__.splitlines()[0])
    p.add_argument("--root", type=Path, default=Path("."), help="project folder holding dataset/ (default: .)")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check annotation files (all, or those given), every error at once")
    v.add_argument("files", nargs="*", help="annotation files (default: dataset/annotations/*.yaml)")
    v.add_argument("--extra-speakers", type=Path, action="append", default=[],
                   help="a YAML file of new speakers, read after dataset/speakers/ (repeatable)")
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("show", help="print one document's normalised text")
    s.add_argument("doc_id")
    s.set_defaults(func=cmd_show)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DiploQuoteError as e:
        _print_incidents(e.incidents)
        return 1
