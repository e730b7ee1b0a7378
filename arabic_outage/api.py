"""The public entry points: `load()` an `Extractor`, or `extract()` one article."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components as _components  # noqa: F401  (registers the factories)
from . import pipeline as _pipeline  # noqa: F401
from ._version import __version__
from .paths import models_dir
from .published import Published, parse_published
from .schema import IncidentRecord

Item = str | Mapping[str, Any] | tuple[str, Published]


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (the article), not {type(text).__name__}")
    return text


class Extractor:
    """A loaded pipeline. `extractor(text)` gives one record; `extractor.pipe(items)` streams."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        # Hardening (issue 7): spaCy refuses texts over `max_length` (default 1,000,000 chars, E088)
        # because a parser or NER needs ~1 GB per 100k chars. This pipeline has neither and is
        # linear in the text, so a 10 MB page must give a record, not an error.
        nlp.max_length = max(nlp.max_length, 10**9)

    def __call__(
        self, text: str, *, published: Published = None, id: str | None = None
    ) -> IncidentRecord:
        doc = self._doc(_check_text(text), parse_published(published), id)
        for _, proc in self.nlp.pipeline:
            doc = proc(doc)
        record: IncidentRecord = doc._.record
        record._text = text
        return record

    def _doc(self, text: str, published: datetime | None, id: str | None) -> Doc:
        doc = self.nlp.make_doc(text)
        doc._.published = published
        doc._.doc_id = id
        return doc

    def pipe(
        self, items: Iterable[Item], *, batch_size: int = 64, n_process: int = 1
    ) -> Iterator[IncidentRecord]:
        """Records for a stream of texts, `{"id", "text", "published"}` dicts or (text, published)
        pairs, in input order. A bad item yields a record with `error` set; it never stops the
        stream. `n_process` > 1 fans batches out to worker processes, each loading the pipeline
        once.
        """
        if n_process == 1:
            for item in items:
                yield self.safe(item)
            return
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(n_process, initializer=_init_worker) as pool:
            iter_items = iter(items)
            batches = iter(lambda: list(islice(iter_items, batch_size)), [])
            for records in pool.imap(_work_batch, batches):
                yield from (IncidentRecord.model_validate(r) for r in records)

    def safe(self, item: Item) -> IncidentRecord:
        """The record for one item, or an error record naming the item and the reason."""
        raw_id = item.get("id") if isinstance(item, Mapping) else None
        item_id = None if raw_id is None else str(raw_id)
        try:
            text, published, item_id = _unpack(item)
            return self(text, published=published, id=item_id)
        except Exception as exc:  # one bad item must not stop a batch
            return error_record(item_id, f"{type(exc).__name__}: {exc}")

    def to_disk(self, path: str | Path) -> None:
        self.nlp.to_disk(path)


def error_record(item_id: str | None, reason: str) -> IncidentRecord:
    return IncidentRecord(id=item_id, version=__version__, error=reason)


def _unpack(item: Item) -> tuple[str, Published, str | None]:
    if isinstance(item, str):
        return item, None, None
    if isinstance(item, Mapping):
        raw_id = item.get("id")
        return (
            _check_text(item.get("text")),
            item.get("published"),
            None if raw_id is None else str(raw_id),
        )
    if isinstance(item, tuple) and len(item) == 2:
        return _check_text(item[0]), item[1], None
    raise TypeError(
        "an item is a str, a {'id', 'text', 'published'} dict or a (text, published) pair, "
        f"not {type(item).__name__}"
    )


def load(path: str | Path | None = None) -> Extractor:
    """The pipeline in `path` (default: the one shipped in `models/ar_outage`).

    A folder written by `Extractor.to_disk` is a full spaCy pipeline; the shipped one is just its
    `config.cfg`, assembled here from the registered factories and the lexicons in `models/`.
    """
    folder = Path(path) if path else models_dir() / "ar_outage"
    if (folder / "meta.json").exists():
        return Extractor(spacy.load(folder))
    config = spacy.util.load_config(folder / "config.cfg")
    return Extractor(spacy.util.load_model_from_config(config, auto_fill=True))


@cache
def default_extractor() -> Extractor:
    return load()


def extract(text: str, *, published: Published = None, id: str | None = None) -> IncidentRecord:
    """One article in, one incident record out (the default pipeline, loaded on first use)."""
    return default_extractor()(text, published=published, id=id)


def _init_worker() -> None:
    default_extractor()


def _work_batch(batch: list[Item]) -> list[dict[str, Any]]:
    ex = default_extractor()
    return [ex.safe(item).model_dump() for item in batch]
