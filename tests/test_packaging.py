"""The research packaging: card, Croissant and citation validate offline; versions agree everywhere;
`verify` names a changed file; the README's snippets for other readers run."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from diploquote.builders.release.build import build
from diploquote.viewer.charts import draw
from diploquote.schema.yamlfile import dump_yaml, read_yaml
from diploquote.builders.release.write import verify
from diploquote.cli import main
from diploquote.schema import CONFIGS
from diploquote.schema.layout import CROISSANT, MANIFEST, shard_path

from helpers import DATASET, ROOT, XINHUA, make_dataset


def card_header(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_card_header_is_valid_dataset_card_metadata():
    from huggingface_hub import DatasetCardData
    from huggingface_hub.repocard import DatasetCard

    card = DatasetCard.load(DATASET / "README.md")
    data: DatasetCardData = card.data
    header = card_header(DATASET / "README.md")
    assert header["configs"][0]["config_name"] == "documents" and header["configs"][0]["default"] is True
    assert [c["config_name"] for c in header["configs"]] == list(CONFIGS)
    assert data.pretty_name == "DiploQuote" and data.language == ["en"]
    manifest = json.loads((DATASET / MANIFEST).read_text())
    for info in header["dataset_info"]:
        for split in info["splits"]:
            assert split["num_examples"] == manifest["rows"][info["config_name"]][split["name"]]
    body = card.text
    for section in ("## Sources and licences", "## Annotation", "## Known limitations and biases", "## Uses",
                    "## Composition and collection", "## Preprocessing", "## Maintenance", "## Motivation"):
        assert section in body
    assert "en.kremlin.ru" in body and "Commonwealth of Australia" in body  # CC BY attributions


def test_croissant_validates_with_mlcroissant_offline():
    import mlcroissant as mlc

    meta = json.loads((DATASET / CROISSANT).read_text())
    ds = mlc.Dataset(jsonld=DATASET / CROISSANT)
    files = json.loads((DATASET / MANIFEST).read_text())["files"]
    for fo in meta["distribution"]:
        assert fo["sha256"] == files[posixpath.join(posixpath.dirname(CROISSANT), fo["contentUrl"])]["sha256"]
    first = next(iter(ds.records("speakers-registry")))
    assert first["speakers-registry/id"]


def _cff_schema(tmp_path: Path) -> dict:
    """The CFF 1.2.0 JSON Schema as published inside the cffconvert wheel, fetched without
    installing cffconvert (it pins an old jsonschema)."""
    result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(tmp_path),
                             "cffconvert==2.0.0"], capture_output=True, text=True)
    wheels = list(tmp_path.glob("cffconvert-*.whl"))
    if result.returncode != 0 or not wheels:
        pytest.skip(f"cannot fetch the CFF 1.2.0 schema from the package index: {result.stderr.strip()[:200]}")
    with zipfile.ZipFile(wheels[0]) as z:
        return json.loads(z.read("cffconvert/schemas/1.2.0/schema.json"))


def test_citation_cff_validates_against_the_cff_1_2_0_schema(tmp_path):
    import jsonschema

    schema = _cff_schema(tmp_path)
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    citation["date-released"] = str(citation["date-released"])
    jsonschema.Draft7Validator(schema).validate(citation)
    assert citation["preferred-citation"]["type"] == "data"


def test_one_version_in_card_manifest_croissant_citation_and_signature(tmp_path):
    from diploquote.eval.gold import release_gold, release_info
    from diploquote.eval.harness import Settings, evaluate

    version = (DATASET / "VERSION").read_text().strip()
    assert json.loads((DATASET / MANIFEST).read_text())["version"] == version
    assert card_header(DATASET / "README.md")["version"] == version
    assert json.loads((DATASET / CROISSANT).read_text())["version"] == version
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["version"] == citation["preferred-citation"]["version"] == version
    assert re.search(rf"^## {re.escape(version)} \(", (ROOT / "CHANGELOG.md").read_text(), re.M)
    gold = release_gold(DATASET, "test")
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps({"doc_id": d.doc_id, "statements": []}) + "\n" for d in gold))
    v, h = release_info(DATASET)
    r = evaluate(preds, gold, Settings(resamples=0), dataset_version=v, content_hash=h, split="test")
    assert r.signature.dataset_version == version and f"dataset:{version}|" in r.signature.long()


def test_verify_passes_on_the_release_and_names_a_changed_shard(tmp_path):
    assert verify(DATASET) == []
    copy = tmp_path / "dataset"
    shutil.copytree(DATASET, copy, ignore=shutil.ignore_patterns("raw"))
    shard = copy / shard_path("documents", "test")
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0xFF
    shard.write_bytes(bytes(data))
    [incident] = verify(copy)
    assert incident.code == "file-changed" and incident.file == str(shard)


def test_release_bumps_everywhere_and_refuses_an_old_version(tmp_path, capsys):
    root = make_dataset(tmp_path / "p", [XINHUA, "auspm-transcript-40828", "kremlin-58528"])
    shutil.copyfile(ROOT / "CITATION.cff", root / "CITATION.cff")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## 0.0.2 (2026-12-01)\n\n- a change\n")
    build(root, draw)
    assert main(["--root", str(root), "release", "0.0.1"]) == 1
    assert "version-not-newer" in capsys.readouterr().err
    assert main(["--root", str(root), "release", "0.0.3"]) == 1
    assert "changelog-missing" in capsys.readouterr().err
    assert main(["--root", str(root), "release", "0.0.2", "--date", "2026-12-01"]) == 0
    assert (root / "dataset" / "VERSION").read_text().strip() == "0.0.2"
    citation = yaml.safe_load((root / "CITATION.cff").read_text())
    assert citation["version"] == "0.0.2" and citation["preferred-citation"]["version"] == "0.0.2"
    assert str(citation["date-released"]) == "2026-12-01"
    assert json.loads((root / "dataset" / CROISSANT).read_text())["datePublished"] == "2026-12-01"


def test_a_release_whose_build_fails_writes_nothing(tmp_path, capsys):
    root = make_dataset(tmp_path / "p", [XINHUA, "kremlin-58528"])
    shutil.copyfile(ROOT / "CITATION.cff", root / "CITATION.cff")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## 0.0.2 (2026-12-01)\n\n- a change\n")
    build(root, draw)
    bad = root / "dataset" / "annotations" / "kremlin-58528.yaml"
    data = read_yaml(bad)
    data["statements"][0]["speakers"].insert(0, "no-such-speaker")
    bad.write_text(dump_yaml(data), encoding="utf-8")
    before = {p: p.read_bytes() for p in [root / "CITATION.cff", *(root / "dataset").rglob("*")] if p.is_file()}
    assert main(["--root", str(root), "release", "0.0.2"]) == 1
    assert "speaker" in capsys.readouterr().err
    after = {p: p.read_bytes() for p in [root / "CITATION.cff", *(root / "dataset").rglob("*")] if p.is_file()}
    assert after == before  # VERSION, CITATION.cff, the release and its log: all as they were


def test_verify_names_a_file_in_the_release_that_the_manifest_does_not_list(tmp_path):
    copy = tmp_path / "dataset"
    shutil.copytree(DATASET, copy, ignore=shutil.ignore_patterns("raw"))
    files = json.loads((copy / MANIFEST).read_text())["files"]
    charts = copy / Path(next(rel for rel in files if rel.endswith("labels.png"))).parent
    stray = [charts / "old-chart.png", copy / Path(CROISSANT).parent / "notes.txt"]
    for path in stray:
        path.write_bytes(b"not released")
    assert sorted(i.file for i in verify(copy) if i.code == "file-unlisted") == sorted(map(str, stray))


def test_the_project_uses_no_private_name_of_datasets():
    import datasets

    private = {name for obj in vars(datasets).values() if isinstance(obj, type) for name in dir(obj)
               if name.startswith("_") and not name.startswith("__")}
    used = {(path.relative_to(ROOT).as_posix(), name)
            for folder in ("schema", "builders", "eval", "baselines", "viewer", "diploquote")
            for path in (ROOT / folder).rglob("*.py")
            for name in re.findall(r"\.(_[A-Za-z]\w*)\(", path.read_text(encoding="utf-8")) if name in private}
    assert used == set()


def test_deprecation_warnings_raised_from_the_project_fail_the_tests():
    import warnings

    for category in (DeprecationWarning, FutureWarning):
        with pytest.raises(category):
            warnings.warn_explicit("an old API", category, "builders/release/build.py", 1,
                                   module="diploquote.builders.release.build")
    with pytest.warns(DeprecationWarning):  # a library's own: reported, not an error
        warnings.warn_explicit("an old API", DeprecationWarning, "site-packages/lib.py", 1, module="somelib.core")


def _readme_snippet(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"```python\n# {name}\n(.*?)```", text, re.S)
    assert match, f"README has no python snippet starting '# {name}'"
    return match.group(1)


@pytest.mark.parametrize("name", ["datasets", "pandas", "polars", "duckdb"])
def test_readme_snippets_for_other_readers_run(name, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path))
    scope: dict = {}
    exec(compile(_readme_snippet(name), f"README.md:{name}", "exec"), scope)
    assert scope["n_statements"] == sum(json.loads((DATASET / MANIFEST).read_text())["rows"]["statements"].values())
