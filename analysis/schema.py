"""The article table: the one place its columns and dtypes are defined.

Every loader returns a DataFrame with exactly these columns first (in this
order), whatever the input format; extra columns of a table input follow.

=====================  ==========================  ===========================================
column                 dtype                       meaning
=====================  ==========================  ===========================================
article_id             string                      stable id: first 16 hex digits of the SHA-256
                                                   of the cleaned text, before page furniture is
                                                   removed (same article, same id, on every run
                                                   and machine, whatever it is loaded with)
source                 string                      outlet name, else the URL's web domain
url                    string                      article URL when known
published              datetime64[ns, UTC]         publication time; NaT when unknown (never guessed)
title                  string                      headline (repaired as ``text`` is; the counts
                                                   below are of ``text``)
dateline               string                      place line such as ``MOSCOW``
authors                object (list of str)        writers and reporters; ``[]`` when unknown
text                   string                      article body only, paragraphs separated by a blank line
n_words                int64                       whitespace-separated words in ``text``
origin                 string                      file path, plus ``!member`` inside an archive and
                                                   ``:row N`` / ``:line N`` for a record of a table,
                                                   ``#record-N`` for a WARC/ARC record
source_id              string                      the input's own id when it has one
near_duplicate_of      string                      article_id of an earlier near-identical article
                                                   (a reprinted wire copy), else missing
n_repaired             int64                       damaged characters repaired by cleaning
n_unrepairable         int64                       damaged characters left (U+FFFD), by cleaning
furniture              object (list of str)        page furniture removed from ``text`` (see
                                                   :mod:`analysis.furniture`); ``[]`` when none
n_furniture            int64                       number of pieces in ``furniture``
language               string                      ISO 639-1 code of the text's language
                                                   (:mod:`analysis.language`); missing when too short to tell
=====================  ==========================  ===========================================
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

__all__ = ["COLUMNS", "REQUIRED", "empty_articles", "make_article_id", "conform", "require_columns"]

COLUMNS: dict[str, str] = {
    "article_id": "string",
    "source": "string",
    "url": "string",
    "published": "datetime64[ns, UTC]",
    "title": "string",
    "dateline": "string",
    "authors": "object",
    "text": "string",
    "n_words": "int64",
    "origin": "string",
    "source_id": "string",
    "near_duplicate_of": "string",
    "n_repaired": "int64",
    "n_unrepairable": "int64",
    "furniture": "object",
    "n_furniture": "int64",
    "language": "string",
}

#: Columns a loaded article table always has.
REQUIRED = tuple(COLUMNS)


def make_article_id(text: str) -> str:
    """Stable article id from the cleaned text.

    Example
    -------
    >>> make_article_id("Same words.") == make_article_id("Same words.")
    True
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def require_columns(df: pd.DataFrame, columns, *, what: str = "input") -> None:
    """Raise ``KeyError`` naming every column of ``columns`` missing from ``df``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(
            f"{what} lacks required column(s) {missing}; it has {list(map(str, df.columns))}"
        )


def empty_articles() -> pd.DataFrame:
    """An article table with no rows and the documented dtypes."""
    return conform(pd.DataFrame({c: [] for c in COLUMNS}))


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with the schema's columns first, in the documented dtypes.

    Missing schema columns are added empty; other columns are kept after them.
    """
    out = df.copy()
    n = len(out)
    made = set()  # list columns added here, already as they should be
    for col, dtype in COLUMNS.items():
        if col not in out.columns:
            if col in ("authors", "furniture"):
                out[col] = pd.Series([[] for _ in range(n)], index=out.index, dtype=object)
                made.add(col)
            elif dtype == "int64":
                out[col] = 0
            else:
                out[col] = pd.Series(pd.NA, index=out.index, dtype="object")
    for col, dtype in COLUMNS.items():
        if col in made:
            continue
        if col == "published":
            out[col] = pd.to_datetime(out[col], utc=True, errors="coerce").astype(dtype)
        elif col == "authors":
            out[col] = _lists(out[col], _as_list)
        elif col == "furniture":
            out[col] = _lists(out[col], _as_pieces)
        elif dtype == "int64":
            out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0).astype("int64")
        else:
            out[col] = out[col].astype(dtype)
    extra = [c for c in out.columns if c not in COLUMNS]
    return out[list(COLUMNS) + extra]


def as_strings(values: list, dtype) -> pd.api.extensions.ExtensionArray:
    """``pd.Series(values, dtype=object).astype(dtype)`` (``values``: str or missing), built
    straight from the values' UTF-8 bytes when ``dtype`` is a pyarrow string dtype (3 to 5 times
    as fast on long texts as pandas or ``pyarrow.array``, which grow their buffers as they go);
    other values (``str`` subclasses, numbers, lone surrogates) or dtypes take pandas' own
    conversion.

    Example
    -------
    >>> as_strings(["a", None], "string").tolist()
    ['a', <NA>]
    """
    dtype = pd.api.types.pandas_dtype(dtype)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa

        arr = _arrow_strings(values)
        if arr is not None:
            return pd.arrays.ArrowStringArray(arr, dtype=dtype)
        try:
            return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string(), from_pandas=True), dtype=dtype)
        except (pa.ArrowException, TypeError):  # not all str: pandas converts them as astype does
            pass
    return pd.Series(values, dtype=object).astype(dtype).array


def _arrow_strings(values: list):
    """``values`` (each a ``str`` or missing: None, ``pd.NA``, NaN) as a pyarrow ``large_string``
    array made from one buffer of their UTF-8 bytes (by the compiled ``slices`` of
    ``analysis._speedups`` when it is in use); None when a value is anything else or cannot be
    encoded (a lone surrogate)."""
    import numpy as np
    import pyarrow as pa

    from .score.segment import _compiled

    n = len(values)
    missing = [i for i, v in enumerate(values) if type(v) is not str]
    for i in missing:
        v = values[i]
        if not (v is None or v is pd.NA or (isinstance(v, float) and v != v)):
            return None
    valid = None
    if missing:
        valid = np.ones(n, dtype=bool)
        valid[missing] = False
    bitmap = None if valid is None else pa.py_buffer(np.packbits(valid, bitorder="little"))
    null_count = len(missing)
    fast = _compiled()
    if fast is not None:  # the UTF-8 of the strings' code points, made in one pass (by the furniture's slices)
        strs = values if not missing else [v if type(v) is str else "" for v in values]
        if type(strs) is not list:
            strs = list(strs)
        everything = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        made = fast.slices(strs, np.arange(n, dtype=np.int64), np.zeros(n, dtype=np.int64), everything)
        if made is None:
            return None  # a lone surrogate
        return pa.LargeStringArray.from_buffers(n, pa.py_buffer(made[0]), pa.py_buffer(made[1]), bitmap,
                                                null_count=null_count)
    try:
        encoded = [v.encode("utf-8") if type(v) is str else b"" for v in values]
    except UnicodeEncodeError:
        return None
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=n), out=offsets[1:])
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded)), bitmap,
                                            null_count=null_count)


def _lists(values: pd.Series, convert) -> pd.Series:
    """``values.map(convert)`` (``convert`` giving a new list), each distinct value converted once
    (a column read from a file repeats a few strings, such as "[]") and each row given its own
    list; values that cannot be hashed (lists) are converted one by one."""
    items = values.tolist()
    try:
        done = {(type(v), v): convert(v) for v in items}  # (by type too: 1, 1.0 and True are equal keys)
    except TypeError:
        return values.map(convert).astype(object)
    return pd.Series([list(done[type(v), v]) for v in items], index=values.index, dtype=object)


def _as_list(value) -> list[str]:
    """Authors as a list of names, from a list, an array or a delimited string."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return []
    return [p for p in _AUTHOR_SPLIT.split(str(value).strip()) if p]


def _as_pieces(value) -> list[str]:
    """Removed furniture as a list of str (a lone string is one piece; never split)."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    if isinstance(value, str):
        return [value] if value else []
    return []


_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,|\band\b|&)\s*")
