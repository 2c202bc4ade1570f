"""News analysis toolkit: load -> clean -> segment -> score -> aggregate -> plot -> narrate.

The main entry points are re-exported here::

    import analysis
    articles = analysis.load("folder/")              # or analysis.datasets.news_articles()
    scored = analysis.analyze(articles)               # sentiment (TextBlob, tone), themes, actors
    analysis.tone.tone_of("Talks collapsed.")        # tone of any text, fitted to human ratings
    analysis.sentences(articles); analysis.evidence(articles); analysis.actor_sentiment(articles)
    analysis.sanction_events(articles); analysis.un_votes(articles)   # who sanctions whom; UN votes
    analysis.keywords(scored, by="source"); analysis.topics(articles, n=10)
    analysis.furniture.strip(table)                  # page furniture out of any table (load() does it)

Importing the package does no work: no downloads, no settings changed.
"""

from __future__ import annotations

from .aggregate.keywords import keywords
from .aggregate.topics import topics
from .ingest import datasets
from .ingest.clean import clean
from .ingest.load import LoadError, load
from .present.explore import explore
from .score.analyze import actor_sentiment, analyze, analyze_all, evidence, sanction_events, sentences, un_votes

__all__ = ["load", "LoadError", "clean", "analyze", "analyze_all", "sentences", "evidence", "actor_sentiment",
           "sanction_events", "un_votes", "keywords", "topics", "explore", "datasets", "plots", "narrate", "__version__"]

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("news-analysis")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

# The modules are grouped by stage in sub-packages: ingest, score, aggregate, present and scale
# (orchestration). Each stays reachable by its short name: ``analysis.plots``, ``from analysis import stream``.
_MODULES = {
    **dict.fromkeys(("dedupe", "furniture", "rawpage", "warc", "feeds", "language"), "ingest"),
    **dict.fromkeys(("sentiment", "tone", "themes", "actors", "events", "segment", "match"), "score"),
    **dict.fromkeys(("compare", "cells"), "aggregate"),
    **dict.fromkeys(("plots", "narrate", "pages", "explorer_page", "report"), "present"),
    **dict.fromkeys(("stream", "distributed", "cache"), "scale"),
}


def __getattr__(name: str):
    """Stage modules on first use (``analysis.plots`` imports matplotlib only when asked for)."""
    import importlib

    if name in _MODULES:
        return importlib.import_module(f".{_MODULES[name]}.{name}", __name__)
    if name == "schema":
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
