"""Publication dates, as users pass them: ISO strings, and the dates news sites and feeds print
("الخميس 30 أكتوبر 2025 - 10:15 م", "30/10/2025", "Thu, 30 Oct 2025 10:00:00 GMT").

An ISO or RFC 822 string is read directly. Anything else goes to dateparser, which reads such
dates right when they name a day, a month and a year (`tests/examples/published.yaml`), day first
as Arab sites write "05/11/2025". What it would read relative to today ("منذ ساعتين", "أمس")
is refused: a publication date cannot depend on the day a batch runs (such strings parse
differently against two reference days). What dateparser misses, the time grammar reads when it
finds a full date there: Levantine and Maghrebi month names ("تشرين الأول", "جانفي"), a trailing
"م", a label before the date ("آخر تحديث: ...").
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

from .normalize import normalize

Published = date | datetime | str | None

LANGUAGES = ["ar", "en"]
# A date without a zone stays naive; one with a zone comes back in UTC (the same instant). Naming
# the zone also keeps dateparser from reading the machine's own (/etc/timezone): a batch gives the
# same dates wherever it runs.
SETTINGS = {"DATE_ORDER": "DMY", "STRICT_PARSING": True, "TIMEZONE": "UTC"}
# "Thu, 30 Oct 2025 10:00:00 +0300" (email's parser alone also takes "Oct 30, 2025 10:15 PM",
# dropping the PM)
RFC_822 = re.compile(
    r"(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})?"
    r" (?:[+-]\d{4}|[A-Z]{1,5})$"
)
MAX_CHARS = 120  # the longest date line sites print is about 60 characters
# Two reference days: an absolute date reads the same against both.
_BASES = (datetime(2001, 1, 1), datetime(2011, 7, 15, 12, 30))


def parse_published(value: Published) -> datetime | None:
    """A publication date or datetime; None stays None. Raises ValueError on a string that names
    no full date, TypeError on other types."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        parsed = _from_string(value.strip())
        if parsed is None:
            raise ValueError(
                "published must be a date or datetime (ISO, or as news sites print it: "
                f"'30 أكتوبر 2025'), got {value!r}"
            )
        return parsed
    raise TypeError(
        f"published must be a date, datetime, date string or None, not {type(value).__name__}"
    )


@lru_cache(maxsize=4096)  # the items of one feed share their dates
def _from_string(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    if RFC_822.match(text):  # as RSS writes it: keeps the site's own UTC offset
        with contextlib.suppress(TypeError, ValueError, IndexError):
            return parsedate_to_datetime(text)
    if len(text) > MAX_CHARS:
        return None  # not a date: don't hand a page of text to dateparser
    return _by_dateparser(text) or _by_grammar(text)


def _by_dateparser(text: str) -> datetime | None:
    import dateparser  # only for strings that are not ISO: it costs ~0.2 s to load

    got = []
    for base in _BASES:
        try:
            got.append(
                dateparser.parse(
                    text, languages=LANGUAGES, settings={**SETTINGS, "RELATIVE_BASE": base}
                )
            )
        except Exception:  # noqa: BLE001  (dateparser raises assorted errors on odd strings)
            return None
    return got[0] if got[0] is not None and got[0] == got[1] else None


def _by_grammar(text: str) -> datetime | None:
    """The first full date the time grammar finds in `text`, with its clock time if stated."""
    from .temporal.times import find_times

    for match in find_times(normalize(text).text, None):
        point = match.value
        if point.date is not None:
            return datetime.fromisoformat(point.datetime or point.date)
    return None
