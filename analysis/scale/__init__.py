"""Orchestration ("scale"): what runs where, apart from the per-text pipeline in :mod:`analysis.score`.

Modules
-------
stream
    Corpora larger than memory: load, score and write Parquet parts chunk by chunk, on all cores.
distributed
    The analysis on a Dask DataFrame, on one machine or a cluster.
cache
    Content-addressed cache of per-article scoring results.

Nothing is imported here (nor Dask): each module is imported when first asked for.

Example
-------
>>> from analysis.scale import cache
>>> cache.text_key("Talks failed.") == cache.text_key("Talks failed.")
True
"""
