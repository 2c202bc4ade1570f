"""Run every benchmark and print one table each (``make bench``).

Machines here are shared and noisy: each benchmark compares its figures as
ratios measured in the same run, and prints absolute figures beside them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def print_table(rows: list[tuple[str, ...]], title: str | None = None) -> None:
    header = ("case", "size", "time", "figure")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    if title:
        print(f"\n## {title}")
    for r in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def main(argv: list[str]) -> None:
    import warnings

    warnings.simplefilter("ignore")  # benchmark output only; rejected inputs are counted in the tables
    import bench_analyze
    import bench_events
    import bench_load
    import bench_tone

    wanted = set(argv) or {"load", "analyze", "tone", "events"}
    if "load" in wanted:
        print_table(bench_load.run(), "loading")
    if "analyze" in wanted:
        print_table(bench_analyze.run(), "analyze vs TextBlob (one process)")
    if "tone" in wanted:
        print_table(bench_tone.run(), "what tone costs analyze (one process)")
    if "events" in wanted:
        print_table(bench_events.run(), "what event records cost analyze (one process)")
    if "long" in wanted:  # one very long article at three lengths (python benchmarks/run.py long)
        import bench_long

        print_table(bench_long.run(), "one long article: time against length")
    if "scale" in wanted:  # minutes at 100,000 articles: only when asked for (python benchmarks/run.py scale)
        import bench_scale

        n = int(os.environ.get("BENCH_SCALE_N", "100000"))
        print_table(bench_scale.run(n), f"scale: {n:,} articles (cache, streaming)")


if __name__ == "__main__":
    main(sys.argv[1:])
