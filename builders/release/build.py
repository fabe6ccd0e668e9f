"""The whole build, as stages a reader can follow:

read raw -> normalise -> curate and mark duplicates -> assign splits  (corpus.load_corpus)
-> resolve annotations (validate.validate_annotations) -> Arrow tables (tables)
-> Parquet, MANIFEST.json, card (release.write_release) -> swap in whole (release.swap_in).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from diploquote.schema import features

from diploquote.builders.card import render as card
from diploquote.builders.release import stats
from diploquote.builders.release import tables
from diploquote.builders.corpus import load_corpus
from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.builders.release.write import Release, guard_version, read_manifest, read_version, release_date, swap_in, write_release
from diploquote.builders.annotations.speakers import load_registry
from diploquote.builders.annotations.validate import validate_annotations

DOCS_DIR = Path("docs")


@dataclass
class BuildResult:
    manifest: dict
    stats: dict


def assemble(dataset: Path, progress: bool = False) -> tuple[Release, dict]:
    """Read, check and tabulate everything; raises ``DiploQuoteError`` with every incident found."""
    version = read_version(dataset)
    corpus = load_corpus(dataset, progress=progress)
    resolved, incidents = validate_annotations(dataset, documents={c.doc.id: c.doc for c in corpus})
    errors = [i for i in incidents if i.level == "error"]
    if errors:
        raise DiploQuoteError(errors)
    if not resolved:
        raise DiploQuoteError(Incident("no-annotations", str(dataset / "annotations"), "folder",
                                       "no annotation files were found; a release needs annotated documents"))
    registry = load_registry(dataset / "speakers")
    documents = tables.documents_tables(corpus, resolved)
    statements = tables.statements_tables(corpus, resolved)
    corpus_t = tables.corpus_table(corpus, set(resolved))
    release = Release(version, {
        "documents": documents,
        "statements": statements,
        "corpus": {"pool": corpus_t},
        "speakers": {"registry": tables.speakers_table(registry)},
    })
    return release, stats.compute(documents, statements, corpus_t)


# Draws the card's charts from the statements tables (split -> table): PNG bytes by file name. The
# drawing lives with everything else a person looks at (``diploquote.viewer.charts.draw``); the
# command line passes it in, so that the builders never import the viewer.
DrawCharts = Callable[[dict], dict[str, bytes]]


def stage(dataset: Path, release: Release, counts: dict, root: Path, charts: DrawCharts) -> Path:
    staged = Path(tempfile.mkdtemp(prefix=".build-", dir=dataset))
    sizes = {c: {s: {"num_examples": t.num_rows, "num_bytes": t.nbytes} for s, t in sp.items()}
             for c, sp in release.tables.items()}
    features_yaml = {c: features(c)._to_yaml_list() for c in release.tables}
    text = card.render(dataset, root / DOCS_DIR, release.version, sizes, features_yaml,
                       stats.render(counts), release.content_hash())
    write_release(release, staged, text, charts(release.tables["statements"]),
                  release_date(root / "CHANGELOG.md", release.version))
    return staged


def build(root: Path, charts: DrawCharts, progress: bool = False) -> BuildResult:
    """Build ``root/dataset`` and swap the new release in; the previous one stays on any error."""
    dataset = root / "dataset"
    release, counts = assemble(dataset, progress)
    guard_version(dataset, release)
    staged = stage(dataset, release, counts, root, charts)
    try:
        swap_in(dataset, staged)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return BuildResult(read_manifest(dataset), counts)


def check(root: Path) -> list[str]:
    """Rebuild in memory and compare with the committed MANIFEST.json; returns the differences."""
    dataset = root / "dataset"
    committed = read_manifest(dataset)
    if committed is None:
        return ["dataset/MANIFEST.json is missing: run `diploquote build` first"]
    release, _ = assemble(dataset)
    diffs = []
    if committed["version"] != release.version:
        diffs.append(f"version: MANIFEST.json says {committed['version']}, dataset/VERSION says {release.version}")
    for config, h in release.config_hashes().items():
        if committed["config_sha256"].get(config) != h:
            diffs.append(f"config {config}: content hash {h[:12]} differs from the committed "
                         f"{committed['config_sha256'].get(config, 'none')[:12]}")
    return diffs
