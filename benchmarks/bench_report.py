"""The main job at scale: ``python -m analysis report`` on a replicated corpus, time and memory.

Rows: plain TextBlob ``TextBlob(text).sentiment`` over the same texts in one process
(measured on a sample of ``--sample`` texts, before and after the reports, the faster of the
two extrapolated linearly to N: ratios to it are the conservative ones on a shared machine); the report
cold (nothing cached); the report again with ``--force`` (every page executed again, the
analysis read from its cache folder); each with wall time, its ratio to TextBlob, and
the peaks of the summed RSS and of the summed PSS of the report process and all its
children (workers, notebook kernels, Dask workers), polled every 0.2 s.

Targets (issue 11): cold <= TextBlob time, warm < 60 s, peak RSS <= 2.5 GB at 100k.

    python benchmarks/bench_report.py --n 100000
    python benchmarks/bench_report.py --n 40000 --code /path/to/old/checkout   # the same for other code
    python benchmarks/bench_report.py --n 20000 --scheduler local              # plus a cold run on Dask
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _textblob_seconds(texts: list[str], n: int) -> float:
    from textblob import TextBlob

    t0 = time.perf_counter()
    for t in texts:
        TextBlob(t).sentiment
    return (time.perf_counter() - t0) * n / len(texts)


def _run(cmd: list[str], env: dict, cwd: str) -> tuple[float, float, float, float, int]:
    """Wall seconds, peak summed RSS and PSS (GB) of the process tree, the peak summed RSS while a
    notebook kernel runs (the pages), and the exit code.

    RSS counts a page shared by forked workers once per process; PSS (proportional set size,
    from /proc/PID/smaps_rollup) divides it among them, so its sum is the memory really used.
    The peak while pages run, set beside the whole peak, says which phase sets it: scoring
    (bounded by the chunk) or the pages (their tables grow with the corpus).
    """
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0, 0]

    def poll():
        me = psutil.Process(proc.pid)
        while proc.poll() is None:
            rss = pss = 0
            pages = False
            for p in [me, *me.children(recursive=True)]:
                try:
                    full = p.memory_full_info()
                    pages = pages or any("ipykernel" in part for part in p.cmdline())
                except psutil.Error:
                    continue
                rss, pss = rss + full.rss, pss + getattr(full, "pss", full.rss)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            if pages:
                peak[2] = max(peak[2], rss)
            time.sleep(0.2)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    _, err = proc.communicate()
    thread.join()
    if proc.returncode:
        sys.stderr.write(err.decode(errors="replace")[-3000:])
    return time.perf_counter() - t0, peak[0] / 1e9, peak[1] / 1e9, peak[2] / 1e9, proc.returncode


def run(n: int, *, sample: int = 2000, code: str | None = None, scheduler: str | None = None,
        csv_path: str | None = None) -> list[tuple[str, ...]]:
    from corpus import replicate

    from analysis.ingest.datasets import news_articles

    base = news_articles()[["title", "text", "source", "published", "url"]]
    block = 100_000  # the CSV is written (and the TextBlob sample drawn from its first rows) block by block
    first = replicate(base, min(n, block))
    rng = np.random.default_rng(0)
    texts = first["text"].iloc[rng.choice(len(first), size=min(sample, len(first)), replace=False)].tolist()
    before = _textblob_seconds(texts, n)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(csv_path) if csv_path else Path(tmp) / f"news{n}.csv"
        if not csv_path:
            with open(csv, "w", encoding="utf-8", newline="") as fh:
                for start in range(0, n, block):
                    part = replicate(base, min(block, n - start), start=start)
                    part.to_csv(fh, index=False, header=start == 0)
        del first
        env = dict(os.environ, NEWS_ANALYSIS_DATA=str(Path(tmp) / "data"))
        if code:
            env["PYTHONPATH"] = code + os.pathsep + env.get("PYTHONPATH", "")
        cmd = [sys.executable, "-m", "analysis", "report", "--corpus", str(csv), "--out", str(Path(tmp) / "reports"),
               "--no-progress"]
        runs = [("report, cold", []), ("report again (--force: pages again, analysis cached)", ["--force"])]
        if scheduler:
            runs.append((f"report, cold, on Dask ({scheduler})", ["--force", "--scheduler", scheduler]))
        done = []
        for label, extra in runs:
            if "--scheduler" in extra:  # cold again: a fresh data folder
                env["NEWS_ANALYSIS_DATA"] = str(Path(tmp) / "data-dask")
            # run from the code's folder (python -m puts the working folder first on the path), else from tmp
            done.append((label, *_run(cmd + extra, env, code or tmp)))
        size = f"{n:,} articles, {csv.stat().st_size / 1e6:,.0f} MB CSV"
    # TextBlob timed before and after the reports (the machine is shared): ratios to the faster of the two
    after = _textblob_seconds(texts, n)
    blob = min(before, after)
    rows.append(("plain TextBlob .sentiment, 1 process", f"{n:,} articles", f"{blob:,.0f} s",
                 f"extrapolated from {len(texts):,} texts; the faster of {before:,.0f} s before the reports "
                 f"and {after:,.0f} s after"))
    for label, seconds, gb, pss, pages, rc in done:
        rows.append((label, size, f"{seconds:,.0f} s",
                     f"{seconds / blob:.2f}x TextBlob; peak RSS {gb:.2f} GB summed, PSS {pss:.2f} GB; "
                     f"while pages run {pages:.2f} GB" + ("" if rc == 0 else f" (FAILED, exit {rc})")))
    return rows


def main(argv: list[str] | None = None) -> int:
    from run import print_table

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--code", help="a checkout whose analysis package is run instead of this one")
    ap.add_argument("--scheduler", help="also run the report cold on this Dask scheduler ('local' or an address)")
    ap.add_argument("--csv", help="use this CSV, written earlier by this script for the same --n, instead of writing one")
    args = ap.parse_args(argv)
    print_table(run(args.n, sample=args.sample, code=args.code, scheduler=args.scheduler, csv_path=args.csv),
                f"report at {args.n:,} articles" + (f" (code: {args.code})" if args.code else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
