"""What ``tone`` costs ``analyze``: the same run with and without it, one process, the default corpus.

Target (issue 9): ``analyze`` with ``tone`` within 1.5x of its time without it.
The machine is shared, so the two are timed interleaved over ``CHUNKS`` slices
(alternating which goes first) and summed. "Without" replaces
:func:`analysis.tone.score_many` by a stand-in that returns zeros, so
everything else ``analyze`` does is the same in both.
"""

from __future__ import annotations

import analysis.score.tone as tone_mod
from analysis import analyze
from analysis.ingest.datasets import news_articles
from ablation import with_without

CHUNKS = 20


def _zeros(texts, spans, textblob=None, **kwargs):
    return [([0.0] * len(sp), 0.0) for sp in spans]


def run() -> list[tuple[str, str, str, str]]:
    df = news_articles()
    t = with_without(df, lambda piece: analyze(piece, progress=False), tone_mod, "score_many", _zeros, chunks=CHUNKS)
    n, ratio = len(df), t[True] / t[False]
    return [
        ("analyze without tone", f"{n:,} articles", f"{t[False]:.2f} s", f"{n / t[False]:,.0f} articles/s"),
        ("analyze with tone", f"{n:,} articles", f"{t[True]:.2f} s",
         f"{ratio:.2f}x the time without (<= 1.5: {'met' if ratio <= 1.5 else 'MISSED'})"),
    ]


if __name__ == "__main__":
    from run import print_table

    print_table(run())
