"""Writing pages for a person: a wrong output path is a located incident, never a traceback."""

from __future__ import annotations

from pathlib import Path

from diploquote.schema.errors import fail


def prepare_folder(out: Path) -> None:
    """Create ``out`` (and its parents) to write pages into; it must not be a file."""
    if out.exists() and not out.is_dir():
        raise fail("output-not-a-folder", str(out), "output folder",
                   "this is a file, and the pages need a folder; give the path of a folder (it is created if missing)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:  # a parent is a file, or no permission
        raise fail("output-unwritable", str(out), "output folder",
                   f"the folder cannot be created ({e.strerror}); choose a folder you can write to") from None


def write_page(path: Path, text: str) -> None:
    """Write one UTF-8 page at ``path``, whose folder must exist."""
    if path.is_dir():
        raise fail("output-is-a-folder", str(path), "output file",
                   "this is a folder; give a file name for the page, e.g. page.html")
    if not path.parent.is_dir():
        raise fail("output-folder-missing", str(path), "output file",
                   f"the folder {path.parent} does not exist; create it first or write the page elsewhere")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as e:
        raise fail("output-unwritable", str(path), "output file",
                   f"the page cannot be written ({e.strerror}); choose a place you can write to") from None
