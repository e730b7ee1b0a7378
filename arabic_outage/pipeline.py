"""The spaCy pipeline: a normalising tokenizer and three components, assembled by `config.cfg`.

    text -> outage tokenizer (camel-tools normalisation + offset map, spaCy's Arabic tokenizer)
         -> outage_lexicon   (clitic-aware PhraseMatcher: vendors, services, components, regions)
         -> outage_temporal  (numbers, durations, time points, offsets)
         -> outage_record    (relevance, timeline, status, ... -> doc._.record)

Values travel on Doc extensions; the record is assembled once, by the last component.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import IDX, LANG, LENGTH, LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from . import disk_cache, grammar
from .lexicon import LEXICON_FILES, Lexicon, load_lexicon, read_lexicon
from .normalize import norm, normalize

for _name, _default in (
    ("source", None),
    ("published", None),
    ("doc_id", None),
    ("temporal", None),
    ("record", None),
    ("lexicon_hits", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Doc.has_extension("clitics"):
    Doc.set_extension("clitics", default=None)  # token index -> clitic length
if not Token.has_extension("clitic"):  # read from the doc: no Token is made while matching
    Token.set_extension("clitic", getter=lambda t: (t.doc._.clitics or {}).get(t.i, 0))

# Proclitics that attach to a following word: conjunctions, prepositions, and their pairs.
PROCLITICS = grammar.words("pipeline", "proclitics")
CLITIC_FIRST = frozenset(c[0] for c in PROCLITICS)  # most words start with none: no clitic to try
ARTICLE = grammar.text("pipeline", "article")
LAM = grammar.text("pipeline", "lam")
ALIF = grammar.text("pipeline", "alif")
AND = grammar.text("pipeline", "and")
LONG_STEM_CLITICS = grammar.text("pipeline", "long_stem_clitics")  # (letters) "ب", "ل"


class OutageTokenizer:
    """Normalise, then tokenise with spaCy's Arabic rules; `doc._.source` keeps the offset map."""

    def __init__(self, inner: Callable[[str], Doc]):
        self.inner = inner
        _drop_whitespace_specials(inner)

    def __call__(self, text: str) -> Doc:
        source = normalize(text)
        doc = self.inner(source.text)
        doc._.source = source
        return doc

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        self.inner.to_disk(path, **kwargs)  # type: ignore[attr-defined]

    def from_disk(self, path: str | Path, **kwargs: Any) -> OutageTokenizer:
        self.inner.from_disk(path, **kwargs)  # type: ignore[attr-defined]
        _drop_whitespace_specials(self.inner)
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.inner.to_bytes(**kwargs)  # type: ignore[attr-defined,no-any-return]

    def from_bytes(self, data: bytes, **kwargs: Any) -> OutageTokenizer:
        self.inner.from_bytes(data, **kwargs)  # type: ignore[attr-defined]
        _drop_whitespace_specials(self.inner)
        return self


def _drop_whitespace_specials(inner: Any) -> None:
    """Let spaCy's tokenizer cache work on articles.

    spaCy stops caching a doc's chunks once any special case has fired in it (spaCy #1250), and the
    single newline of a dateline is one, so most of every article was re-split by the affix regexes.
    The whitespace special cases that only restate their chunk ("\n", " ", "\t") tokenise the same
    without a rule (no affix pattern matches whitespace), so dropping them changes no token.
    """
    rules = getattr(inner, "rules", None)
    if not rules:
        return
    kept = {k: v for k, v in rules.items() if not (k.isspace() and v == [{ORTH: k}])}
    if len(kept) < len(rules):
        inner.rules = kept


# spaCy's Arabic rules leave quotes glued to words ('و"واتساب', 'سورا".'); split on any quote,
# bracket or Arabic punctuation, and on . , : unless they sit between digits (3:16, 10,600, 8.45).
# Arabic glued to Latin ("بchatgpt", "المستنداتdoc") splits with a zero-width infix.
EXTRA_INFIXES = [
    r"""["'«»“”()\[\]،؛!?؟]""",
    r"(?<=\D)[.,:]|[.,:](?=\D)",
    r"(?<=[\u0600-\u06ff])(?=[a-z0-9])|(?<=[a-z])(?=[\u0600-\u06ff])",
]


@registry.tokenizers("arabic_outage.tokenizer.v1")
def create_tokenizer() -> Callable[[Language], OutageTokenizer]:
    def make(nlp: Language) -> OutageTokenizer:
        """spaCy's tokenizer for the language (as `spacy.Tokenizer.v1` builds it) with our infixes;
        its affix regexes (~40,000 characters) come through the regex cache."""
        defaults = nlp.Defaults
        inner = Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=_affixes(defaults.prefixes or [], "^{}").search,
            suffix_search=_affixes(defaults.suffixes or [], "{}$").search,
            infix_finditer=_affixes([*(defaults.infixes or []), *EXTRA_INFIXES], "{}").finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )
        return OutageTokenizer(inner)

    return make


# What a word's lexeme is given when the vocab first sees it. The pipeline reads only ORTH (always
# set) and NORM; spaCy's other attributes (shape, like_num, like_url, prefix, suffix, the is_*
# flags) cost about a third of tokenising an unseen article and nothing here reads them.
LEAN_LEX_ATTRS = (NORM, LOWER, LANG)


@registry.callbacks("arabic_outage.lean_vocab.v1")
def create_lean_vocab() -> Callable[[Language], Language]:
    def lean(nlp: Language) -> Language:
        getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # (not in the stubs)
        kept = {attr: getter for attr, getter in getters.items() if attr in LEAN_LEX_ATTRS}
        getters.clear()  # in place: the tokenizer shares this vocab
        getters.update(kept)
        return nlp

    return lean


def _affixes(pieces: Iterable[object], template: str) -> re.Pattern[str]:
    """What spaCy's `compile_prefix_regex` (template "^{}"), `compile_suffix_regex` ("{}$") and
    `compile_infix_regex` ("{}") compile, compiled through the regex cache."""
    return disk_cache.compile(
        "|".join(template.format(p) for p in map(_source, pieces) if p.strip())
    )


def _source(piece: object) -> str:
    return piece.pattern if isinstance(piece, re.Pattern) else str(piece)


class LexiconMatcher:
    """Finds lexicon entries; a clitic ("و", "ب", "لل"...) before a known word does not hide it.

    Each token whose stem (minus a proclitic) is a lexicon word gets that stem as its NORM and the
    clitic's length in `token._.clitic`; the PhraseMatcher then matches on NORM. Results go to
    `doc.spans[group]` with the canonical name (or component kind) as the span label.
    """

    def __init__(self, nlp: Language, name: str, lexicon_dir: str = ""):
        self.name = name
        self.nlp = nlp
        self.lexicon_dir = lexicon_dir
        self.set_lexicon(load_lexicon(lexicon_dir or None), nlp)

    def set_lexicon(self, lexicon: Lexicon, nlp: Language) -> None:
        self.lexicon = lexicon
        words: set[str] = set()
        # lexicon forms are normalised already: tokenise them without normalising again
        tokenizer = nlp.tokenizer
        tokenize = tokenizer.inner if isinstance(tokenizer, OutageTokenizer) else tokenizer
        forms = {
            group: [(label, list(forms), 0) for label, forms in entries]
            for group, entries in self._entries(lexicon).items()
        }
        heads = frozenset(norm(h) for h in lexicon.cues.get("name_heads", []))
        for group in QUOTABLE:  # "شركة «فوري»": the head, a quote, the name (the hit is the name)
            quoted = [(label, _quoted(fs, heads), QUOTE_SKIP) for label, fs, _ in forms[group]]
            forms[group] += [entry for entry in quoted if entry[1]]
        # "شبكة زين", "عملاء بيتك", 'مشتركي "جازي"': a weak alias after one of these heads, quoted
        # or not, names the vendor (not one that opens with a head itself: "مشتركي شركة اتصالات
        # المغرب" is Maroc Telecom's)
        weak_heads = [norm(h) for h in lexicon.cues.get("weak_name_heads", [])]
        for quote, skip in (("", 1), ('"', QUOTE_SKIP)):
            forms["vendor"] += [
                (
                    label,
                    [
                        f"{h} {quote}{w}"
                        for w in fs
                        for h in weak_heads
                        if w.split()[0] not in heads
                    ],
                    skip,
                )
                for label, fs, _ in forms["vendor_weak"]
            ]
        # One pass over all the forms at once fills spaCy's tokenizer cache (and the vocab) faster
        # than the forms one by one do (~25% of the tokenising); each form is then still tokenised
        # on its own, from the cache, so the patterns are what they would be without this pass.
        tokenize("\n".join(f for entries in forms.values() for _, fs, _ in entries for f in fs))
        patterns = {
            group: [(label, [tokenize(f) for f in fs], skip) for label, fs, skip in entries]
            for group, entries in forms.items()
        }
        singles: set[str] = set()
        leads: set[str] = set()
        for entries in patterns.values():
            for _, docs, _ in entries:
                words.update(t.text for d in docs for t in d)
                singles.update(d[0].text for d in docs if len(d) == 1)
                leads.update(d[0].text for d in docs if len(d) > 1)
        self.words = frozenset(words)
        # short words that only open longer names ("بنك" of "بنك مسقط"): "لبنك" is ل + بنك, as
        # the words after it must still match the rest of a name
        self.leads = frozenset(leads - singles)
        self._readings: dict[int, tuple[int, int] | None] = {}
        # One matcher for every group (one pass over the doc); a key names group and label.
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        # -> group, label, label hash, tokens before the name
        self.keys: dict[int, tuple[str, str, int, int]] = {}
        for group, entries in patterns.items():
            for label, docs, skip in entries:
                for d in docs:  # "خدمات الاتصالات والإنترنت" must read "والإنترنت" as the text does
                    self._stem_norms(d)
                key = f"{group}\t{label}\t{skip}"
                self.matcher.add(key, docs)
                label_hash = nlp.vocab.strings.add(label)
                self.keys[nlp.vocab.strings[key]] = (group, label, label_hash, skip)

    @staticmethod
    def _entries(lex: Lexicon) -> dict[str, list[tuple[str, Iterable[str]]]]:
        terms = set(lex.components).union(*lex.component_contexts.values())
        return {
            "vendor": [(v.name, v.aliases) for v in lex.vendors.values()],
            "vendor_weak": [(v.name, v.weak) for v in lex.vendors.values() if v.weak],
            "vendor_local": [(v.name, v.local) for v in lex.vendors.values() if v.local],
            "service": [(s.name, s.aliases) for s in lex.services.values()],
            "service_weak": [(s.name, s.weak) for s in lex.services.values() if s.weak],
            "component": [("component", sorted(terms))],
            "region": [(r.name, r.aliases) for r in lex.regions.values()],
            "region_weak": [(r.name, r.weak) for r in lex.regions.values() if r.weak],
            # cities and provinces: where, not what ("انقطاع الإنترنت في القاهرة")
            "place": [(r.name, r.places) for r in lex.regions.values() if r.places],
        }

    def _read(self, orth: int, strings: StringStore) -> tuple[int, int] | None:
        """The reading of one word form (see `_reading`), worked out once per form."""
        reading = self._readings.get(orth, _UNSEEN)
        if reading is _UNSEEN:
            reading = self._readings[orth] = _reading(
                strings[orth], self.words, strings, self.leads
            )
        return reading  # type: ignore[no-any-return]

    def _stem_norms(self, pattern: Doc) -> None:
        """`_strip_clitics` for a pattern of a few tokens: token by token, no arrays."""
        strings = pattern.vocab.strings
        for token in pattern:
            reading = self._read(token.orth, strings)
            if reading is not None:
                token.norm_ = strings[reading[0]]

    def _strip_clitics(self, doc: Doc) -> dict[int, int]:
        """Give each token that is a clitic plus a lexicon word that word as NORM; return the
        clitic's length by token index.

        A word form always reads the same, so its reading is worked out once (keyed by the ORTH
        hash) and the NORMs are written back in bulk.
        """
        readings = self._readings
        if len(readings) > READINGS_MAX:  # distinct forms grow with the stream; stay bounded
            readings.clear()
        strings = doc.vocab.strings
        both = doc.to_array([ORTH, NORM])
        norms = numpy.ascontiguousarray(both[:, 1])
        changed, clitics = False, {}
        for i, orth in enumerate(both[:, 0].tolist()):
            reading = readings.get(orth, _UNSEEN)
            if reading is _UNSEEN:
                reading = self._read(orth, strings)
            if reading is not None:
                norms[i] = reading[0]
                changed = True
                if reading[1]:
                    clitics[i] = reading[1]
        if changed:
            doc.from_array(NORM, norms)  # type: ignore[arg-type]  # (spaCy's stub says float)
        doc._.clitics = clitics
        return clitics

    def __call__(self, doc: Doc) -> Doc:
        clitics = self._strip_clitics(doc)
        found: dict[str, list[Found]] = {group: [] for group in GROUPS}
        for key, s, e in self.matcher(doc):
            group, label, label_hash, skip = self.keys[key]
            found[group].append((s + skip, e, label_hash, label))
        starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
        hits = doc._.lexicon_hits = {}
        for group, matches in found.items():
            if group in QUOTABLE:  # a quoted name is also its bare alias's hit
                matches = list(dict.fromkeys(matches))
            kept = _longest(matches, keep_overlaps=group == "component")
            doc.spans[group] = [Span(doc, s, e, label=h) for s, e, h, _ in kept]
            # the extractors' view in characters, built here: reading `doc.spans` back makes
            # new Span and Token objects on every access
            hits[group] = sorted(
                (starts[s] + clitics.get(s, 0), starts[e - 1] + lengths[e - 1], label)
                for s, e, _, label in kept
            )
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """Save the lexicon files beside the pipeline so a saved pipeline is self-contained."""
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        src = Path(self.lexicon_dir) if self.lexicon_dir else None
        from .paths import models_dir

        src = src or models_dir() / "lexicons"
        for name in LEXICON_FILES:
            if (src / name).exists():
                (out / name).write_bytes((src / name).read_bytes())

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> LexiconMatcher:
        self.lexicon_dir = str(path)
        self.set_lexicon(read_lexicon(Path(path)), self.nlp)
        return self


# Groups whose aliases are also found with the name quoted after a head word ("شركة «فوري»"),
# and the tokens of such a match before the name (the head and the quote).
QUOTABLE = ("vendor", "service")
QUOTE_SKIP = 2


def _quoted(forms: list[str], heads: frozenset[str]) -> list[str]:
    """For each form "<head> <name>", the form "<head> "<name>" (the normaliser writes every
    quotation mark as ", so one variant covers « » “ ” and ")."""
    out = []
    for form in forms:
        head, _, name = form.partition(" ")
        if name and head in heads:
            out.append(f'{head} "{name}')
    return out


# A phrase match: start and end token, label hash, label.
Found = tuple[int, int, int, str]
# The span groups the lexicon fills, one `doc.spans` key each.
GROUPS = (
    "vendor",
    "vendor_weak",
    "vendor_local",
    "service",
    "service_weak",
    "component",
    "region",
    "region_weak",
    "place",
)
# A bound on the remembered word-form readings (about 100 bytes each).
READINGS_MAX = 200_000
_UNSEEN: Any = object()


def _reading(
    text: str, words: frozenset[str], strings: StringStore, leads: frozenset[str]
) -> tuple[int, int] | None:
    """(hash of the lexicon word, clitic length) when `text` is a proclitic or the article plus a
    lexicon word; the word goes into `strings` so its hash can be written as a NORM. `leads`
    (short words that only open longer names) take any proclitic."""
    if len(text) < 3:
        return None
    for clitic in PROCLITICS if text[0] in CLITIC_FIRST else ():
        stem = _stem(text, clitic)
        rest = text[len(clitic) :]
        if stem is None and len(rest) >= 3 and rest in leads and text.startswith(clitic):
            stem = rest  # "التابع لبنك مسقط" (not "باي" as ب + "اي")
        if stem and stem in words:
            # "للدفع" is ل + الدفع with the article's alef elided: the span keeps the whole
            # word, since no substring of it spells the lexicon form.
            return strings.add(stem), len(clitic) if text.endswith(stem) else 0
    bare = text[len(ARTICLE) :]
    if text.startswith(ARTICLE) and bare in words and text not in words:
        return strings.add(bare), 0
    return None


def _stem(token: str, clitic: str) -> str | None:
    """`token` without the proclitic `clitic`, if that reading is plausible.

    "و" attaches to anything; "ب", "ل" and "ك" are only taken off before the article, a Latin
    name ("بـChatGPT") or a long stem, so "كابل" (cable) never becomes "ابل" (Apple).
    """
    if not token.startswith(clitic) or len(token) - len(clitic) < 2:
        return None
    stem = token[len(clitic) :]
    if clitic[-1] == LAM and stem.startswith(LAM):  # "للشركة" = ل + الشركة
        return ALIF + stem
    if clitic[-1] == AND or stem.startswith(ARTICLE) or stem[0].isascii():
        return stem
    if clitic[-1] in LONG_STEM_CLITICS and len(stem) >= 4:
        return stem
    return None


def _longest(found: list[Found], keep_overlaps: bool = False) -> list[Found]:
    """Drop matches inside a longer match of the same group (keeps "ChatGPT Atlas" over
    "ChatGPT").

    Matches with the same boundaries all stay: one alias may name several entries. Of two matches
    that overlap, the longer wins, unless `keep_overlaps` (components: "تسجيل الدخول" and "الدخول
    إلى حساباتهم" are one mention, which the extractor joins).
    """
    ordered = sorted(found, key=lambda m: (m[0], m[0] - m[1]))
    kept: list[Found] = []
    for m in ordered:
        start, end = m[0], m[1]
        last = kept[-1] if kept else None
        if last is None or start >= last[1]:
            kept.append(m)
        elif (start, end) == (last[0], last[1]):
            kept.append(m)
        elif end > last[1] and keep_overlaps:
            kept.append(m)
        elif end > last[1] and end - start > last[1] - last[0]:
            while kept and kept[-1][1] > start:  # a longer overlapping match wins
                kept.pop()
            kept.append(m)
    return kept


@Language.factory("outage_lexicon", default_config={"lexicon_dir": ""})
def make_lexicon_matcher(nlp: Language, name: str, lexicon_dir: str) -> LexiconMatcher:
    return LexiconMatcher(nlp, name, lexicon_dir)
