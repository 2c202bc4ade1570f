"""Loader speed: a large CSV next to plain TextBlob, folders of raw text and HTML pages.

Targets: ``load`` of ``BENCH_LOAD_N`` articles (default 100,000) from one CSV
in at most 0.1x the time plain ``TextBlob(text).sentiment`` takes over the
same (loaded) texts in one process; the TextBlob time is measured in the
same run on a random sample of those texts and scaled to all of them. The
load runs with one process and with all cores (``n_jobs=-1``), gives the
same table both ways, and the one-process run is split into stages.

    BENCH_LOAD_N=20000 python benchmarks/bench_load.py
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import replicate, write_html_files, write_raw_files  # noqa: E402

from analysis.ingest.datasets import news_articles  # noqa: E402
from analysis.ingest.load import load  # noqa: E402

TEXTBLOB_SAMPLE = 2000  # loaded texts TextBlob scores; its time is scaled to all of them


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


#: stage name -> (module, function): the time spent inside each, in a one-process load
STAGES = {
    "read and parse": ("analysis.ingest.load", "_read_file"),
    "clean": ("analysis.ingest.load", "clean_text"),
    "hash (word count, exact key, MinHash)": ("analysis.ingest.load", "fingerprints"),
    "prepare, the rest (ids, checks)": ("analysis.ingest.load", "_prepared_records"),
    "near-duplicates (LSH, Jaccard)": ("analysis.ingest.load", "near_duplicates"),
    "assemble, the rest (table, dates)": ("analysis.ingest.load", "_assemble"),
    "furniture: found": ("analysis.ingest.furniture", "_find"),
    "furniture: removed": ("analysis.ingest.furniture", "_strip"),
}
_INSIDE = {"prepare, the rest (ids, checks)": ("clean", "hash (word count, exact key, MinHash)"),
           "assemble, the rest (table, dates)": ("near-duplicates (LSH, Jaccard)",)}


def staged(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with the time spent in each of :data:`STAGES` (seconds), and its total."""
    spent = dict.fromkeys(STAGES, 0.0)
    saved = []
    for stage, (module, name) in STAGES.items():
        mod = importlib.import_module(module)
        original = getattr(mod, name)

        def wrapper(*a, __f=original, __s=stage, **k):
            t0 = time.perf_counter()
            try:
                return __f(*a, **k)
            finally:
                spent[__s] += time.perf_counter() - t0

        setattr(mod, name, functools.wraps(original)(wrapper))
        saved.append((mod, name, original))
    try:
        out, secs = timed(fn, *args, **kwargs)
    finally:
        for mod, name, original in saved:
            setattr(mod, name, original)
    for outer, inner in _INSIDE.items():
        spent[outer] -= sum(spent[i] for i in inner)
    return out, secs, spent


def textblob_seconds(texts: list[str]) -> float:
    from textblob import TextBlob

    t0 = time.perf_counter()
    for text in texts:
        TextBlob(text).sentiment
    return time.perf_counter() - t0


def run(n: int | None = None, n_files: int = 10_000, n_html: int = 2_000) -> list[tuple[str, str, str, str]]:
    import pandas as pd

    warnings.simplefilter("ignore")  # rejected inputs are counted in the tables
    n = n or int(os.environ.get("BENCH_LOAD_N", "100000"))
    cores = os.cpu_count() or 1
    news_articles()  # make sure the cache exists
    rows = []
    base, secs = timed(news_articles)
    rows.append(("default corpus from cache", f"{len(base):,} articles", f"{secs:.3f} s",
                 "< 1 s: " + ("met" if secs < 1 else "MISSED")))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.csv"
        replicate(base, n).to_csv(path, index=False)
        one, one_secs, spent = staged(load, path, n_jobs=1)
        every, every_secs = timed(load, path, n_jobs=-1)
        pd.testing.assert_frame_equal(one, every)  # the same table however many processes
        texts = one["text"].astype(str)
        k = min(TEXTBLOB_SAMPLE, len(texts))
        sample = texts.sample(k, random_state=0).tolist()
        blob = textblob_seconds(sample) * len(texts) / k
        rows.append((f"plain TextBlob .sentiment, {k:,} of the loaded texts, scaled", f"{len(texts):,} articles",
                     f"{blob:.1f} s", f"{len(texts) / blob:,.0f} articles/s (one process)"))
        for label, secs in ((f"load CSV, n_jobs=1", one_secs), (f"load CSV, n_jobs=-1 ({cores} cores)", every_secs)):
            ratio = secs / blob
            rows.append((label, f"{n:,} rows, {len(one):,} loaded", f"{secs:.1f} s",
                         f"{n / secs:,.0f} articles/s, {ratio:.3f}x TextBlob (<= 0.1: "
                         f"{'met' if ratio <= 0.1 else 'MISSED'})"))
        for stage, s in spent.items():
            rows.append((f"  n_jobs=1 stage: {stage}", "", f"{s:.1f} s", f"{s / one_secs:.0%} of the load"))
        rest = one_secs - sum(spent.values())
        rows.append(("  n_jobs=1 stage: the rest (listing, report)", "", f"{rest:.1f} s", f"{rest / one_secs:.0%} of the load"))
        del one, every
    folder_rows = (("raw article files", write_raw_files, n_files), ("HTML pages", write_html_files, n_html))
    for label, write, count in folder_rows:
        with tempfile.TemporaryDirectory() as tmp:
            write(replicate(base, count), Path(tmp))
            for jobs in (1, -1):
                loaded, secs = timed(load, tmp, n_jobs=jobs)
                rate = count / secs
                target = f" (>= 2,000: {'met' if rate >= 2000 else 'MISSED'})" if write is write_raw_files else ""
                rows.append((f"{count:,} {label}, n_jobs={jobs}", f"{len(loaded):,} loaded", f"{secs:.2f} s",
                             f"{rate:,.0f} files/s{target}"))
    return rows


if __name__ == "__main__":
    from run import print_table

    print_table(run(), "loading")
