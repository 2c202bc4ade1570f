"""Stage "ingest": read collections of articles into one tidy, clean, de-duplicated table.

Modules
-------
load
    Any collection (folders, globs, CSV, JSON, Parquet, raw pages, archives, feeds) into one DataFrame.
clean
    Unicode, white space and known damage in article text.
dedupe
    Exact and near-duplicate articles.
furniture
    Page furniture (bylines, share buttons, ...) found from the collection itself.
rawpage
    Raw news pages saved as plain text.
warc
    WARC and ARC web archives.
feeds
    RSS and Atom feeds.
datasets
    The default corpus and the data folder.
language
    The language of each article; English-only selection.

Nothing is imported here: each module is imported when first asked for.

Example
-------
>>> from analysis.ingest import clean
>>> clean.normalise_for_dedup("A  b") == clean.normalise_for_dedup("a b")
True
"""
