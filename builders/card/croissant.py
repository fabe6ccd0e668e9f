"""Croissant 1.0 metadata (dataset/data/croissant.json), generated from the schema and the written shards.

One ``FileObject`` per Parquet shard (with its sha256) and one ``RecordSet`` per config and split,
whose fields are the config's columns; a list of structs (a document's statements) is a repeated
field with sub-fields.
"""

from __future__ import annotations

import posixpath

from datasets import ClassLabel, Features, List, Value

from diploquote.schema import features
from diploquote.schema.layout import CROISSANT

# The JSON-LD context of Croissant 1.0 (the vocabulary the specification defines).
CONTEXT = {
    "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract", "field": "cr:field",
    "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject", "fileSet": "cr:fileSet", "format": "cr:format",
    "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key",
    "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path", "recordSet": "cr:recordSet",
    "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated", "replace": "cr:replace",
    "samplingRate": "cr:samplingRate", "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source",
    "subField": "cr:subField", "transform": "cr:transform",
}

DESCRIPTION = ("Attributed statements in diplomatic news: content, cue, speaker mention and speakers, statement type, "
               "stance toward a target and issue topics, annotated on official readouts of the White House, the "
               "Kremlin and the Australian Prime Minister, and a Xinhua report (text withheld).")
CITATION = ("@misc{{diploquote,\n  title = {{DiploQuote: attributed statements, stance and topics in diplomatic news}},\n"
            "  author = {{{{The DiploQuote maintainers}}}},\n  year = {{2026}},\n  note = {{Version {version}}}\n}}")
LICENSES = ["https://creativecommons.org/licenses/by/4.0/", "https://creativecommons.org/licenses/by/3.0/au/",
            "https://creativecommons.org/publicdomain/mark/1.0/"]


def _data_type(feature) -> str:
    if isinstance(feature, ClassLabel):
        return "sc:Integer"
    if isinstance(feature, Value):
        return {"string": "sc:Text", "bool": "sc:Boolean"}.get(feature.dtype, "sc:Integer")
    return "sc:Text"


def _field(record: str, name: str, feature, file_id: str, path: list[str]) -> dict:
    fid = f"{record}/{'/'.join(path + [name])}"
    source = {"fileObject": {"@id": file_id}, "extract": {"column": path[0] if path else name}}
    if path:
        source["transform"] = {"jsonPath": ".".join(path[1:] + [name])}
    out = {"@type": "cr:Field", "@id": fid, "name": name}
    repeated = isinstance(feature, List)
    inner = feature.feature if repeated else feature
    if isinstance(inner, dict):
        out["subField"] = [_field(record, k, v, file_id, path + [name]) for k, v in inner.items()]
    else:
        out["dataType"] = _data_type(inner)
    if repeated:
        out["repeated"] = True
    out["source"] = source
    return out


def _record_set(config: str, split: str, feats: Features, file_id: str) -> dict:
    rid = f"{config}-{split}"
    labels = {k: v.names for k, v in feats.items() if isinstance(v, ClassLabel)}
    return {
        "@type": "cr:RecordSet", "@id": rid, "name": rid,
        "description": f"The {config} config, {split} split." + (f" Class labels: {labels}." if labels else ""),
        "field": [_field(rid, name, feat, file_id, []) for name, feat in feats.items()],
    }


def metadata(version: str, date: str | None, files: dict[str, dict], shards: dict[str, dict[str, str]]) -> dict:
    """Croissant JSON-LD. ``files``: path -> {sha256, bytes}; ``shards``: config -> split -> path, both
    relative to the dataset folder. A ``contentUrl`` is relative to croissant.json's own folder."""
    distribution, record_sets = [], []
    for config, splits in sorted(shards.items()):
        feats = features(config)
        for split, path in sorted(splits.items()):
            url = posixpath.relpath(path, posixpath.dirname(CROISSANT))
            file_id = url.removesuffix(".parquet").replace("/", "-")
            distribution.append({"@type": "cr:FileObject", "@id": file_id, "name": file_id, "contentUrl": url,
                                 "encodingFormat": "application/x-parquet", "contentSize": f"{files[path]['bytes']} B",
                                 "sha256": files[path]["sha256"]})
            record_sets.append(_record_set(config, split, feats, file_id))
    return {
        "@context": CONTEXT, "@type": "sc:Dataset", "name": "DiploQuote", "description": DESCRIPTION,
        "conformsTo": "http://mlcommons.org/croissant/1.0", "citeAs": CITATION.format(version=version),
        "license": LICENSES, "version": version, **({"datePublished": date} if date else {}), "inLanguage": "en",
        "keywords": ["attribution", "quotation", "stance", "diplomacy", "news"],
        "creator": {"@type": "sc:Organization", "name": "The DiploQuote maintainers"},
        "distribution": distribution, "recordSet": record_sets,
    }
