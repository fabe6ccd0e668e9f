"""Where a release keeps its files, and its MANIFEST: the one place that knows the layout.

Paths are relative to the dataset folder (``dataset/``), written with ``/``. Everything a build
writes except the card lives in one folder, ``data/``, so that a new release replaces the old one
in a single rename: the Parquet shards (one folder per config), ``MANIFEST.json`` (sha256 and size
of every file), ``croissant.json``, the card's charts and a copy of the card. The card,
``README.md``, must sit at the top of the dataset folder for ``datasets.load_dataset``; its
``configs:`` point into ``data/``.
"""

from __future__ import annotations

import glob
import hashlib
import json
from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident, fail
from diploquote.schema.labels import SPLITS

RELEASE_DIR = "data"
MANIFEST = f"{RELEASE_DIR}/MANIFEST.json"
CROISSANT = f"{RELEASE_DIR}/croissant.json"
CHARTS = f"{RELEASE_DIR}/charts"
CARD = "README.md"
# The card as built, inside the release folder: it repairs a card left stale by a build that was
# stopped between the switch of ``data/`` and the replacement of ``README.md``.
CARD_COPY = f"{RELEASE_DIR}/card.md"

# Configs without train / validation / test: their one split's name.
SINGLE_SPLIT = {"corpus": "pool", "speakers": "registry", "targets": "registry"}


def split_names(config: str) -> tuple[str, ...]:
    """The splits of ``config``, in the card's order."""
    return (SINGLE_SPLIT[config],) if config in SINGLE_SPLIT else SPLITS


def shard_path(config: str, split: str) -> str:
    """The one Parquet shard of a config's split, relative to the dataset folder."""
    return f"{RELEASE_DIR}/{config}/{split}-00000-of-00001.parquet"


def parse_version(text: str) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a semantic version ``MAJOR.MINOR.PATCH``, or None if it is not one."""
    parts = text.split(".")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    major, minor, patch = map(int, parts)
    return major, minor, patch


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_release_manifest(dataset: Path) -> dict | None:
    """The release's MANIFEST.json, or None when no release is built in ``dataset``."""
    path = dataset / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise fail("manifest-invalid", path, "whole file",
                   f"not valid JSON ({e}); restore it (git checkout) or rebuild with `diploquote build`") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise fail("manifest-invalid", path, "whole file",
                   "not a release MANIFEST (no 'files' table); restore it (git checkout) or rebuild")
    return manifest


def release_manifest(dataset: Path) -> dict:
    """The release's MANIFEST.json; raises ``release-missing`` when none is built."""
    manifest = read_release_manifest(dataset)
    if manifest is None:
        raise fail("release-missing", dataset / MANIFEST, "file", "no release is built here; run `diploquote build`")
    return manifest


def file_incident(dataset: Path, rel: str, expected: dict) -> Incident | None:
    """What is wrong with the release file ``rel`` against its MANIFEST entry ``{sha256, bytes}``, if anything."""
    path = dataset / rel
    if not path.is_file():
        return Incident("file-missing", str(path), "whole file",
                        f"listed in {MANIFEST} but absent; restore it (git checkout) or rebuild")
    if file_sha256(path) != expected["sha256"]:
        return Incident("file-changed", str(path), "whole file",
                        f"sha256 differs from {MANIFEST} ({expected['sha256'][:12]}...); restore the released "
                        "file (git checkout) or rebuild under a new version")
    return None


def checked_shard(dataset: Path, config: str, split: str) -> Path | None:
    """The shard of a config's split after checking it against the MANIFEST; None for a split the
    release leaves empty. Raises when the shard differs from the released one, so that nothing is
    read (or scored) from a changed release under the released version's name."""
    rel = shard_path(config, split)
    expected = release_manifest(dataset)["files"].get(rel)
    if expected is None:
        if (dataset / rel).exists():
            raise fail("file-unlisted", dataset / rel, "whole file",
                       f"not part of the release in {MANIFEST}; remove it or rebuild")
        return None
    incident = file_incident(dataset, rel, expected)
    if incident is not None:
        raise DiploQuoteError(incident)
    return dataset / rel


def named_files(given: Path, suffix: str, folder_hint: str) -> tuple[list[Path], str] | None:
    """The files a glob matches, or the ``suffix`` files of a folder (any depth), in name order,
    with the reason to give when there are none; None for a path that is neither (a file itself)."""
    if glob.has_magic(str(given)):
        return (sorted(Path(p) for p in glob.glob(str(given), recursive=True) if Path(p).is_file()),
                "the pattern matches no file; check it (quote it, so that the shell does not expand it)")
    if given.is_dir():
        return sorted(given.glob(f"**/*{suffix}")), f"the folder holds no {suffix} file; {folder_hint}"
    return None
