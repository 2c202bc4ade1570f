"""Charts: real properties of what is drawn, rendered to PNG with every warning an error."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")  # the test module picks the backend; the library never does

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from scipy import stats  # noqa: E402

from analysis import plots  # noqa: E402

SOURCES = ["tass.com", "aljazeera.com", "europe.chinadaily.com.cn", "cnn.com", "rte.ie"]
WEIGHTS = np.array([0.35, 0.25, 0.2, 0.12, 0.08])
THEMES = ["sanctions", "energy", "un_voting"]
ACTORS = ["Russia", "China", "United States", "European Union", "Ukraine", "United Nations", "NATO"]
N = 400


# --------------------------------------------------------------------------- fixtures


def make_articles(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    src = rng.choice(SOURCES, N, p=WEIGHTS)
    start = pd.Timestamp("2017-01-02", tz="UTC")  # a Monday
    published = pd.Series(start + pd.to_timedelta(rng.integers(0, 10 * 7 * 24, N), unit="h"))
    published[rng.choice(N, 9, replace=False)] = pd.NaT
    df = pd.DataFrame(
        {
            "article_id": pd.array([f"id{i:04d}" for i in range(N)], dtype="string"),
            "source": pd.array(src, dtype="string"),
            "published": published.astype("datetime64[ns, UTC]"),
            "polarity": np.clip(rng.normal(0.05, 0.15, N), -1, 1),
            "subjectivity": rng.uniform(0.1, 0.7, N),
        },
        index=pd.RangeIndex(100, 100 + N),
    )
    for t, p in zip(THEMES, [0.2, 0.3, 0.1]):
        hits = rng.binomial(3, p, N)
        df[f"{t}_hits"] = hits
        df[t] = hits >= 1
    df["actors"] = [sorted(rng.choice(ACTORS, rng.integers(0, 4), replace=False).tolist()) for _ in range(N)]
    return df


def make_actor_table(articles: pd.DataFrame, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for aid, actors in zip(articles["article_id"], articles["actors"]):
        for a in actors:
            rows.append((aid, a, int(rng.integers(1, 5)), float(rng.normal(0.03, 0.2)), float(rng.uniform(0, 1))))
    return pd.DataFrame(rows, columns=["article_id", "actor", "n_sentences", "polarity", "subjectivity"])


def make_sentences() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    k = 25
    return pd.DataFrame({
        "article_id": ["id0001"] * k + ["id0002"] * 3,
        "sentence_no": list(range(k)) + [0, 1, 2],
        "start": 0, "end": 1, "sentence": "x",
        "polarity": np.round(np.clip(rng.normal(0, 0.35, k + 3), -1, 1), 3),
        "subjectivity": 0.5,
    })


def make_evidence() -> pd.DataFrame:
    hits = [("energy", 2), ("energy", 2), ("energy", 9), ("sanctions", 2), ("sanctions", 14), ("un_voting", 20)]
    ev = pd.DataFrame(hits, columns=["theme", "sentence_no"])
    ev.insert(0, "article_id", "id0001")
    ev["term"], ev["start"], ev["end"], ev["snippet"] = "term", 0, 4, "text"
    other = pd.DataFrame([("id0002", "energy", 1, "oil", 0, 3, "oil")], columns=ev.columns.tolist())
    return pd.concat([ev, other], ignore_index=True)


def make_keywords() -> pd.DataFrame:
    rows = []
    for g in ["tass.com", "cnn.com"]:
        for r in range(1, 31):
            rows.append((g, f"{g[:3]}word{r}", 12.0 - 0.3 * r, 1.5 - 0.03 * r, 100 - r, 20 + r, r))
    return pd.DataFrame(rows, columns=["group", "term", "z", "log_odds", "count", "count_rest", "rank"])


@pytest.fixture
def articles():
    return make_articles()


@pytest.fixture
def actor_table(articles):
    return make_actor_table(articles)


@pytest.fixture(autouse=True)
def strict_and_clean():
    """Every warning fails the test; rcParams must be unchanged; figures are closed."""
    before = dict(matplotlib.rcParams)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield
    after = dict(matplotlib.rcParams)
    plt.close("all")
    assert after == before, {k for k in before if before[k] != after.get(k)}


def render(obj) -> Figure:
    fig = obj if isinstance(obj, Figure) else obj.figure
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=40)
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    return fig


def independent_label(domain: str) -> str:
    return {"tass.com": "TASS", "aljazeera.com": "Al Jazeera", "europe.chinadaily.com.cn": "China Daily",
            "cnn.com": "CNN", "rte.ie": "RTÉ"}[domain]


def week_start(ts: pd.Series) -> pd.Series:
    """Monday 00:00 (UTC, naive) of each timestamp's week, computed without periods."""
    naive = ts.dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    return naive - pd.to_timedelta(naive.dt.day_of_week, unit="D")


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("domain, name", [
    ("europe.chinadaily.com.cn", "China Daily"),
    ("chinadaily.com.cn", "China Daily"),
    ("tass.com", "TASS"),
    ("aljazeera.com", "Al Jazeera"),
    ("bbc.co.uk", "BBC"),
    ("www.bbc.co.uk", "BBC"),
    ("https://edition.cnn.com/2017/01/x.html", "CNN"),
    ("dw.com", "DW"),
    ("rte.ie", "RTÉ"),
    ("abcnews.go.com", "ABC News"),
    ("huffingtonpost.com", "HuffPost"),
    ("example.org", "example.org"),
    ("notcnn.com", "notcnn.com"),
    ("Reuters", "Reuters"),
    (None, "(unknown)"),
    (pd.NA, "(unknown)"),
])
def test_outlet_label(domain, name):
    assert plots.outlet_label(domain) == name


def test_palette_is_okabe_ito():
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert set(plots.OKABE_ITO) == okabe_ito and len(plots.OKABE_ITO) == 8


def test_import_draws_nothing_and_picks_no_backend():
    code = ("import sys, analysis.present.plots; "
            "print('matplotlib.pyplot' in sys.modules, 'matplotlib' in sys.modules and "
            "sys.modules['matplotlib'].rcParams._get_backend_or_none() is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    assert out.stderr == ""


# --------------------------------------------------------------------------- every chart


def _calls():
    return {
        "volume": lambda d: plots.volume(d["articles"]),
        "volume_area": lambda d: plots.volume(d["articles"], kind="area"),
        "theme_attention": lambda d: plots.theme_attention(d["articles"]),
        "sentiment_box": lambda d: plots.sentiment_by(d["articles"]),
        "sentiment_violin": lambda d: plots.sentiment_by(d["articles"], kind="violin"),
        "sentiment_theme": lambda d: plots.sentiment_by(d["articles"], by="theme", measure="subjectivity"),
        "theme_heatmap": lambda d: plots.theme_heatmap(d["articles"]),
        "actor_sentiment": lambda d: plots.actor_sentiment(d["actor_table"], articles=d["articles"]),
        "co_mentions": lambda d: plots.co_mentions(d["articles"]),
        "keywords": lambda d: plots.keywords(d["keywords"], group="tass.com"),
        "sentiment_arc": lambda d: plots.sentiment_arc(d["sentences"], article_id="id0001", evidence=d["evidence"]),
    }


UNITS = {
    "volume": "articles per week",
    "volume_area": "articles per week",
    "theme_attention": "(%)",
    "sentiment_box": "(−1 to 1)",
    "sentiment_violin": "(−1 to 1)",
    "sentiment_theme": "(0 to 1)",
    "theme_heatmap": "(%)",
    "actor_sentiment": "(−1 to 1)",
    "co_mentions": "articles",
    "keywords": "z score",
    "sentiment_arc": "(−1 to 1)",
}


@pytest.fixture
def data(articles, actor_table):
    return {"articles": articles, "actor_table": actor_table, "sentences": make_sentences(),
            "evidence": make_evidence(), "keywords": make_keywords()}


@pytest.mark.parametrize("name", list(_calls()))
def test_chart_renders_labelled_without_mutating_input(name, data):
    copies = {k: v.copy(deep=True) for k, v in data.items()}
    obj = _calls()[name](data)
    fig = render(obj)
    expected_type = Figure if name == "theme_attention" else Axes
    assert isinstance(obj, expected_type)
    axes = [a for a in fig.axes if a.get_label() != "<colorbar>"]
    for a in axes:
        assert a.get_title().strip(), "every panel has a title"
        assert a.get_ylabel().strip()
    assert axes[-1].get_xlabel().strip()
    texts = " ".join([a.get_xlabel() + " " + a.get_ylabel() for a in fig.axes])
    assert UNITS[name] in texts
    # a note of n (or of what was left out) under or on the chart
    annotations = " ".join(t.get_text() for a in fig.axes for t in a.texts)
    ticks = " ".join(t.get_text() for a in fig.axes for t in a.get_yticklabels())
    if name == "keywords":  # the table has no group sizes: each bar carries its counts instead
        assert " vs " in annotations
    else:
        assert "n = " in annotations + ticks + " ".join(a.get_title() for a in axes)
    for k in data:
        pd.testing.assert_frame_equal(data[k], copies[k])
    assert fig.get_layout_engine() is not None  # constrained layout: no overlapping labels


@pytest.mark.parametrize("name", [n for n in _calls() if n != "theme_attention"])
def test_draws_into_given_axes(name, data):
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5))
    calls = {
        "volume": lambda: plots.volume(data["articles"], ax=right),
        "volume_area": lambda: plots.volume(data["articles"], kind="area", ax=right),
        "sentiment_box": lambda: plots.sentiment_by(data["articles"], ax=right),
        "sentiment_violin": lambda: plots.sentiment_by(data["articles"], kind="violin", ax=right),
        "sentiment_theme": lambda: plots.sentiment_by(data["articles"], by="theme", ax=right),
        "theme_heatmap": lambda: plots.theme_heatmap(data["articles"], ax=right),
        "actor_sentiment": lambda: plots.actor_sentiment(data["actor_table"], articles=data["articles"], ax=right),
        "co_mentions": lambda: plots.co_mentions(data["articles"], ax=right),
        "keywords": lambda: plots.keywords(data["keywords"], group="cnn.com", ax=right),
        "sentiment_arc": lambda: plots.sentiment_arc(data["sentences"], article_id="id0001", ax=right),
    }
    out = calls[name]()
    assert out is right
    assert not left.has_data() and right.has_data()
    assert len(plt.get_fignums()) == 1
    render(fig)


def test_theme_attention_draws_into_given_axes(articles):
    fig, axes = plt.subplots(2, 1)
    out = plots.theme_attention(articles, themes=["energy", "sanctions"], ax=axes)
    assert out is fig
    assert [a.get_title().split(" (")[0] for a in axes] == ["Energy", "Sanctions"]
    render(fig)
    with pytest.raises(ValueError, match="one Axes per theme"):
        plots.theme_attention(articles, ax=axes)


# --------------------------------------------------------------------------- volume


def test_volume_lines_count_articles_per_source_and_week(articles):
    ax = plots.volume(articles)
    lines = ax.get_lines()
    assert len(lines) == len(SOURCES)
    dated = articles.dropna(subset=["published"])
    expected = dated.groupby([week_start(dated["published"]), dated["source"].astype(str)]).size()
    counts = articles["source"].value_counts()
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for line, label in zip(lines, legend):
        domain = next(d for d in SOURCES if label.startswith(independent_label(d) + " ("))
        got = pd.Series(np.asarray(line.get_ydata()), index=pd.DatetimeIndex(np.asarray(line.get_xdata())))
        want = expected.xs(domain, level=1).reindex(got.index, fill_value=0)
        assert (got.to_numpy() == want.to_numpy()).all()
        assert got.sum() == len(dated[dated["source"] == domain])
        assert f"({dated['source'].eq(domain).sum():,})" in label
    # largest outlet first in the legend
    assert legend[0].startswith(independent_label(counts.index[0]))
    note = " ".join(t.get_text() for t in ax.texts)
    assert f"{articles['published'].isna().sum()} articles without a date" in note


def test_volume_area_stacks_one_layer_per_source(articles):
    ax = plots.volume(articles, kind="area")
    assert len(ax.collections) == len(SOURCES)


def test_volume_undated_only_is_an_error(articles):
    with pytest.raises(ValueError, match="publication date"):
        plots.volume(articles.assign(published=pd.NaT))


def test_same_source_same_colour_across_charts(articles):
    vol = plots.volume(articles)
    att = plots.theme_attention(articles, themes=["energy"])
    a = {l.get_label(): l.get_color() for l in vol.get_lines()}
    b = {l.get_label(): l.get_color() for l in att.axes[0].get_lines() if l.get_gid() != "standardised"}
    assert a == b


# --------------------------------------------------------------------------- theme attention


def test_theme_attention_shares_and_thin_weeks(articles):
    min_articles = 5
    fig = plots.theme_attention(articles, min_articles=min_articles)
    assert len(fig.axes) == len(THEMES)
    dated = articles.dropna(subset=["published"]).assign(week=lambda d: week_start(d["published"]))
    for a, theme in zip(fig.axes, THEMES):
        assert "(%)" in a.get_ylabel()
        assert len([l for l in a.get_lines() if l.get_gid() != "standardised"]) == len(SOURCES)
        line = next(l for l in a.get_lines() if l.get_label().startswith("TASS ("))
        got = pd.Series(np.asarray(line.get_ydata(), dtype=float),
                        index=pd.DatetimeIndex(np.asarray(line.get_xdata())))
        tass = dated[dated["source"] == "tass.com"]
        n = tass.groupby("week").size()
        share = tass.groupby("week")[theme].mean() * 100
        for week, value in got.items():
            if n.get(week, 0) >= min_articles:
                assert value == pytest.approx(share[week])
            else:
                assert np.isnan(value)
        assert got.notna().any()
    note = " ".join(t.get_text() for a in fig.axes for t in a.texts)
    assert "fewer than 5 articles" in note


def mix_change_articles():
    """Energy share rises within both outlets, week on week, while the raw share falls: week 1 is mostly
    China Daily (high share), week 2 mostly TASS (low share); week 3 is China Daily only."""
    cells = [("2017-01-02", "europe.chinadaily.com.cn", 40, 12), ("2017-01-03", "tass.com", 10, 1),
             ("2017-01-09", "europe.chinadaily.com.cn", 10, 4), ("2017-01-10", "tass.com", 40, 8),
             ("2017-01-16", "europe.chinadaily.com.cn", 30, 9)]
    rows = []
    for day, src, n, k in cells:
        rows += [(day, src, i < k) for i in range(n)]
    day, src, energy = zip(*rows)
    return pd.DataFrame({"published": pd.to_datetime(list(day), utc=True), "source": list(src),
                         "energy": list(energy), "energy_hits": [int(e) for e in energy]})


def test_theme_attention_draws_the_share_at_a_fixed_outlet_mix():
    df = mix_change_articles()
    fig = plots.theme_attention(df, themes=["energy"], min_articles=5)
    ax = fig.axes[0]
    std = next(l for l in ax.get_lines() if l.get_gid() == "standardised")
    got = np.asarray(std.get_ydata(), dtype=float)
    week = week_start(df["published"])
    cell = df.groupby([week, "source"])["energy"].mean().unstack()
    w = df["source"].value_counts(normalize=True)  # the mix of all articles shown
    want = (cell * w).sum(axis=1) / cell.notna().mul(w).sum(axis=1) * 100
    raw = df.groupby(week)["energy"].mean()
    assert raw.iloc[1] < raw.iloc[0] and got[1] > got[0]  # the fixed-mix line does not fall with the mix
    assert got[:2] == pytest.approx(want.iloc[:2].to_numpy())
    assert np.isnan(got[2])  # week 3: China Daily alone covers too little of the mix
    shaded = [p for p in ax.patches if p.get_gid() == "not comparable"]
    assert len(shaded) == 1
    text = fig.get_suptitle() + " ".join(t.get_text() for t in ax.texts)
    assert "fixed outlet mix" in text and "not comparable" in text
    render(fig)
    assert len(plt.get_fignums()) == 1
    plt.close("all")
    plain = plots.theme_attention(df, themes=["energy"], standardise=False)
    assert not any(l.get_gid() == "standardised" for l in plain.axes[0].get_lines())


def test_theme_attention_leaves_out_stretches_with_nothing_to_draw_and_counts_them():
    # two articles months before and one after the covered weeks would squeeze the weeks that can be read
    df = mix_change_articles()
    stray = pd.DataFrame({"published": pd.to_datetime(["2016-05-03", "2016-05-04", "2017-06-01"], utc=True),
                          "source": ["tass.com"] * 3, "energy": [True, False, False], "energy_hits": [1, 0, 0]})
    both = pd.concat([df, stray], ignore_index=True)
    fig = plots.theme_attention(both, themes=["energy"], min_articles=5)
    ax = fig.axes[0]
    weeks = pd.DatetimeIndex(np.asarray(ax.get_lines()[0].get_xdata())).strftime("%Y-%m-%d").tolist()
    assert weeks == ["2017-01-02", "2017-01-09", "2017-01-16"]
    assert ax.get_title() == f"Energy (n = {int(both['energy'].sum())} articles)"  # the stray one too
    assert int(both["energy"].sum()) == int(df["energy"].sum()) + 1
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert ("Outside the chart, where no outlet published 5 or more articles in a week: 2 articles before "
            "2017-01-02 and 1 article from 2017-01-23 on.") in note
    assert "Outside the chart" not in " ".join(t.get_text() for t in plots.theme_attention(
        df, themes=["energy"], min_articles=5).axes[0].texts)
    plt.close("all")


@pytest.mark.parametrize("with_tone, label", [(True, "article tone (−1 to 1)"), (False, "article polarity (−1 to 1)")])
def test_sentiment_by_defaults_to_tone_when_present(articles, with_tone, label):
    df = articles.assign(tone=articles["polarity"] / 2) if with_tone else articles
    ax = plots.sentiment_by(df)
    assert ax.get_xlabel() == label
    col = "tone" if with_tone else "polarity"
    tass = df.loc[df["source"] == "tass.com", col].dropna()
    medians = {line.get_ydata()[0]: line.get_xdata()[0] for line in ax.get_lines() if line.get_gid() == "median"}
    assert any(v == pytest.approx(tass.median()) for v in medians.values())
    assert plots.sentiment_by(df, measure="polarity").get_xlabel() == "article polarity (−1 to 1)"


# --------------------------------------------------------------------------- sentiment by


def test_sentiment_by_source_boxes_medians_and_n(articles):
    ax = plots.sentiment_by(articles)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(SOURCES)
    counts = articles["source"].value_counts()
    medians = articles.groupby("source")["polarity"].median()
    # boxes are drawn in tick order; each median line sits at the group's median
    median_lines = [l for l in ax.get_lines() if l.get_gid() == "median"]
    assert len(median_lines) == len(SOURCES)
    for label, line in zip(labels, median_lines):
        domain = next(d for d in SOURCES if label.startswith(independent_label(d) + " "))
        assert label.endswith(f"(n = {counts[domain]:,})")
        assert np.asarray(line.get_xdata())[0] == pytest.approx(medians[domain])
    shown = [medians[next(d for d in SOURCES if lab.startswith(independent_label(d) + " "))] for lab in labels]
    assert shown == sorted(shown)  # increasing median bottom to top
    assert "(−1 to 1)" in ax.get_xlabel()


def test_sentiment_by_theme_counts_articles_in_each_theme(articles):
    ax = plots.sentiment_by(articles, by="theme", kind="violin")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(THEMES)
    names = {"sanctions": "Sanctions", "energy": "Energy", "un_voting": "UN voting"}
    for t in THEMES:
        assert f"{names[t]} (n = {int(articles[t].sum()):,})" in labels
    assert len(ax.collections) >= len(THEMES)  # one violin body per theme (plus the median lines)


def test_sentiment_by_violin_copes_with_single_article_groups():
    df = pd.DataFrame({"source": ["a.org", "b.org", "b.org"], "polarity": [0.2, 0.1, 0.4]})
    ax = plots.sentiment_by(df, kind="violin")
    render(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a.org (n = 1)", "b.org (n = 2)"]


# --------------------------------------------------------------------------- theme heatmap


def test_theme_heatmap_cells_equal_shares(articles):
    ax = plots.theme_heatmap(articles)
    values = np.asarray(ax.images[0].get_array())
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert cols == ["Sanctions", "Energy", "UN voting"]
    assert values.shape == (len(SOURCES), len(THEMES))
    counts = articles["source"].value_counts()
    for i, label in enumerate(rows):
        domain = next(d for d in SOURCES if label.startswith(independent_label(d) + " "))
        assert label.endswith(f"(n = {counts[domain]:,})")
        for j, theme in enumerate(THEMES):
            expected = pd.crosstab(articles["source"], articles[theme], normalize="index").loc[domain, True] * 100
            assert values[i, j] == pytest.approx(expected)
    cells = [t.get_text() for t in ax.texts if t.get_text().endswith("%")]
    assert len(cells) == len(SOURCES) * len(THEMES)
    # printed as the narration prints a share: one decimal, 10.3% too (not "10%")
    assert cells == [f"{v:.1f}%" if v < 99.95 else "100%" for v in values.ravel()]
    colorbar = [a for a in ax.figure.axes if a is not ax][0]
    assert "(%)" in colorbar.get_ylabel()


# --------------------------------------------------------------------------- actor sentiment


def _point_and_halfwidth(err, y_pick):
    xs, ys = np.asarray(err.lines[0].get_xdata()), np.asarray(err.lines[0].get_ydata())
    i = int(y_pick(ys))
    segs = err.lines[2][0].get_segments()
    seg = next(s for s in segs if s[0][1] == pytest.approx(ys[i]))
    return xs[i], (seg[1][0] - seg[0][0]) / 2, [(s[1][0] - s[0][0]) / 2 for s in segs]


def test_actor_sentiment_means_and_t_intervals(articles, actor_table):
    ax = plots.actor_sentiment(actor_table, articles=articles, min_articles=2)
    containers = ax.containers
    assert len(containers) == len(SOURCES)
    assert "(−1 to 1)" in ax.get_xlabel()
    # the top actor (most articles) is the top row; recompute TASS's point and interval for it
    top_actor = actor_table.groupby("actor")["article_id"].nunique().sort_values(ascending=False).index[0]
    assert ax.get_yticklabels()[0].get_text().startswith(top_actor)
    tass = next(c for c in containers if c.get_label() == "TASS")
    mean, hw, all_hw = _point_and_halfwidth(tass, np.argmax)
    sel = actor_table.merge(articles[["article_id", "source"]], on="article_id")
    pol = sel[(sel["actor"] == top_actor) & (sel["source"] == "tass.com")]["polarity"].to_numpy()
    assert mean == pytest.approx(pol.mean())
    assert hw == pytest.approx(stats.t.ppf(0.975, len(pol) - 1) * pol.std(ddof=1) / np.sqrt(len(pol)))
    assert all(h > 0 for c in containers for h in _point_and_halfwidth(c, np.argmax)[2])


def test_actor_sentiment_hides_small_pairs_and_says_so(articles, actor_table):
    small = actor_table[~((actor_table["actor"] == "NATO") & actor_table["article_id"].isin(
        articles.loc[articles["source"] == "rte.ie", "article_id"].iloc[3:]))]
    ax = plots.actor_sentiment(small, articles=articles, actors=["NATO", "China"], min_articles=5)
    assert [t.get_text().split("\n")[0] for t in ax.get_yticklabels()] == ["NATO", "China"]
    rte = next((c for c in ax.containers if c.get_label() == "RTÉ"), None)
    if rte is not None:  # RTÉ may still have a China point, but not a NATO one (top row, y > -0.5)
        assert (np.asarray(rte.lines[0].get_ydata()) < -0.5).all()
    assert "fewer than 5 articles not shown" in " ".join(t.get_text() for t in ax.texts)
    # a row left with no point at all says why, in the row
    n_nato = small[small["actor"] == "NATO"].merge(articles[["article_id", "source"]]).groupby("source").size()
    in_row = [t for t in ax.texts if t.get_text().startswith("no outlet with 5 or more articles")]
    assert len(in_row) == int((n_nato < 5).all())
    only_few = actor_table.merge(articles[["article_id", "source"]])
    ax = plots.actor_sentiment(only_few, actors=["NATO"], min_articles=10 ** 6)
    assert [t.get_position()[1] for t in ax.texts if t.get_text().startswith("no outlet with")] == [0]


def test_actor_sentiment_needs_source(actor_table, articles):
    with pytest.raises(ValueError, match="articles="):
        plots.actor_sentiment(actor_table)
    joined = actor_table.merge(articles[["article_id", "source"]], on="article_id")
    ax = plots.actor_sentiment(joined, top=3)
    assert len(ax.get_yticks()) == 3
    ax = plots.actor_sentiment(actor_table, by=None, actors=["China"])
    (only,) = ax.containers
    pol = actor_table.loc[actor_table["actor"] == "China", "polarity"]
    assert np.asarray(only.lines[0].get_xdata()) == pytest.approx([pol.mean()])
    assert ax.get_legend() is None and "by" not in ax.get_title()
    render(ax)


# --------------------------------------------------------------------------- co-mentions


def test_co_mentions_matrix_counts_articles(articles):
    ax = plots.co_mentions(articles, top=5)
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == [t.get_text() for t in ax.get_xticklabels()] and len(names) == 5
    long = articles[["article_id", "actors"]].explode("actors").dropna().drop_duplicates()
    pairs = long.merge(long, on="article_id")
    both = pd.crosstab(pairs["actors_x"], pairs["actors_y"])
    diag = {a: both.loc[a, a] for a in both.index}
    assert names == sorted(diag, key=lambda a: (-diag[a], a))[:5]  # most-mentioned first
    values = np.asarray(ax.images[0].get_array(), dtype=float)
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
             if t.get_text().replace(",", "").isdigit()}
    for i, a in enumerate(names):
        assert texts[(i, i)] == f"{both.loc[a, a]:,}"
        assert np.isnan(values[i, i])  # diagonal kept out of the colour scale
        for j, b in enumerate(names):
            if i != j:
                assert values[i, j] == both.loc[a, b]
                assert texts[(i, j)] == f"{both.loc[a, b]:,}"


def test_co_mentions_accepts_arrays_and_missing():
    df = pd.DataFrame({"actors": [np.array(["Russia", "China"]), None, ["Russia"], float("nan"), []]})
    ax = plots.co_mentions(df)
    values = np.asarray(ax.images[0].get_array(), dtype=float)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Russia", "China"]
    assert values[0, 1] == 1
    with pytest.raises(ValueError, match="no actor"):
        plots.co_mentions(pd.DataFrame({"actors": [[], None]}))


# --------------------------------------------------------------------------- keywords


@pytest.mark.parametrize("top", [5, 15])
def test_keywords_bars_follow_rank(top):
    kw = make_keywords().sample(frac=1, random_state=1)
    ax = plots.keywords(kw, group="cnn.com", top=top)
    bars = ax.patches
    assert len(bars) == top
    ranked = kw[kw["group"] == "cnn.com"].sort_values("rank").head(top)
    widths = [b.get_width() for b in sorted(bars, key=lambda b: -b.get_y())]
    assert widths == pytest.approx(ranked["z"].tolist())
    shown = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])  # top to bottom
    assert [t.get_text() for t in shown] == ranked["term"].tolist()
    assert ax.get_title().endswith("CNN")
    # many words compared: z is said to be an order, not a test ("> 2 is unlikely by chance" misled)
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts if t.get_gid() != "bar")
    assert "an order, not a test" in note and "unlikely by chance" not in ax.get_xlabel() + note


@pytest.mark.parametrize("with_articles", [True, False])
def test_keywords_bars_say_in_how_many_articles(with_articles):
    kw = make_keywords()
    if with_articles:
        kw["n_articles"] = [1 if r == 2 else 40 - r for r in kw["rank"]]
        kw["n_articles_rest"] = 10
    ax = plots.keywords(kw, group="tass.com", top=3)
    from matplotlib.text import Annotation

    labels = sorted((t for t in ax.texts if isinstance(t, Annotation) and not t.get_text().startswith("Numbers")),
                    key=lambda t: -t.xy[1])
    if with_articles:
        assert [t.get_text() for t in labels] == ["99 in 39 articles vs 21", "98 in 1 article vs 22",
                                                  "97 in 37 articles vs 23"]
    else:
        assert [t.get_text() for t in labels] == ["99 vs 21", "98 vs 22", "97 vs 23"]
    note = " ".join(t.get_text().replace("\n", " ") for t in ax.texts if t not in labels)
    assert ("in how many of its articles" in note) is with_articles


def test_keywords_unknown_group():
    with pytest.raises(ValueError, match="not in the keywords table"):
        plots.keywords(make_keywords(), group="bbc.co.uk")


# --------------------------------------------------------------------------- sentiment arc


def test_sentiment_arc_line_and_theme_bands():
    s, ev = make_sentences(), make_evidence()
    ax = plots.sentiment_arc(s, article_id="id0001", evidence=ev)
    line = ax.get_lines()[0]
    one = s[s["article_id"] == "id0001"]
    assert np.asarray(line.get_xdata()).tolist() == (one["sentence_no"] + 1).tolist()
    assert np.asarray(line.get_ydata()) == pytest.approx(one["polarity"].to_numpy())
    assert any(np.allclose(l.get_ydata(), 0) for l in ax.get_lines()[1:])  # zero line
    mine = ev[ev["article_id"] == "id0001"].drop_duplicates(["theme", "sentence_no"])
    assert len(ax.patches) == len(mine)  # one band per (theme, sentence)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Energy (2 sentences)" in legend and "UN voting (1 sentence)" in legend
    # bands sit over the hit sentences (1-based)
    xs = sorted({round((p.get_x() + p.get_x() + p.get_width()) / 2) for p in ax.patches})
    assert xs == sorted((mine["sentence_no"] + 1).unique().tolist())


def test_sentiment_arc_uses_sentence_themes_without_evidence():
    s = make_sentences()
    s["themes"] = [["energy"] if i == 3 else [] for i in range(len(s))]
    ax = plots.sentiment_arc(s, article_id="id0001")
    assert len(ax.patches) == 1
    with pytest.raises(ValueError, match="no sentences"):
        plots.sentiment_arc(s, article_id="missing")



@pytest.mark.parametrize("measure, expect", [(None, "tone"), ("polarity", "polarity")])
def test_sentiment_arc_draws_tone_when_present(measure, expect):
    s = make_sentences()
    s["tone"] = -s["polarity"] / 2  # different from polarity, so the line says which it drew
    ax = plots.sentiment_arc(s, article_id="id0001", measure=measure)
    one = s[s["article_id"] == "id0001"]
    assert np.asarray(ax.get_lines()[0].get_ydata()) == pytest.approx(one[expect].to_numpy())
    assert ax.get_ylabel().startswith(f"sentence {expect}") and expect in ax.get_title()

# --------------------------------------------------------------------------- date range and colours


def test_date_range_filters_and_is_noted(articles):
    ax = plots.volume(articles, start="2017-01-16", end="2017-02-05")
    dated = articles["published"].dropna()
    inside = dated[(dated >= pd.Timestamp("2017-01-16", tz="UTC")) & (dated < pd.Timestamp("2017-02-06", tz="UTC"))]
    assert sum(np.asarray(l.get_ydata()).sum() for l in ax.get_lines()) == len(inside)
    note = " ".join(t.get_text() for t in ax.texts)
    undated = int(articles["published"].isna().sum())
    assert f"{undated} articles without a date and {len(dated) - len(inside)} dated outside" in note
    ax = plots.volume(articles.dropna(subset=["published"]), start="2017-01-16")
    assert "dated before 2017-01-16" in " ".join(t.get_text() for t in ax.texts)
    with pytest.raises(ValueError, match="no dated article"):
        plots.volume(articles, start="2030-01-01")


def test_colours_follow_the_whole_table(articles, actor_table):
    """An outlet keeps its colour when a date range or an actor subset changes which outlets are largest."""
    def colours(ax):
        return {l.get_label().split(" (")[0]: l.get_color() for l in ax.get_lines()}

    # TASS, the largest outlet, stops publishing in February: in a February window every
    # other outlet moves up the order, yet must keep its colour
    cut = pd.Timestamp("2017-02-01", tz="UTC")
    table = articles[(articles["source"] != "tass.com") | (articles["published"] < cut)]
    whole, window = colours(plots.volume(table)), colours(plots.volume(table, start="2017-02-01"))
    assert "TASS" in whole and "TASS" not in window and len(window) == len(SOURCES) - 1
    assert all(whole[k] == c for k, c in window.items())
    whole = colours(plots.volume(articles))
    ax = plots.actor_sentiment(actor_table, articles=articles, top=2, min_articles=2)
    actor_colours = {c.get_label(): c.lines[0].get_color() for c in ax.containers}
    assert actor_colours and all(whole[k] == c for k, c in actor_colours.items())


def test_actor_sentiment_defaults_to_tone_when_present(actor_table, articles):
    tab = actor_table.assign(tone=actor_table["polarity"] / 2 - 0.1)
    ax = plots.actor_sentiment(tab, articles=articles, by=None)
    assert ax.get_title().startswith("Mean tone") and "mean tone" in ax.get_xlabel()
    top = tab.groupby("actor")["article_id"].nunique().sort_values(ascending=False, kind="stable")
    points = ax.containers[0].lines[0].get_xdata()
    want = tab.groupby("actor")["tone"].mean()
    assert sorted(np.round(points, 9)) == sorted(np.round(want[list(top.index[:len(points)])].to_numpy(), 9))
    assert plots.actor_sentiment(tab, articles=articles, by=None, measure="polarity").get_title().startswith(
        "Mean polarity")


# --------------------------------------------------------------------------- hostile labels (audit #12)

HOSTILE = ["$x^2$", "$\\frac", "under_score", "back\\slash"]  # text from data: never mathtext


def _hostile_events():
    names = HOSTILE + ["Russia"]
    sanctions = pd.DataFrame({
        "article_id": [f"e{i}" for i in range(8)],
        "sender": [names[i % 5] for i in range(8)], "target": [names[(i + 1) % 5] for i in range(8)],
        "status": ["imposed", "threatened", "eased", "imposed"] * 2,
        "published": pd.to_datetime([f"2017-03-{d:02d}" for d in range(1, 9)], utc=True),
    })
    sanctions["measure"] = [["general"]] * 8
    sanctions["cameo"] = "163"
    sanctions["quote"] = "Sentence."
    sanctions["source"] = HOSTILE[0]
    votes = pd.DataFrame({
        "article_id": ["v1", "v2"], "body": ["security_council", "general_assembly"],
        "outcome": ["vetoed", "adopted"], "published": pd.to_datetime(["2017-03-01", "2017-03-05"], utc=True),
        "resolution": [HOSTILE[1], "71/250"], "vetoed_by": [[HOSTILE[0]], []],
        "yes": pd.array([None, 120], dtype="Int64"), "no": pd.array([None, 9], dtype="Int64"),
        "abstain": pd.array([None, None], dtype="Int64"), "subject": [HOSTILE[3], HOSTILE[2]],
        "source": HOSTILE[0], "quote": "A vote."})
    return sanctions, votes


def _hostile_calls():
    hostile_source = dict(zip(SOURCES, HOSTILE + ["plain.example"]))
    return {
        **_calls(),
        "sanction_network": lambda d: plots.sanction_network(d["sanctions"]),
        "sanction_timeline": lambda d: plots.sanction_timeline(d["sanctions"]),
        "un_vote_table": lambda d: plots.un_vote_table(d["votes"]),
    }, hostile_source


def _all_texts(obj) -> list:
    from matplotlib.text import Text

    fig = obj if isinstance(obj, Figure) else obj.figure
    texts = list(fig.findobj(Text))
    for ax in fig.axes:
        for table in ax.tables:
            texts += [c.get_text() for c in table.get_celld().values()]
        texts += ax.get_xticklabels() + ax.get_yticklabels()
    return texts


@pytest.mark.parametrize("name", list(_hostile_calls()[0]))
def test_text_from_data_is_drawn_literally(name, data):
    calls, hostile_source = _hostile_calls()
    d = dict(data)
    articles = d["articles"].copy()
    articles["source"] = articles["source"].map(hostile_source).astype("string")
    articles["actors"] = [[{"Russia": HOSTILE[0], "China": HOSTILE[1], "NATO": HOSTILE[2],
                            "Ukraine": HOSTILE[3]}.get(a, a) for a in acts] for acts in articles["actors"]]
    d["articles"] = articles
    actor_table = make_actor_table(articles)
    d["actor_table"] = actor_table
    kw = d["keywords"].copy()
    kw.loc[kw["group"] == "tass.com", "term"] = (HOSTILE * 15)[: int((kw["group"] == "tass.com").sum())]
    d["keywords"] = kw
    sentences, evidence = d["sentences"].copy(), d["evidence"].copy()
    sentences["article_id"] = sentences["article_id"].replace("id0001", HOSTILE[0])
    evidence["article_id"] = evidence["article_id"].replace("id0001", HOSTILE[0])
    d["sentences"], d["evidence"] = sentences, evidence
    d["sanctions"], d["votes"] = _hostile_events()
    if name == "sentiment_arc":
        obj = plots.sentiment_arc(sentences, article_id=HOSTILE[0], evidence=evidence)
    else:
        obj = calls[name](d)
    fig = obj if isinstance(obj, Figure) else obj.figure
    fig.canvas.draw()  # mathtext would raise on "$\frac" (ParseFatalException)
    render(obj)
    drawn = [t.get_text() for t in _all_texts(obj)]
    shown = [h for h in HOSTILE if any(h in t for t in drawn)]
    if name not in ("sentiment_theme", "sanction_timeline"):  # (by theme or status: no name from the data)
        assert shown, f"no hostile label drawn by {name}: {drawn[:20]}"
    for t in _all_texts(obj):
        if "$" in t.get_text() or "\\" in t.get_text():
            assert not t.get_parse_math(), f"{t.get_text()!r} would be read as mathtext"
