"""Throughput of analysis.sentiment vs TextBlob on the default corpus (one process).

Run: .venv/bin/python benchmarks/bench_sentiment.py [N_ARTICLES]
"""

from __future__ import annotations

import re
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd

from analysis.sentiment import polarity_subjectivity, score

CORPUS = Path(__file__).resolve().parents[1] / "data" / "external" / "NewsArticles.zip"
_SENT = re.compile(r"[^.!?\n]+[.!?]*")


def spans_of(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _SENT.finditer(text):
        a, b = m.span()
        seg = text[a:b]
        a += len(seg) - len(seg.lstrip())
        b -= len(seg) - len(seg.rstrip())
        if b > a:
            out.append((a, b))
    return out


def main() -> None:
    with zipfile.ZipFile(CORPUS) as zf:
        df = pd.read_csv(zf.open("NewsArticles.csv"))
    texts = df["text"].dropna().astype(str).tolist()
    if len(sys.argv) > 1:
        texts = texts[: int(sys.argv[1])]
    spans = [spans_of(t) for t in texts]
    from textblob import TextBlob

    TextBlob("warm up").sentiment
    polarity_subjectivity("warm up")
    methods = {
        "TextBlob(text).sentiment": lambda i: TextBlob(texts[i]).sentiment,
        "score(text) doc only": lambda i: score(texts[i]),
        "score(text, sentence spans)": lambda i: score(texts[i], spans[i]),
    }
    # The machine may be shared: run the methods interleaved on chunks of
    # 100 articles so that load changes hit all of them alike.  The first
    # pass of our functions runs with cold caches (as in a fresh process).
    order = list(methods)
    for rnd in ("cold", "warm"):
        totals = dict.fromkeys(order, 0.0)
        for lo in range(0, len(texts), 100):
            for name in order:
                fn = methods[name]
                t0 = time.perf_counter()
                for i in range(lo, min(lo + 100, len(texts))):
                    fn(i)
                totals[name] += time.perf_counter() - t0
        t_tb = totals[order[0]]
        n = len(texts)
        print(f"\n[{rnd} caches] {n} articles, {sum(map(len, spans))} sentence spans")
        print(f"{'method':32s} {'seconds':>8s} {'art/s':>9s} {'x faster':>9s} {'% of TB':>8s}")
        for name in order:
            sec = totals[name]
            print(f"{name:32s} {sec:8.3f} {n / sec:9.0f} {t_tb / sec:9.1f} {100 * sec / t_tb:7.1f}%")


if __name__ == "__main__":
    main()
