"""Plain-word findings: every number is recomputed here from the frame and looked for in the prose."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import narrate as N
from analysis.aggregate.tables import outlet_label
from test_compare import holm_ref  # Holm's adjustment written out, as a reference

# ----------------------------------------------------------------------------- builders


def utc(values):
    return pd.to_datetime(pd.Series(values, dtype="object"), utc=True)


def frame(n, *, sources=None, dates=None, words=None, **cols):
    """A small article table; unspecified columns get simple made-up values."""
    data = {
        "article_id": [f"id{i:03d}" for i in range(n)],
        "source": sources if sources is not None else ["north.example"] * n,
        "published": utc(dates if dates is not None else ["2017-02-07"] * n),
        "n_words": words if words is not None else [100 + 7 * i for i in range(n)],
    }
    data.update(cols)
    return pd.DataFrame(data)


def spread(center, n, *, width=0.05):
    """``n`` distinct, evenly spaced polarities around ``center``."""
    return list(np.round(np.linspace(center - width, center + width, n), 4))


def welch_ref(a, b):
    r = stats.ttest_ind(a, b, equal_var=False)
    ci = r.confidence_interval(0.95)
    return float(np.mean(a) - np.mean(b)), float(ci.low), float(ci.high), float(r.pvalue)


def mean_ci_ref(values):
    v = np.asarray(values, dtype=float)
    lo, hi = stats.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
    return float(v.mean()), float(lo), float(hi)


# ----------------------------------------------------------------------------- formatting


@pytest.mark.parametrize("fn, value, text", [
    (N.pct, 0.1234, "12.3%"),
    (N.pct, 0.0005, "0.1%"),
    (N.pct, 1.0, "100.0%"),
    (N.pct, float("nan"), "n/a"),
    (N.pol, 0.1234, "+0.123"),
    (N.pol, -0.0456, "-0.046"),
    (N.pol, 0.0004, "0.000"),
    (N.pol, -0.0004, "0.000"),
    (N.pol, None, "n/a"),
    (N.pp, -0.137, "-13.7 percentage points"),
    (N.num, 1234567, "1,234,567"),
    (N.num, 7, "7"),
    (N.day, pd.Timestamp("2017-02-07 23:59", tz="UTC"), "7 Feb 2017"),
    (N.day, pd.NaT, "n/a"),
    (N.pval, 0.04999, "p = 0.050"),
    (N.pval, 0.0002, "p < 0.001"),
    (N.period_label, pd.Period("2017-01", "M"), "Jan 2017"),
    (N.period_label, pd.Period("2017-03-08", "W"), "the week of 6 Mar 2017"),
    (N.period_label, pd.Period("2017Q1", "Q"), "Q1 2017"),
    (N.period_label, pd.Period("2017", "Y"), "2017"),
])
def test_formatting(fn, value, text):
    assert fn(value) == text


@pytest.mark.parametrize("mean, word", [
    (0.0, "neutrally"), (0.0194, "neutrally"), (-0.0194, "neutrally"),
    (0.0196, "slightly positively"),  # printed +0.020: the word follows the printed number
    (0.05, "slightly positively"), (-0.05, "slightly negatively"),
    (0.0994, "slightly positively"), (0.0996, "positively"), (0.1, "positively"), (-0.31, "negatively"),
    (float("nan"), "unknown"),
])
def test_tone_word_bands(mean, word):
    assert N.tone_word(mean) == word


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_welch_and_mean_ci_match_scipy(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0.05, 0.1, 14), rng.normal(0.0, 0.2, 23)
    r = N.welch(a, b)
    diff, lo, hi, p = welch_ref(a, b)
    assert r["diff"] == pytest.approx(diff) and r["p"] == pytest.approx(p)
    assert (r["lo"], r["hi"]) == pytest.approx((lo, hi))
    m = N.mean_ci(a)
    assert (m["mean"], m["lo"], m["hi"]) == pytest.approx(mean_ci_ref(a))


def test_welch_degenerate_groups():
    same = N.welch([0.1, 0.1, 0.1], [0.1, 0.1])
    assert same["p"] == 1.0 and N.verdict(same) == "negligible"
    apart = N.welch([0.2, 0.2, 0.2], [0.1, 0.1])
    assert apart["p"] == 0.0 and N.verdict(apart) == "much more positive"
    with pytest.raises(ValueError):
        N.welch([0.1], [0.2, 0.3])


# ----------------------------------------------------------------------------- corpus


def corpus_frame():
    sources = ["north.example"] * 6 + ["south.example"] * 3 + ["east.example"] * 3
    dates = (["2017-01-03", "2017-01-05", "2017-02-14", "2017-03-01", "2017-03-02", None]
             + ["2017-03-09", None, "2017-03-20"] + ["2017-03-21", "2017-03-22", "2017-03-24"])
    words = [120, 340, 95, 410, 88, 230, 510, 60, 75, 1300, 220, 47]
    return frame(12, sources=sources, dates=dates, words=words)


@pytest.mark.parametrize("report", [None, {"inputs_seen": 1530, "loaded": 12, "rejected": 3,
                                           "duplicates_dropped": 1515}])
def test_corpus_facts_recomputed_and_in_prose(report):
    df = corpus_frame()
    if report is not None:
        df.attrs["load_report"] = report
    f = N.corpus_facts(df)
    text = N.corpus(df)
    dated = df["published"].dropna()
    # (a) recompute every fact independently
    assert f["articles"] == len(df) and f["words"] == df["n_words"].sum()
    counts = df["source"].value_counts()
    assert {o["outlet"]: o["articles"] for o in f["outlets"]} == counts.to_dict()
    assert [o["articles"] for o in f["outlets"]] == sorted(counts, reverse=True)
    assert f["first"] == dated.min() and f["last"] == dated.max()
    assert f["days"] == (dated.max() - dated.min()).days
    assert f["undated"] == df["published"].isna().sum()
    month = dated.dt.strftime("%Y-%m").value_counts()
    assert str(f["busiest"]) == month.idxmax() and f["busiest_articles"] == month.max()
    assert (dated <= f["median"]).mean() >= 0.5 and (dated >= f["median"]).mean() >= 0.5
    # (b) the formatted facts are in the prose
    assert f"12 articles ({N.num(sum(df['n_words']))} words) from 3 outlets" in text
    assert "between 3 Jan 2017 and 24 Mar 2017" in text
    assert f"a span of about {round(80 / 7)} weeks" in text
    for o in f["outlets"]:
        assert f"{o['outlet']} {o['articles']} articles ({N.pct(o['articles'] / 12)})" in text
    assert f"busiest month, Mar 2017, has {month.max()} articles ({N.pct(month.max() / len(dated))}" in text
    assert "No publication date is known for 2 articles (16.7%)" in text
    assert text.index("north.example") < text.index("south.example")  # largest first
    if report is None:
        assert f["load_report"] is None and "No load report" in text
    else:
        assert f["load_report"] == report
        assert "Of 1,530 inputs read, 3 were rejected" in text and "1,515 exact duplicates were dropped" in text


def test_corpus_summary_is_the_source_of_sizes():
    from analysis.aggregate.tables import corpus_summary

    df = corpus_frame()
    s, f = corpus_summary(df), N.corpus_facts(df)
    assert (f["articles"], f["words"], f["undated"], f["first"], f["last"]) == (
        s["articles"], s["words"], s["undated"], s["first"], s["last"])


@pytest.mark.parametrize("top, shown, rest", [(1, 1, "2 smaller outlets with 6 articles (50.0%)"),
                                               (2, 2, "1 smaller outlet with 3 articles (25.0%)"),
                                               (10, 3, None)])
def test_corpus_lists_top_outlets_and_sums_the_rest(top, shown, rest):
    text = N.corpus(corpus_frame(), top=top)
    outlets_line = [p for p in text.split("\n\n") if p.startswith("By outlet")][0]
    assert outlets_line.count(".example") == shown
    assert (rest in outlets_line) if rest else ("smaller outlet" not in outlets_line)


@pytest.mark.parametrize("df, must", [
    (frame(0), ["no articles"]),
    (frame(4, dates=[None] * 4), ["time span is unknown", "none has a publication date"]),
    (frame(4).drop(columns=["published"]), ["no `published` column"]),
    (frame(4).drop(columns=["source"]), ["no `source` column"]),
    (frame(4).drop(columns=["n_words"]), ["no `n_words` column"]),
    (frame(3, sources=["solo.example"] * 3), ["from one outlet, solo.example"]),
    (frame(2, dates=["2017-02-07", "2017-02-07"]), ["all published on 7 Feb 2017"]),
    (frame(2, dates=["2017-02-07", "2017-02-10"]), ["a span of 3 days"]),
    (frame(2, near_duplicate_of=[None, "id000"]), ["1 article is a near-copy"]),
])
def test_corpus_degenerate_tables(df, must):
    text = N.corpus(df)
    for m in must:
        assert m in text


# ----------------------------------------------------------------------------- themes


def theme_frame(jan, feb, mar, *, n=(25, 10, 25), undated=0):
    """Energy flags: ``jan``/``feb``/``mar`` energy articles among ``n`` per month; sanctions in 3 articles."""
    dates, energy = [], []
    for month, k, total in zip(("2017-01-15", "2017-02-15", "2017-03-15"), (jan, feb, mar), n):
        dates += [month] * total
        energy += [True] * k + [False] * (total - k)
    dates += [None] * undated
    energy += [False] * undated
    m = len(dates)
    sanctions = [i % 20 == 0 for i in range(m)]
    return frame(m, dates=dates, energy=energy, energy_hits=[int(e) for e in energy],
                 sanctions=sanctions, sanctions_hits=[int(s) for s in sanctions],
                 un_voting=[False] * m, un_voting_hits=[0] * m)




@pytest.mark.parametrize("jan, feb, mar, verb", [(5, 9, 15, "rose"), (20, 1, 4, "fell"), (5, 5, 5, "stayed")])
def test_theme_share_change_over_months(jan, feb, mar, verb):
    df = theme_frame(jan, feb, mar, undated=2)
    f = N.theme_facts(df)
    text = N.themes(df)
    # (a) recompute with pandas / scipy (one outlet: the within-outlet shares are the plain shares)
    period = df["published"].dt.strftime("%Y-%m")
    share = df.groupby(period)["energy"].mean()
    total = period.value_counts()
    row = next(r for r in f["themes"] if r["theme"] == "energy")
    assert row["articles"] == df["energy"].sum() and row["share"] == pytest.approx(df["energy"].mean())
    t = row["trend"]
    assert (str(t["first"]), str(t["last"])) == ("2017-01", "2017-03")  # Feb (10 articles) is skipped
    assert t["std_first"] == pytest.approx(share["2017-01"]) and t["std_last"] == pytest.approx(share["2017-03"])
    assert t["raw_first"] == pytest.approx(share["2017-01"]) and not t["mix_effect"]
    table = [[mar, total["2017-03"] - mar], [jan, total["2017-01"] - jan]]
    assert t["p"] == pytest.approx(stats.fisher_exact(table)[1]) and t["test"] == "Fisher's exact test"
    if jan and mar and jan < 25 and mar < 25:
        assert t["odds_ratio"] == pytest.approx(stats.contingency.odds_ratio(table, kind="sample").statistic)
    s_tab = [[df.loc[period == m, "sanctions"].sum(), (period == m).sum() - df.loc[period == m, "sanctions"].sum()]
             for m in ("2017-03", "2017-01")]
    adjusted = holm_ref([t["p"], stats.fisher_exact(s_tab)[1]])
    assert f["tests"] == 2 and t["p_adj"] == pytest.approx(adjusted[0])
    assert [(str(p), c) for p, c in f["skipped"]] == [("2017-02", 10)]
    assert f["undated"] == 2
    # (b) in the prose
    a, b = N.pct(share["2017-01"]), N.pct(share["2017-03"])
    if verb == "stayed":  # the size and its interval, as for a change
        assert f"Energy stayed at about {a} of articles ({N.pp(t['diff'])}, 95% CI " in text
    else:
        assert f"Energy {verb} from {a} to {b} of articles ({N.pp(t['diff'])}" in text
    assert f"95% CI {N.pp(t['lo']).split(' ')[0]} to {N.pp(t['hi'])}" in text
    if t["odds_ratio"] > 0 and (t["odds_ratio"] > 1) == (t["diff"] > 0):
        assert f"odds ratio {t['odds_ratio']:.2f}, 95% CI {t['or_lo']:.2f} to {t['or_hi']:.2f}" in text
    assert f"{N.pval(t['p_adj'])} after Holm correction for two comparisons" in text
    assert f"{row['articles']} ({N.pct(row['share'])}) are about energy" in text
    assert "fewer than 20 articles are left out" in text and "Feb 2017 (10 articles)" in text
    assert "2 undated articles are not counted" in text
    assert "No article is about UN voting" in text
    assert "only north.example published at least 10 articles in both" in text


def test_theme_gaps_are_said_not_bridged():
    df = theme_frame(2, 0, 3, n=(25, 0, 25)).assign(published=lambda d: d["published"].where(
        d["published"].dt.month != 3, pd.Timestamp("2017-05-15", tz="UTC")))
    f = N.theme_facts(df)
    assert [(str(a), str(b)) for a, b in f["gaps"]] == [("2017-02", "2017-04")]
    assert "no articles at all in Feb 2017 to Apr 2017" in N.themes(df)


@pytest.mark.parametrize("jan, mar, words", [
    (1, 20, ["Energy rose", "a large rise"]),        # +76 pp, odds ratio 96
    (5, 7, ["Energy rose", "an uncertain change"]),  # +8 pp, but p = 0.74
    (5, 5, ["Energy stayed at about 20.0%", "an uncertain change"]),  # too few to rule out a change
    (4000, 4100, ["Energy rose from 20.0% to 20.5%", "a negligible change"]),  # large n: the interval is narrow
])
def test_theme_size_words(jan, mar, words):
    n = (20000, 10, 20000) if jan > 25 else (25, 10, 25)
    text = N.themes(theme_frame(jan, 5, mar, n=n))
    for w in words:
        assert w in text


def simpson_frame():
    """Energy falls over all articles from Jan to Mar but rises within both outlets.

    Jan: alpha 100 articles (30 on energy), beta 20 (1). Mar: alpha 20 (8), beta 100 (10).
    """
    rows = []
    for month, outlet, n, k in (("2017-01-10", "alpha.example", 100, 30), ("2017-01-12", "beta.example", 20, 1),
                                ("2017-03-10", "alpha.example", 20, 8), ("2017-03-12", "beta.example", 100, 10)):
        rows += [(month, outlet, i < k) for i in range(n)]
    dates, sources, energy = zip(*rows)
    m = len(rows)
    return frame(m, sources=list(sources), dates=list(dates), energy=list(energy),
                 energy_hits=[int(e) for e in energy], polarity=[0.05] * m)


def test_simpson_paradox_is_not_reported_as_a_fall():
    df = simpson_frame()
    f = N.theme_facts(df)
    text = N.themes(df)
    t = f["themes"][0]["trend"]
    month = df["published"].dt.strftime("%m")
    raw = df.groupby(month)["energy"].mean()
    assert raw["03"] < raw["01"]  # the raw share falls...
    cell = df.groupby([month, "source"])["energy"].mean().unstack()
    assert (cell.loc["03"] > cell.loc["01"]).all()  # ...but rises within every outlet
    weight = df["source"].value_counts(normalize=True)  # pooled mix of the two outlets
    std = (cell * weight).sum(axis=1)
    assert (t["std_first"], t["std_last"]) == pytest.approx((std["01"], std["03"]))
    assert t["raw_first"] == pytest.approx(raw["01"]) and t["raw_last"] == pytest.approx(raw["03"])
    assert t["mix_effect"] and t["rose"] == 2 and t["fell"] == 0 and t["direction"] == "rose"
    assert t["test"] == "Cochran-Mantel-Haenszel test"
    # the prose leads with the within-outlet change and its size ...
    assert f"Energy rose from {N.pct(std['01'])} to {N.pct(std['03'])} of articles ({N.pp(t['diff'])}" in text
    assert "Outlet by outlet, it rose in both of the two outlets." in text
    # ... and says the raw fall is the outlet mix, not a finding
    assert (f"Counting all articles, energy fell from {N.pct(raw['01'])} to {N.pct(raw['03'])} "
            f"({N.pp(t['raw_change'])}), but that reflects a change in which outlets published") in text
    assert "is not a finding" in text
    assert "Energy fell" not in text
    summary = N.summary(df)
    assert "energy fell" not in summary.lower().replace("the fall of energy", "")
    assert "Energy fell" not in summary


def test_periods_with_disjoint_outlets_are_not_compared():
    jan = frame(30, sources=["alpha.example"] * 30, dates=["2017-01-10"] * 30,
                energy=[i < 15 for i in range(30)], energy_hits=[1] * 30)
    mar = frame(30, sources=["beta.example"] * 30, dates=["2017-03-10"] * 30,
                energy=[i < 3 for i in range(30)], energy_hits=[1] * 30)
    df = pd.concat([jan, mar], ignore_index=True)
    f = N.theme_facts(df)
    text = N.themes(df)
    t = f["themes"][0]["trend"]
    assert f["compared"] == [] and t["status"] == "no_overlap" and t["size"] is None
    assert {(e["stratum"], e["why"]) for e in f["excluded"]} == {("alpha.example", "only_first"),
                                                                 ("beta.example", "only_last")}
    assert "No outlet published at least 10 articles in both Jan 2017 and Mar 2017" in text
    assert "alpha.example (published only in Jan 2017)" in text and "beta.example (published only in Mar 2017)" in text
    assert "no articles at all in Feb 2017" in text
    for claim in ("Energy fell", "Energy rose", "a large", "a moderate", "a slight"):
        assert claim not in text
    assert "change over time is not measured" in N.summary(df)


def test_holm_correction_in_theme_prose():
    n = 40
    dates = ["2017-01-10"] * n + ["2017-03-10"] * n
    cols = {}
    for name, (k0, k1) in {"energy": (4, 20), "sanctions": (10, 14), "un_voting": (6, 6)}.items():
        flags = [i < k0 for i in range(n)] + [i < k1 for i in range(n)]
        cols[name], cols[f"{name}_hits"] = flags, [int(x) for x in flags]
    df = frame(2 * n, dates=dates, **cols)
    f = N.theme_facts(df)
    text = N.themes(df)
    raw = {r["theme"]: stats.fisher_exact([[sum(r_ := cols[r["theme"]][n:]), n - sum(r_)],
                                           [sum(q := cols[r["theme"]][:n]), n - sum(q)]])[1] for r in f["themes"]}
    names = [r["theme"] for r in f["themes"]]
    adjusted = dict(zip(names, holm_ref([raw[t] for t in names])))
    assert f["tests"] == 3
    for r in f["themes"]:
        assert r["trend"]["p"] == pytest.approx(raw[r["theme"]])
        assert r["trend"]["p_adj"] == pytest.approx(adjusted[r["theme"]])
    assert adjusted["energy"] > raw["energy"]
    assert f"{N.pval(adjusted[names[0]])} after Holm correction for three comparisons" in text
    for t in names[1:]:
        assert f"Holm-corrected {N.pval(adjusted[t])}" in text
    assert text.count("after Holm correction") == 1


@pytest.mark.parametrize("freq, label", [("W", "the week of"), ("Q", "not two quarters"), ("ME", "Jan 2017")])
def test_theme_other_periods(freq, label):
    df = theme_frame(5, 9, 15, n=(60, 60, 60))
    text = N.themes(df, freq=freq)
    assert label in text


def test_theme_bad_freq_raises():
    with pytest.raises(ValueError, match="freq"):
        N.themes(theme_frame(1, 1, 1), freq="fortnightly")


@pytest.mark.parametrize("df, kwargs, must", [
    (frame(0, energy=[], energy_hits=[]), {}, ["no articles"]),
    (frame(3), {}, ["No theme columns were found"]),
    (theme_frame(1, 1, 1), {"themes": ["energy", "migration"]}, ["No column was found for migration"]),
    (frame(3, dates=[None] * 3, energy=[True, False, True], energy_hits=[1, 0, 1]), {},
     ["2 (66.7%) are about energy", "No article has a publication date"]),
    (frame(30, energy=[True] * 3 + [False] * 27, energy_hits=[1] * 30), {},
     ["not two months with at least 20 articles"]),
    (frame(3, energy=[False] * 3, energy_hits=[0] * 3), {}, ["No article is about energy"]),
    (frame(2, energy=pd.array([True, None], dtype="boolean"), energy_hits=[1, 0]), {}, ["1 (50.0%) is about energy"]),
])
def test_themes_degenerate_tables(df, kwargs, must):
    text = N.themes(df, **kwargs)
    for m in must:
        assert m in text


# ----------------------------------------------------------------------------- outlets on a theme


def outlet_frame(shift_a, *, n_a=15, n_b=15, n_c=15, off_topic=5):
    """Three outlets; their sanctions articles' polarities; ``a`` shifted by ``shift_a``."""
    rest_a = spread(0.05, n_a, width=0.08)
    pol_a = [round(v + shift_a, 4) for v in rest_a]
    pol_b = spread(0.05, n_b, width=0.08)
    pol_c = spread(0.05, n_c, width=0.06)
    sources, flags, pols = [], [], []
    for name, values in (("alpha.example", pol_a), ("beta.example", pol_b), ("gamma.example", pol_c)):
        sources += [name] * (len(values) + off_topic)
        flags += [True] * len(values) + [False] * off_topic
        pols += values + [0.3] * off_topic
    m = len(sources)
    return frame(m, sources=sources, sanctions=flags, sanctions_hits=[int(x) for x in flags], polarity=pols)


def tone_sentence(text, outlet):
    return next(s for s in text.split(". ") if outlet in s and "mean polarity" in s)


@pytest.mark.parametrize("shift, word, phrase", [
    (-0.12, "much more negative", "alpha.example's articles are much more negative than the other outlets'"),
    (0.12, "much more positive", "alpha.example's articles are much more positive than the other outlets'"),
    (0.0, "uncertain", "it is uncertain whether alpha.example's articles differ in tone"),
    (0.01, "uncertain", "it is uncertain whether alpha.example's articles differ in tone"),
])
def test_outlet_tone_difference(shift, word, phrase):
    df = outlet_frame(shift)
    f = N.outlet_theme_facts(df, "sanctions", top=3)
    text = N.outlets_on_theme(df, "sanctions", top=3)
    on = df[df["sanctions"]]
    refs = {o: welch_ref(on.loc[on["source"] == o, "polarity"], on.loc[on["source"] != o, "polarity"])
            for o in ("alpha.example", "beta.example", "gamma.example")}
    adjusted = dict(zip(refs, holm_ref([r[3] for r in refs.values()])))
    assert f["tests"] == 3 and f["within"]["status"] == "no_overlap"  # 5 off-theme articles per outlet: too few
    alpha = next(o for o in f["top"] if o["outlet"] == "alpha.example")
    t = alpha["tone"]
    diff, lo, hi, p = refs["alpha.example"]
    assert t["status"] == "compared"
    assert (t["diff"], t["lo"], t["hi"], t["p"]) == pytest.approx((diff, lo, hi, p))
    assert t["p_adj"] == pytest.approx(adjusted["alpha.example"])
    assert t["verdict"] == word
    sentence = tone_sentence(text, "alpha.example")
    assert phrase in sentence
    for part in (N.pol(on.loc[on.source == "alpha.example", "polarity"].mean()),
                 N.pol(on.loc[on.source != "alpha.example", "polarity"].mean()), N.pol(diff),
                 f"95% CI {N.pol(lo)} to {N.pol(hi)}", N.pval(adjusted["alpha.example"])):
        assert part in sentence
    assert text.count("after Holm correction for three comparisons") == 1


def large_frame(n=50_000, diff=0.009, seed=0):
    """Two outlets with ``n`` energy articles each whose mean tone differs by ``diff`` (sd 0.08)."""
    rng = np.random.default_rng(seed)
    a = rng.normal(0.076, 0.08, n)
    b = rng.normal(0.076 - diff, 0.08, n)
    off = 2 * n // 5
    return pd.DataFrame({
        "article_id": [f"a{i}" for i in range(2 * n + 2 * off)],
        "source": ["alpha.example"] * (n + off) + ["beta.example"] * (n + off),
        "published": pd.Timestamp("2017-03-01", tz="UTC"), "n_words": 100,
        "energy": [True] * n + [False] * off + [True] * n + [False] * off,
        "energy_hits": 1,
        "polarity": np.concatenate([a, rng.normal(0.07, 0.08, off), b, rng.normal(0.07, 0.08, off)]),
    })


def test_large_n_tiny_tone_difference_is_negligible():
    df = large_frame()
    f = N.outlet_theme_facts(df, "energy", top=1)
    t = f["top"][0]["tone"]
    on = df[df["energy"]]
    diff, lo, hi, p = welch_ref(on.loc[on.source == "alpha.example", "polarity"],
                                on.loc[on.source == "beta.example", "polarity"])
    assert p < 0.001 and abs(diff) < 0.02
    assert t["p_adj"] < 0.001 and t["verdict"] == "negligible"
    text = N.outlets_on_theme(df, "energy", top=1)
    assert "alpha.example's articles differ negligibly in tone from the other outlets'" in text
    assert f"difference {N.pol(diff)}, 95% CI {N.pol(lo)} to {N.pol(hi)}" in text
    assert "more positive" not in text and "more negative" not in text
    summary = N.summary(df)
    assert "whose articles on it differ negligibly in tone from other outlets'" in summary
    assert f"difference {N.pol(diff)}" in summary and "more positive" not in summary


def test_theme_tone_is_compared_within_outlets():
    """alpha writes warmly and mostly on energy, beta coldly and rarely on it: within each outlet the
    energy articles read like the others, though over all articles energy looks warmer."""
    rows = []
    for outlet, n_on, n_off, base, lift in (("alpha.example", 60, 20, 0.15, 0.01), ("beta.example", 20, 60, -0.05, 0.0)):
        rows += [(outlet, True, base + lift + d) for d in [-0.02, 0.03] * (n_on // 2)]
        rows += [(outlet, False, base + d) for d in [-0.02, 0.03] * (n_off // 2)]
    sources, energy, pols = zip(*rows)
    df = frame(len(rows), sources=list(sources), energy=list(energy), energy_hits=[1] * len(rows),
               polarity=list(pols))
    f = N.outlet_theme_facts(df, "energy", top=1)
    w = f["within"]
    raw = df.loc[df.energy, "polarity"].mean() - df.loc[~df.energy, "polarity"].mean()
    per = {o: (g.loc[g.energy, "polarity"].mean() - g.loc[~g.energy, "polarity"].mean(),
               g.energy.sum() * (~g.energy).sum() / len(g)) for o, g in df.groupby("source")}
    expected = sum(d * wt for d, wt in per.values()) / sum(wt for _, wt in per.values())
    assert w["status"] == "compared" and w["raw_diff"] == pytest.approx(raw) and raw > 0.05
    assert w["diff"] == pytest.approx(expected) and abs(expected) < 0.01
    text = N.outlets_on_theme(df, "energy", top=1)
    assert "Within the same outlets, articles on energy differ negligibly in polarity from their other articles" in text
    assert f"Over all articles the gap is {N.pol(raw)}, but part of that comes from which outlets write about energy" in text


def test_theme_tone_within_one_outlet_names_it():
    """Only alpha has 10 articles on and off energy (beta has 4 on it): the comparison is alpha's own."""
    rows = []
    for outlet, n_on, n_off in (("alpha.example", 20, 20), ("beta.example", 4, 20)):
        rows += [(outlet, True, 0.10 + d) for d in [-0.02, 0.03] * (n_on // 2)]
        rows += [(outlet, False, 0.0 + d) for d in [-0.02, 0.03] * (n_off // 2)]
    sources, energy, pols = zip(*rows)
    df = frame(len(rows), sources=list(sources), energy=list(energy), energy_hits=[1] * len(rows),
               polarity=list(pols))
    w = N.outlet_theme_facts(df, "energy", top=1)["within"]
    assert w["status"] == "compared" and [s["stratum"] for s in w["strata"]] == ["alpha.example"]
    text = N.outlets_on_theme(df, "energy", top=1)
    assert "Within alpha.example, articles on energy are" in text and "than its other articles" in text
    assert "the only outlet with at least 10 articles on and off the theme)" in text
    assert "Within the same outlets" not in text


def test_tone_column_leads_and_polarity_is_named():
    df = outlet_frame(0.0)
    df["tone"] = df["polarity"] * 0.5 - 0.01
    t = N.tone(df)
    assert f"mean tone {N.pol(df.tone.mean())}" in t and f"TextBlob polarity {N.pol(df.polarity.mean())}" in t
    s = N.summary(df)
    assert f"(mean tone {N.pol(df.tone.mean())}; TextBlob polarity {N.pol(df.polarity.mean())})" in s
    o = N.outlets_on_theme(df, "sanctions")
    on = df[df.sanctions]
    a, b = on[on.source == "alpha.example"], on[on.source != "alpha.example"]
    assert (f"mean tone {N.pol(a.tone.mean())} vs {N.pol(b.tone.mean())}; "
            f"TextBlob polarity {N.pol(a.polarity.mean())} vs {N.pol(b.polarity.mean())};") in o
    assert f"mean tone" in N.actors(df.assign(actors=[["EU"]] * len(df)))
    assert "mean polarity" in N.tone(df.drop(columns=["tone"]))


def test_outlet_ranking_by_share_recomputed():
    df = outlet_frame(0.0, n_a=15, n_b=12, n_c=20, off_topic=5)
    f = N.outlet_theme_facts(df, "sanctions", top=2)
    text = N.outlets_on_theme(df, "sanctions", top=2)
    share = df.groupby("source")["sanctions"].mean().sort_values(ascending=False)
    assert [o["outlet"] for o in f["top"]] == list(share.index[:2])
    best = share.index[0]
    k, total = df.loc[df["source"] == best, "sanctions"].sum(), (df["source"] == best).sum()
    assert f"{best} covers it most: {k} of its {total} articles ({N.pct(share.iloc[0])})" in text
    assert f"Sanctions is a subject of {df['sanctions'].sum()} of the {len(df)} articles ({N.pct(df['sanctions'].mean())})" in text
    assert share.index[2] not in text.split("\n\n")[0]


def test_outlet_too_few_to_compare():
    df = outlet_frame(-0.3, n_a=6)
    f = N.outlet_theme_facts(df, "sanctions", top=3)
    alpha = next(o for o in f["top"] if o["outlet"] == "alpha.example")
    assert alpha["tone"] == {"status": "too_few", "n_a": 6, "n_b": 30}
    text = N.outlets_on_theme(df, "sanctions", top=3)
    assert "too few articles to compare alpha.example's tone on sanctions" in text
    assert "(6 vs 30; at least 10 each are needed)" in text


def test_small_outlets_are_not_ranked():
    df = pd.concat([outlet_frame(0.0), frame(2, sources=["tiny.example"] * 2, sanctions=[True, True],
                                             sanctions_hits=[1, 1], polarity=[0.0, 0.1])], ignore_index=True)
    f = N.outlet_theme_facts(df, "sanctions", top=3)
    assert "tiny.example" not in [o["outlet"] for o in f["top"]] and f["small"] == 1
    assert "1 outlet with fewer than 10 articles in all is not ranked" in N.outlets_on_theme(df, "sanctions")


@pytest.mark.parametrize("df, theme, must", [
    (outlet_frame(0.0).iloc[:0], "sanctions", ["no articles"]),
    (outlet_frame(0.0), "energy", ["not analysed", "no `energy` column"]),
    (outlet_frame(0.0).assign(sanctions=False), "sanctions", ["No article is about sanctions"]),
    (outlet_frame(0.0).drop(columns=["polarity"]), "sanctions", ["no `tone` or `polarity` column", "covers it most"]),
    (outlet_frame(0.0).drop(columns=["source"]), "sanctions", ["no `source` column"]),
    (outlet_frame(0.0).assign(source="solo.example"), "sanctions", ["one outlet, solo.example", "no other outlet"]),
    (outlet_frame(0.0).assign(polarity=np.nan), "sanctions", ["too few articles to compare"]),
])
def test_outlets_degenerate_tables(df, theme, must):
    text = N.outlets_on_theme(df, theme)
    for m in must:
        assert m in text


# ----------------------------------------------------------------------------- actors


def actor_frame():
    """24 articles: Russia in 14 (negative), China in 12 (neutral), Ukraine in 4 (too few)."""
    actors, pols = [], []
    for i in range(24):
        names = []
        if i < 14:
            names.append("Russia")
        if i >= 12:
            names.append("China")
        if i % 6 == 0:
            names.append("Ukraine")
        actors.append(names)
        pols.append(round(-0.15 + 0.01 * (i % 5), 3) if i < 12 else round(0.004 * ((i % 3) - 1), 3))
    return frame(24, actors=actors, polarity=pols)


def actor_table_for(df):
    """One row per (article, actor): made-up sentence polarities per actor."""
    base = {"Russia": -0.06, "China": 0.12, "Ukraine": 0.0}
    rows = []
    for i, (aid, names) in enumerate(zip(df["article_id"], df["actors"])):
        for a in names:
            rows.append({"article_id": aid, "actor": a, "n_sentences": 1 + i % 3,
                         "polarity": round(base[a] + 0.01 * ((i % 4) - 1.5), 4), "subjectivity": 0.4})
    rows.append({"article_id": "not-in-articles", "actor": "Russia", "n_sentences": 9,
                 "polarity": 0.9, "subjectivity": 0.4})
    return pd.DataFrame(rows)


def test_actor_facts_from_article_polarity():
    df = actor_frame()
    f = N.actor_facts(df)
    text = N.actors(df)
    exploded = df[["actors", "polarity"]].explode("actors").dropna(subset=["actors"])
    counts = exploded["actors"].value_counts()
    assert [r["actor"] for r in f["actors"]] == list(counts.index)
    assert f["basis"] == "articles" and f["corpus_mean"] == pytest.approx(df["polarity"].mean())
    for r in f["actors"]:
        values = exploded.loc[exploded["actors"] == r["actor"], "polarity"]
        assert r["articles"] == counts[r["actor"]] == r["scored"]
        if len(values) >= N.MIN_GROUP:
            mean, lo, hi = mean_ci_ref(values)
            assert (r["mean"], r["lo"], r["hi"]) == pytest.approx((mean, lo, hi))
            assert r["word"] == N.tone_word(mean)
            assert f"{N.pol(mean)} ({N.pol(lo)} to {N.pol(hi)}, {len(values)} articles" in text or \
                f"mean polarity {N.pol(mean)}, 95% CI {N.pol(lo)} to {N.pol(hi)}" in text
        assert f"{r['actor']} ({r['articles']} articles, {N.pct(r['articles'] / len(df))})" in text
    assert "Russia is portrayed negatively" in text
    assert "China is portrayed neutrally" in text
    assert "Ukraine appears in too few scored articles (4)" in text
    assert f"average article scores {N.pol(df['polarity'].mean())}" in text


def test_actor_facts_from_sentence_table():
    df = actor_frame()
    table = actor_table_for(df)
    f = N.actor_facts(df, table)
    text = N.actors(df, table)
    assert f["basis"] == "sentences" and "sentences that name them" in text
    known = table[table["article_id"].isin(df["article_id"])]
    for r in f["actors"]:
        sub = known[known["actor"] == r["actor"]]
        assert r["sentences"] == sub["n_sentences"].sum()
        if len(sub) >= N.MIN_GROUP:
            mean, lo, hi = mean_ci_ref(sub["polarity"])
            assert (r["mean"], r["lo"], r["hi"]) == pytest.approx((mean, lo, hi))
            assert f"{N.pol(lo)} to {N.pol(hi)}" in text and f"{sub['n_sentences'].sum()} sentences" in text
    assert "Russia is portrayed slightly negatively" in text
    assert "China is portrayed positively" in text


def _with_tone(table):
    """Made-up sentence tones that disagree with the polarities: Russia positive, China slightly negative."""
    base = {"Russia": 0.15, "China": -0.05, "Ukraine": 0.0}
    return table.assign(tone=[round(base[a] + 0.004 * (i % 5 - 2), 4) for i, a in enumerate(table["actor"])])


@pytest.mark.parametrize("with_tone", [True, False], ids=["tone", "polarity fallback"])
def test_actors_lead_with_tone_and_name_polarity_beside(with_tone):
    df = actor_frame()
    table = _with_tone(actor_table_for(df)) if with_tone else actor_table_for(df)
    col = "tone" if with_tone else "polarity"
    f = N.actor_facts(df, table)
    text = N.actors(df, table)
    summ = N.summary(df, table)
    assert f["measure"] == col
    known = table[table["article_id"].isin(df["article_id"])]
    for r in f["actors"]:
        sub = known[known["actor"] == r["actor"]]
        mean, lo, hi = mean_ci_ref(sub[col])
        assert (r["mean"], r["lo"], r["hi"]) == pytest.approx((mean, lo, hi))
        assert r["word"] == N.tone_word(mean)
        if with_tone:
            assert r["polarity"] == pytest.approx(sub["polarity"].mean())
        else:
            assert r["polarity"] is None
        if len(sub) >= N.MIN_GROUP:
            beside = f"; TextBlob polarity {N.pol(sub['polarity'].mean())}" if with_tone else ""
            assert f"(mean {col} {N.pol(mean)}, 95% CI {N.pol(lo)} to {N.pol(hi)}" in text
            assert f"{sub['n_sentences'].sum()} sentences{beside})" in text
            assert f"{N.pol(mean)}{beside})" in summ
    if with_tone:
        assert "Russia is portrayed positively" in text and "China is portrayed slightly negatively" in text
        assert "Tone runs from -1" in text and "mean polarity" not in text
        r0 = f["actors"][0]
        assert f"tone {N.pol(r0['mean'])}; TextBlob polarity {N.pol(r0['polarity'])}" in summ
    else:
        assert "Russia is portrayed slightly negatively" in text and "China is portrayed positively" in text
        assert "Polarity runs from -1" in text and "TextBlob polarity" not in text + summ


def test_actors_from_articles_lead_with_article_tone():
    df = actor_frame()
    df["tone"] = [0.2 - 0.01 * (i % 3) if i < 12 else 0.001 * (i % 3) for i in range(len(df))]
    f = N.actor_facts(df)
    text = N.actors(df)
    assert f["measure"] == "tone" and f["corpus_mean"] == pytest.approx(df["tone"].mean())
    russia = df[df["actors"].map(lambda a: "Russia" in a)]
    mean, lo, hi = mean_ci_ref(russia["tone"])
    assert (f"Russia is portrayed positively (mean tone {N.pol(mean)}, 95% CI {N.pol(lo)} to {N.pol(hi)}, "
            f"14 articles; TextBlob polarity {N.pol(russia['polarity'].mean())})") in text
    assert f"the average article has a tone of {N.pol(df['tone'].mean())}" in text
    on_theme = N.actors(df, on="energy")  # a theme's articles: the comparison says which average it is
    assert f"For comparison, the average article on energy has a tone of {N.pol(df['tone'].mean())}." in on_theme
    assert "average article on" not in text


def test_actor_noncommittal_interval_is_flagged():
    pols = [0.3, -0.2] * 6  # mean +0.05, interval wide across 0
    df = frame(12, actors=[["NATO"]] * 12, polarity=pols)
    text = N.actors(df)
    assert "portrayed slightly positively" in text and "not clearly different from neutral" in text


@pytest.mark.parametrize("df, table, must", [
    (frame(0, actors=[], polarity=[]), None, ["no articles"]),
    (frame(3), None, ["no `actors` column"]),
    (frame(3, actors=[[], [], None]), None, ["None of the 3 articles mentions a known actor"]),
    (frame(2, actors=[["EU"], ["EU"]]), None, ["EU (2 articles, 100.0%)", "no `tone` or `polarity` column"]),
    (frame(2, actors=[np.array(["EU"]), ("EU",)], polarity=[0.1, 0.2]), None, ["too few scored articles (2)"]),
    (frame(2, actors=[["EU"], ["EU"]], polarity=[0.1, 0.2]), pd.DataFrame({"actor": ["EU"]}),
     ["lacks `article_id` and `polarity`", "article polarity is used instead"]),
])
def test_actors_degenerate_tables(df, table, must):
    text = N.actors(df, table)
    for m in must:
        assert m in text


# ----------------------------------------------------------------------------- summary


def analysed_frame(*, vader=False):
    df = outlet_frame(-0.12)
    n = len(df)
    df["published"] = utc(["2017-01-10"] * 30 + ["2017-03-10"] * (n - 30))
    df["energy"] = [i % 4 == 0 for i in range(n)]
    df["energy_hits"] = df["energy"].astype(int)
    df["actors"] = [["Russia"] if i % 2 else ["China", "Russia"] for i in range(n)]
    if vader:
        df["vader"] = np.linspace(-0.5, 0.9, n)
        df["sentiment_disagree"] = [i % 5 == 0 for i in range(n)]
    return df


@pytest.mark.parametrize("vader", [False, True])
def test_summary_headlines(vader):
    df = analysed_frame(vader=vader)
    f = N.summary_facts(df)
    text = N.summary(df)
    assert "\n" not in text  # one paragraph
    assert f"covers {N.num(len(df))} articles from 3 outlets" in text
    lead = f["themes"]["themes"][0]
    top_theme = df[["sanctions", "energy"]].sum().idxmax()
    assert lead["theme"] == top_theme
    assert f"most common theme is {top_theme} ({df[top_theme].sum()} articles, {N.pct(df[top_theme].mean())})" in text
    assert f"mean polarity {N.pol(df['polarity'].mean())}" in text
    if vader:
        assert f"VADER, a second scorer, gives {N.pol(df['vader'].mean())}" in text
        assert f"points the opposite way to TextBlob on {N.pct(df['sentiment_disagree'].mean())}" in text
    else:
        assert "no VADER scores" in text
    assert f"Russia ({len(df)} articles" in text


def test_summary_mentions_clear_outlet_difference():
    df = outlet_frame(-0.12)
    text = N.summary(df)
    f = N.outlet_theme_facts(df, "sanctions", top=1)
    tone = f["top"][0]["tone"]
    assert f["top"][0]["outlet"] == "alpha.example"  # equal shares: ties go by name
    assert "covered most by alpha.example (15 of its 20 articles, 75.0%)" in text
    assert (f"much more negative than other outlets' (mean polarity {N.pol(tone['mean_a'])} vs "
            f"{N.pol(tone['mean_b'])}; difference {N.pol(tone['diff'])}") in text
    assert N.pval(tone["p_adj"]) in text


@pytest.mark.parametrize("df", [
    frame(0),
    frame(3, dates=[None] * 3),
    frame(3).drop(columns=["source", "n_words", "published"]),
    frame(5, sources=["solo.example"] * 5, energy=[True] * 5, energy_hits=[1] * 5, polarity=[0.1] * 5),
])
def test_summary_degenerate_tables(df):
    text = N.summary(df)
    assert isinstance(text, str) and text


# ----------------------------------------------------------------------------- robustness and hygiene


DEGENERATE = {
    "empty": frame(0),
    "empty-analysed": analysed_frame().iloc[:0],
    "all-NaT": analysed_frame().assign(published=pd.NaT),
    "one-outlet": analysed_frame().assign(source="solo.example"),
    "no-optional": frame(5),
    "duplicate-index": analysed_frame().set_axis([0] * len(analysed_frame())),
    "string-dates": analysed_frame().assign(published="2017-02-07"),
    "missing-source": analysed_frame().assign(source=pd.NA),
}


@pytest.mark.parametrize("name", list(DEGENERATE))
@pytest.mark.parametrize("call", [
    lambda d: N.corpus(d), lambda d: N.themes(d), lambda d: N.outlets_on_theme(d, "sanctions"),
    lambda d: N.actors(d), lambda d: N.summary(d),
], ids=["corpus", "themes", "outlets_on_theme", "actors", "summary"])
def test_never_crashes_and_never_mutates(name, call):
    df = DEGENERATE[name]
    before = df.copy(deep=True)
    text = call(df)
    assert isinstance(text, str) and text.strip()
    pd.testing.assert_frame_equal(df, before)
    assert df.attrs == before.attrs


def test_names_from_the_data_are_markdown_escaped():
    df = frame(3, sources=["a_b*c.example"] * 3, actors=[["Al*Qaeda"]] * 3, polarity=[0.0] * 3)
    assert r"a\_b\*c.example" in N.corpus(df)
    assert r"Al\*Qaeda" in N.actors(df)


# ----------------------------------------------------------------------------- the default corpus


def _analysed_corpus(corpus):
    import analysis

    analyze = getattr(analysis, "analyze", None)
    if analyze is not None and not callable(analyze):  # the submodule, not the function
        analyze = getattr(analyze, "analyze", None)
    if not callable(analyze):
        pytest.skip("analysis.analyze is not available")
    return analyze(corpus, progress=False)


@pytest.mark.corpus
@pytest.mark.slow
def test_default_corpus_narration(corpus):
    df = _analysed_corpus(corpus)
    f = N.corpus_facts(df)
    text = N.corpus(df)
    assert f["articles"] == len(corpus) and f"{N.num(len(corpus))} articles" in text
    assert f"({N.num(int(corpus['n_words'].sum()))} words)" in text
    rep = corpus.attrs["load_report"]
    assert f"Of {N.num(rep['inputs_seen'])} inputs read" in text
    top = corpus["source"].value_counts()
    assert f"{outlet_label(top.index[0])} {N.num(top.iloc[0])} articles ({N.pct(top.iloc[0] / len(corpus))})" in text
    assert f"between {N.day(corpus['published'].min())} and {N.day(corpus['published'].max())}" in text
    themes_text = N.themes(df)
    for t in ("sanctions", "energy"):
        assert f"{N.num(df[t].sum())} ({N.pct(df[t].mean())})" in themes_text
    for t in ("sanctions", "energy", "un_voting"):
        out = N.outlets_on_theme(df, t)
        assert "covers it most" in out
        assert any(w in out for w in ("negligibly", "uncertain", "more positive", "more negative", "too few"))
    # the raw change is told as "not a finding" exactly for the themes whose change the outlet mix made
    facts = N.theme_facts(df)
    for r in facts["themes"]:
        t = r.get("trend")
        said = f"Counting all articles, {N._theme_label(r['theme'])}" in themes_text
        assert said == bool(t and t.get("mix_effect")), r["theme"]
    actors_text = N.actors(df)
    counts = df["actors"].explode().value_counts()
    assert f"{counts.index[0]} ({N.num(counts.iloc[0])} articles" in actors_text
    assert N.summary(df).startswith(f"The analysis covers {N.num(len(df))} articles")


def test_tone_with_second_opinion_recomputed():
    rng = np.random.default_rng(5)
    n = 60
    df = pd.DataFrame({"polarity": rng.normal(0.05, 0.1, n), "vader": rng.normal(0.2, 0.4, n),
                       "source": ["a.example"] * 30 + ["b.example"] * 20 + ["c.example"] * 10})
    df["sentiment_disagree"] = ((df.polarity > 0.05) & (df.vader < -0.05)) | ((df.polarity < -0.05) & (df.vader > 0.05))
    text = N.tone(df)
    m = df.polarity.mean()
    half = stats.t.ppf(0.975, n - 1) * df.polarity.std(ddof=1) / math.sqrt(n)
    assert f"mean polarity {N.pol(m)}, 95% CI {N.pol(m - half)} to {N.pol(m + half)}, 60 articles" in text
    assert f"gives a mean of {N.pol(df.vader.mean())}" in text
    assert f"opposite ways on {N.pct(df.sentiment_disagree.mean())} of articles" in text
    for outlet, g in df.groupby("source"):
        assert f"{outlet} {N.pct(g.sentiment_disagree.mean())} ({len(g)} articles)" in text
    order = df.groupby("source").sentiment_disagree.mean().sort_values(ascending=False).index
    assert [text.index(o) for o in order] == sorted(text.index(o) for o in order)


def test_tone_without_vader_says_so():
    text = N.tone(pd.DataFrame({"polarity": [0.1, 0.2, 0.3]}))
    assert "No VADER scores" in text and "vader=True" in text
    assert N.tone(pd.DataFrame({"x": [1]})) == "Tone was not scored (no `polarity` values)."


@pytest.mark.parametrize("tone, word, scores", [
    (-0.3, "negatively", "tone -0.300; TextBlob polarity +0.050"),
    (None, "slightly positively", "polarity +0.050"),
])
def test_article_leads_with_tone(tone, word, scores):
    row = pd.Series({"article_id": "a", "source": "x.example", "published": pd.NaT, "n_words": 30,
                     "polarity": 0.05, "subjectivity": 0.4, "tone": tone, "actors": []})
    sents = pd.DataFrame({"article_id": ["a"] * 3, "sentence_no": [0, 1, 2], "polarity": [0.4, -0.1, 0.0],
                          "tone": [0.1, -0.2, -0.6] if tone is not None else [np.nan] * 3})
    ev = pd.DataFrame({"article_id": [], "theme": [], "term": [], "sentence_no": []})
    text = N.article(row, sents, ev)
    assert f"overall it reads {word} ({scores}, subjectivity 0.400)" in text
    if tone is not None:  # extremes by tone: sentence 3 is the most negative, sentence 1 the most positive
        assert "most negative sentence is number 3 (tone -0.600)" in text
        assert "most positive sentence is number 1 (tone +0.100)" in text
    else:
        assert "most negative sentence is number 2 (-0.100)" in text


def test_a_month_from_other_outlets_is_not_the_starting_point():
    """Dec: one outlet only (a high energy share); Feb and Mar: three outlets, the same shares in both."""
    parts = [frame(40, sources=["alpha.example"] * 40, dates=["2016-12-10"] * 40, energy=[i < 20 for i in range(40)])]
    for month in ("2017-02-10", "2017-03-10"):
        for outlet in ("alpha.example", "beta.example", "gamma.example"):
            parts.append(frame(20, sources=[outlet] * 20, dates=[month] * 20, energy=[i < 2 for i in range(20)]))
    df = pd.concat(parts, ignore_index=True).assign(energy_hits=lambda d: d["energy"].astype(int))
    f = N.theme_facts(df)
    t = f["themes"][0]["trend"]
    assert str(f["baseline"]) == "2017-02" and [str(p) for p, _ in f["not_baseline"]] == ["2016-12"]
    # Dec's articles: 40 of 40 from alpha, which wrote 20 of Mar's 60 articles -> one third covered
    assert f["not_baseline"][0][1] == pytest.approx(20 / 60)
    assert (t["std_first"], t["std_last"]) == pytest.approx((0.1, 0.1)) and t["direction"] == "stayed"
    text = N.themes(df)
    assert "between Feb 2017 and Mar 2017" in text and "Dec 2016 is not used as the starting point" in text
    assert "Energy stayed at about 10.0% of articles" in text
    assert "from Feb 2017 to Mar 2017" in N.summary(df)


@pytest.mark.parametrize("energy, sanctions, expect, absent", [
    (True, False, ["It is about energy (2 hits in 2 sentences", "It also mentions sanctions (1 hit in 1 sentence"],
     ["It is about sanctions"]),
    (False, False, ["It mentions energy (2 hits in 2 sentences", "and sanctions (1 hit in 1 sentence",
                    "only in passing"], ["It is about"]),
    (True, True, ["It is about energy (2 hits in 2 sentences", "and sanctions (1 hit"], ["in passing"]),
])
def test_article_tells_about_from_passing_mentions(energy, sanctions, expect, absent):
    row = pd.Series({"article_id": "a", "source": "x.example", "published": pd.NaT, "n_words": 30,
                     "polarity": 0.0, "subjectivity": 0.0, "actors": [], "energy": energy, "sanctions": sanctions,
                     "energy_hits": 2, "sanctions_hits": 1, "energy_salience": 0.5, "sanctions_salience": 0.1})
    sents = pd.DataFrame({"article_id": ["a"] * 3, "sentence_no": [0, 1, 2], "polarity": [0.0] * 3})
    ev = pd.DataFrame({"article_id": ["a"] * 3, "theme": ["energy", "energy", "sanctions"],
                       "term": ["oil", "gas", "sanctions"], "sentence_no": [0, 2, 1]})
    text = N.article(row, sents, ev)
    for e in expect:
        assert e in text
    for a in absent:
        assert a not in text
    assert "salience 0.50" in text and "salience 0.10" in text


def test_article_without_theme_flags_does_not_claim_about():
    row = pd.Series({"article_id": "a", "source": "x.example", "published": pd.NaT, "n_words": 30,
                     "polarity": 0.0, "subjectivity": 0.0, "actors": []})
    ev = pd.DataFrame({"article_id": ["a"], "theme": ["energy"], "term": ["oil"], "sentence_no": [0]})
    text = N.article(row, pd.DataFrame({"article_id": ["a"], "sentence_no": [0], "polarity": [0.0]}), ev,
                     themes=["energy"])
    assert "It has evidence of energy (1 hit in 1 sentence: \"oil\")" in text
    assert "about" not in text and "in passing" not in text


def test_tone_agreement_prints_every_r_from_the_table():
    rows = []
    rng = np.random.default_rng(3)
    for data, level, n in (("set one", "sentence", 500), ("set two", "article", 40)):
        for scorer in ("TextBlob polarity", "VADER", "tone"):
            r = float(rng.uniform(0.1, 0.7))
            rows.append((data, level, n, scorer, r, r - 0.05, r + 0.05))
    table = pd.DataFrame(rows, columns=["data", "level", "n", "scorer", "r", "low", "high"])
    text = N.tone_agreement(table)
    for row in table.itertuples():
        assert f"{row.scorer} {row.r:.3f} ({row.low:.3f} to {row.high:.3f})" in text
    assert "On set one (500 sentences)" in text and "On set two (40 articles)" in text
    f = N.tone_agreement_facts(table)
    for s in f["sets"]:  # overlap is said exactly where the intervals overlap
        t, v = s["scores"]["tone"], s["scores"]["VADER"]
        assert s["overlap"] == (t["low"] <= v["high"] and v["low"] <= t["high"])
    # best first within each set
    one = text.split("On set two")[0]
    order = table[table.data == "set one"].sort_values("r", ascending=False).scorer.tolist()
    assert [one.index(s + " ") for s in order] == sorted(one.index(s + " ") for s in order)
    table.attrs["unavailable"] = "offline"
    assert "could not be read: offline" in N.tone_agreement(table)


@pytest.mark.parametrize("with_tone", [True, False])
def test_article_actors_lead_with_tone(with_tone):
    row = pd.Series({"article_id": "a", "source": "x.example", "published": pd.NaT, "n_words": 30,
                     "polarity": 0.0, "subjectivity": 0.0, "actors": ["Russia"]})
    table = pd.DataFrame({"article_id": ["a"], "actor": ["Russia"], "n_sentences": [2], "polarity": [0.25]})
    if with_tone:
        table["tone"] = [-0.125]
    text = N.article(row, pd.DataFrame({"article_id": ["a"], "sentence_no": [0], "polarity": [0.0]}),
                     pd.DataFrame({"article_id": [], "theme": [], "term": [], "sentence_no": []}), table)
    expect = ("Russia (2 sentences, mean tone -0.125; TextBlob polarity +0.250)" if with_tone
              else "Russia (2 sentences, mean polarity +0.250)")
    assert expect in text


# ----------------------------------------------------------------------------- where most articles fall (readers issue)


def _core_ref(dates) -> tuple[str, str, int]:
    """The fewest consecutive months holding >= 90% of the dated articles, by brute force (ties: more, earlier)."""
    months = pd.Series(pd.to_datetime(pd.Series(dates)).dt.strftime("%Y-%m")).value_counts()
    full = pd.period_range(min(months.index), max(months.index), freq="M")
    per = [int(months.get(str(p), 0)) for p in full]
    total = sum(per)
    runs = [(j - i + 1, -sum(per[i:j + 1]), i, j) for i in range(len(per)) for j in range(i, len(per))
            if sum(per[i:j + 1]) >= 0.9 * total]
    n, neg, i, j = min(runs)
    return str(full[i]), str(full[j]), -neg


@pytest.mark.parametrize("dates, core", [
    # a few early articles: the span starts in April, most articles fall in Dec-Mar
    (["2016-04-19"] + ["2016-06-02"] * 2 + ["2016-12-05"] * 5 + ["2017-01-10"] * 8 + ["2017-02-03"] * 9
     + ["2017-03-30"] * 10, ("2016-12", "2017-03", 32)),
    # one month holds 95%
    (["2017-01-02"] + ["2017-02-10"] * 19, ("2017-02", "2017-02", 19)),
    # an empty month inside the core run counts as a month
    (["2016-01-01"] + ["2017-01-05"] * 10 + ["2017-03-05"] * 10, ("2017-01", "2017-03", 20)),
])
def test_corpus_says_where_most_articles_fall(dates, core):
    df = frame(len(dates), dates=dates)
    f = N.corpus_facts(df)
    assert (str(f["core_first"]), str(f["core_last"]), f["core_articles"]) == core == _core_ref(dates)
    assert f["core_share"] == core[2] / len(dates)
    first, last = N.period_label(f["core_first"]), N.period_label(f["core_last"])
    months = first if first == last else f"{first} to {last}"
    said = f"{N.pct(core[2] / len(dates))} of the dated articles ({core[2]}) appeared in {months}"
    span = f"between {N.day(min(pd.to_datetime(dates, utc=True)))} and {N.day(max(pd.to_datetime(dates, utc=True)))}"
    summary = N.summary(df)
    assert span in summary and said in summary, summary
    assert said[0].upper() + said[1:] in N.corpus(df)


def test_no_core_sentence_when_the_articles_fill_the_span():
    df = frame(4, dates=["2017-01-03", "2017-01-20", "2017-02-01", "2017-02-20"])
    assert "of the dated articles (" not in N.summary(df) + N.corpus(df)


def test_readme_states_the_default_corpus_span_as_computed(corpus):
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text().split())
    f = N.corpus_facts(corpus)
    first, last = f["first"], f["last"]
    assert f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}" in readme
    assert f"{N.pct(f['core_share'])} of them in {f['core_first']:%B} and {f['core_last']:%B %Y}" in readme
    assert f"{N.num(len(corpus))} load" in readme


# ----------------------------------------------------------------------------- report pages say what they show


def _cells(name: str) -> list[str]:
    import nbformat
    from pathlib import Path

    nb = nbformat.read(Path(__file__).resolve().parents[1] / "notebooks" / name, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_compare_page_draws_every_outlet_it_counts():
    import re

    cells = _cells("04-compare-outlets.ipynb")
    said = next(c for c in cells if "Distinctive words for {len(groups)} outlets" in c)
    loop = next(c for c in cells if "plots.keywords(table, group=group" in c)
    assert "groups = " in said
    assert re.search(r"^for group in groups:", loop, re.M), loop  # all of them, not a slice


def test_one_article_page_numbers_sentences_from_1():
    cells = _cells("01-one-article.ipynb")
    shown = [c for c in cells if "evidence" in c and "snippet" in c]
    assert shown
    for c in shown:  # the evidence table shows sentence numbers as the prose and the chart do: from 1
        assert '"sentence_no"]]' not in c.replace(" ", "") and 'evidence["sentence_no"] + 1' in c


@pytest.mark.parametrize("pol_alpha, phrase", [
    (0.05, ", which shows no such difference"),   # TextBlob: the same mean in both outlets
    (0.00, ", which points the other way"),       # TextBlob: alpha lower, tone: alpha higher
    (0.15, None),                                 # TextBlob agrees: nothing added
])
def test_theme_tone_says_when_textblob_does_not_show_the_tone_difference(pol_alpha, phrase):
    """Tone puts alpha's energy articles 0.10 above beta's; TextBlob polarity sees the same, less or more."""
    rows = []
    for outlet, tone, polarity in (("alpha.example", 0.10, pol_alpha), ("beta.example", 0.0, 0.05)):
        rows += [(outlet, tone + d, polarity + d) for d in [-0.02, 0.03] * 10]
    sources, tones, pols = zip(*rows)
    df = frame(len(rows), sources=list(sources), energy=[True] * len(rows), energy_hits=[1] * len(rows),
               polarity=list(pols))
    df["tone"] = list(tones)
    text = N.outlets_on_theme(df, "energy", top=1)
    pair = (f"mean tone {N.pol(0.105)} vs {N.pol(0.005)}; TextBlob polarity {N.pol(pol_alpha + 0.005)} vs "
            f"{N.pol(0.055)}")
    assert "On energy, alpha.example's articles are much more positive than the other outlets'" in text
    assert pair + (phrase or ";") in text
    for other in (", which shows no such difference", ", which points the other way"):
        assert (other in text) == (other == phrase)


# --------------------------------------------------------------------------- outlets' tone over all their articles


def outlet_tone_frame():
    """a.com clearly more positive; b.com and c.com many articles with a tiny difference (negligible, however
    small p); d.com few and spread (uncertain); e.com too few to compare."""
    rng = np.random.default_rng(7)
    parts = [("a.com", rng.normal(0.20, 0.05, 60)), ("b.com", rng.normal(0.020, 0.05, 3000)),
             ("c.com", rng.normal(0.017, 0.05, 3000)), ("d.com", rng.normal(0.05, 0.5, 12)),
             ("e.com", rng.normal(0.0, 0.05, 4))]
    return pd.DataFrame({"source": [s for s, v in parts for _ in v], "tone": np.concatenate([v for _, v in parts]),
                         "polarity": np.concatenate([v for _, v in parts]) + 0.05})


def test_outlet_tone_facts_are_welch_per_outlet_with_holm():
    df = outlet_tone_frame()
    f = N.outlet_tone_facts(df)
    assert f["measure"] == "tone" and f["tests"] == 4
    assert [r["outlet"] for r in f["small"]] == ["e.com"]
    by = {r["outlet"]: r for r in f["outlets"]}
    raw = {}
    for outlet in ("a.com", "b.com", "c.com", "d.com"):
        a, b = df.loc[df["source"] == outlet, "tone"], df.loc[df["source"] != outlet, "tone"]
        raw[outlet] = stats.ttest_ind(a, b, equal_var=False).pvalue
        assert by[outlet]["diff"] == pytest.approx(a.mean() - b.mean())
        assert by[outlet]["polarity_a"] == pytest.approx(df.loc[df["source"] == outlet, "polarity"].mean())
    names = list(raw)
    for outlet, q in zip(names, holm_ref([raw[o] for o in names])):
        assert by[outlet]["p_adj"] == pytest.approx(q)
    assert by["a.com"]["verdict"] == "much more positive"
    assert by["b.com"]["verdict"] == "negligible" and by["c.com"]["verdict"] == "negligible"
    assert by["d.com"]["verdict"] == "uncertain"
    assert [r["diff"] for r in f["outlets"]] == sorted((r["diff"] for r in f["outlets"]), reverse=True)


def test_outlet_tone_names_sizes_groups_the_rest_and_says_what_it_cannot_tell():
    df = outlet_tone_frame()
    f = N.outlet_tone_facts(df)
    by = {r["outlet"]: r for r in f["outlets"]}
    text = N.outlet_tone(df)
    a = by["a.com"]
    assert text.startswith(f"Over all their articles, a.com's articles are much more positive than the other "
                           f"outlets' (mean tone {N.pol(a['mean_a'])} vs {N.pol(a['mean_b'])}; TextBlob polarity "
                           f"{N.pol(a['polarity_a'])} vs {N.pol(a['polarity_b'])}; difference {N.pol(a['diff'])}")
    assert "after Holm correction for four comparisons" in text
    each = {o: f"{o} ({N.pol(by[o]['diff'])}, 95% CI {N.pol(by[o]['lo'])} to {N.pol(by[o]['hi'])})"
            for o in ("b.com", "c.com", "d.com")}
    assert f"{each['b.com']} and {each['c.com']} differ negligibly in tone from the other outlets' articles." in text
    assert f"{each['d.com']} differs from the other outlets' articles by an uncertain amount." in text
    assert "e.com has too few scored articles to compare (at least 10 are needed)." in text
    assert text.endswith("the theme paragraphs compare outlets on the same subject.")


@pytest.mark.parametrize("frame, expected", [
    (pd.DataFrame({"tone": [0.1] * 20}), "no `source` column"),
    (pd.DataFrame({"source": ["a"] * 20}), "no `tone` or `polarity` column"),
    (pd.DataFrame({"source": ["a"] * 20, "polarity": [0.1] * 20}), "No outlet has at least 10 scored articles"),
])
def test_outlet_tone_says_why_it_cannot_compare(frame, expected):
    assert expected in N.outlet_tone(frame)


def one_outlet_actor_frame():
    """Russia is named in 20 articles, 12 of them TASS's; China in 20 spread over four outlets."""
    rng = np.random.default_rng(3)
    src = ["tass.com"] * 12 + ["bbc.co.uk"] * 8 + ["cnn.com", "dw.com", "rte.ie", "bbc.co.uk"] * 5
    actors = [["Russia"]] * 20 + [["China"]] * 20
    return pd.DataFrame({"source": src, "actors": actors, "polarity": rng.normal(0.05, 0.05, 40),
                         "tone": rng.normal(0.02, 0.05, 40)})


def test_an_actor_portrayed_mostly_by_one_outlet_is_said_to_be():
    df = one_outlet_actor_frame()
    f = N.actor_facts(df)
    by = {r["actor"]: r for r in f["actors"]}
    assert by["Russia"]["outlet"] == {"outlet": "tass.com", "articles": 12, "share": 0.6}
    china = df[df["actors"].map(lambda a: "China" in a)]["source"].value_counts()
    assert by["China"]["outlet"]["share"] == pytest.approx(china.iloc[0] / 20)
    text = N.actors(df)
    assert ("More than half of the articles naming Russia come from TASS (12 of 20, 60.0%), so its portrayal is "
            "largely that outlet's.") in text
    assert "naming China" not in text  # 5 of 20 from each outlet
    summ = N.summary(df)
    assert "Russia (20 articles, 60.0% of them from TASS" in summ
    assert "of them from" not in summ.split("China (20 articles")[1].split(")")[0]  # a quarter at most


def test_summary_says_when_the_outlet_differs_on_every_subject_not_only_the_theme():
    # a.com writes most about energy and is more positive on it, but it is more positive on everything
    rng = np.random.default_rng(11)
    n = 60
    df = pd.DataFrame({"source": ["a.com"] * n + ["b.com"] * n + ["c.com"] * n,
                       "n_words": [100] * (3 * n), "published": pd.to_datetime(["2017-02-01"] * (3 * n), utc=True),
                       "energy": ([True] * 30 + [False] * 30) + ([True] * 10 + [False] * 50) * 2,
                       "polarity": np.r_[rng.normal(0.15, 0.03, n), rng.normal(0.0, 0.03, 2 * n)]})
    df["energy_hits"] = df["energy"].astype(int)
    f = N.summary_facts(df)
    w = f["overall"]  # a.com's other articles against the other outlets' other articles
    off = ~df["energy"]
    mine, rest = df.loc[off & (df["source"] == "a.com"), "polarity"], df.loc[off & (df["source"] != "a.com"), "polarity"]
    assert w["diff"] == pytest.approx(mine.mean() - rest.mean())
    assert w["p"] == pytest.approx(stats.ttest_ind(mine, rest, equal_var=False).pvalue)
    text = N.summary(df)
    assert (f"as are its articles on other subjects (difference {N.pol(w['diff'])}, 95% CI {N.pol(w['lo'])} to "
            f"{N.pol(w['hi'])})") in text
    o = f["outlets"]  # the theme comparison's p is the one of its page's family, and says so
    assert o["tests"] == 2
    assert f"Holm-corrected {N.pval(o['top'][0]['tone']['p_adj'])}), as are" in text
    # positive on energy only: its other articles are like the other outlets', so no such clause (its
    # overall mean is higher, but only because of the energy articles)
    df2 = df.assign(polarity=np.where((df["source"] == "a.com") & df["energy"], 0.15, 0.0)
                    + rng.normal(0, 0.03, len(df)))
    assert N.summary_facts(df2)["overall"]["verdict"] in ("negligible", "uncertain")
    assert "on other subjects" not in N.summary(df2)


def test_outlet_tone_compares_the_largest_outlets_of_a_crawl_and_counts_the_rest():
    # a crawl has many hosts: the 12 largest are compared, the others counted, the tiny ones counted too
    rng = np.random.default_rng(5)
    sizes = {f"site{i:02d}.com": 40 - i for i in range(15)} | {f"tiny{i}.org": 3 for i in range(5)}
    df = pd.DataFrame({"source": [s for s, k in sizes.items() for _ in range(k)]})
    df["polarity"] = rng.normal(0.05, 0.1, len(df))
    f = N.outlet_tone_facts(df)
    assert f["tests"] == 12 and {r["outlet"] for r in f["outlets"]} == {f"site{i:02d}.com" for i in range(12)}
    assert f["others"] == 3 and f["others_articles"] == sum(40 - i for i in range(12, 15))
    assert len(f["small"]) == 5
    text = N.outlet_tone(df)
    assert f"3 other outlets ({f['others_articles']} articles) are not compared one by one: only the 12 with most " \
           "articles are." in text
    assert "5 outlets have too few scored articles to compare (at least 10 are needed)." in text
    assert "after Holm correction for 12 comparisons" in text


def test_tone_lists_the_disagreement_of_the_largest_outlets_only():
    sizes = {f"site{i:02d}.com": 40 - i for i in range(14)}
    src = [s for s, k in sizes.items() for _ in range(k)]
    df = pd.DataFrame({"source": src, "polarity": 0.1, "vader": 0.2,
                       "sentiment_disagree": [i % 4 == 0 for i in range(len(src))]})
    f = N.tone_outlet_facts(df)
    assert [o["outlet"] for o in f["by_outlet"]] != [] and len(f["by_outlet"]) == 12 and f["more"] == 2
    assert {o["outlet"] for o in f["by_outlet"]} == {f"site{i:02d}.com" for i in range(12)}
    assert "(the 12 outlets with most articles; 2 others not listed)" in N.tone(df)
    assert "not listed" not in N.tone(df[df["source"].isin([f"site{i:02d}.com" for i in range(12)])])


def test_outlet_tone_with_two_outlets_compares_them_once():
    rng = np.random.default_rng(9)
    df = pd.DataFrame({"source": ["tass.com"] * 40 + ["bbc.co.uk"] * 30,
                       "polarity": np.r_[rng.normal(0.10, 0.05, 40), rng.normal(0.0, 0.05, 30)]})
    f = N.outlet_tone_facts(df)
    assert f["pair"] and f["tests"] == 1 and f["versus"] == "bbc.co.uk"
    r = f["outlets"][0]
    a, b = df.loc[df["source"] == "tass.com", "polarity"], df.loc[df["source"] == "bbc.co.uk", "polarity"]
    assert r["outlet"] == "tass.com" and r["diff"] == pytest.approx(a.mean() - b.mean())
    text = N.outlet_tone(df)
    assert text.startswith(f"Over all their articles, TASS's articles are much more positive than BBC's (mean polarity "
                           f"{N.pol(a.mean())} vs {N.pol(b.mean())}; difference {N.pol(r['diff'])}")
    assert "Holm" not in text and "BBC's articles are" not in text


@pytest.mark.parametrize("outlets, of, per_outlet, says, absent", [
    (["TASS", "DW", "TASS", "CNN"], 42, 2, ["The 4 of 42 energy articles", "at most two from one outlet",
                                            "(3 outlets shown)"], []),
    (["TASS"], 7, 1, ["The 1 of 7 energy articles", "at most one from one outlet", "(1 outlet shown)"], []),
    (["TASS"], 1, 2, ["The one energy article, with its sentence"], ["salience", "outlet"]),
    ([], 0, 2, ["No energy article to show."], ["salience"]),
])
def test_theme_examples_intro_counts_what_is_shown(outlets, of, per_outlet, says, absent):
    text = N.theme_examples(pd.DataFrame({"outlet": outlets}, dtype=object), of=of, on="energy",
                            per_outlet=per_outlet)
    for part in says:
        assert part in text
    for part in absent:
        assert part not in text
