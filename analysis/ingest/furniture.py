"""Page furniture in article text, found from the collection itself.

Scraped article bodies carry pieces that belong to the outlet's page, not to
the story: disclaimers ("The views expressed in this article are the
author's own ..."), "Learn more" promotions, share bars, print-edition
footers, agency credits and datelines. They make keyword lists and topic
models describe the outlet instead of the news. :func:`find` lists them,
:func:`strip` removes them from the text (keeping them retrievable).

How pieces are found
--------------------
Each article is cut into *units*: its sentences (:func:`analysis.segment.sentence_spans`,
which never crosses a line break), with a parenthesised agency credit
("rs/rc (AP, dpa)") and a trailing parenthesis ("(China Daily European Weekly
01/06/2017 page26)") cut off as units of their own. A unit's *key* is its
text case-folded, with URLs, e-mail addresses, numbers, dates (a month name
next to a number) and weekdays replaced by placeholders and punctuation
dropped, so "(... 01/06/2017 page26)" and "(... 03/24/2017 page7)" share one key.

* **Repetition** (no list of outlets or phrases): within each group of ``by``
  (the outlet), a key found in at least ``max(min_articles, min_share * n)``
  of the group's ``n`` articles is furniture (``repeated_line`` when the unit
  is a whole line, else ``repeated_sentence``), provided that at least half
  of those articles have it near an edge (among the first 2 or the last 8
  units): a background paragraph an outlet repeats inside its stories is not
  furniture. Articles flagged in ``near_duplicate_of`` (reprints) are not
  counted, so a quote or a paragraph repeated in a few stories never
  qualifies, and a group with fewer than ``min_articles`` articles gets
  nothing removed by repetition.
* **Kickers**: a short label in capitals ending with a colon ("OPINION:",
  "IN PICTURES:") that opens units in at least as many of the outlet's articles
  is an editor's label before a linked headline, and goes wherever it stands
  (also in another case, "Opinion:"); the headline goes with it when it is a
  unit of its own of at most ``label_max_words`` words (it ends with a stop),
  while a headline that runs into the story with no stop between them stays
  (its end cannot be told). A label that names the outlet itself ("DW:" in
  dw.com's interviews) is its interviewer speaking and stays.
* **Rules** (generic cues, no outlet names; the word lists are in
  ``analysis/data/furniture.toml``): a dateline opening the text
  (``MOSCOW, February 7. /TASS/.``, ``PORT VELLA (Reuters) -``,
  ``Washington (CNN)``, ``WASHINGTON —``: kind ``dateline``, its place goes
  to the ``dateline`` column when that is empty); agency credits
  (``rs/rc (AP, dpa)``, ``The Associated Press contributed to this report.``,
  ``Reporting by ...; Editing by ...``, a short ``Source: ...`` near the end,
  a contact line near the end: an e-mail address alone or after "Contact the
  writer at", cut off the story's last sentence when glued to it: ``credit``); share bars (``share_bar``) and promotions ("Learn more",
  "READ MORE: ...", a newsletter or inbox offered to the reader anywhere in the
  text: ``promo``).

A unit of fewer than three words ("Learn more", "Here's how.") is removed only
when it is the first or last unit of the article or next to another removed
unit, so a short sentence that also occurs in prose stays.

:func:`strip` keeps ``article_id`` (the hash of the text before furniture was
removed: the same article keeps its id whatever collection it is loaded with)
and recounts ``n_words``.

Example
-------
>>> import pandas as pd
>>> topics = "oil gas trade water power rail roads ports banks farms steel coal".split()
>>> df = pd.DataFrame({"source": ["x"] * 12 + ["y"],
...     "text": [f"Talks on {t} resumed. The views expressed are the author's own." for t in topics]
...             + ["MOSCOW, March 3. /TASS/. Talks resumed."]})
>>> out = strip(df)
>>> out.loc[0, "text"], int(out.loc[0, "n_furniture"]), out.loc[0, "furniture"]
('Talks on oil resumed.', 1, ["The views expressed are the author's own."])
>>> out.loc[12, "text"], out.loc[12, "dateline"]
('Talks resumed.', 'MOSCOW')
"""

from __future__ import annotations

import contextlib
import itertools
import re
from functools import lru_cache
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from ..schema import as_strings, require_columns

__all__ = ["find", "strip", "KINDS", "MIN_ARTICLES", "MIN_SHARE"]

#: Kinds of removed pieces, as in the ``kind`` column of :func:`find`.
KINDS = ("dateline", "repeated_line", "repeated_sentence", "credit", "promo", "share_bar")
#: Default smallest number of a group's articles a repeated unit must occur in.
MIN_ARTICLES = 5
#: Default smallest share of a group's articles a repeated unit must occur in.
MIN_SHARE = 0.01

_HEAD, _TAIL = 2, 8  # units counted as "near an edge" of an article
_SHORT = 3  # units with fewer words are removed only at an edge or next to other furniture


# --------------------------------------------------------------------------- patterns (built on first use)


@lru_cache(maxsize=1)
def _cues() -> dict:
    """The word lists of ``analysis/data/furniture.toml``."""
    import tomllib
    from importlib.resources import files

    data = tomllib.loads(files("analysis").joinpath("data", "furniture.toml").read_text("utf-8"))
    if data.get("format", 1) != 1:
        raise ValueError(f"analysis/data/furniture.toml: unknown format {data.get('format')!r}")
    return data


def _alternation(words) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


_MON = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")


_EMAIL = r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"  # (RE2 and Python alike)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    from .rawpage import _AGENCIES  # the one table of news agencies

    cues = _cues()
    ag = _alternation(_AGENCIES)
    agency_list = rf"\(\s*-?\s*(?:{ag})(?:\s*[,/;&]\s*-?\s*(?:{ag}))*\s*\)"
    initials = r"(?:\b[a-z]{1,4}(?:/[a-z]{1,4})+)"
    caps = r"[A-Z][A-Z.'\-]*(?:\s[A-Z][A-Z.'\-]*){0,3}"
    title = r"[A-Z][a-z]+(?:[\s\-][A-Z][a-z]+){0,3}"
    region = r"(?:,\s*[A-Z][A-Za-z.'\-]+(?:\s[A-Z][A-Za-z.'\-]+){0,2})"
    date = rf"(?:(?i:{_MON})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?i:{_MON})\.?(?:\s+\d{{4}})?)"
    tag = r"(?:/\s*[A-Z][A-Za-z\-]{1,20}\s*/|\(\s*[A-Z][A-Za-z\-]{1,20}(?:\s[A-Z][A-Za-z\-]+){0,2}\s*\))"
    return {
        # a dateline opening the text; the article must go on with a capital, a digit or a quote
        "dateline": re.compile(
            rf"\s*(?:(?P<caps>{caps})|(?P<title>{title}))(?P<region>{region}{{0,2}}?)"
            rf"(?:,\s*(?P<date>{date}))?\s*[.,]?\s*"
            rf"(?:(?P<tag>{tag})\s*[.:]?\s*(?:[-\u2013\u2014]{{1,2}}\s*)?|(?P<dash>\s[-\u2013\u2014]{{1,2}}\s+-?)|(?<=\.)\s+)"
            r"(?=[A-Z0-9\"'\u201c\u2018])",
        ),
        "agency_unit": re.compile(rf"(?:{initials}[\s\-]*)?{agency_list}\.?", re.I),
        "contributed": re.compile(
            r".{0,160}?\bcontribut(?:ed|ing)\b.{0,40}?\b(?:report|story|article|reporting)\b\W*", re.I | re.S),
        "role_credit": re.compile(
            r"\(?\s*(?:additional\s+)?(?:reporting|writing|written|editing|edited|compiled|compiling)\s+by\s",
            re.I),
        "credit_label": re.compile(rf"(?:{_alternation(cues['credit_labels'])})\s*:", re.I),
        # an e-mail address, alone or after a call to write (a whole unit; RE2 runs it too)
        "contact": re.compile(rf"(?:(?:{_alternation(cues['contact_calls'])})\b[^@]{{0,40}}?)?"
                              rf"{_EMAIL}[\W_]*", re.I),
        # an address after the end of a sentence: cut off it (the sentence splitter keeps them together)
        "stop_email": re.compile(rf"[.!?][\"\u201d\u2019)]?\s+(?P<e>{_EMAIL})"),
        "promo": re.compile(rf"(?:{_alternation(cues['promo_phrases'])})\b", re.I),
        "promo_label": re.compile(rf"(?:{_alternation(cues['promo_labels'])})\s*:", re.I),
        # a newsletter word among the unit's first words; a call anywhere in it (the pattern starts with ".*")
        "newsletter": re.compile(rf"\W*(?:\S+\s+){{0,{int(cues['newsletter_first_words']) - 1}}}\S*?"
                                 rf"\b(?:{_alternation(cues['newsletter_words'])})\b", re.I),
        "newsletter_call": re.compile(rf".*\b(?:{_alternation(cues['newsletter_calls'])})\b", re.I | re.S),
        "trailing_paren": re.compile(r"\(([^()]{3,120})\)\W*$"),
        # a sentence end glued to the next sentence by a hyphen (a lost no-break space: "Africa.- The")
        # ... or to the next sentence after a URL ("Permalink http://dw.com/p/2Wx5C The man ...")
        "glued": re.compile(r"[.!?][\"\u201d\u2019)]?(?P<a>-+\s*)(?=[A-Z])"),
        "after_url": re.compile(r"(?:https?://|www\.)\S+(?P<a>\s+)(?=[A-Z])"),
        # agency credits are found from their parenthesis, then extended back over initials
        "agency_paren": re.compile(agency_list + r"\.?", re.I),
        "initials_before": re.compile(r"(?<![^\W\d_])[a-z]{1,4}(?:/[a-z]{1,4})+[\s\-]*$", re.I),
        # a short label before a colon ("Share this slide: ..."), not introducing a quotation
        "label": re.compile(r"([^:\"\u201c]{2,40}?):[\s\-]+(?=[^\s\"\u201c\u2018'])"),
    }


# normalisation of a unit into its key (RE2 syntax, run by pyarrow): (pattern, replacement, cues);
# a unit can match a pattern only when it holds one of its cues (UTF-8 bytes), so a step runs on those units only
_KEY_STEPS = (
    (r"(?:https?://|www\.)\S+", " _url_ ", (b"://", b"www.")),
    (r"\S+@\S+\.\S+", " _email_ ", (b"@",)),
    (rf"\b(?:{_MON})\.?\s*\d|\d(?:st|nd|rd|th)?\s*(?:{_MON})\b", " _date_ ", tuple(bytes([d]) for d in b"0123456789")),
    (r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", " _day_ ", (b"day",)),
    (r"\d+", "0", None),  # these two steps, and the trimming: _word_runs
    (r"\W+", " ", None),
)
_KEY_CHUNK = 1 << 22  # unit bytes normalised at a time (bounds the memory of the NumPy steps)

_WORD_BYTE = np.zeros(256, dtype=bool)  # RE2's \w (ASCII only, also in UTF-8 mode): [0-9A-Za-z_]
_WORD_BYTE[np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_", dtype=np.uint8)] = True
_DIGIT_BYTE = np.zeros(256, dtype=bool)  # RE2's \d: [0-9]
_DIGIT_BYTE[np.frombuffer(b"0123456789", dtype=np.uint8)] = True


def _buffers(arr) -> tuple[np.ndarray, np.ndarray]:
    """``(offsets, data)`` of a pyarrow ``large_string`` array without nulls: item ``i`` is the
    UTF-8 ``data[offsets[i]:offsets[i + 1]]``."""
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    return offsets, np.frombuffer(arr.buffers()[2] or b"", dtype=np.uint8)


def _holding(arr, cues: tuple[bytes, ...], *, fold: bool = False) -> np.ndarray:
    """Which items of ``arr`` (``large_string``) hold any of ``cues`` (non-empty UTF-8 byte
    strings), found with NumPy on the array's bytes; ``fold``: the cues are lower-case ASCII
    letters, found in any case. The compiled ``holding`` of ``analysis._speedups`` does the same
    (this is its specification)."""
    from ..score.segment import _compiled

    if len(arr) == 0:
        return np.zeros(0, dtype=bool)
    offsets, data = _buffers(arr)
    fast = _compiled()
    if fast is not None:
        return np.frombuffer(fast.holding(offsets, data, tuple(cues), fold), dtype=bool)
    data = data[int(offsets[0]):int(offsets[-1])]
    starts, ends = offsets[:-1] - offsets[0], offsets[1:] - offsets[0]
    if fold:
        data = data | np.uint8(0x20)  # an upper-case ASCII letter becomes its lower case
    found = np.zeros(len(arr), dtype=bool)
    single = sorted(c[0] for c in cues if len(c) == 1)
    if single:
        if single == list(range(single[0], single[-1] + 1)):  # one range (the digits): one comparison
            hit = (data - np.uint8(single[0])) <= np.uint8(single[-1] - single[0])
        else:
            table = np.zeros(256, dtype=bool)
            table[single] = True
            hit = table[data]
        full = np.flatnonzero(ends > starts)
        if len(full):
            found[full] = np.logical_or.reduceat(hit, starts[full])  # (each over its item: none is empty)
    for cue in (c for c in cues if len(c) > 1):
        at = np.flatnonzero(data[:max(len(data) - len(cue) + 1, 0)] == cue[0])  # (no cue in less data than it)
        for k in range(1, len(cue)):
            at = at[data[at + k] == cue[k]]
        item = np.searchsorted(starts, at, side="right") - 1
        found[item[at + len(cue) <= ends[item]]] = True
    return found


def _word_runs(arr) -> tuple[Any, np.ndarray]:
    r"""``utf8_trim_whitespace`` of the steps ``\d+`` -> ``"0"`` then ``\W+`` -> ``" "`` (the last
    two of :data:`_KEY_STEPS`) on a pyarrow ``large_string`` array, done on its bytes with NumPy,
    and the number of words of each result.

    RE2's ``\d`` is ``[0-9]`` and ``\W`` every character but ``[0-9A-Za-z_]``, also in UTF-8
    mode, so on UTF-8 bytes they are byte classes: the words of a string are its runs of word
    bytes, each run of digits in them becomes one ``0``, and they are joined by one space.
    The compiled ``word_runs`` of ``analysis._speedups`` does the same (this is its specification).
    """
    import pyarrow as pa

    from ..score.segment import _compiled

    if len(arr) == 0:
        return pa.array([], type=pa.large_string()), np.zeros(0, dtype=np.int64)
    offsets, data = _buffers(arr)
    fast = _compiled()
    if fast is not None:
        new_offsets, out, words = fast.word_runs(offsets, data)
        return (pa.LargeStringArray.from_buffers(len(arr), pa.py_buffer(new_offsets), pa.py_buffer(out)),
                np.frombuffer(words, dtype=np.int64))
    lo = int(offsets[0])
    data = data[lo:int(offsets[-1])]
    starts, ends = offsets[:-1] - lo, offsets[1:] - lo
    n = len(data)
    digit = _DIGIT_BYTE[data]
    word = _WORD_BYTE[data]
    first = np.zeros(n, dtype=bool)  # the first byte of its string
    first[starts[starts < n]] = True
    after_word = np.zeros(n, dtype=bool)  # the byte before is a word (digit) byte of the same string
    after_word[1:] = word[:-1]
    after_word &= ~first
    after_digit = np.zeros(n, dtype=bool)
    after_digit[1:] = digit[:-1]
    after_digit &= ~first
    opens = word & ~after_word  # a word starts
    keep = word & ~(digit & after_digit)  # a run of digits keeps its first byte, as "0"
    chars = (data - digit * (data - np.uint8(48)))[keep]
    at = np.flatnonzero(opens)
    string = np.searchsorted(starts, at, side="right") - 1
    spaced = np.zeros(len(at), dtype=bool)  # a word after another of the same string: a space before it
    spaced[1:] = string[1:] == string[:-1]
    in_chars = np.flatnonzero(opens[keep])  # where each word starts in chars
    out = np.insert(chars, in_chars[spaced], np.uint8(32))
    word_lo, word_hi = np.searchsorted(at, starts), np.searchsorted(at, ends)
    bounds = np.r_[word_lo, word_hi[-1:]]  # each string starts at its first word (or where the next does)
    spaces = np.zeros(len(at) + 1, dtype=np.int64)
    np.cumsum(spaced, out=spaces[1:])
    new_offsets = np.append(in_chars, len(chars))[bounds] + spaces[bounds]
    keys = pa.LargeStringArray.from_buffers(len(arr), pa.py_buffer(new_offsets), pa.py_buffer(out))
    return keys, word_hi - word_lo


def _keys(arr, *, count: str | None = None) -> tuple[Any, np.ndarray, np.ndarray | None]:
    """Normalised keys of the unit texts ``arr`` (a pyarrow ``large_string`` array, see
    :data:`_KEY_STEPS`), as a pyarrow chunked array; their numbers of words; and, when ``count``
    (an RE2 pattern) is given, its number of matches in each lower-cased unit (else None).

    Units are taken about :data:`_KEY_CHUNK` bytes at a time.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(arr) == 0:
        return (pa.chunked_array([], type=pa.large_string()), np.zeros(0, dtype=np.int64),
                np.zeros(0, dtype=np.int64) if count is not None else None)
    keys, n_words, counts = [], [], []
    offsets = _buffers(arr)[0]
    first = 0
    while first < len(arr):
        last = int(np.searchsorted(offsets, offsets[first] + _KEY_CHUNK, side="right")) - 1
        last = min(max(last, first + 1), len(arr))
        part = pc.utf8_lower(arr.slice(first, last - first))
        if count is not None:
            counts.append(pc.count_substring_regex(part, pattern=count).to_numpy())
        for pattern, repl, cues in _KEY_STEPS[:-2]:
            mask = _holding(part, cues)
            if mask.any():
                part = pc.replace_with_mask(part, pa.array(mask), pc.replace_substring_regex(
                    part.filter(pa.array(mask)), pattern=pattern, replacement=repl))
        k, w = _word_runs(part)
        keys.append(k)
        n_words.append(w)
        first = last
    return (pa.chunked_array(keys, type=pa.large_string()), np.concatenate(n_words).astype(np.int64),
            np.concatenate(counts).astype(np.int64) if count is not None else None)


# --------------------------------------------------------------------------- units


def _dateline(text: str) -> tuple[int, str] | None:
    """``(end, place)`` when ``text`` opens with a dateline, else None."""
    m = _patterns()["dateline"].match(text[:160])
    if not m:
        return None
    if m["title"] and not m["tag"]:
        return None  # a capitalised word followed by a dash is not a place line
    if m["caps"] and not (m["tag"] or m["dash"] or m["date"]):
        return None
    if m["caps"] and sum(c.isalpha() for c in m["caps"]) < 2:
        return None
    if m["tag"] is None and m["dash"] is None and m["date"] is None:
        return None
    place = (m["caps"] or m["title"]) + (m["region"] or "")
    return m.end(), " ".join(place.split())


def _units(text: str, start: int) -> list[tuple[int, int]]:
    """Sentence units of ``text`` from ``start``, with agency credits and a trailing
    parenthesis cut off as units of their own (cut points found by whole-text scans)."""
    from bisect import bisect_right

    from ..score.segment import sentence_spans

    pats = _patterns()
    spans = sentence_spans(text[start:])
    if start:
        spans = [(s + start, e + start) for s, e in spans]
    gaps: list[tuple[int, int]] = []
    cues = _unit_cues(text)
    if cues & _HYPHEN_CUE:
        gaps += _glued(text, start)
    if cues & _URL_CUE:  # (a match starts at an "http" or a "www.")
        first = min(i for i in (text.find("http", start), text.find("www.", start), len(text)) if i >= 0)
        gaps += [m.span("a") for m in pats["after_url"].finditer(text, first)]
    if cues & _AT_CUE:  # an address glued after a sentence: a unit of its own (and what follows it too)
        for m in pats["stop_email"].finditer(text, start):
            gaps.append((m.start("e"), m.start("e")))
            if _AFTER_EMAIL.match(text, m.end("e")):
                gaps.append((m.end("e"), m.end("e")))
    if cues & _OPEN_CUE:
        for m in pats["agency_paren"].finditer(text, start):
            a = m.start()
            before = pats["initials_before"].search(text, max(start, a - 24), a)
            if before:
                a = before.start()
            gaps += [(a, a), (m.end(), m.end())]
    if gaps:
        spans = _cut(text, spans, sorted(gaps))
    if not cues & _CLOSE_CUE:
        return spans
    ends = [e for _, e in spans]
    near = set()  # the units with a ")" among their last three characters
    for m in _CLOSE.finditer(text, start):
        k = bisect_right(ends, m.start())
        if k < len(spans) and m.start() >= max(spans[k][0], ends[k] - 3):
            near.add(k)
    cut = {}
    for k in near:
        s, e = spans[k]
        if not pats["agency_unit"].fullmatch(text, s, e):
            m = pats["trailing_paren"].search(text, s, e)
            if m and m.start() > s and text[s:m.start()].strip() and len(m[1].split()) >= 2:
                cut[k] = _trimmed(text, [(s, m.start()), (m.start(), e)])
    if not cut:
        return spans
    out = []
    for k, span in enumerate(spans):
        if k in cut:
            out += cut[k]
        else:
            out.append(span)
    return out


# what _unit_cues finds in a text: the cut points _units must look for
_HYPHEN_CUE, _URL_CUE, _AT_CUE, _OPEN_CUE, _CLOSE_CUE = 1, 2, 4, 8, 16


def _unit_cues(text: str) -> int:
    """Which of a hyphen, ``"://"`` or ``"www."``, ``"@"``, ``"("`` and ``")"`` ``text`` holds, as bits
    (the compiled ``unit_cues`` of ``analysis._speedups`` finds them in one pass; this is its
    specification)."""
    from ..score.segment import _compiled

    fast = _compiled()
    if fast is not None:
        return fast.unit_cues(text)
    return (("-" in text) * _HYPHEN_CUE | ("://" in text or "www." in text) * _URL_CUE | ("@" in text) * _AT_CUE
            | ("(" in text) * _OPEN_CUE | (")" in text) * _CLOSE_CUE)


_CLOSE = re.compile(r"\)")
_AFTER_EMAIL = re.compile(r"\s+[-\u2013\u2014]*\s*[A-Z]")  # more text after an address: cut there too


def _glued(text: str, start: int) -> list[tuple[int, int]]:
    """``[m.span("a") for m in _patterns()["glued"].finditer(text, start)]``, tried only where a
    match can start: the sentence end one or two characters before a hyphen (by the compiled
    ``glued`` of ``analysis._speedups`` when it is in use)."""
    from ..score.segment import _compiled

    fast = _compiled()
    if fast is not None and type(text) is str:
        return fast.glued(text, start)
    pattern = _patterns()["glued"]
    out, pos = [], start
    i = text.find("-", start + 1)
    while i >= 0:
        for at in (i - 2, i - 1):
            if at >= pos and text[at] in ".!?":
                m = pattern.match(text, at)
                if m:
                    out.append(m.span("a"))
                    pos = m.end()
                    break
        i = text.find("-", max(i + 1, pos))
    return out


def _cut(text: str, spans: list[tuple[int, int]], gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` cut at ``gaps`` (sorted ``(a, b)``: a unit ends at ``a``, the next starts at ``b``)."""
    from bisect import bisect_right

    starts = [a for a, _ in gaps]
    span_starts = [s for s, _ in spans]
    hit = set()  # the spans with a gap strictly inside
    for a in starts:
        j = bisect_right(span_starts, a - 1) - 1  # the last span that starts before a
        if j >= 0 and a < spans[j][1]:
            hit.add(j)
    if not hit:
        return spans
    out: list[tuple[int, int]] = []
    for j, (s, e) in enumerate(spans):
        if j not in hit:
            out.append((s, e))
            continue
        k = bisect_right(starts, s)
        pieces, pos = [], s
        while k < len(gaps) and gaps[k][0] < e:
            a, b = gaps[k]
            pieces.append((pos, a))
            pos = max(pos, min(b, e))
            k += 1
        pieces.append((pos, e))
        out += _trimmed(text, pieces)
    return out


def _trimmed(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _whole_line(text: str, s: int, e: int) -> bool:
    before = text.rfind("\n", 0, s)
    after = text.find("\n", e)
    return not text[before + 1 : s].strip() and not text[e : after if after >= 0 else len(text)].strip()


# --------------------------------------------------------------------------- rules


#: What each column of :func:`_rule_flags` finds (in this order: the first that holds wins).
_RULE_KINDS = ("credit", "credit", "credit", "credit", "promo", "promo", "share_bar", "promo", "credit")
_TAIL_RULES = (3, 8)  # the columns of :func:`_rule_flags` that hold only among an article's last units
_CONTACT_RULE = 8  # the column of a contact line (an e-mail address), removed however short


def _rule_flags(arr, n_words: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Which generic rules each unit of ``arr`` (a pyarrow ``large_string`` array) meets, from its
    text alone: a boolean ``(units, 9)`` array, columns as in :data:`_RULE_KINDS` (columns
    :data:`_TAIL_RULES` also need the unit among the article's last, see :func:`_rule_kinds`).
    ``share``: the number of share words in each unit (:func:`_share_words`, counted by
    :func:`_keys`). Vectorised (pyarrow, RE2); a pattern runs only on the units that meet the
    cheaper conditions it goes with."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pats = _patterns()
    cues = _cues()

    def test(name: str, where: np.ndarray, *, whole: bool = False, flags: str = "") -> np.ndarray:
        pattern = f"(?i{flags})^(?:{pats[name].pattern})" + ("$" if whole else "")
        at = np.flatnonzero(where)
        if 2 * len(at) > len(arr):  # most units: all of them at once
            return where & pc.match_substring_regex(arr, pattern=pattern).to_numpy(zero_copy_only=False)
        hit = np.zeros(len(arr), dtype=bool)
        if len(at):
            hit[at] = pc.match_substring_regex(arr.take(pa.array(at)), pattern=pattern).to_numpy(zero_copy_only=False)
        return hit

    words = np.zeros(len(arr), dtype=np.int64)
    maybe = np.flatnonzero(share >= cues["share_min"])  # words are counted only where a share bar may be
    if len(maybe):
        words[maybe] = pc.count_substring_regex(pc.utf8_lower(arr.take(pa.array(maybe))),
                                                pattern=r"[a-z][a-z\-]*").to_numpy()
    w = n_words
    contributes = _holding(arr, (b"contribut",), fold=True)  # the word "contribut..." is in the unit (in any case)
    return np.column_stack([
        test("agency_unit", np.ones(len(arr), dtype=bool), whole=True),
        test("role_credit", w <= 40),
        test("contributed", (w <= 25) & contributes, whole=True, flags="s"),
        test("credit_label", w <= cues["credit_max_words"]),
        test("promo", w <= cues["promo_max_words"]),
        test("promo_label", w <= cues["label_max_words"]),
        (share >= cues["share_min"]) & (2 * share >= words),
        test("newsletter_call", test("newsletter", (w <= cues["newsletter_max_words"]) & _holding(
            arr, tuple(c.lower().encode() for c in ("newsletter", "inbox")), fold=True), flags="s"), flags="s"),
        test("contact", (w <= cues["credit_max_words"]) & _holding(arr, (b"@",)), whole=True),
    ]).reshape(len(arr), len(_RULE_KINDS))


def _rule_kinds(flags: np.ndarray, rpos: np.ndarray) -> np.ndarray:
    """Kind found by the generic rules for each unit ("" when none): the first of its
    :func:`_rule_flags` that holds, a credit label only among the article's last
    ``credit_tail`` units (``rpos``: units after it in its article)."""
    conditions = [flags[:, k] for k in range(len(_RULE_KINDS))]
    for k in _TAIL_RULES:
        conditions[k] = conditions[k] & (rpos < _cues()["credit_tail"])
    return np.select(conditions, list(_RULE_KINDS), default="").astype(object)


def _share_words() -> str:
    """The RE2 pattern of a share-bar word (``share_words`` of ``furniture.toml``)."""
    return rf"\b(?:{_alternation(_cues()['share_words'])})\b"


# --------------------------------------------------------------------------- public API


_PIECE_COLUMNS = {"article": object, "group": object, "kind": "string", "text": "string",
                  "start": "int64", "end": "int64", "n_articles": "int64"}


def _empty_pieces() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _PIECE_COLUMNS.items()})
    out["_pos"] = pd.Series([], dtype="int64")
    out["_place"] = pd.Series([], dtype=object)
    return out


def _check(articles: pd.DataFrame, by: str | None, col: str, min_articles: int, min_share: float) -> None:
    if not isinstance(articles, pd.DataFrame):
        raise TypeError(f"articles must be a DataFrame, not {type(articles).__name__}")
    require_columns(articles, [col] + ([by] if by is not None else []), what="articles")
    if int(min_articles) < 2:
        raise ValueError(f"min_articles must be at least 2 (a unit in one article is never repeated), not {min_articles!r}")
    if not 0 <= float(min_share) <= 1:
        raise ValueError(f"min_share must be between 0 and 1, not {min_share!r}")


def find(
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    col: str = "text",
    min_articles: int = MIN_ARTICLES,
    min_share: float = MIN_SHARE,
    rules: bool = True,
) -> pd.DataFrame:
    """The page furniture of each article: one row per piece (see the module documentation).

    Parameters
    ----------
    articles : DataFrame
        One row per article; never modified.
    by : str or None, default "source"
        Column of the groups (outlets) within which repetition is counted;
        ``None``: the whole collection is one group. An article with a
        missing group value gets nothing removed by repetition (the rules
        still apply).
    col : str, default "text"
        Text column.
    min_articles : int, default :data:`MIN_ARTICLES`
        A repeated unit must occur in at least this many of a group's articles ...
    min_share : float, default :data:`MIN_SHARE`
        ... and in at least this share of them.
    rules : bool, default True
        Also apply the generic rules (datelines, credits, share bars,
        promotions). ``False``: repetition only.

    Returns
    -------
    DataFrame
        ``article`` (index label), ``group``, ``kind`` (one of :data:`KINDS`),
        ``text`` (the piece, as in the original), ``start``/``end`` (offsets
        in the original text) and ``n_articles`` (for repeated pieces, the
        group's articles that have it; 0 for pieces found by a rule), in
        article then offset order.

    Raises
    ------
    KeyError
        When ``col`` or ``by`` is missing (the message names them).

    Example
    -------
    >>> topics = "oil gas trade water power rail roads ports banks farms".split()
    >>> df = pd.DataFrame({"source": ["a"] * 10,
    ...                    "text": [f"Talks on {t} resumed. Views are the author's own." for t in topics]})
    >>> p = find(df)
    >>> len(p), p.loc[0, "kind"], p.loc[0, "text"], int(p.loc[0, "start"]), int(p.loc[0, "n_articles"])
    (10, 'repeated_sentence', "Views are the author's own.", 22, 10)
    """
    _check(articles, by, col, min_articles, min_share)
    return _find(articles, by, col, min_articles, min_share, rules).drop(columns=["_pos", "_place"])


#: Fewest articles :func:`strip` spreads over worker processes (below, start-up costs more than it saves).
PARALLEL_FROM = 5000


def _find(articles: pd.DataFrame, by, col: str, min_articles: int, min_share: float, rules: bool,
          n_jobs: int | None = 1, *, texts: list[str] | None = None) -> pd.DataFrame:
    """:func:`find`, with each piece's row position (``_pos``) and dateline place (``_place``).

    From :data:`PARALLEL_FROM` articles, up to ``n_jobs`` processes share the work: each
    finds the furniture of whole outlets when they can be shared out evenly
    (:func:`_outlet_bins`), else each makes what a part of the articles' texts alone gives
    (datelines, units and what is needed of each, :func:`_article_units`), and what needs
    the whole collection (counting, the decisions) is done here. The result is the same
    whatever the number.
    ``texts``: :func:`_texts` of ``col``, when at hand.
    """
    n = len(articles)
    if n == 0:
        return _empty_pieces()
    texts = _texts(articles, col) if texts is None else texts
    groups = pd.Series(np.zeros(n, dtype=np.int64) if by is None else _group_codes(articles[by]))
    group_labels = articles[by].tolist() if by is not None else [None] * n
    bins = _outlet_bins(groups.to_numpy(), texts, n_jobs)
    if bins is not None:  # whole outlets to each process: units and decisions there
        return _found_in_bins(articles, by, min_articles, min_share, rules, texts, *bins)

    # datelines, units and what is needed of each (in parts) --------------------------------
    parts = [(first + at, chunk) for first, chunks in _in_parts(_article_units_part, (texts, rules), n, n_jobs)
             for at, chunk in chunks]
    pieces: list[tuple] = []  # (doc, kind, start, end, n_articles, place)
    doc, start, end = [], [], []
    for first, part in parts:
        pieces += [(first + i, "dateline", 0, e, 0, place) for i, e, place in part["datelines"]]
        doc.append(part["doc"] + first)
        start.append(part["start"])
        end.append(part["end"])
    doc, start, end = np.concatenate(doc), np.concatenate(start), np.concatenate(end)
    if not len(doc):
        return _assemble(pieces, texts, articles.index, group_labels)
    units = _joined([part for _, part in parts])
    labels = _joined([part["labels"] for _, part in parts],
                     offsets=np.cumsum([0] + [len(part["doc"]) for _, part in parts])[:-1].tolist())
    group_of = groups.to_numpy()
    counted = np.ones(n, dtype=bool)
    if "near_duplicate_of" in articles.columns:  # reprints are not counted (they still get furniture removed)
        counted = articles["near_duplicate_of"].isna().to_numpy()
    counted = counted & (group_of >= 0)  # an article of no known outlet is compared with no other
    size = np.bincount(group_of[counted], minlength=max(group_of.max(), 0) + 1)
    need = np.maximum(int(min_articles), np.ceil(float(min_share) * size - 1e-9)).astype(np.int64)
    doc, start, end, units = _split_labels(texts, doc, start, end, units, labels, group_of, counted, need, rules)
    n_words = units["n_words"]
    first = np.r_[True, doc[1:] != doc[:-1]]
    last = np.r_[doc[1:] != doc[:-1], True]
    pos = np.arange(len(doc)) - np.maximum.accumulate(np.where(first, np.arange(len(doc)), 0))
    n_units = np.bincount(doc, minlength=n)[doc]
    rpos = n_units - 1 - pos

    kind = np.full(len(doc), "", dtype=object)
    count = np.zeros(len(doc), dtype=np.int64)

    # repetition within each group -------------------------------------------------------
    pair, pair_group = _pairs(group_of[doc], units["code"])
    ok = np.flatnonzero(counted[doc] & (n_words > 0))
    occ = ok[_firsts(pair[ok], doc[ok])]  # a key counts once per article, at its first unit there
    n_docs = np.bincount(pair[occ], minlength=len(pair_group))
    n_edge = np.bincount(pair[occ], weights=(pos[occ] < _HEAD) | (rpos[occ] < _TAIL), minlength=len(pair_group))
    kicker = _kickers(texts, doc, start, end, units, group_labels) if rules else np.zeros(len(doc), dtype=bool)
    # an editor's label in capitals ("OPINION:", "IN PICTURES:") repeated in the outlet: anywhere in the text
    kicker_pair = np.zeros(len(pair_group) + 1, dtype=bool)
    kicker_pair[pair[kicker & (pair >= 0)]] = True  # (the last entry, of units of no group, stays False)
    repeated = (n_docs >= need[pair_group]) & ((2 * n_edge >= n_docs) | kicker_pair[:-1])
    kicker = kicker_pair[pair] & units["colon"]  # every unit with a kicker's key ("REAd MORE:" as "READ MORE:")
    rep = np.flatnonzero(np.append(repeated, False)[pair])  # (pair -1, of no group: the False)
    if len(rep):
        whole = np.array([_whole_line(texts[d], s, e) for d, s, e in
                          zip(doc[rep].tolist(), start[rep].tolist(), end[rep].tolist())], dtype=bool)
        kind[rep[whole]] = "repeated_line"
        kind[rep[~whole]] = "repeated_sentence"
        count[rep] = n_docs[pair[rep]]

    # generic rules ------------------------------------------------------------------------
    contact = np.zeros(len(doc), dtype=bool)  # a contact line (an e-mail address) at the end: however short
    if rules:
        found = _rule_kinds(units["flags"], rpos)
        fill = (kind == "") & (found != "")
        kind[fill] = found[fill]
        contact = fill & units["flags"][:, _CONTACT_RULE] & (rpos < _cues()["credit_tail"])

    if rules:  # a promotion label on its own ("READ MORE:", a repeated kicker) takes the next unit with it
        label_only = np.flatnonzero((kind != "") & ~last & (n_words <= 3))
        for i in label_only:
            if kind[i + 1] == "" and n_words[i] + n_words[i + 1] <= _cues()["label_max_words"] and (kicker[i] or
                    _patterns()["promo_label"].fullmatch(texts[doc[i]][start[i]:end[i]].strip())):
                kind[i + 1] = "promo"

    # short units only at an edge or next to other furniture ----------------------------------
    cand = kind != ""
    short = cand & (n_words < _SHORT) & ~(((kind == "promo") & units["colon"]) | kicker | contact)  # "READ MORE:" too
    keep = cand & ~short
    edge = first | last
    for _ in range(8):
        prev = np.r_[False, keep[:-1]] & ~first
        nxt = np.r_[keep[1:], False] & ~last
        new = keep | (short & (edge | prev | nxt))
        if (new == keep).all():
            break
        keep = new
    whole = np.bincount(doc[keep], minlength=n) == np.bincount(doc, minlength=n)
    keep &= ~whole[doc]  # an article that is nothing but furniture is left as it is
    pieces = [p for p in pieces if not whole[p[0]]]
    at = np.flatnonzero(keep)
    pieces += zip(doc[at].tolist(), kind[at].tolist(), start[at].tolist(), end[at].tolist(), count[at].tolist(),
                  itertools.repeat(None))
    return _assemble(pieces, texts, articles.index, group_labels)


#: An editor's label ("kicker") in capitals: "OPINION:", "IN PICTURES:", "READ MORE - UNICEF:".
_KICKER = re.compile(r"[A-Z][A-Z'\u2019&\- ]*[A-Z]\s*:")


def _kickers(texts: list[str], doc: np.ndarray, start: np.ndarray, end: np.ndarray, units: dict,
             groups: list) -> np.ndarray:
    """Which units are a label of at most three words in capital letters ending with a colon
    (an editor's kicker before a linked headline: "OPINION:", "IN PICTURES:"). A label that
    names the unit's outlet ("DW:" in an article of dw.com, "CNN:") is its interviewer
    speaking, not a kicker. Only units that end with a colon are read."""
    out = np.zeros(len(doc), dtype=bool)
    for i in np.flatnonzero(units["colon"] & (units["n_words"] <= 3)).tolist():
        d = int(doc[i])
        m = _KICKER.fullmatch(texts[d], start[i], end[i])
        if m is None:
            continue
        letters = re.sub(r"[^a-z]+", "", m.group(0).lower())
        name = groups[d] if isinstance(groups[d], str) else ""
        out[i] = not any(part.startswith(letters) for part in re.sub(r"[^a-z.]+", "", name.lower()).split("."))
    return out


#: The most text one outlet may hold for :func:`_outlet_bins` to share outlets out, as a multiple of a
#: process's fair share.
BIN_SLACK = 1.25


def _outlet_bins(group_of: np.ndarray, texts: list[str], n_jobs: int | None) -> tuple[list[np.ndarray], int] | None:
    """Bins of whole outlets for up to ``n_jobs`` processes, heaviest first, and the number of
    processes; None for one process, one outlet, or an outlet with more than :data:`BIN_SLACK`
    times a process's fair share of the text.

    An outlet's furniture is decided from its own articles alone, so each process can find the
    furniture of whole outlets, units and decisions, and send back only the pieces: no unit
    travels, and the decisions, serial in :func:`_find`, run on all cores. Each outlet is a bin
    (articles of no outlet, compared with none, in runs of :data:`_CHUNK_ARTICLES`), the small
    ones packed together up to an eighth of a process's share; the processes take the bins
    heaviest first, and one that is done takes the next (:func:`analysis.ingest.load._pool_map`),
    so they finish within about the lightest bin of one another. The weight of an article is
    the length of its text and :data:`_ARTICLE_CHARS`. Each bin lists its articles in order.
    """
    from .load import _jobs

    n = len(group_of)
    workers = min(_jobs(n_jobs), n // (PARALLEL_FROM // 2)) if n >= PARALLEL_FROM else 1
    if workers < 2:
        return None
    size = np.fromiter(map(len, texts), dtype=np.int64, count=n) + _ARTICLE_CHARS
    order = np.argsort(group_of, kind="stable")  # each outlet's articles together, in order
    cuts = np.flatnonzero(np.diff(group_of[order])) + 1
    items = [part for part in np.split(order, cuts) if group_of[part[0]] >= 0]
    alone = np.flatnonzero(group_of < 0)
    items += [alone[i:i + _CHUNK_ARTICLES] for i in range(0, len(alone), _CHUNK_ARTICLES)]
    weight = np.array([size[item].sum() for item in items], dtype=np.int64)
    if len(items) < 2 or weight.max() > BIN_SLACK * weight.sum() / workers:
        return None
    small = weight.sum() / (8 * workers)
    bins: list[list[int]] = []
    packing: list[int] = []  # the bin that small outlets are packed into
    for k in np.argsort(-weight, kind="stable").tolist():
        if weight[k] < small and packing and weight[packing].sum() + weight[k] <= small:
            packing.append(k)
            continue
        bins.append([k])
        if weight[k] < small:
            packing = bins[-1]
    bins.sort(key=lambda b: -weight[b].sum())
    return [np.sort(np.concatenate([items[k] for k in b])) for b in bins], workers


#: What an article costs :func:`_find` besides its text, in characters (fitted on the default
#: corpus's outlets: 20 ns a character, 24 us an article).
_ARTICLE_CHARS = 1000


def _found_in_bins(articles: pd.DataFrame, by: str, min_articles: int, min_share: float, rules: bool,
                   texts: list[str], bins: list[np.ndarray], workers: int) -> pd.DataFrame:
    """:func:`_find` of each bin of :func:`_outlet_bins` in ``workers`` processes (this one takes the
    first), the pieces together in article order (those of one article in the order found)."""
    from .load import _pool_map

    shared = (articles[[c for c in (by, "near_duplicate_of") if c in articles.columns]], texts, by, min_articles,
              min_share, rules)
    return _together(_pool_map(_find_bin, shared, bins, workers))


@contextlib.contextmanager
def _found_meanwhile(articles: pd.DataFrame, texts: list[str], *, n_jobs: int | None) -> Iterator[Callable[[], Any]]:
    """The loader's furniture (:func:`_find` with the defaults of :func:`strip`), begun in worker
    processes while this one goes on with the body of the ``with`` (making the table of the
    articles), which then takes its share of the outlets (:func:`_outlet_bins`). What it gives
    returns the pieces (``idle``: as for :func:`analysis.ingest.load._pool_tasks`); or None, at
    once, when the outlets cannot be shared out among ``n_jobs`` processes. ``articles``:
    the articles' outlets (``source``) and near-duplicates (``near_duplicate_of``), in the
    table's order; ``texts``: their texts."""
    from .load import _pool_tasks

    planned = _outlet_bins(_group_codes(articles["source"]), texts, n_jobs) if len(articles) else None
    if planned is None:
        yield lambda **_: None
        return
    bins, workers = planned
    with _pool_tasks(_find_bin, (articles, texts, "source", MIN_ARTICLES, MIN_SHARE, True), bins,
                     workers - 1) as found:
        yield lambda **options: _together(found(**options))


def _together(found: list[pd.DataFrame]) -> pd.DataFrame:
    """The pieces of the bins (:func:`_find_bin`) as one table, in article order (those of one
    article in the order found)."""
    found = [f for f in found if len(f)]
    if not found:
        return _empty_pieces()
    out = pd.concat(found, ignore_index=True)
    return out.iloc[np.argsort(out["_pos"].to_numpy(), kind="stable")].reset_index(drop=True)


def _group_codes(labels: pd.Series) -> np.ndarray:
    """One integer per group label (-1: none, a missing label: an article of no outlet)."""
    return pd.factorize(labels.astype(object).where(labels.notna(), None))[0]


def _find_bin(shared: tuple, pos: np.ndarray) -> pd.DataFrame:
    """:func:`_find` of the articles at positions ``pos`` (in a worker process), positions
    counted in the whole table; ``shared``: what :func:`_found_in_bins` (or
    :func:`_found_meanwhile`) shares."""
    light, texts, by, min_articles, min_share, rules = shared
    found = _find(light.iloc[pos], by, "", min_articles, min_share, rules, 1, texts=[texts[i] for i in pos.tolist()])
    found["_pos"] = pos[found["_pos"].to_numpy()]
    return found


def _in_parts(fn, shared: tuple, n: int, n_jobs: int | None) -> list[tuple[int, Any]]:
    """``[(first, fn(shared, range(first, last))), ...]`` over parts of ``range(n)``: one part,
    or one per process of up to ``n_jobs`` (see :func:`_find`)."""
    from .load import _jobs, _pool_map

    workers = min(_jobs(n_jobs), n // (PARALLEL_FROM // 2)) if n >= PARALLEL_FROM else 1
    if workers < 2:
        return [(0, fn(shared, range(n)))]
    step = -(-n // workers)
    tasks = [range(i, min(i + step, n)) for i in range(0, n, step)]
    return list(zip((r.start for r in tasks), _pool_map(fn, shared, tasks, workers)))


#: Articles cut into units together (bounds the size of the arrays, which keeps them fast).
_CHUNK_ARTICLES = 2000


def _article_units_part(shared: tuple, part: range) -> list[tuple[int, dict]]:
    """:func:`_article_units` of ``texts[part]`` (in a worker process), :data:`_CHUNK_ARTICLES` at
    a time: ``[(first, units), ...]``, ``first`` counted from the part's start; ``shared``:
    ``(texts, rules)``."""
    texts, rules = shared
    return [(i - part.start, _article_units(texts[i:min(i + _CHUNK_ARTICLES, part.stop)], rules))
            for i in range(part.start, part.stop, _CHUNK_ARTICLES)]


def _article_units(texts: list[str], rules: bool) -> dict:
    """What each text alone gives: ``datelines`` (``(text, end, place)`` when ``rules``), its
    units (``doc``, ``start``, ``end``: text positions and offsets), what is needed of each
    (:func:`_unit_features`) and the short labels that open units (``labels``: the ``unit``,
    the label's ``end``, where the ``rest`` starts, and the label's features)."""
    spans: list[tuple[int, int]] = []
    sizes: list[int] = []
    datelines: list[tuple[int, int, str]] = []
    for i, t in enumerate(texts):
        begin = 0
        if rules and t:
            d = _dateline(t)
            if d:
                begin = d[0]
                datelines.append((i, _rstrip_end(t, begin), d[1]))
        units = _units(t, begin)
        sizes.append(len(units))
        spans += units
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
    start, end = np.fromiter(itertools.chain.from_iterable(spans), dtype=np.int64,
                             count=2 * len(spans)).reshape(-1, 2).T
    unit, label_end, rest = _label_candidates(texts, doc, start, end)
    return {"datelines": datelines, "doc": doc, "start": start, "end": end,
            **_unit_features(texts, doc, start, end, rules),
            "labels": {"unit": unit, "end": label_end, "rest": rest,
                       **_unit_features(texts, doc[unit], start[unit], label_end, False)}}


def _unit_features(texts: list[str], doc: np.ndarray, start: np.ndarray, end: np.ndarray, rules: bool) -> dict:
    """What the decisions need of each unit ``texts[doc][start:end]``, from its text alone: its
    ``key`` (:func:`_keys`, a pyarrow array), ``n_words``, whether it ends with a ``colon``
    and, when ``rules``, the rules it meets (``flags``, :func:`_rule_flags`)."""
    import pyarrow.compute as pc

    arr = _slices(texts, doc, start, end)
    key, n_words, share = _keys(arr, count=_share_words() if rules else None)
    out = {"key": key, "n_words": n_words, "colon": pc.ends_with(arr, pattern=":").to_numpy(zero_copy_only=False)}
    if rules:
        out["flags"] = _rule_flags(arr, n_words, share)
    return out


def _joined(parts: list[dict], offsets: list[int] | None = None) -> dict:
    """The unit features of consecutive parts as one: arrays concatenated, the keys as one
    pyarrow chunked array; ``unit`` numbers (of labels) made global with ``offsets`` (the number
    of units before each part)."""
    import pyarrow as pa

    out = {name: np.concatenate([p[name] for p in parts]) for name in ("n_words", "colon", "flags", "end", "rest")
           if name in parts[0]}
    if "unit" in parts[0]:
        out["unit"] = np.concatenate([p["unit"] + k for p, k in zip(parts, offsets)])
    out["key"] = pa.chunked_array([c for p in parts for c in p["key"].chunks], type=pa.large_string())
    return out


def _codes(keys) -> np.ndarray:
    """One integer per key of ``keys`` (a pyarrow chunked array): equal keys, equal integers."""
    codes = keys.dictionary_encode()
    indices = [c.indices.to_numpy() for c in codes.chunks] or [np.zeros(0, dtype=np.int64)]
    return np.concatenate(indices).astype(np.int64)


def _slices(texts: list[str], doc: np.ndarray, start: np.ndarray, end: np.ndarray):
    """``texts[doc][start:end]`` of each unit, as a pyarrow ``large_string`` array (made from the
    strings' code points by the compiled ``slices`` of ``analysis._speedups`` when it is in use,
    without a Python string per unit)."""
    import pyarrow as pa

    from ..score.segment import _compiled

    fast = _compiled()
    if fast is not None and type(texts) is list:
        made = fast.slices(texts, *(np.ascontiguousarray(x, dtype=np.int64) for x in (doc, start, end)))
        if made is not None:  # (None: a lone surrogate, refused by pyarrow below as before)
            return pa.LargeStringArray.from_buffers(len(doc), pa.py_buffer(made[0]), pa.py_buffer(made[1]))
    return pa.array([texts[d][s:e] for d, s, e in zip(doc.tolist(), start.tolist(), end.tolist())],
                    type=pa.large_string())


def _pairs(group: np.ndarray, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the distinct (group, key) pairs of units (-1 for a unit of no group, ``group`` -1)
    and the group of each pair; ``code``: the units' keys as integers (:func:`_codes`)."""
    n_codes = int(code.max(initial=0)) + 1
    pair = np.full(len(group), -1, dtype=np.int64)
    known = np.flatnonzero(group >= 0)
    distinct, pair[known] = np.unique(group[known] * n_codes + code[known], return_inverse=True)
    return pair, distinct // n_codes


def _firsts(pair: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Positions of the first unit of each (pair, article) among units (in text order)."""
    return np.unique(pair * (int(doc.max(initial=0)) + 1) + doc, return_index=True)[1]


def _label_candidates(texts: list[str], doc: np.ndarray, start: np.ndarray, end: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The units that open with a short label ("Share this slide: Learn more"): ``(unit, label
    end, rest start)``; found from the colons in their first 42 characters."""
    pat = _patterns()["label"]
    none = (np.zeros(0, dtype=np.int64),) * 3
    # the colons of all texts, one text after another
    base = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in texts], out=base[1:])
    colons = [base[i] + np.array([m.start() for m in _COLON.finditer(t)], dtype=np.int64)
              for i, t in enumerate(texts) if ":" in t]
    if not colons or not len(doc):
        return none
    colons = np.concatenate(colons)
    at = np.searchsorted(colons, base[doc] + start)
    near = np.flatnonzero(colons[np.minimum(at, len(colons) - 1)] < base[doc] + np.minimum(end, start + 42))
    near = near[at[near] < len(colons)]
    found = []
    for k, d, s, e in zip(near.tolist(), doc[near].tolist(), start[near].tolist(), end[near].tolist()):
        m = pat.match(texts[d], s, e)
        if m and len(m[1].split()) <= 4 and m.end() < e:
            found.append((k, m.end(1) + 1, m.end()))
    if not found:
        return none
    return tuple(np.array(column, dtype=np.int64) for column in zip(*found))


def _split_labels(texts, doc, start, end, units, labels, group_of, counted, need, rules):
    """Cut a short label off its unit ("Share this slide: Learn more") where the label opens
    units in at least ``need`` of its group's counted articles. The units' features
    (:func:`_joined`) follow, those of the two new units made here, and their keys become
    integers (``code``, :func:`_codes`)."""
    import pyarrow as pa

    hit = np.zeros(0, dtype=np.int64)
    if len(labels["unit"]):
        cand = labels["unit"]
        pair, pair_group = _pairs(group_of[doc[cand]], _codes(labels["key"]))
        ok = np.flatnonzero(counted[doc[cand]])
        n_docs = np.bincount(pair[ok[_firsts(pair[ok], doc[cand][ok])]], minlength=len(pair_group))
        hit = np.flatnonzero(np.append(n_docs >= need[pair_group], False)[pair])  # (pair -1: the False)
    units = dict(units)
    if not len(hit):
        units["code"] = _codes(units.pop("key"))
        return doc, start, end, units
    cut = labels["unit"][hit]
    twice = np.ones(len(doc), dtype=np.int64)
    twice[cut] = 2
    at = np.cumsum(twice)[cut] - 2  # the label's position in the new units; the rest follows it
    made = _unit_features(texts, np.repeat(doc[cut], 2), np.column_stack([start[cut], labels["rest"][hit]]).ravel(),
                          np.column_stack([labels["end"][hit], end[cut]]).ravel(), rules)
    old = len(doc)
    doc, start, end = np.repeat(doc, twice), np.repeat(start, twice), np.repeat(end, twice)
    end[at] = labels["end"][hit]
    start[at + 1] = labels["rest"][hit]
    order = np.repeat(np.arange(old), twice)  # each unit's features: the old ones, the two new ones in place
    order[at] = old + 2 * np.arange(len(cut))  # of the cut one
    order[at + 1] = order[at] + 1
    for name in ("n_words", "colon", "flags"):
        if name in units:
            units[name] = np.concatenate([units[name], made[name]])[order]
    units["code"] = _codes(pa.chunked_array(units.pop("key").chunks + made["key"].chunks))[order]
    return doc, start, end, units


def _rstrip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _assemble(pieces: list[tuple], texts: list[str], index: pd.Index, groups: list) -> pd.DataFrame:
    if not pieces:
        return _empty_pieces()
    pieces.sort(key=lambda p: (p[0], p[2]))
    d = [p[0] for p in pieces]
    return pd.DataFrame({
        "article": pd.Series([index[i] for i in d], dtype=object),
        "group": pd.Series([groups[i] for i in d], dtype=object),
        "kind": pd.array([p[1] for p in pieces], dtype="string"),
        "text": pd.array([texts[p[0]][p[2]:p[3]] for p in pieces], dtype="string"),
        "start": np.array([p[2] for p in pieces], dtype=np.int64),
        "end": np.array([p[3] for p in pieces], dtype=np.int64),
        "n_articles": np.array([p[4] for p in pieces], dtype=np.int64),
        "_pos": np.array(d, dtype=np.int64),
        "_place": pd.Series([p[5] for p in pieces], dtype=object),
    })


_COLON = re.compile(":")
_HAS_WORD = re.compile(r"[^\W_]").search  # a part left between two pieces with no letter or digit is dropped
_JOIN_SPACES = re.compile(r"[ \t]{2,}")
_JOIN_EDGES = re.compile(r" ?\n ?")
_JOIN_BLANKS = re.compile(r"\n{3,}")


def _texts(articles: pd.DataFrame, col: str) -> list[str]:
    """``col`` as a list of str: missing values are "", other values their ``str``."""
    present = articles[col].notna().to_numpy()
    return [v if type(v) is str else str(v) if there else "" for v, there in zip(articles[col].tolist(), present)]


def _edits(texts: list[str], pieces: pd.DataFrame) -> dict[int, tuple[str, int, int]]:
    """For each article (position) with pieces: its text without them (:func:`_remove`, by the
    compiled ``removed`` of ``analysis._speedups`` when it is in use), its word count, and how
    many lost characters (U+FFFD) went with them. (In worker processes the new texts would
    have to come back: no faster.)"""
    from ..score.segment import _compiled

    fast = _compiled()
    if fast is not None and type(texts) is list:  # the same, by the compiled ``removed``
        pos, start, end = (pieces[c].to_numpy(dtype=np.int64) for c in ("_pos", "start", "end"))
        order = np.lexsort((start, pos))
        pos, start, end = pos[order], start[order], end[order]
        new, counts, lost = fast.removed(texts, pos, start, end)
        at = np.flatnonzero(np.r_[True, pos[1:] != pos[:-1]]).tolist() if len(pos) else []
        return dict(zip(pos[at].tolist(), zip(new, np.frombuffer(counts, dtype=np.int64).tolist(),
                                              np.frombuffer(lost, dtype=np.int64).tolist())))
    spans: dict[int, list[tuple[int, int]]] = {}
    for p, s, e in zip(pieces["_pos"].tolist(), pieces["start"].tolist(), pieces["end"].tolist()):
        spans.setdefault(p, []).append((s, e))
    new = [_remove(texts[p], sp) for p, sp in spans.items()]
    return {p: (t, n, texts[p].count("\ufffd") - t.count("\ufffd"))
            for p, t, n in zip(spans, new, _split_counts(new))}


def _split_counts(texts: list[str]) -> list[int]:
    """``len(text.split())`` of each text (by the compiled ``split_counts`` when it is in use)."""
    from ..score.segment import _compiled

    fast = _compiled()
    if fast is None:
        return [len(t.split()) for t in texts]
    return np.frombuffer(fast.split_counts(texts), dtype=np.int64).tolist()


def _remove(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without ``spans`` (sorted, non-overlapping), white space tidied at the joins."""
    parts, pos = [], 0
    for s, e in spans:
        if s > pos:
            parts.append(text[pos:s])
        pos = max(pos, e)
    parts.append(text[pos:])
    kept = [p.strip(" \t") for p in parts if _HAS_WORD(p)]
    if not kept:
        return ""
    # the parts joined by a space, but none next to a line break (the tidying below would remove it:
    # most joins are at one, and tidying every text costs more than the rest of it)
    out = kept[0]
    for nxt in kept[1:]:
        out += ("" if out[-1:] == "\n" or nxt[:1] == "\n" else " ") + nxt
    if "  " in out or "\t" in out:
        out = _JOIN_SPACES.sub(" ", out)
    if " \n" in out or "\n " in out:
        out = _JOIN_EDGES.sub("\n", out)
    if "\n\n\n" in out:
        out = _JOIN_BLANKS.sub("\n\n", out)
    return out.strip()


def strip(
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    col: str = "text",
    min_articles: int = MIN_ARTICLES,
    min_share: float = MIN_SHARE,
    rules: bool = True,
    n_jobs: int | None = 1,
) -> pd.DataFrame:
    """Return a copy of ``articles`` with page furniture removed from ``col``.

    Parameters are those of :func:`find`, and ``n_jobs``: processes to use
    (``None`` or ``-1``: all cores; from :data:`PARALLEL_FROM` articles, each
    process cuts a part of the articles into units and reads what each unit
    needs, then this one counts, decides and edits the texts; the result is the
    same whatever the number).

    Returns
    -------
    DataFrame
        Same index and columns, plus (or updated) ``furniture`` (list of the
        removed pieces, in text order) and ``n_furniture`` (their number);
        ``col`` without them; ``dateline`` filled from a removed dateline
        where it was missing; ``n_words`` recounted and ``n_unrepairable``
        lowered by the lost characters (U+FFFD) removed, when present.

    Raises
    ------
    KeyError
        When ``col`` or ``by`` is missing (the message names them).

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a", "b"], "text": ["Washington (CNN)Talks resumed.", "Talks ended."]})
    >>> out = strip(df)
    >>> out["text"].tolist(), out["dateline"].tolist(), out["n_furniture"].tolist()
    (['Talks resumed.', 'Talks ended.'], ['Washington', <NA>], [1, 0])
    """
    return _strip(articles, by=by, col=col, min_articles=min_articles, min_share=min_share, rules=rules,
                  n_jobs=n_jobs)[0]


def _strip(articles: pd.DataFrame, *, by: str | None = "source", col: str = "text", min_articles: int = MIN_ARTICLES,
           min_share: float = MIN_SHARE, rules: bool = True, n_jobs: int | None = 1,
           texts: list[str] | None = None, pieces: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list | None]:
    """:func:`strip`, and the strings of its ``col`` afterwards (None for a missing value), or None
    when ``col`` is not of dtype ``string``. ``texts``: :func:`_texts` of ``col``, when at hand
    (the loader has them: reading a column of 100,000 articles back into strings takes half a
    second); ``pieces``: what :func:`_find` gives for these options, when found already."""
    _check(articles, by, col, min_articles, min_share)
    texts = _texts(articles, col) if texts is None else texts
    if pieces is None:
        pieces = _find(articles, by, col, min_articles, min_share, rules, n_jobs, texts=texts)
    out = articles.copy()
    n = len(out)
    removed: list[list[str]] = [[] for _ in range(n)]
    place: list[Any] = [None] * n
    dtype = articles[col].dtype
    values: Any = None
    if str(dtype) == "string":  # its strings are the texts ("" where missing, None here)
        values = [None if not text and missing else text
                  for text, missing in zip(texts, articles[col].isna().to_numpy().tolist())]
    if len(pieces):
        edits = _edits(texts, pieces)
        for p, t, where in zip(pieces["_pos"].tolist(), pieces["text"].tolist(), pieces["_place"].tolist()):
            removed[p].append(t)
            if where is not None:
                place[p] = where
        kept = values if values is not None else out[col].astype(object).to_numpy(copy=True)  # (any values)
        for p, (text, _, _) in edits.items():
            kept[p] = text
        out[col] = (pd.Series(as_strings(kept, dtype), index=out.index, dtype=dtype) if values is not None
                    else pd.Series(kept, index=out.index, dtype=object))
        if "n_words" in out.columns:
            counts = out["n_words"].to_numpy().copy()
            for p, (_, n_words, _) in edits.items():
                counts[p] = n_words
            out["n_words"] = pd.Series(counts, index=out.index).astype(articles["n_words"].dtype)
        if "n_unrepairable" in out.columns:  # lost characters (U+FFFD) that went with the furniture
            lost = out["n_unrepairable"].to_numpy().copy()
            for p, (_, _, gone) in edits.items():
                lost[p] -= gone
            out["n_unrepairable"] = pd.Series(lost, index=out.index).astype(articles["n_unrepairable"].dtype)
    out["furniture"] = pd.Series(removed, index=out.index, dtype=object)
    out["n_furniture"] = pd.Series([len(r) for r in removed], index=out.index, dtype="int64")
    filled = pd.Series(place, index=out.index, dtype=object)
    if "dateline" in out.columns:
        current = out["dateline"]
        empty = current.isna() | (current.astype(object).map(lambda v: isinstance(v, str) and not v.strip()))
        merged = current.astype(object).where(~(empty & filled.notna()), filled)
        out["dateline"] = merged.astype(current.dtype) if str(current.dtype) == "string" else merged
    else:
        out["dateline"] = filled.astype("string") if n else filled
    return out, values

