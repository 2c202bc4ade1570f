"""What the report's pages read instead of the article and actor tables: cells (counts and score sums by day,
outlet and themes), actor cells and pairs, give every chart and paragraph what the tables give, added up chunk
by chunk; the theme examples and the bounded samples of scores are the same in any batches."""

from __future__ import annotations

import importlib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the test module picks the backend; the library never does

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import analysis  # noqa: E402
from analysis import narrate, plots, report  # noqa: E402
from analysis.aggregate import cells as C  # noqa: E402
from analysis.aggregate import compare  # noqa: E402

SOURCES = ["tass.com", "europe.chinadaily.com.cn", "aljazeera.com", "cnn.com", None]
THEMES = ["sanctions", "energy", "un_voting"]


def corpus(n: int = 8000, seed: int = 5) -> pd.DataFrame:
    """Articles over half a year: outlets whose mix changes month by month (one with no name), some undated,
    publication times at any hour and in two time zones, a theme flag that is sometimes missing, scores
    missing for a few, VADER for a sample, word counts, near-copies and actors."""
    rng = np.random.default_rng(seed)
    hours = rng.integers(0, 182 * 24, n)
    month = hours // (31 * 24)
    mix = np.array([[0.5, 0.2, 0.15, 0.1, 0.05], [0.2, 0.45, 0.15, 0.15, 0.05]])
    src = [SOURCES[rng.choice(5, p=mix[m % 2])] for m in month]
    published = pd.Series(pd.Timestamp("2017-01-01 03:00", tz="UTC") + pd.to_timedelta(hours, unit="h")
                          + pd.to_timedelta(rng.integers(0, 60, n), unit="min"))
    published[rng.choice(n, 40, replace=False)] = pd.NaT
    df = pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "source": src,
                       "published": published.dt.tz_convert("Europe/Moscow")}, index=pd.RangeIndex(10, 10 + n))
    for t, base in zip(THEMES, [0.08, 0.2, 0.04]):
        p = base * (1 + month / 3) * np.where(np.array(src, dtype=object) == "tass.com", 1.5, 1.0)
        hits = rng.binomial(3, np.clip(p, 0, 0.9))
        df[f"{t}_hits"] = hits
        df[t] = pd.array(hits >= 1, dtype="boolean")
    df.loc[df.index[rng.choice(n, 25, replace=False)], "energy"] = pd.NA
    df["polarity"] = rng.normal(0.05, 0.1, n) + np.where(np.array(src, dtype=object) == "cnn.com", -0.02, 0.0)
    df["tone"] = 0.8 * df["polarity"] + rng.normal(0, 0.03, n) + 0.02 * (df["energy"].fillna(False).to_numpy())
    df.loc[df.index[rng.choice(n, 30, replace=False)], ["polarity", "tone"]] = np.nan  # no text to score
    sampled = rng.random(n) < 0.3  # VADER on a sample
    df["vader"] = np.where(sampled, rng.normal(0.1, 0.4, n), np.nan)
    df["sentiment_disagree"] = pd.array(np.where(sampled, rng.random(n) < 0.2, None), dtype="boolean")
    df["n_words"] = rng.integers(80, 1500, n)
    df["near_duplicate_of"] = pd.Series([f"a{i - 1}" if i % 97 == 5 else None for i in range(n)], index=df.index)
    df.attrs["load_report"] = {"inputs_seen": n + 9, "loaded": n, "rejected": 6, "duplicates_dropped": 3}
    names = np.array(ACTORS, dtype=object)
    df["actors"] = [sorted(names[rng.random(len(ACTORS)) < p].tolist()) for p in rng.uniform(0.02, 0.4, n)]
    return df


ACTORS = ["Russia", "China", "United States", "European Union", "Ukraine", "United Nations", "Iran", "NATO"]


def actor_table(articles: pd.DataFrame, seed: int = 3) -> pd.DataFrame:
    """One row per (article, actor) named in its ``actors``, as ``analysis.actor_sentiment`` gives them: the tone
    of the sentences naming the actor leans by actor and outlet; some without a score, some of other articles."""
    rng = np.random.default_rng(seed)
    lean = {a: rng.normal(0, 0.05) for a in ACTORS}
    rows = [(aid, a, int(rng.integers(1, 6)), lean[a] + rng.normal(0, 0.15) - 0.03 * (src == "tass.com"))
            for aid, src, named in zip(articles["article_id"], articles["source"], articles["actors"]) for a in named]
    tab = pd.DataFrame(rows, columns=["article_id", "actor", "n_sentences", "tone"])
    tab["polarity"] = 0.7 * tab["tone"] + rng.normal(0, 0.05, len(tab))
    tab.loc[rng.choice(len(tab), 40, replace=False), ["tone", "polarity"]] = np.nan
    other = pd.DataFrame({"article_id": ["elsewhere1", "elsewhere2"], "actor": ["Russia", "China"],
                          "n_sentences": [4, 2], "tone": [0.9, -0.9], "polarity": [0.9, -0.9]})
    return pd.concat([tab, other], ignore_index=True)


@pytest.fixture(scope="module")
def articles():
    return corpus()


@pytest.fixture(scope="module")
def cells(articles):
    return C.article_cells(articles)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def drawn(obj, *, exact: bool = True) -> list:
    """Everything a reader can see of a figure: titles, labels, lines, shading, images, texts and legends
    (with ``exact=False`` the points and lines as numbers, to be compared up to rounding by :func:`facts_close`)."""
    if not exact:
        fig = obj if isinstance(obj, matplotlib.figure.Figure) else obj.figure
        return [[(np.asarray(line.get_xdata(), dtype=float).tolist(), np.asarray(line.get_ydata(), dtype=float).tolist())
                 for line in ax.get_lines()] + [[p.vertices.tolist() for p in poly.get_paths()] for poly in ax.collections]
                for ax in fig.axes] + [drawn(obj)[0]] + [
                    [ax.get_title(), ax.get_xlabel(), [t.get_text() for t in ax.get_yticklabels()],
                     [t.get_text() for t in ax.texts]] for ax in fig.axes]
    fig = obj if isinstance(obj, matplotlib.figure.Figure) else obj.figure
    seen: list = [[t.get_text() for legend in fig.legends for t in legend.get_texts()], fig.get_suptitle()]
    for ax in fig.axes:
        seen += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_xlim(), ax.get_ylim(),
                 [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()],
                 [t.get_text() for t in ax.texts], len(ax.patches), len(ax.collections)]
        for line in ax.get_lines():
            seen.append((line.get_label(), repr(list(map(str, line.get_xdata()))),
                         repr(np.asarray(line.get_ydata(), dtype=float).tolist())))
        for image in ax.images:
            seen.append(repr(np.asarray(image.get_array(), dtype=float).tolist()))
        for poly in ax.collections:
            seen.append(repr([p.vertices.tolist() for p in poly.get_paths()]))
        if ax.get_legend() is not None:
            seen.append([t.get_text() for t in ax.get_legend().get_texts()])
    return seen


# --------------------------------------------------------------------------- the cells


def test_cells_count_every_article_once_by_utc_day(articles, cells):
    assert cells["n_articles"].sum() == len(articles) and cells["n_articles"].max() > 1
    assert len(cells) < len(articles) / 2  # a table of counts, not of articles
    days = articles["published"].dt.tz_convert("UTC").dt.floor("D")
    for t in THEMES:  # hits and flags per day, outlet and theme as in the articles
        assert cells[f"{t}_hits"].sum() == articles[f"{t}_hits"].sum()
        assert cells.loc[cells[t], "n_articles"].sum() == articles[t].fillna(False).sum()
    by_day = cells.groupby("published")["n_articles"].sum()
    pd.testing.assert_series_equal(by_day, days.value_counts().sort_index(), check_names=False, check_index_type=False)
    assert cells.loc[cells["published"].isna(), "n_articles"].sum() == articles["published"].isna().sum()
    assert cells.loc[cells["source"].isna(), "n_articles"].sum() == articles["source"].isna().sum()
    assert str(cells["published"].dt.tz) == "UTC"


@pytest.mark.parametrize("parts", [1, 2, 7, 50])
def test_cells_of_chunks_add_up_to_the_cells_of_the_whole(articles, cells, parts):
    rng = np.random.default_rng(parts)
    cut = np.sort(rng.choice(np.arange(1, len(articles)), parts - 1, replace=False))
    bounds = [0, *cut, len(articles)]
    chunks = [C.article_cells(articles.iloc[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    order = rng.permutation(len(chunks))  # in any order
    pd.testing.assert_frame_equal(C.combine([chunks[i] for i in order]), cells)
    pd.testing.assert_frame_equal(C.article_cells(cells), cells)  # cells of cells: the same


def test_cells_leave_the_input_alone(articles):
    before = articles.copy()
    C.article_cells(articles)
    pd.testing.assert_frame_equal(articles, before)


def test_cells_tables_must_have_the_same_columns(cells):
    with pytest.raises(ValueError, match="different columns"):
        C.combine([cells, cells.drop(columns="energy_hits")])


def test_co_occurrence_is_the_flags_product(articles, cells):
    flags = articles[THEMES].fillna(False).astype(int)
    expected = flags.T.dot(flags)
    for table in (articles, cells):
        got = C.co_occurrence(table, themes=THEMES)
        assert got.to_numpy().tolist() == expected.to_numpy().tolist() and list(got.index) == THEMES


def test_short_name():
    assert analysis.cells is importlib.import_module("analysis.aggregate.cells")


# --------------------------------------------------------------------------- the same numbers


def test_weighted_shares_equal_the_shares_of_the_articles_they_stand_for(articles, cells):
    month = articles["published"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period("M")
    cmonth = cells["published"].dt.tz_localize(None).dt.to_period("M")
    src = articles["source"].fillna("?")
    first, last = pd.Period("2017-01", "M"), pd.Period("2017-06", "M")
    one = compare.stratified_share(articles["energy"].fillna(False), month, src, first=first, last=last)
    other = compare.stratified_share(cells["energy"], cmonth, cells["source"].fillna("?"), first=first, last=last,
                                     weight=cells["n_articles"])
    assert one == other and one["status"] == "compared"
    dated = month.notna().to_numpy()
    a = compare.standardised_series(articles["sanctions"].to_numpy()[dated], month[dated], src[dated])
    dated = cmonth.notna().to_numpy()
    b = compare.standardised_series(cells["sanctions"].to_numpy()[dated], cmonth[dated],
                                    cells["source"].fillna("?")[dated], weight=cells["n_articles"][dated])
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("weight, why", [([1, 2], "one non-negative count per row"), ([1, -1, 1], "negative")])
def test_weights_are_one_count_per_row(weight, why):
    with pytest.raises(ValueError, match=why):
        compare.standardised_series([True, False, True], [1, 1, 2], ["a", "a", "a"], weight=weight)


@pytest.mark.parametrize("freq", ["M", "W", "Q"])
def test_theme_paragraphs_are_the_same_from_cells(articles, cells, freq):
    said = narrate.themes(articles, themes=THEMES, freq=freq)
    assert said == narrate.themes(cells, themes=THEMES, freq=freq)
    assert narrate.theme_facts(articles, freq=freq) == narrate.theme_facts(cells, freq=freq)
    if freq == "M":
        assert "within outlets" in said and "articles" in said


def test_corpus_paragraph_is_the_same_from_cells(articles, cells):
    said = narrate.corpus(articles)
    assert said == narrate.corpus(cells)
    assert f"The corpus holds {narrate.num(len(articles))} articles ({narrate.num(articles['n_words'].sum())} words)" \
        in said and "are near-copies" in said
    assert f"Of {narrate.num(articles.attrs['load_report']['inputs_seen'])} inputs read, 6 were rejected" in said
    one, other = narrate.corpus_facts(articles), narrate.corpus_facts(cells)
    days = {"first", "last", "median"}  # cells keep the day
    assert {k: v for k, v in one.items() if k not in days} == {k: v for k, v in other.items() if k not in days}
    for k in days:
        assert other[k] == one[k].floor("D")


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 40])
def test_the_median_day_of_few_articles(articles, n):
    few = articles.dropna(subset=["published"]).head(n)
    assert narrate.corpus_facts(C.article_cells(few))["median"] == narrate.corpus_facts(few)["median"].floor("D")


def facts_close(one, other, path="facts"):
    """Two facts (dicts, lists, numbers) equal, floats up to rounding (sums added in another order)."""
    if isinstance(one, dict):
        assert one.keys() == other.keys(), path
        for k in one:
            facts_close(one[k], other[k], f"{path}.{k}")
    elif isinstance(one, (list, tuple)):
        assert len(one) == len(other), path
        for i, (a, b) in enumerate(zip(one, other)):
            facts_close(a, b, f"{path}[{i}]")
    elif isinstance(one, float) and not isinstance(other, bool):
        assert other == pytest.approx(one, rel=1e-9, abs=1e-12, nan_ok=True), path
    else:
        assert one == other, path


@pytest.mark.parametrize("drop", [[], ["tone"], ["vader", "sentiment_disagree"]])
def test_tone_paragraphs_are_the_same_from_cells(articles, drop):
    table = articles.drop(columns=drop)
    cells = C.article_cells(table)
    assert narrate.tone(table) == narrate.tone(cells)
    assert narrate.outlet_tone(table) == narrate.outlet_tone(cells)
    facts_close(narrate.tone_outlet_facts(table), narrate.tone_outlet_facts(cells))
    facts_close(narrate.outlet_tone_facts(table), narrate.outlet_tone_facts(cells))
    for theme in THEMES:
        assert narrate.outlets_on_theme(table, theme) == narrate.outlets_on_theme(cells, theme)
        facts_close(narrate.outlet_theme_facts(table, theme), narrate.outlet_theme_facts(cells, theme))
    said = narrate.tone(table) + narrate.outlet_tone(table) + narrate.outlets_on_theme(table, "energy")
    assert "95% CI" in said and ("VADER, scoring sentence by sentence" in said) is ("vader" not in drop)


def test_means_and_spreads_from_sums_equal_numpys(articles, cells):
    values = articles["tone"].dropna().to_numpy()
    r = compare.mean_ci(C.score_sums(cells, "tone"))
    assert r["n"] == len(values)
    assert (r["mean"], r["sd"]) == pytest.approx((values.mean(), values.std(ddof=1)), rel=1e-12)
    constant = compare.mean_ci([0.1] * 7)  # no spread: exactly, not rounding noise
    assert constant["sd"] == 0.0 and constant["lo"] == constant["hi"] == pytest.approx(0.1)


@pytest.mark.parametrize("parts", [1, 3, 20])
def test_actor_cells_of_chunks_add_up(articles, parts):
    table = actor_table(articles)
    whole = C.actor_cells(articles, table)
    assert whole["n_articles"].sum() == sum(len(a) for a in articles["actors"])
    assert whole["n_sentences"].sum() == table.loc[table["article_id"].isin(articles["article_id"]), "n_sentences"].sum()
    bounds = np.linspace(0, len(articles), parts + 1).astype(int)
    chunks = [C.actor_cells(articles.iloc[a:b], table) for a, b in zip(bounds[:-1], bounds[1:])]
    pd.testing.assert_frame_equal(C.combine(chunks), whole, rtol=1e-12)


@pytest.mark.parametrize("theme", [None, *THEMES])
def test_actor_paragraphs_and_charts_are_the_same_from_cells(articles, theme):
    table = actor_table(articles)
    arts = articles if theme is None else articles[articles[theme].fillna(False).to_numpy(bool)]
    table = table[table["article_id"].isin(arts["article_id"]) | table["article_id"].str.startswith("elsewhere")]
    cells, actors = C.article_cells(arts), C.actor_cells(arts, table)
    said = narrate.actors(arts, table, top=5, on=theme)
    assert said == narrate.actors(cells, actors, top=5, on=theme)
    facts_close(narrate.actor_facts(arts, table), narrate.actor_facts(cells, actors))
    assert "By the tone of the sentences that name them" in said and "95% CI" in said
    for by in ("source", None):
        one = plots.actor_sentiment(table, articles=arts, top=6, by=by)
        other = plots.actor_sentiment(actors, articles=cells, top=6, by=by)
        facts_close(drawn(one, exact=False), drawn(other, exact=False))


@pytest.mark.parametrize("top", [3, 8, 30])
def test_co_mentions_from_pairs_are_the_same_chart(articles, top):
    pairs = C.actor_pairs(articles["actors"])
    bounds = np.linspace(0, len(articles), 6).astype(int)
    chunks = [C.actor_pairs(articles["actors"].iloc[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    pd.testing.assert_frame_equal(C.combine(chunks), pairs)
    one = plots.co_mentions(articles, top=top)
    assert drawn(one) == drawn(plots.co_mentions(C.article_cells(articles), pairs=pairs, top=top))
    russia = sum("Russia" in a for a in articles["actors"])
    both = sum("Russia" in a and "China" in a for a in articles["actors"])
    counts = dict(zip(zip(pairs["actor"], pairs["with"]), pairs["n_articles"]))
    assert counts[("Russia", "Russia")] == russia and counts[("China", "Russia")] == both


def test_actor_cells_are_by_outlet(articles):
    actors = C.actor_cells(articles, actor_table(articles))
    with pytest.raises(ValueError, match="by outlet"):
        plots.actor_sentiment(actors, by="published")


def test_theme_paragraphs_without_outlets_or_dates(articles):
    for drop in (["source"], ["published"], ["source", "published"]):
        table = articles.drop(columns=drop)
        assert narrate.themes(table) == narrate.themes(C.article_cells(table))
        assert narrate.corpus(table) == narrate.corpus(C.article_cells(table))


@pytest.mark.parametrize("chart, options", [
    (plots.volume, {}),
    (plots.volume, {"kind": "area", "freq": "M"}),
    (plots.volume, {"start": "2017-02-01", "end": "2017-03-31"}),
    (plots.theme_attention, {"themes": THEMES}),
    (plots.theme_attention, {"themes": ["energy"], "freq": "M", "standardise": False}),
    (plots.theme_attention, {"themes": THEMES, "min_articles": 30, "start": "2017-02-06"}),
    (plots.theme_heatmap, {"themes": THEMES}),
])
def test_charts_are_the_same_from_cells(articles, cells, chart, options):
    assert drawn(chart(articles, **options)) == drawn(chart(cells, **options))


def test_sanction_coverage_follows_the_same_article_counts(articles, cells):
    rng = np.random.default_rng(2)
    picked = articles.dropna(subset=["published"]).sample(60, random_state=1)
    events = pd.DataFrame({"article_id": picked["article_id"].to_numpy(), "published": picked["published"].to_numpy(),
                           "status": rng.choice(["imposed", "threatened", "eased"], len(picked))})
    for options in ({}, {"min_articles": 150}, {"freq": "M", "count": "records"}):
        assert drawn(plots.sanction_timeline(events, articles=articles, **options)) == \
            drawn(plots.sanction_timeline(events, articles=cells, **options))


def test_cells_count_days_so_bounds_must_be_dates(cells):
    with pytest.raises(ValueError, match="whole dates on article cells"):
        plots.volume(cells, end="2017-03-01 12:00")
    plots.volume(cells, end="2017-03-01")  # a date: the whole day


# --------------------------------------------------------------------------- the report reads them


def test_a_report_bundle_counts_in_one_pass_without_the_article_table(tmp_path, monkeypatch):
    from test_report import counting_reads

    monkeypatch.setattr(report, "CELL_BATCH", 7)  # many batches, to be added up
    path, reads = counting_reads(tmp_path, monkeypatch, 40)
    for view in ({}, {"start": "2017-01-10", "outlets": ["tass.com", "cnn.com"]}):
        reads.clear()
        b = report.prepare(str(path), **view)
        counted = b.cells
        assert reads == ["articles"]  # only the view's keys: the counts came from the batches
        for by in ("source", "theme"):
            for k in (3, 1000):
                scores = b.scores(by=by, k=k)
                assert reads == ["articles"]  # the scores too
                loaded = report.prepare(str(path), **view)
                loaded.articles
                pd.testing.assert_frame_equal(scores, loaded.scores(by=by, k=k))
                reads[:] = ["articles"]
        assert counted["n_articles"].sum() == b.info["n_articles"]
        pd.testing.assert_frame_equal(counted, C.article_cells(b.articles))
        assert b.cells is counted


def test_a_report_bundle_counts_actors_a_batch_at_a_time(tmp_path, monkeypatch):
    from test_report import counting_reads

    monkeypatch.setattr(report, "CELL_BATCH", 9)
    path, reads = counting_reads(tmp_path, monkeypatch, 40)
    sizes = []
    real = report._read_table
    monkeypatch.setattr(report, "_read_table", lambda p, ids, **kw: sizes.append((Path(p).name, None if ids is None else len(ids)))
                        or real(p, ids, **kw))
    for view in ({}, {"start": "2017-01-10", "outlets": ["tass.com", "cnn.com"]}):
        sizes.clear()
        b = report.prepare(str(path), **view)
        counted = b.actor_cells
        assert sizes[0][0] == "articles" and len(sizes) > 2  # the view's keys, then the actor rows batch by batch
        assert all(name == "actor_sentiment" and 0 < n <= 9 for name, n in sizes[1:])
        pd.testing.assert_frame_equal(counted, C.actor_cells(b.articles, b.actor_sentiment), rtol=1e-12)
        assert counted["n_articles"].sum() > 0 and b.actor_cells is counted
        b = report.prepare(str(path), **view)
        sizes.clear()
        pairs = b.actor_pairs  # the pairs too, in batches
        assert sizes == [] and pairs["n_articles"].sum() > 0
        pd.testing.assert_frame_equal(pairs, C.actor_pairs(b.articles["actors"]))


@pytest.mark.parametrize("n, per_outlet", [(5, 2), (3, 1), (8, 3), (1, 1)])
def test_salient_candidates_of_chunks_give_the_examples_of_the_whole(articles, n, per_outlet):
    from analysis.aggregate.tables import salient_articles, salient_candidates

    arts = articles.assign(energy_salience=np.round(np.random.default_rng(n).random(len(articles)), 2))  # ties too
    whole = salient_articles(arts, theme="energy", n=n, per_outlet=per_outlet)
    for parts in (1, 4, 60):
        bounds = np.linspace(0, len(arts), parts + 1).astype(int)
        kept = pd.concat([salient_candidates(arts.iloc[a:b], theme="energy", n=n)
                          for a, b in zip(bounds[:-1], bounds[1:])])
        assert len(kept) <= parts * n * arts["source"].nunique(dropna=False)
        chosen = salient_articles(kept, theme="energy", n=n, per_outlet=per_outlet)
        assert chosen["article_id"].tolist() == whole["article_id"].tolist()
    one = salient_articles(arts[arts["source"] == "cnn.com"], theme="energy", n=n, per_outlet=per_outlet)
    assert len(one) == n  # one outlet fills the examples when it is the only one


def test_a_report_bundle_finds_the_theme_examples_in_one_pass(tmp_path, monkeypatch):
    from test_report import counting_reads

    from analysis.aggregate.tables import salient_articles

    monkeypatch.setattr(report, "CELL_BATCH", 5)
    path, reads = counting_reads(tmp_path, monkeypatch, 40)
    for view in ({}, {"start": "2017-01-10", "outlets": ["tass.com", "cnn.com"]}):
        b = report.prepare(str(path), **view)
        found = 0
        for theme in THEMES:
            before = len(reads)
            chosen = b.salient(theme, n=4, per_outlet=1)
            assert len(reads) == before  # no table read whole: the examples came from the batches
            expected = salient_articles(report.prepare(str(path), **view).articles, theme=theme, n=4, per_outlet=1)
            assert chosen["article_id"].tolist() == expected["article_id"].tolist()
            found += len(chosen)
        assert found >= 1


def _batches_of(table: pd.DataFrame, parts: int) -> list[pd.DataFrame]:
    bounds = np.linspace(0, len(table), parts + 1).astype(int)
    return [table.iloc[:0], *[table.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]]


@pytest.mark.parametrize("by", ["source", "theme"])
@pytest.mark.parametrize("k", [50, 10_000])
def test_score_samples_are_bounded_random_and_the_same_in_any_batches(articles, by, k):
    whole = report.score_sample([articles], by=by, measure="tone", k=k, themes=THEMES)
    for parts in (3, 40):
        again = report.score_sample(_batches_of(articles, parts), by=by, measure="tone", k=k, themes=THEMES)
        pd.testing.assert_frame_equal(again, whole)
        assert again.attrs == whole.attrs
    scored = articles[articles["tone"].notna()]
    if by == "source":
        groups = scored["source"].fillna("(unknown)")
        drawn = whole["source"].fillna("(unknown)").value_counts()
    else:
        groups = None
        drawn = whole[THEMES].sum()
    totals = whole.attrs["sample"]["totals"]
    expected = groups.value_counts().to_dict() if by == "source" else \
        {t: int(scored[t].fillna(False).sum()) for t in THEMES}
    assert totals == expected
    for g, n in totals.items():
        assert drawn[g] == min(n, k)  # every article of a small group, k of a large one
    assert whole["article_id"].is_unique and whole["tone"].notna().all()
    position = {a: i for i, a in enumerate(articles["article_id"])}
    assert [position[a] for a in whole["article_id"]] == sorted(position[a] for a in whole["article_id"])
    if k < 100 and by == "source":  # a random draw, not the first articles of each outlet
        tass = scored[scored["source"] == "tass.com"]
        picked = set(whole.loc[whole["source"] == "tass.com", "article_id"])
        assert picked != set(tass["article_id"].head(k)) and abs(
            np.mean([position[a] for a in picked]) - np.mean([position[a] for a in tass["article_id"]])) < len(articles) / 8


def test_a_sampled_box_plot_says_what_it_draws(articles):
    small = report.score_sample([articles], by="source", measure="tone", k=100_000, themes=THEMES)
    assert drawn(plots.sentiment_by(small, by="source")) == drawn(plots.sentiment_by(articles, by="source"))
    sample = report.score_sample([articles], by="source", measure="tone", k=300, themes=THEMES)
    ax = plots.sentiment_by(sample, by="source", kind="violin")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    n_tass = int(articles.loc[articles["source"] == "tass.com", "tone"].notna().sum())
    assert f"TASS (n = 300 of {n_tass:,})" in labels
    assert "an outlet with more than 300 is shown by a random sample of 300" in ax.texts[-1].get_text().replace("\n", " ")
    themes = report.score_sample([articles], by="theme", measure="tone", k=300, themes=THEMES)
    labels = [t.get_text() for t in plots.sentiment_by(themes, by="theme").get_yticklabels()]
    assert any(lab.startswith("Energy (n = 300 of ") for lab in labels)


def test_the_index_summary_reads_no_whole_actor_table(tmp_path, monkeypatch):
    from test_report import counting_reads

    path, reads = counting_reads(tmp_path, monkeypatch, 40)
    whole = []
    real = report._read_table
    monkeypatch.setattr(report, "_read_table", lambda p, ids, **kw: (whole.append(Path(p).name) if ids is None
                                                                      else None) or real(p, ids, **kw))
    said, _ = report._front_matter(str(path), tmp_path / "explore.html", start=None, end=None, outlets=None,
                                   columns=None, params={}, neighbours={})
    b = report.prepare(str(path))
    assert said == narrate.summary(b.articles, b.actor_sentiment)  # the same paragraph as from the tables
    assert "actor_sentiment" not in whole and (tmp_path / "explore.html").is_file()


def test_the_pages_count_from_cells():
    import nbformat

    code = {name: "\n".join(c.source for c in nbformat.read(report.notebooks_dir() / f"{name}.ipynb", 4).cells
                            if c.cell_type == "code") for name in report.NOTEBOOKS}
    for name in ("02-corpus-overview", "03-sanctions-energy-un"):
        assert "narrate.themes(cells" in code[name] and "narrate.themes(articles" not in code[name]
    assert "plots.volume(cells)" in code["02-corpus-overview"] and "narrate.corpus(cells)" in code["02-corpus-overview"]
    for name in ("02-corpus-overview", "03-sanctions-energy-un", "04-compare-outlets", "05-who-sanctions-whom"):
        assert "bundle.articles" not in code[name] and "articles[" not in code[name]  # no page holds the article table
    assert not any("bundle.actor_sentiment" in text for text in code.values())  # no page holds the actor table
    assert "narrate.actors(cells, actor_cells)" in code["02-corpus-overview"]
    assert "plots.co_mentions(cells, pairs=bundle.actor_pairs)" in code["02-corpus-overview"]
