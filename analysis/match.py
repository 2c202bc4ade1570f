"""Whole-word phrase matching with Aho-Corasick, shared by the theme and actor stages.

One automaton finds every phrase of a lexicon in a single pass over the text
(pyahocorasick), whatever the number of phrases. Matches are kept only at word
boundaries, and each phrase may be case-sensitive ("US", "Turkey") or not
("sanctions"). Offsets are character offsets into the original text.

Example
-------
>>> m = PhraseMatcher([("security council", "un"), ("US", "usa", True)])
>>> [(h.start, h.end, h.value) for h in m.find("The US asked the Security Council.")]
[(4, 6, 'usa'), (17, 33, 'un')]
"""

from __future__ import annotations

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
            key = fold(phrase)
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
        n = len(text)
        for last, (size, payload) in self._automaton.iter(fold(text)):
            end = last + 1
            start = end - size
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if end < n and (text[end].isalnum() or text[end] == "_"):
                continue
            for phrase, value, case_sensitive in payload:
                if case_sensitive and " ".join(text[start:end].split()) != phrase:
                    continue
                hits.append(Hit(start, end, phrase, value))
        return hits
