"""Content-addressed cache of per-article scoring results (Parquet, safe to share).

Scoring an article depends only on its text and on a few versioned inputs, so
results are stored under the SHA-256 of the exact text scored, in *kinds*
whose folder name carries a hash of everything else the result depends on:

=============  =================================================================  ===========================
kind           holds (per article)                                                keyed by
=============  =================================================================  ===========================
``base``       sentence spans, article and sentence TextBlob sentiment, actor     package, TextBlob versions;
               mentions, per-actor sentence means                                 the actor gazetteer
``vader``      VADER compound score per sentence and their mean                   package, vaderSentiment
``themes``     theme hits (theme, term, offsets, sentence)                        package version; lexicon
=============  =================================================================  ===========================

Changing the theme lexicon therefore invalidates only ``themes`` results:
sentence spans, sentiment and actors stay cached, and theme matching re-runs
on the cached spans (cheap).

Layout::

    DIR/v1/<kind>-<key hash[:16]>/key.json              what the key is made of (for people)
    DIR/v1/<kind>-<key hash[:16]>/<uuid>.parquet        segments: column ``key`` (32-byte text hash) + results

Safety: every run writes *new* segment files under unique names, atomically
(temporary file, then rename), so readers only ever see complete files and
two runs can share one cache at the same time. A run killed at any moment
leaves at most a hidden temporary file (cleaned up later). A segment that
that fails to parse (truncated, damaged) is reported with a warning, set aside
as ``*.damaged`` and its articles are scored again; a segment this process
may not open (another user's, without read permission) or one lacking a column
of the expected type is skipped with a warning and left as it is. Segments are
merged once there are more than :data:`COMPACT_AFTER` of them; a merge that
fails (another run merging the same segments, a full disk) leaves the segments
as they were. A full disk while storing results is reported once and the run
goes on uncached.

Example
-------
>>> import tempfile, pyarrow as pa
>>> c = Cache(tempfile.mkdtemp())
>>> store = c.store("demo", {"version": 1})
>>> k = text_key("Some text.")
>>> _ = store.write([k], pa.table({"n": [3]}))
>>> found, table = store.read([k, text_key("other")], ["n"])
>>> found.tolist(), table["n"].to_pylist()
([True, False], [3])
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import time
import uuid
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Cache", "Store", "resolve", "text_key", "text_keys", "gazetteer_sha256", "CacheWarning", "ENV",
           "COMPACT_AFTER", "is_disk_full"]

#: Environment variable naming the cache folder used when ``cache=None``.
ENV = "NEWS_ANALYSIS_CACHE"
#: Merge a kind's segments once it has more than this many.
COMPACT_AFTER = 32
_LAYOUT = "v1"
_ROW_GROUP = 2048
_STALE_TMP = 6 * 3600  # seconds: temporary files older than this are left-overs of killed runs


class CacheWarning(UserWarning):
    """A cache segment could not be read or written; its articles are scored again / not stored."""


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) is full.

    Example
    -------
    >>> is_disk_full(OSError(errno.ENOSPC, "No space left on device")), is_disk_full(ValueError())
    (True, False)
    """
    return isinstance(exc, OSError) and exc.errno in _DISK_FULL


def _cannot_open(exc: BaseException) -> bool:
    """An error opening a file (permissions, I/O) rather than a parse error of its content.

    pyarrow reports unparsable content as ``ArrowInvalid`` (a ``ValueError``) or
    as an ``OSError`` with no ``errno`` ("Couldn't deserialize thrift").
    """
    return isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno is not None)


def text_key(text: str) -> bytes:
    """SHA-256 digest (32 bytes) of ``text`` as UTF-8: the cache key of a text.

    Example
    -------
    >>> text_key("abc").hex()[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


_EMPTY_KEY = text_key("")


def text_keys(texts: Any) -> np.ndarray:
    """The keys of many texts at once: row ``i`` of the result is ``text_key(texts[i])``.

    ``texts`` is a pyarrow string array (``string``, ``large_string`` or
    ``string_view``; chunked or not), hashed straight from its UTF-8 buffer
    without making Python strings, a null counting as ``""``; or any iterable
    of ``str``.

    Returns
    -------
    numpy.ndarray
        ``uint8``, shape ``(n, 32)``.

    Example
    -------
    >>> import pyarrow as pa
    >>> keys = text_keys(pa.array(["abc", None]))
    >>> keys.shape, keys[0].tobytes() == text_key("abc"), keys[1].tobytes() == text_key("")
    ((2, 32), True, True)
    """
    import pyarrow as pa

    if isinstance(texts, (pa.Array, pa.ChunkedArray)):
        chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
        digests: list[bytes] = []
        for chunk in chunks:
            digests.extend(_arrow_digests(chunk))
    else:
        digests = [text_key(t) for t in texts]
    return np.frombuffer(bytearray(b"".join(digests)), dtype=np.uint8).reshape(-1, 32)


def _arrow_digests(chunk) -> list[bytes]:
    """SHA-256 digests of the values of one Arrow string array, hashed from its data buffer."""
    import pyarrow as pa

    t = chunk.type
    if not (pa.types.is_string(t) or pa.types.is_large_string(t)):
        chunk = chunk.cast(pa.large_string())  # string_view (or a type that cannot be cast: TypeError)
    n = len(chunk)
    if n == 0:
        return []
    _, offsets_buf, data_buf = chunk.buffers()[:3]
    wide = pa.types.is_large_string(chunk.type)
    if offsets_buf is None or data_buf is None or data_buf.size == 0:
        digests = [_EMPTY_KEY] * n
    else:
        offsets = np.frombuffer(offsets_buf, dtype=np.int64 if wide else np.int32, count=chunk.offset + n + 1)
        sha, data, bounds = hashlib.sha256, memoryview(data_buf), offsets[chunk.offset:].tolist()
        digests = [sha(data[a:b]).digest() for a, b in zip(bounds, bounds[1:])]
    if chunk.null_count:
        for i in np.flatnonzero(chunk.is_null().to_numpy(zero_copy_only=False)).tolist():
            digests[i] = _EMPTY_KEY
    return digests


def _key_words(keys: Any) -> np.ndarray:
    """Keys (a list of 32-byte ``bytes`` or a ``(n, 32)`` uint8 array) as a ``(n, 4)`` uint64 array."""
    if isinstance(keys, np.ndarray):
        if keys.dtype == np.uint64 and keys.ndim == 2 and keys.shape[1] == 4:
            return keys
        if keys.dtype == np.uint8 and keys.ndim == 2 and keys.shape[1] == 32:
            return np.ascontiguousarray(keys).view(np.uint64)
        raise ValueError(f"keys must be an (n, 32) uint8 array, not {keys.dtype} {keys.shape}")
    keys = list(keys)
    blob = b"".join(keys)
    if len(blob) != 32 * len(keys) or any(len(k) != 32 for k in keys):
        raise ValueError("keys must be 32-byte digests (see text_key)")
    return np.frombuffer(blob, dtype=np.uint64).reshape(-1, 4)


def _key_bytes(words: np.ndarray) -> list[bytes]:
    blob = words.tobytes()
    return [blob[i:i + 32] for i in range(0, len(blob), 32)]


def _first_rows(words: np.ndarray) -> np.ndarray:
    """Boolean mask: the rows of ``words`` (keys as uint64) whose key is not in an earlier row."""
    import pandas as pd

    if len(words) == 0:
        return np.zeros(0, dtype=bool)
    first = ~pd.Index(words[:, 0]).duplicated(keep="first")
    if first.all():
        return first
    # rows sharing their first word with another: compare the whole keys
    shared = np.flatnonzero(pd.Index(words[:, 0]).duplicated(keep=False))
    seen: set[bytes] = set()
    for i, k in zip(shared.tolist(), _key_bytes(words[shared])):
        first[i] = k not in seen
        seen.add(k)
    return first


def _canon(obj: Any, depth: int = 0) -> Any:
    """A JSON-able, address-free rendering of a gazetteer's content."""
    if depth > 12:
        return type(obj).__name__
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, Mapping):
        return [[str(k), _canon(v, depth + 1)] for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))]
    if isinstance(obj, (list, tuple)):
        return [_canon(v, depth + 1) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(repr(_canon(v, depth + 1)) for v in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [type(obj).__name__] + [[f.name, _canon(getattr(obj, f.name), depth + 1)]
                                       for f in dataclasses.fields(obj)]
    keys = getattr(obj, "_keys", None)  # a PhraseMatcher: its phrase table
    if isinstance(keys, Mapping):
        return [type(obj).__name__, _canon(keys, depth + 1)]
    return type(obj).__name__


def gazetteer_sha256(gazetteer: Any) -> str:
    """Hash of an actor gazetteer's content (its own ``sha256`` when it has one).

    Example
    -------
    >>> from analysis.score.actors import load_gazetteer
    >>> gazetteer_sha256(load_gazetteer()) == gazetteer_sha256(load_gazetteer())
    True
    """
    own = getattr(gazetteer, "sha256", None)
    if isinstance(own, str) and own:
        return own
    parts = {name: _canon(getattr(gazetteer, name, None)) for name in ("kinds", "aliases", "ignore", "rules")}
    parts["matcher"] = _canon(getattr(gazetteer, "matcher", None))
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def resolve(cache: Any) -> Cache | None:
    """The :class:`Cache` meant by a ``cache=`` argument.

    ``None``: the folder in ``$NEWS_ANALYSIS_CACHE`` when set, else no cache;
    ``False``: no cache; ``True``: ``analysis.datasets.data_dir() / "cache"``;
    a path: that folder; a :class:`Cache`: itself.

    Example
    -------
    >>> resolve(False) is None
    True
    """
    if cache is False:
        return None
    if isinstance(cache, Cache):
        return cache
    if cache is None:
        env = os.environ.get(ENV, "").strip()
        return Cache(env) if env else None
    if cache is True:
        from ..ingest.datasets import data_dir

        return Cache(data_dir() / "cache")
    if isinstance(cache, (str, os.PathLike)):
        return Cache(cache)
    raise TypeError(f"cache= must be None, True, False, a folder or a Cache, not {type(cache).__name__}")


class Cache:
    """A cache folder; :meth:`store` gives the store of one kind and key.

    Parameters
    ----------
    root:
        The folder (created when first written).
    """

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).expanduser()
        self._stores: dict[str, Store] = {}

    def __repr__(self) -> str:
        return f"Cache({str(self.root)!r})"

    def store(self, kind: str, key: Mapping[str, Any], *, schema: Any = None) -> Store:
        """The store for results of ``kind`` computed under ``key`` (JSON-able mapping).

        ``schema``: the ``pyarrow.Schema`` its segments must have (besides ``key``); a segment
        lacking one of its columns, or holding it with another type, is skipped (its articles
        are scored again).
        """
        blob = json.dumps(dict(key), sort_keys=True, default=str)
        name = f"{kind}-{hashlib.sha256(blob.encode('utf-8')).hexdigest()[:16]}"
        if name not in self._stores:
            self._stores[name] = Store(self.root / _LAYOUT / name, dict(key, kind=kind), schema=schema)
        elif schema is not None:
            self._stores[name].schema = schema
        return self._stores[name]

    def info(self) -> dict[str, dict]:
        """Per store folder: number of segments, entries (rows) and bytes on disk."""
        out = {}
        base = self.root / _LAYOUT
        if not base.is_dir():
            return out
        import pyarrow.parquet as pq

        for folder in sorted(p for p in base.iterdir() if p.is_dir()):
            segs = _segments(folder)
            rows = 0
            for s in segs:
                try:
                    rows += pq.ParquetFile(s).metadata.num_rows
                except Exception:  # damaged: not counted
                    pass
            out[folder.name] = {"segments": len(segs), "entries": rows,
                                "bytes": sum(s.stat().st_size for s in segs if s.exists())}
        return out


def _segments(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith("."))
    except OSError:
        return []


@dataclasses.dataclass
class _Segment:
    path: Path
    keys: np.ndarray  # (rows, 4) uint64: the 32-byte keys, row by row
    bounds: np.ndarray  # first row of each row group, plus the total


def _column_words(column) -> np.ndarray:
    """A segment's ``key`` column (pyarrow, fixed-size binary 32) as a ``(rows, 4)`` uint64 array (no copy)."""
    import pyarrow as pa

    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if arr.type != pa.binary(32):
        arr = arr.cast(pa.binary(32))
    if arr.null_count:
        raise ValueError("missing keys")
    if len(arr) == 0:
        return np.zeros((0, 4), dtype=np.uint64)
    data = arr.buffers()[1]
    return np.frombuffer(data, dtype=np.uint64, count=4 * (arr.offset + len(arr)))[4 * arr.offset:].reshape(-1, 4)


class Store:
    """The segments of one kind and key: look up, read and add results by text hash.

    The in-memory index holds each stored key once (its first segment, in name order, and row
    there) in numpy arrays; keys are looked up by a hash table over their first 8 bytes and
    then compared whole.
    """

    def __init__(self, folder: Path, key: dict, *, schema: Any = None):
        self.folder = Path(folder)
        self.key = key
        self.schema = schema  # pyarrow.Schema the segments must have (None: any)
        self._skipped: dict[str, str] = {}  # segments left aside (not opened or not matching): why
        self._segs: dict[str, _Segment] = {}
        self._order: list[str] = []
        self._words = np.zeros((0, 4), dtype=np.uint64)  # the distinct stored keys
        self._seg = np.zeros(0, dtype=np.int64)  # ... the segment (position in _order) holding each
        self._row = np.zeros(0, dtype=np.int64)  # ... and its row there
        self._hash = None  # pandas Index over _words[:, 0] (built when needed)
        self._exact: dict[bytes, int] | None = None  # when first words repeat: the whole keys instead

    def __repr__(self) -> str:
        return f"Store({str(self.folder)!r})"

    # ------------------------------------------------------------------ index

    def refresh(self) -> None:
        """Bring the in-memory index up to date with the segments on disk (reads only new ones)."""
        import pyarrow.parquet as pq

        names = {p.name: p for p in _segments(self.folder)}
        gone = [n for n in self._segs if n not in names]
        for n in gone:
            del self._segs[n]
        added = []
        for name, path in names.items():
            if name in self._segs or name in self._skipped:
                continue
            try:
                pf = pq.ParquetFile(path)
                md = pf.metadata
                sizes = [md.row_group(i).num_rows for i in range(md.num_row_groups)]
                problem = self._mismatch(pf.schema_arrow)
                if problem:
                    self._skip(path, problem)
                    continue
                keys = _column_words(pf.read(columns=["key"])["key"])
                if len(keys) != sum(sizes):
                    raise ValueError("row count does not match its metadata")
            except FileNotFoundError:
                continue  # merged away by another run meanwhile
            except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for damaged files
                self._damaged(path, exc)
                continue
            self._segs[name] = _Segment(path, keys, np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))
            added.append(name)
        if gone or any(n not in self._segs for n in self._order):
            self._rebuild()
        else:
            self._extend(added)

    def _rebuild(self) -> None:
        self._order = []
        self._words = np.zeros((0, 4), dtype=np.uint64)
        self._seg = np.zeros(0, dtype=np.int64)
        self._row = np.zeros(0, dtype=np.int64)
        self._hash, self._exact = None, None
        self._extend(sorted(self._segs))

    def _extend(self, names: list[str]) -> None:
        names = [n for n in sorted(names) if n in self._segs]
        if not names:
            return
        words = [self._segs[n].keys for n in names]
        seg = [np.full(len(w), len(self._order) + j, dtype=np.int64) for j, w in enumerate(words)]
        row = [np.arange(len(w), dtype=np.int64) for w in words]
        self._order.extend(names)
        words, seg, row = np.concatenate(words), np.concatenate(seg), np.concatenate(row)
        new = _first_rows(words)  # first in these segments ...
        if len(self._words):
            new &= self._find(words) < 0  # ... and not stored before
        if not new.all():
            words, seg, row = words[new], seg[new], row[new]
        if len(words):
            self._words = np.concatenate([self._words, words]) if len(self._words) else words
            self._seg = np.concatenate([self._seg, seg])
            self._row = np.concatenate([self._row, row])
            self._hash, self._exact = None, None

    def _find(self, words: np.ndarray) -> np.ndarray:
        """Position of each key (uint64 rows) in the index, -1 when not stored."""
        import pandas as pd

        if len(self._words) == 0 or len(words) == 0:
            return np.full(len(words), -1, dtype=np.int64)
        if self._hash is None and self._exact is None:
            index = pd.Index(self._words[:, 0])
            if index.is_unique:
                self._hash = index
            else:  # distinct keys sharing their first 8 bytes: look up whole keys
                self._exact = {k: i for i, k in enumerate(_key_bytes(self._words))}
        if self._exact is not None:
            exact = self._exact
            return np.fromiter((exact.get(k, -1) for k in _key_bytes(words)), dtype=np.int64, count=len(words))
        where = self._hash.get_indexer(words[:, 0]).astype(np.int64, copy=False)
        hit = np.flatnonzero(where >= 0)
        same = (self._words[where[hit]] == words[hit]).all(axis=1)
        if not same.all():
            where[hit[~same]] = -1
        return where

    def __len__(self) -> int:
        return len(self._words)

    def _mismatch(self, schema: Any, columns: list[str] | None = None) -> str:
        """What a segment of ``schema`` lacks (``key``, ``columns`` or :attr:`schema`'s columns), or ``""``."""
        import pyarrow as pa

        want: list[tuple[str, Any]] = [("key", None)]
        if self.schema is not None:
            want += [(f.name, f.type) for f in self.schema]
        want += [(c, None) for c in columns or () if c not in {n for n, _ in want}]
        for name, type_ in want:
            i = schema.get_field_index(name)
            if i < 0:
                return f"no column {name!r}"
            got = schema.field(i).type
            if name == "key" and not (pa.types.is_binary(got) or pa.types.is_fixed_size_binary(got)):
                return f"column 'key' is {got}, not binary"
            if type_ is not None and got != type_:
                return f"column {name!r} is {got}, not {type_}"
        return ""

    def _skip(self, path: Path, why: str) -> None:
        """Leave a segment aside without touching it (not ours to open, or not of this schema); warn once."""
        if path.name not in self._skipped:
            warnings.warn(f"cache segment {path} is skipped ({why}); its articles are scored again",
                          CacheWarning, stacklevel=4)
        self._skipped[path.name] = why
        self._segs.pop(path.name, None)

    def _damaged(self, path: Path, exc: BaseException) -> None:
        if _cannot_open(exc):  # not readable by this process (another user's file): not damaged
            self._skip(path, f"cannot be opened: {type(exc).__name__}: {str(exc)[:120]}")
            return
        warnings.warn(f"cache segment {path} is damaged and is ignored; its articles are scored again "
                      f"({type(exc).__name__}: {str(exc)[:120]})", CacheWarning, stacklevel=4)
        try:
            os.replace(path, path.with_name(path.name + ".damaged"))
        except OSError:
            pass
        self._segs.pop(path.name, None)

    # ------------------------------------------------------------------ read

    def contains(self, keys) -> np.ndarray:
        """Boolean mask: which of ``keys`` are stored (after :meth:`refresh`).

        ``keys``: 32-byte digests (:func:`text_key`), as a list or an ``(n, 32)`` uint8 array (:func:`text_keys`).
        """
        return self._find(_key_words(keys)) >= 0

    def read(self, keys, columns: list[str], *, refresh: bool = True):
        """Stored results for ``keys`` (a list of :func:`text_key` digests or a :func:`text_keys` array).

        Returns
        -------
        (found, table)
            ``found`` is a boolean mask over ``keys``; ``table`` (pyarrow)
            has ``columns`` for the found keys, in the order of ``keys``. A
            segment found damaged while reading counts as not found.
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        if refresh:
            self.refresh()
        words = _key_words(keys)
        where = self._find(words)
        found = where >= 0
        hit = np.flatnonzero(found)
        segs = self._seg[where[hit]]
        by_seg = np.argsort(segs, kind="stable")
        segs = segs[by_seg]
        starts = np.flatnonzero(np.diff(segs, prepend=-1))
        ends = np.append(starts[1:], len(segs))
        pieces, positions, failed = [], [], False
        for a, b in zip(starts.tolist(), ends.tolist()):
            name = self._order[segs[a]]
            pick = by_seg[a:b]
            pos = hit[pick]
            rows = self._row[where[pos]]
            seg = self._segs.get(name)
            try:
                if seg is None:
                    raise FileNotFoundError(name)
                pf = pq.ParquetFile(seg.path)
                problem = self._mismatch(pf.schema_arrow, columns)
                if problem:
                    found[pos] = False
                    failed = True
                    self._skip(seg.path, problem)
                    continue
                groups = np.unique(np.searchsorted(seg.bounds, rows, side="right") - 1)
                if len(groups) == len(seg.bounds) - 1:
                    table = pf.read(columns=columns)
                    local = rows
                else:
                    table = pf.read_row_groups(groups.tolist(), columns=columns)
                    group_starts = seg.bounds[groups]
                    sizes = seg.bounds[groups + 1] - group_starts
                    offset_in_read = np.concatenate([[0], np.cumsum(sizes)[:-1]])
                    g_of_row = np.searchsorted(seg.bounds, rows, side="right") - 1
                    local = offset_in_read[np.searchsorted(groups, g_of_row)] + (rows - seg.bounds[g_of_row])
                if len(local) != table.num_rows or not np.array_equal(local, np.arange(len(local))):
                    table = table.take(pa.array(local))
                pieces.append(table)
                positions.append(pos)
            except FileNotFoundError:
                found[pos] = False
                failed = True
                self._segs.pop(name, None)
            except Exception as exc:  # noqa: BLE001
                found[pos] = False
                failed = True
                self._damaged(seg.path, exc)
        if failed:
            self._rebuild()
        if not pieces:
            return found, _empty(self, columns)
        table = pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]
        pos = np.concatenate(positions)
        if len(pos) > 1 and not (pos[1:] > pos[:-1]).all():
            table = table.take(pa.array(np.argsort(pos, kind="stable")))
        return found, table

    # ------------------------------------------------------------------ write

    def write(self, keys, table) -> Path | None:
        """Add results (``table`` rows for ``keys``) as one new segment, atomically.

        ``keys``: 32-byte digests (:func:`text_key`), as a list or an ``(n, 32)`` uint8 array.
        Keys already stored are skipped. Returns the new segment's path (None if nothing new).
        Raises ``OSError`` when the segment cannot be written (:func:`is_disk_full` tells a full disk).
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        from ..io import atomic_path

        words = _key_words(keys)
        if len(words) != table.num_rows:
            raise ValueError(f"{len(words)} keys for {table.num_rows} rows")
        fresh = _first_rows(words) & (self._find(words) < 0)
        if not fresh.any():
            return None
        if not fresh.all():
            table = table.take(pa.array(np.flatnonzero(fresh), type=pa.int64()))
            words = words[fresh]
        words = np.ascontiguousarray(words)
        key_col = pa.FixedSizeBinaryArray.from_buffers(pa.binary(32), len(words), [None, pa.py_buffer(words)])
        table = table.add_column(0, "key", key_col)
        self.prepare()
        path = self.folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex}.parquet"
        with atomic_path(path) as tmp:
            pq.write_table(table, tmp, row_group_size=_ROW_GROUP, compression="zstd")
        sizes = [min(_ROW_GROUP, len(words) - i) for i in range(0, len(words), _ROW_GROUP)]
        self._segs[path.name] = _Segment(path, words, np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))
        self._extend([path.name])
        self._sweep()
        if len(self._segs) > COMPACT_AFTER:
            self._try_compact()
        return path

    def _try_compact(self) -> Path | None:
        """:meth:`compact`, a failure reported as a warning: the segments stay as they were, all readable."""
        try:
            return self.compact()
        except Exception as exc:  # noqa: BLE001 - merging is housekeeping: it never fails a run
            warnings.warn(f"cache: could not merge the segments in {self.folder} ({type(exc).__name__}: "
                          f"{str(exc)[:120]}); they are kept as they are", CacheWarning, stacklevel=3)
            return None

    def tidy(self) -> Path | None:
        """Merge the segments if the folder holds more than :data:`COMPACT_AFTER` of them.

        :meth:`write` merges by the count of the segments this store knows of; a run whose
        worker processes wrote segments (each through a :class:`Store` of its own) calls this after.
        """
        return self._try_compact() if len(_segments(self.folder)) > COMPACT_AFTER else None

    def prepare(self) -> None:
        """Create the folder (and its ``key.json``); raise ``OSError`` if segments cannot be written there.

        A run calls this before scoring (its worker processes write segments too), so that a
        cache that cannot be written fails the run at once.
        """
        import tempfile

        self.folder.mkdir(parents=True, exist_ok=True)
        self._write_key_file()
        tempfile.TemporaryFile(dir=self.folder).close()

    def _write_key_file(self) -> None:
        from ..io import atomic_path

        target = self.folder / "key.json"
        if not target.exists():
            try:
                with atomic_path(target) as tmp:
                    tmp.write_text(json.dumps(self.key, sort_keys=True, indent=1, default=str))
            except OSError:
                pass

    def _sweep(self) -> None:
        """Remove temporary files left by killed runs (only old ones: others may be writing)."""
        now = time.time()
        try:
            for p in self.folder.glob(".*.part"):
                try:
                    if now - p.stat().st_mtime > _STALE_TMP:
                        p.unlink()
                except OSError:
                    pass
        except OSError:
            pass

    def compact(self) -> Path | None:
        """Merge all current segments into one (new file first, then the old ones are removed)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        from ..io import atomic_path

        self.refresh()
        names = list(self._order)
        if len(names) < 2:
            return None
        path = self.folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex}.parquet"
        seen: set[bytes] = set()
        merged: list[str] = []
        try:
            with atomic_path(path) as tmp:
                writer = None
                try:
                    for name in names:
                        seg = self._segs[name]
                        try:
                            table = pq.read_table(seg.path)
                        except FileNotFoundError:
                            continue
                        except Exception as exc:  # noqa: BLE001
                            self._damaged(seg.path, exc)
                            continue
                        keys = _key_bytes(seg.keys)
                        keep = [i for i, k in enumerate(keys) if k not in seen]
                        if writer is not None and table.schema != writer.schema:
                            continue  # written by another version of the code: left as it is
                        seen.update(keys)
                        if len(keep) < table.num_rows:  # (none kept: every key is in an earlier segment)
                            table = table.take(pa.array(keep, type=pa.int64()))
                        if writer is None:
                            writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
                        if table.num_rows:
                            writer.write_table(table, row_group_size=_ROW_GROUP)
                        merged.append(name)
                finally:
                    if writer is not None:
                        writer.close()
                if writer is None:
                    raise _NothingToMerge
        except _NothingToMerge:
            return None
        for name in merged:
            try:
                os.unlink(self.folder / name)
            except OSError:
                pass
        self._segs = {}
        self._rebuild()
        self.refresh()
        return path


class _NothingToMerge(Exception):
    pass


def _empty(store: Store, columns: list[str]):
    import pyarrow as pa

    return pa.table({c: pa.array([], type=pa.null()) for c in columns})
