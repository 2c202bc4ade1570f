"""What ``tone`` costs ``analyze``: the same run with and without it, one process, the default corpus.

Target (issue 9): ``analyze`` with ``tone`` within 1.5x of its time without it.
The machine is shared, so the two are timed interleaved over ``CHUNKS`` slices
(alternating which goes first) and summed. "Without" replaces
:func:`analysis.tone.score_many` by a stand-in that returns zeros, so
everything else ``analyze`` does is the same in both.
"""

from __future__ import annotations

import time

import numpy as np

import analysis.tone as tone_mod
from analysis import analyze
from analysis.datasets import news_articles

CHUNKS = 20


def _zeros(texts, spans, textblob=None, **kwargs):
    return [([0.0] * len(sp), 0.0) for sp in spans]


def run() -> list[tuple[str, str, str, str]]:
    df = news_articles()
    real = tone_mod.score_many
    analyze(df.iloc[:50], progress=False)  # warm the lexicons and weights once for both
    t = {True: 0.0, False: 0.0}
    try:
        for k, part in enumerate(np.array_split(np.arange(len(df)), CHUNKS)):
            piece = df.iloc[part]
            for on in ((False, True) if k % 2 else (True, False)):
                tone_mod.score_many = real if on else _zeros
                t0 = time.perf_counter()
                analyze(piece, progress=False)
                t[on] += time.perf_counter() - t0
    finally:
        tone_mod.score_many = real
    n, ratio = len(df), t[True] / t[False]
    return [
        ("analyze without tone", f"{n:,} articles", f"{t[False]:.2f} s", f"{n / t[False]:,.0f} articles/s"),
        ("analyze with tone", f"{n:,} articles", f"{t[True]:.2f} s",
         f"{ratio:.2f}x the time without (<= 1.5: {'met' if ratio <= 1.5 else 'MISSED'})"),
    ]


if __name__ == "__main__":
    from run import print_table

    print_table(run())
