"""Whole-word phrase matching with Aho-Corasick, shared by the theme and actor stages.

One automaton finds every phrase of a lexicon in a single pass over the text
(pyahocorasick), whatever the number of phrases. Phrases match whole words only
(punctuation and white space both separate words, so "Russia's", "anti-sanctions"
and "Kim Jong Un"/"Kim Jong-un" match "Russia", "sanctions" and either spelling),
and each phrase may be case-sensitive ("US", "Turkey") or not ("sanctions").
Offsets are character offsets into the original text.

Matchers used on the same texts one after the other (the theme lexicon and the
actor gazetteer) can be joined with :func:`share`: the first of them to see a
text then finds the phrases of all of them in one pass, and the others take
their hits from that pass.

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

__all__ = ["Hit", "PhraseMatcher", "fold", "share"]


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
        table: dict[str, list[tuple[str, Any, int]]] = {}
        for entry in entries:
            phrase, value, *rest = entry
            case_sensitive = bool(rest[0]) if rest else False
            phrase = " ".join(str(phrase).split())
            if not phrase:
                raise ValueError(f"empty phrase for value {value!r}")
            # how a hit's case is checked: 0 not at all, 1 exactly, 2 exactly up to white space
            check = (2 if " " in phrase else 1) if case_sensitive else 0
            table.setdefault(_haystack(phrase), []).append((phrase, value, check))
        #: haystack key -> ((phrase, value, check), ...)
        self._keys = {key: tuple(payload) for key, payload in table.items()}
        self.size = len(table)
        self._group = _Group((self,))
        self._member = 0

    def find(self, text: str, *, longest: bool = False) -> list[Hit]:
        """Return the hits in ``text`` ordered by position.

        With ``longest=True`` overlapping hits are resolved leftmost-longest,
        so "oil price" wins over "oil" and "UN Security Council" over
        "Security Council".
        """
        return [Hit(*h) for h in self.find_spans(text, longest=longest)]

    def find_spans(self, text: str, *, longest: bool = False) -> list[tuple[int, int, str, Any]]:
        """Like :meth:`find`, with plain ``(start, end, phrase, value)`` tuples (faster).

        Example
        -------
        >>> PhraseMatcher([("oil", "energy")]).find_spans("Oil, oil!")
        [(0, 3, 'oil', 'energy'), (5, 8, 'oil', 'energy')]
        """
        hits = self._scan(text)
        if not longest or len(hits) < 2:
            return hits
        # Leftmost-longest in one pass over the hits, which come by end, the
        # longest first at each end: ``kept`` is the selection among the hits
        # seen so far, ordered by start.
        kept: list[tuple[int, int, str, Any]] = []
        for h in hits:
            start, end = h[0], h[1]
            if kept and kept[-1][0] == start and kept[-1][1] == end:  # same span, another value
                kept.append(h)
                continue
            i = len(kept)
            while i and kept[i - 1][0] >= start:  # kept hits inside this longer one
                i -= 1
            if i and start < kept[i - 1][1]:  # starts inside a kept hit: loses
                continue
            del kept[i:]
            kept.append(h)
        return kept

    def _scan(self, text: str) -> list[tuple[int, int, str, Any]]:
        """All hits, ordered by end (a new list: callers may sort it)."""
        if not self.size or not text:
            return []
        return list(self._group.scan(text)[self._member])


def share(*matchers: PhraseMatcher) -> None:
    """Let ``matchers`` find their phrases in one automaton pass per text.

    After this, scanning a text with any of the matchers finds the phrases of
    all of them at once and keeps the others' hits until another text is
    scanned, so a run of matchers over the same text (themes, then actors)
    walks it once. Matchers already sharing with one of them join as well.
    Results are exactly those of separate passes; a matcher used alone merely
    scans for the others' phrases too.

    Example
    -------
    >>> a, b = PhraseMatcher([("oil", "energy")]), PhraseMatcher([("Iran", "Iran", True)])
    >>> share(a, b)
    >>> text = "Iran sells oil."
    >>> a.find_spans(text), b.find_spans(text)
    ([(11, 14, 'oil', 'energy')], [(0, 4, 'Iran', 'Iran')])
    """
    members = tuple(dict.fromkeys(m for matcher in matchers for m in matcher._group.members))
    if all(m._group.members == members for m in members):
        return  # already so
    group = _Group(members)
    for i, m in enumerate(members):
        m._group, m._member = group, i


class _Group:
    """One Aho-Corasick automaton over the phrases of one or more matchers (built on first use)."""

    def __init__(self, members: tuple[PhraseMatcher, ...]):
        self.members = members
        self.automaton: Any = None
        self._last: tuple[str | None, list] = (None, [])

    def _build(self) -> Any:
        # haystack key -> ((member, phrase, value, check), ...), members in order
        union: dict[str, list[tuple[int, str, Any, int]]] = {}
        for i, m in enumerate(self.members):
            for key, payload in m._keys.items():
                union.setdefault(key, []).extend((i, *entry) for entry in payload)
        automaton = ahocorasick.Automaton()
        for key, entries in union.items():
            automaton.add_word(key, (len(key), tuple(entries)))
        if union:
            automaton.make_automaton()
        self.automaton = automaton
        return automaton

    def scan(self, text: str) -> list[list[tuple[int, int, str, Any]]]:
        """Each member's hits in ``text``, ordered by end (do not modify)."""
        last_text, last_hits = self._last
        if last_text is text:
            return last_hits
        automaton = self._build() if self.automaton is None else self.automaton
        hits: list[list[tuple[int, int, str, Any]]] = [[] for _ in self.members]
        adders = [h.append for h in hits]
        for last, (size, entries) in automaton.iter(_haystack(text)):
            start = last - size + 1  # the haystack's leading space shifts offsets by one
            end = last - 1
            for i, phrase, value, check in entries:
                if check:  # case-sensitive: the surface (as long as the phrase) must be the phrase
                    surface = text[start:end]
                    if surface != phrase and (check == 1 or " ".join(surface.split()) != phrase):
                        continue
                adders[i]((start, end, phrase, value))
        self._last = (text, hits)
        return hits


_NON_WORD = re.compile(r"[^\w ]")
# an ASCII text's haystack in one bytes.translate: upper to lower case, non-word characters to spaces
_ASCII_HAY = bytes(ord(c.lower()) if (c.isalnum() or c in "_ ") else 32 for c in map(chr, range(128))).ljust(256)
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
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
    if text.isascii():
        hay = text.encode("ascii").translate(_ASCII_HAY).decode("ascii")
    else:
        low = text.lower()  # unlike fold(), apostrophes and breaks need no care: they become spaces
        if len(low) != len(text):
            low = fold(text)
        for c in set(_ASCII_RUNS.sub("", low)):  # a few distinct characters: dashes, quotes, accented letters
            if not (c.isalnum() or c == "_"):
                low = low.replace(c, " ")
        if low.isascii():
            hay = low.encode("ascii").translate(_ASCII_HAY).decode("ascii")
        else:  # letters beyond ASCII remain
            hay = _NON_WORD.sub(" ", low)
    hay = f" {hay} "
    if len(_recent) >= 4:
        _recent.clear()
    _recent[id(text)] = (text, hay)
    return hay
