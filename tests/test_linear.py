"""Scoring time grows linearly with the length of a text (hostile long inputs).

A text four times as long must take about four times as long to score, not
sixteen: each case is timed at ``n`` and ``4 n`` repetitions in the same run
and the ratio must stay under ``MAX_RATIO``. The cases are the shapes that were
quadratic: one theme or actor cue repeated in many short sentences (weak-term
context, ambiguous-alias windows, per-sentence actor lookup) and a text with no
full stop at all (one "sentence" read once per sanction word).
"""

from __future__ import annotations

import random
import time

import pandas as pd
import pytest

from analysis import analyze

MAX_RATIO = 6.0  # linear is ~4, quadratic 16


def _random_words(n: int) -> str:
    rng = random.Random(0)
    words = ["sanctions", "Russia", "the", "oil", "gas", "Moscow", "said", "UN", "vote", "Putin", "EU", "and",
             "of", "to", "Georgia", "imposed", "against", "Security", "Council", "resolution"]
    return " ".join(rng.choice(words) for _ in range(n))


CASES = {
    "sanctioned-moscow": lambda n: "Sanctioned. Moscow. " * n,  # weak theme term, context in every sentence
    "georgia-tbilisi": lambda n: "Georgia. Tbilisi. " * n,  # ambiguous actor alias with a cue window
    "no-full-stop": lambda n: _random_words(n),  # one 100 KB "sentence" full of sanction words
}
SIZES = {"sanctioned-moscow": 2500, "georgia-tbilisi": 2500, "no-full-stop": 4000}


def _seconds(text: str) -> float:
    df = pd.DataFrame({"text": [text]})
    best = float("inf")
    for _ in range(2):  # the faster of two runs: this machine is shared
        t0 = time.perf_counter()
        analyze(df, cache=False)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("kind", list(CASES))
def test_scoring_time_is_linear_in_text_length(kind):
    make, n = CASES[kind], SIZES[kind]
    analyze(pd.DataFrame({"text": [make(50)]}), cache=False)  # lexicons, gazetteer and models loaded
    small, big = _seconds(make(n)), _seconds(make(4 * n))
    ratio = big / max(small, 1e-3)
    assert ratio < MAX_RATIO, f"{kind}: {len(make(n))} chars {small:.2f} s, 4x {big:.2f} s (ratio {ratio:.1f})"
