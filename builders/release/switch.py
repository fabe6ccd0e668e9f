"""The switch from one release to the next, in steps that each leave a complete release behind.

1. The new release is staged in ``dataset/.build-*/``: its ``data/`` folder (shards, MANIFEST.json,
   Croissant, charts, a copy of the card) and nothing is touched outside it.
2. The staged ``data/`` and the live ``dataset/data/`` are exchanged in one atomic step
   (Linux ``renameat2(RENAME_EXCHANGE)``); this is the moment the new release exists.
3. The files outside ``data/`` are brought in line with the release's MANIFEST, each replaced
   atomically (``os.replace``): the card (from its copy), the log of releases, and, after a
   ``release``, ``VERSION`` and ``CITATION.cff`` (``settle``).
4. The staging folder, which now holds the previous release, is removed.

A build stopped at any point (even by SIGKILL) leaves the old release or the new one. What a
stopped build leaves over is put right by the next ``build``, ``release`` or ``verify``
(``recover``): staging folders are removed, and step 3, which depends only on the release in
place, is run again. Builds take a lock on the dataset folder, so two never run at once.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from diploquote.schema.errors import fail
from diploquote.schema.layout import (CARD, CARD_COPY, RELEASE_DIR, file_sha256, parse_version,
                                      read_release_manifest, release_manifest)

from diploquote.builders.release import log
from diploquote.builders.release.write import citation_text, release_date

STAGING_PREFIX = ".build-"  # staging folders and temporary files; ignored by git, removed by `recover`
LOCK = ".build.lock"
PREVIOUS = "previous"  # where the fallback switch keeps the previous release inside the staging folder

# Fault injection for the tests: with DIPLOQUOTE_KILL_AT=<step>, the build kills itself (SIGKILL,
# no clean-up of any kind) when it reaches that step of the switch.
KILL_AT = "DIPLOQUOTE_KILL_AT"
STEPS = ("staged", "data-switched", "card-settled", "settled")


def checkpoint(step: str) -> None:
    if os.environ.get(KILL_AT) == step:
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def build_lock(dataset: Path) -> Iterator[None]:
    """Hold ``dataset/.build.lock`` for the duration; refuses (``build-locked``) while another
    process holds it. The operating system releases the lock when its holder ends, however it
    ends, so a killed build never blocks the next."""
    if not dataset.is_dir():
        raise fail("dataset-missing", dataset, "folder", "no dataset folder here; run from the project's top folder "
                   "or give --root DIR")
    path = dataset / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise fail("build-locked", path, "whole file",
                       f"another build (pid {holder}) is working on this dataset; wait for it to end. If no process "
                       f"{holder} is running, the lock is stale (a file system without locks?): delete this file "
                       "and run the command again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the lock


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux ``renameat2`` with ``RENAME_EXCHANGE``);
    False where the C library has no ``renameat2``."""
    at_fdcwd, rename_exchange = -100, 2
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))
    return True


def switch_data(dataset: Path, staged: Path) -> None:
    """Put ``staged/data`` in place of ``dataset/data``; the previous release is left in the
    staging folder, to be removed with it."""
    live = dataset / RELEASE_DIR
    if not live.exists():
        os.rename(staged / RELEASE_DIR, live)  # first build: a rename onto a free name is atomic
    elif not _exchange(staged / RELEASE_DIR, live):
        # Without renameat2 two renames, with an instant without data/ between them; `recover`
        # moves the previous release back if a build stops there.
        os.rename(live, staged / PREVIOUS)
        os.rename(staged / RELEASE_DIR, live)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` in one step: readers see the old file or the new one."""
    fd, tmp = tempfile.mkstemp(prefix=STAGING_PREFIX, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _settle_card(dataset: Path, manifest: dict) -> list[str]:
    expected = manifest["files"].get(CARD, {}).get("sha256")
    card, copy = dataset / CARD, dataset / CARD_COPY
    if expected is None or (card.exists() and file_sha256(card) == expected):
        return []
    if not copy.exists() or file_sha256(copy) != expected:
        return []  # not a stopped build: `verify` names the changed card
    write_atomic(card, copy.read_text(encoding="utf-8"))
    return [f"{card}: restored from {CARD_COPY} (it was not the release's card: a build had stopped before "
            "replacing it, or it was edited by hand)"]


def _settle_log(root: Path, manifest: dict) -> list[str]:
    dataset = root / "dataset"
    entries = log.read_log(dataset)
    if manifest["version"] in entries:
        return []  # a logged version with other content is `verify`'s to report, never rewritten here
    import datetime

    date = release_date(root / "CHANGELOG.md", manifest["version"]) or datetime.date.today().isoformat()
    path = dataset / log.RELEASES
    text = path.read_text(encoding="utf-8") if path.exists() else log.HEADER
    write_atomic(path, text + log.entry_line(manifest["version"], date, manifest["content_sha256"]))
    return [f"{path}: logged release {manifest['version']}"]


def _settle_version(root: Path, manifest: dict) -> list[str]:
    """After a release, VERSION and CITATION.cff name the released version. Only ever raised to it:
    a VERSION newer than the release is a version about to be built."""
    version, notes = manifest["version"], []
    path = root / "dataset" / "VERSION"
    current = parse_version(path.read_text(encoding="utf-8").strip()) if path.exists() else None
    if current is None or current < parse_version(version):
        write_atomic(path, version + "\n")
        notes.append(f"{path}: set to the released {version}")
        citation = root / "CITATION.cff"
        if citation.exists():
            text = citation.read_text(encoding="utf-8")
            write_atomic(citation, citation_text(text, version, release_date(root / "CHANGELOG.md", version)))
    return notes


def settle(root: Path) -> list[str]:
    """Bring the files outside ``data/`` in line with the release in place (step 3), the card first;
    returns what it changed."""
    manifest = read_release_manifest(root / "dataset")
    if manifest is None:
        return []
    return _settle_card(root / "dataset", manifest) + settle_records(root, manifest)


def settle_records(root: Path, manifest: dict) -> list[str]:
    """The log of releases, VERSION and CITATION.cff, in line with the release's ``manifest``."""
    return _settle_log(root, manifest) + _settle_version(root, manifest)


def remove_staging(dataset: Path) -> None:
    for path in dataset.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def recover(root: Path) -> list[str]:
    """Put right what a stopped build left over (call with the lock held); returns what it did."""
    dataset = root / "dataset"
    leftovers = sorted(p.name for p in dataset.glob(f"{STAGING_PREFIX}*"))
    for name in leftovers:
        if not (dataset / RELEASE_DIR).exists() and (dataset / name / PREVIOUS).is_dir():
            os.rename(dataset / name / PREVIOUS, dataset / RELEASE_DIR)
    remove_staging(dataset)
    for path in root.glob(f"{STAGING_PREFIX}*.tmp"):  # CITATION.cff's temporary file
        path.unlink()
    notes = [f"{dataset / name}: removed (left by a build that stopped)" for name in leftovers]
    return notes + settle(root)


def install(root: Path, staged: Path) -> list[str]:
    """Steps 2 to 4 for a release staged in ``staged``; returns which records it updated."""
    try:
        checkpoint("staged")
        switch_data(root / "dataset", staged)
        checkpoint("data-switched")
        manifest = release_manifest(root / "dataset")
        _settle_card(root / "dataset", manifest)  # the new card: no news in a build
        checkpoint("card-settled")
        notes = settle_records(root, manifest)
        checkpoint("settled")
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return notes

