"""The dataset card (dataset/README.md): YAML header generated from the schema, body from the build.

The header's ``configs`` and ``dataset_info`` come from ``diploquote.schema.features``, never typed
twice; counts and agreement figures come from the build and the agreement report. The prose that
does not depend on the build lives in docs/card-body.md and is included as written.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from datasets import ClassLabel, List, Value

from diploquote.schema import CONFIGS, LABEL_DEFINITIONS, features, topic_codebook
from diploquote.schema.markdown import table
from diploquote.schema.layout import CHARTS, MANIFEST, shard_path, split_names


def size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if n < limit:
            return name
    return "100K<n<1M"


def _feature_type(feature) -> dict:
    """The card's YAML for one feature's type, in the Hub's dataset card format: ``dtype: string``,
    ``dtype: {class_label: {names: {'0': ...}}}``, ``list: ...``, ``struct: [...]``."""
    if isinstance(feature, Value):
        return {"dtype": feature.dtype}
    if isinstance(feature, ClassLabel):
        return {"dtype": {"class_label": {"names": {str(i): n for i, n in enumerate(feature.names)}}}}
    if isinstance(feature, dict):
        return {"struct": feature_list(feature)}
    if isinstance(feature, List):
        inner = _feature_type(feature.feature)
        # the format's shorthands: `list: string`, `list: {class_label: ...}`, `list: [fields]`
        return {"list": inner.get("dtype", inner.get("struct"))}
    raise TypeError(f"no dataset card form for the feature {feature!r}")


def feature_list(fields: dict) -> list[dict]:
    """A config's (or a struct's) features as the card's YAML list of ``{name, <type>}``."""
    return [{"name": name, **_feature_type(feature)} for name, feature in fields.items()]


def header(version: str, sizes: dict[str, dict[str, dict]]) -> dict:
    """``sizes``: config -> split -> ``{num_examples, num_bytes}``."""
    n_statements = sum(s["num_examples"] for s in sizes["statements"].values())
    return {
        "pretty_name": "DiploQuote",
        "language": ["en"],
        "license": "other",
        "license_name": "mixed-open-licences",
        "license_details": ("Per document: US government work (public domain), CC BY 4.0 (en.kremlin.ru), "
                            "CC BY 3.0 AU (Commonwealth of Australia); text under other terms is withheld. "
                            "Annotations: CC BY 4.0."),
        "task_categories": ["token-classification", "text-classification"],
        "task_ids": ["sentiment-classification", "multi-label-classification"],
        "size_categories": [size_category(n_statements)],
        "tags": ["attribution", "quotation", "stance", "diplomacy", "news"],
        "version": version,
        "configs": [
            {"config_name": c, **({"default": True} if c == "documents" else {}),
             "data_files": [{"split": s, "path": shard_path(c, s)} for s in split_names(c)
                            if sizes[c][s]["num_examples"]]}
            for c in CONFIGS
        ],
        "dataset_info": [
            {"config_name": c, "features": feature_list(features(c)),
             "splits": [{"name": s, **sizes[c][s]} for s in split_names(c) if sizes[c][s]["num_examples"]]}
            for c in CONFIGS
        ],
    }


def _label_table() -> str:
    return table(["field", "label", "definition"],
                 [[field, f"`{k}`", v] for field, labels in LABEL_DEFINITIONS.items() for k, v in labels.items()])


def _topic_table() -> str:
    return table(["topic", "CAP major topic", "definition"],
                 [[f"`{t['id']}`", t["cap"], t["definition"]] for t in topic_codebook()])


def _report(path: Path, missing: str) -> str:
    """A report of dataset/agreement/ without its own title, for the card."""
    if not path.exists():
        return missing
    return path.read_text(encoding="utf-8").split("\n", 1)[1].strip()


def render(dataset: Path, docs_dir: Path, version: str, sizes: dict, stats_markdown: str, content_hash: str) -> str:
    head = yaml.safe_dump(header(version, sizes), sort_keys=False, allow_unicode=True, width=1000)
    body = (docs_dir / "card-body.md").read_text(encoding="utf-8")
    body = body.format(
        version=version,
        content_hash=content_hash,
        statistics=stats_markdown.strip(),
        labels=_label_table(),
        topics=_topic_table(),
        agreement=_report(dataset / "agreement" / "report.md", "No agreement study has been run on this release."),
        agreement_v3=_report(dataset / "agreement" / "v3" / "report.md", "No agreement study of version 3's fields has been run."),
        audit=_report(dataset / "agreement" / "v3" / "audit.md", "No audit has been made of this release."),
        agreement_1_0=_report(dataset / "agreement" / "release-1.0" / "report.md",
                              "No second pass has been made over the documents new in 1.0."),
        audit_1_0=_report(dataset / "agreement" / "release-1.0" / "audit.md",
                          "No audit has been made of the documents new in 1.0."),
        manifest=MANIFEST,
        charts=CHARTS,
    )
    return f"---\n{head}---\n\n{body.strip()}\n"
