"""News analysis toolkit: load -> clean -> segment -> score -> aggregate -> plot -> narrate.

The main entry points are re-exported here::

    import analysis
    articles = analysis.load("folder/")              # or analysis.datasets.news_articles()
    scored = analysis.analyze(articles)               # sentiment, themes, actors
    analysis.sentences(articles); analysis.evidence(articles); analysis.actor_sentiment(articles)
    analysis.keywords(scored, by="source"); analysis.topics(articles, n=10)

Importing the package does no work: no downloads, no settings changed.
"""

from __future__ import annotations

from . import datasets
from .analyze import actor_sentiment, analyze, analyze_all, evidence, sentences
from .clean import clean
from .load import LoadError, load

__all__ = ["load", "LoadError", "clean", "analyze", "analyze_all", "sentences", "evidence", "actor_sentiment",
           "keywords", "topics", "explore", "datasets", "plots", "narrate", "__version__"]

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("news-analysis")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

_LAZY = {"keywords": ("keywords", "keywords"), "topics": ("topics", "topics"), "explore": ("explore", "explore")}


def __getattr__(name: str):
    """Load the heavier stages (scikit-learn, widgets, matplotlib) on first use."""
    import importlib

    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    if name in ("plots", "narrate", "segment", "sentiment", "themes", "actors", "aggregate", "schema"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
