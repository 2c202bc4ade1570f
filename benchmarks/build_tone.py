"""Rebuild ``analysis/data/tone_weights.tsv``: the ``tone`` model fitted to human-rated sentences.

Data: the human-rated sentences of Hutto & Gilbert (ICWSM 2014) in the PyPI sdist of
``vaderSentiment==3.3.2`` (fetched and verified by :func:`analysis.tone.ratings`). Training
rows: the movie-review, Amazon-review and tweet snippets, plus the *build half* of the NYT
editorial snippets (editorials with an odd number); the *held-out half* (even numbers) is never
read here. Targets are the mean ratings divided by 4 (-1..1).

Model (features from :func:`analysis.tone.features`): least squares on the five dense features
and a bag of words (each word, ``NOT_word`` for a negated lexicon word, in at least
``MIN_DOCS`` training snippets; counts divided by the square root of the snippet's word count),
with a ridge penalty ``alpha`` on the word weights (1e-3 on the dense ones) and the NYT rows
weighted ``nyt_weight``. ``alpha`` and ``nyt_weight`` are chosen on the build half alone: 2-fold
cross-validation over the build half's editorials (number % 4 == 1 vs == 3), each fold fitted
with all other-domain rows, scored by Pearson r. Deterministic (fixed data, fixed folds, LSQR).

Usage::

    python benchmarks/build_tone.py                 # writes analysis/data/tone_weights.tsv
    python benchmarks/build_tone.py --others-only --out /tmp/tone_others.tsv   # no NYT rows at all
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import lsqr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import tone  # noqa: E402
from analysis.score.sentiment import polarity_subjectivity  # noqa: E402

MIN_DOCS = 3
ALPHAS = (10.0, 30.0, 100.0)
NYT_WEIGHTS = (1.0, 3.0, 5.0)
NYT = "nytEditorialSnippets"


def snippet_features(texts: list[str]) -> tuple[np.ndarray, list[list[str]], np.ndarray]:
    """Dense features, word keys and word counts of each snippet (scored as one sentence)."""
    dense, keys, counts = [], [], []
    for t in texts:
        d, k, _, c = tone.features(t, [(0, len(t))], [polarity_subjectivity(t)])
        dense.append(d[0])
        keys.append(k)
        counts.append(int(c[0]))
    return np.array(dense), keys, np.array(counts)


def load() -> dict[str, dict]:
    """Every dataset with its features; the NYT held-out half is dropped here."""
    out = {}
    for name in tone.RATINGS["datasets"]:
        df = tone.ratings(name)
        df = df[df["half"] == "build"]
        dense, keys, counts = snippet_features(df["text"].tolist())
        out[name] = {"y": df["rating"].to_numpy() / 4.0, "dense": dense, "keys": keys, "counts": counts,
                     "editorial": (df["id"].str.split("_").str[0].astype(int).to_numpy() if name == NYT else None)}
    return out


def _bow(keys: list[list[str]], counts: np.ndarray, vocab: dict[str, int]) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    for i, (ks, n) in enumerate(zip(keys, counts)):
        scale = 1.0 / np.sqrt(max(n, 1))
        for k in ks:
            j = vocab.get(k)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append(scale)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(keys), len(vocab)))


def fit(parts: list[tuple[dict, np.ndarray, float]], alpha: float) -> tuple[dict[str, float], float]:
    """Weights fitted on ``(dataset, row mask, row weight)`` parts; returns ``({feature: w}, intercept)``."""
    keys = [k for d, m, _ in parts for k, keep in zip(d["keys"], m) if keep]
    counts = np.concatenate([d["counts"][m] for d, m, _ in parts])
    dense = np.vstack([d["dense"][m] for d, m, _ in parts])
    y = np.concatenate([d["y"][m] for d, m, _ in parts])
    w = np.concatenate([np.full(int(m.sum()), wt) for _, m, wt in parts])
    df = collections.Counter(k for ks in keys for k in set(ks))
    vocab = {k: i for i, k in enumerate(sorted(k for k, c in df.items() if c >= MIN_DOCS))}
    x = sparse.hstack([sparse.csr_matrix(np.column_stack([np.ones(len(y)), dense])), _bow(keys, counts, vocab)]).tocsr()
    pen = np.r_[0.0, np.full(dense.shape[1], 1e-3), np.full(len(vocab), alpha)]
    sw = np.sqrt(w)
    a = sparse.vstack([sparse.diags(sw) @ x, sparse.diags(np.sqrt(pen))]).tocsr()
    coef = lsqr(a, np.r_[y * sw, np.zeros(len(pen))], atol=1e-10, btol=1e-10, iter_lim=20000)[0]
    weights = dict(zip(tone.FEATURES, coef[1:1 + dense.shape[1]].tolist()))
    weights.update(zip(vocab, coef[1 + dense.shape[1]:].tolist()))
    return weights, float(coef[0])


def predict(weights: dict[str, float], d: dict, mask: np.ndarray) -> np.ndarray:
    """The model's tone (no intercept, clipped) of the masked rows, as :mod:`analysis.tone` scores it."""
    dense = d["dense"][mask] @ np.array([weights[f] for f in tone.FEATURES])
    words = np.array([sum(weights.get(k, 0.0) for k in ks) / np.sqrt(max(n, 1))
                      for ks, n, keep in zip(d["keys"], d["counts"], mask) if keep])
    out = np.where(d["counts"][mask] > 0, dense + words, 0.0)
    return np.clip(out, -1.0, 1.0)


def choose(data: dict) -> tuple[float, float, list]:
    """``alpha`` and ``nyt_weight`` by 2-fold cross-validation on the NYT build half."""
    nyt = data[NYT]
    others = [(data[n], np.ones(len(data[n]["y"]), bool), 1.0) for n in data if n != NYT]
    folds = [nyt["editorial"] % 4 == 1, nyt["editorial"] % 4 == 3]
    table = []
    for alpha in ALPHAS:
        for nyt_w in NYT_WEIGHTS:
            rs = []
            for k in (0, 1):
                weights, _ = fit(others + [(nyt, folds[k], nyt_w)], alpha)
                test = folds[1 - k]
                rs.append(np.corrcoef(predict(weights, nyt, test), nyt["y"][test])[0, 1])
            table.append((alpha, nyt_w, float(np.mean(rs))))
            print(f"  alpha={alpha:<6g} nyt_weight={nyt_w:<4g} CV r={np.mean(rs):.4f}", flush=True)
    best = max(table, key=lambda t: t[2])
    return best[0], best[1], table


def write(weights: dict[str, float], intercept: float, path: Path, note: str) -> None:
    lines = ["# tone model weights: feature<TAB>weight (see analysis/data/README.md)",
             "# built by benchmarks/build_tone.py from the human ratings in the PyPI sdist of vaderSentiment==3.3.2",
             f"# ({tone.RATINGS['member']}); {note}",
             f"# intercept {intercept:.6f} (not used: a sentence without evidence scores 0)"]
    lines += [f"{f}\t{weights[f]:.6f}" for f in tone.FEATURES]
    lines += [f"{k}\t{weights[k]:.5f}" for k in sorted(k for k in weights if not k.startswith("@"))
              if round(weights[k], 5) != 0.0]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "analysis" / tone.WEIGHTS_FILE)
    ap.add_argument("--others-only", action="store_true",
                    help="fit on the movie, Amazon and tweet snippets only (no NYT rows; alpha as chosen by CV)")
    args = ap.parse_args(argv)
    data = load()
    print("choosing alpha and nyt_weight (2-fold CV on the NYT build half):")
    alpha, nyt_w, _ = choose(data)
    print(f"chosen: alpha={alpha:g}, nyt_weight={nyt_w:g}")
    parts = [(data[n], np.ones(len(data[n]["y"]), bool), 1.0) for n in data if n != NYT]
    if args.others_only:
        note = f"trained on movie/Amazon/tweet snippets only, alpha={alpha:g}"
    else:
        parts.append((data[NYT], np.ones(len(data[NYT]["y"]), bool), nyt_w))
        note = (f"trained on movie/Amazon/tweet snippets + NYT build half (odd editorials), alpha={alpha:g}, "
                f"nyt_weight={nyt_w:g}")
    weights, intercept = fit(parts, alpha)
    write(weights, intercept, args.out, note)
    print(f"wrote {args.out} ({sum(1 for k in weights if not k.startswith('@'))} words before rounding)")


if __name__ == "__main__":
    main()
