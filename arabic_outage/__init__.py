"""arabic-outage: evidence-linked incident records from Arabic news about tech service outages.

>>> import arabic_outage
>>> record = arabic_outage.extract(text, published="2025-11-04")
>>> record.vendor.name, record.duration.minutes
"""

from ._version import __version__
from .api import Extractor, extract, load
from .schema import Duration, IncidentRecord, Span, TimePoint
from .temporal import parse_duration, parse_number, parse_time

__all__ = [
    "Duration",
    "Extractor",
    "IncidentRecord",
    "Span",
    "TimePoint",
    "__version__",
    "extract",
    "load",
    "parse_duration",
    "parse_number",
    "parse_time",
]

# Notebook helpers, exported lazily so `import arabic_outage` loads neither pandas nor matplotlib.
from typing import TYPE_CHECKING, Any  # noqa: E402

if TYPE_CHECKING:
    from .frames import to_dataframe
    from .plotting import plot_timeline

__all__ += ["plot_timeline", "to_dataframe"]
_LAZY = {"to_dataframe": ".frames", "plot_timeline": ".plotting"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Incidents across articles (issue 4): light, pydantic only.
from .merge import Incident, merge  # noqa: E402

__all__ += ["Incident", "merge"]
