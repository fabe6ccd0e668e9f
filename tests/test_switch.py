"""The switch to a new release, killed at every step: the dataset holds the old release or the new
one, complete; and two builds never run at once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import datasets
import pytest

from diploquote.builders.release.build import build
from diploquote.builders.release.switch import KILL_AT, STEPS, build_lock
from diploquote.cli import main
from diploquote.schema.layout import CARD, MANIFEST
from diploquote.viewer.charts import draw

from helpers import ROOT, XINHUA, make_dataset

OLD, NEW = "0.0.1", "0.0.2"
# A real build in its own process, which the fault hook kills; without charts, which only cost time here.
BUILD_WITHOUT_CHARTS = ("import sys; from pathlib import Path; from diploquote.builders.release.build import build; "
                        "build(Path(sys.argv[1]), lambda statements: {})")


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """A project whose release 0.0.1 is built, and whose annotations and VERSION make a 0.0.2."""
    root = make_dataset(tmp_path_factory.mktemp("switch") / "project", [XINHUA, "kremlin-58528"])
    build(root, draw)
    ann = root / "dataset" / "annotations" / f"{XINHUA}.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("stance: neutral", "stance: oppose"), encoding="utf-8")
    (root / "dataset" / "VERSION").write_text(NEW + "\n")
    return root


def manifest(root: Path) -> dict:
    return json.loads((root / "dataset" / MANIFEST).read_text())


def test_a_build_killed_at_any_step_leaves_the_old_release_or_the_new_one(released, tmp_path):
    old = manifest(released)
    projects = {step: tmp_path / step for step in STEPS}
    for copy in projects.values():
        shutil.copytree(released, copy)
    runs = {step: subprocess.Popen([sys.executable, "-c", BUILD_WITHOUT_CHARTS, str(copy)],
                                   env={**os.environ, KILL_AT: step}, stderr=subprocess.PIPE)
            for step, copy in projects.items()}  # side by side: each run is mostly start-up
    for step, run in runs.items():
        assert run.wait(timeout=120) == -signal.SIGKILL, run.stderr.read().decode()
        run.stderr.close()
    for step, copy in projects.items():
        dataset = copy / "dataset"
        assert list(dataset.glob(".build-*")), f"{step}: the killed build left no staging folder"
        assert main(["--root", str(copy), "verify"]) == 0, step
        assert not list(dataset.glob(".build-*")), step
        now = manifest(copy)
        if step == "staged":
            assert now == old
        else:
            assert now["version"] == NEW and now["content_sha256"] != old["content_sha256"]
        card_version = (dataset / CARD).read_text(encoding="utf-8").split("\nversion: ", 1)[1].split("\n", 1)[0]
        assert card_version == now["version"], step
        docs = datasets.load_dataset(str(dataset), "documents", cache_dir=str(tmp_path / "hf" / step))
        assert {s: docs[s].num_rows for s in docs} == {s: n for s, n in now["rows"]["documents"].items() if n}
        assert [line.split()[0] for line in (dataset / "RELEASES").read_text().splitlines()
                if not line.startswith("#")] == ([OLD] if step == "staged" else [OLD, NEW])


def test_a_second_build_refuses_while_one_holds_the_lock(released, tmp_path, capsys):
    dataset = released / "dataset"
    with build_lock(dataset):
        assert main(["--root", str(released), "build"]) == 1
        assert main(["--root", str(released), "verify"]) == 1
    err = capsys.readouterr().err
    assert err.count("[build-locked]") == 2
    assert str(dataset / ".build.lock") in err and f"pid {os.getpid()}" in err and "stale" in err
    assert manifest(released)["version"] == OLD


def test_staging_folders_and_the_lock_are_ignored_by_git():
    names = ["dataset/.build-1x2y3z/data/MANIFEST.json", "dataset/.build-a1b2c3.tmp", ".build-c4d5.tmp",
             "dataset/.build.lock"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.split() == names
