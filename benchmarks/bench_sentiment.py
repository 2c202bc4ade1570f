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


def timed(fn, texts) -> float:
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


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
    rows = []
    t_tb = timed(lambda t: TextBlob(t).sentiment, texts)
    rows.append(("TextBlob(text).sentiment", t_tb))
    t_cold = timed(polarity_subjectivity, texts)
    rows.append(("polarity_subjectivity (cold caches)", t_cold))
    rows.append(("polarity_subjectivity (warm caches)", timed(polarity_subjectivity, texts)))
    pairs = list(zip(texts, spans))
    t0 = time.perf_counter()
    for t, sp in pairs:
        score(t, sp)
    rows.append(("score(text, sentence spans)", time.perf_counter() - t0))
    n = len(texts)
    n_sent = sum(map(len, spans))
    print(f"{n} articles, {n_sent} sentence spans\n")
    print(f"{'method':40s} {'seconds':>8s} {'art/s':>9s} {'x TextBlob':>10s} {'% of TB time':>12s}")
    for name, sec in rows:
        print(f"{name:40s} {sec:8.3f} {n / sec:9.0f} {t_tb / sec:10.1f} {100 * sec / t_tb:11.1f}%")


if __name__ == "__main__":
    main()
