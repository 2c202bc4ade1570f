"""Like-with-like comparisons, effect sizes and multiplicity: each number recomputed from its textbook formula."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import compare as C


# ----------------------------------------------------------------------------- size words


@pytest.mark.parametrize("value, bands, word", [
    (0.0, C.TONE_DIFF_BANDS, "negligible"), (0.0199, C.TONE_DIFF_BANDS, "negligible"),
    (0.02, C.TONE_DIFF_BANDS, "slight"), (-0.049, C.TONE_DIFF_BANDS, "slight"),
    (0.05, C.TONE_DIFF_BANDS, "moderate"), (-0.10, C.TONE_DIFF_BANDS, "large"),
    (0.009, C.SHARE_PP_BANDS, "negligible"), (0.137, C.SHARE_PP_BANDS, "large"),
    (float("nan"), C.TONE_DIFF_BANDS, "uncertain"),
])
def test_band(value, bands, word):
    assert C.band(value, bands) == word


@pytest.mark.parametrize("est, lo, hi, p, word", [
    (0.009, 0.007, 0.011, 1e-12, "negligible"),   # significant only because n is large
    (0.03, 0.01, 0.05, 0.001, "slight"),
    (0.12, 0.08, 0.16, 1e-6, "large"),
    (0.12, -0.02, 0.26, 0.09, "uncertain"),       # large but not shown
    (0.004, -0.012, 0.019, 0.6, "negligible"),    # interval inside the negligible band
    (0.004, -0.03, 0.04, 0.8, "uncertain"),
])
def test_classify_size_decides_the_words(est, lo, hi, p, word):
    assert C.classify(est, lo, hi, p, bands=C.TONE_DIFF_BANDS) == word


@pytest.mark.parametrize("diff, odds, p, word", [
    (0.002, 3.0, 1e-9, "negligible"),   # a rare theme triples its odds but moves 0.2 pp
    (0.15, 2.0, 1e-9, "moderate"),      # the smaller of the two bands
    (0.15, 5.0, 1e-9, "large"),
    (0.15, 5.0, 0.2, "uncertain"),
])
def test_share_size_needs_both_scales(diff, odds, p, word):
    r = {"diff": diff, "lo": diff - 0.05, "hi": diff + 0.05, "odds_ratio": odds, "or_lo": odds / 1.5,
         "or_hi": odds * 1.5, "p": p}
    assert C.share_size(r) == word


# ----------------------------------------------------------------------------- multiplicity


def holm_ref(pvalues):
    """Holm's step-down adjustment, written out (a reference; also used by test_narrate)."""
    p = list(pvalues)
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


@pytest.mark.parametrize("p", [[0.01, 0.04, 0.03], [0.2, 0.001, 0.5, 0.04, 0.011, 0.9], [0.04], [0.5, 0.5]])
def test_holm_and_bh(p):
    assert C.adjust(p).tolist() == pytest.approx(holm_ref(p))
    assert C.adjust(p, method="bh").tolist() == pytest.approx(stats.false_discovery_control(p).tolist())
    assert (C.adjust(p) >= np.asarray(p)).all()


def test_adjust_keeps_nan_out_of_the_family():
    out = C.adjust([0.01, float("nan"), 0.02])
    assert math.isnan(out[1]) and out[[0, 2]].tolist() == pytest.approx(holm_ref([0.01, 0.02]))
    with pytest.raises(ValueError, match="method"):
        C.adjust([0.1], method="bonferroni-ish")


# ----------------------------------------------------------------------------- shares within outlets


def article_table(cells):
    """cells: {(period, outlet): (n, k)} -> flag, period, outlet arrays."""
    flag, period, outlet = [], [], []
    for (p, o), (n, k) in cells.items():
        flag += [True] * k + [False] * (n - k)
        period += [p] * n
        outlet += [o] * n
    return np.array(flag), np.array(period, dtype=object), np.array(outlet, dtype=object)


def mh_ref(cells, first, last, outlets):
    """Mantel-Haenszel odds ratio and CMH chi-squared written out stratum by stratum."""
    num = den = dev = var = 0.0
    for o in outlets:
        n1, a = cells[(last, o)]
        n0, c = cells[(first, o)]
        b, d, t = n1 - a, n0 - c, n0 + n1
        num += a * d / t
        den += b * c / t
        dev += a - n1 * (a + c) / t
        var += n1 * n0 * (a + c) * (b + d) / (t * t * (t - 1))
    return num / den, stats.chi2.sf(dev * dev / var, 1)


CELLS = {("Jan", "a"): (100, 30), ("Jan", "b"): (20, 1), ("Jan", "c"): (40, 8), ("Jan", "d"): (3, 1),
         ("Mar", "a"): (20, 8), ("Mar", "b"): (100, 10), ("Mar", "c"): (50, 12), ("Mar", "e"): (60, 6)}


def test_stratified_share_recomputed():
    flag, period, outlet = article_table(CELLS)
    r = C.stratified_share(flag, period, outlet, first="Jan", last="Mar")
    used = ["a", "b", "c"]
    assert r["status"] == "compared" and [s["stratum"] for s in r["strata"]] == ["a", "b", "c"]
    assert {(e["stratum"], e["why"]) for e in r["excluded"]} == {("d", "only_first"), ("e", "only_last")}
    # direct standardisation to the pooled mix of the outlets compared
    w = {o: cells_n for o, cells_n in ((o, CELLS[("Jan", o)][0] + CELLS[("Mar", o)][0]) for o in used)}
    tot = sum(w.values())
    s0 = sum(w[o] / tot * CELLS[("Jan", o)][1] / CELLS[("Jan", o)][0] for o in used)
    s1 = sum(w[o] / tot * CELLS[("Mar", o)][1] / CELLS[("Mar", o)][0] for o in used)
    assert (r["std_first"], r["std_last"], r["diff"]) == pytest.approx((s0, s1, s1 - s0))
    var = 0.0
    for o in used:  # Agresti-Caffo: one success and one failure added to each share's variance
        for per in ("Jan", "Mar"):
            n, k = CELLS[(per, o)]
            q = (k + 1) / (n + 2)
            var += (w[o] / tot) ** 2 * q * (1 - q) / (n + 2)
    half = stats.norm.ppf(0.975) * var ** 0.5
    assert (r["lo"], r["hi"]) == pytest.approx((s1 - s0 - half, s1 - s0 + half))
    odds, p = mh_ref(CELLS, "Jan", "Mar", used)
    assert r["odds_ratio"] == pytest.approx(odds) and r["p"] == pytest.approx(p)
    assert r["or_lo"] < r["odds_ratio"] < r["or_hi"] and r["test"] == "Cochran-Mantel-Haenszel test"
    raw0 = sum(k for (p_, _), (n, k) in CELLS.items() if p_ == "Jan") / sum(n for (p_, _), (n, k) in CELLS.items() if p_ == "Jan")
    assert r["raw_first"] == pytest.approx(raw0)
    assert (r["rose"], r["fell"]) == (3, 0)


def test_single_stratum_is_fisher_and_woolf():
    cells = {("Jan", "a"): (40, 6), ("Mar", "a"): (50, 20)}
    flag, period, outlet = article_table(cells)
    r = C.stratified_share(flag, period, outlet, first="Jan", last="Mar")
    table = [[20, 30], [6, 34]]
    assert r["p"] == pytest.approx(stats.fisher_exact(table)[1]) and r["test"] == "Fisher's exact test"
    ci = stats.contingency.odds_ratio(table, kind="sample").confidence_interval(0.95)
    assert r["odds_ratio"] == pytest.approx(20 * 34 / (30 * 6))
    assert (r["or_lo"], r["or_hi"]) == pytest.approx((ci.low, ci.high), rel=1e-6)


@pytest.mark.parametrize("cells, why", [
    ({("Jan", "a"): (30, 5), ("Mar", "b"): (30, 9)}, {"a": "only_first", "b": "only_last"}),
    ({("Jan", "a"): (30, 5), ("Mar", "a"): (4, 1)}, {"a": "too_few"}),
])
def test_no_overlap_is_not_compared(cells, why):
    flag, period, outlet = article_table(cells)
    r = C.stratified_share(flag, period, outlet, first="Jan", last="Mar")
    assert r["status"] == "no_overlap" and r["strata"] == [] and math.isnan(r["diff"]) and math.isnan(r["p"])
    assert {e["stratum"]: e["why"] for e in r["excluded"]} == why


@pytest.mark.parametrize("cells, mix", [
    ({("Jan", "a"): (100, 30), ("Jan", "b"): (20, 1), ("Mar", "a"): (20, 8), ("Mar", "b"): (100, 10)}, True),
    ({("Jan", "a"): (60, 12), ("Jan", "b"): (60, 6), ("Mar", "a"): (60, 18), ("Mar", "b"): (60, 9)}, False),
])
def test_mix_effect_flags_simpson(cells, mix):
    flag, period, outlet = article_table(cells)
    r = C.stratified_share(flag, period, outlet, first="Jan", last="Mar")
    assert r["mix_effect"] is mix
    assert r["diff"] > 0


def test_stratified_mean_diff_removes_outlet_confounding():
    vals = [0.2] * 60 + [0.2] * 20 + [0.0] * 20 + [0.0] * 60
    grp = [True] * 60 + [False] * 20 + [True] * 20 + [False] * 60
    src = ["a"] * 80 + ["b"] * 80
    r = C.stratified_mean_diff(vals, grp, src)
    assert r["raw_diff"] == pytest.approx(0.1) and r["diff"] == pytest.approx(0.0)
    assert C.stratified_mean_diff(vals, grp, src, min_stratum=30)["status"] == "no_overlap"


def test_standardised_series_marks_a_different_outlet_mix():
    flag, period, outlet = article_table({("W1", "a"): (50, 10), ("W1", "b"): (50, 5), ("W2", "a"): (50, 20),
                                          ("W2", "b"): (50, 10), ("W3", "a"): (60, 30)})
    t = C.standardised_series(flag, period, outlet)
    w = pd.Series({"a": 160 / 260, "b": 100 / 260})
    assert t.loc["W1", "std_share"] == pytest.approx(w["a"] * 0.2 + w["b"] * 0.1)
    assert t.loc["W2", "raw_share"] == pytest.approx(0.3)
    assert not t.loc["W3", "comparable"] and math.isnan(t.loc["W3", "std_share"])
    assert t.loc["W3", "coverage"] == pytest.approx(w["a"])
