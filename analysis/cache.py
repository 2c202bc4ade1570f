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
cannot be read (truncated, damaged) is reported with a warning, set aside as
``*.damaged`` and its articles are scored again. Segments are merged once
there are more than :data:`COMPACT_AFTER` of them.

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

__all__ = ["Cache", "Store", "resolve", "text_key", "gazetteer_sha256", "CacheWarning", "ENV", "COMPACT_AFTER"]

#: Environment variable naming the cache folder used when ``cache=None``.
ENV = "NEWS_ANALYSIS_CACHE"
#: Merge a kind's segments once it has more than this many.
COMPACT_AFTER = 32
_LAYOUT = "v1"
_ROW_GROUP = 2048
_STALE_TMP = 6 * 3600  # seconds: temporary files older than this are left-overs of killed runs


class CacheWarning(UserWarning):
    """A cache segment could not be read; its articles are scored again."""


def text_key(text: str) -> bytes:
    """SHA-256 digest (32 bytes) of ``text`` as UTF-8: the cache key of a text.

    Example
    -------
    >>> text_key("abc").hex()[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


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
    >>> from analysis.actors import load_gazetteer
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
        from .datasets import data_dir

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

    def store(self, kind: str, key: Mapping[str, Any]) -> Store:
        """The store for results of ``kind`` computed under ``key`` (JSON-able mapping)."""
        blob = json.dumps(dict(key), sort_keys=True, default=str)
        name = f"{kind}-{hashlib.sha256(blob.encode('utf-8')).hexdigest()[:16]}"
        if name not in self._stores:
            self._stores[name] = Store(self.root / _LAYOUT / name, dict(key, kind=kind))
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
    keys: list[bytes]
    bounds: np.ndarray  # first row of each row group, plus the total


class Store:
    """The segments of one kind and key: look up, read and add results by text hash."""

    def __init__(self, folder: Path, key: dict):
        self.folder = Path(folder)
        self.key = key
        self._segs: dict[str, _Segment] = {}
        self._index: dict[bytes, tuple[str, int]] = {}
        self._order: list[str] = []

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
            if name in self._segs:
                continue
            try:
                pf = pq.ParquetFile(path)
                md = pf.metadata
                sizes = [md.row_group(i).num_rows for i in range(md.num_row_groups)]
                keys = pf.read(columns=["key"])["key"].to_pylist()
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
        self._index = {}
        self._order = []
        self._extend(sorted(self._segs))

    def _extend(self, names: list[str]) -> None:
        for name in sorted(names):
            if name not in self._segs:
                continue
            self._order.append(name)
            index = self._index
            for row, k in enumerate(self._segs[name].keys):
                if k not in index:
                    index[k] = (name, row)

    def __len__(self) -> int:
        return len(self._index)

    def _damaged(self, path: Path, exc: BaseException) -> None:
        warnings.warn(f"cache segment {path} is damaged and is ignored; its articles are scored again "
                      f"({type(exc).__name__}: {str(exc)[:120]})", CacheWarning, stacklevel=4)
        try:
            os.replace(path, path.with_name(path.name + ".damaged"))
        except OSError:
            pass
        self._segs.pop(path.name, None)

    # ------------------------------------------------------------------ read

    def contains(self, keys: list[bytes]) -> np.ndarray:
        """Boolean mask: which of ``keys`` are stored (after :meth:`refresh`)."""
        index = self._index
        return np.fromiter((k in index for k in keys), dtype=bool, count=len(keys))

    def read(self, keys: list[bytes], columns: list[str], *, refresh: bool = True):
        """Stored results for ``keys``.

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
        index = self._index
        where = [index.get(k) for k in keys]
        found = np.fromiter((w is not None for w in where), dtype=bool, count=len(keys))
        by_seg: dict[str, list[tuple[int, int]]] = {}
        for pos, w in enumerate(where):
            if w is not None:
                by_seg.setdefault(w[0], []).append((w[1], pos))
        pieces, positions = [], []
        for name, pairs in by_seg.items():
            seg = self._segs.get(name)
            rows = np.fromiter((r for r, _ in pairs), dtype=np.int64, count=len(pairs))
            pos = np.fromiter((p for _, p in pairs), dtype=np.int64, count=len(pairs))
            try:
                if seg is None:
                    raise FileNotFoundError(name)
                pf = pq.ParquetFile(seg.path)
                groups = np.unique(np.searchsorted(seg.bounds, rows, side="right") - 1)
                if len(groups) == len(seg.bounds) - 1:
                    table = pf.read(columns=columns)
                    local = rows
                else:
                    table = pf.read_row_groups(groups.tolist(), columns=columns)
                    starts = seg.bounds[groups]
                    sizes = seg.bounds[groups + 1] - starts
                    offset_in_read = np.concatenate([[0], np.cumsum(sizes)[:-1]])
                    g_of_row = np.searchsorted(seg.bounds, rows, side="right") - 1
                    local = offset_in_read[np.searchsorted(groups, g_of_row)] + (rows - seg.bounds[g_of_row])
                pieces.append(table.take(pa.array(local)))
                positions.append(pos)
            except FileNotFoundError:
                found[pos] = False
                self._segs.pop(name, None)
            except Exception as exc:  # noqa: BLE001
                found[pos] = False
                self._damaged(seg.path, exc)
        if len(by_seg) and len(pieces) < len(by_seg):
            self._rebuild()
        if not pieces:
            return found, _empty(self, columns)
        table = pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]
        pos = np.concatenate(positions)
        return found, table.take(pa.array(np.argsort(pos, kind="stable")))

    # ------------------------------------------------------------------ write

    def write(self, keys: list[bytes], table) -> Path | None:
        """Add results (``table`` rows for ``keys``) as one new segment, atomically.

        Keys already stored are skipped. Returns the new segment's path (None if nothing new).
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        from .io import atomic_path

        if len(keys) != table.num_rows:
            raise ValueError(f"{len(keys)} keys for {table.num_rows} rows")
        fresh, seen = [], set()
        for i, k in enumerate(keys):
            if k not in self._index and k not in seen:
                seen.add(k)
                fresh.append(i)
        if not fresh:
            return None
        if len(fresh) < len(keys):
            table = table.take(pa.array(fresh, type=pa.int64()))
            keys = [keys[i] for i in fresh]
        table = table.add_column(0, "key", pa.array(keys, type=pa.binary(32)))
        self.prepare()
        path = self.folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex}.parquet"
        with atomic_path(path) as tmp:
            pq.write_table(table, tmp, row_group_size=_ROW_GROUP, compression="zstd")
        sizes = [min(_ROW_GROUP, len(keys) - i) for i in range(0, len(keys), _ROW_GROUP)]
        self._segs[path.name] = _Segment(path, list(keys), np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64))
        self._extend([path.name])
        self._sweep()
        if len(self._segs) > COMPACT_AFTER:
            self.compact()
        return path

    def tidy(self) -> Path | None:
        """Merge the segments if the folder holds more than :data:`COMPACT_AFTER` of them.

        :meth:`write` merges by the count of the segments this store knows of; a run whose
        worker processes wrote segments (each through a :class:`Store` of its own) calls this after.
        """
        return self.compact() if len(_segments(self.folder)) > COMPACT_AFTER else None

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
        from .io import atomic_path

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
        import pyarrow.parquet as pq

        from .io import atomic_path

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
                        keep = [i for i, k in enumerate(seg.keys) if k not in seen]
                        seen.update(seg.keys)
                        if len(keep) < table.num_rows:
                            table = table.take(keep)
                        if writer is None:
                            writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
                        elif table.schema != writer.schema:
                            continue  # written by another version of the code: left as it is
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
        self._order = []
        self._index = {}
        self.refresh()
        return path


class _NothingToMerge(Exception):
    pass


def _empty(store: Store, columns: list[str]):
    import pyarrow as pa

    return pa.table({c: pa.array([], type=pa.null()) for c in columns})
