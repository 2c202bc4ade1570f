"""Charts of analysed news articles, ready for notebooks rendered to HTML.

Every function takes a table (usually the analysed articles from
:func:`analysis.analyze`) plus ``ax=None``. When ``ax`` is ``None`` a new
figure with constrained layout is created; otherwise the chart is drawn into
the given Axes. Single-panel charts return the :class:`~matplotlib.axes.Axes`,
multi-panel charts return the :class:`~matplotlib.figure.Figure`.

The functions never call ``show()`` or ``savefig()``, never change
``matplotlib.rcParams`` or the style, and select no backend: ``pyplot`` is
imported only when a chart is drawn. Inputs are never modified.

Conventions shared by all charts:

* colours come from the Okabe-Ito palette (:data:`OKABE_ITO`), which stays
  distinguishable under the common colour-vision deficiencies; with more
  than eight groups, line styles (or hatching) repeat the colours;
* outlets are shown by name (:func:`outlet_label`), in order of article
  count, so an outlet keeps its colour from chart to chart of one table;
* axis labels carry units, dates use :class:`matplotlib.dates.ConciseDateFormatter`,
  and group sizes are shown as ``n = ...``; a grey note under the chart says
  what was left out (undated articles, thin weeks, small groups).
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..aggregate.cells import WEIGHT, is_cells, weights
from ..aggregate.tables import SANCTION_STATUSES, among, names_in, outlet_label, theme_label

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "OKABE_ITO",
    "outlet_label",
    "volume",
    "theme_attention",
    "sentiment_by",
    "theme_heatmap",
    "actor_sentiment",
    "co_mentions",
    "keywords",
    "sentiment_arc",
    "sanction_network",
    "sanction_timeline",
    "un_vote_table",
]

#: The Okabe-Ito colour-blind-safe palette (orange, sky blue, bluish green,
#: vermillion, blue, reddish purple, yellow, black), reordered so that yellow,
#: the weakest against white, and black come last.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#D55E00",
    "#0072B2",
    "#CC79A7",
    "#F0E442",
    "#000000",
)

_LINESTYLES = ("-", "--", ":", "-.")
_HATCHES = ("", "//", "..", "xx")
_GREY = "0.35"
_SEQUENTIAL = "cividis"  # perceptually uniform, designed for colour-vision deficiency
_THEMES = ("sanctions", "energy", "un_voting")

_MEASURES = {
    "tone": ("tone", "(−1 to 1)"),
    "polarity": ("polarity", "(−1 to 1)"),
    "subjectivity": ("subjectivity", "(0 to 1)"),
    "vader": ("VADER compound score", "(−1 to 1)"),
}


# --------------------------------------------------------------------------- labels


def _theme_label(name: str) -> str:
    return theme_label(name, capital=True)


def _default_measure(table: pd.DataFrame) -> str:
    """``"tone"`` when the table (or its cells) has tone values, else ``"polarity"``: :func:`analysis.narrate.measure`."""
    from .narrate import measure

    return measure(table)


def _by_name(by: str | None) -> str:
    if by in (None, "source"):
        return "outlet"
    return str(by).replace("_", " ")


def _a(word: str) -> str:
    """'outlet' -> 'an outlet', 'theme' -> 'a theme'."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _theme_colours(names: Sequence[str]) -> dict[str, str]:
    """Fixed colours for the packaged themes, the next palette colours for others."""
    out, extra = {}, 0
    for t in names:
        if t in _THEMES:
            out[t] = OKABE_ITO[(_THEMES.index(t) + 2) % len(OKABE_ITO)]
        else:
            out[t] = OKABE_ITO[(len(_THEMES) + 2 + extra) % len(OKABE_ITO)]
            extra += 1
    return out


def _wrap(text: str, width: int = 24) -> str:
    return textwrap.fill(str(text), width=width, break_long_words=False) or str(text)


def _n(n: int | float) -> str:
    return f"{int(n):,}"


def _labels(values: Iterable[Any], *, by: str | None = "source") -> dict[Any, str]:
    """Readable, unique label for each group value (duplicates get the raw value added)."""
    values = list(values)
    raw = {v: (outlet_label(v) if by in (None, "source") else str(v)) for v in values}
    seen = Counter(raw.values())
    return {v: (f"{lab} ({v})" if seen[lab] > 1 and lab != str(v) else lab) for v, lab in raw.items()}


def _literal_text(func):
    """Decorator of every chart: text from the data is drawn literally, never as mathtext.

    Outlet names, terms, actors, subjects and titles come from the data, where
    ``$`` pairs, ``_``, ``^`` and ``\\`` are ordinary characters; matplotlib would
    read a ``$...$`` pair as a formula (and abort drawing on a bad one). The
    charts use no formulas, so every text of the figure (titles, labels, tick
    labels, legends, annotations, table cells) is set not to parse math once
    the chart is drawn; ``get_text()`` gives back exactly the data's text.
    """
    import functools

    @functools.wraps(func)
    def chart(*args, **kwargs):
        out = func(*args, **kwargs)
        _no_mathtext(out if hasattr(out, "findobj") else None)
        return out

    return chart


def _no_mathtext(artist: Any) -> None:
    """Set ``parse_math=False`` on every text of ``artist`` (the chart's Axes or Figure; not other panels)."""
    from matplotlib.text import Text

    if artist is None:
        return
    for text in artist.findobj(Text):
        text.set_parse_math(False)
    for ax in getattr(artist, "axes", None) if not hasattr(artist, "tables") else [artist]:
        for table in ax.tables:
            for cell in table.get_celld().values():
                cell.get_text().set_parse_math(False)
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick.label1.set_parse_math(False)
                tick.label2.set_parse_math(False)

# --------------------------------------------------------------------------- helpers


def _plt():
    import matplotlib.pyplot as plt

    return plt


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, ax = _plt().subplots(figsize=figsize, layout="constrained")
    return ax


def _style(i: int) -> dict:
    return {"color": OKABE_ITO[i % len(OKABE_ITO)], "linestyle": _LINESTYLES[(i // len(OKABE_ITO)) % len(_LINESTYLES)]}


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"{what} lacks column(s) {missing}; it has {list(map(str, df.columns))}")


def _groups(values: pd.Series) -> pd.Series:
    """Group keys as plain objects, missing values as '(unknown)'."""
    return values.astype(object).where(values.notna(), "(unknown)")


def _order(groups: pd.Series, weight: np.ndarray | None = None) -> list:
    """Group values, largest first (``weight``: articles per row, default 1), ties by name (stable colours
    across charts)."""
    counts = pd.Series(np.ones(len(groups), dtype="int64") if weight is None else weight,
                       index=groups.index).groupby(groups).sum()
    return sorted(counts.index, key=lambda g: (-counts[g], str(g)))


def _present_order(full: pd.Series, present: Iterable[Any], weight: np.ndarray | None = None) -> tuple[list, dict]:
    """Groups of ``present`` in the order of the whole input ``full`` (largest first), and
    each group's palette position in that order, so a group keeps its colour however the
    rows are filtered (date range, actor, theme)."""
    order = _order(full, weight)
    here = set(present)
    position = {g: i for i, g in enumerate(order)}
    extra = sorted((g for g in here if g not in position), key=str)  # only when a join left gaps
    for g in extra:
        position[g] = len(position)
    return [g for g in order if g in here] + extra, position


def _flags(articles: pd.DataFrame, themes: Sequence[str] | None) -> pd.DataFrame:
    """Bool theme columns (missing -> False), in theme order."""
    if themes is None:
        themes = [c for c in articles.columns if f"{c}_hits" in articles.columns]
        if not themes:
            themes = [t for t in _THEMES if t in articles.columns]
        if not themes:
            raise KeyError("no theme columns found: expected bool columns T with a T_hits column "
                           "(as added by analysis.analyze); pass themes=[...]")
    else:
        themes = [themes] if isinstance(themes, str) else list(themes)
        _require(articles, themes, "articles")
        if not themes:
            raise ValueError("themes is empty")
    out = pd.DataFrame(index=articles.index)
    for t in themes:
        col = articles[t]
        out[t] = col.astype("boolean").fillna(False).astype(bool) if col.dtype != bool else col
    return out


def _naive_utc(values: pd.Series) -> pd.Series:
    """Datetimes in UTC without a time zone (NaT kept); naive input is taken as UTC."""
    s = pd.to_datetime(values, utc=True, errors="coerce")
    return s.dt.tz_localize(None)


def _unit(freq: str) -> str:
    """'W' -> 'week', '2W' -> '2 weeks', 'W-MON' -> 'week'."""
    m = re.fullmatch(r"\s*(\d*)\s*([A-Za-z]+?)(?:S|E)?(?:-\w+)?\s*", str(freq))
    names = {"D": "day", "B": "business day", "W": "week", "M": "month", "Q": "quarter", "Y": "year",
             "A": "year", "H": "hour", "h": "hour"}
    if not m or m.group(2) not in names and m.group(2).upper() not in names:
        return f"period ({freq})"
    name = names.get(m.group(2), names.get(m.group(2).upper()))
    k = int(m.group(1) or 1)
    return name if k == 1 else f"{k} {name}s"


def _bound(value: Any) -> pd.Timestamp | None:
    if value is None:
        return None
    ts = pd.Timestamp(value)
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts


def _period_counts(articles: pd.DataFrame, by: str, freq: str, start: Any = None,
                   end: Any = None) -> tuple[pd.DataFrame, pd.Series, dict]:
    """Periods and groups of the dated articles (or cells) in [start, end].

    Returns (frame[period, group, w], kept mask, {"undated": n, "outside": n, "start", "end"}), ``w`` being
    the articles a row stands for (:func:`analysis.aggregate.cells.weights`).
    """
    _require(articles, ["published", by], "articles")
    dates = _naive_utc(articles["published"])
    keep = dates.notna()
    if not keep.any():
        raise ValueError("no article has a publication date (published is all NaT)")
    lo, hi = _bound(start), _bound(end)
    if is_cells(articles) and any(b is not None and b != b.normalize() for b in (lo, hi)):
        raise ValueError(f"start and end must be whole dates on article cells (they count days), "
                         f"not start={start!r}, end={end!r}")
    wt = weights(articles)
    inside = keep.copy()
    if lo is not None:
        inside &= dates >= lo
    if hi is not None:
        inside &= dates < hi + pd.Timedelta(days=1) if hi == hi.normalize() else dates <= hi
    if not inside.any():
        raise ValueError(f"no dated article between start={start!r} and end={end!r}")
    frame = pd.DataFrame({"period": dates[inside].dt.to_period(freq), "group": _groups(articles.loc[inside, by]),
                          "w": wt[inside.to_numpy()]}, index=articles.index[inside])
    info = {"undated": int(wt[(~keep).to_numpy()].sum()), "outside": int(wt[(keep & ~inside).to_numpy()].sum()),
            "start": lo, "end": hi}
    return frame, inside, info


def _left_out(info: dict) -> str:
    """'12 articles without a date and 3 outside 2017-01-01 to 2017-03-31 not shown.' (or '')."""
    undated, outside = info["undated"], info["outside"]
    if not undated and not outside:
        return ""
    first = undated or outside
    parts = []
    if undated:
        parts.append("without a date")
    if outside:
        lo, hi = (d.strftime("%Y-%m-%d") if d is not None else None for d in (info["start"], info["end"]))
        parts.append(f"dated outside {lo} to {hi}" if lo and hi else f"dated before {lo}" if lo else f"dated after {hi}")
    text = f"{_n(first)} article{'s' if first != 1 else ''} {parts[0]}"
    if len(parts) == 2:
        text += f" and {_n(outside)} {parts[1]}"
    return text + " not shown."


def _full_periods(periods: pd.Series, freq: str) -> pd.PeriodIndex:
    return pd.period_range(periods.min(), periods.max(), freq=freq)


def _x(index: pd.PeriodIndex) -> np.ndarray:
    return index.to_timestamp(how="start").to_numpy()


def _date_axis(ax: Axes) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _note(ax: Axes, text: str, *, width: int = 110) -> None:
    """Small grey note under the x-axis label (kept inside the constrained layout)."""
    ax.annotate(
        _wrap(text, width),
        xy=(0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize="small",
        color=_GREY,
        annotation_clip=False,
    )


def _legend_right(ax: Axes, *, title: str | None = None, reverse: bool = False):
    handles, labels = ax.get_legend_handles_labels()
    if reverse:
        handles, labels = handles[::-1], labels[::-1]
    return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                     fontsize="small", title=title, title_fontsize="small", alignment="left")


def _text_colour(rgba) -> str:
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _orientation() -> dict:
    import inspect

    from matplotlib.axes import Axes

    if "orientation" in inspect.signature(Axes.boxplot).parameters:
        return {"orientation": "horizontal"}
    return {"vert": False}  # matplotlib < 3.10


# --------------------------------------------------------------------------- aggregation


def _weekly_share(articles: pd.DataFrame, *, theme: str, by: str = "source", freq: str = "W",
                  min_articles: int = 5, start: Any = None, end: Any = None) -> pd.DataFrame:
    """Per period and group: articles ``n``, theme articles ``k`` and ``share`` (% of ``n``).

    Every period between the first and last dated article appears for every
    group. ``share`` is NaN where ``n < min_articles``. Undated articles are
    left out, as are articles outside [start, end] (counts in ``attrs["left_out"]``).
    """
    frame, keep, info = _period_counts(articles, by, freq, start, end)
    flag = _flags(articles, [theme])[theme][keep]
    frame = frame.assign(k=flag.astype("int64") * frame["w"])
    order, _ = _present_order(_groups(articles[by]), frame["group"], weights(articles))
    grid = pd.MultiIndex.from_product([_full_periods(frame["period"], freq), order],
                                      names=["period", "group"])
    agg = frame.groupby(["period", "group"], sort=False).agg(n=("w", "sum"), k=("k", "sum"))
    out = agg.reindex(grid, fill_value=0).astype("int64").reset_index()
    share = 100.0 * out["k"] / out["n"].where(out["n"] > 0)
    out["share"] = share.where(out["n"] >= min_articles)
    out.attrs["left_out"] = info
    return out


def _actor_means(actor_table: pd.DataFrame, *, articles: pd.DataFrame | None, actors: Sequence[str] | None,
                 by: str | None, top: int, min_articles: int, measure: str = "polarity") -> pd.DataFrame:
    """Mean of article-level actor polarity per (actor, group), with a 95% t interval.

    The unit is the article: each row of ``actor_table`` is one article's mean
    polarity of the sentences mentioning the actor. ``half_width`` is
    ``t(0.975, n-1) * sd / sqrt(n)`` over those articles (NaN when ``n < 2``).
    """
    from ..aggregate.compare import score_sums

    if is_cells(actor_table):
        return _actor_means_of_cells(actor_table, articles=articles, actors=actors, by=by, top=top,
                                     min_articles=min_articles, measure=measure)
    _require(actor_table, ["article_id", "actor", measure], "actor_table")
    tab = actor_table[["article_id", "actor", measure] + ([by] if by and by in actor_table.columns else [])]
    if articles is not None and "article_id" in articles.columns:  # the actors of these articles only
        tab = tab[among(tab["article_id"].astype(str), articles["article_id"].dropna().astype(str))]
    if by is not None and by not in tab.columns:
        if articles is None:
            raise ValueError(f"actor_table has no {by!r} column: pass articles= to join it on article_id")
        _require(articles, ["article_id", by], "articles")
        key = articles[["article_id", by]].drop_duplicates("article_id")
        key = key.assign(article_id=key["article_id"].astype("string"))
        tab = tab.assign(article_id=tab["article_id"].astype("string")).merge(key, on="article_id", how="left")
    tab = tab.assign(group=_groups(tab[by]) if by is not None else "all articles").dropna(subset=[measure])
    if actors is None:
        per_actor = tab.groupby("actor")["article_id"].nunique()
        actors = sorted(per_actor.index, key=lambda a: (-per_actor[a], str(a)))[:top]
    else:
        actors = [a for a in ([actors] if isinstance(actors, str) else actors) if (tab["actor"] == a).any()]
    if not actors:
        raise ValueError("no actor to plot (actor_table is empty or lacks the requested actors)")
    tab = tab[tab["actor"].isin(actors)]
    out = _interval_table(score_sums(tab[measure]), tab["actor"].to_numpy(dtype=object),
                          tab["group"].to_numpy(dtype=object), min_articles)
    out.attrs["actors"] = list(actors)
    out.attrs["actor_n"] = tab.groupby("actor")["article_id"].nunique().to_dict()
    if articles is not None and by is not None and by in articles.columns:
        full = _groups(articles[by])
    else:
        full = tab.drop_duplicates(["article_id", "group"])["group"]
    out.attrs["groups"], out.attrs["palette"] = _present_order(full, tab["group"])
    return out


def _interval_table(sums: pd.DataFrame, actor: np.ndarray, group: np.ndarray, min_articles: int) -> pd.DataFrame:
    """Per (actor, group): ``n`` values, ``mean``, ``sd``, the 95% t ``half_width`` (NaN below 2 values) and
    ``shown`` (at least ``min_articles``), from score sums (:func:`analysis.compare.score_sums`)."""
    from scipy import stats

    from ..aggregate.compare import moments_by

    out = moments_by(sums, (actor, group)).rename_axis(["actor", "group"])
    out = out[out["size"] > 0].reset_index().rename(columns={"size": "n"})
    out["sd"] = np.sqrt(out.pop("var"))
    tq = stats.t.ppf(0.975, np.maximum(out["n"].to_numpy() - 1, 1))
    hw = tq * out["sd"].to_numpy() / np.sqrt(out["n"].to_numpy())
    out["half_width"] = np.where(out["n"].to_numpy() >= 2, hw, np.nan)
    out["shown"] = out["n"] >= min_articles
    return out


def _actor_means_of_cells(cells: pd.DataFrame, *, articles: pd.DataFrame | None, actors: Sequence[str] | None,
                          by: str | None, top: int, min_articles: int, measure: str) -> pd.DataFrame:
    """:func:`_actor_means` from :func:`analysis.aggregate.cells.actor_cells` (by outlet, or in one group)."""
    from ..aggregate.cells import has_score, score_sums

    if by not in (None, "source"):
        raise ValueError(f"actor cells are counted by outlet: by must be 'source' or None, not {by!r}")
    _require(cells, ["actor"] + ([by] if by else []), "actor cells")
    if not has_score(cells, measure):
        raise KeyError(f"actor cells lack the sums of {measure!r}")
    sums = score_sums(cells, measure)
    name = cells["actor"].astype(object).to_numpy()
    group = _groups(cells[by]).to_numpy() if by is not None else np.full(len(cells), "all articles", dtype=object)
    scored = sums["n"].groupby(name).sum()
    scored = scored[scored > 0]
    if actors is None:
        actors = sorted(scored.index, key=lambda a: (-scored[a], str(a)))[:top]
    else:
        actors = [a for a in ([actors] if isinstance(actors, str) else actors) if a in scored.index]
    if not actors:
        raise ValueError("no actor to plot (actor_table is empty or lacks the requested actors)")
    keep = np.isin(name, list(actors))
    out = _interval_table(sums[keep], name[keep], group[keep], min_articles)
    out.attrs["actors"] = list(actors)
    out.attrs["actor_n"] = {a: int(scored[a]) for a in actors}
    if articles is not None and by is not None and by in articles.columns:
        full, weight = _groups(articles[by]), weights(articles)
    else:  # the outlets by the articles that name the actors
        full, weight = pd.Series(group), cells[WEIGHT].to_numpy()
    out.attrs["groups"], out.attrs["palette"] = _present_order(full, out["group"], weight)
    return out


def _co_mention_matrix(pairs: pd.DataFrame, top: int) -> pd.DataFrame:
    """Articles mentioning both actors (diagonal: articles mentioning the actor), top actors, from
    :func:`analysis.aggregate.cells.actor_pairs`."""
    actor, other = pairs["actor"].astype(object).to_numpy(), pairs["with"].astype(object).to_numpy()
    own = pairs[actor == other]
    counts = dict(zip(own["actor"].astype(object), own[WEIGHT].astype("int64")))
    labels = sorted(counts, key=lambda a: (-counts[a], str(a)))[:top]
    position = {a: i for i, a in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for a, b, k in zip(actor, other, pairs[WEIGHT].to_numpy()):
        if a in position and b in position:
            m[position[a], position[b]] = m[position[b], position[a]] = k
    return pd.DataFrame(m, index=labels, columns=labels)


# --------------------------------------------------------------------------- charts


@_literal_text
def volume(articles: pd.DataFrame, *, by: str = "source", freq: str = "W", kind: str = "line",
           start: Any = None, end: Any = None, ax: Axes | None = None) -> Axes:
    """Number of articles per week (or other period) for each outlet.

    Parameters
    ----------
    articles:
        Table with ``published`` and the ``by`` column.
    by:
        Grouping column (default ``source``; outlets are named with :func:`outlet_label`).
    freq:
        Pandas period frequency: ``"W"`` (weeks starting Monday, default), ``"D"``, ``"M"``...
    kind:
        ``"line"`` (one line per group) or ``"area"`` (stacked areas: the top
        edge is the total).
    start, end:
        Only show articles published in this range (dates or timestamps,
        inclusive: an ``end`` date includes that whole day; naive values are UTC). Useful when a few stray dates
        stretch the axis; the articles left out are counted in the note.
    ax:
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        Undated articles (``NaT``) are left out and counted in a note under the chart.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["tass.com", "cnn.com", "tass.com"],
    ...                    "published": pd.to_datetime(["2017-01-02", "2017-01-03", None], utc=True)})
    >>> ax = volume(df)
    >>> ax.get_ylabel(), len(ax.get_lines())
    ('articles per week', 2)
    """
    if kind not in ("line", "area"):
        raise ValueError(f"kind must be 'line' or 'area', not {kind!r}")
    frame, _, info = _period_counts(articles, by, freq, start, end)
    order, pal = _present_order(_groups(articles[by]), frame["group"], weights(articles))
    table = frame.groupby(["period", "group"])["w"].sum().unstack("group", fill_value=0).reindex(
        index=_full_periods(frame["period"], freq), columns=order, fill_value=0)
    totals = table.sum()
    names = _labels(order, by=by)
    labels = [f"{names[g]} ({_n(totals[g])})" for g in order]
    x = _x(table.index)
    unit = _unit(freq)
    ax = _axes(ax, (9, 4.5))
    if kind == "line":
        for i, g in enumerate(order):
            ax.plot(x, table[g].to_numpy(), label=labels[i], linewidth=1.6, marker="o", markersize=2.5,
                    **_style(pal[g]))
    else:
        polys = ax.stackplot(x, table.to_numpy().T, labels=labels,
                             colors=[_style(pal[g])["color"] for g in order], alpha=0.9,
                             edgecolor="white", linewidth=0.4)
        for g, poly in zip(order, polys):
            poly.set_hatch(_HATCHES[(pal[g] // len(OKABE_ITO)) % len(_HATCHES)])
    ax.set_ylim(bottom=0)
    ax.margins(x=0.01)
    _date_axis(ax)
    ax.grid(axis="y", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(f"Articles per {unit} by {_by_name(by)}" + (" (stacked)" if kind == "area" else ""))
    ax.set_xlabel(f"{unit} starting (UTC)" if unit != "day" else "date (UTC)")
    ax.set_ylabel(f"articles per {unit}")
    _legend_right(ax, title=f"{_by_name(by)} (articles)", reverse=(kind == "area"))
    note = f"n = {_n(totals.sum())} articles shown. " + _left_out(info)
    _note(ax, note)
    return ax


@_literal_text
def theme_attention(articles: pd.DataFrame, *, themes: Sequence[str] | None = None, by: str = "source",
                    freq: str = "W", min_articles: int = 5, start: Any = None, end: Any = None,
                    standardise: bool = True, ax: Axes | Sequence[Axes] | None = None) -> Figure:
    """Share of each outlet's articles that are about each theme, per week: one panel per theme.

    A share of *all* articles would change whenever the mix of outlets changes
    (one outlet writing most of a week), so no such line is drawn. Instead,
    with ``standardise=True`` (default) a thick black line gives the share at
    a fixed outlet mix: each outlet's share in the week, weighted by its share
    of all the articles in view (:func:`analysis.compare.standardised_series`).
    Weeks in which the outlets with at least ``min_articles`` articles make up
    less than :data:`analysis.compare.MIN_COVERAGE` of that mix (a different
    outlet mix, or no articles at all) are shaded grey and the black line is
    broken there: they cannot be put on the same line. The axis runs from
    the first to the last period in which some outlet has ``min_articles``;
    the articles of the periods before and after are counted in the note.

    Parameters
    ----------
    articles:
        Analysed articles: ``published``, the ``by`` column and bool theme columns.
    themes:
        Theme columns to show (default: every ``T`` with a ``T_hits`` column).
    by, freq:
        Grouping column and pandas period frequency (default weekly).
    min_articles:
        A group's share is not drawn for a period in which it has fewer
        articles than this (a share of 1 article in 2 says little); how many
        group-periods were skipped is noted under the chart.
    start, end:
        Only use articles published in this range (see :func:`volume`).
    standardise:
        Draw the fixed-mix line and shade the periods that are not comparable.
    ax:
        One Axes per theme (a sequence, or a single Axes for one theme) to draw
        into; a new figure when ``None``.

    Returns
    -------
    matplotlib.figure.Figure

    Example
    -------
    >>> df = pd.DataFrame({"source": ["cnn.com"] * 6, "energy": [True, False] * 3,
    ...                    "published": pd.to_datetime(["2017-01-02"] * 6, utc=True)})
    >>> fig = theme_attention(df, themes=["energy"])
    >>> [a.get_title() for a in fig.axes]
    ['Energy (n = 3 articles)']
    >>> [l.get_label() for l in fig.axes[0].get_lines()]
    ['CNN (6)', 'all outlets, at a fixed outlet mix']
    """
    from matplotlib.patches import Patch

    from ..aggregate.compare import MIN_COVERAGE, standardised_series

    flags = _flags(articles, themes)
    names = list(flags.columns)
    tables = {t: _weekly_share(articles, theme=t, by=by, freq=freq, min_articles=min_articles, start=start, end=end)
              for t in names}
    first = tables[names[0]]
    info = first.attrs["left_out"]
    order = list(dict.fromkeys(first["group"]))
    _, pal = _present_order(_groups(articles[by]), order, weights(articles))
    present = first[first["n"] > 0]
    skipped = int((present["n"] < min_articles).sum())
    unit = _unit(freq)
    totals = {t: int(tables[t]["k"].sum()) for t in names}
    # the axis runs from the first to the last period with something drawn: a stretch of months with a
    # handful of articles before or after would squeeze the rest into a sliver (its articles are counted)
    drawn = first.loc[first["share"].notna(), "period"]
    trimmed = 0
    if len(drawn):
        p_lo, p_hi = drawn.min(), drawn.max()
        before = int(first.loc[first["period"] < p_lo, "n"].sum())
        after = int(first.loc[first["period"] > p_hi, "n"].sum())
        trimmed = before + after
        tables = {t: tab[(tab["period"] >= p_lo) & (tab["period"] <= p_hi)] for t, tab in tables.items()}
    std: dict[str, pd.DataFrame] = {}
    if standardise:
        frame, keep, _ = _period_counts(articles, by, freq, start, end)
        full = _full_periods(frame["period"], freq)
        if len(drawn):
            full = pd.period_range(p_lo, p_hi, freq=freq)
        for t in names:
            series = standardised_series(flags[t][keep].to_numpy(), frame["period"].to_numpy(),
                                         frame["group"].to_numpy(), min_stratum=min_articles,
                                         weight=frame["w"].to_numpy())
            series = series.reindex(full)
            series["comparable"] = series["comparable"].astype("boolean").fillna(False).astype(bool)
            std[t] = series
    if ax is None:
        fig, axes = _plt().subplots(len(names), 1, figsize=(9, 1.4 + 2.4 * len(names)), sharex=True,
                                    layout="constrained", squeeze=False)
        axes = list(axes[:, 0])
        own = True
    else:
        from matplotlib.axes import Axes as _Axes

        axes = [ax] if isinstance(ax, _Axes) else list(np.ravel(np.asarray(ax, dtype=object)))
        if len(axes) != len(names):
            raise ValueError(f"ax must hold one Axes per theme ({len(names)}), got {len(axes)}")
        fig = axes[0].figure
        own = False
    label_of = _labels(order, by=by)
    n_by = present.groupby("group")["n"].sum()
    word = _by_name(by)
    for a, t in zip(axes, names):
        tab = tables[t]
        wide = tab.pivot(index="period", columns="group", values="share").reindex(columns=order)
        x = _x(pd.PeriodIndex(wide.index))
        for i, g in enumerate(order):
            a.plot(x, wide[g].to_numpy(), marker="o", markersize=3, linewidth=1.2, alpha=0.8,
                   label=f"{label_of[g]} ({_n(n_by.get(g, 0))})", **_style(pal[g]))
        top = np.nanmax(wide.to_numpy(dtype=float)) if wide.notna().any().any() else 0
        if standardise:
            series = std[t]
            idx = pd.PeriodIndex(series.index)
            a.plot(_x(idx), 100 * series["std_share"].to_numpy(dtype=float), color="black", linewidth=2.6,
                   marker="o", markersize=4, zorder=5, label=f"all {word}s, at a fixed {word} mix", gid="standardised")
            starts = idx.to_timestamp(how="start")
            ends = (idx + 1).to_timestamp(how="start")
            for s0, s1, ok in zip(starts, ends, series["comparable"]):
                if not ok:
                    a.axvspan(s0, s1, color="0.88", linewidth=0, zorder=0, gid="not comparable")
        a.set_title(f"{_theme_label(t)} (n = {_n(totals[t])} articles)")
        a.set_ylabel("share of outlet's\narticles (%)" if by == "source" else f"share of {word}'s\narticles (%)")
        a.set_ylim(0, min(100, max(5.0, top * 1.1)) if top <= 100 else None)
        a.grid(axis="y", color="0.9", linewidth=0.8)
        a.set_axisbelow(True)
        _date_axis(a)
        if own and a is not axes[-1]:
            a.set_xlabel("")
    axes[-1].set_xlabel(f"{unit} starting (UTC)")
    handles, labels = axes[0].get_legend_handles_labels()
    if standardise:
        handles.append(Patch(facecolor="0.88", label=f"{unit}s not comparable"))
        labels.append(f"{unit}s not comparable")
    title = f"{word} (articles)"
    if own:
        fig.legend(handles, labels, loc="outside right upper", frameon=False, fontsize="small",
                   title=title, title_fontsize="small", alignment="left")
        head = f"Share of each {word}'s articles that are about each theme, per {unit}"
        if standardise:
            head += f"\nblack: all {word}s at a fixed {word} mix; grey: {unit}s not comparable"
        fig.suptitle(head, fontsize="medium", x=0.02, ha="left")
    else:
        axes[0].legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                       fontsize="small", title=title, title_fontsize="small", alignment="left")
    note = (f"A line is broken where {_a(word)} published fewer than {min_articles} articles in a {unit} "
            f"({_n(skipped)} of {_n(len(present))} {word}-{unit}s not shown).")
    if trimmed:
        day = lambda period: pd.Period(period, freq=freq).start_time.strftime("%Y-%m-%d")  # noqa: E731
        where = [f"{_n(k)} article{'s' if k != 1 else ''} {when}" for k, when in
                 ((before, f"before {day(p_lo)}"), (after, f"from {day(p_hi + 1)} on")) if k]
        note += (f" Outside the chart, where no {word} published {min_articles} or more articles in a {unit}: "
                 + " and ".join(where) + ".")
    if standardise:
        note += (f" Black line: each {word}'s share weighted by its share of all articles shown, so a change in "
                 f"which {word}s published does not move it; drawn only where the {word}s present make up at "
                 f"least {MIN_COVERAGE:.0%} of that mix.")
    if _left_out(info):
        note += " " + _left_out(info)
    _note(axes[-1], note)
    return fig


@_literal_text
def sentiment_by(articles: pd.DataFrame, *, by: str = "source", measure: str | None = None, kind: str = "box",
                 themes: Sequence[str] | None = None, ax: Axes | None = None) -> Axes:
    """Distribution of article sentiment per outlet (or per theme), as boxes or violins.

    Parameters
    ----------
    articles:
        Analysed articles with the ``measure`` column.
    by:
        Grouping column, or ``"theme"``: one group per bool theme column
        (articles in the theme; an article can be in several groups).
    measure:
        ``"tone"`` (the default when the column is present), ``"polarity"``
        (the default otherwise), ``"subjectivity"``, ``"vader"`` or another numeric column.
    kind:
        ``"box"`` (median, middle half, whiskers to 1.5 IQR) or ``"violin"``.
    themes:
        Theme columns for ``by="theme"`` (default: all).
    ax:
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        Groups run bottom to top by increasing median; each tick label gives
        the group's n (articles with a score). Given a report's
        ``bundle.scores(...)`` (a bounded sample per group for a large
        corpus), a group drawn from a sample says "n = drawn of all" and the
        note says how it was drawn.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["tass.com", "tass.com", "cnn.com", "cnn.com"],
    ...                    "polarity": [0.1, 0.3, -0.2, 0.0]})
    >>> [t.get_text() for t in sentiment_by(df).get_yticklabels()]
    ['CNN (n = 2)', 'TASS (n = 2)']
    """
    if kind not in ("box", "violin"):
        raise ValueError(f"kind must be 'box' or 'violin', not {kind!r}")
    measure = _default_measure(articles) if measure is None else measure
    _require(articles, [measure], "articles")
    values = pd.to_numeric(articles[measure], errors="coerce").astype("float64")
    drawn = articles.attrs.get("sample") or {}
    if drawn.get("by") != by or drawn.get("measure") != measure:
        drawn = {}
    totals = drawn.get("totals", {})
    groups: list[tuple[str, np.ndarray]] = []
    of: dict[str, int] = {}  # label -> scored articles of the group, when more than are drawn
    if by == "theme":
        flags = _flags(articles, themes)
        for t in flags.columns:
            groups.append((_theme_label(t), values[flags[t]].dropna().to_numpy()))
            of[_theme_label(t)] = totals.get(t, 0)
    else:
        _require(articles, [by], "articles")
        keys = _groups(articles[by])
        names = _labels(_order(keys), by=by)
        for g, lab in names.items():
            groups.append((lab, values[keys == g].dropna().to_numpy()))
            of[lab] = totals.get(g, 0)
    groups = [(lab, v) for lab, v in groups if len(v)]
    sampled = {lab: of[lab] for lab, v in groups if of.get(lab, 0) > len(v)}
    if not groups:
        raise ValueError(f"no {measure} values to plot")
    groups.sort(key=lambda lv: (np.median(lv[1]), lv[0]))
    data = [v for _, v in groups]
    pos = np.arange(1, len(groups) + 1)
    ax = _axes(ax, (8, 1.2 + 0.45 * len(groups)))
    colour = OKABE_ITO[4]
    if kind == "box":
        parts = ax.boxplot(data, positions=pos, widths=0.6, patch_artist=True, manage_ticks=False,
                           flierprops={"marker": "o", "markersize": 2.5, "markerfacecolor": _GREY,
                                       "markeredgecolor": "none", "alpha": 0.6},
                           medianprops={"color": "black", "linewidth": 1.6}, **_orientation())
        for line in parts["medians"]:
            line.set_gid("median")
        for box in parts["boxes"]:
            box.set_facecolor(OKABE_ITO[1])
            box.set_edgecolor(colour)
            box.set_alpha(0.9)
    else:
        ok = [i for i, v in enumerate(data) if len(np.unique(v)) >= 2]
        if ok:
            parts = ax.violinplot([data[i] for i in ok], positions=pos[ok], widths=0.8, showmedians=True,
                                  showextrema=False, **_orientation())
            for body in parts["bodies"]:
                body.set_facecolor(OKABE_ITO[1])
                body.set_edgecolor(colour)
                body.set_alpha(0.8)
            parts["cmedians"].set_color("black")
        for i, v in enumerate(data):
            if i not in ok:
                ax.plot(v, np.full(len(v), pos[i]), "o", color=colour, markersize=4)
    ax.set_yticks(pos, [f"{_wrap(lab)} (n = {_n(len(v))}" + (f" of {_n(sampled[lab])})" if lab in sampled else ")")
                        for lab, v in groups])
    ax.set_ylim(0.4, len(groups) + 0.6)
    name, scale = _MEASURES.get(measure, (measure.replace("_", " "), ""))
    if np.nanmin(np.concatenate(data)) < 0 < np.nanmax(np.concatenate(data)) or scale == "(−1 to 1)":
        ax.axvline(0, color="0.6", linewidth=0.8, zorder=0)
    ax.grid(axis="x", color="0.92", linewidth=0.8)
    ax.set_axisbelow(True)
    group_word = "theme" if by == "theme" else _by_name(by)
    ax.set_title(f"Article {name} by {group_word}")
    ax.set_xlabel(f"article {name} {scale}".strip())
    ax.set_ylabel(f"{group_word} (articles)")
    how = ("box: middle half of the articles, line: median, whiskers: up to 1.5 × the box length"
           if kind == "box" else "width: how many articles have that score, line: median")
    extra = "; an article can be in several themes" if by == "theme" else ""
    if sampled:
        k = _n(drawn["per_group"])
        _note(ax, f"n = articles with a score ({_n(sum(len(v) for v in data))} shown{extra}; {_a(group_word)} with "
                  f"more than {k} is shown by a random sample of {k}, labelled \"n = {k} of\" its total); {how}.",
              width=90)
    else:
        _note(ax, f"n = articles with a score ({_n(sum(len(v) for v in data))} in all{extra}); {how}.", width=90)
    return ax


@_literal_text
def theme_heatmap(articles: pd.DataFrame, *, themes: Sequence[str] | None = None, by: str = "source",
                  ax: Axes | None = None) -> Axes:
    """Share (%) of each outlet's articles in each theme, as an annotated heatmap.

    Rows are outlets (largest first, with n), columns are themes. An article
    can be in several themes, so a row need not add up to 100%.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["tass.com"] * 4, "energy": [True, False, False, False]})
    >>> ax = theme_heatmap(df, themes=["energy"])
    >>> float(ax.images[0].get_array()[0, 0])
    25.0
    """
    flags = _flags(articles, themes)
    _require(articles, [by], "articles")
    keys = _groups(articles[by])
    wt = weights(articles)
    order = _order(keys, wt)
    counts = pd.Series(wt, index=keys.index).groupby(keys).sum().reindex(order)
    share = (flags.mul(wt, axis=0).groupby(keys).sum().reindex(order).div(counts, axis=0) * 100.0)
    names = _labels(order, by=by)
    ax = _axes(ax, (2.2 + 1.3 * flags.shape[1], 1.4 + 0.42 * len(order)))
    values = share.to_numpy(dtype=float)
    vmax = max(float(np.nanmax(values)) if values.size else 0.0, 1.0)
    im = ax.imshow(values, cmap=_SEQUENTIAL, vmin=0, vmax=vmax, aspect="auto", interpolation="nearest")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v:.1f}%" if v < 99.95 else "100%", ha="center", va="center", fontsize="small",
                color=_text_colour(im.cmap(im.norm(v))))
    ax.set_xticks(range(flags.shape[1]), [_wrap(_theme_label(t), 12) for t in flags.columns])
    ax.set_yticks(range(len(order)), [f"{_wrap(names[g])} (n = {_n(counts[g])})" for g in order])
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    cb = ax.figure.colorbar(im, ax=ax, shrink=0.9, pad=0.02)
    word = _by_name(by)
    cb.set_label(f"share of {word}'s articles (%)")
    ax.set_title(f"Share of each {word}'s articles in each theme")
    ax.set_xlabel("theme")
    ax.set_ylabel(f"{word} (articles)")
    _note(ax, "An article can be in several themes, so a row need not add up to 100%.", width=60)
    return ax


@_literal_text
def actor_sentiment(actor_table: pd.DataFrame, *, articles: pd.DataFrame | None = None,
                    actors: Sequence[str] | None = None, by: str | None = "source", top: int = 8,
                    min_articles: int = 5, measure: str | None = None, ax: Axes | None = None) -> Axes:
    """Mean tone (or polarity) of the sentences about each actor, per outlet, with 95% confidence intervals.

    Parameters
    ----------
    actor_table:
        ``analysis.actor_sentiment`` output: one row per (article, actor) with
        ``tone`` and ``polarity`` = mean tone and polarity of that article's
        sentences mentioning the actor (``tone`` is plotted when present).
    articles:
        Article table with ``article_id`` and ``by``, joined on ``article_id``
        when ``actor_table`` lacks the ``by`` column; rows of ``actor_table``
        of other articles are left out. Or their cells, with ``actor_table``
        given as :func:`analysis.aggregate.cells.actor_cells`.
    actors:
        Actors to show, top to bottom (default: the ``top`` actors mentioned in most articles).
    by:
        Grouping column (default ``source``); ``None`` for one group.
    min_articles:
        Outlet-actor pairs with fewer articles are not drawn (noted under the chart).
    measure:
        The score column: ``"tone"`` when the table has one, else ``"polarity"``.
    ax:
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        A point is the mean over articles of the article-level score; the
        bar is a 95% **t-interval over articles**: mean ± t(0.975, n−1)·sd/√n
        with n the number of articles (articles, not sentences, are the
        sampling unit, since sentences of one article are not independent).

    Example
    -------
    >>> tab = pd.DataFrame({"article_id": list("abcdef"), "actor": ["Russia"] * 6,
    ...                     "polarity": [0.1, 0.2, 0.0, -0.1, 0.3, 0.1], "source": ["tass.com"] * 6})
    >>> ax = actor_sentiment(tab)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Russia\\n(n = 6 articles)']
    """
    measure = _default_measure(actor_table) if measure is None else measure
    stats = _actor_means(actor_table, articles=articles, actors=actors, by=by, top=top,
                         min_articles=min_articles, measure=measure)
    mname = _MEASURES.get(measure, (measure.replace("_", " "), ""))[0]
    actor_order = stats.attrs["actors"]
    group_order = stats.attrs["groups"]
    shown = stats[stats["shown"]]
    n_groups = len(group_order)
    step = min(0.84 / max(n_groups, 1), 0.25)
    ax = _axes(ax, (9, 1.6 + len(actor_order) * (0.15 + 0.12 * max(n_groups, 2))))
    names = _labels(group_order, by=by)
    centre = {a: -i for i, a in enumerate(actor_order)}
    for i in range(len(actor_order)):
        if i % 2 == 1:
            ax.axhspan(-i - 0.5, -i + 0.5, color="0.95", zorder=0, linewidth=0)
    for k, g in enumerate(group_order):
        rows = shown[shown["group"] == g]
        if rows.empty:
            continue
        y = np.array([centre[a] for a in rows["actor"]]) + (n_groups - 1) / 2 * step - k * step
        st = _style(stats.attrs["palette"][g])
        err = ax.errorbar(rows["mean"].to_numpy(), y, xerr=rows["half_width"].fillna(0).to_numpy(), fmt="o",
                          color=st["color"], markersize=4, capsize=1.5, elinewidth=1.1,
                          label=f"{names[g]}")
        if st["linestyle"] != "-":
            err.lines[2][0].set_linestyle(st["linestyle"])
            err.lines[0].set_marker("s")
    ax.axvline(0, color="0.6", linewidth=0.8, zorder=1)
    for a in actor_order:  # a row with no point says why, so it is not read as missing data
        if not (shown["actor"] == a).any():
            ax.text(0.01, centre[a], f"no {_by_name(by) if by is not None else 'group'} with {min_articles} or more "
                    "articles about this actor", transform=ax.get_yaxis_transform(), va="center", ha="left",
                    fontsize=8, color="0.45", style="italic")
    n_actor = stats.attrs["actor_n"]
    ax.set_yticks([centre[a] for a in actor_order],
                  [f"{_wrap(a, 20)}\n(n = {_n(n_actor[a])} articles)" for a in actor_order])
    ax.set_ylim(-len(actor_order) + 0.5, 0.5)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="0.9", linewidth=0.8)
    ax.set_title(f"Mean {mname} of sentences about each actor" + (f", by {_by_name(by)}" if by is not None else ""))
    ax.set_xlabel(f"mean {mname} (−1 to 1) of the sentences mentioning the actor")
    ax.set_ylabel("actor")
    if by is not None:
        _legend_right(ax, title=_by_name(by))
    hidden = int((~stats["shown"]).sum())
    note = (f"Point: mean over articles of each article's mean sentence {mname} about the actor; "
            "bar: 95% t-interval over articles.")
    if hidden:
        note += f" {_n(hidden)} {_by_name(by)}-actor pair{'s' if hidden != 1 else ''} with fewer than {min_articles} articles not shown."
    _note(ax, note, width=100)
    return ax


@_literal_text
def co_mentions(articles: pd.DataFrame, *, top: int = 12, col: str = "actors", pairs: pd.DataFrame | None = None,
                ax: Axes | None = None) -> Axes:
    """How many articles mention both of two actors, for the most-mentioned actors.

    The diagonal (grey) is the number of articles mentioning the actor; the
    colour scale covers the off-diagonal cells only, so the large diagonal
    does not wash out the pairs. The pairs are counted from the ``col``
    lists of ``articles``, or given as ``pairs``
    (:func:`analysis.aggregate.cells.actor_pairs`, as a report's
    ``bundle.actor_pairs``), ``articles`` then counting the articles (or
    their cells) for the note.

    Example
    -------
    >>> df = pd.DataFrame({"actors": [["Russia", "China"], ["Russia"], []]})
    >>> ax = co_mentions(df)
    >>> sorted(t.get_text() for t in ax.texts if t.get_text().isdigit())
    ['1', '1', '1', '2']
    """
    from ..aggregate.cells import actor_pairs

    if pairs is None:
        _require(articles, [col], "articles")
        pairs = actor_pairs(articles[col])
    m = _co_mention_matrix(pairs, top)
    if m.empty:
        raise ValueError(f"no actor is mentioned ({col!r} is empty in every article)")
    plt = _plt()
    k = len(m)
    ax = _axes(ax, (2.5 + 0.6 * k, 2.0 + 0.5 * k))
    values = m.to_numpy(dtype=float)
    colour = values.copy()
    np.fill_diagonal(colour, np.nan)
    off = colour[~np.isnan(colour)]
    vmax = max(float(off.max()) if off.size else 0.0, 1.0)
    cmap = plt.get_cmap(_SEQUENTIAL).with_extremes(bad="0.88")
    im = ax.imshow(colour, cmap=cmap, vmin=0, vmax=vmax, aspect="auto", interpolation="nearest")
    for (i, j), v in np.ndenumerate(values):
        diag = i == j
        ax.text(j, i, _n(v), ha="center", va="center", fontsize="small" if k <= 12 else "x-small",
                fontweight="bold" if diag else "normal",
                color="black" if diag else _text_colour(im.cmap(im.norm(v))))
    labels = [_wrap(a, 16) for a in m.index]
    ax.set_xticks(range(k), labels, rotation=40, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(k), labels)
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    cb = ax.figure.colorbar(im, ax=ax, shrink=0.85, pad=0.02)
    cb.set_label("articles mentioning both actors")
    ax.set_title("Actors mentioned in the same article")
    ax.set_xlabel("actor")
    ax.set_ylabel("actor")
    _note(ax, f"n = {_n(int(weights(articles).sum()))} articles. Cells: articles mentioning both actors; "
              "diagonal (grey, bold): articles mentioning the actor.", width=70)
    return ax


@_literal_text
def keywords(table: pd.DataFrame, *, group: Any, top: int = 15, ax: Axes | None = None) -> Axes:
    """Keywords most distinctive of one group against the rest, as bars of their z scores.

    Parameters
    ----------
    table:
        Keywords table with ``group``, ``term``, ``z``, ``count``, ``count_rest``
        and ``rank`` (``log_odds`` is not needed).
    group:
        The group to show (an outlet's domain is shown by name).
    top:
        Number of terms (by ``rank``, else by ``z``).

    Returns
    -------
    matplotlib.axes.Axes
        Bars run from the most distinctive term at the top; each is annotated
        with how often the term occurs in the group (and in how many of its
        articles, when the table has ``n_articles``) and in the rest.

    Example
    -------
    >>> kw = pd.DataFrame({"group": ["tass.com"] * 2, "term": ["kremlin", "minsk"], "z": [5.0, 3.0],
    ...                    "log_odds": [1.0, 0.7], "count": [40, 12], "count_rest": [3, 1], "rank": [1, 2]})
    >>> ax = keywords(kw, group="tass.com")
    >>> ax.get_title(), [float(b.get_width()) for b in ax.patches]
    ('Words most distinctive of TASS', [5.0, 3.0])
    """
    _require(table, ["group", "term", "z"], "keywords table")
    rows = table[table["group"] == group]
    if rows.empty:
        known = list(pd.unique(table["group"]))[:20]
        raise ValueError(f"group {group!r} not in the keywords table; groups include {known}")
    rows = rows.sort_values("rank" if "rank" in rows.columns else "z", ascending="rank" in rows.columns,
                            kind="stable").head(top)
    k = len(rows)
    ax = _axes(ax, (7.5, 1.4 + 0.32 * k))
    y = np.arange(k)[::-1]
    z = rows["z"].to_numpy(dtype=float)
    ax.barh(y, z, color=[OKABE_ITO[4] if v >= 0 else OKABE_ITO[3] for v in z], height=0.7)
    counted = {"count", "count_rest"} <= set(rows.columns)
    in_articles = counted and "n_articles" in rows.columns
    if counted:
        docs = rows["n_articles"] if in_articles else [None] * k
        for yi, zi, c, r, d in zip(y, z, rows["count"], rows["count_rest"], docs):
            label = f"{_n(c)} in {_n(d)} {'article' if d == 1 else 'articles'} vs {_n(r)}" if in_articles \
                else f"{_n(c)} vs {_n(r)}"
            ax.annotate(label, (zi, yi), xytext=(3 if zi >= 0 else -3, 0), textcoords="offset points",
                        ha="left" if zi >= 0 else "right", va="center", fontsize="x-small", color=_GREY)
    ax.set_yticks(y, [_wrap(t, 28) for t in rows["term"].astype(str)])
    ax.margins(x=0.3 if in_articles else 0.18)
    if (z < 0).any():
        ax.axvline(0, color="0.4", linewidth=0.8)
    else:
        ax.set_xlim(left=0)
    ax.grid(axis="x", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    name = outlet_label(group)
    ax.set_title(f"Words most distinctive of {name}")
    ax.set_xlabel("z score (log-odds ratio ÷ its standard error)")
    ax.set_ylabel("term")
    note = ("z ranks the words by how distinctive they are; with thousands of words compared, many pass z = 2 "
            "by chance alone, so it is an order, not a test.")
    if in_articles:
        note = (f"Numbers: times the term occurs in {name}, in how many of its articles, vs times in all other "
                f"groups; a term of few articles is one story's word. " + note)
    elif counted:
        note = f"Numbers: times the term occurs in {name} vs in all other groups. " + note
    _note(ax, note, width=80)
    return ax


@_literal_text
def sentiment_arc(sentences: pd.DataFrame, *, article_id: Any, evidence: pd.DataFrame | None = None,
                  title: str | None = None, measure: str | None = None, ax: Axes | None = None) -> Axes:
    """Tone (or polarity) sentence by sentence through one article, with the sentences that hit each theme.

    Parameters
    ----------
    sentences:
        ``analysis.sentences`` output (``article_id``, ``sentence_no``, ``polarity``;
        ``sentence_no`` counts from 0 and is shown counting from 1).
    article_id:
        The article to show.
    evidence:
        ``analysis.evidence`` output; each theme's hits are shaded as a
        coloured band over their sentences (one column of each sentence per
        theme, so overlapping themes stay visible). When ``None`` and
        ``sentences`` has a ``themes`` column, that is used.
    title:
        Chart title (default names the article id).
    measure:
        The sentence score drawn: ``"tone"`` (the default when the table has it) or
        ``"polarity"`` (TextBlob's; the default otherwise).
    ax:
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> s = pd.DataFrame({"article_id": ["a"] * 3, "sentence_no": [0, 1, 2], "polarity": [0.2, -0.4, 0.0]})
    >>> ev = pd.DataFrame({"article_id": ["a"], "theme": ["energy"], "sentence_no": [1]})
    >>> ax = sentiment_arc(s, article_id="a", evidence=ev)
    >>> ax.get_lines()[0].get_xdata().tolist(), [t.get_text() for t in ax.get_legend().get_texts()][-1]
    ([1, 2, 3], 'Energy (1 sentence)')
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    measure = _default_measure(sentences) if measure is None else measure
    _require(sentences, ["article_id", "sentence_no", measure], "sentences")
    rows = sentences[sentences["article_id"] == article_id].sort_values("sentence_no", kind="stable")
    if rows.empty:
        raise ValueError(f"article {article_id!r} has no sentences in the table")
    x = rows["sentence_no"].to_numpy(dtype=np.int64) + 1
    y = pd.to_numeric(rows[measure], errors="coerce").to_numpy(dtype=float)
    word = "tone" if measure == "tone" else "polarity" if measure == "polarity" else measure
    hits: dict[str, set[int]] = {}
    if evidence is not None:
        _require(evidence, ["article_id", "theme", "sentence_no"], "evidence")
        ev = evidence[(evidence["article_id"] == article_id) & evidence["sentence_no"].notna()]
        for t, s in zip(ev["theme"], ev["sentence_no"]):
            hits.setdefault(str(t), set()).add(int(s) + 1)
    elif "themes" in rows.columns:
        for s, ts in zip(x, rows["themes"]):
            for t in names_in(ts):
                hits.setdefault(str(t), set()).add(int(s))
    ax = _axes(ax, (min(14, max(7, 3 + 0.12 * len(x))), 4))
    theme_names = sorted(hits, key=lambda t: (_THEMES.index(t) if t in _THEMES else len(_THEMES), t))
    handles = []
    w = 1.0 / max(len(theme_names), 1)
    colours = _theme_colours(theme_names)
    for i, t in enumerate(theme_names):
        colour = colours[t]
        for s in sorted(hits[t]):
            ax.axvspan(s - 0.5 + i * w, s - 0.5 + (i + 1) * w, color=colour, alpha=0.3, linewidth=0, zorder=0)
        k = len(hits[t])
        handles.append(Patch(facecolor=colour, alpha=0.45, label=f"{_theme_label(t)} ({k} sentence{'s' if k != 1 else ''})"))
    line = ax.plot(x, y, color="black", linewidth=1.2, marker="o", markersize=3.5, zorder=3, label=f"sentence {word}")[0]
    ax.axhline(0, color="0.5", linewidth=0.8, zorder=1)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlim(x.min() - 0.6, x.max() + 0.6)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
    ax.grid(axis="y", color="0.92", linewidth=0.8)
    ax.set_title(title if title is not None else f"Sentence-by-sentence {word} of article {article_id}")
    ax.set_xlabel("sentence number (1 = first)")
    ax.set_ylabel(f"sentence {word} (−1 to 1)")
    ax.legend(handles=[line] + handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              fontsize="small", title="theme hits" if handles else None, title_fontsize="small", alignment="left")
    note = f"n = {_n(len(x))} sentences"
    if np.isnan(y).any():
        note += f" ({_n(int(np.isnan(y).sum()))} without a score)"
    _note(ax, note + ".")
    return ax


# --------------------------------------------------------------------------- sanction records and UN votes

#: Colour, line style and legend words of each sanction status (Okabe-Ito vermillion,
#: blue and bluish green; threatened is dashed too, so colour is not the only cue).
_STATUS = {
    "imposed": (OKABE_ITO[3], "-", SANCTION_STATUSES["imposed"]),
    "threatened": (OKABE_ITO[4], "--", SANCTION_STATUSES["threatened"]),
    "eased": (OKABE_ITO[2], "-", SANCTION_STATUSES["eased"]),
}


def _nothing(ax: Axes | None, title: str, message: str, *, figsize: tuple[float, float] = (7, 2.5)) -> Axes:
    """An empty chart that says why it is empty (a filtered view can leave nothing to draw)."""
    ax = _axes(ax, figsize)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    ax.set_title(title)
    ax.text(0.5, 0.5, _wrap(message, 70), transform=ax.transAxes, ha="center", va="center", color=_GREY, gid="empty")
    return ax


def _is_unknown(values: pd.Series) -> pd.Series:
    """True where an actor is missing or the extraction's ``"unknown"``."""
    return values.isna() | values.astype(str).str.strip().isin(["", "unknown"])


@_literal_text
def sanction_network(events: pd.DataFrame, *, top: int = 12, min_articles: int = 1, ax: Axes | None = None) -> Axes:
    """Who sanctions whom: a directed network from sender to target, one arrow per status.

    Parameters
    ----------
    events:
        ``analysis.sanction_events`` output: one row per (article, sender,
        target, status) with ``article_id``, ``sender``, ``target`` and ``status``.
    top:
        Actors shown: the ``top`` actors in most distinct articles, as sender
        or target; arrows between them only.
    min_articles:
        Arrows reported by fewer distinct articles are not drawn.
    ax:
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        Actors sit on a circle (:func:`networkx.circular_layout`, most
        reported first). An arrow runs from sender to target; its colour is
        the status (vermillion imposed or in force, blue dashed threatened,
        green eased or lifted) and its width grows with the number of distinct
        articles. Arrows between the same two actors are curved by different
        amounts so they do not overlap. Records whose article does not name
        the sender (``"unknown"``) are left out and counted in the note, as are
        the arrows not shown. With nothing to draw the chart says so.

    Example
    -------
    >>> ev = pd.DataFrame({"article_id": ["a", "b", "b", "c"],
    ...                    "sender": ["United States", "United States", "United States", "unknown"],
    ...                    "target": ["Russia", "Russia", "Russia", "Iran"],
    ...                    "status": ["imposed", "imposed", "threatened", "eased"]})
    >>> ax = sanction_network(ev)
    >>> sorted(p.get_gid() for p in ax.patches)
    ['United States -> Russia: imposed (2 articles)', 'United States -> Russia: threatened (1 article)']
    """
    import networkx as nx
    from matplotlib.patches import FancyArrowPatch

    _require(events, ["article_id", "sender", "target", "status"], "sanction events")
    title = "Who sanctions whom"
    ev = events[["article_id", "sender", "target", "status"]]
    unknown = _is_unknown(ev["sender"]) | _is_unknown(ev["target"])
    loops = ~unknown & (ev["sender"].astype(str) == ev["target"].astype(str))
    known = ev[~unknown & ~loops].astype({"sender": str, "target": str, "status": str})
    left = []
    if unknown.any():
        k = int(unknown.sum())
        arts = int(ev.loc[unknown, "article_id"].nunique())
        left.append(f"{_n(k)} record{'s' if k != 1 else ''} ({_n(arts)} article{'s' if arts != 1 else ''}) "
                    "whose article does not name the sender (or target) left out.")
    if loops.any():
        left.append(f"{_n(int(loops.sum()))} record{'s' if loops.sum() != 1 else ''} with the same sender and target left out.")
    if known.empty:
        what = "no sanction record" if ev.empty else "no sanction record names both sender and target"
        ax = _nothing(ax, title, f"Nothing to draw: {what}.")
        if left:
            _note(ax, " ".join(left), width=80)
        return ax
    involved = pd.concat([known[["article_id", "sender"]].set_axis(["article_id", "actor"], axis=1),
                          known[["article_id", "target"]].set_axis(["article_id", "actor"], axis=1)])
    per_actor = involved.drop_duplicates()["actor"].value_counts()
    actors = sorted(per_actor.index, key=lambda a: (-per_actor[a], a))[:max(top, 0)]
    dyads = known.groupby(["sender", "target", "status"], sort=False)["article_id"].nunique().rename("n").reset_index()
    keep = dyads["sender"].isin(actors) & dyads["target"].isin(actors) & (dyads["n"] >= min_articles)
    shown, hidden = dyads[keep], dyads[~keep]
    if hidden.size:
        h = len(hidden)
        why = f"outside the {top} actors in most articles"
        if min_articles > 1:
            why += f", or in fewer than {min_articles} articles"
        left.append(f"{_n(h)} sender-target-status arrow{'s' if h != 1 else ''} not shown ({why}).")
    if shown.empty:
        ax = _nothing(ax, title, f"Nothing to draw: no sender-target pair among the top {top} actors is reported "
                                 f"by {min_articles} or more articles.")
        _note(ax, " ".join(left), width=80)
        return ax
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(a for a in actors if a in set(shown["sender"]) | set(shown["target"]))
    for s, t, status, n in shown.itertuples(index=False):
        graph.add_edge(s, t, key=status, n=int(n))
    pos = nx.circular_layout(graph)
    ax = _axes(ax, (9, 7.5))
    n_max = max(int(shown["n"].max()), 1)

    def width(n: int) -> float:
        return 0.8 + 5.2 * math.sqrt(n / n_max)

    order = {s: i for i, s in enumerate(_STATUS)}
    for (s, t) in dict.fromkeys(zip(shown["sender"], shown["target"])):
        statuses = sorted(graph[s][t], key=lambda k: (order.get(k, len(order)), k))
        for i, status in enumerate(statuses):
            n = graph[s][t][status]["n"]
            colour, style, _ = _STATUS.get(status, (_GREY, ":", status))
            lw = width(n)
            ax.add_patch(FancyArrowPatch(
                pos[s], pos[t], arrowstyle="-|>", mutation_scale=9 + 2.2 * lw, connectionstyle=f"arc3,rad={0.1 + 0.16 * i}",
                shrinkA=13, shrinkB=13, linewidth=lw, linestyle=style, color=colour, alpha=0.85, zorder=2,
                gid=f"{s} -> {t}: {status} ({_n(n)} article{'s' if n != 1 else ''})"))
    nodes = list(graph.nodes)
    xy = np.array([pos[a] for a in nodes])
    ax.scatter(xy[:, 0], xy[:, 1], s=380, color="white", edgecolors="0.25", linewidths=1.2, zorder=3)
    for a, (x, y) in zip(nodes, xy):
        r = math.hypot(x, y) or 1.0
        ax.annotate(f"{_wrap(a, 16)}\n({_n(per_actor[a])})", (x, y), xytext=(20 * x / r, 20 * y / r),
                    textcoords="offset points", ha="left" if x > 0.2 else "right" if x < -0.2 else "center",
                    va="bottom" if y > 0.2 else "top" if y < -0.2 else "center", fontsize="small", zorder=4)
    for status, (colour, style, words) in _STATUS.items():
        k = int(shown.loc[shown["status"] == status, "n"].sum())
        if k:
            ax.plot([], [], color=colour, linestyle=style, linewidth=2.5, label=words)
    for n in sorted({1, n_max} | ({round(n_max / 4)} if n_max >= 8 else set())):
        if n >= 1:
            ax.plot([], [], color="0.45", linewidth=width(n), label=f"{_n(n)} article{'s' if n != 1 else ''}")
    _legend_right(ax, title="arrow colour: status\nwidth: distinct articles")
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    ax.set_title(f"{title}: sanction records from sender to target")
    ax.set_xlabel("arrow: sender → target; in brackets: articles with a record naming the actor")
    shown_records = known.merge(shown[["sender", "target", "status"]], on=["sender", "target", "status"])
    note = (f"n = {_n(len(shown_records))} records in {_n(shown_records['article_id'].nunique())} articles shown "
            f"({_n(len(shown))} arrows). A record is one article's statement that a sender imposes, threatens or "
            "eases sanctions on a target.")
    _note(ax, " ".join([note] + left), width=95)
    return ax


@_literal_text
def sanction_timeline(events: pd.DataFrame, *, freq: str = "W", count: str = "articles",
                      articles: pd.DataFrame | None = None, min_articles: int = 20,
                      ax: Axes | None = None) -> Axes:
    """Sanction coverage over time: per period, how many articles (or records) report each status.

    Parameters
    ----------
    events:
        ``analysis.sanction_events`` output (``article_id``, ``status``, ``published``).
    freq:
        Pandas period frequency: ``"W"`` (weeks starting Monday, default), ``"D"``, ``"M"``...
    count:
        ``"articles"`` (default): distinct articles with at least one record
        of the status; an article with records of two statuses counts in both
        lines. ``"records"``: sanction records (one per article, sender,
        target and status).
    articles:
        All the articles in view (``published``), when at hand: the counts
        follow how much the collection holds each period, so periods in
        which it has fewer than ``min_articles`` articles are shaded grey and
        the lines are broken there (no record in a week of two articles says
        nothing), and the x-axis also spans the periods the collection covers
        well.
    min_articles:
        Fewest articles of the collection in a period for its counts to be
        drawn (default 20, as the monthly comparisons of themes).
    ax:
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        One line per status, in the colours of :func:`sanction_network`;
        every period from the first to the last dated record (or article) is
        shown, empty ones at 0 unless too thin. Undated records are left out
        and counted in the note.

    Example
    -------
    >>> ev = pd.DataFrame({"article_id": ["a", "a", "b"], "status": ["imposed", "imposed", "eased"],
    ...                    "published": pd.to_datetime(["2017-01-02", "2017-01-02", "2017-01-10"], utc=True)})
    >>> ax = sanction_timeline(ev)
    >>> ax.get_ylabel(), [l.get_ydata().tolist() for l in ax.get_lines()]
    ('articles per week with a record of the status', [[1, 0], [0, 1]])
    """
    if count not in ("articles", "records"):
        raise ValueError(f"count must be 'articles' or 'records', not {count!r}")
    _require(events, ["article_id", "status", "published"], "sanction events")
    unit = _unit(freq)
    title = f"Sanction {'coverage' if count == 'articles' else 'records'} per {unit}, by status"
    dates = _naive_utc(events["published"])
    known = events["status"].isin(list(_STATUS))
    dated = dates.notna() & known
    if not dated.any():
        why = "no sanction record" if events.empty else "no sanction record has a publication date and a known status"
        return _nothing(ax, title, f"Nothing to draw: {why}.")
    frame = pd.DataFrame({"period": dates[dated].dt.to_period(freq), "status": events.loc[dated, "status"].astype(str),
                          "article_id": events.loc[dated, "article_id"]})
    if count == "articles":
        frame = frame.drop_duplicates(["period", "status", "article_id"])
    statuses = [s for s in _STATUS if (frame["status"] == s).any()]
    volume = None
    if articles is not None:
        _require(articles, ["published"], "articles")
        when = _naive_utc(articles["published"])
        dated_articles = when.notna().to_numpy()
        counts = pd.DataFrame({"period": when[dated_articles].dt.to_period(freq),
                               "w": weights(articles)[dated_articles]}).groupby("period")["w"].sum()
        full = counts[counts >= min_articles].index  # the records' periods and the well covered ones
        span = pd.concat([pd.Series(frame["period"].to_numpy()), pd.Series(full.to_numpy())], ignore_index=True)
        periods = _full_periods(span, freq)
        volume = counts.reindex(periods, fill_value=0)
    else:
        periods = _full_periods(frame["period"], freq)
    table = pd.crosstab(frame["period"], frame["status"]).reindex(index=periods, columns=statuses, fill_value=0)
    thin = (volume < min_articles).to_numpy() if volume is not None else np.zeros(len(table), dtype=bool)
    x = _x(table.index)
    ax = _axes(ax, (9, 4))
    what = "article" if count == "articles" else "record"
    for s in statuses:
        colour, style, words = _STATUS[s]
        total = int(table[s].sum())
        y = table[s].to_numpy()
        ax.plot(x, np.where(thin, np.nan, y.astype(float)) if thin.any() else y, color=colour, linestyle=style,
                linewidth=1.8, marker="o", markersize=3, label=f"{words} ({_n(total)} {what}{'s' if total != 1 else ''})")
    if thin.any():
        starts = table.index.to_timestamp(how="start")
        ends = (table.index + 1).to_timestamp(how="start")
        grey = f"{unit}s with fewer than {min_articles} articles in all"
        for s0, s1, off in zip(starts, ends, thin):
            if off:  # (the first one names them in the legend)
                ax.axvspan(s0, s1, color="0.88", linewidth=0, zorder=0, gid="thin", label=grey)
                grey = "_nolegend_"
    ax.set_ylim(bottom=0)
    ax.margins(x=0.01)
    _date_axis(ax)
    ax.grid(axis="y", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(title)
    ax.set_xlabel(f"{unit} starting (UTC)" if unit != "day" else "date (UTC)")
    ax.set_ylabel(f"articles per {unit} with a record of the status" if count == "articles"
                  else f"sanction records per {unit}")
    _legend_right(ax, title="status")
    shown = events[dated]
    hidden = int(table[thin].to_numpy().sum()) if thin.any() else 0
    note = f"n = {_n(len(shown))} records in {_n(shown['article_id'].nunique())} articles."
    if count == "articles":
        note += " An article with records of two statuses counts in both lines."
    if volume is not None:
        note += (f" The counts follow how many articles the collection holds each {unit} "
                 f"({_n(int(volume.min()))} to {_n(int(volume.max()))}); ")
        k = int(thin.sum())
        note += (f"grey: {'the ' + _n(k) + ' ' + unit + 's' if k != 1 else 'the one ' + unit} of {_n(len(thin))} "
                 f"with fewer than {min_articles} articles, "
                 f"not drawn" + (f" ({_n(hidden)} {'article-statuses' if count == 'articles' else 'records'} in them)"
                                 if hidden else "") + "."
                 if thin.any() else f"every {unit} has at least {min_articles}.")
    undated = int((dates.isna() & known).sum())
    if undated:
        note += f" {_n(undated)} record{'s' if undated != 1 else ''} without a date not shown."
    other = int((~known).sum())
    if other:
        note += f" {_n(other)} record{'s' if other != 1 else ''} with another status not shown."
    _note(ax, note)
    return ax


def _tally(yes: Any, no: Any, abstain: Any) -> str:
    """'113–35–13'; a part not stated is '?', and no part at all is 'not stated'."""
    parts = [None if pd.isna(v) else int(v) for v in (yes, no, abstain)]
    if all(p is None for p in parts):
        return "not stated"
    return "–".join("?" if p is None else str(p) for p in parts)


@_literal_text
def un_vote_table(votes: pd.DataFrame, *, max_rows: int = 25, ax: Axes | None = None) -> Axes:
    """The UN votes the articles report, one row per distinct vote, as a table figure.

    Parameters
    ----------
    votes:
        ``analysis.un_votes`` output. Reports of one vote by several
        articles are merged by :func:`analysis.aggregate.distinct_votes`
        (same body and resolution; without a resolution, same body, outcome
        and vetoing members, not dated differently, within 3 days, 30 for a veto).
    max_rows:
        At most this many votes: those reported by most articles (ties: the
        earliest), the rest counted in the note.
    ax:
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        Columns: first reported (date, UTC), held (when the reports' sentences
        date the vote, marked "recalled" for an earlier vote), body, subject, outcome, yes–no–abstain
        (``?`` for a part not stated), vetoed by, resolution and articles;
        earliest first. Vetoed and failed outcomes are tinted vermillion,
        adopted ones green (the word is written too). With no vote the chart says so.

    Example
    -------
    >>> v = pd.DataFrame({"article_id": ["a", "b"], "body": ["general_assembly", "general_assembly"],
    ...     "outcome": ["adopted", "adopted"], "yes": pd.array([113, 113], dtype="Int64"),
    ...     "no": pd.array([35, None], dtype="Int64"), "abstain": pd.array([13, None], dtype="Int64"),
    ...     "vetoed_by": [[], []], "resolution": ["ES-10/19", "ES-10/19"], "subject": ["Jerusalem", ""],
    ...     "published": pd.to_datetime(["2017-03-01", "2017-03-02"], utc=True)})
    >>> cells = un_vote_table(v).tables[0].get_celld()
    >>> [cells[1, c].get_text().get_text() for c in range(9)]
    ['1 Mar 2017', '', 'General Assembly', 'Jerusalem', 'adopted', '113–35–13', '', 'ES-10/19', '2']
    """
    from ..aggregate.tables import RECALLED_DAYS, SAME_VETO_DAYS, SAME_VOTE_DAYS, distinct_votes, un_body_label
    from .narrate import _stated_date

    title = "UN votes reported in the articles"
    d = full = distinct_votes(votes)
    if d.empty:
        return _nothing(ax, title, "No UN vote is reported in these articles.")
    if len(d) > max_rows:
        pick = d.assign(_pos=range(len(d))).sort_values(["articles", "_pos"], ascending=[False, True], kind="stable")
        d = d.loc[sorted(pick.index[:max_rows])]
    headers = ["first reported", "held", "body", "subject", "outcome", "yes–no–abstain", "vetoed by", "resolution",
               "articles"]
    rows = []
    for r in d.itertuples(index=False):
        held = "" if pd.isna(r.voted) else _stated_date(r.voted) + ("\n(recalled)" if r.recalled else "")
        rows.append([
            "undated" if pd.isna(r.first_reported) else f"{r.first_reported.day} {r.first_reported:%b %Y}", held,
            un_body_label(r.body), _wrap(r.subject, 30) if r.subject else "", str(r.outcome),
            _tally(r.yes, r.no, r.abstain), _wrap(", ".join(r.vetoed_by), 22),
            "" if pd.isna(r.resolution) else str(r.resolution), _n(r.articles)])
    lines = [max(str(c).count("\n") + 1 for c in row) for row in rows]
    ax = _axes(ax, (11, 1.1 + 0.2 * (sum(lines) + 1)))
    table = ax.table(cellText=rows, colLabels=headers, bbox=[0, 0, 1, 1], cellLoc="left", colLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    table.auto_set_column_width(list(range(len(headers))))
    tint = {"adopted": "#cce9e0", "vetoed": "#f5d3bf", "failed": "#f5d3bf"}  # light bluish green / vermillion
    base = table[0, 0].get_height()
    for (i, j), cell in table.get_celld().items():
        cell.set_edgecolor("0.8")
        if i == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("0.93")
            continue
        cell.set_height(base * lines[i - 1])
        if j == 4 and rows[i - 1][4] in tint:
            cell.set_facecolor(tint[rows[i - 1][4]])
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    ax.set_title(title)
    n_votes, n_rec = len(full), len(votes)
    note = (f"{_n(n_votes)} distinct vote{'s' if n_votes != 1 else ''} from {_n(n_rec)} vote record{'s' if n_rec != 1 else ''} "
            f"in {_n(votes['article_id'].nunique())} articles. One vote reported by several articles is one row: "
            f"same body and resolution, or, without a resolution, same body, outcome and vetoing members, not dated "
            f"differently by their sentences, within {SAME_VOTE_DAYS} days of the first report ({SAME_VETO_DAYS} for a "
            f"veto). \"Held\": when the sentences date the vote; \"recalled\": more than {RECALLED_DAYS} days before the "
            "first report, an earlier vote told as background.")
    if n_votes > len(d):
        note += f" {_n(n_votes - len(d))} votes reported by fewest articles not shown."
    _note(ax, note, width=130)
    return ax
