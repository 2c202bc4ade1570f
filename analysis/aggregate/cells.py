"""Articles counted by day, outlet and themes: the aggregated table that count and tone paragraphs and charts read.

A *cells* table has one row per distinct (publication day, ``source``, theme
flags) with :data:`WEIGHT`, the number of articles in that cell, each theme's
``T_hits``, the articles' words and near-copies (:data:`TOTALS`), and sums of
their scores (:data:`SCORES`: count, sum, sum of squares, smallest and
largest value, :data:`analysis.compare.SUMS`). A million articles of a few
hundred outlets over a year make some tens of thousands of cells, so a report
page can count and compare over a corpus of any size without holding its
article table. It is built in one streaming pass: :func:`article_cells` per
chunk of articles, :func:`combine` to add the chunks' cells (they are counts
and sums: adding them in any grouping gives the same table, up to the order
in which floating-point sums are added).

Every helper below accepts either table, and gives the same result for the
cells of a table as for the table itself (tested): :func:`analysis.narrate.corpus`,
:func:`analysis.narrate.themes` with its within-outlet trends,
:func:`analysis.narrate.tone`, :func:`analysis.narrate.outlet_tone`,
:func:`analysis.narrate.outlets_on_theme`, :func:`analysis.plots.volume`,
:func:`analysis.plots.theme_attention`, :func:`analysis.plots.theme_heatmap`,
:func:`analysis.plots.sanction_timeline` (``articles=``) and :func:`co_occurrence`.
Counts read the per-row weight with :func:`weights` (1 for an article,
:data:`WEIGHT` for a cell; :func:`analysis.compare.stratified_share` and
:func:`analysis.compare.standardised_series` take ``weight=``); means and
spreads read :func:`score_sums` (:func:`analysis.compare.mean_ci`,
:func:`~analysis.compare.welch` and :func:`~analysis.compare.stratified_mean_diff`
take them in place of scores). Publication times are kept to the day (UTC),
so these helpers' own ``start``/``end`` must be whole dates on cells, and
:func:`analysis.narrate.corpus_facts` gives the first, last and median day.
Actors have cells of their own, :func:`actor_cells` (per actor, outlet and
themes: the articles naming it, and sums of the tone of the sentences naming
it), which :func:`analysis.narrate.actors` and
:func:`analysis.plots.actor_sentiment` take in place of the actor table.
:func:`actor_pairs` counts the articles naming each pair of actors
(:func:`analysis.plots.co_mentions` takes them as ``pairs=``). Distributions
(box and violin plots) and examples are not in the cells: a report draws them
from bounded samples of the article table (``report.Bundle.scores``,
``report.Bundle.salient``).

Example
-------
>>> import pandas as pd
>>> arts = pd.DataFrame({"source": ["a.com", "a.com", "b.com"], "energy": [True, True, False],
...                      "energy_hits": [2, 1, 0],
...                      "published": pd.to_datetime(["2017-01-02 08:00", "2017-01-02 17:30", None], utc=True)})
>>> c = article_cells(arts)
>>> print(c.to_string(index=False))
                published source  energy  energy_hits  n_articles
2017-01-02 00:00:00+00:00  a.com    True            3           2
                      NaT  b.com   False            0           1
>>> weights(c).tolist(), weights(arts).tolist()
([2, 1], [1, 1, 1])
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = ["WEIGHT", "KEYS", "TOTALS", "SCORES", "ACTOR_SCORES", "article_cells", "actor_cells", "actor_pairs",
           "combine", "weights", "is_cells", "has_score", "score_sums", "theme_columns", "co_occurrence", "flags",
           "utc_times"]

#: The column of a cells table that holds how many articles a row stands for.
WEIGHT = "n_articles"
#: Columns of an article table that key its cells (when present), before the theme flags.
KEYS = ("published", "source")
#: Counts summed per cell besides :data:`WEIGHT` and the themes' ``T_hits``: the articles' words, and how many
#: articles are near-copies of an earlier one (``near_duplicate_of`` set), when the articles have these columns;
#: in :func:`actor_cells`, the sentences naming the actor.
TOTALS = ("n_words", "n_near_duplicates", "n_sentences")
#: Scores a cell keeps as sums (:data:`analysis.compare.SUMS`: ``{score}_n``, ``_sum``, ``_sq``, ``_min``,
#: ``_max``), when the articles have them, so means, spreads and intervals come out as from the articles:
#: the tone measures and whether TextBlob and VADER point opposite ways (True counts as 1).
SCORES = ("polarity", "tone", "vader", "sentiment_disagree")


def theme_columns(articles: pd.DataFrame) -> list[str]:
    """Names of the theme flags in an analysed table (or its cells): ``T`` columns that have a ``T_hits`` column.

    Example
    -------
    >>> df = pd.DataFrame({"energy": [True], "energy_hits": [2], "polarity": [0.1]})
    >>> theme_columns(df)
    ['energy']
    """
    cols = [c for c in articles.columns if isinstance(c, str)]
    return [c for c in cols if not c.endswith("_hits") and f"{c}_hits" in articles.columns]


def is_cells(table: pd.DataFrame) -> bool:
    """Is ``table`` a cells table (rows standing for :data:`WEIGHT` articles each)?

    Example
    -------
    >>> is_cells(pd.DataFrame({"source": ["a"], "n_articles": [3]})), is_cells(pd.DataFrame({"source": ["a"]}))
    (True, False)
    """
    return WEIGHT in table.columns


def weights(table: pd.DataFrame) -> np.ndarray:
    """How many articles each row of ``table`` stands for: its :data:`WEIGHT` in a cells table, else 1.

    Example
    -------
    >>> weights(pd.DataFrame({"n_articles": [2, 5]})).tolist()
    [2, 5]
    """
    if is_cells(table):
        return table[WEIGHT].to_numpy(dtype="int64")
    return np.ones(len(table), dtype="int64")


def utc_times(values: pd.Series) -> pd.Series:
    """Publication times in UTC (NaT for unknown or unreadable); naive times are taken as UTC.

    Example
    -------
    >>> t = utc_times(pd.Series(["2017-01-02 10:00+03:00", None]))
    >>> str(t[0]), t.isna().tolist()
    ('2017-01-02 07:00:00+00:00', [False, True])
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC")
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.tz_localize("UTC")
    return pd.to_datetime(values, utc=True, errors="coerce", format="mixed")


def _day(values: pd.Series) -> pd.Series:
    return utc_times(values).dt.floor("D")


def flags(values: pd.Series) -> pd.Series:
    """A theme column as plain bools (missing values and counts below 1 are False).

    Example
    -------
    >>> flags(pd.Series([True, None, False], dtype="boolean")).tolist(), flags(pd.Series(["2", "0", "x"])).tolist()
    ([True, False, False], [True, False, False])
    """
    try:
        return values.astype("boolean").fillna(False).astype(bool)
    except (TypeError, ValueError):
        return pd.to_numeric(values, errors="coerce").fillna(0) > 0


def article_cells(articles: pd.DataFrame, *, themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Count ``articles`` by publication day (UTC), ``source`` and theme flags.

    Parameters
    ----------
    articles:
        Analysed articles (``published`` and ``source`` are used when present),
        or a cells table, which is returned re-added (:func:`combine`).
    themes:
        Theme columns to keep (default: :func:`theme_columns`). Their
        ``T_hits`` columns, when present, are summed per cell.

    Returns
    -------
    pandas.DataFrame
        One row per distinct key (missing dates and sources are cells of
        their own), sorted by key, with :data:`WEIGHT` and :data:`TOTALS`. Undated articles keep
        ``published`` NaT; a missing ``source`` stays missing. ``attrs["load_report"]`` is
        the articles' (:func:`analysis.load`), when they have one.

    Example
    -------
    >>> arts = pd.DataFrame({"source": ["a", "a", None], "energy": [True, True, True], "energy_hits": [1, 1, 4]})
    >>> article_cells(arts).values.tolist()
    [['a', True, 2, 2], [nan, True, 4, 1]]
    """
    if is_cells(articles):
        out = combine([articles])
        out.attrs = dict(articles.attrs)
        return out
    names = list(themes) if themes is not None else theme_columns(articles)
    missing = [t for t in names if t not in articles.columns]
    if missing:
        raise KeyError(f"articles lack theme column(s) {missing}; they have {list(map(str, articles.columns))}")
    frame = pd.DataFrame(index=articles.index)
    for key in KEYS:
        if key in articles.columns:
            frame[key] = _day(articles[key]) if key == "published" else articles[key].astype(object)
    for t in names:
        frame[t] = flags(articles[t])
    hits = [f"{t}_hits" for t in names if f"{t}_hits" in articles.columns]
    for h in [*hits, *(["n_words"] if "n_words" in articles.columns else [])]:
        frame[h] = pd.to_numeric(articles[h], errors="coerce").fillna(0).astype("int64")
    if "near_duplicate_of" in articles.columns:
        frame["n_near_duplicates"] = articles["near_duplicate_of"].notna().to_numpy(dtype="int64")
    for score in SCORES:
        if score in articles.columns:
            sums = score_sums(articles, score)
            for stat in sums.columns:
                frame[f"{score}_{stat}"] = sums[stat].to_numpy()
    frame[WEIGHT] = np.ones(len(frame), dtype="int64")
    out = _summed(frame)
    out.attrs = {k: v for k, v in articles.attrs.items() if k == "load_report"}  # what was loaded, and rejected
    return out


def _compare():
    from . import compare

    return compare


def _how(column: object) -> str | None:
    """How a column of a cells table is added up ("sum", "min", "max"), or None for a key."""
    if column == WEIGHT or column in TOTALS or (isinstance(column, str) and column.endswith("_hits")):
        return "sum"
    for score in SCORES:
        for stat, how in (("n", "sum"), ("sum", "sum"), ("sq", "sum"), ("min", "min"), ("max", "max")):
            if column == f"{score}_{stat}":
                return how
    return None


def _summed(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``frame`` with the same key (every column but the counts and sums) added up."""
    how = {c: _how(c) for c in frame.columns if _how(c) is not None}
    keys = [c for c in frame.columns if c not in how]
    if not keys:
        return (pd.DataFrame({c: [getattr(frame[c], f)()] for c, f in how.items()}) if len(frame)
                else frame.reset_index(drop=True))
    out = frame.groupby(keys, dropna=False, sort=True).agg(how).reset_index()
    for c in how:
        if c == WEIGHT or c in TOTALS or c.endswith("_hits"):
            out[c] = out[c].astype("int64")
    return out


def has_score(table: pd.DataFrame, score: str) -> bool:
    """Does ``table`` (articles, or their cells) hold the score ``score``?

    Example
    -------
    >>> arts = pd.DataFrame({"polarity": [0.1]})
    >>> has_score(arts, "polarity"), has_score(article_cells(arts), "polarity"), has_score(arts, "tone")
    (True, True, False)
    """
    return score in table.columns or f"{score}_sum" in table.columns


def score_sums(table: pd.DataFrame, score: str) -> pd.DataFrame:
    """The sums of ``score`` of each row of ``table`` (:data:`analysis.compare.SUMS`), from articles or their cells.

    What :func:`analysis.compare.mean_ci`, :func:`~analysis.compare.welch` and
    :func:`~analysis.compare.stratified_mean_diff` take in place of the scores.

    Example
    -------
    >>> arts = pd.DataFrame({"source": ["a", "a", "b"], "polarity": [0.5, 0.25, None]})
    >>> score_sums(article_cells(arts), "polarity").values.tolist()
    [[2.0, 0.75, 0.3125, 0.25, 0.5], [0.0, 0.0, 0.0, nan, nan]]
    """
    stats = _compare().SUMS
    if is_cells(table):
        columns = [f"{score}_{stat}" for stat in stats]
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise KeyError(f"the cells lack the sums of {score!r} ({missing})")
        return table[columns].set_axis(list(stats), axis=1)
    if score not in table.columns:
        raise KeyError(f"articles lack column {score!r}; they have {list(map(str, table.columns))}")
    return _compare().score_sums(table[score].astype("Float64") if score == "sentiment_disagree" else table[score])


def combine(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Add up cells tables (of chunks of one corpus, or of several corpora) into one.

    Example
    -------
    >>> a = article_cells(pd.DataFrame({"source": ["x", "y"], "energy": [True, False], "energy_hits": [1, 0]}))
    >>> b = article_cells(pd.DataFrame({"source": ["x"], "energy": [True], "energy_hits": [3]}))
    >>> combine([a, b]).values.tolist()
    [['x', True, 4, 2], ['y', False, 0, 1]]
    """
    given = list(parts)
    tables = [p for p in given if len(p)]
    if not tables:  # nothing counted: the columns of the first table, if any
        return _summed(given[0]) if given else pd.DataFrame({WEIGHT: pd.Series([], dtype="int64")})
    columns = list(tables[0].columns)
    for t in tables[1:]:
        if set(t.columns) != set(columns):
            raise ValueError(f"cells tables with different columns cannot be added: {columns} and {list(t.columns)}")
    return _summed(pd.concat([t[columns] for t in tables], ignore_index=True))


#: Scores of the sentences naming an actor that :func:`actor_cells` keeps as sums.
ACTOR_SCORES = ("tone", "polarity")


def actor_cells(articles: pd.DataFrame, actor_table: pd.DataFrame, *, themes: Sequence[str] | None = None
                ) -> pd.DataFrame:
    """Mentions of each actor counted by outlet and themes, with sums of the tone of the sentences naming it.

    One row per distinct (``actor``, ``source``, theme flags): :data:`WEIGHT`
    is the articles whose ``actors`` name the actor; ``n_sentences`` and the
    sums of :data:`ACTOR_SCORES` (:data:`analysis.compare.SUMS`) come from
    ``actor_table`` (``analysis.actor_sentiment``), one value per article: the
    mean over its rows for that article and actor, as
    :func:`analysis.narrate.actors` and :func:`analysis.plots.actor_sentiment`
    take it. Rows of ``actor_table`` whose article is not in ``articles`` are
    left out. Chunks' actor cells add up with :func:`combine`.

    Example
    -------
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "source": ["x.com", "y.com"],
    ...                      "actors": [["Iran", "Iraq"], ["Iran"]]})
    >>> tab = pd.DataFrame({"article_id": ["a", "a", "b", "z"], "actor": ["Iran", "Iraq", "Iran", "Iran"],
    ...                     "n_sentences": [2, 1, 3, 9], "tone": [0.1, -0.2, 0.3, 0.9]})
    >>> c = actor_cells(arts, tab)
    >>> c[["actor", "source", "n_articles", "n_sentences", "tone_n", "tone_sum"]].values.tolist()
    [['Iran', 'x.com', 1, 2, 1.0, 0.1], ['Iran', 'y.com', 1, 3, 1.0, 0.3], ['Iraq', 'x.com', 1, 1, 1.0, -0.2]]
    """
    from .tables import mention_pairs

    need = [c for c in ("article_id", "actors") if c not in articles.columns]
    if need:
        raise KeyError(f"articles lack column(s) {need}; they have {list(map(str, articles.columns))}")
    need = [c for c in ("article_id", "actor") if c not in actor_table.columns]
    if need:
        raise KeyError(f"the actor table lacks column(s) {need}; it has {list(map(str, actor_table.columns))}")
    names = list(themes) if themes is not None else theme_columns(articles)
    keys = pd.DataFrame(index=pd.RangeIndex(len(articles)))
    keys["actor"] = pd.Series([], dtype=object).reindex(keys.index)
    if "source" in articles.columns:
        keys["source"] = articles["source"].astype(object).to_numpy()
    for t in names:
        keys[t] = flags(articles[t]).to_numpy()
    rows, who = mention_pairs(articles["actors"])
    mentions = keys.iloc[rows].assign(actor=who).reset_index(drop=True)
    mentions[WEIGHT] = np.ones(len(mentions), dtype="int64")
    ids = pd.Index(articles["article_id"].astype(str).to_numpy())
    if not ids.is_unique:
        raise ValueError("articles hold an article_id twice: actor cells need one row per article")
    tab = actor_table.assign(article_id=actor_table["article_id"].astype(str).to_numpy())
    tab = tab[ids.get_indexer(tab["article_id"]) >= 0]
    scores = [s for s in ACTOR_SCORES if s in tab.columns]
    values = {s: pd.to_numeric(tab[s], errors="coerce").astype("float64") for s in scores}
    if "n_sentences" in tab.columns:
        values["n_sentences"] = pd.to_numeric(tab["n_sentences"], errors="coerce").fillna(0).astype("int64")
    how = {c: "sum" if c == "n_sentences" else "mean" for c in values}
    per = (tab[["article_id", "actor"]].assign(**values).groupby(["article_id", "actor"], sort=False).agg(how)
           .reset_index() if how else tab[["article_id", "actor"]].drop_duplicates())
    scored = keys.iloc[ids.get_indexer(per["article_id"])].assign(actor=per["actor"].astype(object).to_numpy())
    scored = scored.reset_index(drop=True)
    for s in scores:
        for stat, column in _compare().score_sums(per[s]).items():
            scored[f"{s}_{stat}"] = column.to_numpy()
    if "n_sentences" in per.columns:
        scored["n_sentences"] = per["n_sentences"].to_numpy(dtype="int64")
    key = list(keys.columns)
    # each side added up first (a row per mention, or per scored article and actor, is the large part), then put
    # side by side: a cell with mentions and no scores has sums of 0 and no smallest or largest value
    both = _summed(mentions).merge(_summed(scored), on=key, how="outer", sort=False)
    for c in both.columns:
        if c not in key and _how(c) == "sum":
            both[c] = both[c].fillna(0).astype("int64" if c == WEIGHT or c in TOTALS else "float64")
    return _summed(both[[*key, WEIGHT, *[c for c in scored.columns if c not in key]]])


def actor_pairs(actors: Iterable) -> pd.DataFrame:
    """Articles naming each pair of actors together, from a column of actor lists (``actors``).

    One row per pair named together in at least one article (``actor`` before ``with`` in sorting order),
    and one per actor with itself: the articles naming it. :data:`WEIGHT` counts the articles. Pairs of
    chunks add up with :func:`combine`.

    Example
    -------
    >>> actor_pairs([["Iran", "Iraq"], ["Iran"], ["Iraq", "Iran", "Iraq"]]).values.tolist()
    [['Iran', 'Iran', 3], ['Iran', 'Iraq', 2], ['Iraq', 'Iraq', 2]]
    """
    from .tables import mention_pairs

    rows, names = mention_pairs(actors)
    named = pd.DataFrame({"row": rows, "actor": names})
    both = named.merge(named.rename(columns={"actor": "with"}), on="row")
    both = both[both["actor"].to_numpy(dtype=object) <= both["with"].to_numpy(dtype=object)]
    out = both.groupby(["actor", "with"], sort=True).size().rename(WEIGHT).reset_index()
    out[WEIGHT] = out[WEIGHT].astype("int64")
    return out


def co_occurrence(articles: pd.DataFrame, *, themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Articles in each pair of themes (the diagonal: articles in the theme), from articles or their cells.

    Example
    -------
    >>> arts = pd.DataFrame({"energy": [True, True, False], "energy_hits": [1, 1, 0],
    ...                      "sanctions": [True, False, True], "sanctions_hits": [1, 0, 2]})
    >>> co_occurrence(arts).values.tolist()
    [[2, 1], [1, 2]]
    """
    names = list(themes) if themes is not None else theme_columns(articles)
    missing = [t for t in names if t not in articles.columns]
    if missing:
        raise KeyError(f"articles lack theme column(s) {missing}; they have {list(map(str, articles.columns))}")
    marks = np.column_stack([flags(articles[t]).to_numpy(dtype="int64") for t in names]) if names else \
        np.zeros((len(articles), 0), dtype="int64")
    counts = marks.T @ (marks * weights(articles)[:, None])
    return pd.DataFrame(counts, index=list(names), columns=list(names))
