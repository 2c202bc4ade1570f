"""Time a step's cost to a whole run: the same run with the step and with a stand-in, interleaved.

The machine is shared, so the two are timed over ``chunks`` slices of the input,
alternating which goes first, and summed; the ratio of the sums is the figure.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import numpy as np


def with_without(df, run: Callable[[Any], Any], module: Any, name: str, stand_in: Callable, *,
                 chunks: int = 20, after: Callable[[Any], None] | None = None) -> dict[bool, float]:
    """Seconds of ``run(slice)`` over ``df`` with ``module.name`` real (True) and replaced by ``stand_in`` (False).

    ``after(result)`` is called on each real run's result (to count what it made).
    """
    real = getattr(module, name)
    run(df.iloc[:50])  # warm lexicons and weights once for both
    t = {True: 0.0, False: 0.0}
    try:
        for k, part in enumerate(np.array_split(np.arange(len(df)), chunks)):
            piece = df.iloc[part]
            for on in ((False, True) if k % 2 else (True, False)):
                setattr(module, name, real if on else stand_in)
                t0 = time.perf_counter()
                result = run(piece)
                t[on] += time.perf_counter() - t0
                if on and after is not None:
                    after(result)
    finally:
        setattr(module, name, real)
    return t
