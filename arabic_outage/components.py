"""spaCy factories for the temporal finder and the record builder (the lexicon matcher lives in
`pipeline.py` with the tokenizer it depends on)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc

from .extract import build_record
from .extract.context import Cues
from .lexicon import Lexicon
from .schema import Duration, Offset, TimePoint
from .temporal import find_durations, find_numbers, find_offsets, find_times
from .temporal.match import Match


@dataclass
class TemporalFinds:
    """Every temporal expression in a doc, in normalised coordinates."""

    numbers: list[Match[float]] = field(default_factory=list)
    durations: list[Match[Duration]] = field(default_factory=list)
    times: list[Match[TimePoint]] = field(default_factory=list)
    offsets: list[Match[Offset]] = field(default_factory=list)


class TemporalFinder:
    def __call__(self, doc: Doc) -> Doc:
        text = doc._.source.text
        published = doc._.published
        day = published.date() if isinstance(published, datetime) else published
        doc._.temporal = TemporalFinds(
            numbers=find_numbers(text),
            durations=find_durations(text),
            times=find_times(text, day if isinstance(day, date) else None),
            offsets=find_offsets(text),
        )
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
