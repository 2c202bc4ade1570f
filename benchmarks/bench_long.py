"""analyze() on one very long article: time against length (linear, not quadratic).

Each hostile shape (a theme cue in many short sentences, an ambiguous actor
alias with its cue, a text with no full stop) is scored at 1x, 4x and 16x a
base length in one run; ``x4`` is the time ratio to the length a quarter as
long (linear ~4, quadratic ~16). The 800 KB row is the audit's case
(``'Sanctioned. Moscow. ' * 40000`` took 84.5 s before).

    python benchmarks/bench_long.py
"""

from __future__ import annotations

import random
import time

import pandas as pd

from analysis import analyze

SHAPES = {  # name (with {n}) -> text of n repetitions
    "'Sanctioned. Moscow. ' * {n}": lambda n: "Sanctioned. Moscow. " * n,
    "'Georgia. Tbilisi. ' * {n}": lambda n: "Georgia. Tbilisi. " * n,
    "{n} random words, no full stop": lambda n: _random_words(n),
}
BASE = 2500


def _random_words(n: int) -> str:
    rng = random.Random(0)
    words = ["sanctions", "Russia", "the", "oil", "gas", "Moscow", "said", "UN", "vote", "Putin", "EU", "and",
             "of", "to", "Georgia", "imposed", "against", "Security", "Council", "resolution"]
    return " ".join(rng.choice(words) for _ in range(n))


def run() -> list[tuple[str, str, str, str]]:
    analyze(pd.DataFrame({"text": ["Sanctioned. Moscow. Georgia. Tbilisi."]}), cache=False)  # resources loaded
    rows = []
    for name, make in SHAPES.items():
        last = None
        for n in (BASE, 4 * BASE, 16 * BASE):  # 16x 'Sanctioned. Moscow. ' is the audit's 800 KB
            text = make(n)
            t0 = time.perf_counter()
            analyze(pd.DataFrame({"text": [text]}), cache=False, progress=False)
            took = time.perf_counter() - t0
            figure = f"x4 {took / last:.1f} (linear ~4, quadratic ~16)" if last else ""
            rows.append((name.format(n=f"{n:,}"), f"{len(text) / 1e3:,.0f} KB", f"{took:.2f} s", figure))
            last = took
    return rows


if __name__ == "__main__":
    from run import print_table

    print_table(run(), "one long article: time against length")
