"""Tests for analysis.keywords (hand-written mini-corpora; one corpus test)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis.aggregate.keywords import _count_matrix
from analysis.aggregate.keywords import keywords, stop_words, tokenize, vectorizer_options

TERM_RE = re.compile(r"^[^\W\d_]{2,}( [^\W\d_]{2,})*$")


def frame(rows: list[tuple], columns=("source", "text")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


# A small harbour/orchard/courtroom corpus: each group has its own vocabulary
# on top of a shared filler sentence.
FILLER = "Officials met reporters again and described the week."
CORPUS = frame(
    [
        ("harbour", f"The glacier melted near the harbour. {FILLER}"),
        ("harbour", f"Ferries crossed the harbour while the glacier calved. {FILLER}"),
        ("harbour", f"Fishermen watched the glacier from the ferries. {FILLER}"),
        ("orchard", f"Apple growers praised the orchard harvest. {FILLER}"),
        ("orchard", f"The orchard lost apple trees to frost. {FILLER}"),
        ("orchard", f"Growers sold apple cider at the orchard gate. {FILLER}"),
        ("court", f"The judge adjourned the trial. {FILLER}"),
        ("court", f"Lawyers asked the judge to delay the trial. {FILLER}"),
        ("court", f"The jury told the judge it needed time. {FILLER}"),
    ]
)


# ---------------------------------------------------------------------------
# Ranking behaviour
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group,term", [("harbour", "glacier"), ("orchard", "apple"), ("court", "judge")]
)
def test_term_used_by_one_group_only_ranks_first(group, term):
    out = keywords(CORPUS, by="source", min_count=1, ngrams=(1, 1))
    mine = out[out.group == group]
    assert mine.iloc[0]["term"] == term
    assert mine.iloc[0]["rank"] == 1
    assert mine.iloc[0]["count_rest"] == 0


@pytest.mark.parametrize("prior", [None, 1.0, 50.0, 5000.0])
def test_two_groups_are_mirror_images(prior):
    df = frame(
        [
            ("east", "Miners dug coal. Coal trucks rolled. Miners went on strike."),
            ("east", "The coal mine reopened and miners returned underground."),
            ("west", "Surfers rode waves. Waves broke on the reef at dawn."),
            ("west", "The reef drew surfers, and the waves grew all afternoon."),
            ("west", "Local shops sold boards to surfers and visitors."),
        ]
    )
    out = keywords(df, by="source", top=None, min_count=1, ngrams=(1, 1), prior=prior)
    east = out[out.group == "east"].set_index("term")
    west = out[out.group == "west"].set_index("term")
    assert set(east.index) == set(west.index)
    top_east = east.index[:3]
    assert (east.loc[top_east, "z"] > 0).all()
    np.testing.assert_allclose(west.loc[top_east, "z"], -east.loc[top_east, "z"])
    np.testing.assert_allclose(west.loc[east.index, "log_odds"], -east["log_odds"])
    # counts swap roles between the two groups
    assert (west.loc[east.index, "count"].values == east["count_rest"].values).all()
    assert {"coal", "miners"} <= set(top_east)
    assert {"surfers", "waves"} <= set(west.index[:3])


@pytest.mark.parametrize("prior", [None, 0.5, 10.0, 300.0])
@pytest.mark.parametrize("term", ["apple", "banana", "cherry"])
def test_z_matches_hand_computation(prior, term):
    df = frame([("a", "apple apple banana"), ("b", "banana cherry")])
    out = keywords(df, by="source", top=None, min_count=1, ngrams=(1, 1), prior=prior)
    # counts worked out by reading the two texts
    y_a = {"apple": 2, "banana": 1, "cherry": 0}
    y_b = {"apple": 0, "banana": 1, "cherry": 1}
    n_a, n_b = 3, 2
    total = {w: y_a[w] + y_b[w] for w in y_a}
    a0 = 2.5 if prior is None else prior  # default: mean counted terms per article (5 / 2)
    a_w = a0 * total[term] / (n_a + n_b)
    yi, yj = y_a[term], y_b[term]
    delta = np.log((yi + a_w) / (n_a + a0 - yi - a_w)) - np.log((yj + a_w) / (n_b + a0 - yj - a_w))
    z = delta / np.sqrt(1 / (yi + a_w) + 1 / (yj + a_w))
    row = out[(out.group == "a") & (out.term == term)].iloc[0]
    assert row["log_odds"] == pytest.approx(delta)
    assert row["z"] == pytest.approx(z)
    assert row["count"] == yi and row["count_rest"] == yj


def test_default_prior_is_mean_article_length():
    df = frame([("a", "apple apple banana"), ("b", "banana cherry"), ("b", "cherry pie")])
    default = keywords(df, by="source", top=None, min_count=1, ngrams=(1, 1))
    explicit = keywords(df, by="source", top=None, min_count=1, ngrams=(1, 1), prior=7 / 3)
    pd.testing.assert_frame_equal(default, explicit)


def test_larger_prior_shrinks_log_odds():
    small = keywords(CORPUS, by="source", top=None, min_count=1, ngrams=(1, 1), prior=1.0)
    big = keywords(CORPUS, by="source", top=None, min_count=1, ngrams=(1, 1), prior=1e5)
    key = ["group", "term"]
    both = small.merge(big, on=key, suffixes=("_small", "_big"))
    assert (both.log_odds_big.abs() <= both.log_odds_small.abs() + 1e-12).all()


# ---------------------------------------------------------------------------
# Terms: stop words, numbers, n-grams
# ---------------------------------------------------------------------------

NUMBERY = frame(
    [
        ("x", "In 2017 the G20 said 3.5 million people, 1st in line, paid $55 on 12/03."),
        ("x", "Mr Smith told reporters the 5bn deal was signed at 10am, according to AP."),
        ("y", "About 40% of the 300 voters said they didn't like the 2nd round."),
        ("y", "She's sure they'll vote; it's the 20th time, and we've counted 7 times."),
    ]
)


@pytest.mark.parametrize("ngrams", [(1, 1), (1, 2), (2, 2), (1, 3)])
def test_no_stop_words_numbers_or_single_letters(ngrams):
    out = keywords(NUMBERY, by="source", top=None, min_count=1, ngrams=ngrams)
    assert len(out) > 0
    stops = stop_words()
    for term in out.term:
        assert TERM_RE.match(term), term
        assert not any(tok in stops for tok in term.split()), term
    for banned in ["said", "the", "million", "told", "according", "mr", "didn", "ll", "ve", "bn", "am", "st"]:
        assert banned not in set(out.term)


@pytest.mark.parametrize("ngrams,expect_bigram", [((1, 2), True), ((1, 1), False), ((2, 2), True)])
def test_bigrams_of_adjacent_content_words(ngrams, expect_bigram):
    df = frame(
        [
            ("a", "The prime minister visited Dublin. The prime minister spoke."),
            ("a", "Critics said the prime minister was late."),
            ("b", "The Secretary of State flew home. The state budget passed."),
        ]
    )
    terms = set(keywords(df, by="source", top=None, min_count=1, ngrams=ngrams).term)
    assert ("prime minister" in terms) is expect_bigram
    # a stop word between two words never yields a bridged bigram
    assert "secretary state" not in terms
    if ngrams == (2, 2):
        assert all(" " in t for t in terms)


def test_tokenize_drops_numbers_clitics_and_negated_auxiliaries():
    assert tokenize("Russia's 3 envoys didn't meet NATO's chief in 2017.") == [
        "russia", "envoys", "meet", "nato", "chief", "in"
    ]
    assert tokenize(None) == []


@pytest.mark.parametrize("text, tokens", [
    ("In the D\ufffdil today", ["in", "the", "today"]),            # a damaged word gives no pieces
    ("Fianna F\ufffdil and Sinn Féin", ["fianna", "and", "sinn", "féin"]),
    ("\ufffdxx yy\ufffd zz", ["zz"]),                               # at either end of the word
    ("Dáil", ["dáil"]),                                             # an intact word with an accent
    # links and handles give no tokens; a word with a slash or an e-mail address is no handle
    ("Watch pic.twitter.com/36jeHvU1qb — RTE News (@rtenews) today", ["watch", "rte", "news", "today"]),
    ("See https://www.dw.com/en/x-y/a-1 or www.bbc.co.uk now", ["see", "or", "now"]),
    ("Oil and/or gas, mail press@un.org", ["oil", "and", "or", "gas", "mail"]),
])
def test_tokenize_skips_damaged_words_links_and_handles(text, tokens):
    assert tokenize(text) == tokens


@pytest.mark.parametrize("ngrams", [(1, 1), (1, 2), (2, 3)])
def test_fast_counting_matches_countvectorizer(ngrams):
    from sklearn.feature_extraction.text import CountVectorizer

    texts = list(CORPUS.text) + list(NUMBERY.text) + ["", "the of and"]
    x, terms = _count_matrix(texts, ngrams, 1)
    cv = CountVectorizer(**vectorizer_options(ngrams=ngrams))
    ref = cv.fit_transform(texts)
    ref_terms = cv.get_feature_names_out()
    assert sorted(terms) == sorted(ref_terms)
    order = np.argsort(terms)
    ref_order = np.argsort(ref_terms)
    assert (x[:, order] != ref[:, ref_order]).nnz == 0


def test_min_count_drops_rare_terms():
    out = keywords(CORPUS, by="source", top=None, min_count=3, ngrams=(1, 1))
    totals = out.drop_duplicates("term").set_index("term")
    assert ((totals["count"] + totals["count_rest"]) >= 3).all()
    assert "cider" not in set(out.term)  # used once
    assert "glacier" in set(out.term)  # used three times


# one harbour story repeats "lighthouse"; "glacier" is in all three harbour stories
BURST = pd.concat([CORPUS, frame([("harbour", "Lighthouse, lighthouse: the lighthouse keeper and his lighthouse "
                                              "lamp, the lighthouse boat, the lighthouse stairs.")])],
                  ignore_index=True)


def test_articles_that_use_each_term_are_counted():
    out = keywords(BURST, by="source", top=None, min_count=1, ngrams=(1, 1))
    for r in out.itertuples():
        pattern = rf"\b{r.term}\b"
        used = BURST["text"].str.contains(pattern, case=False, regex=True)
        assert r.n_articles == (used & BURST["source"].eq(r.group)).sum(), (r.group, r.term)
        assert r.n_articles_rest == (used & BURST["source"].ne(r.group)).sum(), (r.group, r.term)
    light = out[(out.group == "harbour") & (out.term == "lighthouse")].iloc[0]
    assert (light["count"], light["n_articles"]) == (6, 1)


@pytest.mark.parametrize("min_articles, kept", [(1, True), (2, False)])
def test_min_articles_leaves_out_one_articles_words(min_articles, kept):
    out = keywords(BURST, by="source", top=3, min_count=1, ngrams=(1, 1), min_articles=min_articles)
    harbour = out[out.group == "harbour"]
    assert ("lighthouse" in set(harbour.term)) is kept
    assert harbour.iloc[0]["term"] == ("lighthouse" if kept else "glacier")
    assert (harbour["n_articles"] >= min_articles).all() and len(harbour) == 3
    assert list(harbour["rank"]) == [1, 2, 3]
    # the scores do not change, only which terms are listed
    full = keywords(BURST, by="source", top=None, min_count=1, ngrams=(1, 1)).set_index(["group", "term"])
    assert np.allclose(out.set_index(["group", "term"])["z"], full.loc[out.set_index(["group", "term"]).index, "z"])


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_bad_min_articles(bad):
    with pytest.raises(ValueError, match="min_articles"):
        keywords(CORPUS, by="source", min_articles=bad)


# ---------------------------------------------------------------------------
# Groups: scalars, lists, booleans, months, restriction
# ---------------------------------------------------------------------------


def test_list_valued_by_counts_article_in_each_group():
    df = pd.DataFrame(
        {
            "actors": [["Russia", "China"], ["Russia"], ["China"], [], ["EU", "EU"]],
            "text": [
                "The pipeline deal was signed.",
                "Pipeline gas flowed west.",
                "Factories exported steel.",
                "Weather stayed mild.",
                "Farmers protested quotas.",
            ],
        }
    )
    out = keywords(df, by="actors", top=None, min_count=1, ngrams=(1, 1))
    assert set(out.group) == {"China", "EU", "Russia"}
    pipe = out[out.term == "pipeline"].set_index("group")
    assert pipe.loc["Russia", "count"] == 2 and pipe.loc["Russia", "count_rest"] == 0
    assert pipe.loc["China", "count"] == 1 and pipe.loc["China", "count_rest"] == 1
    # duplicated list entries count once
    quotas = out[out.term == "quotas"].set_index("group")
    assert quotas.loc["EU", "count"] == 1
    assert out[out.group == "Russia"].iloc[0]["term"] == "pipeline"


@pytest.mark.parametrize("dtype", [bool, "boolean"])
def test_bool_valued_by(dtype):
    df = pd.DataFrame(
        {
            "energy": pd.array([True, True, False, False, False], dtype=dtype),
            "text": [
                "Crude oil and pipeline gas prices rose.",
                "The pipeline carried gas and crude oil.",
                "The orchestra played a symphony.",
                "A new symphony premiered with the orchestra.",
                "Critics praised the orchestra.",
            ],
        }
    )
    out = keywords(df, by="energy", top=2, min_count=2, ngrams=(1, 1))
    assert list(out.group.drop_duplicates()) == [False, True]
    assert all(type(g) is bool for g in out.group)
    assert out[out.group == False].iloc[0]["term"] == "orchestra"  # noqa: E712
    assert set(out[out.group == True].term) <= {"crude", "gas", "oil", "pipeline"}  # noqa: E712


def test_month_groups_from_published():
    df = pd.DataFrame(
        {
            "published": pd.to_datetime(
                ["2017-01-05", "2017-01-20", "2017-02-03", "2017-02-28", None], utc=True
            ),
            "text": [
                "Snowstorm closed the airport.",
                "Another snowstorm hit the airport.",
                "Flooding forced evacuations.",
                "Flooding damaged bridges.",
                "Snowstorm warnings were issued.",
            ],
        }
    )
    out = keywords(df, by="month", top=None, min_count=1, ngrams=(1, 1))
    assert list(out.group.drop_duplicates()) == ["2017-01", "2017-02"]
    firsts = out[out["rank"] == 1].set_index("group").term
    assert firsts["2017-01"] in {"airport", "snowstorm"}
    assert firsts["2017-02"] == "flooding"
    # the undated article belongs to no month but is among "all other
    # articles" of every month
    snow = out[out.term == "snowstorm"].set_index("group")
    assert snow.loc["2017-01", "count"] == 2 and snow.loc["2017-01", "count_rest"] == 1
    assert snow.loc["2017-02", "count"] == 0 and snow.loc["2017-02", "count_rest"] == 3
    # "airport" (2 in January, none elsewhere) beats "snowstorm" (2 vs 1)
    jan = out[out.group == "2017-01"].set_index("term")
    assert jan.loc["airport", "z"] > jan.loc["snowstorm", "z"] > 0


def test_existing_month_column_is_used_as_is():
    df = pd.DataFrame(
        {"month": ["spring", "spring", "autumn"], "text": ["tulips bloom", "tulips again", "leaves fall"]}
    )
    out = keywords(df, by="month", top=1, min_count=1, ngrams=(1, 1))
    assert list(out.group) == ["autumn", "spring"]


@pytest.mark.parametrize("wanted", [["court"], ["orchard", "harbour"]])
def test_groups_restricts_report_not_comparison(wanted):
    full = keywords(CORPUS, by="source", min_count=1, ngrams=(1, 1))
    part = keywords(CORPUS, by="source", min_count=1, ngrams=(1, 1), groups=wanted)
    assert set(part.group) == set(wanted)
    expected = full[full.group.isin(wanted)].reset_index(drop=True)
    pd.testing.assert_frame_equal(part, expected)


def test_unknown_group_raises():
    with pytest.raises(ValueError, match="atlantis"):
        keywords(CORPUS, by="source", min_count=1, groups=["atlantis"])


@pytest.mark.parametrize("top", [1, 2, 5])
def test_shape_and_order(top):
    out = keywords(CORPUS, by="source", top=top, min_count=1)
    assert list(out.columns) == ["group", "term", "z", "log_odds", "count", "count_rest", "n_articles",
                                 "n_articles_rest", "rank"]
    assert list(out.group.drop_duplicates()) == sorted(CORPUS.source.unique())
    for _, d in out.groupby("group"):
        assert list(d["rank"]) == list(range(1, len(d) + 1))
        assert len(d) == top
        assert d.z.is_monotonic_decreasing
    assert out.index.equals(pd.RangeIndex(len(out)))


# ---------------------------------------------------------------------------
# Errors and immutability
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "groups",
    [["tass.com", "tass.com", "tass.com"], [None, "rte.ie", None], [None, None, None]],
)
def test_fewer_than_two_groups_raises(groups):
    df = pd.DataFrame({"source": groups, "text": ["one text", "two text", "red text"]})
    with pytest.raises(ValueError, match="at least two groups") as info:
        keywords(df, by="source", min_count=1)
    for g in {g for g in groups if g}:
        assert g in str(info.value)


def test_single_bool_group_raises():
    df = pd.DataFrame({"energy": [True, True], "text": ["oil", "gas"]})
    with pytest.raises(ValueError, match="True"):
        keywords(df, by="energy", min_count=1)


@pytest.mark.parametrize(
    "kwargs,missing",
    [
        ({"by": "source", "col": "body"}, "body"),
        ({"by": "outlet"}, "outlet"),
        ({"by": "month"}, "published"),
    ],
)
def test_missing_column_raises_keyerror(kwargs, missing):
    with pytest.raises(KeyError, match=missing):
        keywords(CORPUS, **kwargs)


def test_input_not_mutated():
    df = pd.DataFrame(
        {
            "actors": [["Russia", "China"], ["Russia"], ["China"]],
            "published": pd.to_datetime(["2017-01-01", "2017-02-01", "2017-02-02"], utc=True),
            "text": ["Pipeline talks resumed.", "Pipeline gas flowed.", None],
        },
        index=[7, 3, 5],
    )
    before = df.copy(deep=True)
    keywords(df, by="actors", min_count=1)
    keywords(df, by="month", min_count=1)
    pd.testing.assert_frame_equal(df, before)
    assert df.loc[7, "actors"] == ["Russia", "China"]


# ---------------------------------------------------------------------------
# Default corpus
# ---------------------------------------------------------------------------


@pytest.mark.corpus
def test_default_corpus_source_keywords(corpus):
    out = keywords(corpus, by="source")
    assert out.group.nunique() == corpus.source.nunique()
    tass = out[out.group == "tass.com"]
    # checked by hand: Russian-government news makes these far more frequent
    # there than elsewhere; "tass" only names the outlet (dropped by default for
    # by="source", kept when asked for)
    assert {"moscow", "russian"} <= set(tass.term)
    assert "tass" not in set(tass.term)
    assert (tass.z > 0).all()
    kept = keywords(corpus, by="source", groups=["tass.com"], drop_outlet_terms=False)
    assert "tass" in set(kept.term)
    china = set(out[out.group == "europe.chinadaily.com.cn"].term)
    assert {"china", "chinese"} <= china
