"""Look at articles: highlighted evidence as HTML, and an interactive JupyterLab view.

:func:`highlight` returns safe HTML (every piece of article text is escaped) of
one article with its theme hits marked and its sentences tinted by tone (TextBlob
polarity when the analysis has no tone);
the notebooks show it with ``IPython.display.HTML``. :func:`explore` builds an
ipywidgets view: filter by theme, outlet, actor and date range, list matching
articles with their scores, and show one article highlighted.
"""

from __future__ import annotations

import html
from typing import Any, Sequence

import pandas as pd

from ..schema import require_columns

__all__ = ["highlight", "explore", "filter_articles", "mark_actors", "sanction_evidence", "vote_evidence",
           "text_table", "theme_examples", "THEME_COLOURS", "SENDER_COLOUR", "TARGET_COLOUR"]

#: Okabe-Ito colours (colour-blind safe) for theme highlights, in lexicon order.
THEME_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")


def _tint(score: float) -> str:
    """Background for a sentence: blue for positive, orange for negative, alpha by strength."""
    if pd.isna(score):
        return "transparent"
    strength = min(abs(float(score)), 1.0) * 0.35
    if score > 0:
        return f"rgba(0,114,178,{strength:.2f})"
    if score < 0:
        return f"rgba(213,94,0,{strength:.2f})"
    return "transparent"


def _scores(row: Any) -> tuple[float, str]:
    """The score a sentence or article is tinted by (``tone`` when present, else TextBlob
    polarity) and the words for it: "tone +0.120; TextBlob polarity +0.050"."""
    tone = getattr(row, "tone", None)
    polarity = getattr(row, "polarity", None)
    words = []
    if tone is not None and not pd.isna(tone):
        words.append(f"tone {float(tone):+.3f}")
    if polarity is not None and not pd.isna(polarity):
        words.append(f"TextBlob polarity {float(polarity):+.3f}")
    lead = tone if tone is not None and not pd.isna(tone) else polarity
    return (float("nan") if lead is None or pd.isna(lead) else float(lead)), "; ".join(words)


def highlight(text: str, *, evidence: pd.DataFrame | None = None, sentences: pd.DataFrame | None = None,
              themes: Sequence[str] | None = None) -> str:
    """One article as HTML: theme hits marked, sentences tinted by tone.

    ``evidence`` and ``sentences`` are the rows of :func:`analysis.evidence`
    and :func:`analysis.sentences` for this article (offsets into ``text``);
    a sentence is tinted by its ``tone`` when the table has one, else by its
    TextBlob ``polarity``, and its title gives both.
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
            score, words = _scores(row)
            events.append((int(row.start), 1, f'<span class="sentence" title="{html.escape(words)}" '
                                               f'style="background:{_tint(score)}">'))
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


#: Marks for the sender and the target of a sanction record in its evidence sentence.
SENDER_COLOUR, TARGET_COLOUR = "#cfe6f7", "#fde3b5"


def mark_actors(quote: str, marks: dict[str, str]) -> str:
    """A sentence as safe HTML with the mentions of some actors marked (``{actor: colour}``).

    Mentions are those the event rules see (:func:`analysis.events.actor_mentions`:
    any gazetteer name of the actor, such as "Moscow" for Russia, and government
    bodies such as the Treasury for the United States).

    Example
    -------
    >>> mark_actors("Moscow & Kiev met.", {"Russia": "#eee"})
    '<mark style="background:#eee">Moscow</mark> &amp; Kiev met.'
    """
    from ..score.events import actor_mentions

    text = quote if isinstance(quote, str) else ""
    out, at = [], 0
    for m in actor_mentions(text):
        colour = marks.get(m["actor"])
        if colour is None or m["start"] < at:
            continue
        out.append(html.escape(text[at:m["start"]]))
        out.append(f'<mark style="background:{colour}">{html.escape(text[m["start"]:m["end"]])}</mark>')
        at = m["end"]
    out.append(html.escape(text[at:]))
    return "".join(out)


def _number(value: Any, digits: int | None) -> str:
    if digits is None or not isinstance(value, float):
        return str(value)
    return f"{value:.{digits}f}"


def _blank(value: Any) -> bool:
    """A missing cell (None, NA, NaN, NaT): shown empty."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def text_table(table: pd.DataFrame, *, digits: int | None = None) -> str:
    """A table of article text (titles, snippets) as safe HTML: every cell escaped, text read from the
    left, no row numbers (which say nothing to a reader); numbers keep their column's alignment, and
    with ``digits`` decimal numbers are printed with that many decimals.

    Example
    -------
    >>> print(text_table(pd.DataFrame({"title": ["<b>Oil</b> & gas"], "n": [3]})))
    <table class="text-table"><thead><tr><th>title</th><th class="num">n</th></tr></thead><tbody><tr><td>&lt;b&gt;Oil&lt;/b&gt; &amp; gas</td><td class="num">3</td></tr></tbody></table>
    """
    numeric = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
               for c in table.columns]
    head = "".join(f'<th class="num">{html.escape(str(c))}</th>' if num else f"<th>{html.escape(str(c))}</th>"
                   for c, num in zip(table.columns, numeric))
    rows = []
    for values in table.itertuples(index=False, name=None):
        cells = "".join(f'<td class="num">{"" if _blank(v) else html.escape(_number(v, digits))}</td>' if num else
                        f"<td>{'' if _blank(v) else html.escape(str(v))}</td>"
                        for v, num in zip(values, numeric))
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="text-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def theme_examples(articles: pd.DataFrame, evidence: pd.DataFrame, *, theme: str) -> pd.DataFrame:
    """Each article's clearest evidence for ``theme``: its sentence with most distinct theme terms.

    ``articles`` are the articles to show, in the order to show them (for
    instance :func:`analysis.aggregate.tables.salient_articles` with their
    ``title``); ``evidence`` holds their rows of :func:`analysis.evidence`.
    Of an article's sentences with hits of the theme, the one with most
    distinct terms is shown (then most hits, then the earliest): a sentence
    that names the theme several ways shows why the article is about it better
    than a passing word. Returns one row per article that has such a sentence:
    ``outlet`` (its readable name), ``title`` when ``articles`` has one,
    ``salience``, ``terms`` (the distinct terms of that sentence, in order of
    first use) and ``sentence`` (its snippet); for :func:`text_table`.

    Example
    -------
    >>> arts = pd.DataFrame({"article_id": [7], "source": ["tass.com"], "energy_salience": [0.5]})
    >>> ev = pd.DataFrame({"article_id": [7, 7, 7], "theme": ["energy"] * 3, "term": ["oil", "gas", "oil"],
    ...                    "start": [0, 30, 38], "end": [3, 33, 41], "sentence_no": [0, 1, 1],
    ...                    "snippet": ["Oil rose.", "Gas fell and oil rose.", "Gas fell and oil rose."]})
    >>> theme_examples(arts, ev, theme="energy")[["outlet", "terms", "sentence"]].values.tolist()
    [['TASS', 'gas, oil', 'Gas fell and oil rose.']]
    """
    from ..aggregate.tables import outlet_label

    require_columns(articles, ["article_id", "source", f"{theme}_salience"], what="articles")
    require_columns(evidence, ["article_id", "theme", "term", "start", "sentence_no", "snippet"], what="evidence")
    hits = evidence[evidence["theme"] == theme].sort_values(["article_id", "start"], kind="stable")
    per = hits.groupby(["article_id", "sentence_no"], sort=False).agg(
        distinct=("term", "nunique"), n=("term", "size"), first=("start", "min"),
        terms=("term", lambda t: ", ".join(dict.fromkeys(t))), sentence=("snippet", "first")).reset_index()
    best = per.sort_values(["article_id", "distinct", "n", "first"], ascending=[True, False, False, True],
                           kind="stable").drop_duplicates("article_id")
    shown = articles[["article_id", "source", f"{theme}_salience", *(["title"] if "title" in articles else [])]]
    out = shown.merge(best, on="article_id", how="inner", sort=False)
    out = out.assign(outlet=out["source"].map(outlet_label)).rename(columns={f"{theme}_salience": "salience"})
    return out[["outlet", *(["title"] if "title" in out else []), "salience", "terms", "sentence"]].reset_index(drop=True)


def _when(ts: Any) -> str:
    from .narrate import day

    return "undated" if pd.isna(ts) else day(ts)


def sanction_evidence(sanctions: pd.DataFrame, *, pairs: int = 5) -> str:
    """HTML: for the sender-target pairs in most articles, one record of each status with its sentence.

    ``sanctions`` is a table of :func:`analysis.sanction_events`. Records with
    an ``unknown`` sender are not examples. Of a pair's records of one status,
    the example is the one whose sentence names most of the two (both the
    sender and the target, else one of them), the earliest among those: a
    sentence that names neither rests on the rest of its article and makes a
    poor example. Each item gives the status, the measures, the CAMEO code,
    the outlet and date, and the sentence with the sender and target marked
    (:data:`SENDER_COLOUR`, :data:`TARGET_COLOUR`).

    Example
    -------
    >>> rec = pd.DataFrame({"article_id": [1], "sender": ["European Union"], "target": ["Russia"],
    ...     "status": ["imposed"], "measure": [["general"]], "cameo": ["163"], "source": ["x.com"],
    ...     "published": [pd.Timestamp("2017-01-02", tz="UTC")], "quote": ["The EU extended sanctions on Moscow."]})
    >>> page = sanction_evidence(rec)
    >>> "European Union → Russia (1 article)" in page and ">Moscow</mark>" in page
    True
    >>> later = rec.assign(article_id=2, published=pd.Timestamp("2017-01-01", tz="UTC"),
    ...                    quote="The sanctions were extended.")
    >>> "Moscow" in sanction_evidence(pd.concat([rec, later]))  # the earlier one names neither
    True
    """
    from ..aggregate.tables import SANCTION_STATUSES, outlet_label
    from ..score.events import actor_mentions

    require_columns(sanctions, ["article_id", "sender", "target", "status", "measure", "cameo", "source",
                                "published", "quote"], what="sanction records")
    named = sanctions[sanctions["sender"] != "unknown"]
    if named.empty:
        return "<p>No sanction record names its sender, so there is no example to show.</p>"
    top = named.groupby(["sender", "target"])["article_id"].nunique().reset_index(name="articles")
    top = top.sort_values(["articles", "sender", "target"], ascending=[False, True, True]).head(pairs)
    items = []
    for p in top.itertuples(index=False):
        rows = named[(named["sender"] == p.sender) & (named["target"] == p.target)]
        said = [{m["actor"] for m in actor_mentions(q if isinstance(q, str) else "")} for q in rows["quote"]]
        rows = rows.assign(_named=[-((p.sender in a) + (p.target in a)) for a in said])
        rows = rows.sort_values(["_named", "published", "article_id"], na_position="last")
        items.append(f"<h4>{html.escape(p.sender)} → {html.escape(p.target)} "
                     f"({p.articles} article{'' if p.articles == 1 else 's'})</h4><ul>")
        for status, words in SANCTION_STATUSES.items():
            for r in rows[rows["status"] == status].head(1).itertuples(index=False):
                measures = ", ".join(r.measure) if len(r.measure) else "general"
                quote = mark_actors(r.quote, {p.sender: SENDER_COLOUR, p.target: TARGET_COLOUR})
                items.append(f"<li><b>{html.escape(words)}</b> ({html.escape(measures)}; CAMEO {html.escape(str(r.cameo))})"
                             f" - {html.escape(outlet_label(r.source))}, {html.escape(_when(r.published))}:<br>"
                             f"<q>{quote}</q></li>")
        items.append("</ul>")
    return "".join(items)


def vote_evidence(votes: pd.DataFrame, *, outcome: str = "vetoed", examples: int = 5) -> str:
    """HTML: the sentences behind UN vote records of one outcome, vetoing members marked.

    ``votes`` is a table of :func:`analysis.un_votes`.

    Example
    -------
    >>> v = pd.DataFrame({"article_id": [1], "body": ["security_council"], "outcome": ["vetoed"],
    ...     "vetoed_by": [["Russia"]], "source": ["x.com"], "published": [pd.NaT],
    ...     "quote": ["Russia vetoed the draft."]})
    >>> vote_evidence(v)
    '<ul><li><b>Security Council</b>, vetoed by Russia - x.com, undated:<br><q><mark style="background:#cfe6f7">Russia</mark> vetoed the draft.</q></li></ul>'
    """
    from ..aggregate.tables import outlet_label, un_body_label

    require_columns(votes, ["article_id", "body", "outcome", "vetoed_by", "source", "published", "quote"],
                    what="UN vote records")
    rows = votes[votes["outcome"] == outcome].sort_values(["published", "article_id"], na_position="last")
    if rows.empty:
        return f"<p>No {html.escape(outcome)} vote is reported in these articles.</p>"
    items = []
    for r in rows.head(examples).itertuples(index=False):
        vetoers = list(r.vetoed_by) if r.vetoed_by is not None else []
        who = f", vetoed by {html.escape(', '.join(vetoers) or 'no member named')}" if outcome == "vetoed" else ""
        quote = mark_actors(r.quote, dict.fromkeys(vetoers, SENDER_COLOUR))
        items.append(f"<li><b>{html.escape(un_body_label(r.body))}</b>{who} - {html.escape(outlet_label(r.source))}, "
                     f"{html.escape(_when(r.published))}:<br><q>{quote}</q></li>")
    more = len(rows) - len(items)
    tail = f"<p>{more} more {html.escape(outcome)} vote records not shown.</p>" if more > 0 else ""
    return "<ul>" + "".join(items) + "</ul>" + tail


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

    Filters (themes, outlets, actors, date range; a row that wraps to fit the
    page) narrow the list of matching articles with their scores; the first
    one is shown at once, and choosing another shows it, with theme evidence
    highlighted and sentences coloured by tone (TextBlob polarity when there is no tone). Sentences and evidence
    are computed for the chosen article when not given.

    Returns the ``ipywidgets.VBox``; display it as the last expression of a cell.
    """
    import ipywidgets as w

    require_columns(articles, ["article_id", "text", "source", "published", "polarity", "actors"],
                    what="analysed articles (from analysis.analyze)")
    from ..score.themes import load_lexicon

    theme_names = [t for t in (themes or load_lexicon().themes) if t in articles.columns]
    all_actors = sorted({a for lst in articles["actors"] for a in (lst if lst is not None else [])})
    dates = articles["published"].dropna()
    # The filter row wraps (flex, row wrap) so it fits any page width; each control grows from a small basis.
    def cell(min_width: str = "12em") -> Any:
        return w.Layout(flex="1 1 14em", min_width=min_width, max_width="100%", width="auto", margin="0 1em .4em 0")

    style = {"description_width": "4em"}
    theme_box = w.SelectMultiple(options=theme_names, description="Themes", rows=min(6, max(2, len(theme_names))),
                                 layout=cell(), style=style)
    outlet_box = w.SelectMultiple(options=sorted(articles["source"].dropna().unique()), description="Outlets", rows=6,
                                  layout=cell(), style=style)
    actor_box = w.SelectMultiple(options=all_actors, description="Actors", rows=6, layout=cell(), style=style)
    start = w.DatePicker(description="From", value=dates.min().date() if len(dates) else None, style=style,
                         layout=w.Layout(width="auto", max_width="100%"))
    end = w.DatePicker(description="To", value=dates.max().date() if len(dates) else None, style=style,
                       layout=w.Layout(width="auto", max_width="100%"))
    table = w.HTML(layout=w.Layout(overflow="auto", max_width="100%"))
    chooser = w.Dropdown(description="Article", options=[], layout=w.Layout(width="auto", max_width="100%"),
                         style=style)
    view = w.HTML(layout=w.Layout(max_width="100%"))

    def refresh(*_):
        found = filter_articles(articles, themes=theme_box.value, outlets=outlet_box.value, actors=actor_box.value,
                                start=start.value, end=end.value)
        cols = ["published", "source", "title", "tone", "polarity", "subjectivity", *theme_names]
        shown = found[[c for c in cols if c in found.columns]].head(limit)
        table.value = (f"<p>{len(found):,} matching articles"
                       + (f" (first {limit} listed)" if len(found) > limit else "") + "</p>"
                       + shown.to_html(escape=True, index=False, float_format=lambda x: f"{x:+.3f}"))
        chosen = chooser.value
        options = [(f"{str(r.title)[:90]} ({r.source})", r.article_id) for r in found.head(limit).itertuples()]
        chooser.options = options
        ids = [v for _, v in options]
        # the list starts filled and stays so: keep the chosen article while it matches, else the first one
        chooser.value = chosen if chosen in ids else (ids[0] if ids else None)

    def show(*_):
        if chooser.value is None:
            view.value = ""
            return
        row = articles[articles["article_id"] == chooser.value].iloc[0]
        if sentences is not None and evidence is not None:
            sent = sentences[sentences["article_id"] == chooser.value]
            ev = evidence[evidence["article_id"] == chooser.value]
        else:
            from ..score.analyze import analyze_all

            one = analyze_all(row.to_frame().T.reset_index(drop=True)[["article_id", "text"]], progress=False)
            sent, ev = one.sentences, one.evidence
        view.value = (f"<h3>{html.escape(str(row.title))}</h3><p>{html.escape(str(row.source))}, "
                      f"{html.escape(str(row.published))}; {html.escape(_scores(row)[1])}</p>"
                      + highlight(row.text, evidence=ev, sentences=sent, themes=theme_names))

    for control in (theme_box, outlet_box, actor_box, start, end):
        control.observe(refresh, names="value")
    chooser.observe(show, names="value")
    refresh()
    show()
    filters = w.HBox([theme_box, outlet_box, actor_box, w.VBox([start, end], layout=cell("14em"))],
                     layout=w.Layout(display="flex", flex_flow="row wrap", align_items="flex-start", width="100%"))
    return w.VBox([filters, table, chooser, view])
