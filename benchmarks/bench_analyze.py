"""analyze() against TextBlob alone, one process, the default corpus, in one run.

Target: ``analyze`` (sentences, sentiment of article and every sentence, themes,
actors; vader=False) in at most one third of the time of
``df.text.apply(lambda t: TextBlob(t).sentiment)``, with identical polarity and
subjectivity. This machine is shared, so the two are timed interleaved: the
corpus is cut into ``CHUNKS`` slices and each slice is scored by TextBlob and
then by ``analyze``, so that both see the same load; the times are summed. Our
caches start cold (a fresh process): the first slice pays for building them.
The sentiment kernel in use (compiled or pure Python) is named in the table;
``ANALYSIS_SENTIMENT_KERNEL=python`` measures the pure-Python one.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from textblob import TextBlob

from analysis import analyze
from analysis.score.sentiment import kernel
from analysis.ingest.datasets import news_articles

CHUNKS = 20


def run() -> list[tuple[str, str, str, str]]:
    df = news_articles()
    t_tb = t_ours = 0.0
    refs, outs = [], []
    for part in np.array_split(np.arange(len(df)), CHUNKS):
        piece = df.iloc[part]
        t0 = time.perf_counter()
        refs.append(piece["text"].apply(lambda t: TextBlob(t).sentiment))
        t_tb += time.perf_counter() - t0
        t0 = time.perf_counter()
        outs.append(analyze(piece, progress=False))
        t_ours += time.perf_counter() - t0
    ref, out = pd.concat(refs), pd.concat(outs)
    pol = np.array([s[0] for s in ref])
    sub = np.array([s[1] for s in ref])
    diff = max(np.abs(out["polarity"].to_numpy() - pol).max(), np.abs(out["subjectivity"].to_numpy() - sub).max())
    n = len(df)
    ratio = t_tb / t_ours
    return [
        ("TextBlob(text).sentiment", f"{n:,} articles", f"{t_tb:.2f} s", f"{n / t_tb:,.0f} articles/s"),
        (f"analyze (cold caches, {kernel()} kernel)", f"{n:,} articles", f"{t_ours:.2f} s",
         f"{n / t_ours:,.0f} articles/s; {ratio:.2f}x faster (>= 3: {'met' if ratio >= 3 else 'MISSED'})"),
        ("max |difference| to TextBlob", "", "", f"{diff:.1e} (<= 1e-9: {'met' if diff <= 1e-9 else 'MISSED'})"),
    ]


if __name__ == "__main__":
    from run import print_table

    print_table(run())
