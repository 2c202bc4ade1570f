"""What event records cost ``analyze``: the same run with and without them, one process, the default corpus.

Target (issue 10): the extraction adds at most 30% to ``analyze`` time. "Without"
replaces :func:`analysis.events.extract` by a stand-in that returns no records, so
everything else the pass does is the same in both. The machine is shared, so the two
are timed interleaved over ``CHUNKS`` slices (alternating which goes first) and summed.
"""

from __future__ import annotations

import analysis.score.events as events_mod
from analysis import analyze_all
from analysis.ingest.datasets import news_articles
from ablation import with_without

CHUNKS = 20


def _none(*args, **kwargs):
    return [], []


def run() -> list[tuple[str, str, str, str]]:
    df = news_articles()
    made = []
    t = with_without(df, lambda piece: analyze_all(piece, progress=False), events_mod, "extract", _none, chunks=CHUNKS,
                     after=lambda tables: made.append(len(tables.sanction_events) + len(tables.un_votes)))
    n_records = sum(made)
    n, ratio = len(df), t[True] / t[False]
    return [
        ("analyze_all without events", f"{n:,} articles", f"{t[False]:.2f} s", f"{n / t[False]:,.0f} articles/s"),
        ("analyze_all with events", f"{n:,} articles, {n_records:,} records", f"{t[True]:.2f} s",
         f"{ratio:.2f}x the time without (<= 1.30: {'met' if ratio <= 1.30 else 'MISSED'})"),
    ]


if __name__ == "__main__":
    from run import print_table

    print_table(run())
