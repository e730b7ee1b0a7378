"""Arabic normalisation that keeps a map back to the original characters.

camel-tools defines what each character becomes (Unicode NFKC, alef / alef-maksura / teh-marbuta
folding, diacritic and tatweel removal); digit folding (Arabic-Indic and Persian to ASCII) is ours,
since camel-tools has none. Every one of these rules maps one input character to zero or more output
characters, so we compile camel-tools' functions into a per-character table, filled lazily (on the
first text that holds a character) and shared by every call. `str.translate` applies the table in C;
the offset map is the identity except around the few characters that are dropped or expanded
(diacritics, tatweel, bidi marks, ligatures), which one character-class regex finds.

Importing camel-tools costs ~1 s (its charsets scan all of Unicode), so what its rules make of every
code point they change ships precomputed in models/normalize/camel_fold.json; camel-tools stays the
source of truth: `write_camel_table()` regenerates the file and tests/test_normalize.py fails when
the file and the installed camel-tools disagree. Under a Python whose Unicode version differs from
the file's, the rules run through camel-tools itself.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import grammar
from .paths import models_dir

_DIGITS = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}
# Arabic decimal and thousands separators; bidi and zero-width marks dropped; quotes unified.
# The Arabic comma and semicolon stay as they are (list and clause cues).
_PUNCT = grammar.table("normalize", "punct")


class _FoldTable(dict[int, str]):
    """Code point -> what it becomes; a character seen for the first time is folded there and
    then (`__missing__`), so the table covers any input. `fold` applies it."""

    def __init__(self) -> None:
        super().__init__()
        self.special = ""  # characters that do not become exactly one character
        self.special_re = re.compile("(?!)")
        self.others_re = re.compile(r"[\s\S]")  # a character that changes, or is new
        # a result holds a character that changes (replacing one character after another would
        # then differ from one pass)
        self.tangled = False
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

    def fold(self, text: str) -> str:
        """`text` with every character folded. Few characters change (alef forms, teh marbuta,
        diacritics ...): one `str.replace` per changing character it holds costs a sixth of
        `str.translate`, which looks every character up in the table."""
        found = set(self.others_re.findall(text))
        if any(ord(ch) not in self for ch in found):
            self._learn(found)
        if self.tangled:
            return text.translate(self)
        for ch in found:
            out = self[ord(ch)]
            if out != ch:
                text = text.replace(ch, out)
        return text

    def _learn(self, chars: set[str]) -> None:
        for ch in chars:
            self[ord(ch)]  # (`__missing__` folds a new character)
        with self._lock:
            changing = {chr(code) for code, out in self.items() if out != chr(code)}
            self.tangled = any(c in changing for ch in changing for c in self[ord(ch)])
            same = "".join(chr(code) for code, out in self.items() if out == chr(code))
            self.others_re = re.compile("[^" + re.escape(same) + "]")


_TABLE = _FoldTable()


def _fold_char(ch: str) -> str:
    """What one character becomes; camel-tools rules first, then our digit and control folding."""
    if ch in _PUNCT:
        return _PUNCT[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    table = _camel_table()
    out = table.get(ch, ch) if table is not None else _camel_rules()(ch)
    out = "".join(_PUNCT.get(c, _DIGITS.get(c, c)) for c in out)
    if len(out) == 1 and out.isspace() and out not in " \n":
        # every other whitespace character is a space (line and paragraph separators a line
        # break): the rules and the word index split on these two alone
        return "\n" if out in _LINE_BREAKS else " "
    return out.lower()


_LINE_BREAKS = "\x85\u2028\u2029"


def camel_table_path() -> Path:
    """models/normalize/camel_fold.json (inside the wheel: arabic_outage/models/...)."""
    return models_dir() / "normalize" / "camel_fold.json"


@cache
def _camel_table() -> dict[str, str] | None:
    """The shipped camel-tools table (character -> what it becomes, changed characters only), or
    None when this Python's Unicode version is not the one the table was made with."""
    data = json.loads(camel_table_path().read_text(encoding="utf-8"))
    if data["unicode"] != unicodedata.unidata_version:
        return None
    return {chr(int(code, 16)): out for code, out in data["table"].items()}


@cache
def _camel_rules() -> Callable[[str], str]:
    """camel-tools' normalisation rules as one function (imports camel-tools: ~1 s)."""
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
        normalize_unicode,
    )

    def rules(text: str) -> str:
        out = dediac_ar(normalize_unicode(text))
        return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(out)))

    return rules


def camel_table() -> dict[str, str]:
    """What camel-tools makes of every code point it changes, computed now (~5 s)."""
    rules = _camel_rules()
    table: dict[str, str] = {}
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        out = rules(ch)
        if out != ch:
            table[ch] = out
    return table


def write_camel_table(path: Path | None = None) -> Path:
    """Regenerate models/normalize/camel_fold.json from the installed camel-tools:
    `python -c "from arabic_outage.normalize import write_camel_table; write_camel_table()"`."""
    from camel_tools import __version__ as camel_version

    path = path or camel_table_path()
    data = {
        "about": "camel-tools normalisation of every code point it changes; see normalize.py",
        "camel_tools": camel_version,
        "unicode": unicodedata.unidata_version,
        "table": {f"{ord(ch):04x}": out for ch, out in camel_table().items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    return path


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
    folded = table.fold(text)
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
    return " ".join(_TABLE.fold(text).split())
