"""The speaker registry: every YAML file under ``dataset/speakers/``, merged; an id is defined once."""

from __future__ import annotations

from pathlib import Path

from diploquote.builders.annotations.registry import read_registry


def load_registry(folder: Path, extra: list[Path] = ()) -> list[dict]:
    """All speakers, sorted by id, with ``aliases`` and ``roles`` always present (possibly empty).

    ``extra`` files (a work-in-progress list of new speakers) are read after the folder's files;
    an id they repeat from the folder is the folder's entry, not an error.
    """
    return [{"id": row["id"], "name": row["name"], "aliases": list(row.get("aliases", [])), "country": row["country"],
             "roles": [{"title": r["title"], "start": r.get("start"), "end": r.get("end")} for r in row.get("roles", [])]}
            for row in read_registry(folder, "speakers", "speaker", extra).values()]
