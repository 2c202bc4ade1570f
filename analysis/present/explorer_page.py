"""The report's offline article explorer: ``explore.html``, one file that works in a browser without a server.

A reader filters the articles by theme, outlet, actor, date range and a text
search, and reads the chosen one with its theme evidence marked and its
sentences tinted by tone (as :func:`analysis.explore.highlight` does in a
notebook). The articles are the whole corpus in view when it has at most
:data:`SAMPLE` of them, else a sample of at most :data:`SAMPLE` drawn within
each outlet in proportion to its size (:meth:`analysis.report.Bundle.texts`);
the page says which.

The data is embedded as JSON in a ``<script type="application/json">`` block
(every ``<`` written as ``\\u003c``, so no ``</script>`` or ``<!--`` can end
it); the page's own script and style (``analysis/data/explorer/``) are inline,
allowed by their SHA-256 hashes in a Content-Security-Policy that forbids any
other script, style, connection or non-``data:`` image. The script puts
article data in the page with ``textContent`` only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["write", "explorer_data", "page", "embed_json", "SAMPLE", "TITLE"]

#: Articles in the explorer at most; a larger corpus is sampled within each outlet.
SAMPLE = 1000
#: The page's title (and its name in the report's navigation).
TITLE = "Explore the articles"


def embed_json(value: Any) -> str:
    """JSON safe to put inside a ``<script>`` element: ``<``, ``>``, ``&`` written as ``\\u`` escapes.

    Example
    -------
    >>> embed_json({"t": "</script><!--"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    >>> json.loads(embed_json({"t": "</script><!--"}))["t"]
    '</script><!--'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _utf16(text: str):
    """A function mapping a code-point offset of ``text`` to its UTF-16 offset (what JavaScript counts)."""
    if text.isascii() or all(ord(c) < 0x10000 for c in text):
        return lambda i: int(i)
    extra, wide = [0], 0
    for c in text:
        wide += ord(c) >= 0x10000
        extra.append(wide)
    return lambda i: int(i) + extra[min(int(i), len(text))]


def _sample(bundle: Any, limit: int) -> pd.DataFrame:
    """The articles with their text: all when at most ``limit``, else at most ``limit`` in proportion to each outlet."""
    texts = bundle.texts(sample=limit, by="source")
    while len(texts) > limit:  # at least one per outlet can overshoot: trim the largest outlets
        largest = texts["source"].value_counts(dropna=False).index[0]
        texts = texts.drop(texts.index[texts["source"].eq(largest) if pd.notna(largest) else texts["source"].isna()][-1])
    return texts


def _rounded(value: Any) -> float | None:
    """A score for the page: rounded to 3 places, None when missing."""
    return None if value is None or pd.isna(value) else round(float(value), 3)


def explorer_data(bundle: Any, *, sample: int = SAMPLE) -> dict:
    """What the explorer page embeds: themes, outlets, actors and the articles with text, evidence and sentences.

    ``bundle`` is an :class:`analysis.report.Bundle`. Offsets are in UTF-16
    code units (as JavaScript indexes strings).
    """
    from ..aggregate.tables import outlet_label, theme_label
    from .explore import THEME_COLOURS
    from ..aggregate.cells import theme_columns

    arts = _sample(bundle, sample)
    total = arts.attrs["sampled_from"]
    names = theme_columns(arts)
    ids = list(arts["article_id"])
    evidence = bundle.read("evidence", ids, columns=["article_id", "theme", "term", "start", "end"])
    scored = ["tone", "polarity"] if "tone" in bundle.columns else ["polarity"]
    sentences = bundle.read("sentences", ids, columns=["article_id", "start", "end", *scored])
    ev_by = {k: g.sort_values("start") for k, g in evidence.groupby("article_id", sort=False)}
    se_by = {k: g.sort_values("start") for k, g in sentences.groupby("article_id", sort=False)}
    rows = []
    for a in arts.itertuples(index=False):
        text = "" if pd.isna(a.text) else str(a.text)
        at = _utf16(text)
        ev, se = ev_by.get(a.article_id), se_by.get(a.article_id)
        actors = [] if a.actors is None else [str(x) for x in a.actors]
        rows.append({
            "id": str(a.article_id), "title": "" if pd.isna(a.title) else str(a.title),
            "source": "" if pd.isna(a.source) else str(a.source),
            "outlet": "unknown outlet" if pd.isna(a.source) else outlet_label(a.source),
            "date": None if pd.isna(a.published) else a.published.strftime("%Y-%m-%d"),
            "polarity": _rounded(a.polarity), "tone": _rounded(getattr(a, "tone", None)),
            "actors": actors, "themes": [t for t in names if bool(getattr(a, t))], "text": text,
            "evidence": [] if ev is None else [[at(r.start), at(r.end), str(r.theme), str(r.term)]
                                                for r in ev.itertuples(index=False)],
            # [start, end, tone, TextBlob polarity] (tone None when the analysis has none)
            "sentences": [] if se is None else [[at(r.start), at(r.end), _rounded(getattr(r, "tone", None)),
                                                 _rounded(r.polarity)] for r in se.itertuples(index=False)],
        })
    dates = arts["published"].dropna()
    return {
        "themes": [{"name": t, "label": theme_label(t, capital=True), "colour": THEME_COLOURS[i % len(THEME_COLOURS)]}
                   for i, t in enumerate(names)],
        "outlets": sorted(arts["source"].dropna().astype(str).unique()),
        "actors": sorted({x for r in rows for x in r["actors"]}),
        "first": dates.min().strftime("%Y-%m-%d") if len(dates) else None,
        "last": dates.max().strftime("%Y-%m-%d") if len(dates) else None,
        "articles": rows, "shown": len(rows), "of": total, "limit": sample,
    }


def _asset(name: str) -> str:
    from importlib.resources import files

    return files("analysis").joinpath("data", "explorer", name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head><body>
{nav}
<main>
<h1>{title}</h1>
<p class="note">{note}</p>
<div class="filters" role="search">
<label class="search">Search title and text <input id="q" type="search" placeholder="words in the title or text"></label>
<label>Theme <select id="theme"><option value="">any theme</option></select></label>
<label>Outlet <select id="outlet"><option value="">any outlet</option></select></label>
<label>Actor <select id="actor"><option value="">any actor</option></select></label>
<label>From <input id="from" type="date"></label>
<label>To <input id="to" type="date"></label>
<button id="reset" type="button">Clear filters</button>
</div>
<p class="key">Sentences are tinted by tone (the score checked against human ratings; TextBlob polarity where
there is none): <span class="pos">positive</span>, <span class="neg">negative</span>; theme evidence is marked in the
theme's colour.</p>
<div class="layout">
<section class="results" aria-label="Matching articles"><p id="count" aria-live="polite"></p><ol id="list"></ol></section>
<article id="article" aria-live="polite"></article>
</div>
</main>
<script type="application/json" id="explorer-data">{data}</script>
<script>{script}</script>
</body></html>
"""


def page(data: dict, *, prev: tuple[str, str] | None = None, next: tuple[str, str] | None = None) -> str:  # noqa: A002
    """The explorer page (HTML) for ``data`` from :func:`explorer_data`.

    Example
    -------
    >>> data = {"themes": [], "outlets": ["x.com"], "actors": [], "first": None, "last": None, "limit": 10,
    ...         "shown": 1, "of": 1, "articles": [{"id": "1", "title": "</script><b>", "text": "", "evidence": [],
    ...         "sentences": [], "actors": [], "themes": [], "source": "x.com", "outlet": "x.com", "date": None,
    ...         "polarity": 0.0, "tone": None}]}
    >>> html_page = page(data)
    >>> "</script><b>" in html_page, "default-src 'none'" in html_page
    (False, True)
    """
    from .pages import _CSS, nav

    script, style = _asset("explorer.js"), _CSS + _asset("explorer.css")
    csp = (f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(style)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    if data["shown"] == data["of"]:
        note = f"All {data['of']:,} articles of the report, with their theme evidence and sentence tone."
    else:
        note = (f"A sample of {data['shown']:,} of the report's {data['of']:,} articles: at most {data['limit']:,}, "
                "drawn within each outlet in proportion to its number of articles (at least one per outlet). "
                "The notebooks' figures use every article.")
    return _PAGE.format(csp=html.escape(csp, quote=False), title=html.escape(TITLE), style=style, nav=nav(prev=prev, next=next),
                        note=html.escape(note), data=embed_json(data), script=script)


def write(bundle: Any, path: str | os.PathLike, *, sample: int | None = None, prev: tuple[str, str] | None = None,
          next: tuple[str, str] | None = None) -> Path:  # noqa: A002
    """Write the explorer page for ``bundle``'s articles (at most ``sample``, default :data:`SAMPLE`) to
    ``path``, atomically."""
    from ..io import atomic_path

    text = page(explorer_data(bundle, sample=SAMPLE if sample is None else sample), prev=prev, next=next)
    with atomic_path(path) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")
    return Path(path)
