"""Plain-word findings for editors: Markdown paragraphs that carry their numbers.

Every paragraph function has a *facts* companion that computes the numbers as a
dict; the paragraph is rendered from that dict only, so every number in the
prose can be checked against the table it came from:

=========================  ==============================  ==========================================
paragraph                  facts                           what it says
=========================  ==============================  ==========================================
:func:`corpus`             :func:`corpus_facts`            size, time span, outlets, undated articles,
                                                           rejected inputs and dropped duplicates
:func:`themes`             :func:`theme_facts`             how often each theme appears, and how its
                                                           share changed from the first to the last period
:func:`outlets_on_theme`   :func:`outlet_theme_facts`      which outlets cover a theme most, and whether
                                                           their tone on it differs from the other outlets'
:func:`outlet_tone`        :func:`outlet_tone_facts`       each outlet's tone over all its articles against
                                                           the other outlets' (Holm over the outlets)
:func:`actors`             :func:`actor_facts`             how often the main actors are mentioned and
                                                           how they are portrayed
:func:`summary`            :func:`summary_facts`           one paragraph with the headline findings
=========================  ==============================  ==========================================

Numbers are formatted by :func:`pct`, :func:`pol`, :func:`pp`, :func:`num`,
:func:`day`, :func:`pval` and :func:`period_label` only (``12.3%``, ``+0.123``,
``3,781``, ``7 Feb 2017``, ``Mar 2017``).

Wording rules
-------------
* **Which tone.** When the table has a ``tone`` column (validated against
  human ratings) the prose leads with it and names TextBlob's polarity beside
  it: "mean tone +0.040 (TextBlob polarity +0.068)"; without it, ``polarity``
  is used and named. :func:`measure` makes that choice.
* Tone words for a mean come from :data:`TONE_BANDS`, applied to the mean as
  printed (3 decimals): ``|mean| < 0.02`` "neutrally", ``< 0.10`` "slightly
  positively/negatively", otherwise "positively/negatively". When the 95%
  confidence interval of a non-neutral mean includes 0 the prose adds that it
  is not clearly different from neutral.
* **Effect sizes decide the words**, not p-values: every comparison prints its
  size with a 95% interval (difference in percentage points and odds ratio
  for shares, difference of means for tone), and
  :func:`analysis.compare.classify` with the thresholds of
  :mod:`analysis.compare` (:data:`~analysis.compare.TONE_DIFF_BANDS`,
  :data:`~analysis.compare.SHARE_PP_BANDS`,
  :data:`~analysis.compare.SHARE_OR_BANDS`) picks "negligible", "slight",
  "moderate" or "large"; a difference that is not shown at ``p <``
  :data:`ALPHA` is "uncertain" unless its whole interval is negligible. A
  negligible difference is said as such even when ``p < 0.001``.
* **Multiplicity.** The tests of one paragraph are one family, corrected with
  Holm's method (:func:`analysis.compare.adjust`); the prose prints the
  corrected p and says "after Holm correction for k comparisons".
* **Like with like.** A theme's share is compared between the last period
  with at least :data:`MIN_PERIOD` articles and the first such period whose
  outlets overlap with it (outlets in both wrote at least
  :data:`analysis.compare.MIN_COVERAGE` of each period's articles; earlier
  periods are named as not a starting point), **within outlets**: only
  outlets with at least :data:`analysis.compare.MIN_STRATUM` articles in both
  periods enter, the shares are standardised to their pooled mix and tested
  with the Cochran-Mantel-Haenszel test (Fisher's exact test for one outlet).
  The outlets left out are named with the reason. When no outlet qualifies,
  no change is reported and the gap is said. When the change over all
  articles points another way (or is of another size) than the within-outlet
  change, the prose says that it reflects who published, and does not
  present it as a finding; it always says in how many outlets the share
  rose and fell. Months with no articles between the compared ones are named,
  not bridged.
* Two outlets' (or groups') tone is compared with Welch's t-test
  (:func:`welch`); a theme's articles against the other articles of the same
  outlets with :func:`analysis.compare.stratified_mean_diff`.
* A group with fewer than :data:`MIN_GROUP` scored articles is "too few to
  compare"; a period with fewer than :data:`MIN_PERIOD` articles is left out of
  trends, and the prose names the periods left out.
* Whatever is missing (an empty table, no dates, no ``polarity`` or ``vader``
  column, an unknown theme) is said in words; nothing raises on such input.

Example
-------
>>> import pandas as pd
>>> df = pd.DataFrame({"source": ["a.com", "b.com", "a.com"], "n_words": [120, 80, 100],
...                    "published": pd.to_datetime(["2017-02-07", "2017-02-08", None], utc=True)})
>>> print(corpus(df).splitlines()[0])
The corpus holds 3 articles (300 words) from 2 outlets. They were published between 7 Feb 2017 and 8 Feb 2017, a span of 1 day. No publication date is known for 1 article (33.3%).
"""

from __future__ import annotations

import math
import re
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..aggregate.tables import among, corpus_summary, mention_pairs, outlet_label, theme_label
from ..aggregate import cells as _cells
from ..aggregate import compare as _compare
from ..aggregate.cells import theme_columns
from ..aggregate.compare import (_values, adjust, classify, mean_ci, moments_by, share_size, stratified_mean_diff,
                                 stratified_share, welch)

__all__ = [
    "article",
    "tone",
    "tone_agreement",
    "tone_agreement_facts",
    "tone_outlet_facts",
    "article_facts",
    "corpus",
    "themes",
    "outlets_on_theme",
    "theme_examples",
    "outlet_tone",
    "outlet_tone_facts",
    "actors",
    "events",
    "summary",
    "corpus_facts",
    "theme_facts",
    "outlet_theme_facts",
    "actor_facts",
    "tone_facts",
    "summary_facts",
    "method_note",
    "theme_columns",
    "welch",
    "mean_ci",
    "tone_word",
    "verdict",
    "measure",
    "pct",
    "pol",
    "pp",
    "num",
    "day",
    "pval",
    "period_label",
    "TONE_BANDS",
    "MIN_GROUP",
    "MIN_PERIOD",
    "LEVEL",
    "ALPHA",
]

#: Tone words for a mean polarity (TextBlob scale, -1 to +1), by its absolute value
#: as printed with 3 decimals: below the first bound "neutrally", below the second
#: "slightly positively"/"slightly negatively", from the second on
#: "positively"/"negatively". News prose scores about +0.07 on average, so most
#: actors come out "slightly positively"; the paragraphs print the corpus mean
#: next to the actors' for comparison.
TONE_BANDS: tuple[float, float] = (0.02, 0.10)

#: Fewest scored articles a group needs to be described or compared.
MIN_GROUP = 10
#: An actor whose naming articles come from one outlet more often than this is said to be portrayed
#: largely by that outlet (:func:`actors`, :func:`summary`).
ONE_OUTLET = 0.5
#: ... said only from this many articles (two articles from one outlet say nothing).
ONE_OUTLET_FROM = 5

#: Fewest articles a period (month, week...) needs to enter a trend.
MIN_PERIOD = 20

#: Confidence level of every interval.
LEVEL = _compare.LEVEL

#: A difference is "clear" when its p-value is below this (and its interval excludes 0).
ALPHA = _compare.ALPHA

_UNKNOWN = "(unknown)"


# --------------------------------------------------------------------------- formatting


def _missing(x: Any) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def pct(x: float | None, *, digits: int = 1) -> str:
    """A share (0..1) as a percentage.

    Example
    -------
    >>> pct(0.1234), pct(1), pct(float("nan"))
    ('12.3%', '100.0%', 'n/a')
    """
    if _missing(x):
        return "n/a"
    return f"{100 * float(x):.{digits}f}%"


def pol(x: float | None) -> str:
    """A polarity (or a difference of polarities): signed, 3 decimals, ``0.000`` for zero.

    Example
    -------
    >>> pol(0.1234), pol(-0.05), pol(-0.0001), pol(None)
    ('+0.123', '-0.050', '0.000', 'n/a')
    """
    if _missing(x):
        return "n/a"
    x = round(float(x), 3)
    if x == 0:
        return "0.000"
    return f"{x:+.3f}"


def pp(x: float | None) -> str:
    """A difference of two shares in percentage points, signed.

    Example
    -------
    >>> pp(0.0421), pp(-0.1)
    ('+4.2 percentage points', '-10.0 percentage points')
    """
    if _missing(x):
        return "n/a"
    return f"{100 * float(x):+.1f} percentage points"


def num(n: int | float | None) -> str:
    """A count with thousands separators.

    Example
    -------
    >>> num(3781), num(12)
    ('3,781', '12')
    """
    if _missing(n):
        return "n/a"
    return f"{int(n):,}"


def day(ts: Any) -> str:
    """A date as ``7 Feb 2017``.

    Example
    -------
    >>> day(pd.Timestamp("2017-02-07T15:00", tz="UTC"))
    '7 Feb 2017'
    """
    if _missing(ts):
        return "n/a"
    ts = pd.Timestamp(ts)
    return f"{ts.day} {ts:%b %Y}"


def pval(p: float | None) -> str:
    """A p-value as ``p = 0.012`` (``p < 0.001`` below that).

    Example
    -------
    >>> pval(0.01234), pval(0.00001)
    ('p = 0.012', 'p < 0.001')
    """
    if _missing(p):
        return "p = n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def period_label(period: pd.Period) -> str:
    """A period in words: ``Mar 2017``, ``the week of 6 Mar 2017``, ``Q1 2017``, ``2017``, ``7 Mar 2017``.

    Example
    -------
    >>> period_label(pd.Period("2017-03", "M")), period_label(pd.Period("2017-03-08", "W"))
    ('Mar 2017', 'the week of 6 Mar 2017')
    """
    code = period.freqstr.split("-")[0]
    if code == "M":
        return period.strftime("%b %Y")
    if code == "W":
        return f"the week of {day(period.start_time)}"
    if code == "Q":
        return f"Q{period.quarter} {period.year}"
    if code in ("Y", "A"):
        return str(period.year)
    if code == "D":
        return day(period.start_time)
    return str(period)


_PERIOD_WORDS = {"M": "month", "W": "week", "Q": "quarter", "Y": "year", "D": "day"}


def _md(text: Any) -> str:
    """Escape Markdown's special characters in a name taken from the data."""
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", str(text))


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{num(n)} {word if n == 1 else (plural or word + 's')}"


def _count_word(n: int) -> str:
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[n] if 0 <= n < len(words) else num(n)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------- statistics


def verdict(result: dict, *, p: float | None = None, alpha: float = ALPHA) -> str:
    """The size of a tone difference (a :func:`welch` result) in words.

    :func:`analysis.compare.classify` with
    :data:`analysis.compare.TONE_DIFF_BANDS` on ``result["diff"]``; ``p``
    overrides ``result["p"]`` (pass the Holm-corrected value). Returns
    "negligible", "uncertain", or "slightly", "moderately" or "much" followed
    by "more positive"/"more negative".

    Example
    -------
    >>> verdict({"diff": -0.06, "lo": -0.08, "hi": -0.04, "p": 0.001})
    'moderately more negative'
    >>> verdict({"diff": 0.009, "lo": 0.006, "hi": 0.012, "p": 1e-9})
    'negligible'
    >>> verdict({"diff": -0.1, "lo": -0.2, "hi": 0.01, "p": 0.08})
    'uncertain'
    """
    from ..aggregate.compare import TONE_DIFF_BANDS

    size = classify(result["diff"], result["lo"], result["hi"], result["p"] if p is None else p,
                    bands=TONE_DIFF_BANDS, alpha=alpha)
    if size in ("negligible", "uncertain"):
        return size
    adverb = {"slight": "slightly", "moderate": "moderately", "large": "much"}[size]
    return f"{adverb} {'more positive' if result['diff'] > 0 else 'more negative'}"


def measure(table: pd.DataFrame) -> str:
    """The tone column the prose leads with: ``"tone"`` when present with values, else ``"polarity"``.

    Example
    -------
    >>> measure(pd.DataFrame({"polarity": [0.1], "tone": [0.2]})), measure(pd.DataFrame({"polarity": [0.1]}))
    ('tone', 'polarity')
    """
    if _cells.has_score(table, "tone") and _cells.score_sums(table, "tone")["n"].sum() > 0:
        return "tone"
    return "polarity"


def _mname(col: str) -> str:
    """How a tone column is named in the prose."""
    return "tone" if col == "tone" else "polarity"


def _holm_note(m: int) -> str:
    return f" after Holm correction for {_count_word(m)} comparisons" if m > 1 else ""


def _pv(p: float, m: int, said: list) -> str:
    """A corrected p-value: the first of a family of ``m`` says how it was corrected, later ones are
    'Holm-corrected p = ...' (``said`` is a one-item list remembering whether the note was given)."""
    if m <= 1:
        return pval(p)
    if said and said[0]:
        return "Holm-corrected " + pval(p)
    if said:
        said[0] = True
    return pval(p) + _holm_note(m)


def tone_word(mean: float | None, *, bands: tuple[float, float] = TONE_BANDS) -> str:
    """The tone word for a mean polarity (see :data:`TONE_BANDS`).

    Example
    -------
    >>> tone_word(0.005), tone_word(0.05), tone_word(-0.2)
    ('neutrally', 'slightly positively', 'negatively')
    """
    if _missing(mean):
        return "unknown"
    m = round(float(mean), 3)
    if abs(m) < bands[0]:
        return "neutrally"
    side = "positively" if m > 0 else "negatively"
    return f"slightly {side}" if abs(m) < bands[1] else side


def _tone_adjective(word: str) -> str:
    return {"neutrally": "neutral"}.get(word, word.replace("positively", "positive")
                                         .replace("negatively", "negative"))


# --------------------------------------------------------------------------- column access


def _dates(articles: pd.DataFrame) -> pd.Series | None:
    """``published`` as UTC datetimes (NaT when unknown), or None without the column."""
    if "published" not in articles.columns:
        return None
    return _cells.utc_times(articles["published"])


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    return dates.dt.tz_localize(None).dt.to_period(freq)


def _norm_freq(freq: str) -> str:
    f = str(freq).upper()
    f = {"ME": "M", "QE": "Q", "YE": "Y", "A": "Y", "AS": "Y", "MS": "M", "QS": "Q", "YS": "Y"}.get(f, f)
    try:
        pd.Period("2017-01-01", f)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"freq must be a period such as 'D', 'W', 'M', 'Q' or 'Y', not {freq!r}") from exc
    return f


def _sources(articles: pd.DataFrame) -> pd.Series:
    return articles["source"].astype("object").where(articles["source"].notna(), _UNKNOWN).astype(str)


def _flag(articles: pd.DataFrame, theme: str) -> np.ndarray:
    return _cells.flags(articles[theme]).to_numpy(dtype=bool)


def _polarity(articles: pd.DataFrame, col: str = "polarity") -> np.ndarray:
    return pd.to_numeric(articles[col], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _theme_label(name: str) -> str:
    return theme_label(name)


# --------------------------------------------------------------------------- corpus


def corpus_facts(articles: pd.DataFrame, *, top: int = 10) -> dict:
    """The numbers behind :func:`corpus`.

    Keys: ``articles``, ``words`` (None without ``n_words``), ``outlets`` (list of
    dicts ``outlet``/``articles``/``share``, largest first, ties by name),
    ``n_outlets``, ``top`` (how many the prose lists), ``first``, ``last``,
    ``days``, ``weeks``, ``median`` (lower median date), ``busiest`` (a month
    Period), ``busiest_articles``, ``busiest_share`` (of dated articles),
    ``undated``, ``undated_share``, ``near_duplicates`` (None without the
    column), ``load_report`` (None when absent) and ``missing`` (absent columns);
    ``core_first``, ``core_last`` (month Periods), ``core_articles`` and
    ``core_share``: the fewest consecutive months holding at least
    :data:`CORE_SHARE` of the dated articles (where most articles fall, which
    a few early or late articles hide behind the first and last dates).

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a", "b", "a"], "n_words": [3, 4, 5],
    ...                    "published": pd.to_datetime(["2017-01-02", None, "2017-01-09"], utc=True)})
    >>> f = corpus_facts(df)
    >>> f["articles"], f["words"], f["days"], f["outlets"][0]
    (3, 12, 7, {'outlet': 'a', 'articles': 2, 'share': 0.6666666666666666})
    >>> f["core_first"], f["core_last"], f["core_articles"]
    (Period('2017-01', 'M'), Period('2017-01', 'M'), 2)
    """
    wt = _cells.weights(articles)  # articles per row: 1, or a cell's count
    n = int(wt.sum())
    missing = [c for c in ("source", "published", "n_words") if c not in articles.columns]
    dates = _dates(articles)
    if dates is None:
        dates = pd.Series(pd.NaT, index=articles.index, dtype="datetime64[ns, UTC]")
    view = pd.DataFrame({
        "source": (articles["source"] if "source" in articles.columns
                   else pd.Series(pd.NA, index=articles.index, dtype="object")).reset_index(drop=True),
        "published": dates.reset_index(drop=True),
        "n_words": (pd.to_numeric(articles["n_words"], errors="coerce").fillna(0)
                    if "n_words" in articles.columns else pd.Series(0, index=articles.index)).reset_index(drop=True),
        _cells.WEIGHT: wt,
    })
    view.attrs = {k: v for k, v in articles.attrs.items() if k == "load_report"}
    s = corpus_summary(view)
    outlets = []
    if "source" in articles.columns and n:
        ranked = sorted(s["sources"].items(), key=lambda kv: (-kv[1], kv[0]))
        outlets = [{"outlet": k, "articles": v, "share": v / n} for k, v in ranked]
    known = dates.notna().to_numpy()
    dated = pd.Series(wt[known], index=pd.DatetimeIndex(dates[known])).groupby(level=0).sum()  # per publication time
    first, last = s["first"], s["last"]
    n_dated = int(dated.sum())
    by_month = dated.groupby(_periods(dated.index.to_series(), "M").to_numpy()).sum().sort_index()
    days = weeks = None
    median = busiest = None
    busiest_articles, busiest_share = 0, math.nan
    if first is not None:
        days = int((last.normalize() - first.normalize()).days)
        weeks = int(round(days / 7))
        median = dated.index[np.searchsorted(dated.cumsum().to_numpy(), (n_dated - 1) // 2, side="right")]
        months = by_month.sort_values(ascending=False, kind="stable")
        busiest, busiest_articles = months.index[0], int(months.iloc[0])
        busiest_share = busiest_articles / n_dated
    core = _core_months(by_month) if n_dated else (None, None, 0)
    report = s["load_report"] or None
    near = None
    if "near_duplicate_of" in articles.columns:
        near = int(articles["near_duplicate_of"].notna().sum())
    elif "n_near_duplicates" in articles.columns:  # cells
        near = int(articles["n_near_duplicates"].sum())
    return {
        "articles": n,
        "words": s["words"] if "n_words" in articles.columns else None,
        "outlets": outlets,
        "n_outlets": len(outlets),
        "top": top,
        "first": first,
        "last": last,
        "days": days,
        "weeks": weeks,
        "median": median,
        "months": len(by_month),
        "busiest": busiest,
        "busiest_articles": busiest_articles,
        "busiest_share": busiest_share,
        "core_first": core[0],
        "core_last": core[1],
        "core_articles": core[2],
        "core_share": core[2] / n_dated if n_dated else math.nan,
        "undated": s["undated"] if "published" in articles.columns else n,
        "undated_share": (s["undated"] if "published" in articles.columns else n) / n if n else math.nan,
        "near_duplicates": near,
        "load_report": report,
        "missing": missing,
    }


#: Share of the dated articles the "core" months hold (see :func:`corpus_facts`).
CORE_SHARE = 0.9


def _core_months(counts: pd.Series) -> tuple[pd.Period | None, pd.Period | None, int]:
    """The fewest consecutive months (empty ones count) holding >= :data:`CORE_SHARE` of the articles ``counts``
    gives per month.

    Ties: the run holding more articles, then the earlier one. Returns ``(first, last, articles)``.
    """
    if counts.empty:
        return None, None, 0
    full = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
    per = counts.reindex(full, fill_value=0).to_numpy()
    need, total = CORE_SHARE * per.sum(), per.sum()
    best = (len(per), -total, 0, len(per) - 1)
    lo, held = 0, 0
    for hi in range(len(per)):  # two pointers: the shortest run ending at each month
        held += per[hi]
        while lo < hi and held - per[lo] >= need:
            held -= per[lo]
            lo += 1
        if held >= need:
            best = min(best, (hi - lo + 1, -held, lo, hi))
    _, neg, lo, hi = best
    return full[lo], full[hi], int(-neg)


def _core_sentence(f: dict) -> str:
    """Where most dated articles fall, when that is narrower than the first-to-last span ("" otherwise)."""
    if f["core_first"] is None or (f["core_first"] == _periods(pd.Series([f["first"]]), "M").iloc[0]
                                   and f["core_last"] == _periods(pd.Series([f["last"]]), "M").iloc[0]):
        return ""
    months = (period_label(f["core_first"]) if f["core_first"] == f["core_last"]
              else f"{period_label(f['core_first'])} to {period_label(f['core_last'])}")
    return (f"{pct(f['core_share'])} of the dated articles ({num(f['core_articles'])}) appeared in {months}")


def _span(f: dict) -> str:
    if f["days"] == 0:
        return f"They were all published on {day(f['first'])}."
    if f["days"] < 14:
        length = f"a span of {_plural(f['days'], 'day')}"
    else:
        about = "" if f["days"] % 7 == 0 else "about "
        length = f"a span of {about}{_plural(f['weeks'], 'week')}"
    return f"They were published between {day(f['first'])} and {day(f['last'])}, {length}."


def _load_sentence(rep: dict | None) -> str:
    if not rep:
        return ("No load report is attached to the table, so rejected inputs and dropped "
                "duplicates are not known.")
    seen = rep.get("inputs_seen")
    rej = int(rep.get("rejected", 0) or 0)
    dup = int(rep.get("duplicates_dropped", 0) or 0)
    head = f"Of {_plural(seen, 'input')} read, " if seen is not None else "When loading, "
    parts = []
    parts.append("none was rejected" if rej == 0 else
                 f"{num(rej)} {'was' if rej == 1 else 'were'} rejected (unreadable or without article text)")
    parts.append("no exact duplicate was found" if dup == 0 else
                 f"{_plural(dup, 'exact duplicate')} {'was' if dup == 1 else 'were'} dropped")
    return head + " and ".join(parts) + "."


def corpus(articles: pd.DataFrame, *, top: int = 10) -> str:
    """Size, time span and outlets of the corpus, in words.

    Parameters
    ----------
    articles:
        An article table (``source``, ``published``, ``n_words``; missing
        columns are named in the text).
    top:
        How many outlets to list by name; the rest are summed up.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a.com"] * 3 + ["b.com"], "n_words": [100] * 4,
    ...                    "published": pd.to_datetime(["2017-01-02", "2017-01-20", "2017-02-01", None], utc=True)})
    >>> df.attrs["load_report"] = {"inputs_seen": 6, "loaded": 4, "rejected": 1, "duplicates_dropped": 1}
    >>> print(corpus(df))
    The corpus holds 4 articles (400 words) from 2 outlets. They were published between 2 Jan 2017 and 1 Feb 2017, a span of about 4 weeks; half of the dated articles appeared on or before 20 Jan 2017, and the busiest month, Jan 2017, has 2 articles (66.7% of dated articles). No publication date is known for 1 article (25.0%).
    <BLANKLINE>
    By outlet, largest first: a.com 3 articles (75.0%) and b.com 1 article (25.0%).
    <BLANKLINE>
    Of 6 inputs read, 1 was rejected (unreadable or without article text) and 1 exact duplicate was dropped.
    """
    f = corpus_facts(articles, top=top)
    n = f["articles"]
    if n == 0:
        return ("The table has no articles, so there is nothing to report.\n\n"
                + _load_sentence(f["load_report"]))
    words = f" ({_plural(f['words'], 'word')})" if f["words"] is not None else ""
    if f["n_outlets"] == 1:
        frm = f" from one outlet, {_md(f['outlets'][0]['outlet'])}"
    elif f["n_outlets"]:
        frm = f" from {_plural(f['n_outlets'], 'outlet')}"
    else:
        frm = ""
    first = [f"The corpus holds {_plural(n, 'article')}{words}{frm}."]
    if f["first"] is None:
        why = "there is no `published` column" if "published" in f["missing"] else "none has a publication date"
        first.append(f"The time span is unknown: {why}.")
    else:
        span = _span(f)
        if f["months"] >= 2 and f["days"] >= 14:
            span = (span[:-1] + f"; half of the dated articles appeared on or before {day(f['median'])}, "
                    f"and the busiest month, {period_label(f['busiest'])}, has "
                    f"{_plural(f['busiest_articles'], 'article')} ({pct(f['busiest_share'])} of dated articles).")
        first.append(span)
        core = _core_sentence(f)
        if core:
            first.append(_cap(core) + ".")
        if f["undated"]:
            first.append(f"No publication date is known for {_plural(f['undated'], 'article')} "
                         f"({pct(f['undated_share'])}).")
    if f["words"] is None:
        first.append("Word counts are not known (no `n_words` column).")
    if f["near_duplicates"]:
        first.append(f"{_cap(_plural(f['near_duplicates'], 'article'))} "
                     f"{'is a near-copy' if f['near_duplicates'] == 1 else 'are near-copies'} of an earlier "
                     "article (for example a reprinted wire story).")
    paras = [" ".join(first)]
    if "source" in f["missing"]:
        paras.append("The outlets are not known (no `source` column).")
    elif f["n_outlets"] > 1:
        shown = f["outlets"][: max(top, 1)]
        items = [f"{_md(outlet_label(o['outlet']))} {_plural(o['articles'], 'article')} ({pct(o['share'])})" for o in shown]
        rest = f["outlets"][len(shown):]
        if rest:
            k = sum(o["articles"] for o in rest)
            items.append(f"{_plural(len(rest), 'smaller outlet')} with {_plural(k, 'article')} ({pct(k / n)})")
        paras.append("By outlet, largest first: " + _join(items) + ".")
    paras.append(_load_sentence(f["load_report"]))
    return "\n\n".join(paras)


# --------------------------------------------------------------------------- themes


def theme_facts(articles: pd.DataFrame, *, themes: Sequence[str] | None = None, freq: str = "M",
                min_period: int = MIN_PERIOD, min_outlet: int = _compare.MIN_STRATUM) -> dict:
    """The numbers behind :func:`themes`.

    Keys: ``articles``, ``themes`` (list of dicts, most frequent first, each
    with ``theme``, ``label``, ``articles``, ``share`` and ``trend``), ``none``
    (articles with none of the themes), ``missing`` (requested themes without a
    column), ``freq``, ``periods`` (list of ``(Period, articles)``), ``used``
    (periods with at least ``min_period`` articles), ``skipped`` (the others, as
    ``(Period, articles)``), ``gaps`` (runs of periods without any article
    between the first and last dated period, as ``(first, last)`` Periods),
    ``undated``, ``dates`` (False when there is no date at all), ``by_outlet``
    (False without a ``source`` column: the comparison is then over all
    articles), ``compared`` (outlets that enter the comparison, with their
    article counts in both periods), ``excluded`` (outlets left out, with
    ``why``), ``tests`` (how many trends were tested: the Holm family),
    ``baseline`` (the period the last one is compared with: the first used
    period whose articles, and the last period's, come at least
    :data:`analysis.compare.MIN_COVERAGE` from outlets publishing at least
    ``min_outlet`` articles in both; else the best covered) and
    ``not_baseline`` (the used periods passed over, with that share).

    ``trend`` is None with fewer than two usable periods, else the
    :func:`analysis.compare.stratified_share` result for ``baseline`` and the
    last used period (``first``/``last`` Periods, ``raw_first``/``raw_last``,
    ``std_first``/``std_last``, ``diff`` with ``lo``/``hi``, ``odds_ratio``,
    ``p``, ``rose``/``fell``, ``mix_effect``...) plus ``p_adj`` (Holm over the
    themes' trends), ``size`` (:func:`analysis.compare.share_size` at
    ``p_adj``) and ``direction`` ("rose", "fell" or "stayed", of the
    standardised shares as printed).

    Example
    -------
    >>> df = pd.DataFrame({"energy": [True, False, False, True], "energy_hits": [2, 0, 0, 1],
    ...                    "published": pd.to_datetime(["2017-01-05"] * 2 + ["2017-02-05"] * 2, utc=True)})
    >>> f = theme_facts(df, min_period=2, min_outlet=2)
    >>> f["themes"][0]["share"], f["themes"][0]["trend"]["std_first"], str(f["themes"][0]["trend"]["last"])
    (0.5, 0.5, '2017-02')
    """
    wt = _cells.weights(articles)  # articles per row: 1, or a cell's count
    n = int(wt.sum())
    freq = _norm_freq(freq)
    names = list(themes) if themes is not None else theme_columns(articles)
    present = [t for t in names if t in articles.columns]
    rows = []
    any_flag = np.zeros(len(articles), dtype=bool)
    flags = {}
    for t in present:
        flags[t] = _flag(articles, t)
        any_flag |= flags[t]
        k = int(wt[flags[t]].sum())
        rows.append({"theme": t, "label": _theme_label(t), "articles": k,
                     "share": k / n if n else math.nan, "trend": None})
    rows.sort(key=lambda r: (-r["articles"], r["theme"]))
    dates = _dates(articles)
    has_dates = dates is not None and dates.notna().any()
    periods, used, skipped, gaps, not_base = [], [], [], [], []
    base = None
    compared: list[dict] = []
    excluded: list[dict] = []
    undated = n if dates is None else int(wt[dates.isna().to_numpy()].sum())
    by_outlet = "source" in articles.columns
    tests = 0
    if has_dates and present:
        per = _periods(dates, freq).reset_index(drop=True)
        counts = pd.Series(wt).groupby(per).sum().sort_index()  # (per: one period per row, reset index)
        periods = [(p, int(c)) for p, c in counts.items()]
        used = [p for p, c in periods if c >= min_period]
        skipped = [(p, c) for p, c in periods if c < min_period]
        if len(used) >= 2:
            full = pd.period_range(periods[0][0], periods[-1][0], freq=used[0].freq)
            empty = [p for p in full if p not in counts.index]
            for p in empty:  # runs of consecutive empty periods
                if gaps and gaps[-1][1] + 1 == p:
                    gaps[-1] = (gaps[-1][0], p)
                else:
                    gaps.append((p, p))
            group = per.to_numpy(dtype=object)
            strata = _sources(articles).to_numpy() if by_outlet else np.full(len(articles), _UNKNOWN, dtype=object)
            base, not_base = _baseline(per, strata, used, min_outlet, weight=wt)
            for r in rows:
                r["trend"] = stratified_share(flags[r["theme"]], group, strata, first=base, last=used[-1],
                                              min_stratum=min_outlet, weight=wt)
            t0 = rows[0]["trend"] if rows else None
            if t0 is not None:
                compared = t0["strata"]
                excluded = t0["excluded"]
            live = [r for r in rows if r["trend"]["status"] == "compared" and r["articles"] > 0]
            tests = len(live)
            p_adj = adjust([r["trend"]["p"] for r in live])
            for r, q in zip(live, p_adj):
                tr = r["trend"]
                a, b = pct(tr["std_first"]), pct(tr["std_last"])
                tr.update(p_adj=float(q), size=share_size(tr, p=float(q)),
                          direction="stayed" if a == b else ("rose" if tr["std_last"] > tr["std_first"] else "fell"))
            for r in rows:
                if r["trend"]["status"] != "compared" or r["articles"] == 0:
                    r["trend"].update(p_adj=math.nan, size=None, direction=None)
    return {
        "articles": n,
        "themes": rows,
        "none": int(wt[~any_flag].sum()) if present else None,
        "missing": [t for t in names if t not in articles.columns],
        "freq": freq,
        "periods": periods,
        "used": used,
        "skipped": skipped,
        "gaps": gaps,
        "undated": undated,
        "dates": bool(has_dates),
        "min_period": min_period,
        "min_outlet": min_outlet,
        "by_outlet": by_outlet,
        "baseline": base,
        "not_baseline": not_base,
        "compared": compared,
        "excluded": excluded,
        "tests": tests,
    }


def _baseline(per: pd.Series, strata: np.ndarray, used: Sequence[pd.Period],
              min_outlet: int, *, weight: np.ndarray) -> tuple[pd.Period, list[tuple[pd.Period, float]]]:
    """The period the last used period is compared with, and the used periods passed over.

    The first used period in which outlets with at least ``min_outlet``
    articles in both it and the last period wrote at least
    :data:`analysis.compare.MIN_COVERAGE` of the articles of *each* of the two;
    when none does, the one with the highest such share (earliest on ties).
    The periods before the chosen one are returned with their share. ``weight``: articles per row.
    """
    last = used[-1]
    ct = pd.Series(weight).groupby([per.to_numpy(), strata]).sum().unstack(fill_value=0)
    if last not in ct.index:
        return used[0], []
    tail = ct.loc[last]
    cover = []
    for p in used[:-1]:
        row = ct.loc[p]
        both = (row >= min_outlet) & (tail >= min_outlet)
        cover.append((p, float(min(row[both].sum() / max(row.sum(), 1), tail[both].sum() / max(tail.sum(), 1)))))
    good = [i for i, (_, c) in enumerate(cover) if c >= _compare.MIN_COVERAGE]
    i = good[0] if good else max(range(len(cover)), key=lambda j: (cover[j][1], -j))
    return cover[i][0], cover[:i]


def _names(items: Sequence[str], *, most: int = 4) -> str:
    """'A, B and C', or 'A, B, C and 5 more' for long lists."""
    items = list(items)
    if len(items) <= most + 1:
        return _join(items)
    return ", ".join(items[:most]) + f" and {len(items) - most} more"


def _outlet_names(rows: Sequence[dict], key: str = "stratum") -> str:
    return _names([_md(outlet_label(r[key])) for r in rows])


def _size_phrase(tr: dict) -> str:
    """'a moderate rise', 'a negligible change', 'an uncertain change'."""
    size = tr["size"]
    if size in ("negligible", "uncertain") or tr["direction"] == "stayed":
        return f"{'an' if size == 'uncertain' else 'a'} {size} change"
    return f"a {size} {'rise' if tr['direction'] == 'rose' else 'fall'}"


def _coverage_sentence(f: dict) -> str:
    """Which periods and outlets the trends compare, and which are left out, in words."""
    p0, p1 = period_label(f["baseline"]), period_label(f["used"][-1])
    word = _PERIOD_WORDS.get(f["freq"], "period")
    k = f["min_outlet"]
    which = f"the first and last {word}s with at least {f['min_period']} articles"
    if f["not_baseline"]:
        which = (f"the last {word} with at least {f['min_period']} articles, and the first such {word} in which "
                 f"outlets publishing at least {k} articles in both wrote at least {_compare.MIN_COVERAGE:.0%} of "
                 "the articles of each")
    if not f["by_outlet"]:
        return (f"Change over time is measured between {p0} and {p1} ({which}); the outlets are not known (no "
                "`source` column), so the change cannot be checked for a change in who published.")
    if not f["compared"]:
        s = (f"No outlet published at least {k} articles in both {p0} and {p1}, the first and last {word}s with at "
             f"least {f['min_period']} articles, so change over time is not measured: the two {word}s come from "
             "different outlets and cannot be compared like with like")
    else:
        names = _outlet_names(f["compared"])
        if len(f["compared"]) == 1:
            s = (f"Change over time is measured within outlets, between {p0} and {p1} ({which}); only {names} "
                 f"published at least {k} articles in both, so the changes below are {names}'s own")
        else:
            s = (f"Change over time is measured within outlets, between {p0} and {p1} ({which}), over the "
                 f"{_plural(len(f['compared']), 'outlet')} that "
                 f"published at least {k} articles in both ({names}), with their shares weighted by the outlets' "
                 "combined article counts")
    why = []
    only0 = [e for e in f["excluded"] if e["why"] == "only_first"]
    only1 = [e for e in f["excluded"] if e["why"] == "only_last"]
    few = [e for e in f["excluded"] if e["why"] == "too_few"]
    if only1:
        why.append(f"{_outlet_names(only1)} (published only in {p1})")
    if only0:
        why.append(f"{_outlet_names(only0)} (published only in {p0})")
    if few:
        why.append(f"{_outlet_names(few)} (fewer than {k} articles in one of the two)")
    if why:
        s += "; left out: " + "; ".join(why)
    s += "."
    if f["not_baseline"]:
        early = [period_label(p) for p, _ in f["not_baseline"]]
        who = (_join(early) if len(early) <= 3 else
               f"the {_count_word(len(early))} earlier {word}s with at least {f['min_period']} articles, from "
               f"{early[0]} on,")
        s += (f" {_cap(who)} {'is' if len(early) == 1 else 'are'} not used as the starting point: most of "
              f"{'its' if len(early) == 1 else 'their'} articles come from outlets that published fewer than {k} "
              f"articles in {p1}.")
    return s


def _trend_sentence(r: dict, f: dict, said: list) -> str:
    t = r["trend"]
    label = _cap(_md(r["label"]))
    a, b = pct(t["std_first"]), pct(t["std_last"])
    several = len(f["compared"]) > 1
    # the size with its interval, also when the shares round alike ("stayed"): a negligible change is one
    # whose interval is narrow, an uncertain one has a wide interval, and the reader sees which
    if t["direction"] == "stayed":
        s = f"{label} stayed at about {a} of articles ({pp(t['diff'])}"
    else:
        s = f"{label} {t['direction']} from {a} to {b} of articles ({pp(t['diff'])}"
    s += f", 95% CI {pp(t['lo']).split(' ')[0]} to {pp(t['hi'])}"
    o = t["odds_ratio"]
    if not _missing(o) and math.isfinite(o) and o > 0 and (o > 1) == (t["diff"] > 0):  # same way only
        s += f"; odds ratio {t['odds_ratio']:.2f}"
        if not _missing(t["or_lo"]):
            s += f", 95% CI {t['or_lo']:.2f} to {t['or_hi']:.2f}"
    s += ")"
    pv = _pv(t["p_adj"], f["tests"], said) if f["tests"] > 1 else pval(t["p"])
    s += f": {_size_phrase(t)} ({t['test']}, {pv})."
    if several and f["by_outlet"]:
        k = len(f["compared"])
        parts = []
        if t["rose"]:
            parts.append(f"rose in {_count_word(t['rose'])}" if t["rose"] < k else
                         ("rose in both" if k == 2 else f"rose in all {_count_word(k)}"))
        if t["fell"]:
            parts.append(f"fell in {_count_word(t['fell'])}" if t["fell"] < k else
                         ("fell in both" if k == 2 else f"fell in all {_count_word(k)}"))
        if t["same"]:
            parts.append(f"stayed the same in {_count_word(t['same'])}")
        s += f" Outlet by outlet, it {_join(parts)} of the {_count_word(k)} outlets."
    if f["by_outlet"] and t["mix_effect"]:
        ra, rb = pct(t["raw_first"]), pct(t["raw_last"])
        verb = "stayed at about " + ra if ra == rb else (
            ("rose" if t["raw_last"] > t["raw_first"] else "fell") + f" from {ra} to {rb}")
        s += (f" Counting all articles, {_md(r['label'])} {verb} ({pp(t['raw_change'])}), but that {_mix_words(t)}, "
              "and is not a finding.")
    return s


def _mix_words(t: dict) -> str:
    """Why the raw change is not the finding: the outlet mix made it, or made most of it."""
    same_way = (t["raw_change"] > 0) == (t["diff"] > 0) and pct(t["std_first"]) != pct(t["std_last"])
    if same_way:
        return "is mostly a change in which outlets published, not in what they covered"
    return "reflects a change in which outlets published, not in what they covered"


def _raw_only_sentence(r: dict) -> str:
    t = r["trend"]
    return (f"Counting all articles, {_md(r['label'])} went from {pct(t['raw_first'])} in "
            f"{period_label(t['first'])} to {pct(t['raw_last'])} in {period_label(t['last'])}, "
            "but with different outlets in each this says nothing about coverage.")


def themes(articles: pd.DataFrame, *, themes: Sequence[str] | None = None, freq: str = "M") -> str:
    """How often each theme appears, and how its share changed over time, within outlets.

    Parameters
    ----------
    articles:
        Analysed articles with a bool column ``T`` (and ``T_hits``) per theme,
        ``published`` and ``source``.
    themes:
        Theme names to report (default: every ``T`` with a ``T_hits`` column).
    freq:
        Period for the trend: ``"D"``, ``"W"``, ``"M"`` (default), ``"Q"`` or ``"Y"``.
        Periods with fewer than :data:`MIN_PERIOD` articles are left out, and named.

    Example
    -------
    >>> df = pd.DataFrame({"energy": [True] * 5 + [False] * 20 + [True] * 15 + [False] * 10,
    ...                    "energy_hits": [1] * 50, "source": ["a.com"] * 50,
    ...                    "published": pd.to_datetime(["2017-01-10"] * 25 + ["2017-03-10"] * 25, utc=True)})
    >>> print(themes(df))
    Of the 50 articles, 20 (40.0%) are about energy.
    <BLANKLINE>
    Change over time is measured within outlets, between Jan 2017 and Mar 2017 (the first and last months with at least 20 articles); only a.com published at least 10 articles in both, so the changes below are a.com's own. Energy rose from 20.0% to 60.0% of articles (+40.0 percentage points, 95% CI +15.7 to +64.3 percentage points; odds ratio 6.00, 95% CI 1.69 to 21.26): a large rise (Fisher's exact test, p = 0.009). There are no articles at all in Feb 2017.
    """
    f = theme_facts(articles, themes=themes, freq=freq)
    n = f["articles"]
    paras = []
    miss = ""
    if f["missing"]:
        miss = (f" No column was found for {_join([_md(_theme_label(t)) for t in f['missing']])}, "
                "so it is not reported.")
    if not f["themes"]:
        if themes is None:
            return ("No theme columns were found (a bool column such as `sanctions` with a "
                    "`sanctions_hits` column, as added by `analysis.analyze`), so themes cannot be reported.")
        return ("None of the requested themes has a column in the table, so themes cannot be reported." + miss)
    if n == 0:
        return "The table has no articles, so no theme can be counted." + miss
    rows = f["themes"]
    items = []
    for i, r in enumerate(rows):
        if r["articles"] == 0:
            continue
        about = "are about" if i == 0 or not items else "about"
        if not items and r["articles"] == 1:
            about = "is about"
        items.append(f"{num(r['articles'])} ({pct(r['share'])}) {about} {_md(r['label'])}")
    zero = [_md(r["label"]) for r in rows if r["articles"] == 0]
    text = []
    if items:
        text.append(f"Of the {_plural(n, 'article')}, " + _join(items) + ".")
        if len(items) > 1:
            text.append(f"An article can have several themes; {_plural(f['none'], 'article')} "
                        f"({pct(f['none'] / n)}) {'has' if f['none'] == 1 else 'have'} none of these.")
    if zero:
        text.append(f"No article is about {_join(zero)}.")
    paras.append(" ".join(text) + miss)
    word = _PERIOD_WORDS.get(f["freq"], "period")
    if not f["dates"]:
        paras.append("No article has a publication date, so change over time cannot be shown.")
        return "\n\n".join(paras)
    live = [r for r in rows if r["trend"] is not None and r["articles"] > 0]
    if len(f["used"]) < 2:
        paras.append(f"There are not two {word}s with at least {f['min_period']} articles each, "
                     "so change over time cannot be shown.")
    elif live:
        said = [_coverage_sentence(f)]
        if f["compared"]:
            note = [False]
            said += [_trend_sentence(r, f, note) for r in live]
        elif f["by_outlet"]:
            said += [_raw_only_sentence(r) for r in live if pct(r["trend"]["raw_first"]) != pct(r["trend"]["raw_last"])][:1]
        paras.append(" ".join(said))
    notes = []
    if f["gaps"]:
        runs = [period_label(a) if a == b else f"{period_label(a)} to {period_label(b)}" for a, b in f["gaps"]]
        notes.append(f"There are no articles at all in {_join(runs)}.")
    if f["skipped"]:
        left = [f"{period_label(p)} ({_plural(c, 'article')})" for p, c in f["skipped"]]
        notes.append(f"{_cap(word)}s with fewer than {f['min_period']} articles are left out of these "
                     f"comparisons: {_join(left)}.")
    if f["undated"]:
        notes.append(f"The {_plural(f['undated'], 'undated article')} "
                     f"{'is' if f['undated'] == 1 else 'are'} not counted in the trend.")
    if notes and len(paras) > 1:
        paras[-1] += " " + " ".join(notes)
    return "\n\n".join(paras)


# --------------------------------------------------------------------------- outlets on a theme


def outlet_theme_facts(articles: pd.DataFrame, theme: str, *, top: int = 3,
                       min_group: int = MIN_GROUP) -> dict:
    """The numbers behind :func:`outlets_on_theme`.

    Keys: ``theme``, ``label``, ``articles``, ``theme_articles``, ``share``,
    ``measure`` ("tone" or "polarity", see :func:`measure`; None when neither
    is present), ``outlets`` (every outlet: ``outlet``, ``articles``,
    ``theme_articles``, ``share`` of its articles; ranked by share, then theme
    articles, then name; outlets with fewer than ``min_group`` articles come
    after the others and are not counted among the top), ``small`` (how many
    such outlets), ``top`` (the top outlets with theme articles, each with
    ``tone``: None without a tone column, else a dict with ``status``
    "compared" plus the :func:`welch` numbers on ``measure``, ``p_adj`` (Holm
    over the paragraph's tests), ``verdict`` (:func:`verdict` at ``p_adj``)
    and, when ``measure`` is "tone", ``polarity_a``/``polarity_b`` (TextBlob's
    means), or ``status`` "too_few" / "alone" with ``n_a``, ``n_b``),
    ``within`` (the theme's articles against the other articles of the same
    outlets: :func:`analysis.compare.stratified_mean_diff` plus ``p_adj`` and
    ``verdict``; None without tone or outlets), ``tests`` (size of the Holm
    family) and ``missing`` (absent columns).

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a"] * 10 + ["b"] * 10, "energy": [True] * 4 + [False] * 6 + [True] + [False] * 9,
    ...                    "energy_hits": [1] * 20, "polarity": [0.1] * 20})
    >>> f = outlet_theme_facts(df, "energy", top=2)
    >>> [(o["outlet"], o["share"]) for o in f["top"]], f["top"][0]["tone"]["status"]
    ([('a', 0.4), ('b', 0.1)], 'too_few')
    """
    wt = _cells.weights(articles)  # articles per row: 1, or a cell's count
    n = int(wt.sum())
    missing = [c for c in ("source", theme) if c not in articles.columns]
    col = measure(articles)
    has_pol = _cells.has_score(articles, col)
    if not has_pol:
        missing.append("polarity")
    facts = {"theme": theme, "label": _theme_label(theme), "articles": n, "theme_articles": 0,
             "share": math.nan, "measure": col if has_pol else None, "outlets": [], "small": 0, "top": [],
             "within": None, "tests": 0, "missing": missing, "min_group": min_group}
    if theme not in articles.columns or n == 0:
        return facts
    flag = _flag(articles, theme)
    facts["theme_articles"] = int(wt[flag].sum())
    facts["share"] = facts["theme_articles"] / n
    if "source" not in articles.columns:
        return facts
    src = _sources(articles).to_numpy()
    pol = _cells.score_sums(articles, col) if has_pol else None
    second = (_cells.score_sums(articles, "polarity") if col == "tone" and _cells.has_score(articles, "polarity")
              else None)
    table = pd.DataFrame({"outlet": src, "flag": flag * wt, "w": wt})
    g = table.groupby("outlet").agg(size=("w", "sum"), sum=("flag", "sum"))
    rows = [{"outlet": str(o), "articles": int(r["size"]), "theme_articles": int(r["sum"]),
             "share": int(r["sum"]) / int(r["size"])} for o, r in g.iterrows()]
    big = any(r["articles"] >= min_group for r in rows)
    rows.sort(key=lambda r: (big and r["articles"] < min_group, -r["share"], -r["theme_articles"], r["outlet"]))
    facts["outlets"] = rows
    facts["small"] = sum(r["articles"] < min_group for r in rows) if big else 0
    ranked = [r for r in rows if r["theme_articles"] > 0 and (not big or r["articles"] >= min_group)]
    family = []
    for r in ranked[: max(top, 0)]:
        r = dict(r)
        r["tone"] = None
        if pol is not None:
            mine = flag & (src == r["outlet"])
            rest = flag & (src != r["outlet"])
            a, b = pol[mine], pol[rest]
            n_a, n_b = int(a["n"].sum()), int(b["n"].sum())
            if wt[rest].sum() == 0:
                r["tone"] = {"status": "alone", "n_a": n_a, "n_b": 0}
            elif n_a < min_group or n_b < min_group:
                r["tone"] = {"status": "too_few", "n_a": n_a, "n_b": n_b}
            else:
                r["tone"] = {"status": "compared", **welch(a, b)}
                if second is not None:
                    r["tone"].update(polarity_a=mean_ci(second[mine])["mean"],
                                     polarity_b=mean_ci(second[rest])["mean"])
                family.append(r["tone"])
        facts["top"].append(r)
    if pol is not None and len(rows) > 1:
        w = stratified_mean_diff(pol, flag, src, min_stratum=min_group)
        facts["within"] = w
        if w["status"] == "compared":
            family.append(w)
    facts["tests"] = len(family)
    for t, q in zip(family, adjust([t["p"] for t in family])):
        t["p_adj"] = float(q)
        t["verdict"] = verdict(t, p=float(q))
    return facts


def _tone_pair(t: dict, col: str) -> str:
    """'mean tone +0.040 vs +0.010; TextBlob polarity +0.07 vs +0.05' or 'mean polarity ...'.

    When tone shows a difference (not negligible, not uncertain) that TextBlob's
    polarity does not (its difference negligible or of the other sign), the
    pair says so, so a reader who knows TextBlob is not left to spot it.

    Example
    -------
    >>> t = {"mean_a": 0.085, "mean_b": 0.025, "polarity_a": 0.066, "polarity_b": 0.068,
    ...      "verdict": "moderately more positive"}
    >>> _tone_pair(t, "tone")
    'mean tone +0.085 vs +0.025; TextBlob polarity +0.066 vs +0.068, which shows no such difference'
    """
    from ..aggregate.compare import TONE_DIFF_BANDS

    s = f"mean {_mname(col)} {pol(t['mean_a'])} vs {pol(t['mean_b'])}"
    if col == "tone" and "polarity_a" in t:
        s += f"; TextBlob polarity {pol(t['polarity_a'])} vs {pol(t['polarity_b'])}"
        shown = t.get("verdict") not in (None, "negligible", "uncertain")
        d_tone, d_pol = t["mean_a"] - t["mean_b"], t["polarity_a"] - t["polarity_b"]
        if shown and abs(d_pol) < TONE_DIFF_BANDS[0]:
            s += ", which shows no such difference"
        elif shown and d_pol * d_tone < 0:
            s += ", which points the other way"
    return s


def _differs(name: str, t: dict, other: str) -> str:
    """'X's articles are slightly more positive than Y' / 'X's articles differ negligibly in tone from Y'."""
    v = t["verdict"]
    if v == "negligible":
        return f"{name}'s articles differ negligibly in tone from {other}"
    if v == "uncertain":
        return f"it is uncertain whether {name}'s articles differ in tone from {other}"
    return f"{name}'s articles are {v} than {other}"


def outlets_on_theme(articles: pd.DataFrame, theme: str, *, top: int = 3) -> str:
    """Which outlets cover a theme most, and whether their tone on it differs.

    Each top outlet's articles on the theme are compared with the other
    outlets' articles on the theme (mean ``tone``, else ``polarity``; Welch's
    t-test, 95% interval of the difference), and the theme's articles with the
    other articles of the same outlets; the size of each difference decides
    its words and the p-values are Holm-corrected (see the module's wording
    rules).

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a.com"] * 20 + ["b.com"] * 20,
    ...                    "energy": [True] * 12 + [False] * 8 + [True] * 12 + [False] * 8,
    ...                    "energy_hits": [1] * 40,
    ...                    "polarity": [-0.1, -0.12] * 6 + [0.0] * 8 + [0.1, 0.12] * 6 + [0.0] * 8})
    >>> print(outlets_on_theme(df, "energy", top=1))
    Energy is a subject of 24 of the 40 articles (60.0%). a.com covers it most: 12 of its 20 articles (60.0%).
    <BLANKLINE>
    On energy, a.com's articles are much more negative than the other outlets' (mean polarity -0.110 vs +0.110; difference -0.220, 95% CI -0.229 to -0.211; Welch's t-test p < 0.001).
    """
    f = outlet_theme_facts(articles, theme, top=top)
    label = _md(f["label"])
    if theme not in articles.columns:
        return f"The theme {label} was not analysed (no `{_md(theme)}` column), so its outlets cannot be compared."
    if f["articles"] == 0:
        return f"The table has no articles, so no outlet can be compared on {label}."
    head = (f"{_cap(label)} is a subject of {num(f['theme_articles'])} of the {_plural(f['articles'], 'article')} "
            f"({pct(f['share'])}).")
    if f["theme_articles"] == 0:
        return f"No article is about {label}, so no outlet can be compared on it."
    if "source" in f["missing"]:
        return head + " The outlets are not known (no `source` column), so they cannot be compared."
    tops = f["top"]
    if len(f["outlets"]) == 1:
        o = f["outlets"][0]
        paras = [head + f" All of them come from one outlet, {_md(outlet_label(o['outlet']))}, so there is no other "
                 "outlet to compare with."]
        return "\n\n".join(paras)
    parts = []
    for i, o in enumerate(tops):
        if i == 0:
            parts.append(f"{_md(outlet_label(o['outlet']))} covers it most: {num(o['theme_articles'])} of its "
                         f"{_plural(o['articles'], 'article')} ({pct(o['share'])})")
        else:
            parts.append(f"{_md(outlet_label(o['outlet']))} ({num(o['theme_articles'])} of {num(o['articles'])}, {pct(o['share'])})")
    first = head + " " + parts[0] + (", followed by " + _join(parts[1:]) if len(parts) > 1 else "") + "."
    if f["small"]:
        first += (f" {_cap(_plural(f['small'], 'outlet'))} with fewer than {f['min_group']} articles in all "
                  f"{'is' if f['small'] == 1 else 'are'} not ranked.")
    paras = [first]
    if "polarity" in f["missing"]:
        paras.append("Tone cannot be compared: the table has no `tone` or `polarity` column (run `analysis.analyze` first).")
        return "\n\n".join(paras)
    col = f["measure"]
    said = [False]
    tone = []
    for o in tops:
        t, name = o["tone"], _md(outlet_label(o["outlet"]))
        if t["status"] == "alone":
            tone.append(f"No other outlet has scored articles on {label}, so {name}'s tone cannot be compared.")
        elif t["status"] == "too_few":
            tone.append(f"There are too few articles to compare {name}'s tone on {label} with the other outlets' "
                        f"({num(t['n_a'])} vs {num(t['n_b'])}; at least {f['min_group']} each are needed).")
        else:
            nums = (f"{_tone_pair(t, col)}; difference {pol(t['diff'])}, 95% CI {pol(t['lo'])} to {pol(t['hi'])}; "
                    f"Welch's t-test {_pv(t['p_adj'], f['tests'], said)}")
            on = f"On {label}, " if not tone else ""
            tone.append(_cap(f"{on}{_differs(name, t, 'the other outlets’')} ({nums}).").replace("’", "'"))
    w = f["within"]
    if w is not None and w["status"] == "compared":
        k = len(w["strata"])
        nums = (f"difference {pol(w['diff'])}, 95% CI {pol(w['lo'])} to {pol(w['hi'])}, "
                f"{_pv(w['p_adj'], f['tests'], said)}; "
                f"{_plural(k, 'outlet')} with at least {f['min_group']} articles on and off the theme")
        v = w["verdict"]
        within, their = "Within the same outlets", "their"
        if k == 1:  # one outlet: name it, and the comparison is that outlet's own
            within, their = f"Within {_md(outlet_label(w['strata'][0]['stratum']))}", "its"
            nums = nums.replace(f"1 outlet with at least {f['min_group']} articles on and off the theme",
                                f"the only outlet with at least {f['min_group']} articles on and off the theme")
        if v == "negligible":
            s = f"{within}, articles on {label} differ negligibly in {_mname(col)} from {their} other articles"
        elif v == "uncertain":
            s = f"{within}, it is uncertain whether articles on {label} differ in {_mname(col)} from {their} other articles"
        else:
            s = f"{within}, articles on {label} are {v} than {their} other articles"
        s += f" ({nums})."
        from ..aggregate.compare import TONE_DIFF_BANDS, band

        if not _missing(w["raw_diff"]) and band(w["raw_diff"], TONE_DIFF_BANDS) != band(w["diff"], TONE_DIFF_BANDS):
            s += (f" Over all articles the gap is {pol(w['raw_diff'])}, but part of that comes from which outlets "
                  f"write about {label}.")
        tone.append(s)
    paras.append(" ".join(tone))
    return "\n\n".join(paras)


# --------------------------------------------------------------------------- actors


def tone_facts(articles: pd.DataFrame) -> dict:
    """Overall tone: ``measure`` ("tone" or "polarity", see :func:`measure`), ``n``
    scored articles, ``mean`` of the measure with ``lo``/``hi``, ``word`` (see
    :data:`TONE_BANDS`), ``polarity`` (TextBlob's mean when ``measure`` is
    "tone", else None), ``vader`` mean (None without the column) with
    ``vader_lo``/``vader_hi`` and ``vader_n`` (the articles VADER scored: the
    report scores it on a sample, so it may be fewer than ``n``),
    ``disagree`` share (None without ``sentiment_disagree``), ``missing``.

    Example
    -------
    >>> tone_facts(pd.DataFrame({"polarity": [0.1, 0.2, None]}))["mean"]
    0.15000000000000002
    >>> f = tone_facts(pd.DataFrame({"polarity": [0.1, 0.2], "tone": [0.0, 0.04]}))
    >>> f["measure"], round(f["mean"], 3), round(f["polarity"], 3)
    ('tone', 0.02, 0.15)
    """
    col = measure(articles)
    has = lambda c: _cells.has_score(articles, c)  # noqa: E731
    sums = lambda c: _cells.score_sums(articles, c)  # noqa: E731
    missing = [c for c in ("polarity", "vader") if not has(c)]
    out = {"measure": col, "n": 0, "mean": math.nan, "lo": math.nan, "hi": math.nan, "word": "unknown",
           "polarity": None, "vader": None, "vader_lo": None, "vader_hi": None, "vader_n": 0, "disagree": None,
           "missing": missing}
    if has(col):
        m = mean_ci(sums(col))
        out.update(n=m["n"], mean=m["mean"], lo=m["lo"], hi=m["hi"], word=tone_word(m["mean"]))
    if col == "tone" and has("polarity"):
        out["polarity"] = mean_ci(sums("polarity"))["mean"]
    if has("vader"):
        v = mean_ci(sums("vader"))
        out.update(vader=v["mean"], vader_lo=v["lo"], vader_hi=v["hi"], vader_n=v["n"])
    if has("sentiment_disagree"):
        out["disagree"] = mean_ci(sums("sentiment_disagree"))["mean"]
    return out


def actor_facts(articles: pd.DataFrame, actor_table: pd.DataFrame | None = None, *, top: int = 5,
                min_group: int = MIN_GROUP) -> dict:
    """The numbers behind :func:`actors`.

    Keys: ``articles``, ``basis`` ("sentences" when tone comes from
    ``actor_table``, "articles" when from article ``polarity``, None when
    neither), ``measure`` (the column used: ``tone`` when the table it comes
    from has one, else ``polarity``), ``actors`` (the ``top`` most mentioned, each with ``actor``,
    ``articles`` mentioning it, ``share``, ``scored`` (articles with a tone
    value), ``sentences`` (None unless the table has ``n_sentences``), ``mean``,
    ``lo``, ``hi``, ``word`` and ``clear`` (the interval excludes 0), and
    ``polarity`` (TextBlob's mean beside it when ``measure`` is "tone", else
    None)), ``n_actors`` (distinct actors), ``corpus_mean`` (mean article
    ``measure``, None when the articles lack it), ``missing`` and ``notes``.

    With ``actor_table`` (from ``analysis.actor_sentiment``), each article
    contributes one value per actor, the mean tone (or polarity) of its
    sentences naming the actor, so a long article does not outweigh a short
    one; rows whose ``article_id`` is not in ``articles`` are ignored (when
    ``articles`` has ids).

    Example
    -------
    >>> df = pd.DataFrame({"actors": [["Russia"], ["Russia", "China"], []], "polarity": [0.1, 0.3, 0.0]})
    >>> f = actor_facts(df)
    >>> f["measure"], [(a["actor"], a["articles"], round(a["mean"], 2), a["polarity"]) for a in f["actors"]]
    ('polarity', [('Russia', 2, 0.2, None), ('China', 1, 0.3, None)])
    >>> f = actor_facts(df.assign(tone=[0.0, -0.2, 0.1]))
    >>> f["measure"], [(a["actor"], round(a["mean"], 2), round(a["polarity"], 2)) for a in f["actors"]]
    ('tone', [('Russia', -0.1, 0.2), ('China', -0.2, 0.3)])
    """
    n = int(_cells.weights(articles).sum())
    missing: list[str] = []
    notes: list[str] = []
    table = None
    if actor_table is not None and _cells.is_cells(actor_table):  # actor cells: counted already
        return _actor_facts_of_cells(articles, actor_table, n=n, top=top, min_group=min_group)
    if actor_table is not None:
        need = [c for c in ("article_id", "actor", "polarity") if c not in actor_table.columns]
        if need:
            notes.append(f"the actor table lacks {_join(['`' + c + '`' for c in need])}, "
                         "so article polarity is used instead")
        else:
            table = actor_table
            if "article_id" in articles.columns and n:
                table = table[among(table["article_id"].astype(str), articles["article_id"].dropna().astype(str))]
            elif "article_id" not in articles.columns:
                notes.append("the articles have no `article_id`, so the whole actor table is used")
    has_actors = "actors" in articles.columns
    if table is not None and has_actors and "article_id" in articles.columns and not notes:
        # the mentions and the sentences' tone, counted per actor, outlet and theme: as from a report's cells
        return _actor_facts_of_cells(articles, _cells.actor_cells(articles, table), n=n, top=top, min_group=min_group)
    if not has_actors and table is None:
        missing.append("actors")
    if has_actors:  # (row, actor) pairs, each actor once per article: flat arrays, not a set per actor
        rows_of, names = mention_pairs(articles["actors"])
        codes, known = pd.factorize(names)
        counts = dict(zip(known.tolist(), np.bincount(codes, minlength=len(known)).tolist()))
        code_of = {name: k for k, name in enumerate(known.tolist())}
    elif table is not None:
        counts = {str(a): int(k) for a, k in table.groupby("actor")["article_id"].nunique().items()}
    else:
        counts = {}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: max(top, 0)]
    col = measure(table) if table is not None else measure(articles)
    basis = "sentences" if table is not None else ("articles" if col in articles.columns else None)
    if basis is None:
        missing.append("polarity")
    pol_all = _polarity(articles, col) if col in articles.columns else None
    # TextBlob's polarity, named beside tone (from the same table, the same articles)
    beside = "polarity" if col == "tone" else None
    tb_all = _polarity(articles, "polarity") if beside and table is None and "polarity" in articles.columns else None
    rows = []
    actor_names = table["actor"].astype("string") if table is not None else None
    for actor, k in ranked:
        row = {"actor": actor, "articles": k, "share": k / n if n else math.nan, "scored": 0,
               "sentences": None, "mean": math.nan, "lo": math.nan, "hi": math.nan,
               "word": "unknown", "clear": False, "polarity": None}
        vals = None
        if table is not None:
            sub = table[actor_names.eq(actor).fillna(False).to_numpy(bool)]
            by_article = sub["article_id"].astype(str)
            per = pd.to_numeric(sub[col], errors="coerce").groupby(by_article).mean()
            vals = per.to_numpy(dtype="float64")
            if beside:
                tb = pd.to_numeric(sub[beside], errors="coerce").groupby(by_article).mean().dropna()
                row["polarity"] = float(tb.mean()) if len(tb) else math.nan
            if "n_sentences" in sub.columns:
                row["sentences"] = int(pd.to_numeric(sub["n_sentences"], errors="coerce").fillna(0).sum())
        elif pol_all is not None:
            mentioning = rows_of[codes == code_of[actor]]  # ascending
            vals = pol_all[mentioning]
            if tb_all is not None:
                tb = tb_all[mentioning]
                row["polarity"] = float(np.nanmean(tb)) if np.isfinite(tb).any() else math.nan
        if vals is not None:
            m = mean_ci(vals)
            row.update(scored=m["n"], mean=m["mean"], lo=m["lo"], hi=m["hi"], word=tone_word(m["mean"]),
                       clear=bool(m["n"] >= 2 and not (m["lo"] <= 0 <= m["hi"])))
        row["outlet"] = None  # the outlet that wrote most of the articles naming the actor
        if has_actors and "source" in articles.columns and k:
            row["outlet"] = _main_outlet(_sources(articles).to_numpy()[rows_of[codes == code_of[actor]]])
        rows.append(row)
    corpus_mean = float(np.nanmean(pol_all)) if pol_all is not None and np.isfinite(pol_all).any() else None
    return {"articles": n, "basis": basis, "measure": col, "actors": rows, "n_actors": len(counts),
            "corpus_mean": corpus_mean, "missing": missing, "notes": notes, "min_group": min_group}


def _actor_facts_of_cells(articles: pd.DataFrame, cells: pd.DataFrame, *, n: int, top: int, min_group: int) -> dict:
    """:func:`actor_facts` from :func:`analysis.aggregate.cells.actor_cells` (and the articles, or their cells,
    for the average article)."""
    mentions = cells.groupby("actor")[_cells.WEIGHT].sum()
    counts = {str(a): int(k) for a, k in mentions.items() if k > 0}
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: max(top, 0)]
    col = measure(cells)
    beside = "polarity" if col == "tone" else None
    actor = cells["actor"].astype(object).to_numpy()
    rows = []
    for name, k in ranked:
        sub = cells[actor == name]
        m = mean_ci(_cells.score_sums(sub, col))
        row = {"actor": name, "articles": k, "share": k / n if n else math.nan, "scored": m["n"],
               "sentences": int(sub["n_sentences"].sum()) if "n_sentences" in sub.columns else None,
               "mean": m["mean"], "lo": m["lo"], "hi": m["hi"], "word": tone_word(m["mean"]),
               "clear": bool(m["n"] >= 2 and not (m["lo"] <= 0 <= m["hi"])),
               "polarity": mean_ci(_cells.score_sums(sub, beside))["mean"] if beside else None, "outlet": None}
        if "source" in sub.columns and k:  # the outlet that wrote most of the articles naming the actor
            row["outlet"] = _top_outlet(sub[_cells.WEIGHT].groupby(_sources(sub).to_numpy()).sum())
        rows.append(row)
    corpus_mean = None
    if _cells.has_score(articles, col):
        m = mean_ci(_cells.score_sums(articles, col))
        corpus_mean = m["mean"] if m["n"] else None
    return {"articles": n, "basis": "sentences", "measure": col, "actors": rows, "n_actors": len(counts),
            "corpus_mean": corpus_mean, "missing": [], "notes": [], "min_group": min_group}


def _main_outlet(sources: Any, ids: Any = None) -> dict | None:
    """The outlet that wrote most of some articles: ``outlet``, its ``articles`` and their ``share``.

    ``sources``: one per article, or one per record of the articles ``ids`` (each article counted once).
    """
    table = pd.DataFrame({"source": np.asarray(sources, dtype=object),
                          "id": np.arange(len(sources)) if ids is None else np.asarray(ids, dtype=object)})
    return _top_outlet(table.drop_duplicates("id").groupby("source")["id"].size())


def _top_outlet(per: pd.Series) -> dict | None:
    """The outlet with most articles in ``per`` (articles by outlet; ties: the first in its order), as
    :func:`_main_outlet` gives it."""
    per = per[per > 0]
    if not len(per):
        return None
    per = per.sort_values(ascending=False, kind="stable")
    return {"outlet": str(per.index[0]), "articles": int(per.iloc[0]), "share": int(per.iloc[0]) / int(per.sum())}


def _one_outlet(r: dict) -> dict | None:
    """The outlet behind a row of :func:`actor_facts` or of a sender-target pair (``articles``, ``outlet``)
    when it wrote more than :data:`ONE_OUTLET` of its (at least :data:`ONE_OUTLET_FROM`) articles."""
    o = r.get("outlet")
    return o if o and o["share"] > ONE_OUTLET and r["articles"] >= ONE_OUTLET_FROM else None


def _mostly(r: dict) -> str:
    """', 52.2% of them from TASS' when :func:`_one_outlet` names the outlet behind a row, else ''."""
    o = _one_outlet(r)
    if o is None:
        return ""
    share = "all" if o["share"] >= 1 else pct(o["share"])
    return f", {share} of them from {_md(outlet_label(o['outlet']))}"


def _beside(r: dict) -> str:
    """TextBlob's polarity named beside an actor's tone (empty when the measure is polarity)."""
    return "" if r.get("polarity") is None else f"; TextBlob polarity {pol(r['polarity'])}"


def _tone_numbers(r: dict) -> str:
    s = f"{pol(r['mean'])} ({pol(r['lo'])} to {pol(r['hi'])}, {_plural(r['scored'], 'article')}"
    if r["sentences"] is not None:
        s += f", {_plural(r['sentences'], 'sentence')}"
    s += _beside(r)
    if r["word"] != "neutrally" and not r["clear"]:
        s += ", not clearly different from neutral"
    return s + ")"


def _portrayal(r: dict, min_group: int, *, short: bool = False, col: str = "polarity") -> str:
    if r["scored"] == 0:
        return "has no tone score"
    if r["scored"] < min_group:
        return f"appears in too few scored articles ({num(r['scored'])}) to judge its tone"
    if short:
        named = "tone " if r.get("polarity") is not None else ""
        return f"portrayed {r['word']}, {named}{pol(r['mean'])}{_beside(r)}"
    s = f"is portrayed {r['word']} (mean {_mname(col)} {pol(r['mean'])}, 95% CI {pol(r['lo'])} to {pol(r['hi'])}"
    s += f", {_plural(r['scored'], 'article')}"
    if r["sentences"] is not None:
        s += f", {_plural(r['sentences'], 'sentence')}"
    s += _beside(r) + ")"
    if r["word"] != "neutrally" and not r["clear"]:
        s += ", though this is not clearly different from neutral (the interval includes 0)"
    return s


def actors(articles: pd.DataFrame, actor_table: pd.DataFrame | None = None, *, top: int = 5,
           on: str | None = None) -> str:
    """How the most mentioned actors are portrayed.

    Parameters
    ----------
    articles:
        Analysed articles (``actors`` lists; ``polarity``).
    actor_table:
        Optional ``analysis.actor_sentiment`` table; when given, an actor's
        tone is that of the sentences naming it, else that of the articles
        mentioning it. Either way the ``tone`` column leads, with TextBlob's
        polarity named beside it, when present (see :func:`measure`), else
        ``polarity`` alone. Or, for a corpus of any size, its
        :func:`analysis.aggregate.cells.actor_cells` with the articles'
        :func:`~analysis.aggregate.cells.article_cells` as ``articles``: the
        same paragraph.
    top:
        How many actors, most mentioned first.
    on:
        What ``articles`` are about when they are a part of a collection (a
        theme's label, "sanctions"): the closing comparison then names them
        ("the average article on sanctions"), not the average article.

    Example
    -------
    >>> df = pd.DataFrame({"actors": [["Russia"]] * 12 + [["China"]] * 3,
    ...                    "polarity": [0.05, 0.07] * 6 + [0.0] * 3})
    >>> print(actors(df))
    The most mentioned actors are Russia (12 articles, 80.0%) and China (3 articles, 20.0%). By the tone of the articles that mention them, Russia is portrayed slightly positively (mean polarity +0.060, 95% CI +0.053 to +0.067, 12 articles). China appears in too few scored articles (3) to judge its tone. For comparison, the average article scores +0.048.
    <BLANKLINE>
    Polarity runs from -1 (negative) to +1 (positive); a mean within ±0.02 is called neutral, one from 0.02 to 0.10 either way slight, and a larger one plainly positive or negative.
    """
    f = actor_facts(articles, actor_table, top=top)
    if f["articles"] == 0:
        return "The table has no articles, so no actor can be described."
    if "actors" in f["missing"]:
        return "Actors were not analysed (no `actors` column), so they cannot be described."
    rows = f["actors"]
    if not rows:
        return f"None of the {_plural(f['articles'], 'article')} mentions a known actor."
    names = [f"{_md(r['actor'])} ({_plural(r['articles'], 'article')}, {pct(r['share'])})" for r in rows]
    lead = "The most mentioned actor is " if len(rows) == 1 else "The most mentioned actors are "
    text = [lead + _join(names) + "."]
    if f["notes"]:
        text.append(_cap("; ".join(f["notes"])) + ".")
    if f["basis"] is None:
        text.append("Their tone cannot be described: the table has no `tone` or `polarity` column.")
        return " ".join(text)
    them = "it" if len(rows) == 1 else "them"
    basis = (f"By the tone of the sentences that name {them}" if f["basis"] == "sentences"
             else f"By the tone of the articles that mention {them}")
    groups: dict[str, list[dict]] = {}
    for r in rows:
        if r["scored"] >= f["min_group"]:
            groups.setdefault(r["word"], []).append(r)
    said = []
    for word, rs in groups.items():
        if len(rs) == 1:
            said.append(f"{_md(rs[0]['actor'])} {_portrayal(rs[0], f['min_group'], col=f['measure'])}.")
        else:
            who = f"all {_count_word(len(rs))} are" if len(rs) == len(rows) else f"{_join([_md(r['actor']) for r in rs])} are"
            items = [f"{_md(r['actor'])} {_tone_numbers(r)}" for r in rs]
            said.append(f"{who} portrayed {word} (mean {_mname(f['measure'])} and 95% CI): " + "; ".join(items) + ".")
    for r in rows:
        if r["scored"] < f["min_group"]:
            said.append(f"{_md(r['actor'])} {_portrayal(r, f['min_group'])}.")
    for i, s in enumerate(said):
        text.append(f"{basis}, {s}" if i == 0 else _cap(s))
    one = [r for r in rows if _one_outlet(r) and r["scored"] >= f["min_group"]]  # (those portrayed above)
    if one:  # a portrayal that is mostly one outlet's voice: said, so it is not read as the coverage's
        def came(r: dict, lead: str) -> str:
            o = r["outlet"]
            return (f"{lead} {_md(r['actor'])} {'come ' if lead.startswith('More') else ''}from "
                    f"{_md(outlet_label(o['outlet']))} ({num(o['articles'])} of {num(r['articles'])}, {pct(o['share'])})")

        parts = [came(one[0], "More than half of the articles naming")] + \
            [came(r, "and of those naming") for r in one[1:]]
        text.append(", ".join(parts) + (", so its portrayal is largely that outlet's." if len(one) == 1
                                        else ", so these portrayals are largely those outlets'."))
    if f["corpus_mean"] is not None:
        average = "the average article" + (f" on {on}" if on else "")
        text.append(f"For comparison, {average} has a tone of {pol(f['corpus_mean'])}." if f["measure"] == "tone"
                    else f"For comparison, {average} scores {pol(f['corpus_mean'])}.")
    lo, hi = TONE_BANDS
    legend = (f"{_cap(_mname(f['measure']))} runs from -1 (negative) to +1 (positive); a mean within ±{lo:.2f} is called neutral, "
              f"one from {lo:.2f} to {hi:.2f} either way slight, and a larger one plainly positive or negative.")
    return " ".join(text) + "\n\n" + legend


# --------------------------------------------------------------------------- sanction records and UN votes


def _dyad_rows(records: pd.DataFrame, top: int) -> tuple[list[dict], int]:
    """The ``top`` (sender, target) pairs by distinct articles (ties by name), and how many pairs there are."""
    per = records.groupby(["sender", "target"], sort=False)["article_id"].nunique()
    ranked = sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"sender": s, "target": t, "articles": int(n)} for (s, t), n in ranked[:max(top, 0)]], len(ranked)


def _event_facts(sanctions: pd.DataFrame | None, votes: pd.DataFrame | None, *, top: int) -> dict:
    """The numbers behind :func:`events` (``sanctions`` and ``votes`` parts; None where a table is missing)."""
    from ..aggregate.tables import DISTINCT_VOTE_NEEDS, SANCTION_STATUSES, distinct_votes

    f: dict[str, Any] = {"sanctions": None, "votes": None, "notes": []}
    need = ["article_id", "sender", "target", "status"]
    if sanctions is None:
        f["notes"].append("no sanction table was given")
    elif [c for c in need if c not in sanctions.columns]:
        lacking = [c for c in need if c not in sanctions.columns]
        f["notes"].append(f"the sanction table lacks {_join(['`' + c + '`' for c in lacking])}")
    else:
        ev = sanctions[need].astype({"sender": object, "target": object, "status": object})
        unknown = ev["sender"].isna() | ev["sender"].astype(str).str.strip().isin(["", "unknown"])
        named = ev[~unknown & ev["target"].notna()].astype({"sender": str, "target": str})
        dyads, n_dyads = _dyad_rows(named, top)
        nameless = ev[unknown & ev["target"].notna()].astype({"target": str})
        targets = nameless.groupby("target")["article_id"].nunique()
        statuses = {}
        for s in SANCTION_STATUSES:
            rows = ev[ev["status"] == s]
            statuses[s] = {"records": len(rows), "articles": int(rows["article_id"].nunique()),
                           "dyads": _dyad_rows(named[named["status"] == s], top)[0]}
        outlets: list[tuple[str, int]] = []
        if "source" in sanctions.columns:  # whose coverage the records are, and whose each leading pair is
            src = sanctions["source"].astype(object).where(sanctions["source"].notna(), None).astype(str)
            per = pd.DataFrame({"source": src, "article_id": ev["article_id"]}).groupby("source")["article_id"].nunique()
            outlets = sorted(((str(o), int(n)) for o, n in per.items()), key=lambda on: (-on[1], on[0]))
            for r in dyads:
                pair = named[(named["sender"] == r["sender"]) & (named["target"] == r["target"])]
                r["outlet"] = _main_outlet(src[pair.index].to_numpy(), pair["article_id"].to_numpy())
        f["sanctions"] = {
            "outlets": outlets,
            "records": len(ev), "articles": int(ev["article_id"].nunique()), "dyads": dyads, "n_dyads": n_dyads,
            "unknown_records": int(unknown.sum()), "unknown_articles": int(ev.loc[unknown, "article_id"].nunique()),
            "unknown_targets": sorted(((str(t), int(n)) for t, n in targets.items()), key=lambda tn: (-tn[1], tn[0]))[:top],
            "statuses": statuses, "other_status": int((~ev["status"].isin(list(SANCTION_STATUSES))).sum()),
        }
    if votes is None:
        f["notes"].append("no UN vote table was given")
        return f
    lacking = [c for c in DISTINCT_VOTE_NEEDS if c not in votes.columns]
    if lacking:
        f["notes"].append(f"the UN vote table lacks {_join(['`' + c + '`' for c in lacking])}")
        return f
    d = distinct_votes(votes)
    outcomes = {o: int((d["outcome"] == o).sum()) for o in ("adopted", "vetoed", "failed", "scheduled")}
    vetoed = d[d["outcome"] == "vetoed"]
    members: dict[str, int] = {}
    for names in vetoed["vetoed_by"]:
        for m in names:
            members[m] = members.get(m, 0) + 1
    adopted = d[d["outcome"] == "adopted"]
    tallied = adopted[adopted[["yes", "no", "abstain"]].notna().any(axis=1)]

    def ranked(rows: pd.DataFrame) -> list[dict]:
        rows = rows.assign(position=range(len(rows))).sort_values(["articles", "position"], ascending=[False, True],
                                                                 kind="stable")
        return rows.drop(columns="position").head(max(top, 0)).to_dict("records")

    recalled = d[d["recalled"]]
    f["votes"] = {
        "records": len(votes), "articles": int(votes["article_id"].nunique()), "distinct": len(d), "outcomes": outcomes,
        "recalled": len(recalled), "recalled_outcomes": {o: int((recalled["outcome"] == o).sum()) for o in outcomes},
        "recalled_span": (min(recalled["voted"], key=lambda v: v.ljust(10, "0")),
                          max(recalled["voted"], key=lambda v: v.ljust(10, "9"))) if len(recalled) else None,
        "vetoed": ranked(vetoed), "veto_members": sorted(members.items(), key=lambda kv: (-kv[1], kv[0])),
        "unnamed_vetoes": int(sum(1 for v in vetoed["vetoed_by"] if not v)),
        "adopted_tallied": len(tallied), "tallied": ranked(tallied),
    }
    return f


def _arrow(r: dict) -> str:
    return f"{_md(r['sender'])} → {_md(r['target'])} ({_plural(r['articles'], 'article')}{_mostly(r)})"


def _vote_name(v: dict) -> str:
    """'the Security Council draft 2118 on Syria' (adopted ones are resolutions, the others drafts)."""
    from ..aggregate.tables import un_body_label

    body = un_body_label(v["body"])
    kind = "resolution" if v["outcome"] == "adopted" else "draft"
    text = f"the {body} {kind}" if v["body"] != "other_un" else f"a {kind} of another UN body"
    if not _missing(v["resolution"]):
        text += f" {_md(v['resolution'])}"
    if v["subject"]:
        text += f" ({_md(v['subject'])})"
    return text


def _when(v: dict) -> str:
    first = "undated" if _missing(v["first_reported"]) else f"first reported {day(v['first_reported'])}"
    held = f"held {_stated_date(v['voted'])}, " if not _missing(v.get("voted")) else ""
    return f"{held}{first}, {_plural(v['articles'], 'article')}"


def _stated_date(value: str) -> str:
    """A partial ISO date as words: ``7 Feb 2017``, ``Dec 2016`` or ``2016``.

    Example
    -------
    >>> [_stated_date(v) for v in ("1967-11-22", "2016-12", "2010")]
    ['22 Nov 1967', 'Dec 2016', '2010']
    """
    if len(value) == 10:
        return day(pd.Timestamp(value))
    if len(value) == 7:
        return f"{pd.Timestamp(value + '-01'):%b %Y}"
    return value


def events(sanctions: pd.DataFrame | None, votes: pd.DataFrame | None, *, top: int = 5) -> str:
    """Who sanctions whom, what is threatened and what eased, and how the reported UN votes went.

    Parameters
    ----------
    sanctions:
        :func:`analysis.sanction_events` output (``article_id``, ``sender``,
        ``target``, ``status``).
    votes:
        :func:`analysis.un_votes` output; several articles reporting one vote
        count as one vote (:func:`analysis.aggregate.distinct_votes`).
    top:
        How many sender-target pairs, vetoed votes and tallies to name.

    Returns
    -------
    str
        Three Markdown paragraphs. Pairs are ranked by the number of distinct
        articles with a record of them (ties by name); records whose article
        does not name the sender are counted apart. With a ``source`` column,
        the outlets the records come from are named, and a pair that is mostly
        one outlet's coverage says so (as :func:`actors` does for an actor).
        An empty or missing table is said in words.

    Example
    -------
    >>> s = pd.DataFrame({"article_id": ["a", "b", "b", "c"], "sender": ["United States"] * 3 + ["unknown"],
    ...                   "target": ["Russia", "Russia", "Russia", "Iran"],
    ...                   "status": ["imposed", "imposed", "threatened", "eased"]})
    >>> print(events(s, None).split("\\n\\n")[0])
    The articles hold 4 sanction records (one per article, sender, target and status) in 3 articles. Who sanctions whom most, by the number of articles: United States → Russia (2 articles). In 1 record (1 article) the article does not say who imposes or lifts the measure; its target is Iran (1 article).
    """
    from ..aggregate.tables import RECALLED_DAYS, SAME_VETO_DAYS, SAME_VOTE_DAYS, SANCTION_STATUSES

    f = _event_facts(sanctions, votes, top=top)
    out = []
    s = f["sanctions"]
    if s is None:
        out.append("Sanction records cannot be described: " + "; ".join(n for n in f["notes"] if "sanction" in n) + ".")
    elif s["records"] == 0:
        out.append("No sanction record was found in these articles.")
    else:
        text = [f"The articles hold {_plural(s['records'], 'sanction record')} (one per article, sender, target and "
                f"status) in {_plural(s['articles'], 'article')}."]
        if len(s["outlets"]) > 1:
            lead = s["outlets"][:3]
            text.append(f"They come from {_plural(len(s['outlets']), 'outlet')}, most from "
                        + _join([f"{_md(outlet_label(o))} ({_plural(n, 'article')}, {pct(n / s['articles'])})"
                                 for o, n in lead]) + ".")
        if s["dyads"]:
            of = f" (of {num(s['n_dyads'])} sender-target pairs)" if s["n_dyads"] > len(s["dyads"]) else ""
            text.append(f"Who sanctions whom most, by the number of articles{of}: "
                        f"{_join([_arrow(r) for r in s['dyads']])}.")
        else:
            text.append("No record names its sender.")
        if s["unknown_records"]:
            k = s["unknown_records"]
            them = "its target is" if len(s["unknown_targets"]) == 1 else "their most frequent targets are"
            targets = _join([f"{_md(t)} ({_plural(n, 'article')})" for t, n in s["unknown_targets"]])
            text.append(f"In {_plural(k, 'record')} ({_plural(s['unknown_articles'], 'article')}) the article does not "
                        f"say who imposes or lifts the measure" + (f"; {them} {targets}." if targets else "."))
        out.append(" ".join(text))
        counts = [(s["statuses"][name], words) for name, words in SANCTION_STATUSES.items()]
        said = [f"{_plural(st['records'], 'record')} ({_plural(st['articles'], 'article')})" for st, _ in counts]
        verb = "says" if counts[0][0]["records"] == 1 else "say"
        text = [f"By status, {said[0]} {verb} sanctions are {counts[0][1]}, "
                f"{_join([f'{c} {w}' for c, (_, w) in zip(said[1:], counts[1:])])}."]
        for name in ("threatened", "eased"):
            st = s["statuses"][name]
            if st["dyads"]:
                text.append(f"Most often {SANCTION_STATUSES[name]}: {_join([_arrow(r) for r in st['dyads']])}.")
        if s["other_status"]:
            text.append(f"{_cap(_plural(s['other_status'], 'record'))} with another status are not counted here.")
        out.append(" ".join(text))
    v = f["votes"]
    if v is None:
        out.append("UN votes cannot be described: " + "; ".join(n for n in f["notes"] if "UN vote" in n) + ".")
    elif v["records"] == 0:
        out.append("No UN vote is reported in these articles.")
    else:
        o = v["outcomes"]
        counts = _join([f"{num(o[k])} {k}" for k in ("adopted", "vetoed", "failed", "scheduled") if o[k]])
        text = [f"The articles report {_plural(v['records'], 'UN vote record')} in {_plural(v['articles'], 'article')}; "
                f"taking reports of the same vote together (same body and resolution; or same body, outcome and "
                f"vetoing members, not dated differently by their sentences, and within {SAME_VOTE_DAYS} days of "
                f"the first report, {SAME_VETO_DAYS} for a veto), these are "
                f"{_plural(v['distinct'], 'distinct vote')}: {counts}."]
        if v["recalled"]:
            lo, hi = (_stated_date(x) for x in v["recalled_span"])
            on = "on" if len(v["recalled_span"][0]) == 10 else "in"  # "on 22 Nov 1967", "in Dec 2016"
            span = f"{on} {lo}" if lo == hi else f"from {lo} to {hi}"
            ro = v["recalled_outcomes"]
            kinds = _join([f"{num(ro[k])} {k}" for k in ("adopted", "vetoed", "failed", "scheduled") if ro[k]])
            were = "is an earlier vote" if v["recalled"] == 1 else "are earlier votes"
            text.append(f"{_cap(num(v['recalled']))} of them {were} that the articles recall as background "
                        f"({kinds}; their sentences date them {span}, more than {RECALLED_DAYS} days before the first "
                        f"article that mentions them), not votes of the articles' own weeks.")
        if o["vetoed"]:
            by = [f"{_md(m)} in {_plural(n, 'vote')}" for m, n in v["veto_members"]]
            head = f"Vetoing members named: {_join(by)}" if by else "No vetoing member is named"
            if v["unnamed_vetoes"] and by:
                head += f" (no member named for {num(v['unnamed_vetoes'])})"
            items = []
            for r in v["vetoed"]:
                who = f"by {_join([_md(m) for m in r['vetoed_by']])}" if r["vetoed_by"] else "by a member not named"
                items.append(f"{_vote_name(r)}, {who} ({_when(r)})")
            of = f" (the {num(len(items))} in most articles, of {num(o['vetoed'])})" if o["vetoed"] > len(items) else ""
            text.append(f"{head}. Vetoed{of}: {'; '.join(items)}.")
        if o["adopted"]:
            if v["tallied"]:
                items = []
                for r in v["tallied"]:
                    tally = ", ".join(f"{'?' if _missing(r[c]) else num(r[c])} {w}"
                                      for c, w in (("yes", "in favour"), ("no", "against"), ("abstain", "abstaining")))
                    items.append(f"{_vote_name(r)}, {tally} ({_when(r)})")
                of = (f" (the {num(len(items))} in most articles)" if v["adopted_tallied"] > len(items) else "")
                text.append(f"Of the {_plural(o['adopted'], 'adopted vote')}, {num(v['adopted_tallied'])} "
                            f"{'states' if v['adopted_tallied'] == 1 else 'state'} a tally{of}: {'; '.join(items)}.")
            else:
                text.append(f"None of the {_plural(o['adopted'], 'adopted vote')} states a tally.")
        out.append(" ".join(text))
    return "\n\n".join(out)


def sample_note(texts: pd.DataFrame) -> str:
    """Say whether text-based results come from all articles in view or from a sample of them.

    ``texts`` is :meth:`analysis.report.Bundle.texts`'s result
    (``attrs["sampled_from"]``: the articles it was drawn from).

    Example
    -------
    >>> t = pd.DataFrame({"source": ["a", "b"]}); t.attrs["sampled_from"] = 10
    >>> print(sample_note(t))
    Distinctive words and topics come from a sample of 2 of the 10 articles in view, drawn in proportion to each outlet's articles.
    """
    total = texts.attrs.get("sampled_from", len(texts))
    if len(texts) >= total:
        return f"Distinctive words and topics come from all {_plural(len(texts), 'article')} in view."
    return (f"Distinctive words and topics come from a sample of {num(len(texts))} of the {_plural(total, 'article')} "
            "in view, drawn in proportion to each outlet's articles.")


def theme_examples(shown: pd.DataFrame, *, of: int, on: str, per_outlet: int = 2) -> str:
    """Introduce a theme's example table: how many of its articles, chosen how, from how many outlets.

    ``shown`` is :func:`analysis.present.explore.theme_examples`'s table for
    articles chosen by :func:`analysis.aggregate.tables.salient_articles` with
    this ``per_outlet``; ``of`` is the number of articles about the theme and
    ``on`` its label.

    Example
    -------
    >>> shown = pd.DataFrame({"outlet": ["TASS", "DW", "TASS"]})
    >>> print(theme_examples(shown, of=42, on="sanctions"))
    The 3 of 42 sanctions articles with the highest salience (how central the theme is: its share of sentences, hits in headline and lead, distinct terms), at most two from one outlet (2 outlets shown), each with its sentence that uses most distinct sanctions terms:
    """
    if shown.empty:
        return f"No {_md(on)} article to show."
    if of == 1:
        return f"The one {_md(on)} article, with its sentence that uses most distinct {_md(on)} terms:"
    outlets = shown["outlet"].nunique(dropna=False)
    return (f"The {num(len(shown))} of {num(of)} {_md(on)} articles with the highest salience (how central the "
            "theme is: its share of sentences, hits in headline and lead, distinct terms), at most "
            f"{_count_word(per_outlet)} from one outlet ({_plural(outlets, 'outlet')} shown), each with its "
            f"sentence that uses most distinct {_md(on)} terms:")


# --------------------------------------------------------------------------- how to read


def method_note() -> str:
    """How the findings are worded: like-with-like comparisons, size thresholds, multiplicity.

    The thresholds are read from :mod:`analysis.compare`, so the note never
    goes stale.

    Example
    -------
    >>> method_note().split(". ")[0]
    'How to read these findings: changes over time are measured within outlets (only outlets with at least 10 articles in both periods), so a change in which outlets published is not taken for a change in coverage'
    """
    c = _compare
    t, s, o = c.TONE_DIFF_BANDS, c.SHARE_PP_BANDS, c.SHARE_OR_BANDS
    return (f"How to read these findings: changes over time are measured within outlets (only outlets with at "
            f"least {c.MIN_STRATUM} articles in both periods), so a change in which outlets published is not "
            "taken for a change in coverage. The size of a difference, not its p-value, decides the word: a tone "
            f"difference below {t[0]:.2f} is negligible, below {t[1]:.2f} slight, below {t[2]:.2f} moderate, "
            f"otherwise large; a change of a theme's share must reach {100 * s[0]:.0f}, {100 * s[1]:.0f} or "
            f"{100 * s[2]:.0f} percentage points and an odds ratio of {o[0]:g}, {o[1]:g} or {o[2]:g} to be slight, "
            "moderate or large. A difference that could be chance is called uncertain, whatever its size, unless its "
            "whole 95% interval is negligible. "
            "Several tests in one paragraph are corrected for multiplicity with Holm's method.")


# --------------------------------------------------------------------------- summary


def _summary_trend(th: dict) -> str:
    """The clause of :func:`summary` on change over time (empty when there is none to report)."""
    rows = [r for r in th["themes"] if r["trend"] is not None and r["articles"] > 0]
    if not rows or len(th["used"]) < 2 or not th["by_outlet"]:
        return ""
    p0, p1 = period_label(th["baseline"]), period_label(th["used"][-1])
    if not th["compared"]:
        return (f"; change over time is not measured, because no outlet published at least {th['min_outlet']} "
                f"articles in both {p0} and {p1}")
    found = [r for r in rows if r["trend"]["size"] in ("slight", "moderate", "large")
             and r["trend"]["direction"] in ("rose", "fell")]
    k = th["min_outlet"]
    within = (f"within {_md(outlet_label(th['compared'][0]['stratum']))}, the only outlet with at least {k} articles "
              "in both months" if len(th["compared"]) == 1 else
              f"within the {_count_word(len(th['compared']))} outlets with at least {k} articles in both months")
    within = within.replace("months", f"{_PERIOD_WORDS.get(th['freq'], 'period')}s")
    if found:
        r = max(found, key=lambda r: abs(r["trend"]["diff"]))
        tr = r["trend"]
        return (f"; {within}, {_md(r['label'])} {tr['direction']} from {pct(tr['std_first'])} in {p0} to "
                f"{pct(tr['std_last'])} in {p1} ({_size_phrase(tr)}, {pp(tr['diff'])}, 95% CI "
                f"{pp(tr['lo']).split(' ')[0]} to {pp(tr['hi'])}, {pval(tr['p_adj'])}"
                f"{_holm_note(th['tests'])})")
    s = f"; {within}, no theme's share changed clearly from {p0} to {p1}"
    mixed = [r for r in rows if r["trend"]["mix_effect"] and pct(r["trend"]["raw_first"]) != pct(r["trend"]["raw_last"])]
    if mixed:
        r = max(mixed, key=lambda r: abs(r["trend"]["raw_change"]))
        tr = r["trend"]
        verb = "rise" if tr["raw_change"] > 0 else "fall"
        s += (f" (the {verb} of {_md(r['label'])} from {pct(tr['raw_first'])} to {pct(tr['raw_last'])} over all "
              f"articles {_mix_words(tr)})")
    return s


def summary_facts(articles: pd.DataFrame, actor_table: pd.DataFrame | None = None, *,
                  themes: Sequence[str] | None = None, freq: str = "M", top_actors: int = 3) -> dict:
    """The numbers behind :func:`summary`: ``corpus``, ``themes``, ``tone``,
    ``actors`` (facts dicts of the other paragraphs), ``outlets`` (outlet
    facts for the most frequent theme, or None) and ``overall`` (for the
    outlet that covers that theme most, its articles on *other* subjects
    against the other outlets' articles on other subjects: :func:`welch`
    numbers and ``verdict``; None when either side has fewer than
    :data:`MIN_GROUP` scored articles).

    Example
    -------
    >>> f = summary_facts(pd.DataFrame({"source": ["a"], "n_words": [5], "published": [pd.NaT]}))
    >>> f["corpus"]["articles"], f["outlets"]
    (1, None)
    """
    th = theme_facts(articles, themes=themes, freq=freq)
    lead = next((r for r in th["themes"] if r["articles"] > 0), None)
    outlets = (outlet_theme_facts(articles, lead["theme"], top=1)
               if lead is not None and "source" in articles.columns else None)
    overall = None
    if outlets is not None and outlets["top"] and outlets["measure"] is not None:
        off = ~_flag(articles, lead["theme"])  # the outlet, or the subject? its articles on everything else
        mine = _sources(articles).to_numpy() == outlets["top"][0]["outlet"]
        vals = _cells.score_sums(articles, outlets["measure"])
        a, b = vals[off & mine], vals[off & ~mine]
        if a["n"].sum() >= MIN_GROUP and b["n"].sum() >= MIN_GROUP:
            overall = welch(a, b)
            overall["verdict"] = verdict(overall)
    return {
        "corpus": corpus_facts(articles),
        "themes": th,
        "tone": tone_facts(articles),
        "actors": actor_facts(articles, actor_table, top=top_actors),
        "outlets": outlets,
        "overall": overall,
    }


def summary(articles: pd.DataFrame, actor_table: pd.DataFrame | None = None, *,
            themes: Sequence[str] | None = None) -> str:
    """One paragraph with the headline findings (for the report's front page).

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a.com", "b.com"] * 15, "n_words": [100] * 30,
    ...                    "published": pd.to_datetime(["2017-02-01"] * 30, utc=True),
    ...                    "energy": [True, False, False] * 10, "energy_hits": [1, 0, 0] * 10,
    ...                    "polarity": [0.0, 0.1, 0.05] * 10, "actors": [["Russia"]] * 30})
    >>> print(summary(df))
    The analysis covers 30 articles from 2 outlets, published on 1 Feb 2017. The most common theme is energy (10 articles, 33.3%). Energy is covered most by a.com (5 of its 15 articles, 33.3%). The average article is slightly positive (mean polarity +0.050); no VADER scores are present to cross-check it. The most mentioned actor is Russia (30 articles, portrayed slightly positively, +0.050).
    """
    f = summary_facts(articles, actor_table, themes=themes)
    c = f["corpus"]
    if c["articles"] == 0:
        return "The table has no articles, so there are no findings to report."
    s = [f"The analysis covers {_plural(c['articles'], 'article')}"]
    if c["n_outlets"] == 1:
        s[0] += f" from one outlet, {_md(c['outlets'][0]['outlet'])}"
    elif c["n_outlets"]:
        s[0] += f" from {_plural(c['n_outlets'], 'outlet')}"
    if c["first"] is None:
        s[0] += ", none of them dated."
    elif c["days"] == 0:
        s[0] += f", published on {day(c['first'])}."
    else:
        s[0] += f", published between {day(c['first'])} and {day(c['last'])}"
        core = _core_sentence(c)
        s[0] += f"; {core}." if core else "."
    th = [r for r in f["themes"]["themes"] if r["articles"] > 0]
    if th:
        r0 = th[0]
        t = (f"The most common theme is {_md(r0['label'])} ({_plural(r0['articles'], 'article')}, "
             f"{pct(r0['share'])})")
        if len(th) > 1:
            t += ", followed by " + _join([f"{_md(r['label'])} ({pct(r['share'])})" for r in th[1:]])
        t += _summary_trend(f["themes"])
        s.append(t + ".")
    elif f["themes"]["themes"]:
        s.append("None of the themes appears in any article.")
    else:
        s.append("Themes were not analysed.")
    o = f["outlets"]
    if o is not None and o["top"] and len(o["outlets"]) > 1:
        t0 = o["top"][0]
        t = (f"{_cap(_md(o['label']))} is covered most by {_md(outlet_label(t0['outlet']))} ({num(t0['theme_articles'])} of its "
             f"{_plural(t0['articles'], 'article')}, {pct(t0['share'])})")
        tone = t0.get("tone")
        if tone and tone["status"] == "compared" and tone["verdict"] != "uncertain":
            nums = (f"{_tone_pair(tone, o['measure'])}; difference {pol(tone['diff'])}, 95% CI {pol(tone['lo'])} to "
                    f"{pol(tone['hi'])}")
            if tone["verdict"] == "negligible":
                t += f", whose articles on it differ negligibly in tone from other outlets' ({nums})"
            else:
                corrected = "Holm-corrected " if o["tests"] > 1 else ""  # as on the theme's page, with its family
                t += (f", whose articles on it are {tone['verdict']} than other outlets' "
                      f"({nums}, {corrected}{pval(tone['p_adj'])})")
                w = f["overall"]  # is it the subject, or the outlet? its articles on other subjects, said beside
                if w is not None and w["verdict"] not in ("negligible", "uncertain") and w["diff"] * tone["diff"] > 0:
                    t += (f", as are its articles on other subjects (difference {pol(w['diff'])}, 95% CI "
                          f"{pol(w['lo'])} to {pol(w['hi'])})")
        s.append(t + ".")
    tn = f["tone"]
    if tn["n"]:
        t = f"The average article is {_tone_adjective(tn['word'])} (mean {_mname(tn['measure'])} {pol(tn['mean'])}"
        t += f"; TextBlob polarity {pol(tn['polarity'])})" if tn["polarity"] is not None else ")"
        if tn["vader"] is not None:
            t += f"; VADER, a second scorer{_vader_basis(tn)}, gives {pol(tn['vader'])}"
            if tn["disagree"] is not None:
                t += (f" and points the opposite way to TextBlob on {pct(tn['disagree'])} of "
                      f"{'the sampled ' if _vader_basis(tn) else ''}articles")
        else:
            t += "; no VADER scores are present to cross-check it"
        s.append(t + ".")
    else:
        s.append("Tone was not scored (no `polarity` values).")
    a = f["actors"]
    rows = a["actors"]
    if rows:
        lead = "The most mentioned actor is " if len(rows) == 1 else "The most mentioned actors are "
        words = {r["word"] for r in rows}
        if len(rows) > 1 and len(words) == 1 and all(r["scored"] >= a["min_group"] for r in rows):
            names = [f"{_md(r['actor'])} ({_plural(r['articles'], 'article')}{_mostly(r)})" for r in rows]
            nums = _join([pol(r["mean"]) for r in rows])
            if a["measure"] == "tone":
                nums = f"tone {nums}; TextBlob polarity " + _join([pol(r["polarity"]) for r in rows])
            s.append(lead + _join(names) + f", all portrayed {rows[0]['word']} ({nums}).")
        else:
            items = [f"{_md(r['actor'])} ({_plural(r['articles'], 'article')}{_mostly(r)}, "
                     f"{_portrayal(r, a['min_group'], short=True)})" for r in rows]
            s.append(lead + _join(items) + ".")
    return " ".join(s)


# --------------------------------------------------------------------------- one article


def article_facts(row: pd.Series, sentences: pd.DataFrame, evidence: pd.DataFrame,
                  actor_table: pd.DataFrame | None = None, *, themes: Sequence[str] | None = None) -> dict:
    """The numbers behind :func:`article` for one analysed article.

    ``row`` is the article's row of :func:`analysis.analyze`; the tables are its
    rows of :func:`analysis.sentences`, :func:`analysis.evidence` and
    :func:`analysis.actor_sentiment`. ``tone`` is None without a ``tone``
    value; ``word`` follows ``tone`` when there is one, else ``polarity``; the
    extreme sentences are picked by ``sentence_measure`` (see :func:`measure`).
    """
    sent = sentences[sentences["article_id"] == row["article_id"]] if "article_id" in sentences else sentences
    ev = evidence[evidence["article_id"] == row["article_id"]] if "article_id" in evidence else evidence
    names = list(themes) if themes is not None else [t for t in theme_columns(row.to_frame().T)]
    found = []
    for t in names:
        hits = ev[ev["theme"] == t]
        if len(hits):
            about = row.get(t)
            found.append({"theme": t, "hits": int(len(hits)), "sentences": int(hits["sentence_no"].nunique()),
                          "terms": list(dict.fromkeys(hits["term"]))[:3],
                          "about": None if _missing(about) else bool(about),
                          "salience": None if _missing(row.get(f"{t}_salience")) else float(row[f"{t}_salience"])})
    most_pos = most_neg = None
    scol = measure(sent) if len(sent) else "polarity"
    if len(sent):
        top, low = sent.loc[sent[scol].idxmax()], sent.loc[sent[scol].idxmin()]
        if top[scol] > 0:
            most_pos = {"no": int(top["sentence_no"]) + 1, "polarity": float(top[scol])}
        if low[scol] < 0:
            most_neg = {"no": int(low["sentence_no"]) + 1, "polarity": float(low[scol])}
    actors_ = []
    if actor_table is not None and len(actor_table):
        mine = actor_table[actor_table["article_id"] == row["article_id"]]
        for r in mine.sort_values(["n_sentences", "actor"], ascending=[False, True]).head(4).itertuples():
            tone_ = getattr(r, "tone", None)
            actors_.append({"actor": r.actor, "sentences": int(r.n_sentences), "polarity": float(r.polarity),
                            "tone": None if _missing(tone_) else float(tone_)})
    published = row.get("published")
    return {
        "title": row.get("title"), "source": row.get("source"),
        "published": None if _missing(published) else published,
        "n_sentences": int(len(sent)), "n_words": None if _missing(row.get("n_words")) else int(row["n_words"]),
        "polarity": float(row["polarity"]), "subjectivity": float(row["subjectivity"]),
        "tone": None if _missing(row.get("tone")) else float(row["tone"]), "sentence_measure": scol,
        "word": tone_word(row["polarity"] if _missing(row.get("tone")) else row["tone"]), "themes": found, "most_positive": most_pos, "most_negative": most_neg,
        "n_actors": int(len(row["actors"])) if isinstance(row.get("actors"), (list, np.ndarray)) else 0,
        "actors": actors_,
    }


def article(row: pd.Series, sentences: pd.DataFrame, evidence: pd.DataFrame, actor_table: pd.DataFrame | None = None,
            *, themes: Sequence[str] | None = None) -> str:
    """A paragraph on one analysed article: tone, its extremes, themes with evidence, actors.

    Example
    -------
    >>> import analysis
    >>> t = analysis.analyze_all(pd.DataFrame({"article_id": ["a"], "source": ["x.com"],
    ...     "text": ["Oil prices fell. Russia was unhappy about the terrible deal."]}))
    >>> print(article(t.articles.iloc[0], t.sentences, t.evidence, t.actor_sentiment))  # doctest: +NORMALIZE_WHITESPACE
    This article from x.com has 2 sentences; overall it reads negatively (tone -0.417; TextBlob polarity -0.800, subjectivity 0.950). Its most negative sentence is number 2 (tone -0.559). It is about energy (1 hit in 1 sentence, salience 0.30: "oil prices"). It mentions 1 actor: Russia (1 sentence, mean tone -0.559; TextBlob polarity -0.800).
    """
    f = article_facts(row, sentences, evidence, actor_table, themes=themes)
    where = f" from {_md(outlet_label(f['source']))}" if not _missing(f["source"]) else ""
    when = f", published {day(f['published'])}," if f["published"] is not None else ""
    scores = (f"tone {pol(f['tone'])}; TextBlob polarity {pol(f['polarity'])}" if f["tone"] is not None
              else f"polarity {pol(f['polarity'])}")
    s = [f"This article{where}{when} has {_plural(f['n_sentences'], 'sentence')}; overall it reads {f['word']} "
         f"({scores}, subjectivity {f['subjectivity']:.3f})."]
    extremes = []
    named = "tone " if f["sentence_measure"] == "tone" else ""
    if f["most_positive"]:
        extremes.append(f"most positive sentence is number {f['most_positive']['no']} "
                        f"({named}{pol(f['most_positive']['polarity'])})")
    if f["most_negative"]:
        extremes.append(f"most negative sentence is number {f['most_negative']['no']} "
                        f"({named}{pol(f['most_negative']['polarity'])})")
    if extremes:
        s.append("Its " + _join(extremes) + ".")
    def _hits(t: dict) -> str:
        sal = f", salience {t['salience']:.2f}" if t["salience"] is not None else ""
        return (f"{_theme_label(t['theme'])} ({_plural(t['hits'], 'hit')} in {_plural(t['sentences'], 'sentence')}"
                f"{sal}: " + ", ".join(f'"{_md(x)}"' for x in t["terms"]) + ")")

    about = [t for t in f["themes"] if t["about"]]
    passing = [t for t in f["themes"] if t["about"] is False]
    unknown = [t for t in f["themes"] if t["about"] is None]  # no ``T`` column: hits only
    if unknown:
        s.append("It has evidence of " + _join([_hits(t) for t in unknown]) + ".")
    if about:
        s.append("It is about " + _join([_hits(t) for t in about]) + ".")
    if passing:
        s.append(("It also mentions " if about else "It mentions ") + _join([_hits(t) for t in passing])
                 + " only in passing.")
    if not f["themes"]:
        s.append("It concerns none of the themes.")
    if f["actors"]:
        items = [f"{_md(a['actor'])} ({_plural(a['sentences'], 'sentence')}, "
                 + (f"mean tone {pol(a['tone'])}; TextBlob polarity {pol(a['polarity'])})" if a.get("tone") is not None
                    else f"mean polarity {pol(a['polarity'])})") for a in f["actors"]]
        more = ", most often " if f["n_actors"] > len(f["actors"]) else ": "
        s.append(f"It mentions {_plural(f['n_actors'], 'actor')}{more}" + _join(items) + ".")
    else:
        s.append("It mentions none of the known actors.")
    return " ".join(s)


# --------------------------------------------------------------------------- tone and the second opinion


def tone_outlet_facts(articles: pd.DataFrame, *, top: int = 12) -> dict:
    """:func:`tone_facts` plus, per outlet, the share of articles where TextBlob and VADER disagree
    (``by_outlet``: the ``top`` outlets with most such articles, at least :data:`MIN_GROUP`; ``more``:
    how many other outlets have that many)."""
    f = tone_facts(articles)
    by, more = [], 0
    if _cells.has_score(articles, "sentiment_disagree") and "source" in articles.columns:
        g = moments_by(_cells.score_sums(articles, "sentiment_disagree"), articles["source"].to_numpy(dtype=object))
        g = g[g["size"] >= MIN_GROUP]
        more = max(len(g) - max(top, 0), 0)
        g = g.sort_values("size", ascending=False, kind="stable").head(max(top, 0))
        g = g.sort_values(["mean", "size"], ascending=[False, False])
        by = [{"outlet": k, "share": float(r["mean"]), "articles": int(r["size"])} for k, r in g.iterrows()]
    return dict(f, by_outlet=by, more=more)


def _vader_basis(facts: dict) -> str:
    """", on a sample of N of the M articles ..." when VADER scored fewer articles than the tone measure."""
    if not facts["vader_n"] or facts["vader_n"] >= facts["n"]:
        return ""
    return (f" on a sample of {num(facts['vader_n'])} of the {_plural(facts['n'], 'article')} (drawn in proportion "
            "to each outlet's articles)")


def tone(articles: pd.DataFrame) -> str:
    """Overall tone (``tone``, else TextBlob's polarity), VADER's second opinion, and where TextBlob and VADER disagree.

    Example
    -------
    >>> df = pd.DataFrame({"polarity": [0.2, -0.1, 0.05] * 4, "vader": [0.5, 0.3, 0.0] * 4,
    ...                    "sentiment_disagree": [False, True, False] * 4, "source": ["a.com"] * 12})
    >>> print(tone(df))
    The average article reads slightly positively by TextBlob (mean polarity +0.050, 95% CI -0.031 to +0.131, 12 articles). VADER, scoring sentence by sentence, gives a mean of +0.267. The two point opposite ways on 33.3% of articles: a.com 33.3% (12 articles).
    """
    f = tone_outlet_facts(articles)
    if not f["n"]:
        return "Tone was not scored (no `polarity` values)."
    if f["measure"] == "tone":
        second = f"; TextBlob polarity {pol(f['polarity'])}" if f["polarity"] is not None else ""
        s = [f"The average article reads {f['word']} (mean tone {pol(f['mean'])}, 95% CI {pol(f['lo'])} to "
             f"{pol(f['hi'])}, {_plural(f['n'], 'article')}{second})."]
    else:
        s = [f"The average article reads {f['word']} by TextBlob (mean polarity {pol(f['mean'])}, 95% CI "
             f"{pol(f['lo'])} to {pol(f['hi'])}, {_plural(f['n'], 'article')})."]
    if f["vader"] is None:
        s.append("No VADER scores are present for a second opinion (run the analysis with `vader=True`).")
        return " ".join(s)
    s.append(f"VADER, scoring sentence by sentence{_vader_basis(f)}, gives a mean of {pol(f['vader'])}"
             + (f" (95% CI {pol(f['vader_lo'])} to {pol(f['vader_hi'])})." if f["vader_n"] < f["n"] else "."))
    if f["disagree"] is not None:
        who = "TextBlob and VADER" if f["measure"] == "tone" else "The two"
        t = f"{who} point opposite ways on {pct(f['disagree'])} of {'the sampled ' if _vader_basis(f) else ''}articles"
        if f["by_outlet"]:
            t += ": " + ", ".join(f"{_md(outlet_label(o['outlet']))} {pct(o['share'])} ({_plural(o['articles'], 'article')})"
                                  for o in f["by_outlet"])
            if f["more"]:
                t += f" (the {num(len(f['by_outlet']))} outlets with most articles; {_plural(f['more'], 'other')} not listed)"
        s.append(t + ".")
    return " ".join(s)


def outlet_tone_facts(articles: pd.DataFrame, *, min_group: int = MIN_GROUP, top: int = 12) -> dict:
    """The numbers behind :func:`outlet_tone`: each outlet's articles against the other outlets'.

    Keys: ``measure`` ("tone" or "polarity", None when neither is present),
    ``outlets`` (the ``top`` outlets with most scored articles among those
    with at least ``min_group``, and at least ``min_group`` elsewhere:
    ``outlet`` plus the :func:`welch` numbers, ``polarity_a``/``polarity_b``
    (TextBlob's means, when ``measure`` is "tone"), ``p_adj`` (Holm over the
    outlets compared) and ``verdict``; ordered from the most positive
    difference), ``small`` (outlets with too few articles, with ``n``),
    ``others`` (outlets with enough articles beyond the ``top``, and
    ``others_articles`` their articles), ``pair`` (True when the collection
    has just two outlets: the first is then compared with the other,
    ``versus``, once), ``tests`` and ``missing``.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a"] * 12 + ["b"] * 12, "polarity": [0.2, 0.22] * 6 + [0.0, 0.02] * 6})
    >>> f = outlet_tone_facts(df)
    >>> [(o["outlet"], round(o["diff"], 2), o["verdict"]) for o in f["outlets"]], f["pair"], f["versus"]
    ([('a', 0.2, 'much more positive')], True, 'b')
    """
    col = measure(articles)
    missing = [c for c in ("source", col) if c not in articles.columns and not _cells.has_score(articles, c)]
    out = {"measure": None if col in missing else col, "outlets": [], "small": [], "others": 0,
           "others_articles": 0, "pair": False, "versus": None, "tests": 0, "missing": missing}
    if missing or not len(articles):
        return out
    src = _sources(articles).to_numpy()
    vals = _cells.score_sums(articles, col)
    second = (_cells.score_sums(articles, "polarity") if col == "tone" and _cells.has_score(articles, "polarity")
              else None)
    counts = vals["n"].groupby(src).sum()
    counts = counts[counts > 0].astype("int64")
    total = int(counts.sum())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))  # (a crawl can have thousands)
    enough = [(o, int(k)) for o, k in ranked if k >= min_group and total - k >= min_group]
    chosen = {o for o, _ in enough}
    out["small"] = sorted(({"outlet": o, "n": int(k)} for o, k in ranked if o not in chosen), key=lambda r: str(r["outlet"]))
    out["others"] = max(len(enough) - max(top, 0), 0)
    out["others_articles"] = sum(k for _, k in enough[max(top, 0):])
    compared = enough[:max(top, 0)]
    out["pair"] = len(ranked) == 2 and len(compared) == 2
    if out["pair"]:  # two outlets in all: one against the other is one comparison, not two mirrored ones
        compared = compared[:1]
        out["versus"] = enough[1][0]
    for outlet, _ in compared:
        mine, rest = src == outlet, src != outlet
        row = {"outlet": outlet, **welch(vals[mine], vals[rest])}
        if second is not None:
            row.update(polarity_a=mean_ci(second[mine])["mean"], polarity_b=mean_ci(second[rest])["mean"])
        out["outlets"].append(row)
    out["tests"] = len(out["outlets"])
    for row, q in zip(out["outlets"], adjust([r["p"] for r in out["outlets"]])):
        row["p_adj"] = float(q)
        row["verdict"] = verdict(row, p=float(q))
    out["outlets"].sort(key=lambda r: (-r["diff"], str(r["outlet"])))
    return out


def outlet_tone(articles: pd.DataFrame, *, min_group: int = MIN_GROUP, top: int = 12) -> str:
    """How each outlet's tone compares with the other outlets', over all their articles.

    Each of the ``top`` outlets with most scored articles (at least
    ``min_group``) is compared with all the others (mean ``tone``, else
    ``polarity``; Welch's t-test, 95% interval of the difference, Holm
    correction over the outlets); with two outlets in all, the one with more
    articles is compared with the other, once. The size decides the words
    (see the module's wording rules): the outlets that differ are named one
    by one, those that differ negligibly or uncertainly together, the others
    counted. A closing sentence says what such a comparison cannot tell:
    outlets cover different subjects.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a.com"] * 12 + ["b.com"] * 12 + ["c.com"] * 12,
    ...                    "polarity": [0.2, 0.22] * 6 + [0.05, 0.07] * 6 + [0.05, 0.08] * 6})
    >>> print(outlet_tone(df))
    Over all their articles, a.com's articles are much more positive than the other outlets' (mean polarity +0.210 vs +0.063; difference +0.148, 95% CI +0.139 to +0.156; Welch's t-test p < 0.001 after Holm correction for three comparisons). c.com's articles are moderately more negative than the other outlets' (mean polarity +0.065 vs +0.135; difference -0.070, 95% CI -0.104 to -0.036; Welch's t-test Holm-corrected p < 0.001). b.com's articles are moderately more negative than the other outlets' (mean polarity +0.060 vs +0.137; difference -0.077, 95% CI -0.110 to -0.045; Welch's t-test Holm-corrected p < 0.001). Outlets cover different subjects, so part of a difference may come from what an outlet writes about rather than how; the theme paragraphs compare outlets on the same subject.
    """
    f = outlet_tone_facts(articles, min_group=min_group, top=top)
    if "source" in f["missing"]:
        return "The outlets are not known (no `source` column), so their tone cannot be compared."
    if f["measure"] is None:
        return "Tone cannot be compared: the table has no `tone` or `polarity` column (run `analysis.analyze` first)."
    rows = f["outlets"]
    if not rows:
        return (f"No outlet has at least {min_group} scored articles with as many from other outlets, "
                "so tone cannot be compared between outlets.")
    col, said = f["measure"], [False]
    if f["pair"]:
        r = rows[0]
        other = f"{_md(outlet_label(f['versus']))}’s"
        nums = (f"{_tone_pair(r, col)}; difference {pol(r['diff'])}, 95% CI {pol(r['lo'])} to {pol(r['hi'])}; "
                f"Welch's t-test {pval(r['p'])}")
        return (f"Over all their articles, {_differs(_md(outlet_label(r['outlet'])), r, other)} ({nums})."
                .replace("’", "'") + " The two outlets cover different subjects, so part of the difference may come "
                "from what each writes about rather than how; the theme paragraphs compare them on the same subject.")
    shown = [r for r in rows if r["verdict"] not in ("negligible", "uncertain")]
    text = []
    for r in shown:
        nums = (f"{_tone_pair(r, col)}; difference {pol(r['diff'])}, 95% CI {pol(r['lo'])} to {pol(r['hi'])}; "
                f"Welch's t-test {_pv(r['p_adj'], f['tests'], said)}")
        lead = "Over all their articles, " if not text else ""  # (a name opens the sentence as it is spelt)
        text.append(f"{lead}{_differs(_md(outlet_label(r['outlet'])), r, 'the other outlets’')} ({nums})."
                    .replace("’", "'"))
    for word, phrase in (("negligible", "differ negligibly in {m} from the other outlets' articles"),
                         ("uncertain", "differ from the other outlets' articles by an uncertain amount")):
        group = [r for r in rows if r["verdict"] == word]
        if not group:
            continue
        names = _join([f"{_md(outlet_label(r['outlet']))} ({pol(r['diff'])}, 95% CI {pol(r['lo'])} to {pol(r['hi'])})"
                       for r in group])
        verb = phrase.format(m=_mname(col)) if len(group) > 1 else phrase.format(m=_mname(col)).replace("differ ", "differs ", 1)
        tests = "" if said[0] or f["tests"] < 2 else f" (Welch's t-tests{_holm_note(f['tests'])})"
        said[0] = said[0] or bool(tests)
        lead = "Over all their articles, " if not text else ""
        text.append(f"{lead}{names} {verb}{tests}.")
    if f["others"]:
        text.append(f"{_cap(_plural(f['others'], 'other outlet'))} ({_plural(f['others_articles'], 'article')}) "
                    f"{'is' if f['others'] == 1 else 'are'} not compared one by one: only the {num(top)} with most "
                    "articles are.")
    if f["small"]:
        small = f["small"]
        names = (_join([_md(outlet_label(r["outlet"])) for r in small]) if len(small) <= 3
                 else f"{num(len(small))} outlets")
        text.append(f"{names} {'has' if len(small) == 1 else 'have'} too few scored articles to compare "
                    f"(at least {min_group} are needed).")
    text.append("Outlets cover different subjects, so part of a difference may come from what an outlet writes about "
                "rather than how; the theme paragraphs compare outlets on the same subject.")
    return " ".join(text)


# --------------------------------------------------------------------------- how far the tone measures agree with people


def tone_agreement_facts(table: pd.DataFrame) -> dict:
    """The numbers behind :func:`tone_agreement`: per data set, each scorer's r and interval.

    ``table`` is :func:`analysis.tone.agreement`'s. Returns ``{"sets": [...], "unavailable": str | None}``;
    each set has ``data``, ``level``, ``n`` and ``scores`` (scorer -> ``{"r", "low", "high"}``), in
    the table's order, and ``overlap``: whether ``tone``'s and VADER's intervals overlap.
    """
    sets = []
    for (data, level), g in table.groupby(["data", "level"], sort=False):
        scores = {r.scorer: {"r": float(r.r), "low": float(r.low), "high": float(r.high)} for r in g.itertuples()}
        t, v = scores.get("tone"), scores.get("VADER")
        overlap = bool(t and v and t["low"] <= v["high"] and v["low"] <= t["high"])
        sets.append({"data": data, "level": level, "n": int(g["n"].iloc[0]), "scores": scores, "overlap": overlap})
    return {"sets": sets, "unavailable": table.attrs.get("unavailable")}


def tone_agreement(table: pd.DataFrame) -> str:
    """How well ``tone``, VADER and TextBlob polarity agree with people, data set by data set.

    Example
    -------
    >>> rows = [("news", "sentence", 100, s, r, r - 0.1, r + 0.1) for s, r in
    ...         (("TextBlob polarity", 0.3), ("VADER", 0.5), ("tone", 0.55))]
    >>> table = pd.DataFrame(rows, columns=["data", "level", "n", "scorer", "r", "low", "high"])
    >>> print(tone_agreement(table))
    Agreement with human ratings, as Pearson's r (95% CI). On news (100 sentences): tone 0.550 (0.450 to 0.650), VADER 0.500 (0.400 to 0.600) and TextBlob polarity 0.300 (0.200 to 0.400) (tone's and VADER's intervals overlap).
    """
    f = tone_agreement_facts(table)
    parts = []
    for s in f["sets"]:
        items = [f"{name} {v['r']:.3f} ({v['low']:.3f} to {v['high']:.3f})" for name, v in
                 sorted(s["scores"].items(), key=lambda kv: -kv[1]["r"])]
        unit = "sentences" if s["level"] == "sentence" else "articles"
        part = f"On {_md(s['data'])} ({num(s['n'])} {unit}): {_join(items)}"
        if s["overlap"]:
            part += " (tone's and VADER's intervals overlap)"
        parts.append(part + ".")
    if not parts:
        return "No human ratings were available to check the tone measures against."
    text = "Agreement with human ratings, as Pearson's r (95% CI). " + " ".join(parts)
    if f["unavailable"]:
        text += f" The reference ratings (NYT editorial snippets) could not be read: {_md(f['unavailable'])}."
    return text

