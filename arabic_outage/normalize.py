"""Arabic normalisation that keeps a map back to the original characters.

camel-tools defines what each character becomes (Unicode NFKC, alef / alef-maksura / teh-marbuta
folding, diacritic and tatweel removal); digit folding (Arabic-Indic and Persian to ASCII) is ours,
since camel-tools has none. Every one of these rules maps one input character to zero or more output
characters, so we compile camel-tools' functions into a per-character table, filled lazily (on the
first text that holds a character) and shared by every call. `str.translate` applies the table in C;
the offset map is the identity except around the few characters that are dropped or expanded
(diacritics, tatweel, bidi marks, ligatures), which one character-class regex finds.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

_DIGITS = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}
# Arabic decimal and thousands separators; bidi and zero-width marks dropped; quotes unified.
# The Arabic comma and semicolon stay as they are (list and clause cues).
_PUNCT = {
    "\u066b": ".",
    "\u066c": ",",
    "\u0640": "",
    "\u200c": "",
    "\u200d": "",
    "\u200e": "",
    "\u200f": "",
    "\u202a": "",
    "\u202b": "",
    "\u202c": "",
    "\u202d": "",
    "\u202e": "",
    "\u2066": "",
    "\u2067": "",
    "\u2068": "",
    "\u2069": "",
    "\ufeff": "",
    "\u00a0": " ",
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}


class _FoldTable(dict[int, str]):
    """Code point -> what it becomes, for `str.translate`; a character seen for the first time is
    folded through camel-tools there and then (`__missing__`), so the table covers any input."""

    def __init__(self) -> None:
        super().__init__()
        self.special = ""  # characters that do not become exactly one character
        self.special_re = re.compile("(?!)")
        self._lock = threading.Lock()

    def __missing__(self, code: int) -> str:
        with self._lock:  # threads may meet the same new character
            folded = self.get(code)
            if folded is None:
                folded = _fold_char(chr(code))
                if len(folded) != 1:  # the regex learns it before any text can use the entry
                    self.special += chr(code)
                    self.special_re = re.compile("[" + re.escape(self.special) + "]")
                self[code] = folded
        return folded


_TABLE = _FoldTable()


def _fold_char(ch: str) -> str:
    """What one character becomes; camel-tools rules first, then our digit and control folding."""
    if ch in _PUNCT:
        return _PUNCT[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    out = normalize_unicode(ch)
    out = dediac_ar(out)
    out = normalize_alef_ar(out)
    out = normalize_alef_maksura_ar(out)
    out = normalize_teh_marbuta_ar(out)
    out = "".join(_PUNCT.get(c, _DIGITS.get(c, c)) for c in out)
    return out.lower()


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for every normalised character, its index in the original."""

    original: str
    text: str
    index: list[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if not self.index or start >= end:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        o_end = self.index[end - 1] + 1
        original = self.original
        while o_end < len(original) and unicodedata.category(original[o_end]) == "Mn":
            o_end += 1  # keep the word's trailing diacritics ("مساءً"), which normalising dropped
        return self.index[start], o_end


def normalize(text: str) -> Normalized:
    """Normalise `text` for matching; `Normalized.to_original` maps spans back."""
    table = _TABLE
    folded = text.translate(table)  # also folds (and learns) characters not seen before
    if len(folded) == len(text) and not table.special_re.search(text):
        return Normalized(text, folded, list(range(len(text))))
    return Normalized(text, folded, _index(text, table))


def _index(text: str, table: _FoldTable) -> list[int]:
    """For each normalised character, the index of the original character it came from."""
    index: list[int] = []
    done = 0
    for m in table.special_re.finditer(text):
        i = m.start()
        index.extend(range(done, i))  # one-to-one stretch
        index.extend([i] * len(table[ord(text[i])]))  # dropped (0) or expanded (2+)
        done = i + 1
    index.extend(range(done, len(text)))
    return index


def norm(text: str) -> str:
    """The normalised form of a lexicon entry or phrase (no offset map)."""
    return " ".join(text.translate(_TABLE).split())
