"""Analyse corpora larger than memory: load, score and write Parquet parts chunk by chunk.

:func:`analyze_files` walks its inputs lazily (files, folders, globs, as
:func:`analysis.load` accepts), loads ``chunk_size`` articles at a time, scores
them (:func:`analysis.analyze_all`, optionally with the result cache) and
writes each chunk's tables as numbered Parquet parts::

    OUT/articles/part-00000.parquet, part-00001.parquet, ...
    OUT/sentences/part-00000.parquet, ...          (when asked for in ``tables``)
    OUT/evidence/..., OUT/actor_sentiment/..., OUT/sanction_events/..., OUT/un_votes/...
    OUT/rejected.parquet                            every rejected input with its reason
    OUT/left_out.parquet                            every article not scored (another language) with its reason
    OUT/summary.json                                the accounting; written last (the run completed)

Read them back with ``pd.read_parquet(OUT / "articles")``. Memory stays
bounded by the chunk size (plus one input file; a CSV, TSV, JSON Lines or Parquet file
larger than :data:`BIG_FILE` is read piece by piece, :func:`analysis.ingest.load.read_pieces`),
not by the corpus size.

Accounting and duplicates hold across chunks as in :func:`analysis.load`:
``inputs_seen == loaded + rejected + duplicates_dropped``, and an exact
duplicate (same normalised text) of an article in an earlier chunk is dropped
(the set of text hashes seen so far is kept: 32 bytes per article).
*Near*-duplicates (``near_duplicate_of``) are flagged across chunks too, as
:func:`analysis.load` flags them on the whole corpus: the band keys of the
articles so far stay in memory (at most 152 bytes per article), their signatures, texts
and ids in files in the run folder, read back only for the candidate pairs that
need them (:class:`analysis.ingest.dedupe.Earlier`), removed at the end.

A run is written aside, into a hidden sibling folder ``.OUT.run-XXXX`` of
``OUT``, and switched into place with renames once complete (the previous
``OUT`` is kept until then, moved to ``.OUT.old-XXXX`` and removed): a reader
of ``OUT`` sees the whole previous run or the whole new one, never a mix. A
run that fails (an exception, or nothing loaded: :class:`NothingLoaded`)
removes its folder and leaves ``OUT`` as it was; the folders a killed run
leaves are removed when the next run into ``OUT`` starts. ``OUT`` must be new,
empty or an earlier output (a folder holding other files is refused, never
deleted). With a ``cache=`` the articles scored by a killed run are not scored
again, so a re-run costs little more than reading the inputs.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections import deque
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import pandas as pd

__all__ = ["analyze_files", "score_chunk", "Parts", "TABLES", "NothingLoaded"]

#: Tables :func:`analyze_files` can write.
TABLES = ("articles", "sentences", "evidence", "actor_sentiment", "sanction_events", "un_votes")
#: A file larger than this (bytes) is read in the streaming process itself, not by a worker
#: (CSV/TSV, JSON Lines and Parquet piece by piece).
BIG_FILE = 64 << 20
_OWN = {*TABLES, "rejected.parquet", "left_out.parquet", "summary.json"}  # what an output folder holds


class NothingLoaded(ValueError):
    """No article could be loaded from ``label``; ``rejected`` lists ``(input, reason)`` pairs.

    The message is one line: the first reason and how many more there are.

    Example
    -------
    >>> str(NothingLoaded("in/", [("in/a.csv", "no text column"), ("in/b.txt", "empty file")]))
    'no articles loaded from in/: in/a.csv: no text column (and 1 more input rejected)'
    """

    def __init__(self, label: str, rejected: Sequence[tuple[str, str]]):
        self.label, self.rejected = label, [(str(i), str(r)) for i, r in rejected]
        if not self.rejected:
            why = "no input files found"
        else:
            more = len(self.rejected) - 1
            why = ": ".join(self.rejected[0]) + (f" (and {more} more input{'s' if more > 1 else ''} rejected)"
                                                   if more else "")
        super().__init__(f"no articles loaded from {label}: {why}")


def analyze_files(
    source: Any,
    out: str | os.PathLike,
    *,
    chunk_size: int = 5000,
    themes: Any = None,
    vader: bool = False,
    n_jobs: int | None = 1,
    cache: Any = None,
    progress: bool | None = None,
    tables: Sequence[str] = ("articles",),
    format: str | None = None,
    columns: Mapping[str, str] | None = None,
    furniture: bool = True,
    languages: Sequence[str] | None = ("en",),
    scheduler: Any = None,
) -> dict:
    """Load and score ``source`` in chunks, writing Parquet parts under ``out``.

    Parameters
    ----------
    source:
        Files, folders (read recursively), glob patterns, or a list of these.
    out:
        Output folder (created); see the module documentation for its layout.
    chunk_size:
        Articles per chunk (and per part file).
    themes, vader:
        As for :func:`analysis.analyze`.
    n_jobs:
        Worker processes for reading and scoring (``-1``: one per core).
    cache:
        Result cache, as for :func:`analysis.analyze`.
    progress:
        Progress bars (notebook-aware); ``None``: on for large inputs, ``False``: off.
    tables:
        Which of :data:`TABLES` to write.
    format, columns:
        As for :func:`analysis.load`.

    Raises
    ------
    NothingLoaded
        No article could be loaded (``out`` is left as it was).
    languages:
        Score only articles detected in these languages (:mod:`analysis.language`;
        articles too short to tell are kept); the others are listed in
        ``OUT/left_out.parquet`` with the reason, counted in ``left_out`` and
        said in ``left_out_note``. ``None``: score every article.
    furniture:
        Remove page furniture as :func:`analysis.load` does, **per chunk**:
        repetition is counted among the chunk's articles of each outlet
        (thresholds relative to the chunk), so an outlet with few articles in a
        chunk gets nothing removed by repetition there (the generic rules still
        apply). Counting over the whole corpus would need a second pass over
        the inputs; a large ``chunk_size`` gets close to it.
    scheduler:
        Score on a Dask cluster (:class:`analysis.distributed.cluster`: an
        address, ``"local"`` or a ``Client``) instead of local processes:
        this process reads the inputs and cuts the same chunks as a local run,
        each chunk is scored as one task on a worker (a few chunks per worker
        in flight, so memory stays bounded), and the parts are written here in
        order, so the output equals a local run's. Workers need the package,
        not the input files; a ``cache`` folder must be one they can reach.

    Returns
    -------
    dict
        ``inputs_seen``, ``loaded``, ``rejected``, ``duplicates_dropped``,
        ``parts`` (number of chunks written), ``rows`` (per table),
        ``chunk_size``, ``near_duplicates`` (``"across chunks"``), ``left_out``
        (loaded but not scored: another language), ``scored``, ``left_out_note``
        and ``out``.

    Example
    -------
    >>> import tempfile, pathlib
    >>> src = pathlib.Path(tempfile.mkdtemp())
    >>> for i, body in enumerate(["Oil prices rose in Moscow.", "The UN met.", "Oil prices rose in Moscow."]):
    ...     _ = (src / f"{i}.txt").write_text(body)
    >>> summary = analyze_files(src, src / "out", progress=False)
    >>> summary["loaded"], summary["duplicates_dropped"], summary["parts"]
    (2, 1, 1)
    >>> pd.read_parquet(src / "out" / "articles")["energy"].tolist()
    [True, False]
    """
    import importlib

    load_mod = importlib.import_module("..ingest.load", __package__)  # the module (the package exports the function)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    tables = tuple(dict.fromkeys(tables))
    unknown = [t for t in tables if t not in TABLES]
    if unknown or not tables:
        raise ValueError(f"tables must be some of {TABLES}, not {list(tables)}")
    if format is not None and format not in load_mod.FORMATS:
        raise ValueError(f"format must be one of {load_mod.FORMATS}, not {format!r}")
    from .cache import resolve

    cache = resolve(cache) or False  # one Cache for all chunks: its index is then read incrementally
    final = Path(out)
    _check_out(final)
    _clean_leftovers(final, ("run", "old"))
    out = _aside(final, "run")
    try:
        summary = _run(source, out, final, load_mod, chunk_size=chunk_size, themes=themes, vader=vader,
                       n_jobs=n_jobs, cache=cache, progress=progress, tables=tables, format=format,
                       columns=columns, furniture=furniture, languages=languages, scheduler=scheduler)
        _switch(out, final)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    return summary


def _check_out(final: Path) -> None:
    """Refuse an output folder that holds anything but an earlier output (it would be replaced whole)."""
    if final.is_dir():
        other = sorted(p.name for p in final.iterdir() if p.name not in _OWN and not p.name.startswith("."))
        if other:
            raise ValueError(f"{final} holds other files ({', '.join(other[:3])}{', ...' if len(other) > 3 else ''}):"
                             " give a new or empty folder, or an earlier output of analyze_files, to replace")
    elif final.exists():
        raise ValueError(f"{final} is a file, not a folder: give a folder for the Parquet parts")


def _aside(final: Path, kind: str) -> Path:
    """A fresh hidden sibling folder ``.FINAL.KIND-XXXX`` of ``final`` (a rename from it to ``final`` is atomic).

    It gets ``final``'s permissions, or those of a new folder when there is no ``final``.
    """
    parent = final.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{final.name}.{kind}-", dir=parent))
    if final.is_dir():
        shutil.copymode(final, folder)
    else:
        mask = os.umask(0o22)
        os.umask(mask)
        folder.chmod(0o777 & ~mask)
    return folder


def _clean_leftovers(final: Path, kinds: Sequence[str], *, keep: Path | None = None) -> None:
    """Remove the ``.FINAL.KIND-XXXX`` folders (but ``keep``) a killed run into ``final`` left beside it."""
    import glob

    pattern = re.compile(rf"\.{re.escape(final.name)}\.({'|'.join(map(re.escape, kinds))})-\w+")
    for p in final.absolute().parent.glob(f".{glob.escape(final.name)}.*-*"):
        if p.is_dir() and not p.is_symlink() and pattern.fullmatch(p.name) and p != keep:
            shutil.rmtree(p, ignore_errors=True)


def _switch(new: Path, final: Path) -> None:
    """Put the complete folder ``new`` in the place of ``final`` with renames (the old one kept until then).

    ``final`` moves into a ``.FINAL.old-XXXX`` folder (``os.replace`` cannot put a folder over a non-empty
    one), ``new`` takes its name, and the old one is removed. ``final`` is absent only between the two renames.
    """
    old = None
    if final.exists() or final.is_symlink():
        old = _aside(final, "old")
        os.replace(final, old / final.name)
    os.replace(new, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _run(source: Any, out: Path, final: Path, load_mod, *, chunk_size: int, themes: Any, vader: bool,
         n_jobs: int | None, cache: Any, progress: bool | None, tables: tuple[str, ...], format: str | None,
         columns: Mapping[str, str] | None, furniture: bool, languages: Sequence[str] | None,
         scheduler: Any = None) -> dict:
    """One run of :func:`analyze_files` written into the fresh folder ``out`` (to become ``final``)."""
    from tqdm.auto import tqdm

    from ..ingest.dedupe import Earlier
    from ..score.analyze import _n_workers
    from ..io import write_parquet

    workers = _n_workers(n_jobs)

    seen: set[bytes] = set()
    left_out: list[pd.DataFrame] = []
    rejected: list[tuple[str, str]] = []
    counts = {"seen": 0, "loaded": 0, "duplicates_dropped": 0}
    buffer: deque = deque()
    show = progress is not False
    bar = tqdm(desc="analyze files", unit="article", disable=not show, leave=True)

    def flush(kept: list[dict]) -> None:
        # as analysis.load does; furniture and language here, while worker processes score the chunks before (Parts)
        articles, late, n_dupes = load_mod._articles(load_mod._Batch(records=kept), furniture=furniture,
                                                     earlier=earlier)
        rejected.extend(late.itertuples(index=False, name=None))  # what assembling refused (none today)
        counts["duplicates_dropped"] += n_dupes
        counts["loaded"] += len(articles)
        if languages is not None and len(articles):
            from ..ingest.language import keep_languages

            articles, dropped = keep_languages(articles, languages, keep_unknown=True)
            left_out.append(dropped)
        parts.add(articles)
        bar.update(len(articles))

    parts = Parts(out, tables=tables, scheduler=scheduler, themes=themes, vader=vader, n_jobs=n_jobs,
                  progress=progress, cache=cache)
    earlier = Earlier(out / ".near-duplicates")  # the chunks so far: their texts' signatures, texts and ids
    try:
        for batch in _batches(load_mod, source, format, columns, workers,
                              prepare_jobs=1 if parts.scores_in_workers else workers):
            rejected.extend(batch.rejected)
            counts["seen"] += batch.seen
            for rec in batch.records:
                if rec["_exact"] in seen:  # an exact duplicate of an article met before, in any chunk
                    counts["duplicates_dropped"] += 1
                else:
                    seen.add(rec["_exact"])
                    buffer.append(rec)
            while len(buffer) >= chunk_size:
                flush([buffer.popleft() for _ in range(chunk_size)])
        if buffer:
            flush(list(buffer))
            buffer.clear()
        parts.close()
    finally:
        earlier.close()
        parts.cancel()
        bar.close()
    part, rows = parts.written, parts.rows

    if counts["loaded"] == 0:
        label = ", ".join(map(str, source)) if isinstance(source, (list, tuple)) else str(source)
        raise NothingLoaded(label, rejected)
    rejected_df = pd.DataFrame(rejected, columns=["input", "reason"]).astype("string")
    write_parquet(rejected_df, out / "rejected.parquet")
    from ..ingest.language import left_out_note

    dropped = (pd.concat(left_out, ignore_index=True) if left_out
               else pd.DataFrame({"article_id": [], "language": [], "reason": []}).astype("string"))
    write_parquet(dropped.reset_index(drop=True), out / "left_out.parquet")
    summary = {
        "inputs_seen": counts["seen"],  # counted where read, so the identity below is a real check
        "loaded": counts["loaded"],
        "rejected": len(rejected),
        "duplicates_dropped": counts["duplicates_dropped"],
        "parts": part,
        "rows": rows,
        "chunk_size": chunk_size,
        "near_duplicates": "across chunks",
        "left_out": len(dropped),  # loaded, not scored: another language
        "scored": counts["loaded"] - len(dropped),
        "left_out_note": left_out_note(dropped),
        "out": str(final),
    }
    load_mod._check_accounts(summary)  # LoadAccountingError if an input was lost silently
    (out / "summary.json").write_text(json.dumps(summary, indent=1))  # in the run folder: switched whole
    return summary


class Parts:
    """Score chunks of loaded articles and write each chunk's tables as the next numbered Parquet part.

    Chunks are scored on this machine (``scheduler=None``) or as tasks on a
    Dask cluster (:class:`analysis.distributed.cluster`), a few per worker in
    flight; either way the parts are written in the order the chunks were
    added, so the output does not depend on where it was scored. On this
    machine with ``n_jobs`` processes, each chunk but the last is scored whole
    by one of ``n_jobs`` worker processes while this one loads the next (up to
    ``n_jobs`` chunks in flight); the last (or only) one is scored on every
    core, or by an idle worker while the others are busy. With ``n_jobs=1``
    every chunk is scored here as it comes.

    Example
    -------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> parts = Parts(out, tables=("articles",))
    >>> parts.add(pd.DataFrame({"article_id": ["a", "b"], "text": ["Oil prices fell.", "The UN met."]}))
    >>> parts.close()
    >>> parts.written, parts.rows, sorted(p.name for p in (out / "articles").iterdir())
    (1, {'articles': 2}, ['part-00000.parquet'])
    """

    def __init__(self, out: str | os.PathLike, *, tables: Sequence[str] = TABLES, scheduler: Any = None,
                 themes: Any = None, vader: bool = False, n_jobs: int | None = 1, progress: bool | None = False,
                 cache: Any = None):
        from .cache import resolve

        self.out, self.tables = Path(out), tuple(tables)
        self.written, self.rows = 0, dict.fromkeys(self.tables, 0)
        self._kw = {"tables": self.tables, "themes": themes, "vader": vader}
        self._cache = resolve(cache) or False
        self._local = {"n_jobs": n_jobs, "progress": progress}
        self._pending: deque = deque()
        self._stack = contextlib.ExitStack()
        self._client, self._in_flight = None, 0
        self._pool, self._held = None, None  # worker processes scoring whole chunks; the chunk not yet sent
        self._workers = 1
        if scheduler is None:
            from ..score.analyze import _n_workers

            self._workers = _n_workers(n_jobs)
            if self._workers > 1:
                from .distributed import _lexicon

                self._kw["themes"] = _lexicon(themes)  # read and checked once, not by each worker
                self._in_flight = self._workers
                self._start_pool()
        else:
            from .distributed import _lexicon, cluster

            self._kw["themes"] = _lexicon(themes)  # read and checked here: workers need not see the file
            self._client = self._stack.enter_context(cluster(scheduler))
            self._in_flight = 2 * max(1, sum(self._client.nthreads().values()))

    def add(self, articles: pd.DataFrame) -> None:
        """Score ``articles`` (now, or as a task) and write the parts that are done, in order."""
        if self._client is not None:
            result = self._client.submit(score_chunk, articles, **self._kw, cache=self._root(), pure=False)
        elif self._workers > 1:  # held until the next chunk comes: the last one is scored apart (close)
            articles, self._held = self._held, articles
            if articles is None:
                return
            result = self._submit(articles)
        else:
            result = score_chunk(articles, **self._kw, **self._local, cache=self._cache)
        self._pending.append((articles.iloc[:1], result))
        while len(self._pending) > self._in_flight:
            self._write(*self._pending.popleft())

    def close(self) -> None:
        """Score the chunk held back, write every chunk still being scored; release the workers or cluster."""
        if self._held is not None:
            last, self._held = self._held, None
            if 0 < len(self._pending) < self._workers:  # a worker is idle: it scores the last chunk beside the others
                self._pending.append((last.iloc[:1], self._submit(last)))
            else:  # the only chunk, or every worker busy: (once they are done) the last chunk on every core
                while self._pending:
                    self._write(*self._pending.popleft())
                self._stop_pool()
                release_memory()  # scoring forks workers: each would map what this process holds
                self._pending.append((last.iloc[:1], score_chunk(last, **self._kw, **self._local,
                                                                 cache=self._cache)))
        while self._pending:
            self._write(*self._pending.popleft())
        self._stop_pool()
        self._stack.close()

    def cancel(self) -> None:
        """After an error: cancel the tasks still running, write nothing more, release the workers or cluster."""
        self._held = None
        for _, result in self._pending:
            if hasattr(result, "cancel"):
                result.cancel()
        self._pending.clear()
        self._stop_pool()
        self._stack.close()

    @property
    def scores_in_workers(self) -> bool:
        """Whether chunks are scored by worker processes on this machine while this one loads."""
        return self._pool is not None

    def _root(self) -> str | bool:
        return str(self._cache.root) if self._cache else False

    def _start_pool(self) -> None:
        """Fork the worker processes now, while this process holds nothing loaded yet: a forked
        worker's resident size starts as its parent's (fork, not spawn: a user's script without a
        ``__main__`` guard is not run again)."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context())
        self._pool.submit(int).result()  # with fork, the first task starts every worker

    def _submit(self, articles: pd.DataFrame) -> Any:
        """``score_chunk`` of ``articles`` in one of the worker processes."""
        return self._pool.submit(score_chunk, articles, **self._kw, cache=self._root())

    def _stop_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _write(self, head: pd.DataFrame, result: Any) -> None:
        from ..io import write_parquet

        if hasattr(result, "result"):  # a future: of a worker process or of the cluster
            result = result.result()
        for name in self.tables:
            write_parquet(result[name], self.out / name / f"part-{self.written:05d}.parquet",
                          schema=_schema(name, head))
            self.rows[name] += len(result[name])
        self.written += 1


def release_memory() -> None:
    """Give memory this process has freed back to the system (Python objects, Arrow buffers, the C heap).

    Called before worker processes are forked: a forked worker's resident size starts as its
    parent's, so freed memory still held by the allocators would count once more per worker.

    Example
    -------
    >>> release_memory()
    """
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):
        pass
    libc = ctypes.util.find_library("c")
    if libc:
        try:
            ctypes.CDLL(libc).malloc_trim(0)  # glibc only
        except (OSError, AttributeError):
            pass


def score_chunk(articles: pd.DataFrame, *, tables: Sequence[str] = TABLES, themes: Any = None, vader: bool = False,
                n_jobs: int | None = 1, progress: bool | None = False, cache: Any = None) -> dict[str, pd.DataFrame]:
    """The ``tables`` of one chunk of loaded articles, by name (what :func:`analyze_files` writes as a part).

    Example
    -------
    >>> out = score_chunk(pd.DataFrame({"article_id": ["a"], "text": ["Oil prices fell."]}),
    ...                   tables=("articles", "evidence"))
    >>> sorted(out), out["evidence"]["term"].tolist()
    (['articles', 'evidence'], ['oil prices'])
    """
    from ..score.analyze import analyze, analyze_all

    if tuple(tables) == ("articles",):
        return {"articles": analyze(articles, themes=themes, vader=vader, n_jobs=n_jobs, progress=progress,
                                    cache=cache)}
    result = analyze_all(articles, themes=themes, vader=vader, n_jobs=n_jobs, progress=progress,
                         cache=cache)._asdict()
    return {name: result[name] for name in tables}


def _schema(table: str, articles: pd.DataFrame) -> Any:
    """A fixed schema for tables whose parts may have no rows (the event tables); None: pandas decides."""
    if table not in ("sanction_events", "un_votes"):
        return None
    import pyarrow as pa

    from ..score.events import arrow_schema

    ids = pa.array(articles["article_id"].iloc[:1]).type if len(articles) else pa.string()
    return arrow_schema(table, ids)


def _batches(load_mod, source: Any, format, columns, workers: int, *, prepare_jobs: int | None = None) -> Iterator:
    """Prepared batches (records + rejected) per input, in input order, reading ahead a bounded amount.

    A big table file is read here piece by piece and each piece prepared in ``prepare_jobs``
    processes (default ``workers``; 1 when worker processes are scoring meanwhile: more would
    only compete for the same cores, each a copy of this process); a big web archive's pages are
    extracted in ``workers`` processes (extraction is most of its cost)."""
    prepare_jobs = workers if prepare_jobs is None else prepare_jobs
    items = load_mod._expand(source)
    if workers <= 1:
        for item in items:
            if isinstance(item, Path) and _size_of(item) > BIG_FILE:
                yield from load_mod.read_pieces(item, format, columns)
            else:
                yield _one(load_mod, item, format, columns)
        return
    from concurrent.futures import ProcessPoolExecutor

    window = workers * 4  # files read ahead: bounds memory by file size, not corpus size
    pending: deque = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for item in items:
            if isinstance(item, Path) and _size_of(item) > BIG_FILE:
                while pending:  # keep the input order
                    yield _result(pending.popleft())
                # read here piece by piece: a worker would hold it and send a copy back
                web = load_mod._web_archive(item, format)
                yield from load_mod.read_pieces(item, format, columns, n_jobs=workers if web else prepare_jobs)
            elif isinstance(item, Path):
                pending.append(pool.submit(load_mod._read_one, (item, format, columns)))
            else:
                pending.append(_one(load_mod, item, format, columns))
            while len(pending) >= window:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader says what is wrong with it


def _result(entry):
    return entry.result() if hasattr(entry, "result") else entry


def _one(load_mod, item, format, columns):
    if isinstance(item, pd.DataFrame):
        batch = load_mod._Batch(seen=len(item))  # one input per row, as analysis.load counts them
        load_mod._read_table(item, "DataFrame", columns, batch)
        return load_mod._prepare(batch)
    if isinstance(item, Path):
        return load_mod._read_one((item, format, columns))
    return load_mod._Batch(rejected=[(item.origin, item.reason)], seen=1)
