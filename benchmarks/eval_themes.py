"""Evaluate theme detection on the hand-labelled development set.

Compares :func:`analysis.themes.themes` with a plain keyword baseline on
``tests/data/theme_labels.csv`` (articles of the default corpus, labelled by
reading them), split by ``source_id`` parity: even ids = dev half (used to
tune the lexicon), odd ids = held-out half (reported, not tuned on).

Usage::

    .venv/bin/python benchmarks/eval_themes.py [--corpus PATH] [--errors]

Prints precision / recall / F1 per theme and half, for the lexicon and the
baseline, and the matching time over the whole corpus. ``--errors`` lists the
misclassified labelled articles with the evidence sentences.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import themes as th  # noqa: E402

THEMES = ("sanctions", "energy", "un_voting")
LABELS = ROOT / "tests" / "data" / "theme_labels.csv"

# The baseline named in the task: one keyword regex per theme.
BASELINE = {
    "sanctions": re.compile(r"sanction|embargo", re.I),
    "energy": re.compile(r"\b(?:oil|gas|energy)", re.I),
    "un_voting": re.compile(r"security council|general assembly", re.I),
}


def load_corpus(path: Path | None = None) -> pd.DataFrame:
    """The default corpus as analyze sees it (loaded and cleaned), indexed by its own id as ``article_id``."""
    if path is not None:
        with zipfile.ZipFile(path) as z:
            return pd.read_csv(z.open("NewsArticles.csv"))
    from analysis.datasets import news_articles

    df = news_articles()
    return df.drop(columns="article_id").assign(article_id=df["source_id"].astype(int))


def baseline(texts: pd.Series) -> pd.DataFrame:
    t = texts.fillna("")
    return pd.DataFrame({k: t.str.contains(rx) for k, rx in BASELINE.items()}, index=texts.index)


def prf(gold: pd.Series, pred: pd.Series) -> tuple[float, float, float, int]:
    gold = gold.astype(bool)
    pred = pred.astype(bool)
    tp = int((gold & pred).sum())
    fp = int((~gold & pred).sum())
    fn = int((gold & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, int(gold.sum())


def evaluate(corpus: pd.DataFrame, labels: pd.DataFrame, lexicon=None) -> pd.DataFrame:
    """Table of P/R/F1 per (half, theme, method)."""
    sub = corpus.set_index("article_id").loc[labels["source_id"]].reset_index()
    ours = th.themes(sub, lexicon=lexicon)
    base = baseline(sub["text"])
    rows = []
    halves = {"dev (even id)": labels["source_id"] % 2 == 0, "held-out (odd id)": labels["source_id"] % 2 == 1,
              "all": labels["source_id"] > -1}
    for half, mask in halves.items():
        mask = mask.to_numpy()
        for t in THEMES:
            gold = labels[t].astype(bool).to_numpy()
            for name, pred in (("lexicon", ours[t].to_numpy()), ("baseline", base[t].to_numpy())):
                p, r, f, n = prf(pd.Series(gold[mask]), pd.Series(pred[mask]))
                rows.append({"half": half, "theme": t, "method": name, "n": int(mask.sum()),
                             "positives": n, "precision": p, "recall": r, "f1": f})
    return pd.DataFrame(rows)


def format_table(table: pd.DataFrame) -> str:
    """Fixed-width P/R/F1 table, lexicon next to baseline."""
    head = (f"{'half':18s} {'theme':10s} {'n':>4s} {'pos':>4s} | {'lexicon P':>9s} {'R':>6s} {'F1':>6s}"
            f" | {'baseline P':>10s} {'R':>6s} {'F1':>6s}")
    lines = [head, "-" * len(head)]
    for (half, theme), g in table.groupby(["half", "theme"], sort=False):
        a = g[g.method == "lexicon"].iloc[0]
        b = g[g.method == "baseline"].iloc[0]
        lines.append(f"{half:18s} {theme:10s} {a.n:4d} {a.positives:4d} | {a.precision:9.3f} {a.recall:6.3f}"
                     f" {a.f1:6.3f} | {b.precision:10.3f} {b.recall:6.3f} {b.f1:6.3f}")
    return "\n".join(lines)


def errors(corpus: pd.DataFrame, labels: pd.DataFrame) -> None:
    sub = corpus.set_index("article_id").loc[labels["source_id"]].reset_index()
    ours = th.themes(sub)
    ev = th.evidence(sub)
    for i, row in labels.reset_index(drop=True).iterrows():
        for t in THEMES:
            g, p = bool(row[t]), bool(ours.loc[i, t])
            if g != p:
                kind = "FN" if g else "FP"
                print(f"{kind} {t:9s} id={row['source_id']}  [{row['note']}]")
                e = ev[(ev.article_id == row["source_id"]) & (ev.theme == t)]
                for _, h in e.head(3).iterrows():
                    print(f"      {h['term']!r}: {h['snippet'][:160]}")


def timing(corpus: pd.DataFrame) -> tuple[float, float]:
    """Seconds for sentence splitting and for matching over the whole corpus."""
    from analysis.segment import sentence_spans

    comp = th._compile(th.load_lexicon())
    texts = [t if isinstance(t, str) else "" for t in corpus["text"]]
    t0 = time.perf_counter()
    spans = [sentence_spans(t) if t else [] for t in texts]
    t1 = time.perf_counter()
    for t, s in zip(texts, spans):
        th._match(t, s, comp)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None,
                    help="the raw NewsArticles.zip instead of the loaded, cleaned default corpus")
    ap.add_argument("--errors", action="store_true", help="list misclassified labelled articles")
    args = ap.parse_args(argv)
    if args.corpus is not None and not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (run `make corpus`)", file=sys.stderr)
        return 2
    corpus = load_corpus(args.corpus)
    labels = pd.read_csv(LABELS)
    table = evaluate(corpus, labels)
    print(f"Labelled articles: {len(labels)}  (dev = even source_id, held-out = odd)\n")
    print(format_table(table))
    split, match = timing(corpus)
    print(f"\nCorpus: {len(corpus)} articles; sentence splitting {split:.2f} s, "
          f"theme matching {match:.3f} s (excluding splitting)")
    if args.errors:
        print()
        errors(corpus, labels)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
