"""Arabic numbers: digits (separators already folded by `normalize`) and number words.

A regex finds runs of number tokens; `compose` reads each run left to right the way Arabic builds
numbers (hundreds, then units before tens joined by و, then a scale word), and splits the run
where a token cannot continue the number ("2025 ثلاث" is two numbers).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .. import grammar
from .data import AND, CLITICS, OPTIONAL_ARTICLE, alt, compile_grammar, hits, load, variants, words
from .match import Match

DIGITS = r"(?:(?<![\w-])-|)(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+|)|(?<![\w.])\.\d+"
WORD_START = grammar.text("numbers", "word_start")  # (after a glued "و")
DIGIT_CLITIC = grammar.text("numbers", "digit_clitic")  # "بـ3"
RUN_JOINER = grammar.text("numbers", "run_joiner")  # spaces, or "و" alone


@dataclass(frozen=True, slots=True)
class Word:
    value: float
    kind: str  # unit ten teen tens hundred one two plural frac denom point


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # after any clitic
    end: int
    word: Word | None  # None for digits
    text: str
    joined: bool  # joined to the previous token by و


@cache
def lexicon() -> dict[str, Word]:
    """Every number word (normalised) -> its value and grammatical kind."""
    data = load("numbers")
    lex: dict[str, Word] = {}

    def add(forms: list[str], value: float, kind: str) -> None:
        for w in words(forms):
            lex.setdefault(w, Word(value, kind))

    for value, forms in data["units"].items():
        add(forms, float(value), "ten" if value == 10 else "unit")
    for section, kind in (("teens", "teen"), ("tens", "tens"), ("hundreds", "hundred")):
        for value, forms in data[section].items():
            add(forms, float(value), kind)
    for scale, forms in data["scales"].items():
        for kind in ("one", "two", "plural"):
            add(forms[kind], float(scale), kind)
    for value, forms in data["fractions"].items():
        add(forms, float(value), "frac")
    for den, forms in data["denominators"].items():
        add(forms, float(den), "denom")
    add(data["decimal_point"], 0.0, "point")
    return lex


@cache
def definite() -> frozenset[str]:
    """Numerals that keep their value with the article ("الست ساعات")."""
    data = load("numbers")
    return frozenset(
        words([*data["definite_units"], *(w for f in data["tens"].values() for w in f)])
    )


@cache
def word_pattern() -> str:
    """One number word with an optional clitic; group `w` is the word without the clitic."""
    article = OPTIONAL_ARTICLE
    return rf"{WORD_START}[{CLITICS}]?(?P<w>{article}{alt(definite())}|{alt(lexicon())})(?!\w)"


@cache
def run_pattern() -> str:
    """A run of up to nine number tokens separated by spaces or و (anonymous groups)."""
    word = rf"{OPTIONAL_ARTICLE}{alt(definite())}|{alt(lexicon())}"
    # digits may carry a clitic and the article, written joined ("بـ3", "الـ45" -> "ال45")
    tok = (
        rf"(?:{DIGIT_CLITIC}{OPTIONAL_ARTICLE}(?:{DIGITS})"
        rf"|{WORD_START}[{CLITICS}]?(?:{word})(?!\w))"
    )
    return rf"{tok}(?:\s+{RUN_JOINER}{tok}){{0,8}}"


@cache
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    token = compile_grammar(
        rf"(?P<cl>{DIGIT_CLITIC}{OPTIONAL_ARTICLE})(?P<d>{DIGITS})|{word_pattern()}"
    )
    return compile_grammar(run_pattern()), token


@cache
def forms() -> frozenset[str]:
    """Surface forms of number words, with clitics and (where allowed) the article."""
    return frozenset(variants(lexicon()) | variants(definite(), article=True))


def tokens(ntext: str, start: int, end: int) -> list[Token]:
    _, token_re = _regexes()
    out: list[Token] = []
    prev_end = start
    for m in token_re.finditer(ntext, start, end):
        if m.group("d") is not None:
            s, e, cl, word = m.start("d"), m.end("d"), m.group("cl"), None
        else:
            s, e = m.start("w"), m.end("w")
            cl = ntext[m.start() : s]
            w = m.group("w")
            word = lexicon().get(w) or lexicon().get(w[2:])
        joined = AND in cl or AND in ntext[prev_end : m.start()]
        out.append(Token(s, e, word, ntext[s:e], joined))
        prev_end = e
    return out


# Beyond 15 significant digits a run of digits is no count a news text states (and 309 digits
# overflow a float to inf): such runs are read as 0, which no rule takes for a count or a length.
MAX_DIGITS = 15


def digits_value(text: str) -> float:
    digits = text.replace(",", "")
    if len(digits.split(".")[0].lstrip("-")) > MAX_DIGITS:
        return 0.0
    return float(digits)


class _State:
    """The number read so far: completed scale groups + the current group below 1000."""

    __slots__ = ("total", "group", "slots", "cap", "closed")

    def __init__(self) -> None:
        self.total = 0.0
        self.group = 0.0
        self.slots = ""  # letters of the filled slots: H hundreds, T tens, U units, D digits
        self.cap = math.inf  # the next scale word must be smaller than this
        self.closed = False  # a fraction ends the number

    @property
    def empty(self) -> bool:
        return not self.slots and self.total == 0

    @property
    def after_scale(self) -> bool:
        return not self.slots and self.total > 0

    def value(self) -> float:
        return self.total + self.group


def _take(st: _State, tok: Token, prev: Token | None) -> bool:
    """Add `tok` to the number; False if it cannot continue it."""
    if st.closed:
        return False
    joined = tok.joined
    fresh = st.empty or (st.after_scale and joined)
    w = tok.word
    if w is None:  # digits
        if not fresh:
            return False
        st.group, st.slots = digits_value(tok.text), "D"
        return True
    kind, v = w.kind, w.value
    if kind == "unit":
        if fresh or st.slots == "H" or (st.slots == "T" and joined):
            st.group += v
            st.slots += "U"
            return True
        return False
    if kind == "ten":
        if prev is not None and prev.word and prev.word.kind == "unit" and not joined:
            if st.slots in ("U", "HU") and 0 < prev.word.value < 10:
                st.group += 10
                st.slots += "T"
                return True
        if fresh or (st.slots == "H" and joined):
            st.group += 10
            st.slots += "UT"
            return True
        return False
    if kind == "teen":
        if fresh or st.slots == "H":
            st.group += v
            st.slots += "UT"
            return True
        return False
    if kind == "tens":
        if fresh or st.slots == "H" or (st.slots in ("U", "HU") and joined):
            st.group += v
            st.slots += "T"
            return True
        return False
    if kind == "hundred":
        if v == 100 and st.slots == "U" and not joined and 3 <= st.group <= 9:
            st.group *= 100
            st.slots = "H"
            return True
        if fresh:
            st.group += v
            st.slots = "H"
            return True
        return False
    if kind in ("one", "two", "plural"):
        return _scale(st, kind, v, fresh, joined)
    if kind == "frac":
        if fresh or (joined and st.slots):
            st.group += v
            st.slots += "F"
            st.closed = not fresh
            return True
        return False
    if kind == "denom":
        if st.slots == "U" and not joined:
            st.group /= v
            st.closed = True
            return True
        return False
    return False  # a decimal point is handled by the caller


def _scale(st: _State, kind: str, scale: float, fresh: bool, joined: bool) -> bool:
    if scale >= st.cap:
        return False
    if kind == "plural":
        if not st.slots or not ("D" in st.slots or 3 <= st.group <= 10):
            return False
        count = st.group
    elif kind == "two":
        if not fresh:
            return False
        count = 2.0
    elif st.slots and "F" not in st.slots:
        count = st.group
    elif st.slots == "F":
        count = st.group  # "نصف مليون"
    elif fresh:
        count = 1.0
    else:
        return False
    st.total += count * scale
    st.group, st.slots, st.cap = 0.0, "", scale
    return True


def compose(toks: list[Token]) -> list[tuple[int, int, float]]:
    """Split a run of tokens into numbers: (first token, last token, value) each."""
    out: list[tuple[int, int, float]] = []
    i = 0
    while i < len(toks):
        st = _State()
        k = i
        while k < len(toks):
            tok = toks[k]
            if tok.word is not None and tok.word.kind == "point":
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if st.empty or nxt is None or not _decimal(st, nxt):
                    break
                k += 2
                st.closed = True
                continue
            if not _take(st, tok, toks[k - 1] if k > i else None):
                break
            k += 1
        if k == i:  # the token cannot start a number ("آلاف" alone)
            i += 1
            continue
        out.append((i, k - 1, st.value()))
        i = k
    return out


def _decimal(st: _State, nxt: Token) -> bool:
    """Decimals after a point word ("1 فاصلة 5", "واحد فاصلة واحد"): the next token's digits."""
    if nxt.word is None:
        digits = nxt.text.replace(",", "").split(".")[0]
    elif nxt.word.kind in ("unit", "teen", "tens", "ten", "hundred"):
        digits = str(int(nxt.word.value))
    else:
        return False
    st.group = float(f"{int(st.value())}.{digits}")
    st.total = 0.0
    return True


def find_numbers(ntext: str) -> list[Match[float]]:
    """Every number in normalised text, digits or words."""
    run_re, _ = _regexes()
    out: list[Match[float]] = []
    end = -1
    for p in hits(ntext, forms(), digits=True):
        if p < end:
            continue
        s = p - 1 if p > 0 and ntext[p - 1] in "-." else p  # a sign or a leading point
        m = run_re.match(ntext, s)
        if m is None and s != p:
            m = run_re.match(ntext, p)
        if m is None:
            continue
        end = m.end()
        run = m.group()
        if run.isdigit() and run.isascii():  # most runs are one plain number ("2025", "3")
            out.append(Match(m.start(), end, digits_value(run)))
            continue
        toks = tokens(ntext, m.start(), m.end())
        for i, j, value in compose(toks):
            out.append(Match(toks[i].start, toks[j].end, value))
    return out


_FRACTION = re.compile(r"\s*(-?)(\d+)\s*/\s*(\d+)\s*")


def fraction(ntext: str) -> float | None:
    """A whole-input fraction "11/10" (in running text a slash between numbers is a date)."""
    m = _FRACTION.fullmatch(ntext)
    if not m or int(m.group(3)) == 0:
        return None
    value = int(m.group(2)) / int(m.group(3))
    return -value if m.group(1) else value
