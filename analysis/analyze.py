"""Score every article and sentence: sentiment, themes with evidence, actors.

One pass per article does all the work: the text is split into sentences
(:mod:`analysis.segment`), tokenised once for TextBlob-exact sentiment of the
article and each sentence (:mod:`analysis.sentiment`), and searched once for
theme terms (:mod:`analysis.themes`) and actors (:mod:`analysis.actors`). The
public functions differ only in the table they build from that pass:

* :func:`analyze` - one row per article (the input's columns plus scores),
* :func:`sentences` - one row per sentence,
* :func:`evidence` - one row per theme hit,
* :func:`actor_sentiment` - one row per article and actor.

All are pure: a new DataFrame out, the input untouched, its index kept (for
the per-article table). The text is scored as given, never cleaned or altered.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Callable, NamedTuple

import numpy as np
import pandas as pd

from .schema import require_columns

__all__ = ["analyze", "analyze_all", "sentences", "evidence", "actor_sentiment", "score_text", "ArticleScores",
           "Tables", "NEUTRAL_BAND"]

#: |score| at or below this counts as neutral when comparing TextBlob with VADER.
NEUTRAL_BAND = 0.05
_PROGRESS_FROM = 2000  # articles: with progress=None, show a bar from this size on
_CHUNK = 64


@dataclass(slots=True)
class ArticleScores:
    """Everything the scoring pass finds in one text."""

    spans: list[tuple[int, int]]
    polarity: float
    subjectivity: float
    sentence_sentiment: list[tuple[float, float]]
    theme_hits: list[dict]
    actor_hits: list[dict]  # each with "sentence_no" added
    vader: list[float] | None = None  # compound score per sentence


@dataclass(frozen=True)
class _Config:
    themes: Any = None
    actors: Any = None
    vader: bool = False


@lru_cache(maxsize=8)
def _resources(config: _Config):
    from . import actors, themes

    lexicon = themes.load_lexicon(_unfreeze(config.themes))
    gazetteer = actors.load_gazetteer(_unfreeze(config.actors))
    analyzer = None
    if config.vader:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
    return lexicon, gazetteer, analyzer


def _hashable(source: Any) -> Any:
    """Lexicon or gazetteer sources as cache keys (dicts are frozen to their repr)."""
    if source is None or isinstance(source, (str, os.PathLike)):
        return source
    if isinstance(source, dict):
        return _Frozen(source)
    return source


class _Frozen:
    """A dict source made hashable by its canonical repr, still usable as the dict."""

    def __init__(self, value: dict):
        self.value = value
        self.key = repr(sorted(value.items(), key=lambda kv: str(kv[0])))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Frozen) and other.key == self.key


def _config(themes: Any, vader: bool, actors: Any = None) -> _Config:
    return _Config(_hashable(themes), _hashable(actors), bool(vader))


def _unfreeze(source: Any) -> Any:
    return source.value if isinstance(source, _Frozen) else source


def score_text(text: str, *, themes: Any = None, vader: bool = False, _config_: _Config | None = None) -> ArticleScores:
    """Run the whole scoring pass on one text.

    Example
    -------
    >>> s = score_text("Moscow rejected new sanctions. Oil prices rose sharply.")
    >>> len(s.spans), [h["theme"] for h in s.theme_hits], sorted({h["actor"] for h in s.actor_hits})
    (2, ['sanctions', 'energy'], ['Russia'])
    """
    from . import actors as actors_mod
    from . import segment, sentiment
    from . import themes as themes_mod

    config = _config_ or _config(themes, vader)
    lexicon, gazetteer, analyzer = _resources(config)
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    spans = segment.sentence_spans(text)
    (pol, subj), per_sentence = sentiment.score(text, spans)
    hits = themes_mod.find_hits(text, spans, lexicon=lexicon) if spans else []
    starts = [s for s, _ in spans]
    mentions = []
    for m in actors_mod.find_actors(text, gazetteer=gazetteer):
        m = dict(m)
        m["sentence_no"] = max(0, bisect.bisect_right(starts, m["start"]) - 1) if starts else -1
        mentions.append(m)
    compounds = None
    if analyzer is not None:
        compounds = [analyzer.polarity_scores(text[s:e])["compound"] for s, e in spans]
    return ArticleScores(spans, pol, subj, per_sentence, hits, mentions, compounds)


# --------------------------------------------------------------------------- running over many articles


def _texts(articles: pd.DataFrame, col: str) -> list[str]:
    require_columns(articles, [col], what="articles")
    return ["" if pd.isna(t) else str(t) for t in articles[col].tolist()]


def _n_workers(n_jobs: int | None) -> int:
    if n_jobs is None or n_jobs == 0:
        return 1
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + n_jobs)
    return n_jobs


def _run_chunk(reducer: Callable, config: _Config, texts: list[str]) -> list:
    return [reducer(score_text(t, _config_=config), t) for t in texts]


def _map(reducer: Callable, texts: list[str], config: _Config, *, n_jobs: int | None, progress: bool | None,
         desc: str) -> list:
    """Apply ``reducer(scores, text)`` to every text, in order, optionally in worker processes."""
    from tqdm.auto import tqdm

    show = (len(texts) >= _PROGRESS_FROM) if progress is None else bool(progress)
    workers = min(_n_workers(n_jobs), max(1, len(texts) // _CHUNK))
    bar = tqdm(total=len(texts), desc=desc, unit="article", disable=not show, leave=False)
    try:
        if workers <= 1:
            out = []
            for t in texts:
                out.append(reducer(score_text(t, _config_=config), t))
                bar.update()
            return out
        from concurrent.futures import ProcessPoolExecutor

        chunks = [texts[i:i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
        out = []
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(partial(_run_chunk, reducer, config), chunks):
                out.extend(part)
                bar.update(len(part))
        return out
    finally:
        bar.close()


# --------------------------------------------------------------------------- reducers (top level: picklable)


def _article_row(theme_names: tuple[str, ...], s: ArticleScores, text: str) -> tuple:
    counts = dict.fromkeys(theme_names, 0)
    for h in s.theme_hits:
        if h["theme"] in counts:
            counts[h["theme"]] += 1
    named = list(dict.fromkeys(m["actor"] for m in s.actor_hits))
    vader = float(np.mean(s.vader)) if s.vader else (0.0 if s.vader is not None else None)
    return (s.polarity, s.subjectivity, vader, len(s.spans), tuple(counts.values()), named)


def _sentence_rows(s: ArticleScores, text: str) -> list[tuple]:
    themes_by = [[] for _ in s.spans]
    for h in s.theme_hits:
        if h["theme"] not in themes_by[h["sentence_no"]]:
            themes_by[h["sentence_no"]].append(h["theme"])
    actors_by = [[] for _ in s.spans]
    for m in s.actor_hits:
        if 0 <= m["sentence_no"] < len(actors_by) and m["actor"] not in actors_by[m["sentence_no"]]:
            actors_by[m["sentence_no"]].append(m["actor"])
    rows = []
    for i, ((a, b), (pol, subj)) in enumerate(zip(s.spans, s.sentence_sentiment)):
        v = s.vader[i] if s.vader is not None else None
        rows.append((i, a, b, text[a:b], pol, subj, v, actors_by[i], themes_by[i]))
    return rows


def _evidence_rows(s: ArticleScores, text: str) -> list[tuple]:
    from .themes import snippet

    return [(h["theme"], h["term"], h["start"], h["end"], h["sentence_no"],
             snippet(text, s.spans[h["sentence_no"]], h["start"], h["end"])) for h in s.theme_hits]


def _actor_rows(s: ArticleScores, text: str) -> list[tuple]:
    by_actor: dict[str, set[int]] = {}
    for m in s.actor_hits:
        if m["sentence_no"] >= 0:
            by_actor.setdefault(m["actor"], set()).add(m["sentence_no"])
    rows = []
    for actor, nos in by_actor.items():
        pols = [s.sentence_sentiment[i][0] for i in sorted(nos)]
        subs = [s.sentence_sentiment[i][1] for i in sorted(nos)]
        rows.append((actor, len(nos), float(np.mean(pols)), float(np.mean(subs))))
    return rows


# --------------------------------------------------------------------------- public tables


def analyze(
    articles: pd.DataFrame,
    *,
    themes: Any = None,
    vader: bool = False,
    n_jobs: int | None = 1,
    progress: bool | None = None,
    col: str = "text",
) -> pd.DataFrame:
    """Score each article: sentiment, sentence count, themes and actors.

    Parameters
    ----------
    articles:
        Any DataFrame with a ``text`` column (``col``), e.g. from :func:`analysis.load`.
    themes:
        ``None`` for the packaged lexicon, or a lexicon file/dict adding or
        overriding themes (see ``analysis/data/README.md``).
    vader:
        Also score with VADER, sentence by sentence as its authors advise for
        long texts, averaged over the article's sentences (column ``vader``),
        and flag ``sentiment_disagree`` where TextBlob and VADER point opposite
        ways, both outside the neutral band ``±NEUTRAL_BAND``.
    n_jobs:
        Worker processes (``-1``: one per core). Results and row order are
        identical to ``n_jobs=1``.
    progress:
        Show a progress bar (notebook-aware); ``None`` shows one for large inputs.

    Returns
    -------
    pandas.DataFrame
        A copy of ``articles`` (same index) plus ``polarity`` and
        ``subjectivity`` (exactly ``TextBlob(text).sentiment``), ``vader`` and
        ``sentiment_disagree`` (with ``vader=True``), ``n_sentences``, for each
        theme T ``T_hits`` (int) and ``T`` (bool), and ``actors`` (list of
        canonical names, in order of first mention).

    Example
    -------
    >>> df = pd.DataFrame({"text": ["The EU extended sanctions on Russia. Moscow was not pleased."]})
    >>> out = analyze(df)
    >>> bool(out.loc[0, "sanctions"]), int(out.loc[0, "n_sentences"]), out.loc[0, "actors"]
    (True, 2, ['European Union', 'Russia'])
    """
    config = _config(themes, vader)
    names = tuple(_resources(config)[0].themes)
    texts = _texts(articles, col)
    rows = _map(partial(_article_row, names), texts, config, n_jobs=n_jobs, progress=progress, desc="analyze")
    return _article_frame(articles, rows, config)


def _article_frame(articles: pd.DataFrame, rows: list[tuple], config: _Config) -> pd.DataFrame:
    lexicon = _resources(config)[0]
    out = articles.copy()
    idx = articles.index
    out["polarity"] = pd.Series([r[0] for r in rows], index=idx, dtype="float64")
    out["subjectivity"] = pd.Series([r[1] for r in rows], index=idx, dtype="float64")
    if config.vader:
        out["vader"] = pd.Series([r[2] for r in rows], index=idx, dtype="float64")
        band = NEUTRAL_BAND
        out["sentiment_disagree"] = ((out["polarity"] > band) & (out["vader"] < -band)) | (
            (out["polarity"] < -band) & (out["vader"] > band))
    out["n_sentences"] = pd.Series([r[3] for r in rows], index=idx, dtype="int64")
    for k, name in enumerate(lexicon.themes):
        hits = pd.Series([r[4][k] for r in rows], index=idx, dtype="int64")
        out[f"{name}_hits"] = hits
        out[name] = hits >= lexicon.spec[name]["min_hits"]
    out["actors"] = pd.Series([r[5] for r in rows], index=idx, dtype=object)
    return out


def _ids(articles: pd.DataFrame, id_col: str) -> list:
    return articles[id_col].tolist() if id_col in articles.columns else articles.index.tolist()


def sentences(articles: pd.DataFrame, *, themes: Any = None, vader: bool = False, n_jobs: int | None = 1,
              progress: bool | None = None, col: str = "text", id_col: str = "article_id") -> pd.DataFrame:
    """One row per sentence: offsets, text, TextBlob sentiment, actors and themes.

    Columns: ``article_id``, ``sentence_no``, ``start``, ``end`` (character
    offsets into the article's text), ``sentence``, ``polarity``,
    ``subjectivity`` (``TextBlob(sentence).sentiment``), ``vader`` (with
    ``vader=True``), ``actors`` and ``themes`` (lists). ``article_id`` is the
    index value when the input has no ``article_id`` column.

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["Kyiv buys natural gas. It is cold."]})
    >>> sentences(df)[["sentence_no", "sentence", "actors", "themes"]].values.tolist()
    [[0, 'Kyiv buys natural gas.', ['Ukraine'], ['energy']], [1, 'It is cold.', [], []]]
    """
    config = _config(themes, vader)
    per_article = _map(_sentence_rows, _texts(articles, col), config, n_jobs=n_jobs, progress=progress,
                       desc="sentences")
    return _sentence_frame(_ids(articles, id_col), per_article, vader)


def _sentence_frame(ids: list, per_article: list[list[tuple]], vader: bool) -> pd.DataFrame:
    rows = [(aid, *r) for aid, part in zip(ids, per_article) for r in part]
    cols = ["article_id", "sentence_no", "start", "end", "sentence", "polarity", "subjectivity", "vader",
            "actors", "themes"]
    out = pd.DataFrame(rows, columns=cols)
    out = out.astype({"sentence_no": "int64", "start": "int64", "end": "int64", "polarity": "float64",
                      "subjectivity": "float64", "sentence": "string"})
    return out if vader else out.drop(columns="vader")


def evidence(articles: pd.DataFrame, *, themes: Any = None, n_jobs: int | None = 1, progress: bool | None = None,
             col: str = "text", id_col: str = "article_id") -> pd.DataFrame:
    """One row per theme hit: which term, where, in which sentence, with a snippet.

    Columns: ``article_id``, ``theme``, ``term`` (the lexicon term that
    matched; the text itself is ``text[start:end]``), ``start``, ``end``,
    ``sentence_no``, ``snippet`` (the sentence, trimmed to about 200
    characters around the hit; plain text).

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["Oil prices fell on Monday."]})
    >>> evidence(df)[["theme", "term", "start", "end"]].values.tolist()
    [['energy', 'oil prices', 0, 10]]
    """
    per_article = _map(_evidence_rows, _texts(articles, col), _config(themes, False), n_jobs=n_jobs,
                       progress=progress, desc="evidence")
    return _evidence_frame(_ids(articles, id_col), per_article)


def _evidence_frame(ids: list, per_article: list[list[tuple]]) -> pd.DataFrame:
    rows = [(aid, *r) for aid, part in zip(ids, per_article) for r in part]
    out = pd.DataFrame(rows, columns=["article_id", "theme", "term", "start", "end", "sentence_no", "snippet"])
    return out.astype({"start": "int64", "end": "int64", "sentence_no": "int64"})


def actor_sentiment(articles: pd.DataFrame, *, n_jobs: int | None = 1, progress: bool | None = None,
                    col: str = "text", id_col: str = "article_id") -> pd.DataFrame:
    """Per article and actor: mean TextBlob polarity of the sentences that mention the actor.

    Columns: ``article_id``, ``actor``, ``n_sentences`` (sentences mentioning
    the actor), ``polarity`` and ``subjectivity`` (their means).

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["China praised the good deal. China and Japan argued."]})
    >>> actor_sentiment(df)[["actor", "n_sentences"]].values.tolist()
    [['China', 2], ['Japan', 1]]
    """
    per_article = _map(_actor_rows, _texts(articles, col), _config(None, False), n_jobs=n_jobs,
                       progress=progress, desc="actor sentiment")
    return _actor_frame(_ids(articles, id_col), per_article)


def _actor_frame(ids: list, per_article: list[list[tuple]]) -> pd.DataFrame:
    rows = [(aid, *r) for aid, part in zip(ids, per_article) for r in part]
    out = pd.DataFrame(rows, columns=["article_id", "actor", "n_sentences", "polarity", "subjectivity"])
    return out.astype({"n_sentences": "int64", "polarity": "float64", "subjectivity": "float64"})


class Tables(NamedTuple):
    """All four tables of one scoring pass (see :func:`analyze_all`)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    evidence: pd.DataFrame
    actor_sentiment: pd.DataFrame


def _all_rows(theme_names: tuple[str, ...], s: ArticleScores, text: str) -> tuple:
    return (_article_row(theme_names, s, text), _sentence_rows(s, text), _evidence_rows(s, text),
            _actor_rows(s, text))


def analyze_all(articles: pd.DataFrame, *, themes: Any = None, vader: bool = False, n_jobs: int | None = 1,
                progress: bool | None = None, col: str = "text", id_col: str = "article_id") -> Tables:
    """:func:`analyze`, :func:`sentences`, :func:`evidence` and :func:`actor_sentiment` in one pass.

    Each article is scored once; the four tables are those the four
    functions return for the same arguments.

    Example
    -------
    >>> t = analyze_all(pd.DataFrame({"article_id": ["a"], "text": ["Oil fell. Russia gained."]}))
    >>> len(t.articles), len(t.sentences), t.evidence["term"].tolist(), t.actor_sentiment["actor"].tolist()
    (1, 2, [], ['Russia'])
    """
    config = _config(themes, vader)
    names = tuple(_resources(config)[0].themes)
    parts = _map(partial(_all_rows, names), _texts(articles, col), config, n_jobs=n_jobs, progress=progress,
                 desc="analyze")
    ids = _ids(articles, id_col)
    return Tables(
        _article_frame(articles, [p[0] for p in parts], config),
        _sentence_frame(ids, [p[1] for p in parts], vader),
        _evidence_frame(ids, [p[2] for p in parts]),
        _actor_frame(ids, [p[3] for p in parts]),
    )
