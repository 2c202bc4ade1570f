"""Reading one large table file whole versus piece by piece: peak memory and time.

``analyze_files`` and ``report`` read a CSV/TSV, JSON Lines or Parquet file over
``analysis.stream.BIG_FILE`` piece by piece (:func:`analysis.ingest.load.read_pieces`).
This writes ``--n`` articles (default 100,000, the default corpus replicated with
varied text) as one CSV, one JSON Lines and one Parquet file, then reads each in a
fresh process twice: whole (as :func:`analysis.load` reads a file, ``_read_one``) and
in pieces (each prepared batch dropped once counted, as the streaming pass does once
a chunk is written). Each row gives the child's peak RSS (``VmHWM``), its time,
and the articles read; the two ways must read the same number.

    python benchmarks/bench_pieces.py            # 100,000 articles
    python benchmarks/bench_pieces.py --n 20000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

CHILD = r"""
import json, sys, time
from pathlib import Path
from analysis.ingest import load as load_mod

path, how = Path(sys.argv[1]), sys.argv[2]
t0 = time.perf_counter()
if how == "whole":
    batches = [load_mod._read_one((path, None, None))]
    n, pieces = len(batches[0].records), 1
else:
    n = pieces = 0
    for batch in load_mod.read_pieces(path):
        n += len(batch.records)
        pieces += 1
        del batch
seconds = time.perf_counter() - t0
# VmHWM is this process's own high-water mark; ru_maxrss would carry the parent's
# peak across fork and exec (Linux keeps it in the signal struct).
hwm_kb = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")))
print(json.dumps({"n": n, "pieces": pieces, "seconds": seconds, "peak_gb": hwm_kb / 1024 ** 2}))
"""


def write_files(n: int, folder: Path) -> dict[str, Path]:
    from corpus import replicate

    from analysis.ingest.datasets import news_articles

    df = replicate(news_articles(), n)[["article_id", "title", "text", "source", "published"]]
    files = {"CSV": folder / "news.csv", "JSON Lines": folder / "news.jsonl", "Parquet": folder / "news.parquet"}
    df.to_csv(files["CSV"], index=False)
    df.to_json(files["JSON Lines"], orient="records", lines=True, date_format="iso", force_ascii=False)
    df.to_parquet(files["Parquet"], index=False)
    return files


def measure(path: Path, how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), how], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles (default 100,000)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(args.n, Path(tmp))
        print(f"{args.n:,} articles, one file each; peak RSS of a fresh process reading it")
        print(f"{'format':<11} {'MB':>6} | {'whole GB':>8} {'s':>6} | {'pieces GB':>9} {'s':>6} {'pieces':>6} | "
              f"{'memory':>6}")
        for name, path in files.items():
            whole, cut = measure(path, "whole"), measure(path, "pieces")
            if whole["n"] != cut["n"]:
                raise SystemExit(f"{name}: whole read {whole['n']} articles, pieces {cut['n']}")
            print(f"{name:<11} {path.stat().st_size / 1e6:6.0f} | {whole['peak_gb']:8.2f} {whole['seconds']:6.1f} | "
                  f"{cut['peak_gb']:9.2f} {cut['seconds']:6.1f} {cut['pieces']:6d} | "
                  f"{cut['peak_gb'] / whole['peak_gb']:5.2f}x")


if __name__ == "__main__":
    main()
