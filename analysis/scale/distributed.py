"""Run the analysis on a Dask DataFrame, partition by partition, on one machine or a cluster.

:func:`analysis.analyze`, :func:`analysis.sentences`, :func:`analysis.evidence`
and :func:`analysis.actor_sentiment` score each article on its own, so a Dask
DataFrame can be scored by applying the pandas function to every partition.
The functions here do exactly that with ``map_partitions``: they return a
*lazy* ``dask.dataframe.DataFrame`` (nothing is read or scored until
``.compute()``, ``.to_parquet()`` or ``.persist()``), and the computed result
equals what the pandas function returns for the whole data, dtypes and index
included.

* :func:`analyze` keeps the input's index and divisions (one output row per article).
* :func:`sentences`, :func:`evidence` and :func:`actor_sentiment` number their
  rows 0..n-1 across partitions like pandas does (``global_index=True``); pass
  ``global_index=False`` to keep each partition's own 0..k numbering and avoid
  the (cheap) dependency of each partition on the row counts of the earlier ones.

Inside a partition the pandas function runs with ``n_jobs=1`` and no progress
bar: Dask provides the parallelism (threads, processes or a cluster). A theme
lexicon given as a path is read and validated once, on the client, and the
parsed lexicon is shipped to the workers, so workers need not see the file.

Keywords and topics (:mod:`analysis.keywords`, :mod:`analysis.topics`) need
counts over the whole corpus and are not distributed: run them on
``ddf.compute()`` or on a sample (``ddf.sample(frac=0.1).compute()``).

Nothing here imports Dask unless you already use it: :func:`is_dask` only
looks at ``sys.modules``.

Example
-------
>>> import dask.dataframe as dd, pandas as pd
>>> from analysis import distributed
>>> df = pd.DataFrame({"article_id": ["a", "b", "c"],
...                    "text": ["Moscow rejected new sanctions.", "Oil prices rose.", "The EU met."]})
>>> ddf = dd.from_pandas(df, npartitions=2)
>>> out = distributed.analyze(ddf)          # lazy: nothing scored yet
>>> distributed.is_dask(out)
True
>>> out.compute()[["sanctions", "energy", "actors"]].values.tolist()
[[True, False, ['Russia']], [False, True, []], [False, False, ['European Union']]]
"""

from __future__ import annotations

import operator
import sys
from typing import Any, Callable

import pandas as pd

__all__ = ["is_dask", "analyze", "sentences", "evidence", "actor_sentiment", "sanction_events", "un_votes",
           "parquet_schema", "read_parquet", "read_warc", "cluster"]

#: A text that yields sentences, theme hits and actors with the packaged
#: lexicon and gazetteer; used to learn the output dtypes of the long tables.
_SAMPLE_TEXT = "Moscow rejected the new sanctions on Russia. Oil and gas prices rose."

#: Columns of the long tables that hold strings (pandas infers their dtype from the values).
_STRING_COLUMNS = {"evidence": ("theme", "term", "snippet"), "actor_sentiment": ("actor",),
                   "sanction_events": ("sender", "target", "status", "cameo", "quote"),
                   "un_votes": ("body", "outcome", "subject", "quote")}
_FLOAT_COLUMNS = ("vader",)
#: Columns the package fills with lists of strings.
LIST_COLUMNS = ("actors", "themes", "authors", "furniture")


def is_dask(obj: Any) -> bool:
    """True when ``obj`` is a ``dask.dataframe.DataFrame``; never imports Dask.

    If ``dask.dataframe`` has not been imported, no Dask DataFrame can exist,
    so the check costs a dictionary look-up for pandas users.

    Example
    -------
    >>> import pandas as pd
    >>> is_dask(pd.DataFrame({"text": ["x"]}))
    False
    >>> import dask.dataframe as dd
    >>> is_dask(dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1))
    True
    """
    module = sys.modules.get("dask.dataframe")
    if module is None:
        return False
    frame = getattr(module, "DataFrame", None)
    return frame is not None and isinstance(obj, frame)


# --------------------------------------------------------------------------- helpers


def _require_dask(ddf: Any, name: str) -> None:
    if not is_dask(ddf):
        raise TypeError(f"analysis.distributed.{name} expects a dask.dataframe.DataFrame, got {type(ddf).__name__}; "
                        f"use analysis.{name} for pandas DataFrames")


def _lexicon(themes: Any) -> Any:
    """Read and validate a lexicon path or dict on the client; ship the parsed lexicon."""
    if themes is None:
        return None
    from ..score.themes import Lexicon, load_lexicon

    return themes if isinstance(themes, Lexicon) else load_lexicon(themes)


def _with_cache(kwargs: dict, cache: Any) -> dict:
    return kwargs if cache is None else {**kwargs, "cache": cache}


def _no_cache(func: Callable, kwargs: dict) -> dict:
    """Arguments for the client-side calls that learn the output dtypes: never touch a cache."""
    import inspect

    return {**kwargs, "cache": False} if "cache" in inspect.signature(func).parameters else kwargs


def _dtypes(meta: pd.DataFrame) -> list[tuple[Any, Any]]:
    # a plain list, not a pandas object: map_partitions would turn a pandas argument into a Dask one
    return list(zip(meta.columns, meta.dtypes))


def _conform(out: pd.DataFrame, dtypes: list[tuple[Any, Any]]) -> pd.DataFrame:
    """Give a partition's result the collection's dtypes.

    pandas infers the dtype of an empty object column (or of a column whose
    values are all missing) differently from a filled one; casting every
    partition to the common dtypes makes the concatenation equal the result of
    the pandas function on the whole data.
    """
    wrong = {c: t for c, t in dtypes if c in out.columns and out[c].dtype != t}
    return out.astype(wrong) if wrong else out


def _run(part: pd.DataFrame, func: Callable, dtypes: list, kwargs: dict) -> pd.DataFrame:
    """What each worker runs on one partition (top level: picklable)."""
    return _conform(func(part, **kwargs), dtypes)


def _long_meta(func: Callable, ddf: Any, kwargs: dict, *, table: str, col: str, id_col: str) -> pd.DataFrame:
    """Empty frame with the dtypes ``func`` gives on real rows.

    The pandas function is run on a one-row frame shaped like the input (Dask's
    non-empty stand-in for ``ddf._meta``) whose text is :data:`_SAMPLE_TEXT`,
    so pandas infers the dtypes from actual values; columns that stay empty
    (e.g. no evidence for a user lexicon) get the dtype pandas gives such values.
    """
    from dask.dataframe.utils import meta_nonempty

    sample = meta_nonempty(ddf._meta).iloc[:1].copy()
    sample[col] = _SAMPLE_TEXT
    out = func(sample, **_no_cache(func, kwargs))
    meta = out.iloc[:0]
    if len(out):
        return meta
    ids = sample[id_col].tolist() if id_col in sample.columns else sample.index.tolist()
    fix = {"article_id": pd.Series(ids).dtype}
    fix.update(dict.fromkeys(_STRING_COLUMNS.get(table, ()), pd.Series(["x"]).dtype))
    fix.update(dict.fromkeys(_FLOAT_COLUMNS, "float64"))
    return meta.astype({c: t for c, t in fix.items() if c in meta.columns})


def _shift(part: pd.DataFrame, offset: int) -> pd.DataFrame:
    out = part.copy(deep=False)
    out.index = pd.RangeIndex(offset, offset + len(part))
    return out


def _number_rows(out: Any, meta: pd.DataFrame) -> Any:
    """Renumber the rows 0..n-1 across partitions, lazily.

    Partition *i* is shifted by the row count of partitions 0..i-1 (a running
    sum, one tiny task per partition), so each partition is still scored once.
    """
    import dask
    import dask.dataframe as dd

    parts = out.to_delayed()
    shifted, offset = [], 0
    add, length = dask.delayed(operator.add, pure=True), dask.delayed(len, pure=True)
    shift = dask.delayed(_shift, pure=True)
    for part in parts:
        shifted.append(shift(part, offset))
        offset = add(offset, length(part))
    # from_delayed would otherwise recast string columns when "dataframe.convert-string" is on,
    # unlike map_partitions; the partitions must keep the dtypes the pandas function gives
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_delayed(shifted, meta=meta, verify_meta=False)


def _long_table(func: Callable, ddf: Any, kwargs: dict, *, table: str, col: str, id_col: str,
                global_index: bool, carry: tuple[str, ...] = ()) -> Any:
    # only the columns the scoring reads (and ``carry``, copied to the output) travel to the workers
    keep = [c for c in dict.fromkeys([id_col, col, *carry]) if c in ddf.columns]
    if col not in keep:
        func(ddf._meta, **_no_cache(func, kwargs))  # raises the pandas function's KeyError naming the column
    ddf = ddf[keep]
    meta = _long_meta(func, ddf, kwargs, table=table, col=col, id_col=id_col)
    out = ddf.map_partitions(_run, func, _dtypes(meta), kwargs, meta=meta, clear_divisions=True,
                             enforce_metadata=False)
    return _number_rows(out, meta) if global_index else out


# --------------------------------------------------------------------------- public tables


def analyze(ddf: Any, *, themes: Any = None, vader: bool = False, col: str = "text", cache: Any = None,
            n_jobs: int | None = None, progress: bool | None = None) -> Any:
    """Dask version of :func:`analysis.analyze`: score each article, lazily.

    Parameters
    ----------
    ddf:
        A ``dask.dataframe.DataFrame`` of articles (any columns, with ``col``).
    themes, vader, col:
        As for :func:`analysis.analyze`. A lexicon path is read on the client.
    cache:
        Passed to the pandas function on each worker when given (a folder on
        shared storage reaches every worker); ``None`` leaves it to each
        worker's ``$NEWS_ANALYSIS_CACHE``.
    n_jobs, progress:
        Accepted for signature compatibility and ignored: each partition is
        scored with ``n_jobs=1`` and no progress bar (use Dask's dashboard or
        ``dask.diagnostics.ProgressBar``).

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy; same partitions, index and divisions as ``ddf``, and the columns
        and dtypes of :func:`analysis.analyze`. ``result.compute()`` equals
        ``analysis.analyze(ddf.compute())``.

    Example
    -------
    >>> import dask.dataframe as dd, pandas as pd
    >>> ddf = dd.from_pandas(pd.DataFrame({"text": ["Kyiv buys gas.", "", "UN vote."]}), npartitions=2)
    >>> out = analyze(ddf, themes={"themes": {"gas": {"strong": ["gas"]}}})
    >>> out.npartitions, out.compute()["gas_hits"].tolist()
    (2, [1, 0, 0])
    """
    from ..score.analyze import analyze as pandas_analyze

    _require_dask(ddf, "analyze")
    kwargs = _with_cache({"themes": _lexicon(themes), "vader": bool(vader), "col": col, "n_jobs": 1,
                          "progress": False}, cache)
    meta = pandas_analyze(ddf._meta, **_no_cache(pandas_analyze, kwargs))
    return ddf.map_partitions(_run, pandas_analyze, _dtypes(meta), kwargs, meta=meta, enforce_metadata=False)


def sentences(ddf: Any, *, themes: Any = None, vader: bool = False, col: str = "text", id_col: str = "article_id",
              global_index: bool = True, cache: Any = None, n_jobs: int | None = None,
              progress: bool | None = None) -> Any:
    """Dask version of :func:`analysis.sentences`: one row per sentence, lazily.

    Parameters are those of :func:`analysis.sentences`; ``n_jobs`` and
    ``progress`` are ignored and ``cache`` is passed on (see :func:`analyze`). With ``global_index=True``
    the rows are numbered 0..n-1 across partitions, as pandas numbers them;
    ``False`` keeps each partition's own numbering (no cross-partition
    dependency; use it when writing straight to Parquet without the index).

    Example
    -------
    >>> import dask.dataframe as dd, pandas as pd
    >>> df = pd.DataFrame({"article_id": ["a", "b"], "text": ["Oil fell. It rained.", "Russia spoke."]})
    >>> out = sentences(dd.from_pandas(df, npartitions=2)).compute()
    >>> out[["article_id", "sentence_no", "actors"]].values.tolist(), out.index.tolist()
    ([['a', 0, []], ['a', 1, []], ['b', 0, ['Russia']]], [0, 1, 2])
    """
    from ..score.analyze import sentences as pandas_sentences

    _require_dask(ddf, "sentences")
    kwargs = _with_cache({"themes": _lexicon(themes), "vader": bool(vader), "col": col, "id_col": id_col, "n_jobs": 1,
                          "progress": False}, cache)
    return _long_table(pandas_sentences, ddf, kwargs, table="sentences", col=col, id_col=id_col,
                       global_index=global_index)


def evidence(ddf: Any, *, themes: Any = None, col: str = "text", id_col: str = "article_id",
             global_index: bool = True, cache: Any = None, n_jobs: int | None = None,
             progress: bool | None = None) -> Any:
    """Dask version of :func:`analysis.evidence`: one row per theme hit, lazily.

    See :func:`sentences` for ``global_index`` and :func:`analyze` for ``cache``, ``n_jobs`` and ``progress``.

    Example
    -------
    >>> import dask.dataframe as dd, pandas as pd
    >>> df = pd.DataFrame({"article_id": ["a", "b"], "text": ["Oil prices fell.", "Nothing here."]})
    >>> evidence(dd.from_pandas(df, npartitions=2)).compute()[["article_id", "theme", "term"]].values.tolist()
    [['a', 'energy', 'oil prices']]
    """
    from ..score.analyze import evidence as pandas_evidence

    _require_dask(ddf, "evidence")
    kwargs = _with_cache({"themes": _lexicon(themes), "col": col, "id_col": id_col, "n_jobs": 1, "progress": False},
                         cache)
    return _long_table(pandas_evidence, ddf, kwargs, table="evidence", col=col, id_col=id_col,
                       global_index=global_index)


def actor_sentiment(ddf: Any, *, col: str = "text", id_col: str = "article_id", global_index: bool = True,
                    cache: Any = None, n_jobs: int | None = None, progress: bool | None = None) -> Any:
    """Dask version of :func:`analysis.actor_sentiment`: one row per article and actor, lazily.

    See :func:`sentences` for ``global_index`` and :func:`analyze` for ``cache``, ``n_jobs`` and ``progress``.

    Example
    -------
    >>> import dask.dataframe as dd, pandas as pd
    >>> df = pd.DataFrame({"article_id": ["a", "b"], "text": ["China praised the good deal.", "Japan waited."]})
    >>> actor_sentiment(dd.from_pandas(df, npartitions=2)).compute()[["article_id", "actor"]].values.tolist()
    [['a', 'China'], ['b', 'Japan']]
    """
    from ..score.analyze import actor_sentiment as pandas_actor_sentiment

    _require_dask(ddf, "actor_sentiment")
    kwargs = _with_cache({"col": col, "id_col": id_col, "n_jobs": 1, "progress": False}, cache)
    return _long_table(pandas_actor_sentiment, ddf, kwargs, table="actor_sentiment", col=col, id_col=id_col,
                       global_index=global_index)


def _events_table(name: str, ddf: Any, *, col: str, id_col: str, global_index: bool, cache: Any) -> Any:
    import importlib

    pandas_tables = importlib.import_module("..score.analyze", __package__)  # the module (the package's "analyze" is the function)
    _require_dask(ddf, name)
    kwargs = _with_cache({"col": col, "id_col": id_col, "n_jobs": 1, "progress": False}, cache)
    return _long_table(getattr(pandas_tables, name), ddf, kwargs, table=name, col=col, id_col=id_col,
                       global_index=global_index, carry=("source", "published"))


def sanction_events(ddf: Any, *, col: str = "text", id_col: str = "article_id", global_index: bool = True,
                    cache: Any = None, n_jobs: int | None = None, progress: bool | None = None) -> Any:
    """Dask version of :func:`analysis.sanction_events`: one row per sanction record, lazily.

    See :func:`sentences` for ``global_index`` and :func:`analyze` for ``cache``, ``n_jobs`` and ``progress``.

    Example
    -------
    >>> import dask.dataframe as dd, pandas as pd
    >>> df = pd.DataFrame({"article_id": ["a", "b"], "text": ["The EU extended sanctions on Russia.", "Calm."]})
    >>> sanction_events(dd.from_pandas(df, npartitions=2)).compute()[["article_id", "sender", "target"]].values.tolist()
    [['a', 'European Union', 'Russia']]
    """
    return _events_table("sanction_events", ddf, col=col, id_col=id_col, global_index=global_index, cache=cache)


def un_votes(ddf: Any, *, col: str = "text", id_col: str = "article_id", global_index: bool = True,
             cache: Any = None, n_jobs: int | None = None, progress: bool | None = None) -> Any:
    """Dask version of :func:`analysis.un_votes`: one row per UN vote record, lazily.

    See :func:`sentences` for ``global_index`` and :func:`analyze` for ``cache``, ``n_jobs`` and ``progress``.

    Example
    -------
    >>> import dask.dataframe as dd, pandas as pd
    >>> df = pd.DataFrame({"article_id": ["a", "b"], "text": ["Calm.", "Russia vetoed the UN draft on Syria."]})
    >>> un_votes(dd.from_pandas(df, npartitions=2)).compute()[["article_id", "outcome", "vetoed_by"]].values.tolist()
    [['b', 'vetoed', ['Russia']]]
    """
    return _events_table("un_votes", ddf, col=col, id_col=id_col, global_index=global_index, cache=cache)


# --------------------------------------------------------------------------- Parquet on shared storage


def parquet_schema(ddf: Any, *, write_index: bool = True, list_columns: Any = LIST_COLUMNS) -> Any:
    """The full ``pyarrow.Schema`` for ``ddf.to_parquet(path, schema=...)``.

    Dask infers a Parquet schema from a stand-in row; with pandas 3 that
    stand-in holds a bare ``object()`` in object columns, so
    ``to_parquet`` fails on the list column ``actors`` (and a ``schema=``
    dict naming only that column does not help). This schema types the
    ``list_columns`` present as ``list<string>``, other object columns as
    ``string``, and everything else as Dask would; ``write_index`` must match
    the one given to ``to_parquet``.

    Example
    -------
    >>> import dask.dataframe as dd, pandas as pd
    >>> out = analyze(dd.from_pandas(pd.DataFrame({"text": ["Russia spoke."]}), npartitions=1))
    >>> str(parquet_schema(out).field("actors").type)
    'list<item: string>'
    >>> out.to_parquet("/shared/scored", schema=parquet_schema(out))  # doctest: +SKIP
    """
    import pyarrow as pa
    from dask.dataframe.utils import meta_nonempty

    sample = meta_nonempty(ddf._meta).iloc[:1].copy()
    for c in sample.columns[sample.dtypes == object]:
        value = ["x"] if c in set(list_columns) else "x"
        sample[c] = pd.Series([value], index=sample.index, dtype=object)
    if not write_index:
        return pa.Schema.from_pandas(sample.reset_index(drop=True), preserve_index=False).remove_metadata()
    # what dask.dataframe.to_parquet does with the index before writing
    unnamed = list(sample.index.names) == [None]
    columns = set(sample.columns)
    sample = sample.reset_index()
    if unnamed:
        sample = sample.rename(columns={"index": "__null_dask_index__"})
    index_cols = [c for c in sample.columns if c not in columns]
    return pa.Schema.from_pandas(sample.set_index(index_cols)).remove_metadata()


def _lists(part: pd.DataFrame, columns: list) -> pd.DataFrame:
    out = part.copy()
    for c in columns:
        out[c] = pd.Series([v.tolist() if hasattr(v, "tolist") and not isinstance(v, str) else v
                            for v in out[c].tolist()], index=out.index, dtype=object)
    return out


def read_parquet(path: Any, *, list_columns: Any = LIST_COLUMNS, **kwargs: Any) -> Any:
    """``dask.dataframe.read_parquet`` giving list columns back as Python lists.

    Arrow hands list columns (``actors``, ``themes``, ``authors``) to pandas
    as NumPy arrays; this turns them back into lists, partition by partition,
    and keeps the dtypes recorded in the files (Dask's ``dataframe.convert-string``
    recasting is off for this read), so the frame equals the one that was written. Other arguments (``columns``,
    ``filters``, ``storage_options``...) go to :func:`dask.dataframe.read_parquet`.

    Example
    -------
    >>> scored = read_parquet("s3://bucket/scored/")  # doctest: +SKIP
    """
    import dask
    import dask.dataframe as dd

    # keep the dtypes recorded in the files (pandas metadata) rather than recasting strings
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.read_parquet(path, **kwargs)
    columns = [c for c in ddf.columns if c in set(list_columns) and ddf[c].dtype == object]
    if not columns:
        return ddf
    return ddf.map_partitions(_lists, columns, meta=ddf._meta, enforce_metadata=False)


# --------------------------------------------------------------------------- web archives


def _load_archive(path: str, furniture: bool) -> pd.DataFrame:
    from ..ingest.load import load

    articles, _ = load(path, return_rejected=True, furniture=furniture)  # no warning per file
    return articles


def read_warc(paths: Any, *, furniture: bool = True) -> Any:
    """WARC and ARC files as a lazy Dask DataFrame of articles, one partition per file.

    Each partition is :func:`analysis.load` of one file (see :mod:`analysis.warc`),
    run where Dask runs it, so many CC-NEWS files load in parallel on the
    cores or the workers of a cluster (each worker must see the files).
    Folders and globs are expanded to the files named ``.warc``, ``.warc.gz``,
    ``.arc`` or ``.arc.gz`` in them; files named one by one are read whatever
    their name. Exact and near duplicates are found within each file only, and
    rejected records (and skipped ones: requests, redirects, ...) are left out:
    ``analysis.load(file, return_rejected=True)`` lists them for one file.
    Every partition has the article schema of :mod:`analysis.schema`, its index
    numbering that file's articles from 0.

    Example
    -------
    >>> ddf = read_warc("crawl/CC-NEWS-2024*.warc.gz")  # doctest: +SKIP
    >>> ddf.npartitions, len(ddf)  # doctest: +SKIP
    (12, 914213)
    """
    import os
    from pathlib import Path

    import dask
    import dask.dataframe as dd

    from ..ingest.load import _expand
    from ..schema import empty_articles
    from ..ingest.warc import kind_from_name

    named = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    files: list[str] = []
    for item in named:
        explicit = isinstance(item, (str, os.PathLike)) and os.path.isfile(item)
        files += [str(p) for p in _expand(item) if isinstance(p, Path) and (explicit or kind_from_name(p.name))]
    if not files:
        raise FileNotFoundError(f"no WARC or ARC file in {paths!r}")
    with dask.config.set({"dataframe.convert-string": False}):  # the loader's dtypes, as in read_parquet
        return dd.from_map(_load_archive, files, furniture=furniture, meta=empty_articles(),
                           label="read-warc", enforce_metadata=False)


# --------------------------------------------------------------------------- clusters


class cluster:
    """A ``dask.distributed`` client for ``scheduler``, as a context manager.

    ``scheduler`` is a scheduler address (``"tcp://host:8786"``), ``"local"``
    (a ``LocalCluster`` started here with one single-threaded worker process
    per core, or ``n_workers``; closed on exit) or a ``Client`` (used as it is,
    not closed). Scoring runs with one thread per worker because the scoring
    code holds the GIL; give the cluster more workers, not more threads.

    Example
    -------
    >>> with cluster("local", n_workers=1, processes=False) as client:
    ...     client.submit(sum, [1, 2]).result()
    3
    """

    def __init__(self, scheduler: Any, *, n_workers: int | None = None, processes: bool = True):
        self.scheduler, self.n_workers, self.processes = scheduler, n_workers, processes
        self._own: list = []

    def __enter__(self) -> Any:
        from .._extras import need

        dd = need("dask", "dask.distributed", what="a Dask scheduler")
        Client, LocalCluster = dd.Client, dd.LocalCluster
        if isinstance(self.scheduler, Client):
            return self.scheduler
        if self.scheduler == "local":
            import os

            workers = self.n_workers or os.cpu_count() or 1
            local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=self.processes,
                                 dashboard_address=None)
            self._own.append(local)
            client = Client(local)
        elif isinstance(self.scheduler, str) and self.scheduler:
            try:
                client = Client(self.scheduler, timeout="20s")
            except OSError as exc:
                raise ConnectionError(f"no Dask scheduler answers at {self.scheduler!r}: {exc}") from None
        else:
            raise ValueError(f"scheduler must be an address, 'local' or a dask.distributed.Client, "
                             f"not {self.scheduler!r}")
        self._own.insert(0, client)
        return client

    def __exit__(self, *exc: Any) -> None:
        for obj in self._own:
            obj.close()
        self._own.clear()
