"""The temporal vocabularies (models/temporal/*.yaml), normalised once, the regex helpers every
finder builds its grammar with, and the word index the finders start from.

Finders never scan a whole article with their big grammar regexes: CPython's `re` tries such a
pattern at every position. Instead each finder looks its trigger words up in a per-text index (the
set of the text's words, intersected with the finder's vocabulary, then located with `str.find`)
and runs its compiled grammar anchored at those words (`Pattern.match`), extending left over the
words a phrase may start with (`starts_before`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from .. import disk_cache, grammar
from ..normalize import norm
from ..paths import models_dir

# Letters that may be glued to the front of a word: conjunctions and prepositions.
CLITICS = grammar.text("data", "clitics")
AND_CLITICS = grammar.text("data", "and_clitics")  # (letters) those that may follow a "و"
AND = grammar.text("data", "and")
CONJUNCTIONS = grammar.text("data", "conjunctions")  # "و" and "ف" (letters)
ARTICLE = grammar.text("data", "article")
LAM_ARTICLE = grammar.text("data", "lam_article")  # "للساعة" = ل + الساعة
OPTIONAL_ARTICLE = grammar.text("data", "optional_article")  # (a regex piece)
# Words too common to look a phrase up by: a phrase is triggered by its first other word.
COMMON = frozenset(grammar.words("data", "common"))


def trigger_word(phrase: str) -> str:
    """The word a phrase is found by: its first word that is not a common one."""
    parts = phrase.split()
    return next((w for w in parts if w not in COMMON), parts[0])


@cache
def load(name: str) -> dict[str, Any]:
    """One YAML file of models/temporal, parsed (entries are normalised by the caller)."""
    path = models_dir() / "temporal" / f"{name}.yaml"
    data = disk_cache.load_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def words(items: Iterable[Any]) -> list[str]:
    """Normalised, de-duplicated phrases, longest first (so alternations prefer them)."""
    seen = {norm(str(item)) for item in items}
    seen.discard("")
    return sorted(seen, key=lambda w: (-len(w), w))


def alt(items: Iterable[str]) -> str:
    """A non-capturing alternation of normalised phrases, compiled as a trie so the regex
    engine branches on one character at a time; a space matches any whitespace run."""
    trie: dict[str, Any] = {}
    for w in words(items):
        node = trie
        for ch in " ".join(w.split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie) if trie else "(?!)"


def _trie_regex(node: dict[str, Any]) -> str:
    """Longest alternatives first at every branch (greedy), the end marker last."""
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _trie_regex(node[ch]))
    optional = "" in node
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:  # (an empty last branch: see `compile_grammar`)
        return "(?:" + "|".join([*branches, ""]) + ")" if len(body) > 1 else body + "?"
    return body


def compile_grammar(pattern: str) -> re.Pattern[str]:
    """Compile a grammar with its whitespace runs bounded (at most 4 characters between two
    words of one phrase), so that a failing match never backtracks over a long blank run.

    The grammars write an optional group as a branch with an empty last alternative, `(?:...|)`,
    not `(?:...)?`: the same matches, but the engine runs a branch faster than the repeat a `?`
    after a group compiles to (about 1% of an article's instructions)."""
    return disk_cache.compile(pattern.replace(r"\s+", r"\s{1,4}").replace(r"\s*", r"\s{0,4}"))


def phrase(text: str) -> str:
    """Matched text as the vocabulary spells it, one space between words: the grammar lets up to
    four whitespace characters (a double space, a line break, a tab) join the words of a phrase
    (`compile_grammar`), and a vocabulary lookup must not fail on them."""
    return " ".join(text.split())


def unnamed(pattern: str) -> str:
    """`pattern` with its named groups made anonymous, to embed it twice in one regex."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


# --- word index: where the vocabulary occurs -----------------------------------------------

# Punctuation becomes a space (same length, so offsets stay valid) before words are split; a
# chain of str.replace is far cheaper than str.translate on non-ASCII text.
_PUNCT = (*"()[]{}\"'«»،,؛;:!?.…/\\-–—|*#", "\n", "\t", "\r", "\x0b", "\x0c")
_MAX_WORD = 40  # a longer run without spaces is not a word: never look further back for one
_DIGITS = frozenset("0123456789")
_NONSPACE = re.compile(r"\S+")


def variants(forms: Iterable[str], article: bool = False) -> set[str]:
    """Surface forms with a leading clitic (و ف ب ل ك, وب, ول ...) and, if `article`, with ال."""
    out: set[str] = set()
    for w in forms:
        bases = {w}
        if article and not w.startswith(ARTICLE):
            bases.add(ARTICLE + w)
        for b in bases:
            out.add(b)
            for c in CLITICS:
                out.add(c + b)
                if c in AND_CLITICS:
                    out.add(AND + c + b)
            if b.startswith(ARTICLE):
                out.add(LAM_ARTICLE + b[len(ARTICLE) :])
                out.add(AND + LAM_ARTICLE + b[len(ARTICLE) :])
    return out


class Index:
    """The distinct words of one text (punctuation split off) and, on demand, where each is."""

    __slots__ = ("text", "flat", "distinct", "_digits", "_where")

    def __init__(self, text: str) -> None:
        self.text = text
        flat = text
        for c in _PUNCT:
            if c in flat:
                flat = flat.replace(c, " ")
        self.flat = flat
        self.distinct = frozenset(flat.split())
        self._digits: list[int] | None = None
        self._where: dict[str, list[int]] = {}

    @property
    def digits(self) -> list[int]:
        """Starts of the words that hold a digit (str.find per digit beats a regex scan)."""
        if self._digits is None:
            flat, starts = self.flat, set()
            for d in "0123456789":
                i = flat.find(d)
                while i != -1:
                    lo = max(0, i - _MAX_WORD)
                    k = flat.rfind(" ", lo, i)
                    starts.add(k + 1 if k != -1 else (0 if lo == 0 else i))
                    nxt = flat.find(" ", i)  # the rest of this word adds no new start
                    i = flat.find(d, nxt) if nxt != -1 else -1
            self._digits = sorted(starts)
        return self._digits

    def first_word(self, pos: int) -> str:
        """The word starting at pos."""
        m = _NONSPACE.match(self.flat, pos)
        return m.group() if m else ""

    def where(self, word: str) -> list[int]:
        hits = self._where.get(word)
        if hits is None:
            flat, n, size = self.flat, len(self.flat), len(word)
            hits = []
            i = flat.find(word)
            while i != -1:
                if (i == 0 or flat[i - 1].isspace()) and (
                    i + size == n or flat[i + size].isspace()
                ):
                    hits.append(i)
                i = flat.find(word, i + size)
            self._where[word] = hits
        return hits


_INDEXES: dict[str, Index] = {}
_KEEP = 8  # an article plus the short phrases finders re-read inside it


def index(text: str) -> Index:
    """The word index of `text`, shared by the finders that run on the same text."""
    cur = _INDEXES.get(text)
    if cur is None:
        cur = Index(text)
        if len(_INDEXES) >= _KEEP:
            try:  # evict the oldest; another thread may have done it already
                _INDEXES.pop(next(iter(_INDEXES)), None)
            except (RuntimeError, StopIteration):
                pass
        _INDEXES[text] = cur
    return cur


def hits(text: str, forms: frozenset[str], digits: bool = False) -> list[int]:
    """Sorted starts of the words of `text` that are in `forms` (and of words with digits)."""
    idx = index(text)
    out: list[int] = idx.digits.copy() if digits else []
    for w in idx.distinct & forms:
        out.extend(idx.where(w))
    out.sort()
    return out


def starts_before(text: str, p: int, forms: frozenset[str], reach: int = 60) -> list[int]:
    """Word starts left of p, leftmost first, over a run of words that are in `forms` (or hold
    digits) and within `reach` characters; p itself comes last."""
    flat = index(text).flat
    out = [p]
    pos = p
    floor = p - reach  # every position looked at lies above it
    while pos > 0 and pos > floor:
        e = pos
        while e > 0 and e > floor and flat[e - 1] == " ":
            e -= 1
        lo = e - _MAX_WORD if e > _MAX_WORD else 0  # (max() is a slow call in this hot loop)
        k = flat.rfind(" ", lo, e)
        s = k + 1 if k != -1 else (0 if lo == 0 else e)
        word = flat[s:e]
        if not word or not (word in forms or word[0] in _DIGITS or word[-1] in _DIGITS):
            break
        out.append(s)
        pos = s
    out.reverse()
    return out
