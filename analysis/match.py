"""Whole-word phrase matching with Aho-Corasick, shared by the theme and actor stages.

One automaton finds every phrase of a lexicon in a single pass over the text
(pyahocorasick), whatever the number of phrases. Phrases match whole words only
(punctuation and white space both separate words, so "Russia's", "anti-sanctions"
and "Kim Jong Un"/"Kim Jong-un" match "Russia", "sanctions" and either spelling),
and each phrase may be case-sensitive ("US", "Turkey") or not ("sanctions").
Offsets are character offsets into the original text.

Example
-------
>>> m = PhraseMatcher([("security council", "un"), ("US", "usa", True)])
>>> [(h.start, h.end, h.value) for h in m.find("The US asked the Security Council.")]
[(4, 6, 'usa'), (17, 33, 'un')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

import ahocorasick

__all__ = ["Hit", "PhraseMatcher", "fold"]

def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length; unify apostrophes and line breaks.

    ``str.lower`` can lengthen a few characters (``"İ".lower()`` has two code
    points); those are left as they are so that offsets stay valid. A single
    line break or tab reads as a space, so a phrase wrapped over two lines
    still matches, while a blank line (two breaks) still separates.

    Example
    -------
    >>> fold("Russia\\u2019s U.N.\\nSecurity Council İ")
    "russia's u.n. security council İ"
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for odd, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\n", " "), ("\t", " ")):
        if odd in low:
            low = low.replace(odd, plain)
    return low


@dataclass(frozen=True, slots=True)
class Hit:
    """One phrase found in a text: ``text[start:end]`` is the matched surface form."""

    start: int
    end: int
    phrase: str
    value: Any


class PhraseMatcher:
    """Find lexicon phrases at word boundaries in one pass.

    Parameters
    ----------
    entries:
        ``(phrase, value)`` or ``(phrase, value, case_sensitive)`` tuples. A
        phrase may carry several values (one hit per value is returned).
        Case-insensitive phrases also match with straight or curly apostrophes.

    Example
    -------
    >>> m = PhraseMatcher([("oil", "energy"), ("oil price", "energy")])
    >>> [h.phrase for h in m.find("The oil price rose; toil went on.", longest=True)]
    ['oil price']
    """

    def __init__(self, entries: Iterable[tuple]):
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, Any, bool]]] = {}
        for entry in entries:
            phrase, value, *rest = entry
            case_sensitive = bool(rest[0]) if rest else False
            phrase = " ".join(str(phrase).split())
            if not phrase:
                raise ValueError(f"empty phrase for value {value!r}")
            key = _haystack(phrase)
            table.setdefault(key, []).append((phrase, value, case_sensitive))
        for key, payload in table.items():
            self._automaton.add_word(key, (len(key), tuple(payload)))
        self.size = len(table)
        if table:
            self._automaton.make_automaton()

    def find(self, text: str, *, longest: bool = False) -> list[Hit]:
        """Return the hits in ``text`` ordered by position.

        With ``longest=True`` overlapping hits are resolved leftmost-longest,
        so "oil price" wins over "oil" and "UN Security Council" over
        "Security Council".
        """
        hits = self._scan(text)
        if not longest or len(hits) < 2:
            return hits
        hits.sort(key=lambda h: (h.start, h.start - h.end))
        kept: list[Hit] = []
        end = -1
        span = None
        for h in hits:
            if h.start >= end:
                kept.append(h)
                end, span = h.end, (h.start, h.end)
            elif (h.start, h.end) == span:  # same span, another value
                kept.append(h)
        return kept

    def _scan(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        if not self.size or not text:
            return hits
        for last, (size, payload) in self._automaton.iter(_haystack(text)):
            start = last - size + 1  # the haystack's leading space shifts offsets by one
            end = last - 1
            for phrase, value, case_sensitive in payload:
                if case_sensitive and " ".join(text[start:end].split()) != phrase:
                    continue
                hits.append(Hit(start, end, phrase, value))
        return hits


_NON_WORD = re.compile(r"[^\w ]")
_recent: dict[int, tuple[str, str]] = {}


def _haystack(text: str) -> str:
    """``text`` folded, every non-word character a space, padded with one space each side.

    Keys are made the same way, so a key can only match from a word start to a
    word end: the automaton reports whole-word hits only, and offsets map back
    by one. The last result is remembered, as the theme and actor stages scan
    the same text one after the other.
    """
    seen = _recent.get(id(text))
    if seen is not None and seen[0] is text:
        return seen[1]
    hay = f" {_NON_WORD.sub(' ', fold(text))} "
    if len(_recent) >= 4:
        _recent.clear()
    _recent[id(text)] = (text, hay)
    return hay
