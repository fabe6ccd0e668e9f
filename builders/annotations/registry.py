"""Reading a registry folder (speakers, targets): every YAML file in it, each validated against its
JSON Schema, merged by id; an id is defined once."""

from __future__ import annotations

from pathlib import Path

from diploquote.schema.errors import DiploQuoteError, Incident
from diploquote.schema.jsonschemas import schema_incidents, validator
from diploquote.schema.yamlfile import read_yaml


def read_registry(folder: Path, schema: str, what: str, extra: list[Path] = ()) -> dict[str, dict]:
    """Entries by id from ``folder/*.yaml`` and then ``extra`` files; raises every incident found.

    ``schema`` names the files' JSON Schema; ``what`` names an entry in messages ("speaker").
    An ``extra`` file (work in progress) that repeats an id of the folder keeps the folder's entry.
    """
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise DiploQuoteError(Incident("registry-missing", str(folder), "folder",
                                       f"no {what} registry files (*.yaml) were found; restore {folder.name}/"))
    check = validator(schema)
    extra = [Path(p) for p in extra]
    incidents: list[Incident] = []
    by_id: dict[str, tuple[dict, Path]] = {}
    for path in files + extra:
        try:
            rows = read_yaml(path) or []
        except DiploQuoteError as e:
            incidents.extend(e.incidents)
            continue
        found = schema_incidents(check, rows, str(path), "file")
        incidents.extend(found)
        if found:
            continue
        for row in rows:
            if row["id"] in by_id and path in extra and by_id[row["id"]][1].parent == folder:
                continue
            if row["id"] in by_id:
                incidents.append(Incident(f"duplicate-{what}-id", str(path), f"{what} {row['id']}",
                                          f"already defined in {by_id[row['id']][1]}; keep one entry and merge the aliases"))
                continue
            by_id[row["id"]] = (row, path)
    if incidents:
        raise DiploQuoteError(incidents)
    return {key: row for key, (row, _) in sorted(by_id.items())}
