"""Find exact and near-duplicate articles.

Exact duplicates share the same normalised text (case and white space folded);
the loader keeps the first and drops the rest. Near-duplicates (wire copies
reprinted with small edits) are kept and flagged: MinHash signatures of word
5-gram shingles, banded locality-sensitive hashing to find candidate pairs,
and a Jaccard check of each candidate pair: estimated from the signatures when
the estimate is far from the threshold, counted exactly from the shingle sets
when it is close.

Everything is hashed with NumPy over the UTF-8 bytes of the case-folded text,
with no Python object per word, because the loader's speed target is thousands
of files per second: a word of up to 8 bytes (most words) is its own exact
64-bit value, read straight from the bytes, one of up to 16 bytes folds in a
second read, and a longer one (rare) is hashed whole with BLAKE2b; five
consecutive word values make a shingle, and a SplitMix64 finaliser spreads it
over 64 bits. The MinHash signature is *one-permutation hashing* with
densification (Shrivastava and Li, 2014): the top 6 bits of a shingle hash
pick one of 64 bins, a bin keeps the smallest of its shingles' remaining 58
bits, and an empty bin (short texts) borrows the value of the nearest
non-empty bin in a fixed random direction, plus an offset for the distance.
Two texts agree in a bin with probability equal to the Jaccard similarity of
their shingle sets, as with 64 independent permutations, at the cost of one
hash per shingle instead of 64. The loader hashes its texts a thousand at a
time (:func:`fingerprints`): one NumPy pass over all their words, every
signature's bins filled at once, the empty ones densified for all rows
together; the shingle sets counted exactly are made in blocks the same way.
The compiled ``minhash`` of ``analysis._speedups``, when it is built, fills the
bins in one pass over the bytes instead, with the same values (the NumPy code
is its specification and the fallback).

A corpus read a chunk at a time (:func:`analysis.stream.analyze_files`, the
report) keeps what the next chunks need in an :class:`Earlier`: each earlier
article's band keys in memory, its signature, text and id in files. A chunk's
candidates are then the first article, in this chunk or any before, sharing a
band's values, as in one call on the whole corpus, and the result is the same.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

__all__ = ["near_duplicates", "Earlier", "signature", "fingerprint", "fingerprints", "Fingerprint", "SHINGLE", "THRESHOLD",
           "PARALLEL_PAIRS"]

SHINGLE = 5  #: words per shingle
THRESHOLD = 0.8  #: Jaccard similarity of shingle sets from which two articles are near-duplicates
_PERMS = 64  # bins of the one-permutation signature (one 64-bit value each)
_BIN_BITS = 6  # 2**6 == _PERMS: the top bits of a shingle hash choose its bin
_BANDS = 16  # 16 bands of 4 rows: candidate probability 0.93 at J=0.8, 0.004 at J=0.3
_ROWS = _PERMS // _BANDS
_PAIR_BLOCK = 2048  # candidate pairs whose shingle sets are made together (when counted exactly)
_SURE = 0.15  # a signature estimate this far from the threshold decides alone (3 standard errors at J=0.8)

_U = np.uint64
_VALUE_BITS = 64 - _BIN_BITS
_LOW = _U((1 << _VALUE_BITS) - 1)
_BIN_START = np.arange(_PERMS, dtype=np.uint64) << _U(_VALUE_BITS)
_BIN_IDS = np.arange(_PERMS, dtype=np.uint64)
_PAD = b"\x00" * 8  # after the text, so that an 8-byte read at any word start stays inside the buffer
#: _KEEP[k]: the low k bytes of a little-endian 64-bit read (k = 0..8)
_KEEP = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)

# str.split() separators: ASCII ones as bytes, the others (rare) replaced by a space first
_SEP = np.zeros(256, dtype=bool)
_SEP[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_ASCII_SPACE_BUT_SP = bytes([9, 10, 11, 12, 13, 28, 29, 30, 31])
_OTHER_SPACE = re.compile("[\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


#: densification: does an empty bin borrow from the right? (fixed: signatures are stable across runs)
_RIGHT = np.random.default_rng(20170101).integers(0, 2, size=_PERMS).astype(bool)


class Fingerprint(NamedTuple):
    """What the loader needs of one text for counting words and finding duplicates."""

    n_words: int  #: ``len(text.split())``
    exact: bytes  #: SHA-256 of the case-folded text with white space runs made one space
    signature: bytes | None  #: MinHash signature (:func:`signature`), None when too short to judge


def _normalised(text: str) -> bytes:
    """UTF-8 of ``" ".join(text.casefold().split())``, without making a Python object per word."""
    folded = text.casefold()
    if not folded.isascii() and _OTHER_SPACE.search(folded):
        folded = _OTHER_SPACE.sub(" ", folded)
    # the usual (cleaned) text: single spaces and newlines only, no space at the ends of lines
    flat = folded.replace("\n\n", " ").replace("\n", " ") if "\n" in folded else folded
    data = flat.encode("utf-8", "surrogatepass")
    if ("  " not in flat and flat[:1] != " " and flat[-1:] != " "
            and len(data.translate(None, _ASCII_SPACE_BUT_SP)) == len(data)):
        return data
    b = np.frombuffer(folded.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    sep = _SEP[b]
    keep = ~sep
    keep[1:] |= keep[:-1]  # a separator right after a word stays, as one space
    out = np.where(sep, np.uint8(32), b)[keep]
    if len(out) and out[-1] == 32:
        out = out[:-1]
    return out.tobytes()


def _normalised_all(texts: list[str]) -> tuple[list[bytes], list[int]]:
    """:func:`_normalised` of each text, and its number of words (made by the compiled ``normalised``
    of ``analysis._speedups`` when it is in use)."""
    from ..score.segment import _compiled

    fast = _compiled()
    if fast is None or type(texts) is not list:
        datas = [_normalised(t) for t in texts]
        return datas, [d.count(b" ") + 1 if d else 0 for d in datas]
    datas, counts = fast.normalised(texts)
    return datas, np.frombuffer(counts, dtype=np.int64).tolist()


def _word_bounds(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Start offsets and lengths of the words of normalised bytes (single spaces, no edge spaces)."""
    spaces = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 32)
    n = len(spaces) + 1
    starts = np.empty(n, dtype=np.intp)
    starts[0] = 0
    np.add(spaces, 1, out=starts[1:])
    lengths = np.empty(n, dtype=np.intp)
    np.subtract(spaces, starts[:-1], out=lengths[:-1])
    lengths[-1] = len(data) - starts[-1]
    return starts, lengths


def _word_values(data: bytes, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """One 64-bit value per word (the word itself when it has up to 8 bytes)."""
    # a word's first 8 bytes (and next 8), read as little-endian integers from a byte-strided view:
    # words of up to 8 bytes (most) are their own exact 64-bit value
    buf = data + _PAD
    reads = np.ndarray((len(data),), dtype="<u8", buffer=buf, strides=(1,))
    words = reads[starts]
    words &= _KEEP[np.minimum(lengths, 8)]
    longer = np.flatnonzero(lengths > 8)
    if len(longer):
        part = reads[starts[longer] + 8] & _KEEP[np.minimum(lengths[longer] - 8, 8)]
        words[longer] = words[longer] * _U(0x9E3779B97F4A7C15) + part
        for i in longer[lengths[longer] > 16].tolist():  # rare (URLs, long compounds): hash the whole word
            words[i] = _long_value(data[starts[i]:starts[i] + lengths[i]])
    return words


def _long_value(word: bytes) -> int:
    """The 64-bit value of a word of more than 16 bytes: its BLAKE2b digest of 8 bytes."""
    return int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little")


def _shingle_hashes(data: bytes, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """64-bit hashes of the word 5-grams (of the words themselves when there are fewer than 5)."""
    words = _word_values(data, starts, lengths)
    n_words = len(starts)
    if n_words < SHINGLE:
        return _mix(words)
    m = n_words - SHINGLE + 1
    h = words[:m].copy()
    for k in range(1, SHINGLE):  # polynomial combination, wrapping in 64 bits
        h *= _U(1_000_003)
        h += words[k:m + k]
    return _mix(h)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser, in place: spreads similar inputs over all 64 bits (wrapping arithmetic)."""
    x ^= x >> _U(30)
    x *= _U(0xBF58476D1CE4E5B9)
    x ^= x >> _U(27)
    x *= _U(0x94D049BB133111EB)
    x ^= x >> _U(31)
    return x


def _shingles(text: str) -> np.ndarray:
    data = _normalised(text)
    if not data:
        return np.empty(0, dtype=np.uint64)
    return _shingle_hashes(data, *_word_bounds(data))


def _signature(shingles: np.ndarray) -> np.ndarray:
    """One-permutation MinHash with densification of 64-bit shingle hashes (at least one)."""
    s = np.sort(shingles)
    first = np.searchsorted(s, _BIN_START)  # the smallest hash of each bin, when the bin has one
    np.minimum(first, len(s) - 1, out=first)
    smallest = s[first]
    sig = smallest & _LOW
    full = (smallest >> _U(_VALUE_BITS)) == _BIN_IDS
    if not full.all():  # densify: an empty bin borrows from the nearest full one in its direction
        have = np.flatnonzero(full)
        empty = np.flatnonzero(~full)
        at = np.searchsorted(have, empty)
        right = have[at % len(have)]
        left = have[at - 1]
        donor = np.where(_RIGHT[empty], right, left)
        distance = np.where(_RIGHT[empty], right - empty, empty - left) % _PERMS
        sig[empty] = sig[donor] + (distance.astype(np.uint64) << _U(_VALUE_BITS))
    return sig


def fingerprint(text: str) -> Fingerprint:
    """Word count, exact-duplicate key and MinHash signature of ``text``, from one pass.

    Example
    -------
    >>> f = fingerprint("Envoys  met AGAIN\\non Tuesday.")
    >>> f.n_words, f.signature is None, f.exact == fingerprint("envoys met again on tuesday.").exact
    (5, True, True)
    """
    data = _normalised(text)
    exact = hashlib.sha256(data).digest()
    if not data:
        return Fingerprint(0, exact, None)
    starts, lengths = _word_bounds(data)
    n = len(starts)
    if (n if n < SHINGLE else n - SHINGLE + 1) < 3:  # fewer than 3 shingles: too short to judge
        return Fingerprint(n, exact, None)
    sh = _shingle_hashes(data, starts, lengths)
    return Fingerprint(n, exact, _signature(sh).tobytes())


def fingerprints(texts: list[str]) -> list[Fingerprint]:
    """:func:`fingerprint` of each text, hashed together: the same values, in far fewer NumPy calls.

    Example
    -------
    >>> texts = ["Envoys met again on Tuesday to talk about the harbour.", "Too short", ""]
    >>> fingerprints(texts) == [fingerprint(t) for t in texts]
    True
    """
    datas, words = _normalised_all(texts)
    out: list[Fingerprint | None] = [None] * len(texts)
    batch: list[int] = []  # texts of at least 3 shingles, hashed together below
    counts: list[int] = []
    for i, (data, n) in enumerate(zip(datas, words)):
        if n >= SHINGLE + 2:
            batch.append(i)
            counts.append(n)
        elif n >= 3:  # 3 or 4 words: their own shingles (rare)
            out[i] = fingerprint(texts[i])
        else:
            out[i] = Fingerprint(n, hashlib.sha256(data).digest(), None)
    if batch:
        sig = _densified(_bins([datas[i] for i in batch], counts))
        for k, i in enumerate(batch):
            out[i] = Fingerprint(counts[k], hashlib.sha256(datas[i]).digest(), sig[k].tobytes())
    return out  # type: ignore[return-value]


def _bins(datas: list[bytes], counts: list[int]) -> np.ndarray:
    """The signatures of normalised texts of ``counts`` words (at least SHINGLE each) before
    densification, one row each (an empty bin: the largest uint64). The compiled ``minhash`` of
    ``analysis._speedups`` does the same in one pass over the bytes (this is its specification)."""
    from ..score.segment import _compiled

    fast = _compiled()
    if fast is not None:
        out = fast.minhash(b" ".join(datas), np.array(counts, dtype=np.int64), _long_value)
        return np.frombuffer(out, dtype=np.uint64).reshape(len(datas), _PERMS)
    h, doc, _ = _batch_shingles(datas, counts)
    sig = np.full(len(datas) * _PERMS, np.iinfo(np.uint64).max, dtype=np.uint64)
    # within a bin (the top bits) the smallest hash has the smallest remaining bits
    np.minimum.at(sig, doc * _PERMS + (h >> _U(_VALUE_BITS)).astype(np.intp), h & _LOW)
    return sig.reshape(len(datas), _PERMS)


def _batch_shingles(datas: list[bytes], counts: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_shingle_hashes` of normalised texts of ``counts`` words (at least SHINGLE each),
    all at once: the hashes in text order, the text of each, and each text's number of them."""
    joined = b" ".join(datas)
    starts, lengths = _word_bounds(joined)
    words = _word_values(joined, starts, lengths)
    n_words = np.array(counts, dtype=np.intp)
    first = np.concatenate(([0], np.cumsum(n_words)[:-1]))  # each text's first word
    h = words[:len(words) - SHINGLE + 1].copy()
    for k in range(1, SHINGLE):  # as in _shingle_hashes, over all the texts at once
        h *= _U(1_000_003)
        h += words[k:len(words) - SHINGLE + 1 + k]
    n_shingles = n_words - SHINGLE + 1
    doc = np.repeat(np.arange(len(datas)), n_shingles)  # the shingles inside one text only
    at = np.arange(len(doc)) - np.repeat(np.cumsum(n_shingles) - n_shingles, n_shingles) + first[doc]
    return _mix(h[at]), doc, n_shingles


def _shingle_sets(texts: list[str]) -> list[np.ndarray]:
    """``_unique(_shingles(text))`` of each text, the common ones hashed together."""
    datas, counts = _normalised_all(texts)
    long = [k for k, n in enumerate(counts) if n >= SHINGLE]
    out = [None if counts[k] >= SHINGLE else _unique(_shingles(t)) for k, t in enumerate(texts)]
    if long:
        h, _, n_shingles = _batch_shingles([datas[k] for k in long], [counts[k] for k in long])
        ends = np.cumsum(n_shingles).tolist()
        for k, start, end in zip(long, [0] + ends[:-1], ends):
            out[k] = _unique(h[start:end])
    return out  # type: ignore[return-value]


def _densified(sig: np.ndarray) -> np.ndarray:
    """Rows of one-permutation signatures (empty bins: the largest uint64) densified as
    :func:`_signature` does, all rows at once."""
    full = sig != np.iinfo(np.uint64).max
    sparse = np.flatnonzero(~full.all(axis=1))
    if not len(sparse):
        return sig
    sig = sig.copy()
    part, have = sig[sparse], np.concatenate([full[sparse]] * 2, axis=1)  # bins twice round: cyclic
    place = np.arange(2 * _PERMS)
    nxt = np.minimum.accumulate(np.where(have, place, 2 * _PERMS)[:, ::-1], axis=1)[:, ::-1]
    prv = np.maximum.accumulate(np.where(have, place, -1), axis=1)
    bins = np.arange(_PERMS)
    right, left = nxt[:, bins + 1], prv[:, bins + _PERMS - 1]  # the nearest full bins after, before
    distance = np.where(_RIGHT, right - bins, bins + _PERMS - left)
    donor = np.where(_RIGHT, right, left) % _PERMS
    borrowed = np.take_along_axis(part, donor, axis=1) + (distance.astype(np.uint64) << _U(_VALUE_BITS))
    sig[sparse] = np.where(have[:, :_PERMS], part, borrowed)
    return sig


def signature(text: str) -> bytes | None:
    """MinHash signature of ``text`` as bytes (64 values), or None when it is too short to judge.

    Example
    -------
    >>> a = signature(" ".join(f"word{i}" for i in range(100)))
    >>> b = signature(" ".join(f"word{i}" for i in range(100)).upper())
    >>> len(a), a == b, signature("Too short")
    (512, True, None)
    """
    return fingerprint(text).signature


def _unique(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values (as ``np.unique``, faster for these small arrays)."""
    x = np.sort(x)
    if len(x) < 2:
        return x
    keep = np.empty(len(x), dtype=bool)
    keep[0] = True
    np.not_equal(x[1:], x[:-1], out=keep[1:])
    return x[keep]


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct values."""
    if not len(a) or not len(b):
        return 1.0 if len(a) == len(b) else 0.0
    at = np.searchsorted(b, a)
    np.minimum(at, len(b) - 1, out=at)
    inter = int(np.count_nonzero(b[at] == a))
    return inter / (len(a) + len(b) - inter)


def near_duplicates(texts: list[str], *, signatures: list[bytes | None] | None = None,
                    threshold: float = THRESHOLD, n_jobs: int | None = 1, earlier: "Earlier | None" = None,
                    ids: list[str] | None = None) -> list[int | str | None]:
    """For each text, the position of an earlier near-duplicate of it, else None.

    ``signatures`` (from :func:`signature`, one per text) may be computed
    beforehand, for example in worker processes. ``n_jobs``: processes that
    count the shingles of candidate pairs too close to call from their
    signatures, from :data:`PARALLEL_PAIRS` such pairs (``None`` or ``-1``: all
    cores; default one); the result is the same whatever the number.

    ``earlier`` (an :class:`Earlier`) holds the texts of earlier calls (the
    chunks of a corpus read a chunk at a time), with their ids: a text whose
    near-duplicate came in an earlier chunk gets that article's id (a ``str``)
    instead of a position, and these texts (``ids``: their article ids) are
    added to it. Chunk by chunk, the result is what one call on all the texts
    gives.

    Example
    -------
    >>> a = " ".join(f"word{i}" for i in range(80))
    >>> b = a.replace("word40", "changed")
    >>> near_duplicates([a, b, "Something else entirely, about football and the weather."])
    [None, 0, None]
    """
    if signatures is None:
        signatures = [signature(t) for t in texts]
    if earlier is not None and (ids is None or len(ids) != len(texts)):
        raise ValueError("near_duplicates with earlier= needs the ids of the texts")
    found: list[int | str | None] = [None] * len(texts)
    rows = [i for i, sig in enumerate(signatures) if sig is not None]
    n = len(rows)
    base = 0 if earlier is None else len(earlier)  # the rows of earlier chunks come first
    sigs = np.frombuffer(b"".join([signatures[i] for i in rows]), dtype=np.uint64).reshape(n, _PERMS)
    keys = _band_keys(sigs)
    before = earlier.first_rows(keys) if base else None  # per row and band: the first earlier row, else -1
    pairs = _candidates(sigs, keys=keys, base=base, before=before)  # (base + row, earlier row), all chunks' rows
    root = np.full(n, -1, dtype=np.int64)  # each row's first near-duplicate, as a row of all chunks
    if len(pairs):
        theirs = pairs[:, 1]
        other = np.empty((len(pairs), _PERMS), dtype=np.uint64)
        here = theirs >= base
        other[here] = sigs[theirs[here] - base]
        if not here.all():
            other[~here] = earlier.signatures(theirs[~here])
        agree = np.count_nonzero(sigs[pairs[:, 0] - base] == other, axis=1) / _PERMS
        del other
        similar = agree >= threshold
        close = np.abs(agree - threshold) < _SURE  # too close to call from the signatures: counted exactly
        # a row takes its first similar candidate (below), so only the close pairs before its first surely
        # similar one can count, and those are counted in turn: each row's first in one pass, then the next
        # of the rows that pass did not settle, and so on (most rows settle in the first)
        first_sure = np.full(n, len(pairs))
        sure = np.flatnonzero(similar & ~close)
        np.minimum.at(first_sure, pairs[sure, 0] - base, sure)
        todo = np.flatnonzero(close)
        todo = todo[todo < first_sure[pairs[todo, 0] - base]]
        local = np.asarray(rows, dtype=np.int64)
        while len(todo):
            head = todo[np.r_[True, pairs[todo[1:], 0] != pairs[todo[:-1], 0]]]  # (pairs are in row order)
            both = pairs[head]
            gone = np.unique(both[both < base])  # rows of earlier chunks: their texts read back
            at = np.empty_like(both)
            at[both >= base] = local[both[both >= base] - base]
            at[both < base] = len(texts) + np.searchsorted(gone, both[both < base])
            pool = texts if not len(gone) else [*texts, *earlier.texts(gone)]
            similar[head] = _counted(pool, at, threshold, n_jobs)
            todo = np.setdiff1d(todo, head, assume_unique=True)
            todo = todo[~np.isin(pairs[todo, 0], pairs[head[similar[head]], 0])]
        settled = -1
        roots = earlier.roots() if earlier is not None else None
        for (a, b), alike in zip(pairs.tolist(), similar.tolist()):
            if a == settled or not alike:
                continue  # (already matched a smaller candidate)
            theirs_root = root[b - base] if b >= base else roots[b]
            root[a - base] = theirs_root if theirs_root >= 0 else b
            settled = a
    named = earlier.ids(np.unique(root[(root >= 0) & (root < base)])) if earlier is not None else {}
    for r in np.flatnonzero(root >= 0).tolist():
        g = int(root[r])
        found[rows[r]] = rows[g - base] if g >= base else named[g]
    if earlier is not None:
        earlier.add(keys, sigs, [texts[i] for i in rows], [ids[i] for i in rows], root, before=before)
    return found


def _band_keys(sigs: np.ndarray) -> np.ndarray:
    """Each row's band values folded into one 64-bit key per band (a rare collision only adds a candidate,
    which is then verified like any other)."""
    bands = sigs.reshape(len(sigs), _BANDS, _ROWS)
    keys = bands[:, :, 0].copy()
    for r in range(1, _ROWS):
        keys *= _U(0x9E3779B97F4A7C15)
        keys ^= bands[:, :, r]
    return _mix(keys)


def _candidates(sigs: np.ndarray, *, keys: np.ndarray | None = None, base: int = 0,
                before: np.ndarray | None = None) -> np.ndarray:
    """The candidate pairs of rows of MinHash signatures ``sigs`` (one row each): ``(row, earlier
    row)`` for each band whose values the row shares with an earlier one (the first such), in
    order of row, then earlier row. Rows are numbered from ``base``; ``before`` (per row and band,
    :meth:`Earlier.first_rows`) gives the first row of earlier chunks with the band's values (-1: none)."""
    keys = _band_keys(sigs) if keys is None else keys
    n = len(sigs)
    order = np.argsort(keys, axis=0, kind="stable")  # per band: rows by key, equal keys in row order
    ranked = np.take_along_axis(keys, order, axis=0)
    group_start = np.zeros(keys.shape, dtype=np.intp)
    new_key = ranked[1:] != ranked[:-1]
    group_start[1:][new_key] = np.broadcast_to(np.arange(1, n)[:, None], new_key.shape)[new_key]
    np.maximum.accumulate(group_start, axis=0, out=group_start)
    first = np.empty_like(order)  # per row and band: the first row with the same band values
    np.put_along_axis(first, order, np.take_along_axis(order, group_start, axis=0), axis=0)
    first = np.where(first < np.arange(n)[:, None], base + first.astype(np.int64), -1)
    if before is not None:
        first = np.where(before >= 0, before, first)
    mine, band = np.nonzero(first >= 0)
    total = base + n
    pairs = np.unique((base + mine) * total + first[mine, band])  # sorted by row, then candidate
    return np.stack([pairs // total, pairs % total], axis=1)


class Earlier:
    """The articles of the chunks read so far, for :func:`near_duplicates` (``earlier=``) on the next chunk:
    a near-duplicate of an article in any earlier chunk is found as in one call on the whole corpus.

    In memory, at most 152 bytes an article: a 64-bit entry per band for the first article with each
    band's values (its hash's top 36 bits and its row: at most 128 bytes an article), the near-duplicate
    each article was marked with and where its text and id start in their files (8 bytes each). In files
    under ``folder`` (removed by :meth:`close`): the signatures (512 bytes an article), the texts and the
    ids, read back only for the candidate pairs that need them. Entries keep 36 bits of a band's 64-bit
    key: two keys that share them (about one in 4,000 at a million articles) make one entry, which adds a
    candidate (verified as any other) or, rarely, hides the first article of the second key in that band
    (the other bands still find it).

    Example
    -------
    >>> import tempfile
    >>> a = " ".join(f"word{i}" for i in range(80))
    >>> with Earlier(tempfile.mkdtemp()) as seen:
    ...     first = near_duplicates([a, "A short text about football."], earlier=seen, ids=["a1", "a2"])
    ...     second = near_duplicates([a.replace("word40", "changed")], earlier=seen, ids=["b1"])
    >>> first, second
    ([None, None], ['a1'])
    """

    _ROW_BITS = 28  # an entry: the top 36 bits of a band's key, then the row (at most 2**28 articles)

    def __init__(self, folder: str | os.PathLike):
        self._folder = Path(folder)
        self._folder.mkdir(parents=True, exist_ok=True)
        self._entries = np.zeros(0, dtype=np.uint64)  # sorted
        self._roots = np.zeros(0, dtype=np.int64)
        self._text_at = np.zeros(1, dtype=np.int64)  # where each text (then each id) starts in its file
        self._id_at = np.zeros(1, dtype=np.int64)
        self._files = {name: open(self._folder / name, "w+b") for name in ("signatures", "texts", "ids")}

    def __len__(self) -> int:
        return len(self._roots)

    def __enter__(self) -> "Earlier":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Close and remove the files."""
        import shutil

        for fh in self._files.values():
            fh.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    @classmethod
    def _entry_keys(cls, keys: np.ndarray) -> np.ndarray:
        """The band keys (rows x bands) as the hash part of an entry: the band folded in, the row bits zero."""
        folded = _mix(keys ^ (np.arange(keys.shape[1], dtype=np.uint64) * _U(0xD6E8FEB86659FD93)))
        return folded & ~_U((1 << cls._ROW_BITS) - 1)

    def first_rows(self, keys: np.ndarray) -> np.ndarray:
        """Per row and band of ``keys`` (:func:`_band_keys`), the first earlier row with the same band values,
        else -1."""
        want = self._entry_keys(keys).ravel()
        at = np.minimum(np.searchsorted(self._entries, want), max(len(self._entries) - 1, 0))
        if not len(self._entries):
            return np.full(keys.shape, -1, dtype=np.int64)
        hit = self._entries[at]
        mask = _U((1 << self._ROW_BITS) - 1)
        rows = np.where((hit & ~mask) == want, (hit & mask).astype(np.int64), -1)
        return rows.reshape(keys.shape)

    def roots(self) -> np.ndarray:
        """Each earlier row's first near-duplicate (a row), else -1."""
        return self._roots

    def signatures(self, rows: np.ndarray) -> np.ndarray:
        """The signatures of earlier ``rows`` (one row of :data:`_PERMS` values each)."""
        self._files["signatures"].flush()
        wanted, back = np.unique(np.asarray(rows, dtype=np.int64), return_inverse=True)
        mapped = np.memmap(self._folder / "signatures", dtype=np.uint64, mode="r", shape=(len(self), _PERMS))
        try:
            return np.asarray(mapped[wanted])[back.ravel()]  # (a copy: the file is unmapped below)
        finally:
            del mapped

    def _read(self, name: str, starts: np.ndarray, rows: np.ndarray) -> list[str]:
        fh = self._files[name]
        fh.flush()
        return [os.pread(fh.fileno(), int(starts[r + 1] - starts[r]), int(starts[r])).decode("utf-8", "surrogatepass")
                for r in np.asarray(rows).tolist()]

    def texts(self, rows: np.ndarray) -> list[str]:
        """The texts of earlier ``rows``."""
        return self._read("texts", self._text_at, rows)

    def ids(self, rows: np.ndarray) -> dict[int, str]:
        """The ids of earlier ``rows``, by row."""
        rows = np.asarray(rows, dtype=np.int64)
        return dict(zip(rows.tolist(), self._read("ids", self._id_at, rows)))

    def add(self, keys: np.ndarray, sigs: np.ndarray, texts: list[str], ids: list[str], roots: np.ndarray, *,
            before: np.ndarray | None = None) -> None:
        """Add the rows of one call (their band ``keys``, signatures, texts, ids and first near-duplicates;
        ``before``: :meth:`first_rows` of ``keys``, when already looked up)."""
        base, n = len(self), len(sigs)
        if base + n >= 1 << self._ROW_BITS:
            raise ValueError(f"near-duplicates across chunks are found among at most {1 << self._ROW_BITS:,} articles")
        if n:
            entry = self._entry_keys(keys)
            # band values no earlier row has: the first row of this call with them takes them
            new = (self.first_rows(keys) if before is None else before) < 0
            entry = entry | (base + np.arange(n, dtype=np.uint64))[:, None]
            entry = entry[new]
            entry = entry[np.unique(entry >> _U(self._ROW_BITS), return_index=True)[1]]  # the first row of each
            self._entries = np.insert(self._entries, np.searchsorted(self._entries, entry), entry)
            self._files["signatures"].write(np.ascontiguousarray(sigs).tobytes())
            for name, attr, values in (("texts", "_text_at", texts), ("ids", "_id_at", ids)):
                data = [v.encode("utf-8", "surrogatepass") for v in values]
                self._files[name].write(b"".join(data))
                starts = getattr(self, attr)
                setattr(self, attr, np.concatenate([starts, starts[-1] + np.cumsum([len(d) for d in data],
                                                                                   dtype=np.int64)]))
        self._roots = np.concatenate([self._roots, roots.astype(np.int64)])


def _counted(texts: list[str], pairs: np.ndarray, threshold: float, n_jobs: int | None) -> np.ndarray:
    """:func:`_exactly_similar` of all ``pairs`` (rows of two text positions), in up to ``n_jobs``
    processes from :data:`PARALLEL_PAIRS` pairs."""
    from .load import _jobs, _pool_map

    workers = min(_jobs(n_jobs), len(pairs) // (PARALLEL_PAIRS // 2))
    if workers < 2:
        return _exactly_similar((texts, pairs, threshold), range(len(pairs)))
    step = -(-len(pairs) // workers)
    parts = [range(i, min(i + step, len(pairs))) for i in range(0, len(pairs), step)]
    return np.concatenate(_pool_map(_exactly_similar, (texts, pairs, threshold), parts, workers))


#: Fewest candidate pairs counted exactly that :func:`near_duplicates` spreads over worker processes.
PARALLEL_PAIRS = 4 * _PAIR_BLOCK


def _exactly_similar(shared: tuple, part: range) -> np.ndarray:
    """Whether the texts of each pair ``pairs[part]`` have a Jaccard similarity of their shingle sets of at
    least ``threshold`` (``shared``: ``(texts, pairs, threshold)``, ``pairs`` an array of rows of two text
    positions); the shingle sets are made :data:`_PAIR_BLOCK` pairs at a time, and kept for the next
    block while there are few (bounded memory)."""
    texts, pairs, threshold = shared
    out = np.zeros(len(part), dtype=bool)
    shingle_sets: dict[int, np.ndarray] = {}
    for block in range(part.start, part.stop, _PAIR_BLOCK):
        these = pairs[block:min(block + _PAIR_BLOCK, part.stop)]
        wanted = np.unique(these).tolist()
        if len(shingle_sets) + len(wanted) > 2 * _PAIR_BLOCK:
            shingle_sets.clear()
        wanted = [i for i in wanted if i not in shingle_sets]
        shingle_sets.update(zip(wanted, _shingle_sets([texts[i] for i in wanted])))
        out[block - part.start:block - part.start + len(these)] = [
            _jaccard(shingle_sets[i], shingle_sets[j]) >= threshold for i, j in these.tolist()]
    return out

