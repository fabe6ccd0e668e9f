"""The target registry: the issues, agreements and relations that a statement's stance is about
(``dataset/targets/*.yaml``, rules G1-G3 of the guidelines). Actors are in the speaker registry."""

from __future__ import annotations

from pathlib import Path

from diploquote.builders.annotations.registry import read_registry

NO_TARGET = "none"  # a stance with no specific target says so (guidelines section 11.2)


def load_targets(folder: Path, extra: list[Path] = ()) -> list[dict]:
    """All targets, sorted by id, with ``aliases`` and ``countries`` always present (possibly empty);
    ``extra`` files are read after the folder's, as for the speaker registry."""
    return [{"id": row["id"], "name": row["name"], "kind": row["kind"], "definition": row["definition"],
             "aliases": list(row.get("aliases", [])), "countries": list(row.get("countries", []))}
            for row in read_registry(folder, "targets", "target", extra).values()]
