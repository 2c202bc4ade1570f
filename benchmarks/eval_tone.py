"""How well do TextBlob polarity, VADER compound and ``tone`` agree with human ratings?

Pearson r with a 95% confidence interval (Fisher z), per data set, from
:func:`analysis.tone.agreement`:

* the human-rated snippets of Hutto & Gilbert (ICWSM 2014), from the PyPI sdist of
  ``vaderSentiment==3.3.2`` (:func:`analysis.tone.ratings`): the NYT editorial snippets'
  *held-out half* (even editorial numbers; never used to fit or tune ``tone``); with
  ``--training`` also its build half and the movie, Amazon and tweet snippets, which ``tone``
  was trained on (marked ``train``);
* sentences and articles of the default corpus rated by two people
  (``analysis/data/ratings/``; guide in ``GUIDE.md`` there), never used to build ``tone``.

``--weights`` adds a ``tone`` row for another weights file (e.g. one built with
``benchmarks/build_tone.py --others-only``) on the Hutto & Gilbert snippets.

Usage::

    .venv/bin/python benchmarks/eval_tone.py [--training] [--weights PATH ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import tone  # noqa: E402


def _rows(label: str, use: str, texts: list[str], y, weights: list[Path]) -> list[dict]:
    scores = tone.score_texts(texts)
    for w in weights:
        scores[f"tone ({w.name})"] = tone.score_texts(texts, weights=w)["tone"]
    out = []
    for name, x in scores.items():
        r, lo, hi = tone.pearson(x, y)
        out.append({"data": label, "use": use, "level": "sentence", "n": len(y), "scorer": name, "r": r, "low": lo,
                    "high": hi})
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--weights", type=Path, action="append", default=[], help="another tone weights file")
    ap.add_argument("--training", action="store_true", help="also the data tone was trained on, for reference")
    args = ap.parse_args(argv)
    table = tone.agreement().assign(use="HELD OUT")
    extra = []
    for name in tone.RATINGS["datasets"] if (args.training or args.weights) else ():
        df = tone.ratings(name)
        for half in (("held_out", "build") if name == "nytEditorialSnippets" else ("build",)):
            if half == "build" and not args.training:
                continue
            part = df[df["half"] == half]
            label = f"{name} ({half.replace('_', '-')} half)" if name == "nytEditorialSnippets" else name
            extra += _rows(label, "HELD OUT" if half == "held_out" else "train", part["text"].tolist(),
                           part["rating"].to_numpy(), args.weights)
    if extra:
        table = pd.concat([table, pd.DataFrame(extra)], ignore_index=True)
    loc = table.attrs.get("located")
    with pd.option_context("display.width", 200, "display.max_colwidth", 70, "display.float_format", "{:.3f}".format):
        print(table[["data", "use", "level", "n", "scorer", "r", "low", "high"]].to_string(index=False))
    print(f"\nrated corpus sentences located: {loc}")


if __name__ == "__main__":
    main()
