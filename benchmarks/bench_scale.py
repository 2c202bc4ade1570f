"""Scale: a replicated corpus of N articles (default 100,000), cache and streaming, in one run.

Rows (targets in brackets):

* TextBlob ``TextBlob(text).sentiment``, one process: measured on a random
  sample (``--sample``, default 10,000) and extrapolated linearly to N;
* ``analyze(n_jobs=-1, cache=DIR)`` cold (empty cache; includes writing it) and
  its speed-up over TextBlob [>= 8x];
* the same call again, warm [>= 20x faster than cold];
* adding 1,000 new articles to the warm corpus, against scoring those 1,000
  alone without a cache [about the same];
* peak RSS of streaming ``analyze_files`` (all four tables, chunk 5,000,
  n_jobs=-1, no cache) for 10,000 and for N articles (JSON Lines input files of
  1,000 articles each), each in a fresh subprocess, and their ratio [<= 1.5]:
  the main process's high-water mark (VmHWM; ``ru_maxrss`` is not used because
  it keeps the launching process's size across exec) and the polled sum over
  the main and worker processes.

    python benchmarks/bench_scale.py --n 20000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

_STREAM = """
import json, sys, threading, time
import psutil
from analysis.scale.stream import analyze_files

me, peak = psutil.Process(), {"total": 0, "worker": 0}

def poll():  # main + worker processes together; VmHWM below gives the main process exactly
    while True:
        try:
            kids = [c.memory_info().rss for c in me.children(recursive=True)]
        except psutil.Error:
            continue
        peak["total"] = max(peak["total"], me.memory_info().rss + sum(kids))
        peak["worker"] = max([peak["worker"], *kids])
        time.sleep(0.05)

threading.Thread(target=poll, daemon=True).start()
t0 = time.perf_counter()
s = analyze_files(sys.argv[1:-1], sys.argv[-1], chunk_size=5000, n_jobs=-1, cache=False, progress=False,
                  tables=("articles", "sentences", "evidence", "actor_sentiment"))
s["seconds"] = time.perf_counter() - t0
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
s["rss_main_mb"] = int(hwm.split()[1]) / 1024  # ru_maxrss would include the parent's size before exec
s["rss_workers_mb"] = peak["worker"] / 2**20
s["rss_total_mb"] = peak["total"] / 2**20
print(json.dumps(s))
"""


def _write_inputs(df: pd.DataFrame, folder: Path, per_file: int = 1000) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    cols = ["article_id", "title", "text", "published", "url", "source"]
    paths = []
    for k in range(0, len(df), per_file):
        path = folder / f"articles-{k // per_file:05d}.jsonl"
        df.iloc[k:k + per_file][cols].to_json(path, orient="records", lines=True, date_format="iso")
        paths.append(path)
    return paths


def _stream(files: list[Path], out: Path) -> dict:
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("NEWS_ANALYSIS_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", _STREAM, *map(str, files), str(out)], capture_output=True,
                          text=True, env=env, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(n: int = 100_000, sample: int = 10_000, small: int = 10_000, seed: int = 0) -> list[tuple[str, ...]]:
    from textblob import TextBlob

    from analysis import analyze
    from analysis.ingest.datasets import news_articles
    from corpus import replicate

    base = news_articles()
    grown = replicate(base, n + 1000)
    df, extra = grown.iloc[:n], grown.iloc[n:]
    rows: list[tuple[str, ...]] = []

    rng = np.random.default_rng(seed)
    k = min(sample, n)
    texts = df["text"].iloc[np.sort(rng.choice(n, size=k, replace=False))].tolist()
    t0 = time.perf_counter()
    for t in texts:
        TextBlob(t).sentiment
    t_tb = (time.perf_counter() - t0) * n / k
    how = "measured" if k == n else f"{k:,}-article random sample, x{n / k:.1f}"
    rows.append(("TextBlob(text).sentiment, 1 process", f"{n:,}", f"{t_tb:.1f} s", how))

    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        t0 = time.perf_counter()
        analyze(df, n_jobs=-1, cache=cache, progress=False)
        t_cold = time.perf_counter() - t0
        r = t_tb / t_cold
        rows.append((f"analyze(n_jobs=-1) cold ({os.cpu_count()} cores)", f"{n:,}", f"{t_cold:.1f} s",
                     f"{r:.1f}x TextBlob (>= 8: {'met' if r >= 8 else 'MISSED'})"))
        t0 = time.perf_counter()
        analyze(df, n_jobs=-1, cache=cache, progress=False)
        t_warm = time.perf_counter() - t0
        r = t_cold / t_warm
        rows.append(("analyze, warm cache", f"{n:,}", f"{t_warm:.2f} s",
                     f"{r:.0f}x faster than cold (>= 20: {'met' if r >= 20 else 'MISSED'})"))
        t0 = time.perf_counter()
        analyze(extra, n_jobs=-1, cache=False, progress=False)
        t_alone = time.perf_counter() - t0
        both = pd.concat([df, extra])
        t0 = time.perf_counter()
        analyze(both, n_jobs=-1, cache=cache, progress=False)
        t_add = time.perf_counter() - t0
        rows.append(("1,000 new articles, no cache", "1,000", f"{t_alone:.2f} s", "scoring them alone"))
        rows.append(("  the same added to the warm corpus", f"{n + 1000:,}", f"{t_add:.2f} s",
                     f"{t_add / t_alone:.2f}x scoring them alone (warm part {t_warm:.2f} s)"))

        folder = Path(tmp) / "inputs"
        files = _write_inputs(df, folder)
        m = min(small, n)
        figures = {}
        for size in dict.fromkeys([m, n]):
            s = _stream(files[: max(1, size // 1000)], Path(tmp) / f"out-{size}")
            figures[size] = s
            rows.append((f"analyze_files streaming, peak RSS", f"{s['loaded']:,}", f"{s['seconds']:.1f} s",
                         f"main {s['rss_main_mb']:.0f} MB, largest worker {s['rss_workers_mb']:.0f} MB, "
                         f"all processes {s['rss_total_mb']:.0f} MB; {s['parts']} parts"))
        if n != m:
            ratio = figures[n]["rss_main_mb"] / figures[m]["rss_main_mb"]
            tr = figures[n]["rss_total_mb"] / figures[m]["rss_total_mb"]
            rows.append((f"  peak RSS ratio {n:,} / {m:,}", "", "",
                         f"main {ratio:.2f}x, all processes {tr:.2f}x "
                         f"(<= 1.5: {'met' if max(ratio, tr) <= 1.5 else 'MISSED'})"))
    return rows


def main(argv=None) -> int:
    import warnings

    from run import print_table

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000, help="articles in the replicated corpus (default 100,000)")
    p.add_argument("--sample", type=int, default=10_000, help="articles TextBlob is timed on (extrapolated to N)")
    p.add_argument("--small", type=int, default=10_000, help="the smaller streaming run (default 10,000)")
    args = p.parse_args(argv)
    warnings.simplefilter("ignore")
    print_table(run(args.n, args.sample, args.small), f"scale: {args.n:,} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
