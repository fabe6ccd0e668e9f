"""The code hash of a kept model: which code trained it.

A model file is only as good as the code that computed its features and labels: a model trained by
other code (an older feature function, another cue lexicon) reads its inputs differently. Each
trained baseline names the modules that determine its model; the sha256 of their source is part
of the model's key, so that a model trained by other code is never reused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import ModuleType


def code_sha256(*modules: ModuleType) -> str:
    """The sha256 of the source files of ``modules``, in the order given (hex, 64 characters)."""
    digest = hashlib.sha256()
    for module in modules:
        source = Path(module.__file__).read_bytes()
        digest.update(f"{module.__name__}\n{len(source)}\n".encode("utf-8"))
        digest.update(source)
    return digest.hexdigest()
