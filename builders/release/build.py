"""The whole build, as stages a reader can follow:

read raw -> normalise -> curate and mark duplicates -> assign splits  (corpus.read_corpus)
-> resolve annotations (validate.validate_annotations) -> Arrow tables (tables)
-> Parquet, MANIFEST.json, card (write.write_release) -> switch in whole (switch.install).
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.layout import MANIFEST, read_release_manifest, release_manifest

from diploquote.builders.card import render as card
from diploquote.builders.release import log, stats, tables
from diploquote.builders.release.switch import STAGING_PREFIX, build_lock, install, recover
from diploquote.builders.corpus import read_corpus
from diploquote.builders.release.write import (Release, check_new_version, guard_version, read_version, release_date,
                                               write_release)
from diploquote.builders.annotations.speakers import load_registry
from diploquote.builders.annotations.targets import load_targets
from diploquote.builders.annotations.validate import annotation_files, validate_annotations

DOCS_DIR = Path("docs")


@dataclass
class BuildResult:
    manifest: dict
    stats: dict
    notes: list[str]  # the records it updated (log, VERSION), and what a stopped build had left over


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the while: the build keeps every document and statement, about
    a million objects, and each collection walks all of those kept so far (0.6 s of the pool
    build's 4). What is read holds no cycles, refcounting frees the rest as it goes, and the
    charts' figures are collected when it is on again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def assemble(dataset: Path, progress: bool = False, version: str | None = None) -> tuple[Release, dict]:
    """Read, check and tabulate everything, as ``version`` (default: dataset/VERSION's); raises
    ``DiploQuoteError`` with every incident found."""
    with _collector_paused():
        return _assemble(dataset, progress, version)


def _assemble(dataset: Path, progress: bool, version: str | None) -> tuple[Release, dict]:
    version = version or read_version(dataset)
    files = annotation_files(dataset)
    annotated = {p.stem for p in files}
    corpus = read_corpus(dataset, progress=progress, texts_of=annotated)
    registry, targets = load_registry(dataset / "speakers"), load_targets(dataset / "targets")
    # a file whose stem is not its document's id reads that document from raw again
    resolved, incidents = validate_annotations(dataset, files, {c.doc.id: c.doc for c in corpus.documents
                                                                if c.doc.id in annotated},
                                               registries=(registry, targets))
    errors = [i for i in incidents if i.level == "error"]
    if errors:
        raise DiploQuoteError(errors)
    outdated = [Incident("guidelines-outdated", str(dataset / "annotations" / f"{doc_id}.yaml"), "field guidelines",
                         "a release needs every statement by guidelines version 3 (act and target_id); write "
                         "'guidelines: 3' and give both fields to every statement")
                for doc_id, sts in sorted(resolved.items()) if any(st.act is None for st in sts)]
    if outdated:
        raise DiploQuoteError(outdated)
    if not resolved:
        raise DiploQuoteError(Incident("no-annotations", str(dataset / "annotations"), "folder",
                                       "no annotation files were found; a release needs annotated documents"))
    documents = tables.documents_tables(corpus.documents, resolved)
    statements = tables.statements_tables(corpus.documents, resolved)
    corpus_t = tables.corpus_table(corpus, set(resolved))
    release = Release(version, {
        "documents": documents,
        "statements": statements,
        "corpus": {"pool": corpus_t},
        "speakers": {"registry": tables.speakers_table(registry)},
        "targets": {"registry": tables.targets_table(targets)},
    })
    return release, stats.compute(documents, statements, corpus_t)


# Draws the card's charts from the statements tables (split -> table): PNG bytes by file name. The
# drawing lives with everything else a person looks at (``diploquote.viewer.charts.draw``); the
# command line passes it in, so that the builders never import the viewer.
DrawCharts = Callable[[dict], dict[str, bytes]]


def stage(dataset: Path, release: Release, counts: dict, root: Path, charts: DrawCharts) -> Path:
    """Write the release into a new staging folder of ``dataset``; removes it on any error."""
    staged = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=dataset))
    try:
        sizes = {c: {s: {"num_examples": t.num_rows, "num_bytes": t.nbytes} for s, t in sp.items()}
                 for c, sp in release.tables.items()}
        with _collector_paused():  # hashing reads every row again
            text = card.render(dataset, root / DOCS_DIR, release.version, sizes, stats.render(counts),
                               release.content_hash())
            write_release(release, staged, text, charts(release.tables["statements"]),
                          release_date(root / "CHANGELOG.md", release.version))
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def build(root: Path, charts: DrawCharts, progress: bool = False, version: str | None = None) -> BuildResult:
    """Build ``root/dataset`` and switch the new release in; the previous one stays on any error.

    ``version`` (for ``release``) builds under a new version, newer than every released one,
    written to dataset/VERSION and CITATION.cff only once the release is in place."""
    dataset = root / "dataset"
    with build_lock(dataset):
        notes = recover(root)
        if version is not None:
            check_new_version(root, version)
        release, counts = assemble(dataset, progress, version)
        guard_version(dataset, release)
        notes += install(root, stage(dataset, release, counts, root, charts))
    return BuildResult(release_manifest(dataset), counts, notes)


def check(root: Path) -> list[str]:
    """Rebuild in memory and compare with the release's MANIFEST.json and the log of releases;
    returns the differences."""
    dataset = root / "dataset"
    committed = read_release_manifest(dataset)
    if committed is None:
        return [f"dataset/{MANIFEST} is missing: run `diploquote build` first"]
    release, _ = assemble(dataset)
    diffs = []
    if committed["version"] != release.version:
        diffs.append(f"version: {MANIFEST} says {committed['version']}, dataset/VERSION says {release.version}")
    for config, h in release.config_hashes().items():
        if committed["config_sha256"].get(config) != h:
            diffs.append(f"config {config}: content hash {h[:12]} differs from the committed "
                         f"{committed['config_sha256'].get(config, 'none')[:12]}")
    entry = log.read_log(dataset).get(release.version)
    if entry is None:
        diffs.append(f"version {release.version} is not in dataset/{log.RELEASES}: run `diploquote build`")
    elif entry.content_sha256 != release.content_hash():
        diffs.append(f"version {release.version} was released on {entry.date} with content hash "
                     f"{entry.content_sha256[:12]} (dataset/{log.RELEASES}, line {entry.line}); the rebuilt "
                     f"content has {release.content_hash()[:12]}")
    return diffs
