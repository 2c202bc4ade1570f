"""Page furniture removed from the default corpus, and what it does to keywords.

Prints, for ``analysis.datasets.news_articles(furniture=False)`` (the corpus as
loaded, before the furniture pass):

1. per outlet: articles, articles affected, pieces removed, characters removed
   and their share of the outlet's characters, and pieces per kind;
2. the most frequent removed pieces per outlet (digits shown as 0);
3. ``analysis.keywords(..., by="source")``, top 15 per outlet, before (raw text,
   outlet terms kept) and after (furniture stripped, outlet terms dropped);
4. NMF topics (``analysis.topics``, n=10) before and after, with the share of
   each topic's articles that come from its largest outlet;
5. with ``--sample N``: N removed pieces drawn at random (seed 0), for reading
   by hand (precision: how many are genuine content).

Run::

    .venv/bin/python benchmarks/eval_furniture.py            # tables 1-4
    .venv/bin/python benchmarks/eval_furniture.py --sample 100
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

import analysis
from analysis import furniture


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=0, help="print this many random removed pieces")
    ap.add_argument("--top", type=int, default=15, help="keywords per outlet")
    ap.add_argument("--pieces", type=int, default=8, help="top removed pieces per outlet")
    args = ap.parse_args()
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 110)
    pd.set_option("display.max_rows", 400)

    raw = analysis.datasets.news_articles(furniture=False)
    t0 = time.perf_counter()
    pieces = furniture.find(raw)
    t_find = time.perf_counter() - t0
    t0 = time.perf_counter()
    clean = furniture.strip(raw)
    t_strip = time.perf_counter() - t0
    print(f"{len(raw)} articles; find {t_find:.2f} s, strip {t_strip:.2f} s\n")

    # 1. per outlet ------------------------------------------------------------------
    chars = raw.groupby("source")["text"].apply(lambda s: int(s.str.len().sum()))
    p = pieces.assign(chars=pieces["text"].str.len())
    per = pd.DataFrame({
        "articles": raw.groupby("source").size(),
        "affected": p.groupby("group")["article"].nunique(),
        "pieces": p.groupby("group").size(),
        "chars_removed": p.groupby("group")["chars"].sum(),
    }).fillna(0).astype(int)
    per["share_chars_%"] = (100 * per["chars_removed"] / chars).round(2)
    kinds = pd.crosstab(p["group"], p["kind"]).reindex(per.index).fillna(0).astype(int)
    table = per.join(kinds)
    table.loc["ALL"] = table.sum(numeric_only=True)
    table.loc["ALL", "share_chars_%"] = round(100 * per["chars_removed"].sum() / chars.sum(), 2)
    print("1. Furniture removed per outlet\n")
    print(table.to_string(), "\n")

    # 2. top pieces per outlet -----------------------------------------------------------
    print("2. Most frequent removed pieces per outlet (digits as 0)\n")
    p["shown"] = p["text"].str.replace(r"\d", "0", regex=True).str.slice(0, 100)
    for group, g in p.groupby("group"):
        top = g.groupby(["kind", "shown"]).size().sort_values(ascending=False).head(args.pieces)
        print(f"== {group}")
        for (kind, shown), n in top.items():
            print(f"  {n:4d}  {kind:<17} {shown}")
    print()

    # 3. keywords before / after ----------------------------------------------------------------
    before = analysis.keywords(raw, by="source", top=args.top, drop_outlet_terms=False)
    after = analysis.keywords(clean, by="source", top=args.top)
    print(f"3. Keywords by source, top {args.top}: before (raw text) / after (furniture stripped, "
          "outlet terms dropped)\n")
    for group in before["group"].unique():
        b = before.loc[before["group"] == group, "term"].tolist()
        a = after.loc[after["group"] == group, "term"].tolist()
        print(f"== {group}")
        print("  before:", ", ".join(b))
        print("  after: ", ", ".join(a))
        print("  gone:  ", ", ".join(t for t in b if t not in a))
    print()

    # 4. topics before / after -------------------------------------------------------------------
    print("4. NMF topics (n=10): label, articles, share of the largest outlet among them\n")
    for name, frame in (("before", raw), ("after", clean)):
        t = analysis.topics(frame, n=10)
        assigned = t.articles["topic"].to_frame().join(frame["source"])
        assigned = assigned[assigned["topic"] >= 0]
        top = assigned.groupby("topic")["source"].agg(lambda s: s.value_counts(normalize=True).iloc[0])
        print(f"== {name}: mean share of the largest outlet {top.mean():.2f}")
        for k, label in enumerate(t.labels):
            n = int((assigned["topic"] == k).sum())
            print(f"  {k}: {label:<45} {n:5d}  {top.get(k, float('nan')):.2f}")
    print()

    # 5. sample for precision ------------------------------------------------------------------
    if args.sample:
        s = pieces.sample(min(args.sample, len(pieces)), random_state=0).sort_values(["group", "kind"])
        print(f"5. {len(s)} removed pieces drawn at random (seed 0)\n")
        for k, r in enumerate(s.itertuples(), start=1):
            print(f"{k:3d}. [{r.group} | {r.kind}] {r.text[:160]!r}")


if __name__ == "__main__":
    main()
