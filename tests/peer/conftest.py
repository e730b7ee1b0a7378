"""The peer suites (Duckling's and dateparser's Arabic cases) run as their own CI step:
`ARABIC_OUTAGE_PEER=1 pytest tests/peer`. A plain `pytest tests` skips them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("ARABIC_OUTAGE_PEER") == "1":
        return
    skip = pytest.mark.skip(reason="peer suites run as a separate step: set ARABIC_OUTAGE_PEER=1")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)
