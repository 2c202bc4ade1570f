"""Time :mod:`analysis.segment` on the default corpus.

Usage::

    .venv/bin/python benchmarks/bench_segment.py [--repeat 3] [--show 3]

Prints a small table (articles, sentences, seconds, articles/s) for the best
of ``--repeat`` runs over the ``text`` column, and optionally the sentences of
a few random articles for eyeballing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.score.segment import sentence_spans, split  # noqa: E402

CORPUS = ROOT / "data" / "external" / "NewsArticles.zip"


def load() -> pd.DataFrame:
    with zipfile.ZipFile(CORPUS) as zf:
        return pd.read_csv(zf.open("NewsArticles.csv"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show", type=int, default=0, help="print N random articles' sentences")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    df = load()
    texts = [t for t in df["text"].tolist() if isinstance(t, str)]
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    n_sent = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_sent = sum(len(sentence_spans(t)) for t in texts)
        best = min(best, time.perf_counter() - t0)
    print(f"{'articles':>9} {'words':>10} {'sentences':>10} {'seconds':>8} {'articles/s':>11}")
    print(f"{len(texts):>9} {words:>10} {n_sent:>10} {best:>8.2f} {len(texts) / best:>11.0f}")
    rng = random.Random(args.seed)
    for t in rng.sample(texts, min(args.show, len(texts))):
        print("-" * 78)
        for s in split(t):
            print("  |", s)


if __name__ == "__main__":
    main()
