"""spaCy factories for the temporal finder and the record builder (the lexicon matcher lives in
`pipeline.py` with the tokenizer it depends on)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc

from .extract import build_record
from .extract.context import Cues
from .lexicon import Lexicon
from .schema import Duration, Offset, TimePoint
from .temporal import find_durations, find_numbers, find_offsets, find_times
from .temporal.match import Match


class TemporalFinds:
    """Every temporal expression in a doc, in normalised coordinates.

    Each kind is found on first access: a record that is no outage (most items of a feed) reads
    none of them, so it pays nothing for the grammar.
    """

    def __init__(self, text: str, day: date | None = None):
        self.text, self.day = text, day

    @cached_property
    def numbers(self) -> list[Match[float]]:
        return find_numbers(self.text)

    @cached_property
    def durations(self) -> list[Match[Duration]]:
        return find_durations(self.text)

    @cached_property
    def times(self) -> list[Match[TimePoint]]:
        return find_times(self.text, self.day)

    @cached_property
    def offsets(self) -> list[Match[Offset]]:
        return find_offsets(self.text)


class TemporalFinder:
    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        day = published.date() if isinstance(published, datetime) else published
        doc._.temporal = TemporalFinds(doc._.source.text, day if isinstance(day, date) else None)
        return doc


class RecordBuilder:
    """Assembles the record from the lexicon the `outage_lexicon` component holds, so a pipeline
    saved with its own lexicon files (`Extractor.to_disk`) uses them everywhere."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self._lexicon: Lexicon | None = None
        self._cues: Cues | None = None

    def _current(self) -> tuple[Lexicon, Cues]:
        lexicon: Lexicon = self.nlp.get_pipe("outage_lexicon").lexicon  # type: ignore[attr-defined]
        if lexicon is not self._lexicon or self._cues is None:
            self._lexicon, self._cues = lexicon, Cues(lexicon.cues)
        return lexicon, self._cues

    def __call__(self, doc: Doc) -> Doc:
        doc._.record = build_record(doc, *self._current())
        return doc


@Language.factory("outage_temporal")
def make_temporal(nlp: Language, name: str) -> TemporalFinder:
    return TemporalFinder()


@Language.factory("outage_record")
def make_record(nlp: Language, name: str) -> RecordBuilder:
    return RecordBuilder(nlp)
