"""Stage "aggregate": article-level results into corpus-level tables, comparisons, keywords and topics.

Modules
-------
tables
    Corpus summary; labels of outlets, themes and UN bodies; distinct UN votes
    (the former module ``analysis.aggregate``).
compare
    Comparisons that hold up: like with like, effect sizes, corrected for multiplicity.
cells
    Article counts by day, outlet and themes: what count-based charts and paragraphs read, built in
    one streaming pass over a corpus of any size.
keywords
    Distinctive terms of groups of articles.
topics
    Topics beyond the theme lexicon (NMF over tf-idf).

The names of the former module stay here (``analysis.aggregate.corpus_summary``,
``from analysis.aggregate import outlet_label``): they come from :mod:`analysis.aggregate.tables`
on first use. Nothing is imported with the package itself.

Example
-------
>>> from analysis.aggregate import outlet_label
>>> from analysis.aggregate.tables import outlet_label as same
>>> outlet_label is same
True
"""


def __getattr__(name: str):
    """A name of the former ``analysis.aggregate`` module, from :mod:`.tables` on first use."""
    if not name.startswith("__"):
        import importlib

        tables = importlib.import_module(".tables", __name__)
        if hasattr(tables, name):
            return getattr(tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
