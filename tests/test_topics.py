"""Tests for analysis.topics (synthetic two-theme corpora; one corpus test)."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.aggregate.keywords import stop_words
from analysis.aggregate.topics import Topics, topics

WEATHER = ["rain", "storm", "thunder", "forecast", "humidity", "drizzle", "hail", "clouds"]
FINANCE = ["shares", "dividend", "investors", "bonds", "earnings", "stocks", "portfolio", "brokers"]


def two_theme_corpus(n_each: int = 12, index=None) -> pd.DataFrame:
    """Articles that each use five words of one vocabulary (rotating) plus filler."""
    texts, kinds = [], []
    for i in range(n_each):
        for kind, vocab in (("weather", WEATHER), ("finance", FINANCE)):
            words = [vocab[(i + k) % len(vocab)] for k in range(5)]
            texts.append(f"On day {i} the report mentioned " + " and ".join(words) + ".")
            kinds.append(kind)
    df = pd.DataFrame({"kind": kinds, "text": texts})
    if index is not None:
        df.index = index
    return df


@pytest.mark.parametrize("random_state", [0, 1, 7])
@pytest.mark.parametrize("n_each", [8, 15])
def test_two_themes_end_up_in_different_topics(random_state, n_each):
    df = two_theme_corpus(n_each)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = topics(df, n=2, min_df=2, max_df=0.9, random_state=random_state)
    by_kind = t.articles.groupby(df["kind"])["topic"].agg(lambda s: set(s))
    assert len(by_kind["weather"]) == 1 and len(by_kind["finance"]) == 1
    assert by_kind["weather"] != by_kind["finance"]
    k_weather = by_kind["weather"].pop()
    top = set(t.terms[t.terms.topic == k_weather].term.head(5))
    assert top <= set(WEATHER)


def test_deterministic():
    df = two_theme_corpus(10)
    a = topics(df, n=3, min_df=1, max_df=1.0, random_state=3)
    b = topics(df, n=3, min_df=1, max_df=1.0, random_state=3)
    pd.testing.assert_frame_equal(a.terms, b.terms)
    pd.testing.assert_frame_equal(a.articles, b.articles)
    assert a.labels == b.labels


@pytest.mark.parametrize(
    "index",
    [
        pd.RangeIndex(100, 124),
        pd.Index([f"art-{i}" for i in range(24)]),
        pd.Index(np.arange(24)[::-1] * 3),
    ],
)
def test_index_kept_and_shapes(index):
    df = two_theme_corpus(12, index=index)
    t = topics(df, n=2, min_df=2, max_df=0.9, n_terms=4)
    assert isinstance(t, Topics)
    assert t.articles.index.equals(df.index)
    assert list(t.articles.columns) == ["topic", "topic_weight", "topic_label"]
    assert t.articles.topic.dtype == np.int64


@pytest.mark.parametrize("n,n_terms", [(2, 3), (3, 5), (4, 1)])
def test_labels_and_terms(n, n_terms):
    t = topics(two_theme_corpus(12), n=n, min_df=1, max_df=1.0, n_terms=n_terms)
    assert len(t.labels) == n
    assert list(t.terms.columns) == ["topic", "rank", "term", "weight"]
    assert set(t.terms.topic) <= set(range(n))
    for k, d in t.terms.groupby("topic"):
        assert len(d) <= n_terms
        assert list(d["rank"]) == list(range(1, len(d) + 1))
        assert d.weight.is_monotonic_decreasing and (d.weight > 0).all()
        # the label starts with the topic's heaviest terms
        assert t.labels[k].split(" / ")[: len(d)] == list(d.term)[:3]
    for label in t.labels:
        assert 1 <= len(label.split(" / ")) <= 3
    # main topic labels come from the label list
    assert set(t.articles.topic_label.dropna()) <= set(t.labels)
    got = t.articles.topic_label.tolist()
    assert got == [t.labels[k] for k in t.articles.topic]


def test_weights_are_shares():
    t = topics(two_theme_corpus(10), n=3, min_df=1, max_df=1.0)
    w = t.articles.topic_weight
    assert ((w > 0) & (w <= 1 + 1e-12)).all()


@pytest.mark.parametrize("empty", ["", None, "the and of 2017 42"])
def test_article_without_topic_weight(empty):
    df = two_theme_corpus(8)
    df.loc[len(df)] = ["none", empty]
    t = topics(df, n=2, min_df=2, max_df=0.9)
    last = t.articles.iloc[-1]
    assert last["topic"] == -1
    assert np.isnan(last["topic_weight"])
    assert pd.isna(last["topic_label"])
    assert (t.articles.topic.iloc[:-1] >= 0).all()


def test_same_tokenisation_as_keywords():
    df = pd.DataFrame(
        {
            "text": [
                f"In {2000 + i} the G20 said {i}.5 million storms and {i}th rains hit, it's said."
                for i in range(6)
            ]
            + [f"Mr Lee's shares rose {i}% as investors didn't sell bonds." for i in range(6)]
        }
    )
    t = topics(df, n=2, min_df=1, max_df=1.0, n_terms=20, ngrams=(1, 2))
    stops = stop_words()
    for term in t.terms.term:
        assert re.fullmatch(r"[^\W\d_]{2,}( [^\W\d_]{2,})?", term), term
        assert not any(tok in stops for tok in term.split()), term


def test_input_not_mutated():
    df = two_theme_corpus(8)
    before = df.copy(deep=True)
    topics(df, n=2, min_df=1, max_df=1.0)
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize(
    "kwargs,exc,match",
    [
        ({"col": "body"}, KeyError, "body"),
        ({"n": 500, "min_df": 1, "max_df": 1.0}, ValueError, "n=500"),
        ({"min_df": 1000}, ValueError, "min_df"),
        ({"n": 0}, ValueError, "positive"),
    ],
)
def test_errors(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        topics(two_theme_corpus(6), **kwargs)


# ---------------------------------------------------------------------------
# Default corpus
# ---------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.slow
def test_default_corpus_topics(corpus):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. no ConvergenceWarning escapes
        t = topics(corpus, n=10)
    assert len(t.labels) == 10
    assert t.articles.index.equals(corpus.index)
    assert (t.articles.topic >= 0).mean() > 0.99
    # checked by hand: the corpus has a distinct North Korea cluster (missile
    # tests, the killing of Kim Jong-nam in Malaysia) and a Dutch election one
    assert any("korea" in label for label in t.labels)
    assert any("dutch" in label or "wilders" in label for label in t.labels)


@pytest.mark.parametrize("drop, dropped", [(None, True), (True, True), (False, False)])
def test_outlet_names_left_out_of_the_vocabulary(drop, dropped):
    """'tass' spells tass.com and is used only in its articles; 'reuters' is used by both outlets and stays."""
    df = two_theme_corpus(12)
    df["source"] = ["tass.com" if k == "weather" else "bbc.co.uk" for k in df["kind"]]
    df["text"] = [t + (" TASS reported. Reuters added." if s == "tass.com" else " Reuters added.")
                  for t, s in zip(df["text"], df["source"])]
    found = topics(df, n=2, min_df=2, max_df=1.0, n_terms=20, drop_outlet_terms=drop)
    assert ("tass" in set(found.terms["term"])) is not dropped
    assert "reuters" in set(found.terms["term"])
    with pytest.raises(KeyError, match="'outlet'"):
        topics(df, n=2, min_df=2, max_df=1.0, by="outlet", drop_outlet_terms=True)
