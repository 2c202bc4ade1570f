"""Distinctive terms of groups of articles ("Fightin' Words" log-odds).

:func:`keywords` compares each group of articles (a source, an actor, a theme
flag, a month...) with *all other* articles and ranks terms by the z-score of
the log-odds ratio with an informative Dirichlet prior, following Monroe,
Colaresi and Quinn (2008), "Fightin' Words: Lexical Feature Selection and
Evaluation for Identifying the Content of Political Conflict", *Political
Analysis* 16(4), section 3.5.

For a term *w*, a group *i* and the rest of the corpus *j*, with counts
``y_iw`` / ``y_jw``, totals ``n_i`` / ``n_j`` and prior pseudo-counts
``a_w = a0 * y_w / n`` (the whole corpus's share of *w*, scaled to the
total ``a0``)::

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

Positive ``z`` means the group uses the term more than the other articles.

Tokenisation (shared with :mod:`analysis.topics` through
:func:`vectorizer_options`) is deliberately simple and language-model free:

* text is lower-cased and a token is a run of two or more letters
  (:data:`TOKEN_PATTERN`), so pure numbers, number-like tokens (``2017``,
  ``1st``, ``5bn``, ``G20``) and single characters never become terms, nor do
  the pieces of a word with a lost character (``D\ufffdil``: "d", "il"), nor
  links, e-mail addresses and handles (``http://...``, ``pic.twitter.com/36jeHv``,
  ``@rtenews``); the
  ``'s`` of "Russia's" falls away as a single letter, words before ``n't``
  ("didn't") are skipped (they are all auxiliaries) and the remains of other
  contractions ("ll", "ve") are stop words;
* stop words are scikit-learn's English list, minus a few content words that
  matter in news (:data:`KEPT_WORDS`: "un", "bill", "fire", "interest",
  "system"), plus news boilerplate and number words (:data:`NEWS_STOP_WORDS`);
* n-grams are built from *adjacent* tokens and every n-gram containing a
  stop word is left out, so "Secretary of State" gives "secretary" and
  "state" but no bridged "secretary state" bigram, while "prime minister" and
  "north korea" are kept.

Known limits: "US" lower-cases to the stop word "us" and "U.S." splits into
single letters, so the United States is only seen as "united states",
"american" etc.; damaged characters (U+FFFD) split words ("F\ufffdil" gives
"il").

By source (``by="source"``), terms that only name the outlet itself ("tass",
"bbc", "al jazeera") are left out of its list by default, and the uses of a
name are not counted as uses of its words (``drop_outlet_terms``); page furniture (disclaimers, share bars, credits) is
removed from the text when it is loaded (:mod:`analysis.furniture`).

:func:`keywords` counts terms with a vectorised equivalent of
``CountVectorizer(**vectorizer_options())`` (same terms, same counts; the
test-suite checks this) and sums them per group with one sparse matrix
product, so the default corpus by source takes about 1.5 s.

Example
-------
>>> import pandas as pd

if TYPE_CHECKING:  # scipy is imported where it is used: importing it changes warning filters
    from scipy import sparse
>>> df = pd.DataFrame({
...     "source": ["a", "a", "b", "b"],
...     "text": ["Gas pipeline talks resumed.", "The gas pipeline was closed.",
...              "Fans cheered the football team.", "The football team lost."]})
>>> keywords(df, by="source", top=2, min_count=1, ngrams=(1, 1))[["group", "term", "rank"]]
  group      term  rank
0     a       gas     1
1     a  pipeline     2
2     b  football     1
3     b      team     2
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

__all__ = [
    "keywords",
    "tokenize",
    "stop_words",
    "vectorizer_options",
    "TOKEN_PATTERN",
    "NEWS_STOP_WORDS",
    "KEPT_WORDS",
]

#: A token: two or more letters (no digits, no underscore) on word boundaries,
#: not followed by ``n't`` (``didn't`` gives no token: every such word is an
#: auxiliary, i.e. a stop word), and not next to a lost character (U+FFFD): the
#: pieces of a damaged word ("D\ufffdil" for "Dáil") are not words.
TOKEN_PATTERN = r"(?u)(?<!\ufffd)\b[^\W\d_]{2,}\b(?!\ufffd)(?!['\u2019]t\b)"

#: Words added to scikit-learn's English stop list. Reporting verbs and
#: honorifics occur in nearly every news article whatever its subject
#: ("said", "told", "according", "Mr"); spelled-out magnitudes are number-like
#: tokens the digit rule cannot catch ("million", "billion", "seven").
NEWS_STOP_WORDS = frozenset(
    {
        # reporting boilerplate
        "said", "says", "say", "saying", "told", "tells", "according", "added",
        "mr", "mrs", "ms", "dr",
        # what is left of contractions ("they'll", "we've")
        "ll", "ve",
        # spelled numbers and magnitudes missing from scikit-learn's list
        "seven", "thirty", "seventy", "eighty", "ninety", "thousand", "thousands",
        "million", "millions", "billion", "billions", "trillion", "dozen", "dozens",
        "second", "fourth", "fifth", "tens", "hundreds",
    }
)

#: Content words removed from scikit-learn's English stop list: "un" (United
#: Nations), "bill" (legislation), "fire", "interest" (rates) and "system"
#: carry meaning in news.
KEPT_WORDS = frozenset({"un", "bill", "fire", "interest", "system"})

_TOKEN = re.compile(TOKEN_PATTERN)
#: Links and handles, which give no tokens: a URL, a host with a path ("pic.twitter.com/36jeHv"),
#: an e-mail address and an @handle (embedded posts' "pic twitter", "twitter com" and account names are the page,
#: not what the outlet writes about).
_LINKS = re.compile(r"(?:https?://|www\.)\S+|[\w.-]+\.[a-z]{2,6}/\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@\w+", re.I)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stop words used by :func:`keywords` and :func:`analysis.topics.topics`.

    Example
    -------
    >>> {"the", "said", "million"} <= stop_words(), "un" in stop_words()
    (True, False)
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset((set(ENGLISH_STOP_WORDS) - KEPT_WORDS) | NEWS_STOP_WORDS)


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lower-case word tokens (stop words included).

    Example
    -------
    >>> tokenize("Russia's 2 U.S. envoys didn't meet in 2017 at the G20.")
    ['russia', 'envoys', 'meet', 'in', 'at', 'the']
    """
    if not isinstance(text, str):
        return []
    if "/" in text or "@" in text or "www." in text:
        text = _LINKS.sub(" ", text)
    return _TOKEN.findall(text.lower())


class _Analyzer:
    """Text -> n-grams of adjacent tokens, skipping n-grams with a stop word.

    A small picklable class (not a closure) so fitted vectorisers can be
    pickled and used with joblib.
    """

    def __init__(self, ngrams: tuple[int, int]):
        lo, hi = int(ngrams[0]), int(ngrams[1])
        if not 1 <= lo <= hi:
            raise ValueError(f"ngrams must be (min_n, max_n) with 1 <= min_n <= max_n, not {ngrams!r}")
        self.ngrams = (lo, hi)

    def __call__(self, text: Any) -> list[str]:
        toks = tokenize(text)
        stops = stop_words()
        keep = [t not in stops for t in toks]
        lo, hi = self.ngrams
        out: list[str] = [t for t, k in zip(toks, keep) if k] if lo == 1 else []
        if lo <= 2 <= hi:  # the common case, written out for speed
            out += [a + " " + b for a, b, ka, kb in zip(toks, toks[1:], keep, keep[1:]) if ka and kb]
        for n in range(max(lo, 3), hi + 1):
            out += [
                " ".join(toks[i : i + n])
                for i in range(len(toks) - n + 1)
                if all(keep[i : i + n])
            ]
        return out

    def __repr__(self) -> str:
        return f"_Analyzer(ngrams={self.ngrams})"


def vectorizer_options(*, ngrams: tuple[int, int] = (1, 2)) -> dict[str, Any]:
    """Keyword arguments for scikit-learn's ``CountVectorizer``/``TfidfVectorizer``.

    Both :func:`keywords` and :func:`analysis.topics.topics` build their
    vectorisers from these options, so they see the same terms. The
    analyser applies :func:`tokenize` (:data:`TOKEN_PATTERN`), removes
    :func:`stop_words` and forms n-grams of adjacent kept tokens.

    Example
    -------
    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> cv = CountVectorizer(**vectorizer_options(ngrams=(1, 2)))
    >>> sorted(cv.fit(["The prime minister met 3 envoys."]).vocabulary_)
    ['envoys', 'met', 'met envoys', 'minister', 'minister met', 'prime', 'prime minister']
    """
    return {"analyzer": _Analyzer(tuple(ngrams))}


def _count_matrix(texts: list, ngrams: tuple[int, int], min_count: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Document-term counts, as ``CountVectorizer(**vectorizer_options())`` gives them.

    Same tokens, stop words and n-grams, but the counting is vectorised with
    numpy (tokens are factorised once and n-grams are encoded as integers),
    which is three to four times faster than scikit-learn's pure-Python
    vocabulary loop on the default corpus. Only terms with a corpus count of
    at least ``min_count`` are returned; their order is unspecified.
    """
    from scipy import sparse

    lo, hi = _Analyzer(tuple(ngrams)).ngrams
    toks = [tokenize(t) for t in texts]
    lens = np.fromiter(map(len, toks), dtype=np.int64, count=len(toks))
    flat = [t for d in toks for t in d]
    empty = sparse.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
    if not flat:
        return empty
    codes, uniq = pd.factorize(pd.Series(flat, dtype=object), sort=False)
    base = len(uniq) + 1  # digit 0 is unused, so n-gram keys of different n never collide
    if hi * np.log2(base) >= 62:  # keys would overflow int64: let scikit-learn count
        from sklearn.feature_extraction.text import CountVectorizer

        cv = CountVectorizer(**vectorizer_options(ngrams=(lo, hi)))
        x = cv.fit_transform(texts).tocsr()
        terms = cv.get_feature_names_out().astype(object)
        keep = np.flatnonzero(np.asarray(x.sum(axis=0)).ravel() >= min_count)
        return x[:, keep].tocsr(), terms[keep]
    digits = codes.astype(np.int64) + 1
    stops = stop_words()
    ok = np.fromiter((u not in stops for u in uniq), dtype=bool, count=len(uniq))[digits - 1]
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
    keys, docs = [], []
    if lo == 1:
        keys.append(digits[ok])
        docs.append(doc[ok])
    for n in range(max(lo, 2), hi + 1):
        m = len(digits) - n + 1
        if m <= 0:
            continue
        good = doc[:m] == doc[n - 1 :]
        key = np.zeros(m, dtype=np.int64)
        for k in range(n):
            good &= ok[k : k + m]
            key = key * base + digits[k : k + m]
        keys.append(key[good])
        docs.append(doc[:m][good])
    key = np.concatenate(keys)
    if key.size == 0:
        return empty
    fid, fkeys = pd.factorize(key, sort=True)
    x = sparse.csr_matrix(
        (np.ones(len(fid), dtype=np.int64), (np.concatenate(docs), fid)),
        shape=(len(texts), len(fkeys)),
    )
    x.sum_duplicates()
    keep = np.flatnonzero(np.asarray(x.sum(axis=0)).ravel() >= min_count)
    words = np.asarray(uniq, dtype=object)
    terms = []
    for k in np.asarray(fkeys)[keep].tolist():
        parts = []
        while k:
            k, d = divmod(k, base)
            parts.append(words[d - 1])
        terms.append(" ".join(reversed(parts)))
    return x[:, keep].tocsr(), np.array(terms, dtype=object)


# ---------------------------------------------------------------------------
# Grouping
# ---------------------------------------------------------------------------


def _is_listlike(v: Any) -> bool:
    return isinstance(v, (list, tuple, set, frozenset, np.ndarray, pd.Series))


def _is_missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return bool(isinstance(v, float) and np.isnan(v))
    except TypeError:  # pragma: no cover - exotic scalars
        return False


def _group_values(articles: pd.DataFrame, by: str) -> pd.Series:
    if by in articles.columns:
        return articles[by]
    # by == "month" without a month column: derive it from `published`
    pub = pd.to_datetime(articles["published"], errors="coerce", utc=True)
    month = pub.dt.strftime("%Y-%m")
    return month.astype(object).where(pub.notna(), None)


def _membership(values: pd.Series) -> tuple[list, np.ndarray, np.ndarray]:
    """(groups, group codes, article positions) with one pair per membership."""
    pos: list[int] = []
    vals: list[Any] = []
    for i, v in enumerate(values.tolist()):
        items: Iterable[Any] = v if _is_listlike(v) else (v,)
        seen: set = set()
        for item in items:
            if _is_missing(item):
                continue
            if isinstance(item, np.generic):
                item = item.item()
            if item in seen:
                continue
            seen.add(item)
            pos.append(i)
            vals.append(item)
    groups = _sorted_unique(vals)
    code_of = {g: k for k, g in enumerate(groups)}
    codes = np.fromiter((code_of[v] for v in vals), dtype=np.int64, count=len(vals))
    return groups, codes, np.asarray(pos, dtype=np.int64)


def _sorted_unique(vals: list) -> list:
    uniq = list(dict.fromkeys(vals))
    try:
        return sorted(uniq)
    except TypeError:
        return sorted(uniq, key=lambda g: (type(g).__name__, str(g)))


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


def _scores(y_i: np.ndarray, total: np.ndarray, a: np.ndarray, a0: float) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds (delta) and z for group counts ``y_i`` (groups x terms) vs the rest."""
    n = total.sum()
    n_i = y_i.sum(axis=1, keepdims=True)
    y_j = total[None, :] - y_i
    n_j = n - n_i
    yi_a = y_i + a
    yj_a = y_j + a
    delta = np.log(yi_a) - np.log(n_i + a0 - yi_a) - np.log(yj_a) + np.log(n_j + a0 - yj_a)
    z = delta / np.sqrt(1.0 / yi_a + 1.0 / yj_a)
    return delta, z


def keywords(
    articles: pd.DataFrame,
    *,
    by: str,
    col: str = "text",
    top: int | None = 20,
    min_count: int = 5,
    ngrams: tuple[int, int] = (1, 2),
    prior: float | None = None,
    groups: list | None = None,
    drop_outlet_terms: bool | None = None,
    min_articles: int = 1,
) -> pd.DataFrame:
    """Most distinctive terms of each group of articles against all other articles.

    Terms are scored by the z-score of the log-odds ratio with an informative
    Dirichlet prior (Monroe, Colaresi and Quinn 2008, section 3.5; formula in
    the module docstring). The prior's pseudo-counts are proportional to the
    whole corpus's counts, so the score rewards terms a group uses clearly
    more often than everyone else *and* often enough to be sure of it: a word
    used twice only by one group ranks below a word used 300 times by that
    group and 30 times by all others.

    Parameters
    ----------
    articles : DataFrame
        One row per article; never modified.
    by : str
        Column defining the groups. Scalars (e.g. ``source``) give one group
        per value; lists (e.g. ``actors``) are exploded so an article counts
        in each of its groups; booleans (a theme flag) give the groups
        ``True`` and ``False``. ``"month"`` (when there is no such column)
        groups by ``published`` as ``"YYYY-MM"``. Articles with a missing
        value (or an empty list) belong to no group but still count among the
        "other articles" of every group.
    col : str, default "text"
        Text column.
    top : int or None, default 20
        Terms reported per group (``None``: all terms, useful to look up the
        score of one term).
    min_count : int, default 5
        Terms occurring fewer times in the whole corpus are left out.
    ngrams : (int, int), default (1, 2)
        Smallest and largest n-gram length (``(1, 1)``: single words).
    prior : float, optional
        Total prior count ``a0``. Default: the mean number of counted terms
        per article (about 400 for the default corpus), i.e. the prior is
        worth one average article whatever the size of the collection. That
        is enough to tame terms seen only a couple of times, yet small next
        to a group's own counts. Larger values shrink the estimates more
        towards the corpus frequencies and favour frequent terms (on the
        default corpus, by source, the top terms barely change between 100
        and 10,000).
    groups : list, optional
        Report only these groups (each still compared with *all* other
        articles).
    drop_outlet_terms : bool, optional
        Leave out of a group's list the terms that only name the group itself
        (default: on for ``by="source"``, off otherwise): a term whose letters
        spell the group's name or one of its dot-separated parts ("tass" and
        "bbc" for ``tass.com`` and ``bbc.co.uk``, "al jazeera" for
        ``aljazeera.com`` or ``Al Jazeera``, "china daily" for
        ``europe.chinadaily.com.cn``; "www", web suffixes such as "com" and
        parts of one or two letters do not count), and a
        word of such a multi-word term ("jazeera", "daily") when at least half
        of its uses in the group are inside it, provided the group holds at
        least half of the term's occurrences in the whole collection. So
        "china" stays in China Daily's list (mostly used on its own) and
        "europe" does too (used as much by the others). The uses of a name of
        several words are not counted as uses of its words, in any article:
        "post" in "told The Huffington Post" is the outlet's name, not a post
        (on the default corpus HuffPost's "post" falls from 2nd to 207th,
        ABC News's "news" leaves the list). Derived from the names and, for
        known outlets, the readable name of
        :func:`~analysis.aggregate.tables.outlet_label` ("RTÉ", whose "É"
        some texts lost as "RT?": "rt").
    min_articles : int, default 1
        Leave out of a group's list the terms used in fewer of the group's
        articles: a word one long article repeats ("Did we cover it?" fifteen
        times in one story) describes that article, not the group. The
        scores are those of all terms either way.

    Returns
    -------
    DataFrame
        One row per (group, term): ``group``, ``term``, ``z``, ``log_odds``
        (delta), ``count`` (occurrences in the group), ``count_rest``
        (occurrences in all other articles), ``n_articles`` and
        ``n_articles_rest`` (the group's articles, and all other articles,
        that use the term) and ``rank`` (1 = highest z), sorted by group then
        rank.

    Raises
    ------
    KeyError
        When ``col`` or ``by`` (or ``published`` for ``by="month"``) is missing.
    ValueError
        When there are fewer than two groups, or ``groups`` names unknown groups.

    Example
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "energy": [True, True, False, False],
    ...     "text": ["Oil and gas prices rose.", "Gas exports fell as oil slid.",
    ...              "The court ruled on the case.", "Judges heard the case again."]})
    >>> kw = keywords(df, by="energy", top=1, min_count=2, ngrams=(1, 1))
    >>> kw[["group", "term", "count", "count_rest", "rank"]]
       group  term  count  count_rest  rank
    0  False  case      2           0     1
    1   True   gas      2           0     1
    >>> bool(kw.z.gt(0).all())
    True

    A word that one article repeats is used in one article of its group:

    >>> df.loc[4] = [True, "Gas, gas, gas: the gas price rose."]
    >>> kw = keywords(df, by="energy", top=2, min_count=2, ngrams=(1, 1), groups=[True])
    >>> kw[["term", "count", "n_articles"]]
      term  count  n_articles
    0  gas      6           3
    1  oil      2           2
    >>> keywords(df, by="energy", top=1, min_count=2, ngrams=(1, 1), groups=[True], min_articles=3).term.tolist()
    ['gas']
    """
    missing = [c for c in dict.fromkeys([col, by]) if c not in articles.columns]
    if by == "month" and "month" in missing:
        missing.remove("month")
        if "published" not in articles.columns:
            missing.append("published")
    if missing:
        raise KeyError(f"missing column(s): {', '.join(map(repr, missing))}")
    if top is not None and int(top) < 1:
        raise ValueError(f"top must be a positive integer or None, not {top!r}")
    if prior is not None and not float(prior) > 0:
        raise ValueError(f"prior must be positive, not {prior!r}")
    if isinstance(min_articles, bool) or not isinstance(min_articles, (int, np.integer)) or min_articles < 1:
        raise ValueError(f"min_articles must be a positive integer, not {min_articles!r}")

    all_groups, codes, pos = _membership(_group_values(articles, by))
    if len(all_groups) < 2:
        raise ValueError(
            f"keywords needs at least two groups in column {by!r}; found {len(all_groups)}: {all_groups!r}"
        )
    if groups is None:
        report = list(range(len(all_groups)))
    else:
        wanted = list(dict.fromkeys(groups))
        index = {g: k for k, g in enumerate(all_groups)}
        unknown = [g for g in wanted if g not in index]
        if unknown:
            raise ValueError(f"unknown group(s) {unknown!r}; groups in {by!r}: {all_groups!r}")
        report = sorted(index[g] for g in wanted)

    texts = articles[col].astype(object).where(articles[col].notna(), "").tolist()
    x, terms = _count_matrix(texts, ngrams, max(int(min_count), 1))
    if len(terms) == 0:
        return _empty()
    from scipy import sparse

    member = sparse.csr_matrix(
        (np.ones(len(pos)), (codes, pos)), shape=(len(all_groups), x.shape[0])
    )
    if drop_outlet_terms is None:
        drop_outlet_terms = by == "source"
    outlet: dict[int, np.ndarray] = {}
    if drop_outlet_terms:  # which terms name a group, from the counts as read; then its name's uses go
        spelled = _spellings(all_groups)
        raw = _outlet_terms(all_groups, terms, (member @ x).tocsr(), np.asarray(x.sum(axis=0)).ravel(), spelled)
        named = {g: set(terms[js].tolist()) for g, js in raw.items()}
        x, terms = _without_name_uses(x, terms, spelled, max(int(min_count), 1))
        if len(terms) == 0:
            return _empty()
        index = {t: i for i, t in enumerate(terms.tolist())}
        outlet = {g: np.array(sorted(index[t] for t in ts if t in index), dtype=np.int64) for g, ts in named.items()}
    total = np.asarray(x.sum(axis=0)).ravel().astype(float)
    a0 = float(prior) if prior is not None else max(total.sum() / max(x.shape[0], 1), 1.0)
    a = a0 * total / total.sum()
    y = (member @ x).tocsr()  # groups x terms
    used = x.copy()
    used.data[:] = 1
    docs_total = np.asarray(used.sum(axis=0)).ravel()
    docs = (member @ used).tocsr()  # groups x terms: articles that use each term

    k = len(terms) if top is None else min(int(top), len(terms))
    chunk = max(1, 4_000_000 // max(len(terms), 1))
    parts: dict[str, list] = {c: [] for c in ("group", "term", "z", "log_odds", "count", "rest", "docs",
                                               "docs_rest", "rank")}
    for start in range(0, len(report), chunk):
        rows = report[start : start + chunk]
        y_i = y[rows].toarray().astype(float)
        d_i = docs[rows].toarray()
        delta, z = _scores(y_i, total, a, a0)
        for r, g in enumerate(rows):
            zr = z[r]
            if g in outlet or min_articles > 1:
                zr = zr.copy()
            if g in outlet:  # terms naming the group itself are left out
                zr[outlet[g]] = -np.inf
            if min_articles > 1:  # terms of too few of the group's articles are left out
                zr[d_i[r] < min_articles] = -np.inf
            if k < len(zr):  # every term tied with the k-th best stays a candidate
                kth = zr[np.argpartition(-zr, k - 1)[k - 1]]
                cand = np.flatnonzero(zr >= kth)
            else:
                cand = np.arange(len(zr))
            if g in outlet or min_articles > 1:
                cand = cand[np.isfinite(zr[cand])]
            # highest z first; ties by higher group count, then alphabetically
            order = cand[np.lexsort((terms[cand], -y_i[r, cand], -zr[cand]))][:k]
            parts["group"].append([all_groups[g]] * len(order))
            parts["term"].append(terms[order])
            parts["z"].append(zr[order])
            parts["log_odds"].append(delta[r, order])
            parts["count"].append(y_i[r, order])
            parts["rest"].append(total[order] - y_i[r, order])
            parts["docs"].append(d_i[r, order])
            parts["docs_rest"].append(docs_total[order] - d_i[r, order])
            parts["rank"].append(np.arange(1, len(order) + 1))
    if not parts["term"]:
        return _empty()
    return pd.DataFrame(
        {
            "group": pd.Series([g for chunk_ in parts["group"] for g in chunk_], dtype=object),
            "term": pd.array(np.concatenate(parts["term"]).astype(str), dtype="string"),
            "z": np.concatenate(parts["z"]),
            "log_odds": np.concatenate(parts["log_odds"]),
            "count": np.concatenate(parts["count"]).astype(np.int64),
            "count_rest": np.concatenate(parts["rest"]).astype(np.int64),
            "n_articles": np.concatenate(parts["docs"]).astype(np.int64),
            "n_articles_rest": np.concatenate(parts["docs_rest"]).astype(np.int64),
            "rank": np.concatenate(parts["rank"]).astype(np.int64),
        }
    )


#: Parts of a group's name that never identify it: web prefixes and suffixes.
_NAME_NOISE = frozenset({"www", "com", "org", "net", "gov", "edu", "int", "info", "biz", "html", "htm"})


def _spellings(groups: list) -> dict[str, list[int]]:
    """Letters that spell each group's name -> the group codes: the name's dot-separated parts
    (less :data:`_NAME_NOISE` and parts of one or two letters) and all of them joined, and the
    same of the readable name :func:`~analysis.aggregate.tables.outlet_label` gives a known outlet
    ("huffpost" for ``huffingtonpost.com``). A name with a letter outside ASCII also gives the
    letters before it when there are at least two: a text that lost the "É" of "RTÉ" reads
    "RT?", which is tokenised as "rt"."""
    from .tables import outlet_label

    spelled: dict[str, list[int]] = {}
    for g, name in enumerate(groups):
        if not isinstance(name, str):
            continue
        for form in dict.fromkeys([name, outlet_label(name)]):
            parts = [re.sub(r"[^\w]+|[\d_]+", "", p) for p in form.lower().split(".")]
            parts = [p for p in parts if len(p) >= 3 and p not in _NAME_NOISE]
            joined = "".join(parts)
            lost = re.match(r"[a-z]{2,}(?=[^a-z])", joined) if not joined.isascii() else None
            for letters in {*parts, joined, lost.group(0) if lost else ""} - {""}:
                if g not in spelled.setdefault(letters, []):
                    spelled[letters].append(g)
    return spelled


def _name_terms(terms: np.ndarray, spelled: dict[str, list[int]]) -> dict[int, list[int]]:
    """Term index -> the group codes whose name it spells (letters of the term joined)."""
    return {i: spelled[t.replace(" ", "")] for i, t in enumerate(terms.tolist()) if t.replace(" ", "") in spelled}


def _without_name_uses(x: Any, terms: np.ndarray, spelled: dict[str, list[int]], min_count: int
                       ) -> tuple[Any, np.ndarray]:
    """Document-term counts in which the uses of a group's name of several words are not
    uses of its words or shorter phrases ("post" in "The Huffington Post", "china" in
    "China Daily"), in every article; terms left with fewer than ``min_count`` uses go.
    ``spelled``: :func:`_spellings` of the groups."""
    from scipy import sparse

    index = {t: i for i, t in enumerate(terms.tolist())}
    rows, cols = [], []
    for i in _name_terms(terms, spelled):
        words = terms[i].split()
        for n in range(1, len(words)):
            for k in range(len(words) - n + 1):
                j = index.get(" ".join(words[k:k + n]))
                if j is not None:
                    rows.append(i)
                    cols.append(j)
    if not rows:
        return x, terms
    m = len(terms)
    fix = sparse.identity(m, dtype=np.int64, format="csr") - sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(m, m))
    x = (x @ fix).tocsr()
    np.maximum(x.data, 0, out=x.data)  # (a name inside another name would be taken off twice)
    x.eliminate_zeros()
    keep = np.flatnonzero(np.asarray(x.sum(axis=0)).ravel() >= min_count)
    return x[:, keep].tocsr(), terms[keep]


def _outlet_terms(groups: list, terms: np.ndarray, y: Any, total: np.ndarray,
                  spelled: dict[str, list[int]] | None = None) -> dict[int, np.ndarray]:
    """Per group code, the indices of the terms that only name the group itself
    (see ``drop_outlet_terms`` of :func:`keywords`); ``spelled``: :func:`_spellings` of
    ``groups``, when at hand."""
    spelled = _spellings(groups) if spelled is None else spelled
    if not spelled:
        return {}
    index = {t: i for i, t in enumerate(terms.tolist())}
    drop: dict[int, set] = {}
    for i, owners in _name_terms(terms, spelled).items():
        t = terms[i]
        for g in owners:
            found = [i]
            if " " in t:
                inside = y[g, i]
                found += [j for w in t.split() if (j := index.get(w)) is not None and 2 * inside >= y[g, j] > 0]
            drop.setdefault(g, set()).update(j for j in found if 2 * y[g, j] >= total[j] > 0)
    return {g: np.fromiter(sorted(js), dtype=np.int64) for g, js in drop.items() if js}


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": pd.Series([], dtype=object),
            "term": pd.Series([], dtype="string"),
            "z": pd.Series([], dtype=float),
            "log_odds": pd.Series([], dtype=float),
            "count": pd.Series([], dtype=np.int64),
            "count_rest": pd.Series([], dtype=np.int64),
            "n_articles": pd.Series([], dtype=np.int64),
            "n_articles_rest": pd.Series([], dtype=np.int64),
            "rank": pd.Series([], dtype=np.int64),
        }
    )
