"""``tone``: a sentence and article sentiment score in [-1, 1] fitted to human ratings.

TextBlob polarity agrees with people rating news and editorial sentences at
about r = 0.30, VADER at about r = 0.50. ``tone`` is a small linear model on
top of both lexicons, fitted to the human-rated sentences that VADER's
authors published (Hutto & Gilbert, ICWSM 2014; see :func:`ratings`):

* the sentence is lower-cased and split into words (``WORD``); a word is
  *negated* when one of the three words before it in the sentence is a
  negation ("not", "never", "don't", ...);
* VADER's lexicon (``vader_lexicon.txt``, read from the installed
  ``vaderSentiment`` package) gives each word a valence, multiplied by -0.74
  when negated (VADER's own factor); the sums of the positive and of the
  negative valences and their total are each squashed as VADER does,
  ``x / sqrt(x**2 + 15)``;
* TextBlob polarity and subjectivity of the sentence (exact, from
  :mod:`analysis.sentiment`; the scoring pass has them already);
* a learned weight per word of a fixed vocabulary (a negated lexicon word has
  its own weight, ``NOT_word``), summed and divided by the square root of
  the sentence's word count.

``tone`` is the weighted sum of these features, clipped to [-1, 1]. The
model's intercept is left out, so a sentence without any evidence (no words)
scores exactly 0. An article's ``tone`` is the mean of its sentence tones
weighted by their word counts (0 for an article without words).

Speed: all sentences of many texts are scored at once (:func:`score_many`;
the scoring pass does so per chunk of articles) with a fixed number of numpy
passes over their UTF-8 bytes: words are found from byte classes, hashed
(64-bit polynomial hash) and looked up in an open-addressing table of the
known words; no Python code runs per word.

The weights are plain data, ``analysis/data/tone_weights.tsv`` (format and
provenance in ``analysis/data/README.md``), rebuilt by
``benchmarks/build_tone.py``; ``benchmarks/eval_tone.py`` measures the
agreement with people. Nothing is read or computed at import time.

Example
-------
>>> from analysis.score.tone import tone_of
>>> good, bad = tone_of("The rescue was a great success."), tone_of("The attack killed dozens.")
>>> good > 0 > bad
True
"""

from __future__ import annotations

import hashlib
import math
import re
import tarfile
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["tone_of", "sentence_tones", "score_many", "article_tone", "features", "read_weights", "vader_lexicon",
           "ratings", "RATINGS", "WEIGHTS_FILE", "FEATURES", "WORD", "RatingsUnavailable", "agreement", "pearson",
           "locate", "score_texts", "CORPUS_RATINGS", "SCORERS"]

#: The weights file, inside the package.
WEIGHTS_FILE = "data/tone_weights.tsv"

_SEP = "\x00"  # between the spans' texts in :func:`_words`
#: A word: ASCII letters and digits, inner ' or - allowed (as ``[a-z0-9]+(?:['-][a-z0-9]+)*``).
WORD = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
_NEGATIONS = frozenset({
    "not", "no", "never", "nor", "neither", "nobody", "nothing", "nowhere", "none", "without", "cannot",
    "hardly", "barely", "rarely", "seldom", "aint", "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "wont",
    "couldnt", "shouldnt", "wouldnt", "arent", "werent", "havent", "hasnt", "hadnt",
    "ain't", "can't", "don't", "doesn't", "didn't", "isn't", "wasn't", "won't", "couldn't", "shouldn't",
    "wouldn't", "aren't", "weren't", "haven't", "hasn't", "hadn't", "mustn't", "needn't", "mightn't", "shan't",
})
_HASH_BASE = 0x9E3779B97F4A7C15  # odd: invertible modulo 2**64
_MIX = 0xBF58476D1CE4E5B9  # odd multiplier spreading hashes over a table's slots
_WINDOW = 3  # a negation reaches this many words ahead
_NEGATED = -0.74  # VADER's factor for a negated word's valence
_SQUASH = 15.0  # VADER's normalisation constant: x / sqrt(x**2 + 15)
#: The dense features, in the order of the weights file's ``@`` rows.
FEATURES = ("@lexicon", "@lexicon_pos", "@lexicon_neg", "@textblob_polarity", "@textblob_subjectivity")


def _is_negation(word: str) -> bool:
    return word in _NEGATIONS


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4), read from the installed ``vaderSentiment`` package.

    Example
    -------
    >>> vader_lexicon()["good"]
    1.9
    """
    from importlib.util import find_spec

    spec = find_spec("vaderSentiment")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("tone needs the vaderSentiment package (its vader_lexicon.txt)")
    path = Path(list(spec.submodule_search_locations)[0]) / "vader_lexicon.txt"
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return out


def _joined(texts: list[str], spans: list[list[tuple[int, int]]]) -> str:
    """The lower-cased spans of all texts, ``_SEP`` between two spans."""
    pieces: list[str] = []
    for text, sp in zip(texts, spans):
        low = text.lower()
        if len(low) == len(text):  # the usual case: one lower() for the whole text, same offsets
            pieces.extend([low[a:b] for a, b in sp])
        else:
            pieces.extend([text[a:b].lower() for a, b in sp])
    joined = _SEP.join(pieces)
    if joined.count(_SEP) != len(pieces) - 1:  # a text has NUL characters of its own
        joined = _SEP.join(p.replace(_SEP, " ") for p in pieces)
    return joined


@lru_cache(maxsize=1)
def _classes() -> np.ndarray:
    """Byte -> 1 letter or digit, 2 ``'`` or ``-``, 3 ``_SEP``, 0 anything else."""
    out = np.zeros(256, dtype=np.uint8)
    for c in "abcdefghijklmnopqrstuvwxyz0123456789":
        out[ord(c)] = 1
    out[ord("'")] = out[ord("-")] = 2
    out[0] = 3
    return out


def _words(joined: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""The words (``WORD``; a typographic apostrophe counts as ``'``) of ``joined``, without a Python loop.

    Returns the UTF-8 bytes, the words' start and end offsets in them and the span of each word
    (the number of ``_SEP`` before it).

    Example
    -------
    >>> buf, starts, ends, sid = _words("it isn\u2019t bad--really\x00good")
    >>> [buf[a:b].tobytes().decode() for a, b in zip(starts, ends)], sid.tolist()
    (['it', "isn't", 'bad', 'really', 'good'], [0, 0, 0, 0, 1])
    """
    buf = np.frombuffer(joined.replace("\u2019", "'").encode("utf-8"), dtype=np.uint8)
    cls = _classes()[buf]
    word = cls == 1
    if len(buf) > 2:  # ' and - inside a word: between two letters or digits
        word[1:-1] |= (cls[1:-1] == 2) & word[:-2] & word[2:]
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    sid = np.searchsorted(np.flatnonzero(cls == 3), starts)
    return buf, starts, ends, sid


def _hashes(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A 64-bit polynomial hash of each word ``buf[start:end]`` (arithmetic modulo 2**64)."""
    n = len(buf)
    powers = np.full(n + 1, _HASH_BASE, dtype=np.uint64)
    powers[0] = 1
    np.cumprod(powers, out=powers)  # B**k, wrapping
    inverse = np.full(n + 1, pow(_HASH_BASE, -1, 1 << 64), dtype=np.uint64)
    inverse[0] = 1
    np.cumprod(inverse, out=inverse)  # B**-k
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(buf.astype(np.uint64) * powers[:n], out=prefix[1:])
    return (prefix[ends] - prefix[starts]) * inverse[starts]


def _negated(neg: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Words preceded by a negation within ``_WINDOW`` words of the same sentence.

    ``neg``: which words are negations; ``first``: the position of each word's sentence's first word.

    Example
    -------
    >>> _negated(np.array([True, False, False, True, False]), np.array([0, 0, 0, 3, 3])).tolist()
    [False, True, True, False, True]
    """
    n = len(neg)
    if n == 0 or not neg.any():
        return np.zeros(n, dtype=bool)
    before = np.concatenate([[0], np.cumsum(neg)])  # negations before each position
    pos = np.arange(n)
    return (before[pos] - before[np.maximum(pos - _WINDOW, first)]) > 0


@dataclass(frozen=True)
class _Model:
    slots: np.ndarray  # open-addressing table of the known words' hashes (_hashes; 0: empty) ...
    rows: np.ndarray  # ... and their rows in the arrays below (0: an unknown word)
    probes: int  # a known word sits at most this many slots after its hash's home slot
    negation: np.ndarray  # the word is a negation
    table: np.ndarray  # [row, negated?] -> (positive valence, negative valence, learned weight)
    dense: np.ndarray  # weights of FEATURES
    sha256: str


def _squash(x: np.ndarray) -> np.ndarray:
    return x / np.sqrt(x * x + _SQUASH)


def read_weights(path: str | Path | None = None) -> tuple[dict[str, float], str]:
    """The weights file as ``{feature: weight}`` and its SHA-256 (packaged file by default).

    Example
    -------
    >>> weights, sha = read_weights()
    >>> set(FEATURES) <= set(weights), len(sha)
    (True, 64)
    """
    if path is None:
        from importlib.resources import files

        raw = files("analysis").joinpath(WEIGHTS_FILE).read_bytes()
    else:
        raw = Path(path).read_bytes()
    weights: dict[str, float] = {}
    for no, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise ValueError(f"{path or WEIGHTS_FILE}, line {no}: expected 'feature<TAB>weight'")
        weights[parts[0]] = float(parts[1])
    missing = [f for f in FEATURES if f not in weights]
    if missing:
        raise ValueError(f"{path or WEIGHTS_FILE}: missing features {missing}")
    return weights, hashlib.sha256(raw).hexdigest()


@lru_cache(maxsize=2)
def _model(path: str | None = None) -> _Model:
    weights, sha = read_weights(path)
    lexicon = vader_lexicon()
    known = {w for w in weights if not w.startswith(("@", "NOT_"))} | set(lexicon) | _NEGATIONS
    words = [""] + sorted(w for w in known if WORD.fullmatch(w))  # the others can never be a word
    buf, starts, ends, _ = _words(_SEP.join(words[1:]))
    hashes = _hashes(buf, starts, ends)
    if len(hashes) != len(words) - 1 or len(np.unique(hashes)) != len(hashes):
        raise RuntimeError("tone: the vocabulary's words do not hash apart")  # never seen; would need a new base
    slots, slot_rows, probes = _hash_table(hashes)
    negation = np.array([_is_negation(w) for w in words])
    negation[0] = False
    valence = np.array([lexicon.get(w, 0.0) for w in words])
    weight = np.array([weights.get(w, 0.0) for w in words])
    weight_negated = np.array([weights.get("NOT_" + w, 0.0) if w in lexicon else weights.get(w, 0.0)
                               for w in words])
    valence[0] = weight[0] = weight_negated[0] = 0.0  # unknown words
    table = np.zeros((len(words), 2, 3))  # [word, negated?] -> positive valence, negative valence, weight
    for k, (val, w) in enumerate(((valence, weight), (valence * _NEGATED, weight_negated))):
        table[:, k, 0], table[:, k, 1], table[:, k, 2] = np.maximum(val, 0.0), np.minimum(val, 0.0), w
    return _Model(slots, slot_rows, probes, negation, table, np.array([weights[f] for f in FEATURES]), sha)


def _hash_table(hashes: np.ndarray, *, max_probes: int = 4) -> tuple[np.ndarray, np.ndarray, int]:
    """An open-addressing table (linear probing, power-of-two size) of ``hashes``; word ``i`` is row ``i + 1``.

    A hash's home slot is the top bits of ``hash * _MIX`` (Fibonacci hashing: the raw bits of a
    polynomial hash of short words are far from uniform).

    The table grows until no key sits more than ``max_probes - 1`` slots after its home slot, so
    that a look-up is a few vectorised passes (:func:`_lookup`).
    """
    bits = max(10, int(len(hashes) * 4).bit_length())
    while True:
        size, mask = 1 << bits, (1 << bits) - 1
        slots, rows = [0] * size, [0] * size
        worst = 0
        for i, (h, j) in enumerate(zip(hashes.tolist(), _home(hashes, bits).tolist())):
            k = 0
            while rows[(j + k) & mask]:
                k += 1
            slots[(j + k) & mask], rows[(j + k) & mask] = h, i + 1
            worst = max(worst, k)
        if worst < max_probes:
            return np.array(slots, dtype=np.uint64), np.array(rows, dtype=np.intp), worst + 1
        if bits >= 24:
            raise RuntimeError("tone: the vocabulary does not fit a hash table")  # never seen
        bits += 1


def _home(h: np.ndarray, bits: int) -> np.ndarray:
    """Home slots of hashes ``h`` in a table of ``2**bits`` slots."""
    return ((h * np.uint64(_MIX)) >> np.uint64(64 - bits)).astype(np.intp)


def _lookup(model: _Model, h: np.ndarray) -> np.ndarray:
    """Rows of the words with hashes ``h`` (0: unknown)."""
    size = len(model.slots)
    home = _home(h, size.bit_length() - 1)
    ids = np.zeros(len(h), dtype=np.intp)
    for k in range(model.probes):
        at = (home + k) & (size - 1)
        hit = model.slots[at] == h
        ids[hit] = model.rows[at[hit]]
    return ids


def features(text: str, spans: list[tuple[int, int]], textblob: list[tuple[float, float]]
             ) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """The model's inputs for each span: dense features, and the words with their keys.

    Returns ``(dense, keys, sentence_of_key, counts)``: ``dense`` is ``(n_spans, 5)`` in the order
    of ``FEATURES``; ``keys`` are the words (``NOT_word`` for a negated lexicon word), each in
    span ``sentence_of_key``; ``counts`` the spans' word counts. ``benchmarks/build_tone.py``
    fits the weights on exactly these.

    Example
    -------
    >>> dense, keys, where, counts = features("Not good.", [(0, 9)], [(-0.35, 0.6)])
    >>> keys, float(dense[0, 3])
    (['not', 'NOT_good'], -0.35)
    """
    lexicon = vader_lexicon()
    buf, starts, ends, sid = _words(_joined([text], [spans]))
    counts = np.bincount(sid, minlength=len(spans))
    words = [buf[a:b].tobytes().decode() for a, b in zip(starts.tolist(), ends.tolist())]
    negated = _negated(np.fromiter(map(_is_negation, words), dtype=bool, count=len(words)),
                       (np.cumsum(counts) - counts)[sid])
    keys = [("NOT_" + w) if n and w in lexicon else w for w, n in zip(words, negated.tolist())]
    v = np.array([lexicon.get(w, 0.0) for w in words]) * np.where(negated, _NEGATED, 1.0)
    return _dense(v, sid, len(spans), textblob), keys, sid, counts


def _dense(v: np.ndarray, sid: np.ndarray, n: int, textblob) -> np.ndarray:
    """The dense features of ``n`` spans from the words' (negated) valences ``v`` and spans ``sid``."""
    pos = np.bincount(sid, np.maximum(v, 0.0), minlength=n)
    neg = np.bincount(sid, np.minimum(v, 0.0), minlength=n)
    tb = np.asarray(textblob, dtype=np.float64).reshape(n, 2)
    return np.column_stack([_squash(pos + neg), _squash(pos), _squash(neg), tb[:, 0], tb[:, 1]])


def _score(texts: list[str], spans: list[list[tuple[int, int]]], textblob: list[list[tuple[float, float]]],
           model: _Model) -> tuple[np.ndarray, np.ndarray]:
    """Tones and word counts of all spans of all texts (``textblob``: their (polarity, subjectivity)).

    The model of :func:`features` with the weights applied, in a fixed number of numpy calls for
    any number of texts: each word's row of ``model.table`` (positive and negative valence,
    weight), negated or not, summed per span with one ``add.reduceat`` (words are in span order).
    Every figure of a span depends on that span alone, whatever else is scored with it.
    """
    n = sum(map(len, spans))
    if n == 0:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    buf, a, b, sid = _words(_joined(texts, spans))
    m = len(a)
    counts = np.bincount(sid, minlength=n)
    if m == 0:
        return np.zeros(n), counts
    starts = np.cumsum(counts) - counts  # each span's first word
    h = _hashes(buf, a, b)
    ids = _lookup(model, h)
    neg = model.negation[ids]
    if neg.any():
        rows = model.table[ids, _negated(neg, starts[sid]).view(np.int8)]
    else:
        rows = model.table[ids, 0]
    sums = np.add.reduceat(rows, np.minimum(starts, m - 1), axis=0)  # (n, 3): pos, neg, weights
    sq = _squash(np.column_stack((sums[:, 0] + sums[:, 1], sums[:, 0], sums[:, 1])))
    tb = np.array(list(chain.from_iterable(textblob)), dtype=np.float64).reshape(n, 2)
    d = model.dense.tolist()  # elementwise, not a matrix product: the same figures for any batch
    tone = (sq[:, 0] * d[0] + sq[:, 1] * d[1] + sq[:, 2] * d[2] + tb[:, 0] * d[3] + tb[:, 1] * d[4]
            + sums[:, 2] / np.sqrt(np.maximum(counts, 1)))
    return np.where(counts > 0, np.clip(tone, -1.0, 1.0), 0.0), counts  # no words: no evidence


def score_many(texts: list[str], spans: list[list[tuple[int, int]]],
               textblob: list[list[tuple[float, float]]] | None = None, *,
               weights: str | Path | None = None) -> list[tuple[list[float], float]]:
    """:func:`sentence_tones` of many texts at once (faster: one pass over all of them).

    Example
    -------
    >>> out = score_many(["Good.", "", "Bad. Fine."], [[(0, 5)], [], [(0, 4), (5, 10)]])
    >>> [len(per) for per, _ in out], out[1], out[0][0][0] > 0 > out[2][0][0]
    ([1, 0, 2], ([], 0.0), True)
    """
    if textblob is None:
        from .sentiment import score

        textblob = [score(t, sp, sentences=True)[1] if sp else [] for t, sp in zip(texts, spans)]
    tones, counts = _score(texts, spans, textblob, _model(None if weights is None else str(weights)))
    tl, cl = tones.tolist(), counts.tolist()
    out, i = [], 0
    for sp in spans:
        j = i + len(sp)
        out.append((tl[i:j], article_tone(tl[i:j], cl[i:j])))
        i = j
    return out


def sentence_tones(text: str, spans: list[tuple[int, int]], textblob: list[tuple[float, float]] | None = None,
                   *, weights: str | Path | None = None) -> tuple[list[float], float]:
    """Tone of each span of ``text`` and of the whole (word-count weighted mean of the spans).

    ``textblob``: the spans' TextBlob ``(polarity, subjectivity)`` when known (the scoring pass
    has them); computed otherwise. ``weights``: another weights file (default: the packaged one).

    Example
    -------
    >>> text = "The deal is a welcome relief. Critics called it a disaster."
    >>> per, whole = sentence_tones(text, [(0, 29), (30, 59)])
    >>> per[0] > 0 > per[1], min(per) <= whole <= max(per)
    (True, True)
    """
    return score_many([text], [spans], None if textblob is None else [textblob], weights=weights)[0]


def article_tone(tones: list[float], counts: list[int]) -> float:
    """An article's tone: the mean of its sentence tones weighted by their word counts (0 if none).

    Example
    -------
    >>> article_tone([0.5, -0.25], [1, 2])
    0.0
    """
    total = sum(counts)
    if total <= 0:
        return 0.0
    return math.fsum([t * c for t, c in zip(tones, counts)]) / total


def tone_of(text: str, *, weights: str | Path | None = None) -> float:
    """The tone of one text, scored as one sentence.

    Example
    -------
    >>> tone_of("") == 0.0, -1 <= tone_of("Terrible, awful, horrible news!") < 0
    (True, True)
    """
    text = "" if text is None else str(text)
    return sentence_tones(text, [(0, len(text))], weights=weights)[0][0]


# --------------------------------------------------------------------------- human ratings (build, evaluation)

#: Where the human-rated sentences come from: the sdist of vaderSentiment 3.3.2 on PyPI.
RATINGS = {
    "package": "vaderSentiment==3.3.2",
    "sdist": "vaderSentiment-3.3.2.tar.gz",
    "sdist_sha256": "5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9",
    "member": "vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz",
    "archive": "hutto_ICWSM_2014.tar.gz",
    "sha256": "d5bb07d87474b3eb8d30b4deccbc23f19d742a6c5718fbacc65485b70b95c5fa",
    "datasets": ("nytEditorialSnippets", "movieReviewSnippets", "amazonReviewSnippets", "tweets"),
}


class RatingsUnavailable(RuntimeError):
    """The human-rated sentences are neither cached nor downloadable."""


def _fetch_ratings(folder: Path | None = None) -> Path:
    """The verified ``hutto_ICWSM_2014.tar.gz``, fetched with ``pip download`` into ``data/external/``."""
    from ..ingest.datasets import pip_member

    spec = RATINGS
    return pip_member(package=spec["package"], dist=spec["sdist"], dist_sha256=spec["sdist_sha256"],
                      member=spec["member"], file=spec["archive"], sha256=spec["sha256"], folder=folder,
                      what="human-rated sentences", error=RatingsUnavailable)


def ratings(dataset: str = "nytEditorialSnippets", *, folder: str | Path | None = None) -> pd.DataFrame:
    """Human-rated sentences of VADER's authors (Hutto & Gilbert, ICWSM 2014), fetched and cached.

    ``dataset``: one of ``RATINGS["datasets"]``. Columns ``id`` (str), ``rating`` (mean of about
    20 ratings, -4..4), ``text``, and ``half``: for the NYT editorial snippets, ``"build"``
    for editorials with an odd number (the number before ``_`` in ``id``) and ``"held_out"``
    for even ones (never used to fit or tune ``tone``); ``"build"`` for the other datasets.

    Example
    -------
    >>> nyt = ratings("nytEditorialSnippets")  # doctest: +SKIP
    >>> len(nyt), nyt["half"].value_counts().to_dict()  # doctest: +SKIP
    (5190, {'held_out': 2622, 'build': 2568})
    """
    if dataset not in RATINGS["datasets"]:
        raise ValueError(f"dataset must be one of {RATINGS['datasets']}, not {dataset!r}")
    archive = _fetch_ratings(Path(folder) if folder else None)
    with tarfile.open(archive) as tar:
        raw = tar.extractfile(f"hutto_ICWSM_2014/{dataset}_GroundTruth.txt").read()
    rows = []
    for line in raw.decode("utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            rows.append((parts[0].strip(), float(parts[1]), "\t".join(parts[2:]).strip()))
    out = pd.DataFrame(rows, columns=["id", "rating", "text"])
    if dataset == "nytEditorialSnippets":
        odd = out["id"].str.split("_").str[0].astype(int) % 2 == 1
        out["half"] = np.where(odd, "build", "held_out")
    else:
        out["half"] = "build"
    return out


# --------------------------------------------------------------------------- agreement with people

#: Ratings of default-corpus sentences and articles by two people (files in ``data/ratings/``,
#: guide in ``data/ratings/GUIDE.md``); several raters of one item are averaged.
CORPUS_RATINGS = {"sentences": "data/ratings/tone_sentences.csv", "articles": "data/ratings/tone_articles.csv"}
#: The scores compared, in table order.
SCORERS = ("TextBlob polarity", "VADER", "tone")


def pearson(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Pearson r and its 95% confidence interval (Fisher z transform).

    Example
    -------
    >>> r, lo, hi = pearson(np.array([1.0, 2, 3, 4, 6]), np.array([1.0, 3, 2, 5, 6]))
    >>> round(r, 3), lo < r < hi
    (0.915, True)
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    r = float(np.corrcoef(x, y)[0, 1]) if len(x) > 1 else float("nan")
    n = len(x)
    if n <= 3 or not np.isfinite(r):
        return r, float("nan"), float("nan")
    z, se = math.atanh(max(min(r, 0.999999), -0.999999)), 1.0 / math.sqrt(n - 3)
    return r, math.tanh(z - 1.96 * se), math.tanh(z + 1.96 * se)


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def locate(rated: pd.DataFrame, corpus: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rated sentences' text in ``corpus`` as loaded now.

    A sentence is ``text[start:end]`` when its SHA-1 (first 12 hex digits, ``sentence_sha1``) or
    its text (``sentence``) matches there, else the article's sentence with that hash (cleaning
    may move offsets), else the first occurrence of the given text. Returns the found rows
    (``source_id``, ``start``, ``sentence``, ``rating``) and counts by how they were found
    (``offsets``, ``search``, ``missing``).
    """
    from .segment import sentence_spans

    texts = dict(zip(corpus["source_id"].astype(str), corpus["text"].astype(str)))
    found, counts = [], {"offsets": 0, "search": 0, "missing": 0}
    for row in rated.itertuples(index=False):
        text = texts.get(str(row.source_id))
        sentence, how = None, "missing"
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


def score_texts(texts: list[str], *, weights: str | Path | None = None) -> dict[str, np.ndarray]:
    """TextBlob polarity, VADER compound and ``tone`` of each text, each scored as one sentence."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from .sentiment import polarity_subjectivity

    vader = SentimentIntensityAnalyzer()
    spans = [[(0, len(t))] for t in texts]
    return {"TextBlob polarity": np.array([polarity_subjectivity(t)[0] for t in texts], dtype=float),
            "VADER": np.array([vader.polarity_scores(t)["compound"] for t in texts], dtype=float),
            "tone": np.array([per[0] for per, _ in score_many(texts, spans, weights=weights)], dtype=float)}


def _mean_rating(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.groupby(keys, as_index=False, sort=False)["rating"].mean()


def _package_file(rel: str) -> Path:
    return Path(__file__).resolve().parent.parent / rel  # analysis/, above score/


def agreement(corpus: pd.DataFrame | None = None, *, reference: bool = True,
              sentences: str | Path | None = None, articles: str | Path | None = None) -> pd.DataFrame:
    """How well TextBlob polarity, VADER and ``tone`` agree with people: Pearson r with 95% CI.

    One row per data set, level and scorer:

    * ``reference=True``: the NYT editorial snippets of Hutto & Gilbert (2014), held-out half
      (never used to fit or tune ``tone``; fetched with :func:`ratings`). When they cannot be
      fetched (offline, no cache) the rows are left out and ``attrs["unavailable"]`` says why.
    * sentences of the default corpus rated by two people (``sentences``, default the packaged
      ``data/ratings/tone_sentences.csv``), located in ``corpus`` (:func:`locate`);
    * whole articles of the default corpus rated by the same people (``articles``), against the
      article scores of :func:`analysis.analyze` (VADER: the mean of its sentences' compounds).

    ``corpus``: the default corpus as loaded (:func:`analysis.datasets.news_articles`, read
    when ``None``). None of the corpus ratings were used to build ``tone``.

    Returns
    -------
    pandas.DataFrame
        Columns ``data``, ``level`` (``sentence``/``article``), ``n``, ``scorer``, ``r``,
        ``low``, ``high``; ``attrs["located"]`` counts how rated sentences were found.

    Example
    -------
    >>> table = agreement(reference=False)  # doctest: +SKIP
    >>> table.pivot(index="scorer", columns="level", values="r")  # doctest: +SKIP
    """
    rows: list[dict] = []
    unavailable = None

    def add(data: str, level: str, scores: dict[str, np.ndarray], y: np.ndarray) -> None:
        for name in SCORERS:
            r, lo, hi = pearson(scores[name], y)
            rows.append({"data": data, "level": level, "n": int(len(y)), "scorer": name, "r": r, "low": lo,
                         "high": hi})

    if reference:
        try:
            nyt = ratings("nytEditorialSnippets")
        except RatingsUnavailable as exc:
            unavailable = str(exc)
        else:
            held = nyt[nyt["half"] == "held_out"]
            add("NYT editorial snippets, held-out half (Hutto & Gilbert 2014)", "sentence",
                score_texts(held["text"].tolist()), held["rating"].to_numpy())
    if corpus is None:
        from ..ingest.datasets import news_articles

        corpus = news_articles()
    rated = pd.read_csv(sentences or _package_file(CORPUS_RATINGS["sentences"]),
                        dtype={"source_id": str, "sentence_sha1": str})
    located, counts = locate(rated, corpus)
    mean = _mean_rating(located, ["source_id", "start", "sentence"])
    add("default corpus, sentences rated by two people", "sentence", score_texts(mean["sentence"].tolist()),
        mean["rating"].to_numpy())
    from .analyze import analyze

    rated_a = _mean_rating(pd.read_csv(articles or _package_file(CORPUS_RATINGS["articles"]),
                                       dtype={"source_id": str}), ["source_id"])
    mine = corpus[corpus["source_id"].astype(str).isin(set(rated_a["source_id"]))]
    scored = analyze(mine, vader=True, progress=False).assign(source_id=lambda d: d["source_id"].astype(str))
    m = rated_a.merge(scored, on="source_id")
    add("default corpus, articles rated by two people", "article",
        {"TextBlob polarity": m["polarity"].to_numpy(), "VADER": m["vader"].to_numpy(), "tone": m["tone"].to_numpy()},
        m["rating"].to_numpy())
    out = pd.DataFrame(rows, columns=["data", "level", "n", "scorer", "r", "low", "high"])
    out.attrs["located"] = counts
    out.attrs["unavailable"] = unavailable
    return out
