"""Where the shipped resources live: inside the wheel, or at the top of a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def models_dir() -> Path:
    """`arabic_outage/models` in an installed wheel, `models/` beside the package in a checkout."""
    for candidate in (_HERE / "models", _HERE.parent / "models"):
        if (candidate / "lexicons").is_dir():
            return candidate
    raise FileNotFoundError(f"arabic-outage resources (models/) not found near {_HERE}")
