"""Aggregate article-level results into corpus-level tables and figures."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..schema import require_columns

__all__ = ["corpus_summary", "outlet_label", "theme_label", "un_body_label", "distinct_votes",
           "SANCTION_STATUSES", "DISTINCT_VOTE_NEEDS", "SAME_VOTE_DAYS", "SAME_VETO_DAYS", "RECALLED_DAYS",
           "names_in", "mention_pairs", "among", "salient_articles", "salient_candidates"]


def corpus_summary(articles: pd.DataFrame) -> dict:
    """Size, outlets and time span of an article table (or of its :mod:`~analysis.aggregate.cells`).

    Returns a dict with ``articles``, ``sources`` (article count per source,
    largest first), ``first`` and ``last`` publication dates (``None`` when no
    date is known; days, on cells), ``undated``, ``words`` and, when the table came from
    :func:`analysis.load`, its ``load_report``.

    Example
    -------
    >>> df = pd.DataFrame({"source": ["a", "b", "a"], "n_words": [3, 4, 5],
    ...                    "published": pd.to_datetime(["2017-01-02", None, "2017-01-09"], utc=True)})
    >>> s = corpus_summary(df)
    >>> s["articles"], s["sources"], str(s["first"].date()), s["undated"]
    (3, {'a': 2, 'b': 1}, '2017-01-02', 1)
    """
    from .cells import weights

    require_columns(articles, ["source", "published", "n_words"], what="articles")
    dates = articles["published"].dropna()
    wt = weights(articles)
    counts = (pd.Series(wt).groupby(articles["source"].fillna("(unknown)").to_numpy(), sort=False).sum()
              .sort_values(ascending=False, kind="stable"))  # largest first, ties in order of appearance
    return {
        "articles": int(wt.sum()),
        "sources": {str(k): int(v) for k, v in counts.items()},
        "first": dates.min() if len(dates) else None,
        "last": dates.max() if len(dates) else None,
        "undated": int(wt[articles["published"].isna().to_numpy()].sum()),
        "words": int(articles["n_words"].sum()),
        "load_report": dict(articles.attrs.get("load_report", {})),
    }


# Known outlets: registered domain -> readable name. Subdomains match too
# ("europe.chinadaily.com.cn" -> "China Daily").
_OUTLETS = {
    "chinadaily.com.cn": "China Daily",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "aljazeera.com": "Al Jazeera",
    "aljazeera.net": "Al Jazeera",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "cnn.com": "CNN",
    "dw.com": "DW",
    "rte.ie": "RTÉ",
    "abcnews.go.com": "ABC News",
    "huffingtonpost.com": "HuffPost",
    "huffpost.com": "HuffPost",
    "huffingtonpost.co.uk": "HuffPost",
}


def outlet_label(domain: Any) -> str:
    """Readable outlet name for a web domain; other values come back as text.

    Known outlets: China Daily, TASS, Al Jazeera, BBC, CNN, DW, RTÉ, ABC News
    and HuffPost. A URL or a subdomain of a known domain is recognised too.

    Example
    -------
    >>> outlet_label("europe.chinadaily.com.cn"), outlet_label("www.rte.ie"), outlet_label("example.org")
    ('China Daily', 'RTÉ', 'example.org')
    """
    if domain is None or (not isinstance(domain, str) and pd.isna(domain)):
        return "(unknown)"
    text = str(domain).strip()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text.lower()).split("/", 1)[0].split(":", 1)[0]
    host = host.removeprefix("www.")
    for known, name in _OUTLETS.items():
        if host == known or host.endswith("." + known):
            return name
    return text


_ACRONYMS = {"un": "UN", "eu": "EU", "us": "US", "uk": "UK", "nato": "NATO", "opec": "OPEC", "lng": "LNG"}


def theme_label(name: str, *, capital: bool = False) -> str:
    """Readable theme name: ``"un_voting"`` -> ``"UN voting"``; ``capital=True`` for titles.

    Example
    -------
    >>> theme_label("un_voting"), theme_label("energy"), theme_label("energy", capital=True)
    ('UN voting', 'energy', 'Energy')
    """
    words = str(name).replace("_", " ").split()
    text = " ".join(_ACRONYMS.get(w.lower(), w) for w in words) or str(name)
    return text[:1].upper() + text[1:] if capital else text


# --------------------------------------------------------------------------- sanction records and UN votes

#: The statuses of a sanction record (:func:`analysis.sanction_events`), in
#: chart and prose order, with the words charts and prose use for them.
SANCTION_STATUSES: dict[str, str] = {
    "imposed": "imposed or in force",
    "threatened": "threatened or proposed",
    "eased": "eased or lifted",
}

_UN_BODIES = {"security_council": "Security Council", "general_assembly": "General Assembly",
              "human_rights_council": "Human Rights Council", "other_un": "other UN body"}

#: Columns :func:`distinct_votes` needs (``subject`` and ``source`` are used when present).
DISTINCT_VOTE_NEEDS = ("article_id", "body", "outcome", "yes", "no", "abstain", "vetoed_by", "resolution", "published")

#: Outcomes of one vote, most informative first: when the articles reporting
#: one vote disagree, the most frequent outcome wins and ties go to the
#: earlier in this order; "scheduled" counts only when no article gives a result.
_OUTCOMES = ("adopted", "vetoed", "failed", "scheduled")


def un_body_label(body: Any) -> str:
    """Readable name of a UN body code of :func:`analysis.un_votes`; other values come back as text.

    Example
    -------
    >>> un_body_label("security_council"), un_body_label("other_un"), un_body_label("WHO")
    ('Security Council', 'other UN body', 'WHO')
    """
    if body is None or (not isinstance(body, str) and pd.isna(body)):
        return "(unknown)"
    return _UN_BODIES.get(str(body), str(body))


def _absent(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def names_in(value: Any) -> list[str]:
    """A list cell (``actors``, ``vetoed_by``) as its distinct names in order, as ``str``.

    None, NaN and blank names are dropped; a bare string is one name; an array is read like a list.

    Example
    -------
    >>> names_in(["Iran", None, "Iraq", "Iran", " "]), names_in("Iran"), names_in(float("nan"))
    (['Iran', 'Iraq'], ['Iran'], [])
    """
    if isinstance(value, str):
        return [value] if value.strip() else []
    if _absent(value):
        return []
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):
        value = value.tolist()
    try:
        items = iter(value)
    except TypeError:
        return [str(value)] if str(value).strip() else []
    return list(dict.fromkeys(str(v) for v in items if not _absent(v) and str(v).strip()))


def among(values: Any, ids: Any) -> np.ndarray:
    """Whether each of ``values`` is one of ``ids``, as a bool array: ``values.isin(ids)``, hashed by Arrow.

    For text ids (``article_id``) over millions of rows Arrow's hash lookup is
    about fifteen times faster than pandas'; values of another kind fall back
    to pandas. A missing value is never among the ids.

    Example
    -------
    >>> among(pd.Series(["a", "b", None, "c"]), ["c", "a"]).tolist()
    [True, False, False, True]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    series = values if isinstance(values, pd.Series) else pd.Series(values)
    try:
        left = pa.array(series, from_pandas=True)
        right = pa.array(pd.Series(ids) if not isinstance(ids, pd.Series) else ids, from_pandas=True)
        if right.type != left.type:
            text = (pa.types.is_string, pa.types.is_large_string, pa.types.is_string_view)
            same_kind = (any(f(left.type) for f in text) and any(f(right.type) for f in text)) or (
                pa.types.is_integer(left.type) and pa.types.is_integer(right.type))
            if not same_kind:  # "2" is not 2: as pandas says
                raise pa.ArrowTypeError("different kinds")
            right = right.cast(left.type)
        found = pc.is_in(left, value_set=right, skip_nulls=True)
        return found.fill_null(False).to_numpy(zero_copy_only=False).astype(bool)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return (series.isin(list(ids)) & series.notna()).to_numpy(bool)


def salient_articles(articles: pd.DataFrame, *, theme: str, n: int = 5, per_outlet: int = 2) -> pd.DataFrame:
    """The ``n`` articles most about ``theme``, at most ``per_outlet`` from one outlet: examples to read.

    Articles about the theme (its flag column) are ranked by salience
    (``{theme}_salience``), then by hits (``{theme}_hits``), then by
    ``article_id`` so the choice is repeatable; a near-duplicate copy
    (``near_duplicate_of`` set) is never chosen, as its original can be. An
    outlet's articles beyond its first ``per_outlet`` come only after every
    other outlet's ranked ones, so one prolific outlet does not fill the
    examples while another outlet's salient article waits. The rows keep the
    input's columns and index; the input is not changed.

    Example
    -------
    >>> arts = pd.DataFrame({"article_id": list("abcde"), "source": ["x", "x", "x", "y", "z"],
    ...                      "energy": [True, True, True, True, False], "energy_hits": [5, 4, 3, 1, 0],
    ...                      "energy_salience": [0.9, 0.8, 0.7, 0.2, 0.0]})
    >>> salient_articles(arts, theme="energy", n=3)["article_id"].tolist()
    ['a', 'b', 'd']
    >>> salient_articles(arts, theme="energy", n=3, per_outlet=3)["article_id"].tolist()
    ['a', 'b', 'c']
    """
    if n < 1 or per_outlet < 1:
        raise ValueError(f"salient_articles: n and per_outlet must be at least 1, not {n} and {per_outlet}")
    ranked = _ranked(articles, theme)
    later = ranked.groupby("source", dropna=False, sort=False).cumcount().to_numpy() >= per_outlet
    order = np.argsort(later, kind="stable")  # each outlet's first per_outlet, then the rest, ranks kept
    return ranked.iloc[order[:n]]


def _ranked(articles: pd.DataFrame, theme: str) -> pd.DataFrame:
    """The articles about ``theme`` that are no near-copy, most salient first (see :func:`salient_articles`)."""
    require_columns(articles, ["article_id", "source", theme, f"{theme}_salience", f"{theme}_hits"],
                    what="articles")
    keep = articles[theme].fillna(False).astype(bool)
    if "near_duplicate_of" in articles.columns:
        keep &= articles["near_duplicate_of"].isna()
    about = articles[keep.to_numpy()]
    return about.sort_values([f"{theme}_salience", f"{theme}_hits", "article_id"],
                             ascending=[False, False, True], kind="stable", na_position="last")


def salient_candidates(articles: pd.DataFrame, *, theme: str, n: int = 5) -> pd.DataFrame:
    """The articles :func:`salient_articles` can choose among ``articles`` for ``n`` examples: each outlet's ``n``
    most salient (an example is never behind ``n`` of its own outlet's). The candidates of chunks, put together,
    give the examples of the whole: a streaming pass keeps only these.

    Example
    -------
    >>> arts = pd.DataFrame({"article_id": list("abcde"), "source": ["x", "x", "x", "y", "z"],
    ...                      "energy": [True, True, True, True, False], "energy_hits": [5, 4, 3, 1, 0],
    ...                      "energy_salience": [0.9, 0.8, 0.7, 0.2, 0.0]})
    >>> salient_candidates(arts, theme="energy", n=2)["article_id"].tolist()
    ['a', 'b', 'd']
    """
    ranked = _ranked(articles, theme)
    return ranked[ranked.groupby("source", dropna=False, sort=False).cumcount().to_numpy() < n]


def mention_pairs(cells: Any) -> tuple[np.ndarray, np.ndarray]:
    """Every (row position, name) of a column of list cells (``actors``), each name once per row.

    Two flat arrays (positions ascending), for counting mentions over a million
    articles without a set per article: ``np.bincount`` of the factorised names
    gives the articles mentioning each name.

    Example
    -------
    >>> rows, names = mention_pairs([["Iran", "Iraq", "Iran"], [], None, ["Iraq"]])
    >>> rows.tolist(), names.tolist()
    ([0, 0, 3], ['Iran', 'Iraq', 'Iraq'])
    """
    from array import array

    rows, names = array("q"), []
    for i, value in enumerate(cells):
        found = names_in(value)
        rows.extend([i] * len(found))
        names.extend(found)
    return np.frombuffer(rows, dtype=np.int64).copy(), np.array(names, dtype=object)


def _resolution_key(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _most_common(values: list) -> Any:
    """The most frequent value, ties to the first seen; None for an empty list."""
    from collections import Counter

    return Counter(values).most_common(1)[0][0] if values else None


#: Reports of a vote without a resolution number, at most this many days apart, can be one vote ...
SAME_VOTE_DAYS = 3
#: ... and of a veto, which is rare and recalled for weeks, this many.
SAME_VETO_DAYS = 30
#: A vote whose stated date ends more than this many days before its first report is recalled, not news.
RECALLED_DAYS = 30


def distinct_votes(votes: pd.DataFrame, *, days: int = SAME_VOTE_DAYS,
                   veto_days: int = SAME_VETO_DAYS) -> pd.DataFrame:
    """One row per distinct UN vote, from vote records that may report the same vote many times.

    Each record's *date* is the day its sentence gives for the vote when it
    gives one (:func:`analysis.events.vote_date`, read from ``quote``), else
    its publication date. Two records are the same vote when they share the
    ``body`` and the ``resolution``; or, when neither states a resolution, the
    ``body`` and the ``outcome``, their sentences do not date the vote
    differently ("in 2013" and "in 2015"), their vetoing members agree (the
    same members; for a veto, the members one report names may be a part of
    the other's: reports often name only Russia of "Russia and China"), and
    their dates lie within ``days`` days of the vote's first record (records
    sorted by date), ``veto_days`` for a veto (a veto is rare and is recalled
    for weeks: "after Russia vetoed the resolution"). A record without a
    resolution and without a date is the same vote only as another undated
    record of the same article. A record with a resolution is never merged
    with one without.

    Parameters
    ----------
    votes:
        :func:`analysis.un_votes` output: ``article_id``, ``body``, ``outcome``,
        ``yes``, ``no``, ``abstain``, ``vetoed_by``, ``resolution``,
        ``published`` (``quote``, ``subject`` and ``source`` are used when present).
    days:
        Greatest gap in days between the first and any later report of one vote
        without a resolution.
    veto_days:
        The same for a vetoed draft.

    Returns
    -------
    pandas.DataFrame
        A new table (new ``RangeIndex``), first reported first, with ``body``,
        ``resolution`` (missing when not stated), ``outcome`` (the most frequent
        outcome among the reports, "scheduled" only when no report gives a
        result; ties by ``adopted``, ``vetoed``, ``failed``), ``yes``, ``no``,
        ``abstain`` (``Int64``: each the most frequent stated value, ties to
        the earliest report; missing when no report states it), ``vetoed_by``
        (every member named by any report, in order of first mention),
        ``subject`` (the most frequent non-empty one, or ""), ``voted`` (when
        the reports' sentences say the vote was held: ``"YYYY-MM-DD"``,
        ``"YYYY-MM"`` or ``"YYYY"``, the most frequent of the most precise;
        missing when none says), ``recalled`` (``True`` when ``voted`` ends
        more than :data:`RECALLED_DAYS` days before the first report: an
        earlier vote the articles recall as background, not news of their
        period), ``first_reported`` and ``last_reported`` (UTC, NaT when
        undated), ``articles`` (distinct articles), ``records``,
        ``article_ids`` and ``sources`` (distinct, in date order).

    Example
    -------
    >>> v = pd.DataFrame({"article_id": ["a", "b", "c"], "body": ["security_council"] * 3,
    ...     "outcome": ["vetoed", "vetoed", "adopted"], "yes": pd.array([None, 11, 15], dtype="Int64"),
    ...     "no": pd.array([None, 2, 0], dtype="Int64"), "abstain": pd.array([None, 2, 0], dtype="Int64"),
    ...     "vetoed_by": [["Russia"], ["Russia", "China"], []], "resolution": [None, None, "242"],
    ...     "published": pd.to_datetime(["2017-03-01", "2017-03-13", "2017-03-02"], utc=True),
    ...     "quote": ["Russia vetoed the draft.", "Russia and China vetoed it on Tuesday.",
    ...               "Resolution 242, adopted in 1967, still stands."]})
    >>> d = distinct_votes(v)
    >>> d[["outcome", "resolution", "yes", "vetoed_by", "voted", "recalled", "articles"]].values.tolist()
    [['vetoed', nan, 11, ['Russia', 'China'], '2017-03-07', False, 2], ['adopted', '242', 15, [], '1967', True, 1]]
    """
    from ..score.events import vote_date

    require_columns(votes, DISTINCT_VOTE_NEEDS, what="UN votes")
    if days < 0 or veto_days < 0:
        raise ValueError(f"days and veto_days must be 0 or more, not {days!r} and {veto_days!r}")
    columns = ["body", "resolution", "outcome", "yes", "no", "abstain", "vetoed_by", "subject", "voted", "recalled",
               "first_reported", "last_reported", "articles", "records", "article_ids", "sources"]
    if votes.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
        for c in ("yes", "no", "abstain"):
            out[c] = out[c].astype("Int64")
        for c in ("first_reported", "last_reported"):
            out[c] = out[c].astype("datetime64[ns, UTC]")
        return out.astype({"articles": "int64", "records": "int64", "recalled": "bool"})
    dates = pd.to_datetime(votes["published"], utc=True, errors="coerce").reset_index(drop=True)
    quotes = votes["quote"].tolist() if "quote" in votes.columns else [None] * len(votes)
    stated = [vote_date(q, p, resolution=_resolution_key(r), scheduled=o == "scheduled") if isinstance(q, str) else None
              for q, p, r, o in zip(quotes, dates, votes["resolution"], votes["outcome"])]
    # the vote's day: as the sentence states it, else the day the report was published
    ref = pd.Series([pd.Timestamp(st, tz="UTC") if st and len(st) == 10 else d for st, d in zip(stated, dates)],
                    dtype="datetime64[ns, UTC]")
    rows = pd.DataFrame({
        "article_id": votes["article_id"].astype(object).to_numpy(),
        "body": votes["body"].astype(object).to_numpy(),
        "outcome": votes["outcome"].astype(object).to_numpy(),
        "resolution": pd.Series([_resolution_key(r) for r in votes["resolution"]], dtype=object),
        "vetoed": [names_in(v) for v in votes["vetoed_by"]],
        "stated": pd.Series(stated, dtype=object),
        "ref": ref,
        "date": dates,
    })
    # earliest first (undated last), then the input order: "first report" and ties follow it
    rows = rows.assign(position=range(len(rows))).sort_values(["ref", "position"], na_position="last",
                                                                kind="stable")
    group = pd.Series(-1, index=rows.index)
    ids: dict[tuple, int] = {}
    open_votes: list[dict] = []  # dated votes without a resolution: body, outcome, members, first day, stated date
    for i, body, outcome, res, vetoed, st, day, art in zip(rows.index, rows["body"], rows["outcome"],
                                                           rows["resolution"], rows["vetoed"], rows["stated"],
                                                           rows["ref"], rows["article_id"]):
        if res is not None:
            key = ("resolution", body, res)
        elif pd.isna(day):
            key = ("undated", body, outcome, frozenset(vetoed), art)
        else:
            members = frozenset(vetoed)
            window = pd.Timedelta(days=veto_days if outcome == "vetoed" else days)
            same = next((g for g in reversed(open_votes)
                         if g["body"] == body and g["outcome"] == outcome and day - g["first"] <= window
                         and _same_members(g["members"], members, veto=outcome == "vetoed")
                         and _same_date(g["stated"], st)), None)
            if same is None:
                same = {"body": body, "outcome": outcome, "first": day, "members": members, "stated": st,
                        "id": len(ids)}
                ids[("dated", len(ids))] = len(ids)
                open_votes.append(same)
            else:
                same["members"] |= members
                if st and (not same["stated"] or len(st) > len(same["stated"])):
                    same["stated"] = st
            group[i] = same["id"]
            continue
        group[i] = ids.setdefault(key, len(ids))
    order = group.to_numpy()
    has_subject, has_source = "subject" in votes.columns, "source" in votes.columns
    src = votes.reset_index(drop=True)
    out = []
    for g in pd.unique(order):
        idx = rows.index[order == g]
        part = src.loc[idx]
        outcomes = [o for o in part["outcome"] if isinstance(o, str)]
        given = [o for o in outcomes if o != "scheduled"] or outcomes
        counts = {o: given.count(o) for o in given}
        outcome = min(counts, key=lambda o: (-counts[o], _OUTCOMES.index(o) if o in _OUTCOMES else len(_OUTCOMES)),
                      default=None)
        tally = {c: _most_common([int(x) for x in part[c] if not pd.isna(x)]) for c in ("yes", "no", "abstain")}
        vetoed = list(dict.fromkeys(n for v in rows.loc[idx, "vetoed"] for n in v))
        subjects = [s.strip() for s in part["subject"] if isinstance(s, str) and s.strip()] if has_subject else []
        when = rows.loc[idx, "date"]
        voted = _most_precise([st for st in rows.loc[idx, "stated"] if st])
        out.append({"body": rows.at[idx[0], "body"], "resolution": rows.at[idx[0], "resolution"], "outcome": outcome,
                    **tally, "vetoed_by": vetoed, "subject": _most_common(subjects) or "",
                    "voted": voted, "recalled": _recalled(voted, when.min()),
                    "first_reported": when.min(), "last_reported": when.max(),
                    "articles": int(part["article_id"].nunique()), "records": len(idx),
                    "article_ids": list(dict.fromkeys(part["article_id"])),
                    "sources": list(dict.fromkeys(s for s in part["source"] if isinstance(s, str))) if has_source else []})
    result = pd.DataFrame(out, columns=columns)
    for c in ("yes", "no", "abstain"):
        result[c] = result[c].astype("Int64")
    for c in ("first_reported", "last_reported"):
        result[c] = pd.to_datetime(result[c], utc=True)
    result["recalled"] = result["recalled"].astype(bool)
    # first reported first (a recalled vote is grouped by the day its sentence gives, but listed by its report)
    result = result.sort_values("first_reported", na_position="last", kind="stable")
    return result.reset_index(drop=True)


def _same_members(a: frozenset, b: frozenset, *, veto: bool) -> bool:
    """Whether two reports' vetoing members can be one vote's: the same, or for a veto one a part of the other."""
    return a == b or (veto and bool(a) and bool(b) and (a <= b or b <= a))


def _same_date(a: str | None, b: str | None) -> bool:
    """Whether two stated vote dates (partial ISO) can be one day: unstated, or one a prefix of the other."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def _most_precise(stated: list[str]) -> str | None:
    """The most frequent of the most precise stated dates (ties to the first), or ``None``."""
    if not stated:
        return None
    longest = max(map(len, stated))
    return _most_common([st for st in stated if len(st) == longest])


def _recalled(voted: str | None, first: Any) -> bool:
    """Whether the stated date ``voted`` ends more than :data:`RECALLED_DAYS` before ``first`` (a Timestamp)."""
    if not voted or pd.isna(first):
        return False
    end = pd.Period(voted, freq={4: "Y", 7: "M"}.get(len(voted), "D")).end_time
    return bool(end.tz_localize("UTC") < first - pd.Timedelta(days=RECALLED_DAYS))
