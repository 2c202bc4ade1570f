"""Throughput of analysis.sentiment vs TextBlob on the default corpus (one process).

Run: .venv/bin/python benchmarks/bench_sentiment.py [N_ARTICLES]

The sentence spans are those ``analyze`` uses (``analysis.segment.sentence_spans``),
computed before any timing.  Our functions start with cold caches (nothing
is precomputed at import), as in a fresh process: the first ("cold") pass
includes building the lexicon tables and filling the word caches; the second
("warm") pass reuses them.  The machine may be shared: the methods run
interleaved on chunks of 100 articles so that load changes hit all of them
alike, and both wall-clock and CPU (process) time are reported.
"""

from __future__ import annotations

import sys
import time

from textblob import TextBlob

from analysis.ingest.datasets import news_articles
from analysis.score.segment import sentence_spans
from analysis.score.sentiment import score

CHUNK = 100


def main() -> None:
    texts = ["" if t is None or t != t else str(t) for t in news_articles()["text"].tolist()]
    if len(sys.argv) > 1:
        texts = texts[: int(sys.argv[1])]
    spans = [sentence_spans(t) for t in texts]
    TextBlob("warm up").sentiment  # import and set up TextBlob outside the timing
    methods = {
        "TextBlob(text).sentiment": lambda i: TextBlob(texts[i]).sentiment,
        "score(text, sentence spans)": lambda i: score(texts[i], spans[i]),
    }
    order = list(methods)
    for rnd in ("cold", "warm"):
        wall = dict.fromkeys(order, 0.0)
        cpu = dict.fromkeys(order, 0.0)
        for lo in range(0, len(texts), CHUNK):
            for name in order:
                fn = methods[name]
                t0, c0 = time.perf_counter(), time.process_time()
                for i in range(lo, min(lo + CHUNK, len(texts))):
                    fn(i)
                wall[name] += time.perf_counter() - t0
                cpu[name] += time.process_time() - c0
        n = len(texts)
        print(f"\n[{rnd} caches] {n} articles, {sum(map(len, spans))} sentence spans")
        print(f"{'method':30s} {'wall s':>8s} {'cpu s':>8s} {'% of TB (wall)':>15s} {'% of TB (cpu)':>14s}")
        for name in order:
            print(
                f"{name:30s} {wall[name]:8.3f} {cpu[name]:8.3f} {100 * wall[name] / wall[order[0]]:14.1f}%"
                f" {100 * cpu[name] / cpu[order[0]]:13.1f}%"
            )


if __name__ == "__main__":
    main()
