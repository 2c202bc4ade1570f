"""How well do TextBlob polarity, VADER compound and ``tone`` agree with human ratings?

Pearson r with a 95% confidence interval (Fisher z), per data set:

* the human-rated snippets of Hutto & Gilbert (ICWSM 2014), from the PyPI sdist of
  ``vaderSentiment==3.3.2`` (:func:`analysis.tone.ratings`): the NYT editorial snippets'
  *held-out half* (even editorial numbers; never used to fit or tune ``tone``), and for
  reference its build half and the movie, Amazon and tweet snippets, which ``tone`` was
  trained on (marked ``train``);
* sentences of the default corpus rated by people (``--sentences``, default
  ``tests/data/tone_sentence_ratings.csv``: ``source_id,start,end,rating`` and
  ``sentence_sha1``, optionally ``rater``; several raters are averaged). The rated sentence is
  ``text[start:end]`` of the corpus as loaded now when its SHA-1 (first 12 hex digits) matches,
  else the sentence of the article (:func:`analysis.segment.sentence_spans`) with that hash,
  else (a file with a ``sentence`` column instead of a hash) the first occurrence of the
  sentence text in the article; sentences not found are counted and left out;
* articles of the default corpus rated by people (``--articles``, default
  ``tests/data/tone_article_ratings.csv``: ``source_id,rating``), against the article scores
  of :func:`analysis.analyze` (``vader`` there is the mean of the sentences' compounds).

Every score is that of the whole snippet or sentence, scored as one sentence. ``--weights``
adds a ``tone`` row for another weights file (e.g. one built with
``benchmarks/build_tone.py --others-only``).

Usage::

    .venv/bin/python benchmarks/eval_tone.py [--weights PATH ...] [--sentences CSV] [--articles CSV]
    .venv/bin/python benchmarks/eval_tone.py --no-reference --sentences /tmp/h/tone_sentence_ratings.csv \
        --sentence-texts /tmp/h/tone_sentences.csv --articles /tmp/h/tone_article_ratings.csv
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import tone  # noqa: E402
from analysis.sentiment import polarity_subjectivity  # noqa: E402


def pearson(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Pearson r and its 95% confidence interval (Fisher z transform)."""
    r = float(np.corrcoef(x, y)[0, 1])
    n = len(x)
    if n <= 3 or not np.isfinite(r):
        return r, float("nan"), float("nan")
    z, se = math.atanh(max(min(r, 0.999999), -0.999999)), 1.0 / math.sqrt(n - 3)
    return r, math.tanh(z - 1.96 * se), math.tanh(z + 1.96 * se)


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def score_sentences(texts: list[str], weights: list[Path]) -> dict[str, np.ndarray]:
    """TextBlob polarity, VADER compound and tone (packaged and ``weights``) of each text as one sentence."""
    vader = _vader()
    spans = [[(0, len(t))] for t in texts]
    out = {"TextBlob polarity": np.array([polarity_subjectivity(t)[0] for t in texts]),
           "VADER compound": np.array([vader.polarity_scores(t)["compound"] for t in texts]),
           "tone": np.array([per[0] for per, _ in tone.score_many(texts, spans)])}
    for w in weights:
        out[f"tone ({w.name})"] = np.array([per[0] for per, _ in tone.score_many(texts, spans, weights=w)])
    return out


def locate(ratings: pd.DataFrame, corpus: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rated sentences' current text in ``corpus`` (offsets, else hash or text search)."""
    from analysis.segment import sentence_spans

    texts = dict(zip(corpus["source_id"].astype(str), corpus["text"].astype(str)))
    found, counts = [], {"offsets": 0, "search": 0, "missing": 0}
    for row in ratings.itertuples(index=False):
        text = texts.get(str(row.source_id))
        sentence = None
        want = getattr(row, "sentence_sha1", None)
        given = getattr(row, "sentence", None)
        if text is not None:
            piece = text[int(row.start):int(row.end)]
            if (want is not None and _sha1(piece) == want) or (given is not None and piece == given):
                sentence, how = piece, "offsets"
            elif want is not None:
                sentence = next((text[a:b] for a, b in sentence_spans(text) if _sha1(text[a:b]) == want), None)
                how = "search"
            elif given is not None and given in text:
                sentence, how = given, "search"
        if sentence is None:
            counts["missing"] += 1
            continue
        counts[how] += 1
        found.append((str(row.source_id), int(row.start), sentence, float(row.rating)))
    return pd.DataFrame(found, columns=["source_id", "start", "sentence", "rating"]), counts


def _mean_by(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Mean rating per item over raters."""
    return df.groupby(keys, as_index=False, sort=False)["rating"].mean()


def table(rows: list[tuple[str, str, int, dict[str, np.ndarray], np.ndarray]]) -> None:
    header = f"{'data':44s} {'use':8s} {'n':>5s}  {'score':32s} {'r':>6s}  95% CI"
    print(header)
    print("-" * len(header))
    for data, use, n, scores, y in rows:
        for name, x in scores.items():
            r, lo, hi = pearson(x, y)
            print(f"{data:44s} {use:8s} {n:5d}  {name:32s} {r:6.3f}  [{lo:.3f}, {hi:.3f}]")
        print()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--weights", type=Path, action="append", default=[], help="another tone weights file")
    ap.add_argument("--sentences", type=Path, default=ROOT / "tests" / "data" / "tone_sentence_ratings.csv")
    ap.add_argument("--articles", type=Path, default=ROOT / "tests" / "data" / "tone_article_ratings.csv")
    ap.add_argument("--sentence-texts", type=Path, default=None,
                    help="CSV source_id,start,end,sentence giving the rated sentences' text (for a ratings file "
                         "without sentence_sha1, e.g. a rater's work in progress)")
    ap.add_argument("--no-reference", action="store_true", help="skip the ICWSM 2014 snippets")
    args = ap.parse_args(argv)
    rows = []
    if not args.no_reference:
        for name in tone.RATINGS["datasets"]:
            df = tone.ratings(name)
            for half in (("held_out", "build") if name == "nytEditorialSnippets" else ("build",)):
                part = df[df["half"] == half]
                label = f"{name} ({half.replace('_', '-')} half)" if name == "nytEditorialSnippets" else name
                rows.append((label, "HELD OUT" if half == "held_out" else "train", len(part),
                             score_sentences(part["text"].tolist(), args.weights), part["rating"].to_numpy()))
    corpus = None
    if args.sentences.is_file() or args.articles.is_file():
        from analysis.datasets import news_articles

        corpus = news_articles()
    if args.sentences.is_file():
        rated = pd.read_csv(args.sentences, dtype={"source_id": str, "sentence_sha1": str})
        if args.sentence_texts is not None and "sentence_sha1" not in rated.columns:
            given = pd.read_csv(args.sentence_texts, dtype={"source_id": str})
            rated = rated.merge(given[["source_id", "start", "end", "sentence"]], on=["source_id", "start", "end"],
                                how="left")
        located, counts = locate(rated, corpus)
        mean = _mean_by(located, ["source_id", "start", "sentence"])
        raters = rated["rater"].nunique() if "rater" in rated.columns else 1
        print(f"{args.sentences}: {len(rated)} ratings by {raters} rater(s); located by offsets {counts['offsets']}, "
              f"by search {counts['search']}, not found {counts['missing']}\n")
        rows.append((f"corpus sentences ({args.sentences.name})", "HELD OUT", len(mean),
                     score_sentences(mean["sentence"].tolist(), args.weights), mean["rating"].to_numpy()))
    if args.articles.is_file():
        from analysis import analyze

        rated = _mean_by(pd.read_csv(args.articles, dtype={"source_id": str}), ["source_id"])
        arts = corpus[corpus["source_id"].astype(str).isin(set(rated["source_id"]))]
        scored = analyze(arts, vader=True, progress=False).assign(source_id=lambda d: d["source_id"].astype(str))
        m = rated.merge(scored, on="source_id")
        scores = {"TextBlob polarity": m["polarity"].to_numpy(), "VADER (mean of sentences)": m["vader"].to_numpy(),
                  "tone": m["tone"].to_numpy()}
        rows.append((f"corpus articles ({args.articles.name})", "HELD OUT", len(m), scores, m["rating"].to_numpy()))
    table(rows)


if __name__ == "__main__":
    main()
