"""Topics beyond the theme lexicon: NMF over tf-idf.

:func:`topics` factorises the article-term tf-idf matrix with non-negative
matrix factorisation (scikit-learn's ``NMF``, ``init="nndsvda"``), which
finds groups of words that occur together without any hand-written lexicon.
Terms come from the same tokeniser as :func:`analysis.keywords.keywords`
(:func:`analysis.keywords.vectorizer_options`: letters-only tokens of two or
more characters, lower-cased, English and news stop words removed).

Example
-------
>>> import pandas as pd
>>> df = pd.DataFrame({"text": [
...     "Oil prices rose as gas pipeline exports grew.",
...     "Gas pipeline exports and oil prices fell.",
...     "The football team won the cup final.",
...     "Fans cheered as the football team lifted the cup."]})
>>> t = topics(df, n=2, min_df=1, max_df=1.0, n_terms=3)
>>> t.articles["topic"].tolist()[:2] != t.articles["topic"].tolist()[2:]
True
>>> len(t.labels)
2
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.aggregate.keywords import _outlet_terms, vectorizer_options

__all__ = ["topics", "Topics"]


class Topics(NamedTuple):
    """Result of :func:`topics`.

    Attributes
    ----------
    terms : DataFrame
        ``topic`` (int), ``rank`` (1 = heaviest), ``term``, ``weight`` (the
        term's weight in the topic); at most ``n_terms`` rows per topic, only
        terms with a positive weight.
    labels : list of str
        One label per topic: its three heaviest terms joined by ``" / "``.
    articles : DataFrame
        Same index as the input: ``topic`` (int, the article's main topic, -1
        when the article has no topic weight at all, e.g. an empty text or
        only rare words), ``topic_weight`` (share of the article's total topic
        weight in the main topic, NaN when ``topic`` is -1) and
        ``topic_label`` (missing when ``topic`` is -1).
    """

    terms: pd.DataFrame
    labels: list[str]
    articles: pd.DataFrame


def topics(
    articles: pd.DataFrame,
    *,
    n: int = 10,
    col: str = "text",
    n_terms: int = 10,
    random_state: int = 0,
    max_features: int | None = 20000,
    min_df: int | float = 5,
    max_df: int | float = 0.5,
    ngrams: tuple[int, int] = (1, 1),
    max_iter: int = 1000,
    by: str = "source",
    drop_outlet_terms: bool | None = None,
) -> Topics:
    """Find ``n`` topics with NMF over tf-idf and give each article its main topic.

    Parameters
    ----------
    articles : DataFrame
        One row per article; never modified.
    n : int, default 10
        Number of topics.
    col : str, default "text"
        Text column (missing texts count as empty).
    n_terms : int, default 10
        Terms listed per topic in ``Topics.terms``.
    random_state : int, default 0
        Seed passed to NMF; the result is deterministic for a given seed.
    max_features, min_df, max_df
        Vocabulary limits as in scikit-learn's ``TfidfVectorizer``: keep the
        ``max_features`` most frequent terms that occur in at least
        ``min_df`` articles and in at most ``max_df`` (a share when a float)
        of them. ``max_df=0.5`` drops words used by every other article.
    ngrams : (int, int), default (1, 1)
        N-gram lengths. Single words give the cleanest labels; ``(1, 2)``
        adds phrases such as "north korea" (and takes about twice as long).
    max_iter : int, default 1000
        NMF iteration limit. NMF stops earlier once converged (82 iterations
        on the default corpus with ``n=10``); the high limit keeps
        scikit-learn's ``ConvergenceWarning`` away on ordinary collections.
        Should it still appear, it is shown, not silenced.
    by : str, default "source"
        The column naming each article's outlet, for ``drop_outlet_terms``.
    drop_outlet_terms : bool, optional
        Leave out of the vocabulary the terms that only name an outlet ("tass"
        for tass.com, "cnn"): a term spelling a part of an outlet's name and
        found mostly (in at least half of the articles that use it) in that
        outlet's articles, as :func:`analysis.keywords` does. By default on
        when ``by`` is a column.

    Returns
    -------
    Topics
        Named tuple ``(terms, labels, articles)``; see :class:`Topics`.

    Raises
    ------
    KeyError
        When ``col`` is missing.
    ValueError
        When no term survives the vocabulary limits, or ``n`` exceeds the
        number of articles or of terms.

    Example
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": [
    ...     "Sanctions on banks were extended.", "New sanctions hit banks.",
    ...     "Heavy snow closed roads.", "Snow and ice closed roads again."]},
    ...     index=[10, 11, 12, 13])
    >>> t = topics(df, n=2, min_df=2, max_df=1.0, n_terms=2)
    >>> t.articles.index.tolist()
    [10, 11, 12, 13]
    >>> sorted(t.labels)
    ['banks / sanctions', 'closed / roads / snow']
    >>> t.articles[["topic_weight", "topic_label"]]
        topic_weight            topic_label
    10           1.0      banks / sanctions
    11           1.0      banks / sanctions
    12           1.0  closed / roads / snow
    13           1.0  closed / roads / snow
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    if col not in articles.columns:
        raise KeyError(f"missing column(s): {col!r}")
    if int(n) < 1:
        raise ValueError(f"n must be a positive integer, not {n!r}")
    texts = articles[col].astype(object).where(articles[col].notna(), "").tolist()
    vec = TfidfVectorizer(
        **vectorizer_options(ngrams=ngrams),
        min_df=min_df,
        max_df=max_df,
        max_features=max_features,
    )
    try:
        x = vec.fit_transform(texts)
    except ValueError as exc:  # empty vocabulary, or min_df/max_df prune everything
        raise ValueError(
            f"no terms left to build topics from ({exc}); try a lower min_df or a higher max_df"
        ) from None
    vocab = vec.get_feature_names_out()
    if drop_outlet_terms is None:
        drop_outlet_terms = by in articles.columns
    if drop_outlet_terms:
        if by not in articles.columns:
            raise KeyError(f"missing column(s): {by!r} (drop_outlet_terms needs the outlets)")
        keep = _not_outlet_terms(articles[by], x, vocab)
        if not keep.all():
            x, vocab = x[:, keep], vocab[keep]
    if int(n) > min(x.shape):
        raise ValueError(
            f"n={n} topics need at least {n} articles and {n} terms; "
            f"have {x.shape[0]} articles and {x.shape[1]} terms"
        )

    if x.shape[0] * x.shape[1] <= 1_000_000:
        # Small matrices go in dense: scikit-learn's sparse formula for the
        # final reconstruction error can come out as a tiny negative number
        # when the fit is (nearly) exact, which warns in np.sqrt. The dense
        # formula cannot, and the factorisation itself is the same.
        x = x.toarray()
    model = NMF(n_components=int(n), init="nndsvda", random_state=random_state, max_iter=int(max_iter))
    w = model.fit_transform(x)  # articles x topics
    h = model.components_  # topics x terms

    rows = []
    labels = []
    for k in range(h.shape[0]):
        order = np.argsort(-h[k], kind="stable")
        order = order[h[k, order] > 0][: max(int(n_terms), 3)]
        top = [str(vocab[j]) for j in order]
        labels.append(" / ".join(top[:3]))
        for r, j in enumerate(order[: int(n_terms)], start=1):
            rows.append((k, r, str(vocab[j]), float(h[k, j])))
    terms = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
    terms = terms.astype({"topic": np.int64, "rank": np.int64, "term": "string", "weight": float})

    total = w.sum(axis=1)
    has = total > 0
    main = np.where(has, w.argmax(axis=1), -1).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(has, w.max(axis=1) / np.where(has, total, 1.0), np.nan)
    label_of = np.array(labels + [None], dtype=object)  # index -1 -> None
    out = pd.DataFrame(
        {
            "topic": main,
            "topic_weight": share.astype(float),
            "topic_label": pd.array(label_of[main], dtype="string"),
        },
        index=articles.index.copy(),
    )
    return Topics(terms=terms, labels=labels, articles=out)


def _not_outlet_terms(outlets: pd.Series, x, vocab: np.ndarray) -> np.ndarray:
    """A mask of the vocabulary: ``False`` for terms that only name an outlet (see ``drop_outlet_terms``)."""
    from scipy import sparse

    codes, groups = pd.factorize(outlets.astype(object), use_na_sentinel=True)
    mine = codes >= 0
    onehot = sparse.csr_matrix((np.ones(int(mine.sum())), (codes[mine], np.flatnonzero(mine))),
                               shape=(len(groups), x.shape[0]))
    present = (sparse.csr_matrix(x) > 0).astype(np.int64)
    y = np.asarray((onehot @ present).todense())  # outlets x terms: articles using the term
    drop = _outlet_terms(list(groups), np.asarray(vocab, dtype=object), y, y.sum(axis=0))
    keep = np.ones(len(vocab), dtype=bool)
    for idx in drop.values():
        keep[idx] = False
    return keep
