"""Aggregate article-level results into corpus-level tables and figures."""

from __future__ import annotations

import pandas as pd

from .schema import require_columns

__all__ = ["corpus_summary"]


def corpus_summary(articles: pd.DataFrame) -> dict:
    """Size, outlets and time span of an article table.

    Returns a dict with ``articles``, ``sources`` (article count per source,
    largest first), ``first`` and ``last`` publication dates (``None`` when no
    date is known), ``undated``, ``words`` and, when the table came from
    :func:`analysis.load`, its ``load_report``.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a", "b", "a"], "n_words": [3, 4, 5],
    ...                    "published": pd.to_datetime(["2017-01-02", None, "2017-01-09"], utc=True)})
    >>> s = corpus_summary(df)
    >>> s["articles"], s["sources"], str(s["first"].date()), s["undated"]
    (3, {'a': 2, 'b': 1}, '2017-01-02', 1)
    """
    require_columns(articles, ["source", "published", "n_words"], what="articles")
    dates = articles["published"].dropna()
    counts = articles["source"].fillna("(unknown)").value_counts()
    return {
        "articles": int(len(articles)),
        "sources": {str(k): int(v) for k, v in counts.items()},
        "first": dates.min() if len(dates) else None,
        "last": dates.max() if len(dates) else None,
        "undated": int(articles["published"].isna().sum()),
        "words": int(articles["n_words"].sum()),
        "load_report": dict(articles.attrs.get("load_report", {})),
    }
