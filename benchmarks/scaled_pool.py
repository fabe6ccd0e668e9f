"""A pool K times the real one, made from the real pool's paragraphs, for the build benchmark.

Each real raw file (of the sources whose text is in the repository) gets K - 1 copies in its own
format, with every paragraph replaced by one drawn (seeded) from all the paragraphs of its source:
a ``<p>`` element for the HTML and XML sources, a block between blank lines for the White House's
Markdown. The copies go through the same readers, curation and tables as the real documents; only
the real documents are annotated. Deterministic: the same ``k`` and ``seed`` write the same bytes.

The copy is a folder that looks like the repository to the build: everything but the raw pool is
a symbolic link (the build refuses raw files that are links, so those are copied).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from pathlib import Path

from diploquote.builders.corpus import read_pool_manifest

ROOT = Path(__file__).resolve().parent.parent
# the <p> elements of an HTML page or of the CDATA of a Prime Minister's transcript
_P = re.compile(r"<p[ >].*?</p>", re.S)
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_TAG = re.compile(r"<[^>]*>")


def _markdown_blocks(body: str) -> list[str]:
    return [b for b in body.split("\n\n") if b.strip()]


def _paragraphs(fmt: str, text: str) -> list[str]:
    """The paragraphs of a raw file that hold a sentence (40 characters or more outside the markup)."""
    if fmt == "md":
        m = _FRONT.match(text)
        blocks = _markdown_blocks(text[m.end():]) if m else []
    else:
        blocks = _P.findall(text)
    return [b for b in blocks if len(_TAG.sub("", b).strip()) >= 40]


def _replace(fmt: str, text: str, bank: list[str], rng: random.Random) -> str:
    if fmt == "md":
        m = _FRONT.match(text)
        blocks = _markdown_blocks(text[m.end():])
        return text[:m.end()] + "\n\n".join(rng.choice(bank) for _ in blocks) + "\n"
    return _P.sub(lambda _: rng.choice(bank).replace("\\", "\\\\"), text)


def _format(file: str) -> str:
    return "md" if file.endswith(".md") else "markup"


def write(out: Path, k: int, seed: int = 20261201) -> Path:
    """Write a repository-shaped folder at ``out`` whose pool is ``k`` times the real one; returns
    its root."""
    raw = ROOT / "dataset" / "raw"
    rows = [r for r in read_pool_manifest(raw) if r["redistributable"]]
    texts = {r["id"]: (raw / r["file"]).read_text(encoding="utf-8") for r in rows}
    banks: dict[str, list[str]] = {}
    for r in rows:
        banks.setdefault(r["source"], []).extend(_paragraphs(_format(r["file"]), texts[r["id"]]))
    for entry in ROOT.iterdir():
        if entry.name not in ("dataset", ".git"):
            (out / entry.name).symlink_to(entry)
    dataset = out / "dataset"
    dataset.mkdir()
    for entry in (ROOT / "dataset").iterdir():
        if entry.name not in ("raw", "data") and not entry.name.startswith("."):
            (dataset / entry.name).symlink_to(entry)
    rng = random.Random(seed)
    manifest = []
    for r in read_pool_manifest(raw):
        manifest.append(r)
        target = dataset / "raw" / r["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if (raw / r["file"]).exists():
            shutil.copyfile(raw / r["file"], target)
        if r["id"] not in texts:
            continue
        fmt, folder, name = _format(r["file"]), *r["file"].rsplit("/", 1)
        for copy in range(1, k):
            data = _replace(fmt, texts[r["id"]], banks[r["source"]], rng).encode("utf-8")
            file = f"{folder}/x{copy}-{name}"
            (dataset / "raw" / file).write_bytes(data)
            manifest.append({**r, "id": f"{r['id']}-x{copy}", "file": file, "bytes": len(data),
                             "sha256": hashlib.sha256(data).hexdigest()})
    with open(dataset / "raw" / "MANIFEST.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in manifest)
    return out
