"""Stage 5 of the build: write a release (Parquet shards, MANIFEST.json, Croissant, charts, card) and verify one.

A release is written into a temporary folder beside ``dataset/data/`` and switched in whole
(``switch``), so a failed or interrupted build leaves the previous release untouched. A released
version is never overwritten with different content: the build refuses and asks for a new version
number, checking both the release in place and the log of every released version (``log``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from diploquote.schema import features
from diploquote.schema.errors import DiploQuoteError, Incident, fail
from diploquote.schema.layout import (CARD, CARD_COPY, CHARTS, CROISSANT, MANIFEST, RELEASE_DIR, file_incident,
                                      file_sha256, parse_version, read_release_manifest, shard_path)

from diploquote.builders.release import log

CONFIGS_WITH_TEXT = ("documents", "statements", "corpus")


def read_version(dataset: Path) -> str:
    path = dataset / "VERSION"
    try:
        version = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise DiploQuoteError(Incident("version-missing", str(path), "file",
                                       "dataset/VERSION is missing; write the release version (e.g. 0.1.0) in it")) from None
    if parse_version(version) is None:
        raise fail("version-invalid", path, "line 1", f"{version!r} is not a semantic version MAJOR.MINOR.PATCH")
    return version


_ROW_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # a table row as its content hash reads it


def table_hash(config: str, table: pa.Table) -> str:
    """sha256 of a table's logical content: its features and its rows as canonical JSON.

    Independent of the Parquet writer, its version and its compression.
    """
    h = hashlib.sha256()
    h.update(json.dumps(features(config).to_dict(), sort_keys=True).encode())
    row_json = _ROW_JSON.encode  # (json.dumps with these options would make an encoder a row)
    for batch in table.to_batches(max_chunksize=1000):  # a batch at a time: the corpus holds every text
        h.update(b"".join(row_json(row).encode() + b"\n" for row in batch.to_pylist()))
    return h.hexdigest()


@dataclass
class Release:
    """The tables of one release; made once by the build and not changed after."""

    version: str
    tables: dict[str, dict[str, pa.Table]]  # config -> split -> table

    def config_hashes(self) -> dict[str, str]:
        return dict(self._config_hashes)

    @cached_property  # hashing reads every row (a second at 1.0's size); a build asks several times
    def _config_hashes(self) -> dict[str, str]:
        out = {}
        for config, splits in sorted(self.tables.items()):
            h = hashlib.sha256()
            for split in sorted(splits):
                h.update(f"{split}:{table_hash(config, splits[split])}\n".encode())
            out[config] = h.hexdigest()
        return out

    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.config_hashes(), sort_keys=True).encode()).hexdigest()


def write_release(release: Release, out: Path, card: str, charts: dict[str, bytes], date: str | None = None) -> dict:
    """Write the release folder ``out/data``: shards, the card's charts (PNG bytes by file name),
    croissant.json, the card's copy, and MANIFEST.json listing every other file of the release (the
    card at the top of the dataset folder too) with its sha256 and size. Returns the manifest."""
    from diploquote.builders.card.croissant import metadata

    files, shards = {}, {}
    for config, splits in sorted(release.tables.items()):
        for split, table in sorted(splits.items()):
            if table.num_rows == 0:
                continue  # an empty shard cannot be read by `datasets`; the card lists no such split
            rel = shard_path(config, split)
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, out / rel, compression="zstd", row_group_size=10_000)
            shards.setdefault(config, {})[split] = rel
            files[rel] = {"sha256": file_sha256(out / rel), "bytes": (out / rel).stat().st_size}
    (out / CHARTS).mkdir(parents=True, exist_ok=True)
    for name, png in charts.items():
        (out / CHARTS / name).write_bytes(png)
    croissant = metadata(release.version, date, files, shards)
    (out / CROISSANT).write_text(json.dumps(croissant, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / CARD_COPY).write_text(card, encoding="utf-8")
    for path in sorted(p for p in (out / RELEASE_DIR).rglob("*") if p.is_file()):
        files[path.relative_to(out).as_posix()] = {"sha256": file_sha256(path), "bytes": path.stat().st_size}
    files[CARD] = files[CARD_COPY]  # the card is put in place from its copy once the release is switched in
    manifest = {
        "name": "diploquote",
        "version": release.version,
        "content_sha256": release.content_hash(),
        "config_sha256": release.config_hashes(),
        "rows": {c: {s: t.num_rows for s, t in sorted(sp.items())} for c, sp in sorted(release.tables.items())},
        "files": dict(sorted(files.items())),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def release_date(changelog: Path, version: str) -> str | None:
    """The date of ``version``'s section in CHANGELOG.md ("## 0.1.0 (2026-11-27)"), if written."""
    if not changelog.exists():
        return None
    match = re.search(rf"^## {re.escape(version)} \((\d{{4}}-\d{{2}}-\d{{2}})\)", changelog.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else None


def guard_version(dataset: Path, release: Release) -> None:
    """Refuse to overwrite a released version with different content: neither the release in place
    nor any version in the log of releases (which survives a deleted MANIFEST.json)."""
    current = read_release_manifest(dataset)
    if current and current["version"] == release.version and current["content_sha256"] != release.content_hash():
        changed = [c for c, h in release.config_hashes().items() if current["config_sha256"].get(c) != h]
        raise fail("version-already-released", dataset / "VERSION", "line 1",
                   f"version {release.version} is released with other content (configs that differ: "
                   f"{', '.join(changed)}); a released version is never overwritten: run "
                   "`diploquote release X.Y.Z` with a new version")
    entry = log.read_log(dataset).get(release.version)
    if entry and entry.content_sha256 != release.content_hash():
        raise fail("version-already-released", dataset / log.RELEASES, f"line {entry.line}",
                   f"version {release.version} was released on {entry.date} with content sha256 "
                   f"{entry.content_sha256[:12]}..., this build has {release.content_hash()[:12]}...; a released "
                   "version is never reissued: run `diploquote release X.Y.Z` with a new version")


def _unlisted(dataset: Path, listed: set[str]) -> list[Incident]:
    """Files in the release folder that the MANIFEST does not list (the MANIFEST itself aside)."""
    incidents = []
    for path in sorted((dataset / RELEASE_DIR).rglob("*")):
        rel = path.relative_to(dataset).as_posix()
        if path.is_file() and rel != MANIFEST and rel not in listed:
            incidents.append(Incident("file-unlisted", str(path), "whole file",
                                      f"not part of the release in {MANIFEST}; remove it or rebuild"))
    return incidents


def verify(dataset: Path) -> list[Incident]:
    """Every file of the release against MANIFEST.json (changed, missing and unlisted files), and
    the release against the log of released versions."""
    manifest = read_release_manifest(dataset)
    if manifest is None:
        return [Incident("release-missing", str(dataset / MANIFEST), "file", "no release here; run `diploquote build`")]
    incidents = [i for rel, expected in sorted(manifest["files"].items())
                 if (i := file_incident(dataset, rel, expected)) is not None]
    incidents += _unlisted(dataset, set(manifest["files"]))
    entry = log.read_log(dataset).get(manifest["version"])
    if entry is None:
        incidents.append(Incident("release-not-logged", str(dataset / log.RELEASES), "whole file",
                                  f"version {manifest['version']} is not in the log of releases; run `diploquote "
                                  "build` to record it"))
    elif entry.content_sha256 != manifest["content_sha256"]:
        incidents.append(Incident("version-reissued", str(dataset / MANIFEST), "content_sha256",
                                  f"version {manifest['version']} was released on {entry.date} with content sha256 "
                                  f"{entry.content_sha256[:12]}... ({log.RELEASES}, line {entry.line}), this release "
                                  f"has {manifest['content_sha256'][:12]}...; restore the released files "
                                  "(git checkout) or release the new content under a new version"))
    return incidents


def check_new_version(root: Path, version: str) -> None:
    """Refuse a release version that is not semantic or not newer than every released one."""
    dataset = root / "dataset"
    new = parse_version(version)
    if new is None:
        raise fail("version-invalid", "command line", "X.Y.Z", f"{version!r} is not a semantic version MAJOR.MINOR.PATCH")
    current = read_release_manifest(dataset)
    released = [current["version"]] if current else []
    released += list(log.read_log(dataset))
    newest = max(released, key=parse_version, default=None)
    if newest is not None and new <= parse_version(newest):
        where = dataset / (MANIFEST if current and current["version"] == newest else log.RELEASES)
        raise fail("version-not-newer", where, "version",
                   f"{version} is not newer than the released {newest}; a released version is never overwritten")


def check_changelog(root: Path, version: str, date: str) -> None:
    """Refuse a release without its CHANGELOG.md section; ``date`` is the one the hint suggests."""
    if release_date(root / "CHANGELOG.md", version) is None:
        raise fail("changelog-missing", root / "CHANGELOG.md", f"section {version}",
                   f"write a section '## {version} ({date})' saying what changed in data, schema and labels, "
                   "then run the release again")


def citation_text(text: str, version: str, date: str | None) -> str:
    """CITATION.cff's text with the release's version (both places) and, if known, its date."""
    text = re.sub(r"^(\s*)version: .*$", rf"\g<1>version: {version}", text, flags=re.M)
    if date:
        text = re.sub(r'^date-released: .*$', f'date-released: "{date}"', text, flags=re.M)
    return text

