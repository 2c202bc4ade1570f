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
* **Rules** (generic cues, no outlet names; the word lists are in
  ``analysis/data/furniture.toml``): a dateline opening the text
  (``MOSCOW, February 7. /TASS/.``, ``PORT VELLA (Reuters) -``,
  ``Washington (CNN)``, ``WASHINGTON —``: kind ``dateline``, its place goes
  to the ``dateline`` column when that is empty); agency credits
  (``rs/rc (AP, dpa)``, ``The Associated Press contributed to this report.``,
  ``Reporting by ...; Editing by ...``, a short ``Source: ...`` near the end:
  ``credit``); share bars (``share_bar``) and promotions ("Learn more",
  "READ MORE: ...": ``promo``).

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

import re
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..schema import require_columns

__all__ = ["find", "strip", "KINDS", "MIN_ARTICLES", "MIN_SHARE"]

#: Kinds of removed pieces, as in the ``kind`` column of :func:`find`.
KINDS = ("dateline", "repeated_line", "repeated_sentence", "credit", "promo", "share_bar")
#: Default smallest number of a group's articles a repeated unit must occur in.
MIN_ARTICLES = 10
#: Default smallest share of a group's articles a repeated unit must occur in.
MIN_SHARE = 0.02

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
        "promo": re.compile(rf"(?:{_alternation(cues['promo_phrases'])})\b", re.I),
        "promo_label": re.compile(rf"(?:{_alternation(cues['promo_labels'])})\s*:", re.I),
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


# normalisation of a unit into its key (RE2 syntax: run by pyarrow over all units at once)
_KEY_STEPS = (
    (r"(?:https?://|www\.)\S+", " _url_ "),
    (r"\S+@\S+\.\S+", " _email_ "),
    (rf"\b(?:{_MON})\.?\s*\d|\d(?:st|nd|rd|th)?\s*(?:{_MON})\b", " _date_ "),
    (r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", " _day_ "),
    (r"\d+", "0"),
    (r"\W+", " "),
)


_WORD_BYTE = np.zeros(256, dtype=bool)  # RE2's \w (ASCII only, also in UTF-8 mode): [0-9A-Za-z_]
_WORD_BYTE[np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_", dtype=np.uint8)] = True


def _word_runs(arr, *, chunk: int = 1 << 16):
    r"""``utf8_trim_whitespace(replace_substring_regex(arr, r"\W+", " "))`` of a pyarrow
    ``large_string`` array, done on its bytes with NumPy (about twice as fast).

    RE2's ``\W`` is every character but ``[0-9A-Za-z_]``, so on UTF-8 bytes it is every
    byte but those: each run of other bytes inside a string becomes one space, and runs
    at either end of a string go. Strings are taken about ``chunk`` bytes at a time.
    """
    import pyarrow as pa

    if len(arr) == 0:
        return arr
    offsets_all = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    parts, first = [], 0
    while first < len(arr):
        last = int(np.searchsorted(offsets_all, offsets_all[first] + chunk, side="right")) - 1
        last = min(max(last, first + 1), len(arr))
        offsets = offsets_all[first:last + 1]
        data = np.frombuffer(arr.buffers()[2] or b"", dtype=np.uint8)[offsets[0]:offsets[-1]]
        offsets = offsets - offsets[0]
        n = len(data)
        word = _WORD_BYTE[data]
        after_word = np.zeros(n, dtype=bool)  # the byte before is a word byte of the same string
        after_word[1:] = word[:-1]
        after_word[offsets[:-1][offsets[:-1] < n]] = False
        at = np.where(word, np.arange(n), n)
        next_word = np.minimum.accumulate(at[::-1])[::-1]  # the next word byte, at or after each byte
        end = np.repeat(offsets[1:], np.diff(offsets))  # the end of each byte's string
        keep = word | (after_word & (next_word < end))
        out = np.where(word, data, np.uint8(32))[keep]
        kept = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(keep, out=kept[1:])
        parts.append(pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(kept[offsets]),
                                                      pa.py_buffer(out.tobytes())))
        first = last
    return parts[0] if len(parts) == 1 else pa.concat_arrays(parts)


def _keys(units: pd.Series) -> pd.Series:
    """Normalised keys of unit texts (vectorised with pyarrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pc.utf8_lower(pa.array(units.tolist(), type=pa.large_string()))
    for pattern, repl in _KEY_STEPS[:-1]:
        arr = pc.replace_substring_regex(arr, pattern=pattern, replacement=repl)
    arr = _word_runs(arr)  # the last step, and the trimming
    keys = pd.Series(arr.to_pylist(), index=units.index, dtype=object)
    n_words = pc.count_substring(arr, pattern=" ").to_numpy() + (pc.utf8_length(arr).to_numpy() > 0)
    keys.attrs["n_words"] = n_words.astype(np.int64)
    return keys


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
    from ..score.segment import sentence_spans

    pats = _patterns()
    spans = sentence_spans(text[start:])
    if start:
        spans = [(s + start, e + start) for s, e in spans]
    gaps: list[tuple[int, int]] = []
    if "-" in text:
        gaps += [m.span("a") for m in pats["glued"].finditer(text, start)]
    if "://" in text or "www." in text:
        gaps += [m.span("a") for m in pats["after_url"].finditer(text, start)]
    if "(" in text:
        for m in pats["agency_paren"].finditer(text, start):
            a = m.start()
            before = pats["initials_before"].search(text, max(start, a - 24), a)
            if before:
                a = before.start()
            gaps += [(a, a), (m.end(), m.end())]
    if gaps:
        spans = _cut(text, spans, sorted(gaps))
    if ")" not in text:
        return spans
    out = []
    for s, e in spans:
        if ")" in text[max(s, e - 3):e] and not pats["agency_unit"].fullmatch(text, s, e):
            m = pats["trailing_paren"].search(text, s, e)
            if m and m.start() > s and text[s:m.start()].strip() and len(m[1].split()) >= 2:
                out += _trimmed(text, [(s, m.start()), (m.start(), e)])
                continue
        out.append((s, e))
    return out


def _cut(text: str, spans: list[tuple[int, int]], gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` cut at ``gaps`` (sorted ``(a, b)``: a unit ends at ``a``, the next starts at ``b``)."""
    from bisect import bisect_right

    starts = [a for a, _ in gaps]
    out: list[tuple[int, int]] = []
    for s, e in spans:
        k = bisect_right(starts, s)
        if k == len(gaps) or gaps[k][0] >= e:
            out.append((s, e))
            continue
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


def _rule_kinds(units: pd.Series, n_words: np.ndarray, rpos: np.ndarray) -> np.ndarray:
    """Kind found by the generic rules for each unit ("" when none), vectorised (pyarrow, RE2)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pats = _patterns()
    cues = _cues()
    arr = pa.array(units.tolist(), type=pa.large_string())

    def whole(name: str, flags: str = "") -> np.ndarray:
        pattern = f"(?i{flags})^(?:{pats[name].pattern})$"
        return pc.match_substring_regex(arr, pattern=pattern).to_numpy(zero_copy_only=False)

    def opens(name: str) -> np.ndarray:
        return pc.match_substring_regex(arr, pattern=f"(?i)^(?:{pats[name].pattern})").to_numpy(zero_copy_only=False)

    lower = pc.utf8_lower(arr)
    share = pc.count_substring_regex(lower, pattern=rf"\b(?:{_alternation(cues['share_words'])})\b").to_numpy()
    words = np.zeros(len(units), dtype=np.int64)
    maybe = np.flatnonzero(share >= cues["share_min"])  # words are counted only where a share bar may be
    if len(maybe):
        words[maybe] = pc.count_substring_regex(pc.take(lower, pa.array(maybe)), pattern=r"[a-z][a-z\-]*").to_numpy()
    w = n_words
    conditions = [
        whole("agency_unit"),
        (w <= 40) & opens("role_credit"),
        (w <= 25) & whole("contributed", "s"),
        (w <= cues["credit_max_words"]) & (rpos < cues["credit_tail"]) & opens("credit_label"),
        (w <= cues["promo_max_words"]) & opens("promo"),
        (w <= cues["label_max_words"]) & opens("promo_label"),
        (share >= cues["share_min"]) & (2 * share >= words),
    ]
    kinds = ["credit", "credit", "credit", "credit", "promo", "promo", "share_bar"]
    return np.select(conditions, kinds, default="").astype(object)


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


def _find_groups(articles: pd.DataFrame, by, col: str, min_articles: int, min_share: float, rules: bool,
                 n_jobs: int | None) -> tuple[pd.DataFrame, dict[int, tuple[str, int, int]] | None]:
    """``(pieces, edits)``: :func:`_find`, in up to ``n_jobs`` processes each taking whole groups
    of ``by`` (repetition is counted within a group and the rules look at one article: the groups
    are independent), and :func:`_edits` made there too (None when in this process)."""
    from .load import _jobs, _pool_map

    workers = min(_jobs(n_jobs), len(articles) // (PARALLEL_FROM // 2))
    if workers < 2 or by is None or len(articles) < PARALLEL_FROM:
        return _find(articles, by, col, min_articles, min_share, rules), None
    codes = pd.factorize(articles[by].astype(object).where(articles[by].notna(), None))[0]
    weight = articles[col].astype(object).map(lambda t: len(t) if isinstance(t, str) else 0).to_numpy()
    load = np.bincount(codes + 1, weights=weight + 1)  # code -1 (no group): articles compared with no other
    bins: list[list[int]] = [[] for _ in range(workers)]
    total = np.zeros(workers)
    for g in np.argsort(-load, kind="stable"):  # largest group first, to the least loaded process
        if load[g]:
            k = int(np.argmin(total))
            bins[k].append(int(g) - 1)
            total[k] += load[g]
    if total.max() > 0.9 * total.sum():  # one group is nearly everything: no gain from other processes
        return _find(articles, by, col, min_articles, min_share, rules), None
    tasks = [np.flatnonzero(np.isin(codes, b)) for b in bins if b]
    columns = [c for c in dict.fromkeys([col, by, "near_duplicate_of"]) if c in articles.columns]
    shared = (articles[columns], by, col, min_articles, min_share, rules)
    results = _pool_map(_find_part, shared, tasks, len(tasks))
    parts = [p for p, _ in results if len(p)]
    edits = {k: v for _, e in results for k, v in e.items()}
    if not parts:
        return _empty_pieces(), edits
    pieces = pd.concat(parts, ignore_index=True)
    order = np.lexsort((pieces["start"].to_numpy(), pieces["_pos"].to_numpy()))  # (stable) as _assemble sorts
    return pieces.iloc[order].reset_index(drop=True), edits


def _find_part(shared: tuple, positions: np.ndarray) -> tuple[pd.DataFrame, dict]:
    """:func:`_find` and :func:`_edits` on the articles at ``positions`` (some whole groups),
    positions made global."""
    articles, *options = shared
    mine = articles.iloc[positions]
    pieces = _find(mine, *options)
    edits = _edits(_texts(mine, options[1]), pieces) if len(pieces) else {}
    pieces["_pos"] = positions[pieces["_pos"].to_numpy()]
    return pieces, {int(positions[p]): v for p, v in edits.items()}


def _find(articles: pd.DataFrame, by, col: str, min_articles: int, min_share: float, rules: bool) -> pd.DataFrame:
    """:func:`find`, with each piece's row position (``_pos``) and dateline place (``_place``)."""
    n = len(articles)
    if n == 0:
        return _empty_pieces()
    texts = _texts(articles, col)
    if by is None:
        groups = pd.Series(np.zeros(n, dtype=np.int64))
    else:
        groups = articles[by].astype(object).where(articles[by].notna(), None)
        groups = pd.Series(pd.factorize(groups)[0])  # -1: no group
    group_labels = articles[by].tolist() if by is not None else [None] * n

    # datelines, then units ----------------------------------------------------------
    docs: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    pieces: list[tuple] = []  # (doc, kind, start, end, n_articles, place)
    for i, t in enumerate(texts):
        begin = 0
        if rules and t:
            d = _dateline(t)
            if d:
                begin = d[0]
                pieces.append((i, "dateline", 0, _rstrip_end(t, begin), 0, d[1]))
        for s, e in _units(t, begin):
            docs.append(i)
            starts.append(s)
            ends.append(e)
    if not docs:
        return _assemble(pieces, texts, articles.index, group_labels)
    group_of = groups.to_numpy()
    counted = np.ones(n, dtype=bool)
    if "near_duplicate_of" in articles.columns:  # reprints are not counted (they still get furniture removed)
        counted = articles["near_duplicate_of"].isna().to_numpy()
    counted = counted & (group_of >= 0)  # an article of no known outlet is compared with no other
    size = np.bincount(group_of[counted], minlength=max(group_of.max(), 0) + 1)
    need = np.maximum(int(min_articles), np.ceil(float(min_share) * size - 1e-9)).astype(np.int64)
    docs, starts, ends = _split_labels(texts, docs, starts, ends, group_of, counted, need)
    doc = np.asarray(docs, dtype=np.int64)
    start = np.asarray(starts, dtype=np.int64)
    end = np.asarray(ends, dtype=np.int64)
    raw = pd.Series([texts[d][s:e] for d, s, e in zip(docs, starts, ends)], dtype=object)
    keys = _keys(raw)
    n_words = keys.attrs["n_words"]
    first = np.r_[True, doc[1:] != doc[:-1]]
    last = np.r_[doc[1:] != doc[:-1], True]
    pos = np.arange(len(doc)) - np.maximum.accumulate(np.where(first, np.arange(len(doc)), 0))
    n_units = np.bincount(doc, minlength=n)[doc]
    rpos = n_units - 1 - pos

    kind = np.full(len(doc), "", dtype=object)
    count = np.zeros(len(doc), dtype=np.int64)

    # repetition within each group -------------------------------------------------------
    group = group_of[doc]
    table = pd.DataFrame({"group": group, "key": keys.to_numpy(), "doc": doc,
                          "edge": (pos < _HEAD) | (rpos < _TAIL), "ok": counted[doc] & (n_words > 0)})
    occ = table[table["ok"]].drop_duplicates(["group", "key", "doc"])
    stats = occ.groupby(["group", "key"], sort=False).agg(n=("doc", "size"), edge=("edge", "sum"))
    stats = stats[(stats["n"] >= need[stats.index.get_level_values("group")]) & (2 * stats["edge"] >= stats["n"])]
    if len(stats):
        where = stats.index.get_indexer(pd.MultiIndex.from_arrays([table["group"], table["key"]]))
        rep = where >= 0
        whole = np.array([_whole_line(texts[d], s, e) if r else False
                          for d, s, e, r in zip(docs, starts, ends, rep)], dtype=bool)
        kind[rep & whole] = "repeated_line"
        kind[rep & ~whole] = "repeated_sentence"
        count[rep] = stats["n"].to_numpy()[where[rep]]

    # generic rules ------------------------------------------------------------------------
    if rules:
        found = _rule_kinds(raw, n_words, rpos)
        fill = (kind == "") & (found != "")
        kind[fill] = found[fill]

    if rules:  # a promotion label on its own ("READ MORE:") takes the next unit with it
        label_only = np.flatnonzero((kind != "") & ~last & (n_words <= 3))
        for i in label_only:
            if kind[i + 1] == "" and n_words[i] + n_words[i + 1] <= _cues()["label_max_words"] and \
                    _patterns()["promo_label"].fullmatch(raw.iat[i].strip()):
                kind[i + 1] = "promo"

    # short units only at an edge or next to other furniture ----------------------------------
    cand = kind != ""
    label = np.fromiter((u.endswith(":") for u in raw.tolist()), dtype=bool, count=len(raw))
    short = cand & (n_words < _SHORT) & ~((kind == "promo") & label)  # "READ MORE:" goes anywhere
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
    for i in np.flatnonzero(keep):
        pieces.append((docs[i], kind[i], starts[i], ends[i], int(count[i]), None))
    return _assemble(pieces, texts, articles.index, group_labels)


def _split_labels(texts, docs, starts, ends, group_of, counted, need):
    """Cut a short label off its unit ("Share this slide: Learn more") where the label opens
    units in at least ``need`` of its group's counted articles."""
    pat = _patterns()["label"]
    found = []  # (unit, label end, rest start)
    colon = [":" in t for t in texts]
    for k, (d, s, e) in enumerate(zip(docs, starts, ends)):
        if colon[d] and texts[d].find(":", s, min(e, s + 42)) >= 0:
            t = texts[d]
            m = pat.match(t, s, e)
            if m and len(m[1].split()) <= 4 and m.end() < e:
                found.append((k, m.end(1) + 1, m.end()))
    if not found:
        return docs, starts, ends
    units = [k for k, _, _ in found]
    keys = _keys(pd.Series([texts[docs[k]][starts[k]:a] for k, a, _ in found], dtype=object))
    d = np.asarray([docs[k] for k in units], dtype=np.int64)
    tab = pd.DataFrame({"group": group_of[d], "key": keys.to_numpy(), "doc": d})
    n_docs = tab[counted[d]].drop_duplicates().groupby(["group", "key"]).size()
    n_docs = n_docs[n_docs.to_numpy() >= need[n_docs.index.get_level_values("group")]]
    hit = n_docs.index.get_indexer(pd.MultiIndex.from_arrays([tab["group"], tab["key"]])) >= 0
    if not hit.any():
        return docs, starts, ends
    cut = {found[i][0]: found[i][1:] for i in np.flatnonzero(hit)}
    nd, ns, ne = [], [], []
    for k, (dd, s, e) in enumerate(zip(docs, starts, ends)):
        if k in cut:
            a, b = cut[k]
            nd += [dd, dd]
            ns += [s, b]
            ne += [a, e]
        else:
            nd.append(dd)
            ns.append(s)
            ne.append(e)
    return nd, ns, ne


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


_HAS_WORD = re.compile(r"[^\W_]").search  # a part left between two pieces with no letter or digit is dropped
_JOIN_SPACES = re.compile(r"[ \t]{2,}")
_JOIN_EDGES = re.compile(r" ?\n ?")
_JOIN_BLANKS = re.compile(r"\n{3,}")


def _texts(articles: pd.DataFrame, col: str) -> list[str]:
    return articles[col].astype(object).where(articles[col].notna(), "").map(str).tolist()


def _edits(texts: list[str], pieces: pd.DataFrame) -> dict[int, tuple[str, int, int]]:
    """For each article (position) with pieces: its text without them, its word count, and how
    many lost characters (U+FFFD) went with them."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for p, s, e in zip(pieces["_pos"].tolist(), pieces["start"].tolist(), pieces["end"].tolist()):
        spans.setdefault(p, []).append((s, e))
    out = {}
    for p, sp in spans.items():
        new = _remove(texts[p], sp)
        out[p] = (new, len(new.split()), texts[p].count("\ufffd") - new.count("\ufffd"))
    return out


def _remove(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without ``spans`` (sorted, non-overlapping), white space tidied at the joins."""
    parts, pos = [], 0
    for s, e in spans:
        if s > pos:
            parts.append(text[pos:s])
        pos = max(pos, e)
    parts.append(text[pos:])
    out = " ".join(p.strip(" \t") for p in parts if _HAS_WORD(p))
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
    (``None`` or ``-1``: all cores; groups are independent, so each process
    takes whole groups of ``by``, from :data:`PARALLEL_FROM` articles; the
    result is the same whatever the number).

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
    _check(articles, by, col, min_articles, min_share)
    pieces, edits = _find_groups(articles, by, col, min_articles, min_share, rules, n_jobs)
    out = articles.copy()
    n = len(out)
    removed: list[list[str]] = [[] for _ in range(n)]
    place: list[Any] = [None] * n
    if len(pieces):
        if edits is None:
            edits = _edits(_texts(out, col), pieces)
        for p, t, where in zip(pieces["_pos"].tolist(), pieces["text"].tolist(), pieces["_place"].tolist()):
            removed[p].append(t)
            if where is not None:
                place[p] = where
        new = out[col].astype(object).copy()
        for p, (text, _, _) in edits.items():
            new.iat[p] = text
        out[col] = new.astype(articles[col].dtype) if str(articles[col].dtype) in ("string", "object") else new
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
    return out

