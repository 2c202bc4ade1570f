"""Find exact and near-duplicate articles.

Exact duplicates share the same normalised text (case and white space folded);
the loader keeps the first and drops the rest. Near-duplicates (wire copies
reprinted with small edits) are kept and flagged: MinHash signatures of word
5-gram shingles, banded locality-sensitive hashing to find candidate pairs,
and a Jaccard check of each candidate pair: estimated from the signatures when
the estimate is far from the threshold, counted exactly from the shingle sets
when it is close.

MinHash is computed here with NumPy over whole arrays of shingle hashes (word
hashes are cached, shingles combine them arithmetically) because per-shingle
hashing in pure Python, as ``datasketch`` does, is too slow for the loader's
speed target of thousands of files per second.
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["near_duplicates", "signature", "SHINGLE", "THRESHOLD"]

SHINGLE = 5  #: words per shingle
THRESHOLD = 0.8  #: Jaccard similarity of shingle sets from which two articles are near-duplicates
_PERMS = 64
_BANDS = 16  # 16 bands of 4 rows: candidate probability 0.93 at J=0.8, 0.004 at J=0.3
_ROWS = _PERMS // _BANDS
_SURE = 0.15  # a signature estimate this far from the threshold decides alone (3 standard errors at J=0.8)
_rng = np.random.default_rng(20170101)  # fixed: signatures are stable across runs
_A = _rng.integers(0, np.iinfo(np.uint64).max, size=_PERMS, dtype=np.uint64, endpoint=True) | np.uint64(1)
_B = _rng.integers(0, np.iinfo(np.uint64).max, size=_PERMS, dtype=np.uint64, endpoint=True)


class _WordHashes(dict):
    """Stable (crc32) word hashes, computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8", "surrogatepass")) | 1
        return value


def _shingles(text: str, cache: _WordHashes) -> np.ndarray:
    words = text.casefold().split()
    ids = np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))
    if len(ids) < SHINGLE:
        return _mix(ids)
    h = np.zeros(len(ids) - SHINGLE + 1, dtype=np.uint64)
    for k in range(SHINGLE):  # polynomial combination, wrapping in 64 bits
        h = h * np.uint64(1_000_003) + ids[k: len(ids) - SHINGLE + 1 + k]
    return _mix(h)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: spreads similar inputs over all 64 bits (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


_CHUNK = 65536  # shingles hashed at a time: a 64 x 65,536 table (32 MiB) however long the text


def _signature(shingles: np.ndarray) -> np.ndarray:
    # multiply-shift hashing: (a * x + b) mod 2^64, top 32 bits, one random odd a per permutation;
    # the minimum over chunks is the minimum over all, so memory stays bounded for very long texts
    parts = [((np.outer(_A, shingles[i:i + _CHUNK]) + _B[:, None]) >> np.uint64(32)).min(axis=1)
             for i in range(0, len(shingles), _CHUNK)]
    return parts[0] if len(parts) == 1 else np.minimum.reduce(parts)


_CACHE = _WordHashes()


def signature(text: str, *, cache: _WordHashes | None = None) -> bytes | None:
    """MinHash signature of ``text`` as bytes, or None when it is too short to judge."""
    sh = _shingles(text, _CACHE if cache is None else cache)
    if len(sh) < 3:
        return None
    return _signature(sh).tobytes()


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.unique(a), np.unique(b)
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def near_duplicates(texts: list[str], *, signatures: list[bytes | None] | None = None,
                    threshold: float = THRESHOLD) -> list[int | None]:
    """For each text, the position of an earlier near-duplicate of it, else None.

    ``signatures`` (from :func:`signature`, one per text) may be computed
    beforehand, for example in worker processes.

    Example
    -------
    >>> a = " ".join(f"word{i}" for i in range(80))
    >>> b = a.replace("word40", "changed")
    >>> near_duplicates([a, b, "Something else entirely, about football and the weather."])
    [None, 0, None]
    """
    cache = _WordHashes()
    if signatures is None:
        signatures = [signature(t, cache=cache) for t in texts]
    width = _ROWS * 8
    buckets: dict[tuple[int, bytes], int] = {}
    found: list[int | None] = [None] * len(texts)
    for i, sig in enumerate(signatures):
        if sig is None:
            continue
        candidates = []
        for band in range(_BANDS):
            key = (band, sig[band * width:(band + 1) * width])
            j = buckets.get(key)
            if j is None:
                buckets[key] = i
            elif j not in candidates:
                candidates.append(j)
        if not candidates:
            continue
        mine = np.frombuffer(sig, dtype=np.uint64)
        sh = None
        for j in sorted(candidates):
            estimate = float(np.mean(mine == np.frombuffer(signatures[j], dtype=np.uint64)))
            if abs(estimate - threshold) < _SURE:  # too close to call from the signatures: count exactly
                sh = _shingles(texts[i], cache) if sh is None else sh
                similar = _jaccard(sh, _shingles(texts[j], cache)) >= threshold
            else:
                similar = estimate >= threshold
            if similar:
                found[i] = found[j] if found[j] is not None else j
                break
    return found
