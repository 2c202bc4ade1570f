"""Look at articles: highlighted evidence as HTML, and an interactive JupyterLab view.

:func:`highlight` returns safe HTML (every piece of article text is escaped) of
one article with its theme hits marked and its sentences tinted by polarity;
the notebooks show it with ``IPython.display.HTML``. :func:`explore` builds an
ipywidgets view: filter by theme, outlet, actor and date range, list matching
articles with their scores, and show one article highlighted.
"""

from __future__ import annotations

import html
from typing import Any, Sequence

import pandas as pd

from .schema import require_columns

__all__ = ["highlight", "explore", "filter_articles", "THEME_COLOURS"]

#: Okabe-Ito colours (colour-blind safe) for theme highlights, in lexicon order.
THEME_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


def _tint(polarity: float) -> str:
    """Background for a sentence: blue for positive, orange for negative, alpha by strength."""
    strength = min(abs(float(polarity)), 1.0) * 0.35
    if polarity > 0:
        return f"rgba(0,114,178,{strength:.2f})"
    if polarity < 0:
        return f"rgba(213,94,0,{strength:.2f})"
    return "transparent"


def highlight(text: str, *, evidence: pd.DataFrame | None = None, sentences: pd.DataFrame | None = None,
              themes: Sequence[str] | None = None) -> str:
    """One article as HTML: theme hits marked, sentences tinted by polarity.

    ``evidence`` and ``sentences`` are the rows of :func:`analysis.evidence`
    and :func:`analysis.sentences` for this article (offsets into ``text``).
    All text is HTML-escaped, so markup inside an article is shown, never run.

    Example
    -------
    >>> ev = pd.DataFrame({"theme": ["energy"], "start": [0], "end": [3]})
    >>> page = highlight("Oil <b>rose</b>.", evidence=ev)
    >>> '<mark title="energy" style="background:#E69F00">Oil</mark> &lt;b&gt;rose&lt;/b&gt;.' in page
    True
    """
    text = "" if text is None else str(text)
    names = list(themes) if themes else ([] if evidence is None else list(dict.fromkeys(evidence["theme"])))
    colour = {t: THEME_COLOURS[i % len(THEME_COLOURS)] for i, t in enumerate(names)}
    events: list[tuple[int, int, str]] = []  # (position, order, html) - closes before opens at one position
    if sentences is not None:
        for row in sentences.itertuples():
            events.append((int(row.start), 1, f'<span class="sentence" title="polarity {row.polarity:+.3f}" '
                                               f'style="background:{_tint(row.polarity)}">'))
            events.append((int(row.end), 0, "</span>"))
    if evidence is not None:
        taken = -1
        for row in evidence.sort_values("start").itertuples():
            if row.theme not in colour or row.start < taken:  # overlapping hits: the first is shown
                continue
            events.append((int(row.start), 2, f'<mark title="{html.escape(str(row.theme))}" '
                                              f'style="background:{colour[row.theme]}">'))
            events.append((int(row.end), -1, "</mark>"))
            taken = int(row.end)
    events.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for at, _, tag in events:
        out.append(html.escape(text[pos:at]))
        out.append(tag)
        pos = max(pos, at)
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n\n", "</p><p>").replace("\n", "<br>")
    legend = "".join(f'<mark style="background:{c}">{html.escape(t)}</mark> ' for t, c in colour.items())
    legend_html = f'<div class="legend">{legend}</div>' if evidence is not None and len(colour) and len(evidence) else ""
    return f'<div class="article" style="line-height:1.6">{legend_html}<p>{body}</p></div>'


def filter_articles(articles: pd.DataFrame, *, themes: Sequence[str] = (), outlets: Sequence[str] = (),
                    actors: Sequence[str] = (), start: Any = None, end: Any = None) -> pd.DataFrame:
    """Analysed articles that concern all ``themes``, come from any of ``outlets``,
    mention all ``actors`` and fall in the date range (inclusive).

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a", "b"], "energy": [True, False], "actors": [["Russia"], []],
    ...                    "published": pd.to_datetime(["2017-01-01", "2017-02-01"], utc=True)})
    >>> filter_articles(df, themes=["energy"], actors=["Russia"]).index.tolist()
    [0]
    """
    keep = pd.Series(True, index=articles.index)
    for theme in themes:
        require_columns(articles, [theme], what="articles")
        keep &= articles[theme].astype(bool)
    if outlets:
        keep &= articles["source"].isin(list(outlets))
    if actors:
        wanted = set(actors)
        keep &= articles["actors"].map(lambda a: wanted <= set(a if a is not None else []))
    if start is not None:
        keep &= articles["published"] >= pd.Timestamp(start, tz="UTC")
    if end is not None:
        keep &= articles["published"] < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)
    return articles[keep]


def explore(articles: pd.DataFrame, *, sentences: pd.DataFrame | None = None, evidence: pd.DataFrame | None = None,
            themes: Sequence[str] | None = None, limit: int = 200):
    """An interactive view for JupyterLab (ipywidgets).

    Filters (themes, outlets, actors, date range) narrow the list of matching
    articles with their scores; choosing one shows it with theme evidence
    highlighted and sentences coloured by polarity. Sentences and evidence
    are computed for the chosen article when not given.

    Returns the ``ipywidgets.VBox``; display it as the last expression of a cell.
    """
    import ipywidgets as w

    require_columns(articles, ["article_id", "text", "source", "published", "polarity", "actors"],
                    what="analysed articles (from analysis.analyze)")
    from .themes import load_lexicon

    theme_names = [t for t in (themes or load_lexicon().themes) if t in articles.columns]
    all_actors = sorted({a for lst in articles["actors"] for a in (lst if lst is not None else [])})
    dates = articles["published"].dropna()
    theme_box = w.SelectMultiple(options=theme_names, description="Themes", rows=min(6, max(2, len(theme_names))))
    outlet_box = w.SelectMultiple(options=sorted(articles["source"].dropna().unique()), description="Outlets", rows=6)
    actor_box = w.SelectMultiple(options=all_actors, description="Actors", rows=6)
    start = w.DatePicker(description="From", value=dates.min().date() if len(dates) else None)
    end = w.DatePicker(description="To", value=dates.max().date() if len(dates) else None)
    table = w.HTML()
    chooser = w.Dropdown(description="Article", options=[], layout=w.Layout(width="95%"))
    view = w.HTML()

    def refresh(*_):
        found = filter_articles(articles, themes=theme_box.value, outlets=outlet_box.value, actors=actor_box.value,
                                start=start.value, end=end.value)
        cols = ["published", "source", "title", "polarity", "subjectivity", *theme_names]
        shown = found[[c for c in cols if c in found.columns]].head(limit)
        table.value = (f"<p>{len(found):,} matching articles"
                       + (f" (first {limit} listed)" if len(found) > limit else "") + "</p>"
                       + shown.to_html(escape=True, index=False, float_format=lambda x: f"{x:+.3f}"))
        chooser.options = [(f"{str(r.title)[:90]} ({r.source})", r.article_id) for r in found.head(limit).itertuples()]

    def show(*_):
        if chooser.value is None:
            view.value = ""
            return
        row = articles[articles["article_id"] == chooser.value].iloc[0]
        if sentences is not None and evidence is not None:
            sent = sentences[sentences["article_id"] == chooser.value]
            ev = evidence[evidence["article_id"] == chooser.value]
        else:
            from .analyze import analyze_all

            one = analyze_all(row.to_frame().T.reset_index(drop=True)[["article_id", "text"]], progress=False)
            sent, ev = one.sentences, one.evidence
        view.value = (f"<h3>{html.escape(str(row.title))}</h3><p>{html.escape(str(row.source))}, "
                      f"{html.escape(str(row.published))}; polarity {row.polarity:+.3f}</p>"
                      + highlight(row.text, evidence=ev, sentences=sent, themes=theme_names))

    for control in (theme_box, outlet_box, actor_box, start, end):
        control.observe(refresh, names="value")
    chooser.observe(show, names="value")
    refresh()
    show()
    filters = w.HBox([theme_box, outlet_box, actor_box, w.VBox([start, end])])
    return w.VBox([filters, table, chooser, view])
