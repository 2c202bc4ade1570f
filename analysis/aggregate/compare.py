"""Comparisons that hold up: like with like, effect sizes first, corrected for multiplicity.

The numbers behind every "rose", "fell", "more positive" in :mod:`analysis.narrate`
and the outlet-standardised lines of :mod:`analysis.plots` come from here.

Like with like
--------------
A theme's share of all articles changes when *who publishes* changes, even if
no outlet changed what it covers (in the default corpus, December 2016 is
almost all China Daily, which writes about energy more than anyone). So a
share is compared across two periods (or groups) **within outlets**:

* only outlets ("strata") with at least :data:`MIN_STRATUM` articles in *both*
  periods enter; the others are listed with the reason (published in one
  period only, or too few articles);
* the **standardised shares** apply each outlet's share in each period to one
  fixed outlet mix, the pooled mix of the outlets that enter (direct
  standardisation); their difference, in percentage points, with a Wald 95%
  interval (variances with the Agresti-Caffo adjustment, one success and one
  failure added per outlet and period, so a share of 0% is not taken as
  certain), is the headline number;
* the **Mantel-Haenszel common odds ratio** (Robins-Breslow-Greenland
  interval) is the second effect size, and the Cochran-Mantel-Haenszel test
  (chi-squared, 1 df, no continuity correction) its p-value; with a single
  outlet the p-value is Fisher's exact test;
* the raw change (all articles) is kept beside it; :func:`stratified_share`
  says whether the two disagree (``mix_effect``).

Tone (a mean on the -1..1 scale) is compared with Welch's t-test
(:func:`welch`), and, where the outlet mix could explain a difference (theme
articles against the other articles), within outlets by
:func:`stratified_mean_diff`.

Effect sizes decide the words
-----------------------------
The size of an effect, not its p-value, decides the word. The thresholds are
module constants:

=====================  ============  ==========  ==========  ==========
measure                negligible    slight      moderate    large
=====================  ============  ==========  ==========  ==========
tone difference        < 0.02        < 0.05      < 0.10      >= 0.10
share difference (pp)  < 1            < 3         < 10        >= 10
share odds ratio       < 1.25        < 1.75      < 3         >= 3
=====================  ============  ==========  ==========  ==========

(:data:`TONE_DIFF_BANDS`, :data:`SHARE_PP_BANDS`, :data:`SHARE_OR_BANDS`; an
odds ratio below 1 is read as its inverse.) Article tone in news has a
standard deviation of about 0.08, so 0.02 is a quarter of it, the
conventional "small" standardised difference; 0.02 is also where
:data:`analysis.narrate.TONE_BANDS` stops calling a mean neutral. A share
change must reach a band on *both* scales (a rare theme going from 0.1% to
0.3% triples its odds but moves 0.2 percentage points: negligible).

:func:`classify` turns an estimate into one of :data:`SIZE_WORDS` or
"uncertain":

* p (after correction) below :data:`ALPHA`: the band of the estimate,
  "negligible" included (a 0.009 tone difference is negligible even at
  p < 0.001);
* otherwise "negligible" when the whole interval lies inside the negligible
  band, else "uncertain" (a large but non-significant difference is not a
  finding).

Multiplicity
------------
Several tests in one paragraph are one family: :func:`adjust` applies Holm's
step-down correction (or Benjamini-Hochberg with ``method="bh"``) and the
prose says so ("after Holm correction for 3 comparisons"). Intervals are not
adjusted.

Example
-------
>>> import numpy as np
>>> flag = np.array([1, 0, 0, 0] * 5 + [1, 1, 0, 0] * 5 + [1, 1, 1, 0] * 5 + [1, 1, 1, 1] * 5, dtype=bool)
>>> period = np.array(["Jan"] * 20 + ["Feb"] * 20 + ["Jan"] * 20 + ["Feb"] * 20)
>>> outlet = np.array(["a"] * 40 + ["b"] * 40)
>>> r = stratified_share(flag, period, outlet, first="Jan", last="Feb")
>>> r["status"], round(r["std_first"], 3), round(r["std_last"], 3), [s["stratum"] for s in r["strata"]]
('compared', 0.5, 0.75, ['a', 'b'])
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "TONE_DIFF_BANDS",
    "SHARE_PP_BANDS",
    "SHARE_OR_BANDS",
    "SIZE_WORDS",
    "MIN_STRATUM",
    "MIN_COVERAGE",
    "ALPHA",
    "LEVEL",
    "band",
    "classify",
    "share_size",
    "adjust",
    "mean_ci",
    "welch",
    "stratified_share",
    "stratified_mean_diff",
    "standardised_series",
    "score_sums",
    "moments_by",
    "SUMS",
]

#: Bounds of an absolute tone difference (-1..1 scale): below the first
#: "negligible", then "slight", "moderate", from the last on "large".
TONE_DIFF_BANDS: tuple[float, float, float] = (0.02, 0.05, 0.10)

#: Bounds of an absolute difference of two shares (0..1, i.e. 1, 3 and 10 percentage points).
SHARE_PP_BANDS: tuple[float, float, float] = (0.01, 0.03, 0.10)

#: Bounds of an odds ratio (or its inverse when below 1).
SHARE_OR_BANDS: tuple[float, float, float] = (1.25, 1.75, 3.0)

#: The size words, smallest first (one more than the bounds of each band tuple).
SIZE_WORDS: tuple[str, str, str, str] = ("negligible", "slight", "moderate", "large")

#: Fewest articles an outlet needs in *each* of two periods (or groups) to enter a
#: within-outlet comparison.
MIN_STRATUM = 10

#: Share of the reference outlet mix (by articles) that the outlets present in a
#: period must cover for its standardised share to be drawn (:func:`standardised_series`);
#: also the share of both periods' articles that outlets publishing in both must
#: write for a period to be the starting point of a trend (:func:`analysis.narrate.theme_facts`).
MIN_COVERAGE = 0.8

#: A difference counts as shown when its (corrected) p-value is below this.
ALPHA = 0.05

#: Confidence level of every interval.
LEVEL = 0.95


# --------------------------------------------------------------------------- effect sizes


def _nan(x: Any) -> bool:
    try:
        return x is None or math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def band(value: float, bands: Sequence[float]) -> str:
    """The size word of an absolute effect: ``SIZE_WORDS[i]`` for the first bound it is below.

    Example
    -------
    >>> band(0.009, TONE_DIFF_BANDS), band(-0.07, TONE_DIFF_BANDS), band(0.5, TONE_DIFF_BANDS)
    ('negligible', 'moderate', 'large')
    """
    if _nan(value):
        return "uncertain"
    v = abs(float(value))
    for word, bound in zip(SIZE_WORDS, bands):
        if v < bound:
            return word
    return SIZE_WORDS[len(bands)]


def classify(estimate: float, lo: float, hi: float, p: float, *, bands: Sequence[float],
             alpha: float = ALPHA, null: float = 0.0) -> str:
    """"negligible", "slight", "moderate", "large" or "uncertain" for an effect and its interval.

    Parameters
    ----------
    estimate, lo, hi:
        The effect and its confidence interval (on a scale where ``null`` means no effect).
    p:
        Its p-value, already corrected for multiplicity when it is one of several.
    bands:
        Bounds of the size words (e.g. :data:`TONE_DIFF_BANDS`).

    Example
    -------
    >>> classify(0.009, 0.006, 0.012, 1e-9, bands=TONE_DIFF_BANDS)   # tiny but "significant"
    'negligible'
    >>> classify(0.12, -0.01, 0.25, 0.08, bands=TONE_DIFF_BANDS)     # large but not shown
    'uncertain'
    >>> classify(0.003, -0.01, 0.015, 0.6, bands=TONE_DIFF_BANDS)    # interval inside the negligible band
    'negligible'
    """
    if _nan(estimate):
        return "uncertain"
    if not _nan(p) and p < alpha:
        return band(float(estimate) - null, bands)
    if not _nan(lo) and not _nan(hi) and max(abs(lo - null), abs(hi - null)) < bands[0]:
        return "negligible"
    return "uncertain"


def share_size(result: dict, *, alpha: float = ALPHA, p: float | None = None) -> str:
    """The size word of a :func:`stratified_share` result (both the pp and the odds-ratio scale).

    ``p`` overrides ``result["p"]`` (pass the corrected p-value).

    Example
    -------
    >>> share_size({"diff": 0.002, "lo": 0.001, "hi": 0.003, "odds_ratio": 3.0, "or_lo": 2.0, "or_hi": 4.5,
    ...             "p": 1e-6})
    'negligible'
    >>> share_size({"diff": 0.15, "lo": 0.1, "hi": 0.2, "odds_ratio": 2.0, "or_lo": 1.5, "or_hi": 2.7, "p": 1e-6})
    'moderate'
    """
    p = result["p"] if p is None else p
    pp = classify(result["diff"], result["lo"], result["hi"], p, bands=SHARE_PP_BANDS, alpha=alpha)
    o = result.get("odds_ratio")
    if _nan(o) or o <= 0 or math.isinf(o):
        return pp
    lo, hi = result.get("or_lo"), result.get("or_hi")
    lo = math.log(lo) if not _nan(lo) and lo > 0 and not math.isinf(lo) else math.nan
    hi = math.log(hi) if not _nan(hi) and hi > 0 and not math.isinf(hi) else math.nan
    logs = [math.log(b) for b in SHARE_OR_BANDS]
    orw = classify(math.log(o), lo, hi, p, bands=logs, alpha=alpha)
    if "uncertain" in (pp, orw):
        return "negligible" if "negligible" in (pp, orw) else "uncertain"
    return SIZE_WORDS[min(SIZE_WORDS.index(pp), SIZE_WORDS.index(orw))]


# --------------------------------------------------------------------------- multiplicity


def adjust(pvalues: Iterable[float], *, method: str = "holm") -> np.ndarray:
    """p-values corrected for multiplicity: Holm's step-down (``"holm"``) or Benjamini-Hochberg (``"bh"``).

    NaN p-values are kept as NaN and do not count as tests.

    Example
    -------
    >>> adjust([0.01, 0.04, 0.03]).round(3).tolist()
    [0.03, 0.06, 0.06]
    >>> adjust([0.01, 0.04, 0.03], method="bh").round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    p = np.asarray(list(pvalues), dtype="float64")
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    q = p[ok]
    if method == "holm":
        order = np.argsort(q, kind="stable")
        steps = np.minimum(1.0, (m - np.arange(m)) * q[order])
        adj = np.empty(m)
        adj[order] = np.maximum.accumulate(steps)
    elif method == "bh":
        from scipy import stats

        adj = stats.false_discovery_control(q, method="bh")
    else:
        raise ValueError(f"method must be 'holm' or 'bh', not {method!r}")
    out[ok] = adj
    return out


# --------------------------------------------------------------------------- means


def _values(x: Iterable[float]) -> np.ndarray:
    a = pd.to_numeric(pd.Series(list(x) if not isinstance(x, (pd.Series, np.ndarray)) else x),
                      errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return a[~np.isnan(a)]


#: The columns of score sums: values, their sum and sum of squares, the smallest and the largest.
SUMS = ("n", "sum", "sq", "min", "max")


def score_sums(x: Any) -> pd.DataFrame:
    """Scores as sums (:data:`SUMS`), one row per value (``n`` 0 for a missing one), or ``x`` when it holds sums.

    Every mean, spread and interval here is computed from such sums, so the
    scores of a million articles and the sums of their cells
    (:func:`analysis.aggregate.cells.score_sums`) give the same numbers.

    Example
    -------
    >>> score_sums([0.5, None]).values.tolist()
    [[1.0, 0.5, 0.25, 0.5, 0.5], [0.0, 0.0, 0.0, nan, nan]]
    """
    if isinstance(x, pd.DataFrame) and set(SUMS) <= set(x.columns):
        return x[list(SUMS)]
    v = pd.to_numeric(pd.Series(list(x) if not isinstance(x, (pd.Series, np.ndarray)) else x),
                      errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    ok = ~np.isnan(v)
    z = np.where(ok, v, 0.0)
    return pd.DataFrame({"n": ok.astype("float64"), "sum": z, "sq": z * z, "min": v, "max": v})


def _added(sums: pd.DataFrame, by: Any = None) -> pd.DataFrame:
    """``sums`` added up: in all (one row), or per group of ``by`` (column names or arrays, as ``groupby`` takes)."""
    how = {"n": "sum", "sum": "sum", "sq": "sum", "min": "min", "max": "max"}
    if by is None:
        return pd.DataFrame({c: [getattr(sums[c], f)()] for c, f in how.items()})
    return sums.groupby(by).agg(how)


def _spread(added: pd.DataFrame) -> pd.DataFrame:
    """``size``, ``mean`` and ``var`` (sample variance: NaN below 2 values, exactly 0 for equal values, which
    their sums alone would give as rounding noise) of each row of added-up sums."""
    n = added["n"].astype("float64")
    total = added["sum"].astype("float64")
    mean = (total / n).where(n > 0)
    var = ((added["sq"] - total * mean) / (n - 1)).clip(lower=0.0)
    var = var.where(added["min"] != added["max"], 0.0).where(n >= 2)
    return pd.DataFrame({"size": n.astype("int64"), "mean": mean, "var": var})


def moments_by(sums: pd.DataFrame, by: Any) -> pd.DataFrame:
    """``size`` (values), ``mean`` and ``var`` of the values behind :func:`score_sums` in each group of ``by``
    (an array with one key per row, or a tuple of such arrays; rows with a missing key are left out).

    Example
    -------
    >>> moments_by(score_sums([0.1, 0.3, None, 0.5]), ["a", "a", "a", "b"]).round(3).values.tolist()
    [[2.0, 0.2, 0.02], [1.0, 0.5, nan]]
    """
    keys = [np.asarray(b, dtype=object) for b in by] if isinstance(by, tuple) else np.asarray(by, dtype=object)
    return _spread(_added(sums, keys))


def _moments(sums: pd.DataFrame) -> tuple[int, float, float]:
    """``(n, mean, variance)`` of the values behind ``sums`` (see :func:`_spread`)."""
    row = _spread(_added(sums)).iloc[0]
    return int(row["size"]), float(row["mean"]), float(row["var"])


def mean_ci(values: Iterable[float], *, level: float = LEVEL) -> dict:
    """Mean of ``values`` (NaN dropped; or of the values behind :func:`score_sums`) with a Student-t confidence interval.

    Returns ``n``, ``mean``, ``sd``, ``lo`` and ``hi`` (``lo``/``hi`` NaN for
    fewer than 2 values).

    Example
    -------
    >>> r = mean_ci([0.1, 0.2, 0.3])
    >>> r["n"], round(r["mean"], 3), round(r["lo"], 3), round(r["hi"], 3)
    (3, 0.2, -0.048, 0.448)
    """
    from scipy import stats

    n, mean, var = _moments(score_sums(values))
    if n == 0:
        return {"n": 0, "mean": math.nan, "sd": math.nan, "lo": math.nan, "hi": math.nan}
    if n < 2:
        return {"n": 1, "mean": mean, "sd": math.nan, "lo": math.nan, "hi": math.nan}
    sd = math.sqrt(var)
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return {"n": n, "mean": mean, "sd": sd, "lo": mean - half, "hi": mean + half}


def welch(a: Iterable[float], b: Iterable[float], *, level: float = LEVEL) -> dict:
    """Welch's t-test and confidence interval for ``mean(a) - mean(b)`` (NaN dropped; either may be :func:`score_sums`).

    Returns ``n_a``, ``n_b``, ``mean_a``, ``mean_b``, ``diff``, ``lo``, ``hi``,
    ``t``, ``df`` and ``p`` (two-sided). Both groups need at least 2 values.

    Example
    -------
    >>> r = welch([0.1, 0.2, 0.3, 0.2], [0.0, -0.1, 0.1, 0.0])
    >>> round(r["diff"], 3), r["lo"] > 0, round(r["p"], 3)
    (0.2, True, 0.013)
    """
    from scipy import stats

    na, ma, var_a = _moments(score_sums(a))
    nb, mb, var_b = _moments(score_sums(b))
    if na < 2 or nb < 2:
        raise ValueError(f"welch needs at least 2 values per group, got {na} and {nb}")
    diff = ma - mb
    va, vb = var_a / na, var_b / nb  # (a constant group has no spread)
    se2 = va + vb
    if se2 == 0:
        if math.isclose(ma, mb, rel_tol=1e-12, abs_tol=1e-15):  # equal up to rounding
            diff = 0.0
        t = 0.0 if diff == 0 else math.copysign(math.inf, diff)
        return {"n_a": na, "n_b": nb, "mean_a": ma, "mean_b": mb, "diff": diff, "lo": diff,
                "hi": diff, "t": t, "df": float(na + nb - 2), "p": 1.0 if diff == 0 else 0.0}
    se = math.sqrt(se2)
    df = se2**2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    t = diff / se
    p = float(2 * stats.t.sf(abs(t), df))
    q = float(stats.t.ppf(0.5 + level / 2, df))
    return {"n_a": na, "n_b": nb, "mean_a": ma, "mean_b": mb, "diff": diff, "lo": diff - q * se,
            "hi": diff + q * se, "t": t, "df": df, "p": p}


def stratified_mean_diff(values: Iterable[float], in_group: Iterable[bool], stratum: Iterable[Any], *,
                         min_stratum: int = MIN_STRATUM, level: float = LEVEL) -> dict:
    """Mean of ``values`` in the group minus outside it, compared within each stratum (outlet).

    ``values``: one score per article, or one row of :func:`score_sums` per cell of articles.

    Each outlet with at least ``min_stratum`` scored values on both sides
    contributes its own difference of means; they are averaged with weights
    ``n_in * n_out / (n_in + n_out)`` (the Mantel-Haenszel weights), so an
    outlet that both writes more about a theme and writes more warmly does
    not make the theme look warmer. Normal-approximation interval and test.

    Returns ``status`` ("compared" or "no_overlap"), ``diff``, ``lo``, ``hi``,
    ``p``, ``raw_diff`` (difference of the plain means), ``strata`` (list of
    ``stratum``, ``n_in``, ``n_out``, ``mean_in``, ``mean_out``, ``diff``) and
    ``excluded`` (strata left out).

    Example
    -------
    >>> vals = [0.2] * 10 + [0.2] * 30 + [0.0] * 30 + [0.0] * 10
    >>> grp = [True] * 10 + [False] * 30 + [True] * 30 + [False] * 10
    >>> r = stratified_mean_diff(vals, grp, ["a"] * 40 + ["b"] * 40)
    >>> round(r["raw_diff"], 3), round(r["diff"], 3)
    (-0.1, 0.0)
    """
    from scipy import stats

    sums = score_sums(values).reset_index(drop=True)
    g = np.asarray(list(in_group) if not isinstance(in_group, np.ndarray) else in_group, dtype=bool)
    s = pd.Series(np.asarray(list(stratum) if not isinstance(stratum, np.ndarray) else stratum, dtype=object))
    ok = (sums["n"] > 0).to_numpy()
    frame = sums[ok].assign(g=g[ok], s=s[ok].astype(str).to_numpy())
    raw = (_moments(frame[frame.g])[1] - _moments(frame[~frame.g])[1]
           if frame.g.any() and (~frame.g).any() else math.nan)
    agg = _spread(_added(frame, ["s", "g"])).unstack("g")
    out = {"status": "no_overlap", "diff": math.nan, "lo": math.nan, "hi": math.nan, "p": math.nan,
           "raw_diff": raw, "strata": [], "excluded": [], "min_stratum": min_stratum}
    if agg.empty or True not in agg["size"].columns or False not in agg["size"].columns:
        out["excluded"] = sorted(frame["s"].unique().tolist())
        return out
    n1, n0 = agg["size"][True].fillna(0), agg["size"][False].fillna(0)
    keep = (n1 >= min_stratum) & (n0 >= min_stratum)
    out["excluded"] = sorted(agg.index[~keep].tolist())
    if not keep.any():
        return out
    m1, m0 = agg["mean"][True][keep], agg["mean"][False][keep]
    v1, v0 = agg["var"][True][keep].fillna(0), agg["var"][False][keep].fillna(0)
    a, b = n1[keep], n0[keep]
    d = m1 - m0
    w = a * b / (a + b)
    diff = float((w * d).sum() / w.sum())
    var = float((w**2 * (v1 / a + v0 / b)).sum() / w.sum() ** 2)
    if var > 0:
        se = math.sqrt(var)
        z = float(stats.norm.ppf(0.5 + level / 2))
        lo, hi, p = diff - z * se, diff + z * se, float(2 * stats.norm.sf(abs(diff) / se))
    else:
        lo = hi = diff
        p = 1.0 if diff == 0 else 0.0
    out.update(status="compared", diff=diff, lo=lo, hi=hi, p=p,
               strata=[{"stratum": k, "n_in": int(a[k]), "n_out": int(b[k]), "mean_in": float(m1[k]),
                        "mean_out": float(m0[k]), "diff": float(d[k])} for k in d.index])
    return out


# --------------------------------------------------------------------------- shares


def _array(x: Iterable[Any], dtype=object) -> np.ndarray:
    if isinstance(x, pd.Series):
        return x.to_numpy(dtype=dtype)
    return np.asarray(list(x) if not isinstance(x, np.ndarray) else x, dtype=dtype)


def _weights(weight: Iterable[int] | None, n: int) -> np.ndarray:
    """Articles per row: ``weight`` as int64 (checked: one non-negative count per row), or 1 each."""
    if weight is None:
        return np.ones(n, dtype="int64")
    w = _array(weight, dtype="int64")
    if w.shape != (n,) or (w < 0).any():
        raise ValueError(f"weight must be one non-negative count per row ({n}), got {w.shape[0]} values"
                         + (" with a negative one" if w.shape == (n,) else ""))
    return w


def stratified_share(flag: Iterable[bool], group: Iterable[Any], stratum: Iterable[Any], *, first: Any, last: Any,
                     min_stratum: int = MIN_STRATUM, level: float = LEVEL,
                     weight: Iterable[int] | None = None) -> dict:
    """Share of flagged articles in group ``last`` against group ``first``, within strata (outlets).

    Parameters
    ----------
    flag:
        One bool per article (in the theme or not).
    group:
        One value per article (e.g. its month); ``first`` and ``last`` are the two compared.
    stratum:
        One value per article (its outlet). Only strata with at least
        ``min_stratum`` articles in both groups enter.
    weight:
        How many articles each row stands for (default 1 each): rows of an
        :mod:`analysis.aggregate.cells` table count as that many articles.

    Returns
    -------
    dict
        ``status`` ("compared" or "no_overlap"); ``first``, ``last``;
        ``raw_first``/``raw_last`` (shares of all articles in each group),
        ``raw_first_hits``/``raw_first_total``/``raw_last_hits``/``raw_last_total``,
        ``raw_change``; ``strata`` (the outlets compared, largest first: ``stratum``,
        ``first_hits``, ``first_total``, ``last_hits``, ``last_total``,
        ``first_share``, ``last_share``, ``change``, ``weight``); ``excluded``
        (``stratum``, ``first_total``, ``last_total``, ``why``: "only_first",
        "only_last" or "too_few"); ``std_first``/``std_last`` (shares at the
        pooled mix of the strata compared), ``diff`` (``std_last - std_first``)
        with ``lo``/``hi``; ``odds_ratio`` (Mantel-Haenszel) with
        ``or_lo``/``or_hi``; ``p`` (CMH test; Fisher's exact test with one
        stratum) and ``test`` (its name); ``rose``/``fell``/``same`` (strata whose
        share went up, down, or stayed, as printed to one decimal of a percent);
        ``mix_effect`` (True when the raw change and the within-outlet change
        point different ways or fall in different :data:`SHARE_PP_BANDS`
        bands, unless both are negligible).

    Example
    -------
    The share rises within both outlets but falls overall, because the
    low-share outlet writes most of the later month (Simpson's paradox):

    >>> flag = [True] * 25 + [False] * 75 + [True] + [False] * 19 + [True] * 9 + [False] * 21 + [True] * 7 + [False] * 63
    >>> month = ["Dec"] * 120 + ["Mar"] * 100
    >>> outlet = ["cd"] * 100 + ["x"] * 20 + ["cd"] * 30 + ["x"] * 70
    >>> r = stratified_share(flag, month, outlet, first="Dec", last="Mar")
    >>> round(r["raw_change"], 3), round(r["diff"], 3), r["rose"], r["fell"], r["mix_effect"]
    (-0.057, 0.05, 2, 0, True)
    """
    from scipy import stats

    f = _array(flag, dtype=bool)
    wt = _weights(weight, len(f))
    g = _array(group)
    s = pd.Series(_array(stratum)).astype(str).to_numpy()
    in1, in0 = g == last, g == first
    out: dict[str, Any] = {"status": "no_overlap", "first": first, "last": last, "min_stratum": min_stratum,
                           "strata": [], "excluded": [], "std_first": math.nan, "std_last": math.nan,
                           "diff": math.nan, "lo": math.nan, "hi": math.nan, "odds_ratio": math.nan,
                           "or_lo": math.nan, "or_hi": math.nan, "p": math.nan, "test": None,
                           "rose": 0, "fell": 0, "same": 0, "mix_effect": False}
    fw = f * wt  # flagged articles per row
    h0, t0, h1, t1 = int(fw[in0].sum()), int(wt[in0].sum()), int(fw[in1].sum()), int(wt[in1].sum())
    out.update(raw_first_hits=h0, raw_first_total=t0, raw_last_hits=h1, raw_last_total=t1,
               raw_first=h0 / t0 if t0 else math.nan, raw_last=h1 / t1 if t1 else math.nan)
    out["raw_change"] = out["raw_last"] - out["raw_first"]
    both = in0 | in1
    tab = pd.DataFrame({"s": s[both], "last": in1[both], "f": fw[both], "w": wt[both]})
    n = tab.groupby(["s", "last"])["w"].sum().unstack("last", fill_value=0).reindex(columns=[False, True],
                                                                                   fill_value=0)
    k = tab.groupby(["s", "last"])["f"].sum().unstack("last", fill_value=0).reindex(columns=[False, True],
                                                                                   fill_value=0)
    n0s, n1s = n[False], n[True]
    keep = (n0s >= min_stratum) & (n1s >= min_stratum)
    order = sorted(n.index, key=lambda x: (-(n0s[x] + n1s[x]), x))
    for x in order:
        if not keep[x]:
            why = "only_last" if n0s[x] == 0 else "only_first" if n1s[x] == 0 else "too_few"
            out["excluded"].append({"stratum": x, "first_total": int(n0s[x]), "last_total": int(n1s[x]), "why": why})
    if not keep.any():
        return out
    c, n0 = k[False][keep].astype(float), n0s[keep].astype(float)  # first period: hits, total
    a, n1 = k[True][keep].astype(float), n1s[keep].astype(float)   # last period
    p0, p1 = c / n0, a / n1
    w = (n0 + n1) / (n0 + n1).sum()
    std0, std1 = float((w * p0).sum()), float((w * p1).sum())
    diff = std1 - std0
    q0, q1 = (c + 1) / (n0 + 2), (a + 1) / (n1 + 2)  # Agresti-Caffo: no zero variance at 0% or 100%
    var = float((w**2 * (q1 * (1 - q1) / (n1 + 2) + q0 * (1 - q0) / (n0 + 2))).sum())
    z = float(stats.norm.ppf(0.5 + level / 2))
    se = math.sqrt(var)
    # Mantel-Haenszel odds ratio (odds of the theme in `last` against `first`)
    b, d = n1 - a, n0 - c
    tot = n0 + n1
    R, S = a * d / tot, b * c / tot
    sr, ss = float(R.sum()), float(S.sum())
    odds = sr / ss if ss > 0 else (math.inf if sr > 0 else math.nan)
    or_lo = or_hi = math.nan
    if sr > 0 and ss > 0:
        P, Q = (a + d) / tot, (b + c) / tot
        v = (float((P * R).sum()) / (2 * sr**2) + float((P * S + Q * R).sum()) / (2 * sr * ss)
             + float((Q * S).sum()) / (2 * ss**2))
        or_lo, or_hi = math.exp(math.log(odds) - z * math.sqrt(v)), math.exp(math.log(odds) + z * math.sqrt(v))
    if int(keep.sum()) == 1:
        p = float(stats.fisher_exact([[int(a.iloc[0]), int(b.iloc[0])], [int(c.iloc[0]), int(d.iloc[0])]])[1])
        test = "Fisher's exact test"
    else:
        m1, m0 = a + b, c + d   # row totals (last, first)
        e1, e0 = a + c, b + d   # column totals (hits, non-hits)
        expect = m1 * e1 / tot
        varc = (m1 * m0 * e1 * e0 / (tot**2 * (tot - 1))).sum()
        stat = float((a.sum() - expect.sum()) ** 2 / varc) if varc > 0 else 0.0
        p = float(stats.chi2.sf(stat, 1)) if varc > 0 else 1.0
        test = "Cochran-Mantel-Haenszel test"
    shown0, shown1 = np.round(1000 * p0), np.round(1000 * p1)  # as printed: 0.1 of a percent
    idx = [x for x in order if keep[x]]
    out["strata"] = [{"stratum": x, "first_hits": int(c[x]), "first_total": int(n0[x]), "last_hits": int(a[x]),
                      "last_total": int(n1[x]), "first_share": float(p0[x]), "last_share": float(p1[x]),
                      "change": float(p1[x] - p0[x]), "weight": float(w[x])} for x in idx]
    raw_dir = np.sign(round(1000 * out["raw_last"]) - round(1000 * out["raw_first"]))
    std_dir = np.sign(round(1000 * std1) - round(1000 * std0))
    out.update(status="compared", std_first=std0, std_last=std1, diff=diff, lo=diff - z * se, hi=diff + z * se,
               odds_ratio=odds, or_lo=or_lo, or_hi=or_hi, p=p, test=test,
               rose=int((shown1 > shown0).sum()), fell=int((shown1 < shown0).sum()),
               same=int((shown1 == shown0).sum()),
               mix_effect=_mix_effect(out["raw_change"], diff, raw_dir, std_dir))
    return out


def _mix_effect(raw: float, std: float, raw_dir: float, std_dir: float) -> bool:
    """Do the raw and the within-outlet change disagree (direction, or size band) in a way worth saying?"""
    braw, bstd = band(raw, SHARE_PP_BANDS), band(std, SHARE_PP_BANDS)
    if braw == bstd == "negligible":
        return False
    return bool(raw_dir != std_dir or braw != bstd)


def standardised_series(flag: Iterable[bool], period: Iterable[Any], stratum: Iterable[Any], *,
                        min_stratum: int = 5, min_coverage: float = MIN_COVERAGE,
                        weight: Iterable[int] | None = None) -> pd.DataFrame:
    """Per period: raw share, and the share at a fixed outlet mix (direct standardisation).

    The reference mix is the pooled share of articles of each outlet over all
    periods. In each period, the outlets with at least ``min_stratum``
    articles contribute their share, weighted by the reference mix and
    re-normalised over the outlets present; ``coverage`` is how much of the
    reference mix they make up. ``std_share`` is NaN where ``coverage`` is
    below ``min_coverage``: that period's outlet mix is too different to be
    put on the same line (``comparable`` False). ``weight`` is how many
    articles each row stands for (default 1; see :func:`stratified_share`).

    Returns a DataFrame indexed by period with ``n``, ``k``, ``raw_share``,
    ``std_share``, ``coverage``, ``outlets`` (outlets present) and
    ``comparable``.

    Example
    -------
    >>> flag = [True, False] * 10 + [True] * 10 + [False] * 30
    >>> period = [1] * 20 + [2] * 40
    >>> outlet = ["a"] * 20 + ["a"] * 20 + ["b"] * 20
    >>> t = standardised_series(flag, period, outlet, min_coverage=0.5)
    >>> t["raw_share"].round(2).tolist(), t["std_share"].round(2).tolist(), t["comparable"].tolist()
    ([0.5, 0.25], [0.5, 0.33], [True, True])
    """
    f = _array(flag, dtype=bool)
    wt = _weights(weight, len(f))
    frame = pd.DataFrame({"p": _array(period), "s": pd.Series(_array(stratum)).astype(str).to_numpy(),
                          "f": f * wt, "w": wt})
    cell = frame.groupby(["p", "s"]).agg(size=("w", "sum"), sum=("f", "sum"))
    ref = frame.groupby("s")["w"].sum()
    ref = ref / ref.sum()
    n = cell["size"].unstack("s", fill_value=0)
    k = cell["sum"].unstack("s", fill_value=0)
    w = ref.reindex(n.columns).fillna(0)
    present = n >= min_stratum
    share = (k / n.where(n > 0)).where(present)
    wpres = present.mul(w, axis=1)
    cover = wpres.sum(axis=1)
    std = (share.fillna(0).mul(w, axis=1).where(present, 0)).sum(axis=1) / cover.where(cover > 0)
    out = pd.DataFrame({"n": n.sum(axis=1).astype("int64"), "k": k.sum(axis=1).astype("int64")})
    out["raw_share"] = out["k"] / out["n"]
    out["coverage"] = cover
    out["comparable"] = cover >= min_coverage
    out["std_share"] = std.where(out["comparable"])
    out["outlets"] = present.sum(axis=1).astype("int64")
    return out
