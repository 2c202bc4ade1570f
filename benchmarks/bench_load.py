"""Loader speed: the default corpus from cache, and a folder of 10,000 raw article files.

Targets: default corpus from cache under 1 s; raw files at least 2,000 files per second.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import replicate, write_raw_files  # noqa: E402

from analysis.datasets import news_articles  # noqa: E402
from analysis.load import load  # noqa: E402


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def run(n_files: int = 10_000) -> list[tuple[str, str, str, str]]:
    news_articles()  # make sure the cache exists
    rows = []
    df, secs = timed(news_articles)
    rows.append(("default corpus from cache", f"{len(df):,} articles", f"{secs:.3f} s", "< 1 s: " + ("met" if secs < 1 else "MISSED")))
    with tempfile.TemporaryDirectory() as tmp:
        write_raw_files(replicate(df, n_files), Path(tmp))
        loaded, secs = timed(load, tmp)
        rate = n_files / secs
        rows.append((f"{n_files:,} raw article files", f"{len(loaded):,} loaded", f"{secs:.2f} s",
                     f"{rate:,.0f} files/s (>= 2,000: {'met' if rate >= 2000 else 'MISSED'})"))
    return rows


if __name__ == "__main__":
    from run import print_table

    print_table(run())
