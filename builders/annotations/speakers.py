"""The speaker registry: every YAML file under ``dataset/speakers/``, merged; an id is defined once."""

from __future__ import annotations

from pathlib import Path

import jsonschema

from diploquote.schema import json_schema

from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.yamlfile import read_yaml


def load_registry(folder: Path, extra: list[Path] = ()) -> list[dict]:
    """All speakers, sorted by id, with ``aliases`` and ``roles`` always present (possibly empty).

    ``extra`` files (a work-in-progress list of new speakers) are read after the folder's files;
    an id they repeat from the folder is the folder's entry, not an error.
    """
    incidents: list[Incident] = []
    by_id: dict[str, tuple[dict, str]] = {}
    validator = jsonschema.Draft202012Validator(json_schema("speakers"))
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise DiploQuoteError(Incident("registry-missing", str(folder), "folder",
                                       "no speaker registry files (*.yaml) were found; restore dataset/speakers/"))
    extra = [Path(p) for p in extra]
    for path in files + extra:
        try:
            rows = read_yaml(path) or []
        except DiploQuoteError as e:
            incidents.extend(e.incidents)
            continue
        errors = list(validator.iter_errors(rows))
        for err in errors:
            place = ".".join(map(str, err.absolute_path)) or "top level"
            incidents.append(Incident("schema-violation", str(path), f"entry {place}", err.message[:300]))
        if errors:
            continue
        for row in rows:
            if row["id"] in by_id and path in extra and Path(by_id[row["id"]][1]).parent == folder:
                continue
            if row["id"] in by_id:
                incidents.append(Incident("duplicate-speaker-id", str(path), f"speaker {row['id']}",
                                          f"already defined in {by_id[row['id']][1]}; keep one entry and merge the aliases"))
                continue
            by_id[row["id"]] = ({"aliases": [], "roles": [], **row}, str(path))
    if incidents:
        raise DiploQuoteError(incidents)
    out = []
    for sid in sorted(by_id):
        row = by_id[sid][0]
        out.append({
            "id": row["id"], "name": row["name"], "aliases": list(row["aliases"]), "country": row["country"],
            "roles": [{"title": r["title"], "start": r.get("start"), "end": r.get("end")} for r in row["roles"]],
        })
    return out
