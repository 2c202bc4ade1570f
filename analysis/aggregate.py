"""Aggregate article-level results into corpus-level tables and figures."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .schema import require_columns

__all__ = ["corpus_summary", "outlet_label", "theme_label"]


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


# Known outlets: registered domain -> readable name. Subdomains match too
# ("europe.chinadaily.com.cn" -> "China Daily").
_OUTLETS = {
    "chinadaily.com.cn": "China Daily",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "aljazeera.com": "Al Jazeera",
    "aljazeera.net": "Al Jazeera",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "cnn.com": "CNN",
    "dw.com": "DW",
    "rte.ie": "RTÉ",
    "abcnews.go.com": "ABC News",
    "huffingtonpost.com": "HuffPost",
    "huffpost.com": "HuffPost",
    "huffingtonpost.co.uk": "HuffPost",
}


def outlet_label(domain: Any) -> str:
    """Readable outlet name for a web domain; other values come back as text.

    Known outlets: China Daily, TASS, Al Jazeera, BBC, CNN, DW, RTÉ, ABC News
    and HuffPost. A URL or a subdomain of a known domain is recognised too.

    Example
    -------
    >>> outlet_label("europe.chinadaily.com.cn"), outlet_label("www.rte.ie"), outlet_label("example.org")
    ('China Daily', 'RTÉ', 'example.org')
    """
    if domain is None or (not isinstance(domain, str) and pd.isna(domain)):
        return "(unknown)"
    text = str(domain).strip()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.lower()).split("/", 1)[0].split(":", 1)[0]
    host = host.removeprefix("www.")
    for known, name in _OUTLETS.items():
        if host == known or host.endswith("." + known):
            return name
    return text


_ACRONYMS = {"un": "UN", "eu": "EU", "us": "US", "uk": "UK", "nato": "NATO", "opec": "OPEC", "lng": "LNG"}


def theme_label(name: str, *, capital: bool = False) -> str:
    """Readable theme name: ``"un_voting"`` -> ``"UN voting"``; ``capital=True`` for titles.

    Example
    -------
    >>> theme_label("un_voting"), theme_label("energy"), theme_label("energy", capital=True)
    ('UN voting', 'energy', 'Energy')
    """
    words = str(name).replace("_", " ").split()
    text = " ".join(_ACRONYMS.get(w.lower(), w) for w in words) or str(name)
    return text[:1].upper() + text[1:] if capital else text
