"""Clean article text: normalise Unicode and white space, repair known damage.

The loader runs :func:`clean_text` on every article, so what the later stages
score is the cleaned text; the counts go to the ``n_repaired`` and
``n_unrepairable`` columns.

Damage repaired (seen in the default corpus, where a lossy conversion turned
curly punctuation into ``"?`` and swallowed the space after it):

* ``vote."?The`` -> ``vote." The`` (closing quote after punctuation),
* ``an agreement "?called`` -> ``an agreement — called`` (dash after a space),
* ``teachers"?unions`` -> ``teachers' unions`` (possessive apostrophe) and
  ``"phony"?unemployment`` -> ``"phony" unemployment`` (a quote that closes an
  open one),
* ``can"t`` / ``I"ve`` -> ``can't`` / ``I've`` (contractions).

``"?`` followed by a space or the end is left alone: that is a real question
mark after a quotation. Characters already lost (U+FFFD, the replacement
character; two in a row stand for one lost letter) cannot be recovered: each run
becomes one U+FFFD and is counted as unrepairable.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from ..schema import require_columns

__all__ = ["clean_text", "clean", "normalise_for_dedup"]

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ODD_SPACE = re.compile(r"[\t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_LINE_EDGES = re.compile(r" ?\n ?")
_BLANKS = re.compile(r"\n{3,}")
_DAMAGED = re.compile(r'"\?(?=\S)')
_CONTRACTION = re.compile(r'"(?=(?:t|s|ve|ll|re|m|d)\b)')  # and a letter before: see _repair_quotes
_FFFD = re.compile("\ufffd+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# any character that one of the rarely needed steps above acts on (zero width, CR, control, odd space)
_RARE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\r\x00-\x09\x0b-\x1f\x7f"
                   "\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ASCII_RARE = bytes(range(0, 10)) + bytes(range(11, 32)) + b"\x7f"  # the same, for ASCII text: all but LF


def clean_text(text: str) -> tuple[str, int, int]:
    """Return ``(cleaned, n_repaired, n_unrepairable)`` for one article.

    Examples
    --------
    >>> clean_text('He said "no."?The vote failed.')
    ('He said "no." The vote failed.', 1, 0)
    >>> clean_text("W\\ufffd\\ufffdrzburg")
    ('W\\ufffdrzburg', 0, 1)
    """
    if not text:
        return "", 0, 0
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):  # (str.isascii is O(1))
        text = unicodedata.normalize("NFC", text)
    # the usual text needs few of the steps: one pass tells which (and again after a step changed it)
    marks, n_lost = _marks(text)
    if marks & _RARE_MARK:
        text = _ZERO_WIDTH.sub("", text)
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _CONTROL.sub(" ", text)
        marks, n_lost = _marks(text)
    repaired = 0
    if marks & _QUOTE_MARK and ('"?' in text or _CONTRACTION.search(text)):
        text, repaired = _repair_quotes(text)
        marks, n_lost = _marks(text)
    lost = n_lost
    if marks & _RUN_MARK:  # (a run made one character: nothing else changes)
        text, lost = _FFFD.subn("\ufffd", text)
    if marks & (_DOUBLE_MARK | _ODD_MARK):
        text = _SPACES.sub(" ", text)
        marks, _ = _marks(text)
    if marks & _EDGE_MARK:
        text = _LINE_EDGES.sub("\n", text)
        marks, _ = _marks(text)
    if marks & _BLANK_MARK:
        text = _BLANKS.sub("\n\n", text)
    return text.strip(), repaired, lost


# what _marks finds in a text: the steps of clean_text it needs
_RARE_MARK, _ODD_MARK, _QUOTE_MARK, _RUN_MARK, _DOUBLE_MARK, _EDGE_MARK, _BLANK_MARK = 1, 2, 4, 8, 16, 32, 64
_QUOTE_CANDIDATE = re.compile(r'"[?tsvlrmd]')  # '"?' or what may start a contraction (see _CONTRACTION)


def _marks(text: str) -> tuple[int, int]:
    """Which steps of :func:`clean_text` ``text`` needs, as bits: a rare character (:data:`_RARE`),
    an odd space (:data:`_ODD_SPACE`), a damaged quote or a contraction candidate
    (:data:`_QUOTE_CANDIDATE`), a run of U+FFFD, two spaces, a space at a line break, three line
    breaks; and its number of U+FFFD. The compiled ``clean_marks`` of ``analysis._speedups`` finds
    them in one pass (this is its specification)."""
    from ..score.segment import _compiled

    fast = _compiled()
    if fast is not None:
        return fast.clean_marks(text)
    if text.isascii():
        rare = len(text.encode("ascii").translate(None, _ASCII_RARE)) != len(text)
    else:
        rare = _RARE.search(text) is not None
    marks = (rare * _RARE_MARK | (rare and _ODD_SPACE.search(text) is not None) * _ODD_MARK
             | ('"' in text and _QUOTE_CANDIDATE.search(text) is not None) * _QUOTE_MARK
             | ("\ufffd\ufffd" in text) * _RUN_MARK | ("  " in text) * _DOUBLE_MARK
             | (" \n" in text or "\n " in text) * _EDGE_MARK | ("\n\n\n" in text) * _BLANK_MARK)
    return marks, text.count("\ufffd")


def _repair_quotes(text: str) -> tuple[str, int]:
    out: list[str] = []
    pos = 0
    n = 0
    for m in _DAMAGED.finditer(text):
        i = m.start()
        before = text[i - 1] if i else " "
        after = text[m.end()]
        if before.isspace():
            repl = "\u2014 "
        elif before.isalnum() and after.isalnum() and not _quote_open(text, i):
            repl = "' "
        else:
            repl = '" '
        out.append(text[pos:i])
        out.append(repl)
        pos = m.end()
        n += 1
    out.append(text[pos:])
    fixed = "".join(out)
    k = 0

    def apostrophe(m: re.Match) -> str:
        nonlocal k
        if m.start() and fixed[m.start() - 1].isascii() and fixed[m.start() - 1].isalpha():
            k += 1
            return "'"
        return '"'

    fixed = _CONTRACTION.sub(apostrophe, fixed)
    return fixed, n + k


def _quote_open(text: str, i: int) -> bool:
    """Is a double quote opened (and not closed) in the paragraph before ``i``?"""
    start = max(text.rfind("\n", 0, i), i - 400, 0)
    depth = False
    for j in range(start, i):
        if text[j] == '"':
            if text.startswith('"?', j) and j + 2 < len(text) and not text[j + 2].isspace():
                depth = False  # a damaged closer
            else:
                depth = not depth
    return depth


def normalise_for_dedup(text: str) -> str:
    """The form two texts must share to count as exact duplicates.

    Example
    -------
    >>> normalise_for_dedup("A  b\\n\\nC") == normalise_for_dedup("a b c")
    True
    """
    return " ".join(text.casefold().split())


def clean(articles: pd.DataFrame, *, col: str = "text") -> pd.DataFrame:
    """Return a copy of ``articles`` with ``col`` cleaned and the damage counted.

    Example
    -------
    >>> out = clean(pd.DataFrame({"text": ['Talks "?at last.']}))
    >>> out.loc[0, "text"], int(out.loc[0, "n_repaired"])
    ('Talks \u2014 at last.', 1)
    """
    require_columns(articles, [col])
    results = [clean_text("" if pd.isna(t) else str(t)) for t in articles[col]]
    out = articles.copy()
    out[col] = pd.Series([r[0] for r in results], index=articles.index, dtype="string")
    out["n_repaired"] = pd.Series([r[1] for r in results], index=articles.index, dtype="int64")
    out["n_unrepairable"] = pd.Series([r[2] for r in results], index=articles.index, dtype="int64")
    return out
