"""Fixtures and the test environment; what tests import is in ``helpers.py``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Everything the tests load is local: never let the `datasets` loader reach for the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from helpers import DATASET, XINHUA, manifest_rows  # noqa: E402


@pytest.fixture(scope="session")
def xinhua_copy() -> Path:
    """The user's own copy of the Xinhua article, where the build looks for it (it is not committed)."""
    path = DATASET / "raw" / manifest_rows()[XINHUA]["file"]
    if not path.is_file():
        pytest.skip(f"needs your copy of the Xinhua article at dataset/raw/{manifest_rows()[XINHUA]['file']} "
                    "(not committed: its licence does not allow it)")
    return path
