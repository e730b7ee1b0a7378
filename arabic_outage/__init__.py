"""arabic-outage: evidence-linked incident records from Arabic news about tech service outages.

>>> import arabic_outage
>>> record = arabic_outage.extract(text, published="2025-11-04")
>>> record.vendor.name, record.duration.minutes
"""

from typing import TYPE_CHECKING, Any

from . import _imports  # noqa: F401  (first: imports spaCy with torch hidden)
from ._version import __version__
from .api import Extractor, extract, load
from .merge import Incident, merge
from .schema import Duration, IncidentRecord, Span, TimePoint
from .temporal import parse_duration, parse_number, parse_time

if TYPE_CHECKING:
    from .frames import to_dataframe
    from .plotting import plot_timeline

__all__ = [
    "Duration",
    "Extractor",
    "Incident",
    "IncidentRecord",
    "Span",
    "TimePoint",
    "__version__",
    "extract",
    "load",
    "merge",
    "parse_duration",
    "parse_number",
    "parse_time",
    "plot_timeline",
    "to_dataframe",
]

# Notebook helpers load lazily: `import arabic_outage` pulls in neither pandas nor matplotlib.
_LAZY = {"to_dataframe": ".frames", "plot_timeline": ".plotting"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
