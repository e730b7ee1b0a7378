"""Import spaCy without torch and without its command line.

thinc (spaCy's ML library) runs `import torch` as it is imported whenever torch is installed, which
costs ~2.5 s of cold start; camel-tools makes torch a dependency, but this package never runs a
torch model. So while spaCy (and with it thinc) is first imported, `import torch` fails and thinc
falls back to numpy (`thinc.compat.has_torch` is False). The blocker is removed right after, so
user code can still `import torch`. ARABIC_OUTAGE_TORCH=1 (or importing torch before this package)
restores the default.

spaCy's package also imports its command line (`spacy.cli`: typer, requests, jinja2, weasel, ...),
~0.5 s of cold start, only to bind `spacy.info`. While spaCy loads, `spacy.cli.info` is a stand-in
whose `info` imports the real command when called; `import spacy.cli` works as usual afterwards.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any


class _HideTorch(MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname == "torch" or fullname.startswith("torch."):
            raise ModuleNotFoundError("torch is hidden while spaCy loads", name=fullname)
        return None


@contextmanager
def torch_hidden() -> Iterator[None]:
    """Within the block `import torch` fails, unless torch is loaded or ARABIC_OUTAGE_TORCH=1."""
    if "torch" in sys.modules or os.environ.get("ARABIC_OUTAGE_TORCH") == "1":
        yield
        return
    finder = _HideTorch()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


@contextmanager
def cli_deferred() -> Iterator[None]:
    """Within the block `spacy.cli.info` is a stand-in module (see the module docstring)."""
    name = "spacy.cli.info"
    if name in sys.modules:
        yield
        return
    stand_in = ModuleType(name)
    stand_in.info = _spacy_info  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, importing spaCy's command line on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> None:
    """Import spaCy (and thinc) with torch hidden and its command line deferred; run before any
    other module imports spaCy."""
    if "spacy" in sys.modules:
        return
    with torch_hidden(), cli_deferred():
        import spacy  # noqa: F401


import_spacy()  # on import: `arabic_outage/__init__.py` imports this module before anything else
