"""Stage 5 of the build: write a release (Parquet shards, MANIFEST.json, card) and swap it in whole.

A release is written into a temporary folder beside ``dataset/`` and moved into place only when
every file is written, so a failed or interrupted build leaves the previous release untouched.
A released version is never overwritten with different content: the build refuses and asks for
a new version number.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from diploquote.schema import SPLITS, features

from diploquote.schema.errors import DiploQuoteError, Incident

RELEASE_ITEMS = ("data", "MANIFEST.json", "README.md", "croissant.json", "charts")
SINGLE_SPLIT = {"corpus": "pool", "speakers": "registry"}
CONFIGS_WITH_TEXT = ("documents", "statements", "corpus")


def read_version(dataset: Path) -> str:
    path = dataset / "VERSION"
    try:
        version = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise DiploQuoteError(Incident("version-missing", str(path), "file",
                                       "dataset/VERSION is missing; write the release version (e.g. 0.1.0) in it")) from None
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise DiploQuoteError(Incident("version-invalid", str(path), "line 1",
                                       f"{version!r} is not a semantic version MAJOR.MINOR.PATCH"))
    return version


def table_hash(config: str, table: pa.Table) -> str:
    """sha256 of a table's logical content: its features and its rows as canonical JSON.

    Independent of the Parquet writer, its version and its compression.
    """
    h = hashlib.sha256()
    h.update(json.dumps(features(config).to_dict(), sort_keys=True).encode())
    for row in table.to_pylist():
        h.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


@dataclass
class Release:
    version: str
    tables: dict[str, dict[str, pa.Table]]  # config -> split -> table

    def config_hashes(self) -> dict[str, str]:
        out = {}
        for config, splits in sorted(self.tables.items()):
            h = hashlib.sha256()
            for split in sorted(splits):
                h.update(f"{split}:{table_hash(config, splits[split])}\n".encode())
            out[config] = h.hexdigest()
        return out

    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.config_hashes(), sort_keys=True).encode()).hexdigest()


def shard_path(config: str, split: str) -> str:
    return f"data/{config}/{split}-00000-of-00001.parquet"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_release(release: Release, out: Path, card: str, charts: dict[str, bytes], date: str | None = None) -> dict:
    """Write shards, the card's charts (PNG bytes by file name), croissant.json, the card and MANIFEST.json
    into ``out``; returns the manifest."""
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
    (out / "charts").mkdir(exist_ok=True)
    for name, png in charts.items():
        (out / "charts" / name).write_bytes(png)
    croissant = metadata(release.version, date, files, shards)
    (out / "croissant.json").write_text(json.dumps(croissant, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "README.md").write_text(card, encoding="utf-8")
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        files[rel] = {"sha256": file_sha256(path), "bytes": path.stat().st_size}
    manifest = {
        "name": "diploquote",
        "version": release.version,
        "content_sha256": release.content_hash(),
        "config_sha256": release.config_hashes(),
        "rows": {c: {s: t.num_rows for s, t in sorted(sp.items())} for c, sp in sorted(release.tables.items())},
        "files": files,
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def release_date(changelog: Path, version: str) -> str | None:
    """The date of ``version``'s section in CHANGELOG.md ("## 0.1.0 (2026-11-27)"), if written."""
    if not changelog.exists():
        return None
    match = re.search(rf"^## {re.escape(version)} \((\d{{4}}-\d{{2}}-\d{{2}})\)", changelog.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else None


def read_manifest(dataset: Path) -> dict | None:
    path = dataset / "MANIFEST.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def guard_version(dataset: Path, release: Release) -> None:
    """Refuse to overwrite a released version with different content."""
    current = read_manifest(dataset)
    if current and current["version"] == release.version and current["content_sha256"] != release.content_hash():
        changed = [c for c, h in release.config_hashes().items() if current["config_sha256"].get(c) != h]
        raise DiploQuoteError(Incident(
            "version-already-released", str(dataset / "VERSION"), "line 1",
            f"version {release.version} is released with other content (configs that differ: {', '.join(changed)}); "
            f"a released version is never overwritten: run `diploquote release X.Y.Z` with a new version"))


def swap_in(dataset: Path, staged: Path) -> None:
    """Move the staged release items into ``dataset``; the old items are removed only afterwards."""
    old = Path(tempfile.mkdtemp(prefix=".old-", dir=dataset))
    moved = []
    try:
        for item in RELEASE_ITEMS:
            if (dataset / item).exists():
                os.replace(dataset / item, old / item)
                moved.append(item)
        for item in RELEASE_ITEMS:
            if (staged / item).exists():
                os.replace(staged / item, dataset / item)
    except BaseException:
        for item in moved:  # put the previous release back
            if (dataset / item).exists():
                shutil.rmtree(dataset / item) if (dataset / item).is_dir() else (dataset / item).unlink()
            os.replace(old / item, dataset / item)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def split_names(config: str) -> tuple[str, ...]:
    return (SINGLE_SPLIT[config],) if config in SINGLE_SPLIT else SPLITS


def verify(dataset: Path) -> list[Incident]:
    """Every file of the release against MANIFEST.json: changed, missing and unlisted files."""
    manifest = read_manifest(dataset)
    if manifest is None:
        return [Incident("release-missing", str(dataset / "MANIFEST.json"), "file", "no release here; run `diploquote build`")]
    incidents = []
    for rel, expected in sorted(manifest["files"].items()):
        path = dataset / rel
        if not path.exists():
            incidents.append(Incident("file-missing", str(path), "whole file",
                                      "listed in MANIFEST.json but absent; restore it (git checkout) or rebuild"))
        elif file_sha256(path) != expected["sha256"]:
            incidents.append(Incident("file-changed", str(path), "whole file",
                                      f"sha256 differs from MANIFEST.json ({expected['sha256'][:12]}...); restore the "
                                      "released file or rebuild under a new version"))
    listed = set(manifest["files"])
    for path in sorted((dataset / "data").rglob("*")):
        if path.is_file() and path.relative_to(dataset).as_posix() not in listed:
            incidents.append(Incident("file-unlisted", str(path), "whole file",
                                      "not part of the release in MANIFEST.json; remove it or rebuild"))
    return incidents


def bump(root: Path, version: str, date: str) -> None:
    """Set a new release version in dataset/VERSION and CITATION.cff; refuses a version that is not
    newer than the released one and a version without its CHANGELOG.md section."""
    dataset = root / "dataset"
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise DiploQuoteError(Incident("version-invalid", "command line", "X.Y.Z",
                                       f"{version!r} is not a semantic version MAJOR.MINOR.PATCH"))
    current = read_manifest(dataset)
    if current and tuple(map(int, parts)) <= tuple(map(int, current["version"].split("."))):
        raise DiploQuoteError(Incident("version-not-newer", str(dataset / "MANIFEST.json"), "version",
                                       f"{version} is not newer than the released {current['version']}; "
                                       "a released version is never overwritten"))
    if release_date(root / "CHANGELOG.md", version) is None:
        raise DiploQuoteError(Incident("changelog-missing", str(root / "CHANGELOG.md"), f"section {version}",
                                       f"write a section '## {version} ({date})' saying what changed in data, schema "
                                       "and labels, then run the release again"))
    (dataset / "VERSION").write_text(version + "\n", encoding="utf-8")
    citation = root / "CITATION.cff"
    if citation.exists():
        text = citation.read_text(encoding="utf-8")
        text = re.sub(r"^(\s*)version: .*$", rf"\g<1>version: {version}", text, flags=re.M)
        text = re.sub(r'^date-released: .*$', f'date-released: "{date}"', text, flags=re.M)
        citation.write_text(text, encoding="utf-8")
