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
