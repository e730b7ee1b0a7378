"""Cue phrases from `models/lexicons/cues.yaml`, compiled into one regex per group."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from . import disk_cache, grammar
from .normalize import norm

# A cue starts a word, after optional proclitics and article ("و", "ب", "ال", "وبال", "لل"), and
# ends a word unless it is written with a trailing "*" (a stem: "تعطل*" also finds "تعطلت").
_WORD_START = r"(?<![\w])"
# The clitics are `[وف]?(?:[بك]?ال|لل|[بلك])?` written as alternations of letters with an empty
# last branch, tried in the same order: the engine tests a branch's first letter cheaply, while a
# repeat of a group or a character set costs a call (~25% of a scan).
_ARTICLE = grammar.text("cues", "article")
_CONJUNCTIONS = grammar.words("cues", "conjunctions")  # "و", "ف"
_CLITICS = "(?:" + "".join(f"{c}(?:{_ARTICLE})|" for c in _CONJUNCTIONS) + f"{_ARTICLE})"
_LEAD = _WORD_START + _CLITICS
_WORD_END = r"(?!\w)"
# Every string `_CLITICS` matches, and the longest: what may stand before a cue's first letter.
_CLITIC_STRINGS = tuple(p + a for p in ("", *_CONJUNCTIONS) for a in _ARTICLE.split("|"))
_HEAD = 2  # a phrase's first letters that pick the groups worth trying at a word
_KEY = max(map(len, _CLITIC_STRINGS)) + _HEAD
_KEYS_MAX = 50_000  # word openings remembered per scan (a bound on memory, not a cache policy)


def _form(phrase: str) -> str:
    stem = phrase.endswith("*")
    body = re.escape(norm(phrase.rstrip("*"))).replace(r"\ ", r"\s+")
    return body if stem else body + _WORD_END


def _forms(phrases: Iterable[str]) -> list[str]:
    # longest first; equal lengths in a fixed order, so the regex is the same in every process
    forms = {_form(p) for p in phrases if norm(p.rstrip("*"))}
    return sorted(forms, key=lambda f: (-len(f), f))


def compile_cues(phrases: Iterable[str]) -> re.Pattern[str]:
    """One alternation, longest phrase first, over normalised text.

    The alternation is written as a prefix trie (`_trie`) that finds exactly what the flat
    `form1|form2|...` would, but lets the regex engine branch on one character instead of
    trying every phrase at every word.
    """
    forms = _forms(phrases)
    if not forms:
        return re.compile(r"(?!x)x")
    return disk_cache.compile(f"{_LEAD}(?P<cue>{_trie([_elements(f) for f in forms])})")


def first_words(phrases: Iterable[str]) -> tuple[str, ...]:
    """The first word of each phrase, normalised. A match of the phrases' regex holds one of
    them (after any clitic), so a stretch of text holding none of them has no match."""
    forms = (norm(p.rstrip("*")) for p in phrases)
    return tuple(sorted({form.split(" ")[0] for form in forms if form}))


class CueScan:
    """Every match of several cue groups over a whole text, found in one pass.

    A scan costs about the same per group whatever the group holds: the clitic prefix is tried
    at every word. So groups that every article is scanned for share one scan: a regex over the
    union of their phrases finds the words where any cue begins, and each group is matched only
    there. Each group's list is exactly its own `finditer` over the text.
    """

    def __init__(self, groups: list[tuple[re.Pattern[str], list[str]]]):
        self.patterns = [pattern for pattern, _ in groups]
        self._matchers = list(enumerate(pattern.match for pattern in self.patterns))
        self._heads = [_heads(_forms(phrases)) for _, phrases in groups]
        self._tried: dict[str, list[tuple[int, Callable[[str, int], re.Match[str] | None]]]] = {}
        forms = _forms(phrase for _, phrases in groups for phrase in phrases)
        union = _trie([_elements(f) for f in forms]) if forms else r"(?!x)x"
        # A cue word starts the text or follows a non-word character. Matching that character
        # (rather than asserting `(?<!\w)` at every position) lets the engine skip through the
        # letters of each word in C, with no match attempt, to the next space or mark.
        self.first = disk_cache.compile(f"(?={_CLITICS}{union})")
        self.after_break = disk_cache.compile(rf"\W(?={_CLITICS}{union})")

    def starts(self, text: str) -> list[int]:
        r"""Where a word that may begin a cue starts: the union's `(?<!\w)` positions."""
        found = [0] if self.first.match(text) else []
        found += [m.end() for m in self.after_break.finditer(text)]
        return found

    def __call__(self, text: str) -> list[list[re.Match[str]]]:
        found: list[list[re.Match[str]]] = [[] for _ in self.patterns]
        ends = [0] * len(self.patterns)  # finditer resumes where its last match ended
        for pos in self.starts(text):
            for i, match in self._worth_trying(text[pos : pos + _KEY]):
                if pos >= ends[i] and (m := match(text, pos)) is not None:
                    found[i].append(m)
                    ends[i] = m.end()
        return found

    def _worth_trying(
        self, opening: str
    ) -> list[tuple[int, Callable[[str, int], re.Match[str] | None]]]:
        """The groups that may match at a word opening so: some phrase of theirs begins with
        the letters after one of the clitic strings it starts with. Matching each group at
        every cue word cost half the scan; the openings repeat, so each is worked out once."""
        tried = self._tried.get(opening)
        if tried is None:
            if len(self._tried) >= _KEYS_MAX:
                self._tried.clear()
            stems = [opening[len(c) :] for c in _CLITIC_STRINGS if opening.startswith(c)]
            tried = self._tried[opening] = [
                matcher
                for matcher, heads in zip(self._matchers, self._heads)
                if any(stem.startswith(heads) for stem in stems)
            ]
        return tried


# A form is a sequence of elements: one (escaped) character, `\s+`, or the word end; `_END` marks
# the end of a form inside the trie.
_SPACES = r"\s+"
_END = ""
_WORD_CHAR = re.compile(r"\w")


def _elements(form: str) -> tuple[str, ...]:
    """Split a `_form` regex back into its elements."""
    out: list[str] = []
    i = 0
    while i < len(form):
        if form.startswith(_SPACES, i):
            step = len(_SPACES)
        elif form.startswith(_WORD_END, i):
            step = len(_WORD_END)
        else:
            step = 2 if form[i] == "\\" else 1  # re.escape puts one backslash before a char
        out.append(form[i : i + step])
        i += step
    return tuple(out)


def _heads(forms: list[str]) -> tuple[str, ...]:
    """The first `_HEAD` letters of each form, or fewer where a space or word end comes sooner."""
    heads = set()
    for form in forms:
        head = ""
        for element in _elements(form)[:_HEAD]:
            if element in (_SPACES, _WORD_END):
                break
            head += element[-1]  # an escaped character is its last one
        heads.add(head)
    return tuple(sorted(heads))


def _exclusive(a: str, b: str) -> bool:
    """True when elements `a` and `b` can never both match at one position of a text."""
    if a == b or _END in (a, b):
        return False
    if _WORD_END in (a, b):  # the word end excludes a following word character, nothing else
        other = b if a == _WORD_END else a
        return other != _SPACES and bool(_WORD_CHAR.match(other[-1]))
    return True  # two different characters, or a character and whitespace


def _trie(forms: list[tuple[str, ...]]) -> str:
    """A regex equivalent to `'|'.join(forms)` (first matching form wins) that shares prefixes.

    Forms are grouped by their first element, in order. A form joins an earlier group with the
    same first element only if every group in between starts with an element that cannot match
    where it does, so no form that used to be tried first is overtaken; otherwise it opens a new
    group. Each group recurses on the rest of its forms.
    """
    groups: list[tuple[str, list[tuple[str, ...]]]] = []
    for form in forms:
        head = form[0] if form else _END
        for g_head, members in reversed(groups):
            if g_head == head:
                members.append(form[1:])
                break
            if not _exclusive(g_head, head):
                groups.append((head, [form[1:]]))
                break
        else:
            groups.append((head, [form[1:]]))
    parts = [head + (_trie(rest) if head != _END else "") for head, rest in groups]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
