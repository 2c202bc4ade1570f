"""Evaluate theme detection on the hand-labelled set: is an article *about* a theme?

Reads ``tests/data/theme_labels.csv`` (articles of the default corpus labelled by
reading them, see ``tests/data/theme_labels_GUIDE.md``), split by ``source_id``
parity: even ids = dev half (the lexicon, the salience weights and thresholds may
be tuned on it), odd ids = held-out half (reported, never tuned on).

Three methods are compared, per theme and half:

* ``salience`` - the toolkit's rule (:func:`analysis.themes.themes`, column ``T``:
  ``T_hits >= min_hits`` and ``T_salience >= threshold``);
* ``mentions`` - the old rule, any ``min_hits`` accepted hits (``T_hits >= min_hits``);
* ``baseline`` - one keyword regex per theme.

Usage::

    .venv/bin/python benchmarks/eval_themes.py [--dev-only] [--curve] [--grid] [--errors] [--by-annotator]
                                               [--corpus PATH]

``--dev-only`` drops the held-out half before anything is computed or printed (use it while
tuning, so that no held-out figure is seen until the final, single report);

``--curve`` prints P/R/F1 of the salience rule against the threshold on the dev
half only, with the dev-best threshold per theme (middle of the best plateau);
``--grid`` searches the salience weights and scales on the dev half only;
``--errors`` lists the dev-half errors with evidence (never the held-out half);
``--by-annotator`` splits F1 by the label file's ``annotator`` column;
``--bbc`` evaluates instead on the labels of the BBC News dataset (``analysis.datasets.bbc_news``,
2004-2005; ``tests/data/bbc_theme_labels.csv``, same guide): a corpus of other years and
another house style, never tuned on, reported whole as the half ``bbc``.

Always printed: the P/R/F1 table (``mentions`` P is the old rule's precision),
held-out F1 with a 95% bootstrap interval per method, and Cohen's kappa per theme
between the two annotators of the articles in ``tests/data/theme_labels_second.csv``.
Also always printed: the dev-half cross-validated F1 (10 x stratified 5-fold) of the salience
rule (threshold re-tuned per training split) and of a learned decision (per-theme logistic
regression, features and C picked by nested CV), then the held-out F1 of both, scored once
(:func:`cross_validate`; the outcome is recorded in ``analysis/data/README.md``).
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import themes as th  # noqa: E402

THEMES = ("sanctions", "energy", "un_voting")
LABELS = ROOT / "tests" / "data" / "theme_labels.csv"
BBC_LABELS = ROOT / "tests" / "data" / "bbc_theme_labels.csv"
SECOND = ROOT / "tests" / "data" / "theme_labels_second.csv"
BOOTSTRAP = 2000  # resamples of the held-out half for the F1 interval
METHODS = ("salience", "mentions", "baseline")
CURVE = np.round(np.arange(0.0, 1.0001, 0.05), 2)

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
            df = pd.read_csv(z.open("NewsArticles.csv"))
        return df
    from analysis.ingest.datasets import news_articles

    df = news_articles()
    return df.drop(columns="article_id").assign(article_id=df["source_id"].astype(int))


def load_bbc() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The BBC News dataset as :func:`load_corpus` gives the default one (``article_id``: its
    ``source_id``, as ``"politics/001"``) and its labels, all in the half ``bbc``."""
    from analysis.ingest.datasets import bbc_news

    df = bbc_news()
    lab = pd.read_csv(BBC_LABELS, dtype={"source_id": str}).drop_duplicates("source_id").reset_index(drop=True)
    return df.drop(columns="article_id").assign(article_id=df["source_id"].astype(str)), lab.assign(half="bbc")


def load_labels(path: Path = LABELS) -> pd.DataFrame:
    """The labels with a ``half`` column (``dev`` for even ``source_id``, ``heldout`` for odd)."""
    lab = pd.read_csv(path)
    missing = [c for c in ("source_id", *THEMES) if c not in lab.columns]
    if missing:
        raise KeyError(f"{path} lacks column(s) {missing}; it has {list(lab.columns)}")
    lab = lab.drop_duplicates("source_id", keep="first").reset_index(drop=True)
    return lab.assign(half=np.where(lab["source_id"] % 2 == 0, "dev", "heldout"))


def labelled_articles(corpus: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """The labelled articles of ``corpus``, in label order."""
    return corpus.set_index("article_id").loc[labels["source_id"]].reset_index()


def baseline(texts: pd.Series) -> pd.DataFrame:
    t = texts.fillna("")
    return pd.DataFrame({k: t.str.contains(rx) for k, rx in BASELINE.items()}, index=texts.index)


def prf(gold, pred) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and the number of gold positives."""
    gold = np.asarray(gold, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    tp = int((gold & pred).sum())
    fp = int((~gold & pred).sum())
    fn = int((gold & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, int(gold.sum())


def predictions(articles: pd.DataFrame, lexicon=None) -> dict[str, pd.DataFrame]:
    """Boolean predictions per method (columns = themes), plus the scored theme frame."""
    ours = th.themes(articles, lexicon=lexicon)
    lex = th.load_lexicon(lexicon)
    old = pd.DataFrame({t: ours[f"{t}_hits"] >= lex.spec[t]["min_hits"] for t in THEMES})
    return {"salience": ours[list(THEMES)], "mentions": old, "baseline": baseline(articles["text"]),
            "scores": ours}


def evaluate(corpus: pd.DataFrame, labels: pd.DataFrame, lexicon=None) -> pd.DataFrame:
    """Table of P/R/F1 per (half, theme, method)."""
    preds = predictions(labelled_articles(corpus, labels), lexicon)
    rows = []
    for half in [h for h in ("dev", "heldout", "bbc") if (labels["half"] == h).any()]:
        mask = (labels["half"] == half).to_numpy()
        for t in THEMES:
            gold = labels[t].astype(bool).to_numpy()[mask]
            for name in METHODS:
                p, r, f, n = prf(gold, preds[name][t].to_numpy()[mask])
                rows.append({"half": half, "theme": t, "method": name, "n": int(mask.sum()),
                             "positives": n, "precision": p, "recall": r, "f1": f})
    return pd.DataFrame(rows)


def by_annotator(corpus: pd.DataFrame, labels: pd.DataFrame, lexicon=None) -> str:
    """F1 of each method per half and annotator (the ``annotator`` column, when the label file has one)."""
    if "annotator" not in labels.columns:
        return "(no annotator column)"
    preds = predictions(labelled_articles(corpus, labels), lexicon)
    lines = [f"{'half':8s} {'annotator':10s} {'theme':10s} {'n':>4s} {'pos':>4s}"
             + "".join(f" | {m + ' F1':>11s}" for m in METHODS)]
    for (half, ann), g in labels.groupby(["half", "annotator"], sort=True):
        m = labels.index.isin(g.index)
        for t in THEMES:
            gold = labels[t].to_numpy()[m]
            line = f"{half:8s} {str(ann):10s} {t:10s} {int(m.sum()):4d} {int(gold.sum()):4d}"
            for name in METHODS:
                line += f" | {prf(gold, preds[name][t].to_numpy()[m])[2]:11.3f}"
            lines.append(line)
    return "\n".join(lines)


def format_table(table: pd.DataFrame) -> str:
    """Fixed-width P/R/F1 table, one block of columns per method."""
    head = f"{'half':8s} {'theme':10s} {'n':>4s} {'pos':>4s}" + "".join(
        f" | {m + ' P':>10s} {'R':>5s} {'F1':>5s}" for m in METHODS)
    lines = [head, "-" * len(head)]
    for (half, theme), g in table.groupby(["half", "theme"], sort=False):
        g = g.set_index("method")
        a = g.loc[METHODS[0]]
        line = f"{half:8s} {theme:10s} {a.n:4d} {a.positives:4d}"
        for m in METHODS:
            x = g.loc[m]
            line += f" | {x.precision:10.3f} {x.recall:5.3f} {x.f1:5.3f}"
        lines.append(line)
    return "\n".join(lines)


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two binary label vectors (1.0 when both are constant and equal)."""
    a = np.asarray(a, dtype=bool)
    b = np.asarray(b, dtype=bool)
    po = float((a == b).mean())
    pe = float(a.mean() * b.mean() + (1 - a.mean()) * (1 - b.mean()))
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def agreement(labels: pd.DataFrame, second: Path = SECOND) -> str:
    """Inter-annotator agreement (Cohen's kappa per theme) on the doubly labelled articles."""
    if not second.exists():
        return f"(no second-annotator file {second})"
    sec = pd.read_csv(second)
    both = labels.merge(sec, on="source_id", suffixes=("", "_2"))
    lines = [f"Inter-annotator agreement on {len(both)} doubly labelled articles "
             f"({second.name}; first annotator = main file)"]
    for t in THEMES:
        a, b = both[t].to_numpy(), both[f"{t}_2"].to_numpy()
        lines.append(f"  {t:10s} kappa {cohen_kappa(a, b):.3f}  agreement {float((a == b).mean()):.3f}  "
                     f"positives {int(a.sum())} / {int(b.sum())}")
    return "\n".join(lines)


def bootstrap_f1(gold, pred, n: int = BOOTSTRAP, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of F1 (articles resampled with replacement)."""
    gold = np.asarray(gold, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    idx = np.random.default_rng(seed).integers(0, len(gold), size=(n, len(gold)))
    g, p = gold[idx], pred[idx]
    tp = (g & p).sum(axis=1)
    denom = g.sum(axis=1) + p.sum(axis=1)
    f = np.divide(2 * tp, denom, out=np.zeros(n), where=denom > 0)
    lo, hi = np.percentile(f, [2.5, 97.5])
    return float(lo), float(hi)


#: Annotators whose rounds were labelled after the theme rules had last been changed (see the guide):
#: neither half of their articles was ever tuned on.
UNTUNED = ("G", "I", "J", "K")


def heldout_intervals(corpus: pd.DataFrame, labels: pd.DataFrame, lexicon=None, *, mask=None,
                      title: str = "Held-out F1") -> str:
    """F1 of each method on the held-out half (or the rows of ``mask``) with a 95% bootstrap
    interval, and the positives it rests on."""
    mask = (labels["half"] == "heldout").to_numpy() if mask is None else np.asarray(mask, dtype=bool)
    if not mask.any():
        return f"{title}: no articles"
    preds = predictions(labelled_articles(corpus, labels[mask].reset_index(drop=True)), lexicon)
    lines = [f"{title} with 95% bootstrap interval ({BOOTSTRAP} resamples of the {int(mask.sum())} articles)"]
    for t in THEMES:
        gold = labels.loc[mask, t].to_numpy()
        parts = []
        for name in METHODS:
            pred = preds[name][t].to_numpy()
            lo, hi = bootstrap_f1(gold, pred)
            parts.append(f"{name} {prf(gold, pred)[2]:.3f} [{lo:.2f}, {hi:.2f}]")
        note = "  (few positives: wide interval)" if gold.sum() < 15 else ""
        lines.append(f"  {t:10s} pos {int(gold.sum()):3d}: " + "; ".join(parts) + note)
    return "\n".join(lines)


def best_threshold(gold, salience, hits_ok, grid=CURVE) -> tuple[float, float]:
    """Dev-best threshold: the middle of the widest run of grid values with the best F1."""
    f = np.array([prf(gold, hits_ok & (salience >= x))[2] for x in grid])
    best = f.max()
    runs, cur = [], []
    for x, v in zip(grid, f):
        if v >= best - 1e-12:
            cur.append(x)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    run = max(runs, key=len)
    return float(run[(len(run) - 1) // 2]), float(best)


def curve(corpus: pd.DataFrame, labels: pd.DataFrame, lexicon=None) -> str:
    """P/R/F1 of the salience rule against the threshold, dev half only."""
    dev = labels[labels["half"] == "dev"].reset_index(drop=True)
    scores = predictions(labelled_articles(corpus, dev), lexicon)["scores"]
    lex = th.load_lexicon(lexicon)
    lines = [f"Threshold curve, dev half only ({len(dev)} articles): P / R / F1 of T_salience >= x"]
    lines.append(f"{'x':>5s}" + "".join(f" | {t:>17s}" for t in THEMES))
    for x in CURVE:
        row = f"{x:5.2f}"
        for t in THEMES:
            ok = (scores[f"{t}_hits"] >= lex.spec[t]["min_hits"]).to_numpy()
            p, r, f, _ = prf(dev[t].to_numpy(), ok & (scores[f"{t}_salience"].to_numpy() >= x))
            row += f" | {p:5.2f} {r:5.2f} {f:5.2f}"
        lines.append(row)
    for t in THEMES:
        ok = (scores[f"{t}_hits"] >= lex.spec[t]["min_hits"]).to_numpy()
        x, f = best_threshold(dev[t].to_numpy(), scores[f"{t}_salience"].to_numpy(), ok)
        lines.append(f"dev-best threshold {t}: {x:.2f} (dev F1 {f:.3f}; "
                     f"lexicon: {lex.spec[t]['salience']['threshold']:.2f})")
    return "\n".join(lines)


GRID_STEP = 0.1  # weights: every combination of multiples of 0.1 summing to 1


def grid(corpus: pd.DataFrame, labels: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """Search the salience weights on the dev half only (the scales stay those of the lexicon).

    For each weighting, each theme gets its dev-best threshold on the curve and
    the F1 averaged over that threshold +- 0.05 (a plateau beats a spike); the
    table is sorted by the mean of that smoothed F1 over the themes. Hits are
    matched once; only the salience arithmetic is repeated per weighting.
    """
    dev = labels[labels["half"] == "dev"].reset_index(drop=True)
    arts = labelled_articles(corpus, dev)
    lex = th.load_lexicon()
    n_sent, art, name, term, sent = flat_hits(arts, lex)
    keys = list(th.SALIENCE_DEFAULTS["weights"])
    steps = int(round(1 / GRID_STEP))
    rows = []
    for combo in itertools.product(range(steps + 1), repeat=len(keys) - 1):
        if sum(combo) > steps:
            continue
        w = dict(zip(keys, [c / steps for c in combo] + [(steps - sum(combo)) / steps]))
        spec = {t: {**lex.spec[t], "salience": {**lex.spec[t]["salience"], "weights": w}} for t in lex.themes}
        sc = th._theme_frame(arts.index, n_sent, art, name, term, sent, lexicon=th._make(spec),
                             titles=arts["title"].tolist())
        row = dict(w)
        for t in THEMES:
            ok = (sc[f"{t}_hits"] >= lex.spec[t]["min_hits"]).to_numpy()
            gold, sal = dev[t].to_numpy(), sc[f"{t}_salience"].to_numpy()
            x, _ = best_threshold(gold, sal, ok)
            near = [v for v in (x - 0.05, x, x + 0.05) if -1e-9 <= v <= 1 + 1e-9]
            row[f"{t}_x"] = x
            row[t] = float(np.mean([prf(gold, ok & (sal >= v - 1e-9))[2] for v in near]))
        rows.append(row)
    out = pd.DataFrame(rows)
    out["mean_f1"] = out[list(THEMES)].mean(axis=1)
    return out.sort_values("mean_f1", ascending=False, kind="stable").head(top)


def flat_hits(arts: pd.DataFrame, lex) -> tuple[list, list, list, list, list]:
    """Sentences per article and the flat body-hit arrays (article row, theme, term, sentence) that
    :func:`analysis.themes._theme_frame` takes; hits are matched once so settings can be re-scored cheaply."""
    comp = th._compile(lex)
    n_sent, art, name, term, sent = [], [], [], [], []
    for i, t in enumerate(arts["text"].tolist()):
        spans = th._spans(t)
        n_sent.append(len(spans))
        for h in th._match(t, spans, comp):
            art.append(i), name.append(h["theme"]), term.append(h["term"]), sent.append(h["sentence_no"])
    return n_sent, art, name, term, sent


# --- cross-validated comparison: the salience rule against a learned (logistic) decision -----

CV_FOLDS = 5
CV_REPEATS = 10  # repeated stratified 5-fold; F1 pooled over each repeat's out-of-fold predictions
CV_C = (0.1, 1.0, 3.0)  # inverse L2 strength of the logistic regression (standardised features)
CV_SETS = {
    # the six salience parts exactly as the rule computes them
    "parts": tuple(th.SALIENCE_DEFAULTS["weights"]),
    # the parts plus hits, first-hit position and article length
    "parts+": (*th.SALIENCE_DEFAULTS["weights"], "log_hits", "first_pos", "log_len"),
    # raw counts instead of the rule's capped ramps
    "counts": ("log_hits", "log_hit_sent", "sent_share", "first_pos", "headline", "lead", "log_terms", "log_len"),
}


def cv_features(arts: pd.DataFrame, lex) -> dict[str, pd.DataFrame]:
    """Per theme, one row per article: the salience parts and a few more features from the hit records.

    ``share``/``sentences``/``headline``/``lead``/``terms``/``paragraph`` are the rule's parts (same scales as the
    lexicon); ``log_hits``, ``log_hit_sent``, ``log_terms``, ``log_len`` are log(1 + count) of hits,
    sentences with a hit, distinct terms and sentences; ``sent_share`` the share of sentences with a
    hit; ``first_pos`` the first hit's sentence as a fraction of the article (1 without hits); plus
    ``hits``, ``salience`` and ``rule`` (the shipped decision) for reference.
    """
    n_sent, art, name, term, sent = flat_hits(arts, lex)
    titles = arts["title"].tolist() if "title" in arts.columns else None
    sc = th._theme_frame(arts.index, n_sent, art, name, term, sent, lexicon=lex, titles=titles)
    head = th._title_hits(titles, th._compile(lex)) if titles is not None else {}
    n = len(arts)
    ns = np.asarray(n_sent, dtype=np.int64)
    art, sent, name = np.asarray(art, dtype=np.int64), np.asarray(sent, dtype=np.int64), np.asarray(name, dtype=object)
    codes = pd.factorize(np.asarray(term, dtype=object))[0].astype(np.int64) if len(art) else art
    out = {}
    for t in THEMES:
        m = name == t
        a, s = art[m], sent[m]
        p = th._salience_parts(n, ns, a, s, codes[m], lex.spec[t]["salience"], head.get(t))
        first = np.ones(n)
        np.minimum.at(first, a, s / np.maximum(ns[a], 1))
        out[t] = pd.DataFrame({
            "share": p["share"], "sentences": p["sentences"], "headline": p["headline"], "lead": p["lead"],
            "terms": p["terms"], "paragraph": p["paragraph"],
            "log_hits": np.log1p(p["hits"]), "log_hit_sent": np.log1p(p["hit_sentences"]),
            "sent_share": p["hit_sentences"] / np.maximum(ns, 1), "first_pos": first,
            "log_terms": np.log1p(p["n_terms"]), "log_len": np.log1p(ns),
            "hits": p["hits"], "salience": sc[f"{t}_salience"].to_numpy(), "rule": sc[t].to_numpy(),
        }, index=arts.index)
    return out


def _lr_predict(x: np.ndarray, y: np.ndarray, gate: np.ndarray, train: np.ndarray, test: np.ndarray,
                c: float) -> np.ndarray:
    """Fit an L2 logistic regression on the gated (``hits >= min_hits``) training rows; flag p >= 0.5."""
    from sklearn.linear_model import LogisticRegression

    tr = train[gate[train]]
    if len(np.unique(y[tr])) < 2:
        return np.zeros(len(test), dtype=bool)
    mu, sd = x[tr].mean(axis=0), x[tr].std(axis=0) + 1e-9
    model = LogisticRegression(C=c, max_iter=1000).fit((x[tr] - mu) / sd, y[tr])
    return (model.predict_proba((x[test] - mu) / sd)[:, 1] >= 0.5) & gate[test]


def _folds(idx: np.ndarray, y: np.ndarray, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold

    skf = StratifiedKFold(CV_FOLDS, shuffle=True, random_state=seed)
    return [(idx[a], idx[b]) for a, b in skf.split(idx, y[idx])]


def _pick_config(x_of, y, gate, train, seed) -> tuple[str, float]:
    """Feature set and C with the best inner-CV F1 on ``train`` only."""
    best, best_f = None, -1.0
    for key, c in itertools.product(CV_SETS, CV_C):
        oof = np.zeros(len(y), dtype=bool)
        for itr, ite in _folds(train, y, seed):
            oof[ite] = _lr_predict(x_of[key], y, gate, itr, ite, c)
        f = prf(y[train], oof[train])[2]
        if f > best_f + 1e-12:
            best, best_f = (key, c), f
    return best


def cross_validate(corpus: pd.DataFrame, labels: pd.DataFrame, lexicon=None, *, heldout: bool = True) -> str:
    """Dev-half CV F1 of the salience rule and of a learned decision; then the held-out F1 of both.

    Both methods see the same repeated stratified folds of the dev half. ``rule``: the lexicon's
    weights with the threshold re-tuned on each training split (:func:`best_threshold`); the weights
    were chosen on the whole dev half, so this figure is, if anything, optimistic for the rule.
    ``logistic``: nested CV - on each training split an inner 5-fold CV picks the feature set
    (``CV_SETS``) and C (``CV_C``), the model is fitted on that split and flags p >= 0.5 on the test
    fold. The held-out half is used once, after that: the model with the configuration chosen by CV
    on the whole dev half, fitted on the whole dev half (``heldout=False``: not at all, ``-`` is printed).
    """
    lex = th.load_lexicon(lexicon)
    feats = cv_features(labelled_articles(corpus, labels), lex)
    dev = np.flatnonzero((labels["half"] == "dev").to_numpy())
    held = np.flatnonzero((labels["half"] == "heldout").to_numpy())
    lines = [f"Dev-half cross-validation ({CV_REPEATS} x stratified {CV_FOLDS}-fold, {len(dev)} articles; "
             "logistic = nested CV over features and C), then held-out F1 once",
             f"  {'theme':10s} {'dev pos':>7s} | {'CV rule (sd)':>13s} {'CV logistic (sd)':>17s} | "
             f"{'held rule':>9s} {'held logistic':>13s} | logistic config (dev CV)"]
    for t in THEMES:
        f = feats[t]
        y = labels[t].to_numpy().astype(bool)
        gate = (f["hits"] >= lex.spec[t]["min_hits"]).to_numpy()
        x_of = {k: f[list(cols)].to_numpy(float) for k, cols in CV_SETS.items()}
        sal, rule = f["salience"].to_numpy(), f["rule"].to_numpy()
        cv_rule, cv_lr = [], []
        for seed in range(CV_REPEATS):
            oof_rule, oof_lr = np.zeros(len(y), dtype=bool), np.zeros(len(y), dtype=bool)
            for tr, te in _folds(dev, y, seed):
                x, _ = best_threshold(y[tr], sal[tr], gate[tr])
                oof_rule[te] = gate[te] & (sal[te] >= x)
                key, c = _pick_config(x_of, y, gate, tr, 100 + seed)
                oof_lr[te] = _lr_predict(x_of[key], y, gate, tr, te, c)
            cv_rule.append(prf(y[dev], oof_rule[dev])[2])
            cv_lr.append(prf(y[dev], oof_lr[dev])[2])
        key, c = _pick_config(x_of, y, gate, dev, 0)
        if heldout and len(held):
            held_f = (f"{prf(y[held], rule[held])[2]:9.3f} "
                      f"{prf(y[held], _lr_predict(x_of[key], y, gate, dev, held, c))[2]:13.3f}")
        else:
            held_f = f"{'-':>9s} {'-':>13s}"
        lines.append(f"  {t:10s} {int(y[dev].sum()):7d} | {np.mean(cv_rule):6.3f} ({np.std(cv_rule):.3f}) "
                     f"{np.mean(cv_lr):10.3f} ({np.std(cv_lr):.3f}) | {held_f} | {key}, C={c:g}")
    return "\n".join(lines)


def errors(corpus: pd.DataFrame, labels: pd.DataFrame) -> None:
    """Misclassified dev-half articles, with evidence (the held-out half is never listed)."""
    dev = labels[labels["half"] == "dev"].reset_index(drop=True)
    sub = labelled_articles(corpus, dev)
    ours = th.themes(sub)
    ev = th.evidence(sub)
    for i, row in dev.iterrows():
        for t in THEMES:
            g, p = bool(row[t]), bool(ours.loc[i, t])
            if g != p:
                kind = "FN" if g else "FP"
                print(f"{kind} {t:9s} id={row['source_id']} hits={ours.loc[i, t + '_hits']} "
                      f"salience={ours.loc[i, t + '_salience']:.2f}  [{row.get('note', '')}]")
                print(f"      title: {sub.loc[i, 'title']}")
                e = ev[(ev.article_id == row["source_id"]) & (ev.theme == t)]
                for _, h in e.head(3).iterrows():
                    print(f"      s{h['sentence_no']} {h['term']!r}: {h['snippet'][:160]}")


def timing(corpus: pd.DataFrame) -> tuple[float, float, float]:
    """Seconds for sentence splitting, body matching and the salience frame (with headlines) over the corpus."""
    from analysis.score.segment import sentence_spans

    lex = th.load_lexicon()
    comp = th._compile(lex)
    texts = [t if isinstance(t, str) else "" for t in corpus["text"]]
    t0 = time.perf_counter()
    spans = [sentence_spans(t) if t else [] for t in texts]
    t1 = time.perf_counter()
    hits = [th._match(t, s, comp) for t, s in zip(texts, spans)]
    t2 = time.perf_counter()
    flat = [(i, h["theme"], h["term"], h["sentence_no"]) for i, hs in enumerate(hits) for h in hs]
    art, name, term, sent = zip(*flat) if flat else ((), (), (), ())
    t3 = time.perf_counter()
    th._theme_frame(corpus.index, [len(s) for s in spans], art, name, term, sent, lexicon=lex,
                    titles=corpus["title"].tolist() if "title" in corpus.columns else None)
    t4 = time.perf_counter()
    return t1 - t0, t2 - t1, t4 - t3


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None,
                    help="the raw NewsArticles.zip instead of the loaded, cleaned default corpus")
    ap.add_argument("--labels", type=Path, default=LABELS, help="label file (default: tests/data/theme_labels.csv)")
    ap.add_argument("--dev-only", action="store_true",
                    help="drop the held-out half first: nothing held-out is computed or printed (for tuning)")
    ap.add_argument("--curve", action="store_true", help="threshold curve on the dev half")
    ap.add_argument("--grid", action="store_true", help="search salience settings on the dev half")
    ap.add_argument("--errors", action="store_true", help="list misclassified dev-half articles")
    ap.add_argument("--by-annotator", action="store_true", help="F1 per half and annotator")
    ap.add_argument("--bbc", action="store_true",
                    help="the BBC News dataset's labels instead (never tuned on): table and intervals only")
    args = ap.parse_args(argv)
    if args.bbc:
        corpus, labels = load_bbc()
        print(f"BBC News dataset: {len(labels)} labelled articles ({BBC_LABELS.name}), never tuned on\n")
        print(format_table(evaluate(corpus, labels)))
        print()
        print(heldout_intervals(corpus, labels, mask=np.ones(len(labels), dtype=bool),
                                title="BBC News dataset (all labelled articles): F1"))
        return 0
    if args.corpus is not None and not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (run `make corpus`)", file=sys.stderr)
        return 2
    corpus = load_corpus(args.corpus)
    labels = load_labels(args.labels)
    n_dev = int((labels["half"] == "dev").sum())
    print(f"Labelled articles: {len(labels)} (dev = even source_id: {n_dev}, held-out = odd: {len(labels) - n_dev})\n")
    if args.dev_only:
        labels = labels[labels["half"] == "dev"].reset_index(drop=True)
        print("--dev-only: the held-out half is dropped; nothing below uses it\n")
    table = evaluate(corpus, labels)
    print(format_table(table[table["n"] > 0]))
    if not args.dev_only:
        print()
        print(heldout_intervals(corpus, labels))
        if "annotator" in labels.columns:
            print()
            print(heldout_intervals(corpus, labels, mask=labels["annotator"].isin(UNTUNED).to_numpy(),
                                    title=f"Rounds labelled after the rules last changed (annotators "
                                          f"{', '.join(UNTUNED)}; both halves, never tuned on): F1"))
    print()
    print(agreement(labels))
    print()
    print(cross_validate(corpus, labels, heldout=not args.dev_only))
    if args.by_annotator:
        print()
        print(by_annotator(corpus, labels))
    if args.curve:
        print()
        print(curve(corpus, labels))
    if args.grid:
        print()
        with pd.option_context("display.width", 200, "display.max_columns", 30):
            print(grid(corpus, labels).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    split, match, frame = timing(corpus)
    print(f"\nCorpus: {len(corpus)} articles; sentence splitting {split:.2f} s, theme matching {match:.3f} s, "
          f"salience with headlines {frame:.3f} s")
    if args.errors:
        print()
        errors(corpus, labels)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
