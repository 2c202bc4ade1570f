"""Load any collection of news articles into one tidy DataFrame.

:func:`load` takes files, folders, globs, lists of them or a DataFrame and
returns one row per article in the schema of :mod:`analysis.schema`. Every
input is accounted for: it is loaded, dropped as an exact duplicate, or listed
as rejected with its reason, and ``attrs["load_report"]`` holds the counts::

    inputs_seen == loaded + rejected + duplicates_dropped

``inputs_seen`` is counted where inputs are read (files, archive members, table
rows, lines, feed items, web-archive records), apart from what becomes of them;
if the identity ever fails (an input lost silently: a bug), :func:`load` raises
:class:`LoadAccountingError` naming the counts instead of returning.

An *input* is one record: a raw page or HTML file, one row of a table, one line
of a JSON Lines file, one record of a WARC or ARC web archive (see
:mod:`analysis.warc`: records that are not HTML pages are rejected with a reason
starting ``skipped:``); a whole file counts as one input when it is rejected as a
whole (binary, malformed, no text column, ...).

Hostile input is survived, never obeyed: nothing is extracted to disk, special
files (FIFOs, devices, sockets) are rejected without being opened for reading,
symbolic-link loops are walked once, and these module-level limits (change them
by assignment, e.g. ``analysis.ingest.load.MAX_TEXT_BYTES = 50 << 20``) bound the
memory one input can take; an input over a limit is rejected with a reason that
names the limit:

=====================  =========  =================================================
limit                  default    applies to
=====================  =========  =================================================
``MAX_FILE_BYTES``     2 GiB      one file on disk (checked before reading it)
``MAX_MEMBER_BYTES``   1 GiB      one archive member or gzip/bzip2 stream, decompressed
``MAX_ARCHIVE_BYTES``  2 GiB      everything decompressed from one file, nested archives included
``MAX_ARCHIVE_DEPTH``  4          archives inside archives (a zip in a zip is depth 2)
``MAX_TEXT_BYTES``     8 MiB      one article: a raw/HTML page, or one table cell of text
``MAX_TABLE_ROWS``     1,000,000  rows (lines, items) of one table input or feed; CSV is read
                                  in chunks, so a decompressed table of tiny rows stops here
``MAX_LINE_BYTES``     16 MiB     one JSON Lines line (that line is rejected, the rest kept)
``MAX_RECORD_KEYS``    1,000      keys of one JSON object (that record is rejected)
=====================  =========  =================================================

Bad parts of a table cost those parts only: a ragged CSV row, a line opening a
quote that never closes (``file:line N``, "unterminated quote"), a repeated
header row (files concatenated with their headers), a malformed or oversized
JSON line are each rejected with their reason; BOMs inside a file are removed.
Files are opened without blocking and checked again once open, so a FIFO or
device swapped in after the folder was listed is rejected, never waited on.
Symbolic links met while walking a folder are followed only while they stay
inside that folder (``follow_links=True`` follows all); a path named directly,
or matched by a glob, is read wherever it leads. See :func:`input_files`.

Known layouts: RSS/Atom feeds (one article per item, see :mod:`analysis.feeds`);
NewsAPI JSON (``source.name`` is the source, ``publishedAt`` the date, the text
is ``content`` without NewsAPI's "[+N chars]" mark, else ``description``, and
column ``note`` says the text is truncated); news-please JSON; GDELT DOC, GKG and
Events exports are rejected with a reason saying they carry no article text.

WARC and ARC files stream record by record, one page in memory at a time: only
``MAX_TEXT_BYTES`` applies to them (per page), not the file and archive limits.

Dates outside what ``datetime64[ns]`` can hold (before 1677 or after 2262)
become NaT, like unparseable ones.
"""

from __future__ import annotations

import bz2
import contextlib
import csv
import glob as globmod
import gzip
import io
import itertools
from collections import Counter
import json
import os
import re
import stat
import time
import warnings
import zipfile
from zlib import error as zlib_error
from datetime import date as _date
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple
from urllib.parse import urlsplit

import pandas as pd

from .clean import clean_text
from .dedupe import fingerprints, near_duplicates
from ..schema import COLUMNS, as_strings, conform, empty_articles, make_article_id

__all__ = ["load", "input_files", "LoadError", "LoadAccountingError", "FORMATS", "MAX_TABLE_ROWS",
           "MAX_LINE_BYTES", "MAX_RECORD_KEYS", "decode", "ALIASES", "MAX_FILE_BYTES", "MAX_MEMBER_BYTES",
           "MAX_ARCHIVE_BYTES", "MAX_ARCHIVE_DEPTH", "MAX_TEXT_BYTES"]

FORMATS = ("raw", "html", "csv", "tsv", "json", "jsonl", "parquet", "zip", "gzip", "warc", "arc", "feed")

#: Recognised column names of table inputs, per schema column (compared case-insensitively,
#: with spaces and dashes read as underscores).
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "head", "name"),
    "text": ("text", "body", "content", "maintext", "main_text", "article", "article_text",
             "article_body", "articlebody", "story", "full_text", "fulltext", "description"),
    "published": ("published", "date", "publish_date", "published_at", "publishdate", "pubdate",
                  "pub_date", "date_publish", "publication_date", "datetime", "timestamp", "time",
                  "created_at", "date_published", "datepublished"),
    "url": ("url", "link", "article_source_link", "source_url", "href", "article_url", "permalink", "uri"),
    "source": ("source", "outlet", "publisher", "source_name", "site", "site_name", "sitename",
               "publication", "newspaper", "media"),
    "authors": ("authors", "author", "byline", "by", "writer", "writers"),
    "dateline": ("dateline",),
    "source_id": ("source_id", "id", "article_id", "doc_id", "docid", "uuid", "guid", "key"),
}

#: A file larger than this is rejected before it is read.
MAX_FILE_BYTES = 2 << 30
#: An archive member (or a gzip/bzip2 stream) decompressing to more than this is rejected.
MAX_MEMBER_BYTES = 1 << 30
#: Everything decompressed from one input file (nested archives included) is capped at this.
MAX_ARCHIVE_BYTES = 2 << 30
#: Archives nested deeper than this (a zip in a zip is depth 2) are rejected.
MAX_ARCHIVE_DEPTH = 4
#: One article's text (a raw or HTML page, or one table cell) larger than this is rejected.
MAX_TEXT_BYTES = 8 << 20
#: A table input (a CSV/TSV, JSON or JSON Lines file, Parquet file or archive member) with more rows
#: (lines, items) than this is rejected as a whole; CSV is read in chunks, so no more is ever held.
MAX_TABLE_ROWS = 1_000_000
#: One JSON Lines line (or JSON list item) longer than this is rejected (that line only).
MAX_LINE_BYTES = 16 << 20
#: One JSON object with more keys than this is rejected (each key would become a column).
MAX_RECORD_KEYS = 1000
_EXT = {
    ".txt": "raw", ".text": "raw", ".md": "raw", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet", ".zip": "zip", ".gz": "gzip", ".gzip": "gzip",
    ".bz2": "bz2", ".warc": "warc", ".arc": "arc", ".rss": "feed", ".atom": "feed",
}


class LoadError(ValueError):
    """Raised by ``load(..., strict=True)`` when any input is rejected; lists them all."""

    def __init__(self, rejected: pd.DataFrame):
        self.rejected = rejected
        lines = [f"  {r.input}: {r.reason}" for r in rejected.itertuples()]
        super().__init__(f"{len(rejected)} input(s) rejected:\n" + "\n".join(lines))


class _Reject(Exception):
    """One input cannot be loaded; the message is the reason."""


@dataclass
class _Batch:
    records: list[dict] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    #: inputs counted where they are read (files, archive members, table rows, lines, records),
    #: independently of what became of them; see :func:`_check_accounts`
    seen: int = 0


class LoadAccountingError(RuntimeError):
    """Internal error: the inputs counted where they were read do not match those loaded,
    rejected and dropped as duplicates (one was lost silently). Never expected: report it."""


def _check_accounts(report: dict) -> None:
    """Raise :class:`LoadAccountingError` naming the counts unless every input counted where it
    was read is loaded, rejected or dropped as a duplicate."""
    accounted = report["loaded"] + report["rejected"] + report["duplicates_dropped"]
    if report["inputs_seen"] != accounted:
        raise LoadAccountingError(
            f"internal error: load accounting does not balance: {report['inputs_seen']} input(s) read but "
            f"{report['loaded']} loaded + {report['rejected']} rejected + {report['duplicates_dropped']} "
            f"duplicate(s) dropped = {accounted}; an input was lost silently (please report this)")


# --------------------------------------------------------------------------- entry point


def load(
    source: Any,
    *,
    format: str | None = None,
    columns: Mapping[str, str] | None = None,
    strict: bool = False,
    return_rejected: bool = False,
    furniture: bool = True,
    n_jobs: int | None = None,
    follow_links: bool = False,
):
    """Load news articles from files, folders, globs, lists of them, or a DataFrame.

    Parameters
    ----------
    source:
        A path (file or folder, read recursively), a glob pattern, a list of
        these, or a DataFrame with a text column to normalise.
    format:
        Force one of :data:`FORMATS` for every file; by default each file's
        format is detected from its content and extension. Gzip, bzip2 and zip
        wrappers are always detected.
    columns:
        For table inputs, which input column plays which schema role, e.g.
        ``{"text": "story", "published": "date_utc"}``. Overrides :data:`ALIASES`.
    strict:
        Raise :class:`LoadError` listing every rejected input instead of warning.
    return_rejected:
        Return ``(articles, rejected)``, ``rejected`` having columns ``input`` and ``reason``.
    furniture:
        Remove page furniture (repeated disclaimers, promotions, share bars,
        credits, datelines) from ``text`` with :func:`analysis.furniture.strip`
        (defaults; per ``source``); the pieces go to ``furniture``/``n_furniture``,
        a removed dateline to an empty ``dateline``. ``False``: keep the text as read.
    n_jobs:
        Processes to use: ``None`` (default) all cores when the input is large
        (at least 400 files, a CSV or TSV file of :data:`PIECED_FROM` bytes,
        which is parsed in pieces, 5,000 records for the cleaning and hashing,
        or 5,000 articles of two or more sources for the furniture and the
        language), else one; ``1`` one process; ``-1`` all cores; ``k`` at most
        ``k``. The result is the same whatever the number.
    follow_links:
        Follow symbolic links that lead out of a folder being read. By default such links
        are rejected with a reason saying so (links that stay inside the folder, to files
        or sub-folders, are always followed); see :func:`input_files`.

    Returns
    -------
    pandas.DataFrame
        One row per article, columns as documented in :mod:`analysis.schema`.
        ``attrs["load_report"]`` has ``inputs_seen``, ``loaded``, ``rejected``
        and ``duplicates_dropped``.

    Raises
    ------
    FileNotFoundError
        A named path does not exist (or a glob matches nothing).

    Example
    -------
    >>> import pandas as pd
    >>> df = load(pd.DataFrame({"headline": ["Talks resume"], "body": ["Envoys met again."]}))
    >>> df[["title", "text", "n_words"]].values.tolist()
    [['Talks resume', 'Envoys met again.', 3]]
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    if columns is not None:
        unknown = [k for k in columns if k not in COLUMNS]
        if unknown:
            raise ValueError(f"columns= keys must be schema columns {list(COLUMNS)}; unknown: {unknown}")
    jobs = _jobs(n_jobs)
    batch = _Batch()
    items = list(_expand(source, follow_links=follow_links))
    files = [i for i in items if isinstance(i, Path)]
    workers = _workers(len(files), jobs)
    if workers > 1:
        read = _parallel_reader(files, format, columns, workers)
    for part in _parts(items, format, columns, jobs, read if workers > 1 else None):
        batch.records.extend(part.records)
        batch.rejected.extend(part.rejected)
        batch.seen += part.seen
    _use_linked_pages(batch.records)
    articles, rejected, n_dupes = _articles(batch, furniture=furniture, n_jobs=jobs)
    report = {
        "inputs_seen": batch.seen,
        "loaded": len(articles),
        "rejected": len(rejected),
        "duplicates_dropped": n_dupes,
    }
    _check_accounts(report)
    articles.attrs["load_report"] = report
    if len(rejected):
        if strict:
            raise LoadError(rejected)
        if not return_rejected:
            warnings.warn(
                f"{len(rejected)} input(s) rejected (first: {rejected.input.iloc[0]}: "
                f"{rejected.reason.iloc[0]}); call load(..., return_rejected=True) to list them all",
                stacklevel=2,
            )
    return (articles, rejected) if return_rejected else articles


# --------------------------------------------------------------------------- inputs


def _parts(items: list, format, columns, jobs: int, read: Iterator[_Batch] | None) -> Iterator[_Batch]:
    """The prepared batch of each item of ``items`` (a DataFrame, a problem or a file), in order;
    ``read``: the batches of the files from worker processes, else files are read here, up to
    :data:`_FILES_TOGETHER` that follow one another at a time, and a web archive piece by piece
    with its pages extracted in ``jobs`` processes (:func:`read_pieces`)."""
    files: list[tuple] = []
    for item in items:
        if isinstance(item, Path) and read is None and jobs > 1 and _web_archive(item, format):
            if files:
                yield from _read_many(files, n_jobs=jobs)
                files = []
            yield from read_pieces(item, format, columns, n_jobs=jobs)  # its pages extracted on all cores
            continue
        if isinstance(item, Path) and read is None:
            files.append((item, format, columns))
            if len(files) < _FILES_TOGETHER:
                continue
        if files:
            yield from _read_many(files, n_jobs=jobs)
            files = []
        if isinstance(item, pd.DataFrame):
            part = _Batch(seen=len(item))  # one input per row (an empty DataFrame is none)
            _read_table(item, "DataFrame", columns, part)
            yield _prepare(part, n_jobs=jobs)
        elif isinstance(item, _Problem):
            yield _Batch(rejected=[(item.origin, item.reason)], seen=1)
        elif isinstance(item, Path) and read is not None:
            yield next(read)
    if files:
        yield from _read_many(files, n_jobs=jobs)


_PARALLEL_FROM = 400  # files; below this, worker start-up costs more than it saves
_PARALLEL_RECORDS = 5000  # records of one file or DataFrame prepared in worker processes from this many


def _jobs(n_jobs: int | None) -> int:
    """The most processes ``n_jobs`` allows (see :func:`load`); one inside a daemonic process
    (a worker of a pool, which may not start processes of its own)."""
    import multiprocessing

    if n_jobs is not None and (isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1):
        raise ValueError(f"n_jobs must be None, -1 or a positive number of processes, not {n_jobs!r}")
    if multiprocessing.current_process().daemon:
        return 1
    return (os.cpu_count() or 1) if n_jobs is None or n_jobs == -1 else n_jobs


def _workers(n_files: int, n_jobs: int | None = None) -> int:
    if n_files < _PARALLEL_FROM:
        return 1
    return max(1, min(_jobs(n_jobs), n_files // (_PARALLEL_FROM // 2)))


_shared: Any = None  # what the worker processes of _pool_map work on (inherited when forked)


def _share(value: Any) -> None:
    global _shared
    _shared = value


class _Spilled(NamedTuple):
    """A worker's result in a file (see :func:`_pool_map`)."""

    path: str


def _call_shared(fn, task, spill: str):
    """``fn(shared, task)`` in a worker process, pickled to a new file in the folder ``spill``
    (:class:`_Spilled`), or the result itself when the file cannot be written (a full disk)."""
    import pickle
    import tempfile

    result = fn(_shared, task)
    path = None
    try:
        fd, path = tempfile.mkstemp(dir=spill, suffix=".pickle")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        if path is not None:
            os.unlink(path)
        return result  # through the pool's pipe, slower
    return _Spilled(path)


def _pool_map(fn, shared: Any, tasks: list, workers: int) -> list:
    """``[fn(shared, task) for task in tasks]`` in ``workers`` processes, in order: this one
    does the first task while ``workers - 1`` worker processes take the others
    (:func:`_pool_tasks`), then it takes its turn with them.

    ``shared`` reaches each worker once (inherited, not copied, when processes
    are forked); only the tasks and the results travel. A worker's result comes
    back through a file of a temporary folder, removed at the end: a result of
    hundreds of megabytes (a part's furniture units) took seconds through the
    pool's pipe, a fraction of a second so (through the pipe when the file
    cannot be written).
    """
    if workers < 2 or len(tasks) < 2:
        return [fn(shared, task) for task in tasks]
    with _pool_tasks(fn, shared, tasks[1:], min(workers - 1, len(tasks) - 1)) as rest:
        first = fn(shared, tasks[0])
        return [first] + rest()


@contextlib.contextmanager
def _pool_tasks(fn, shared: Any, tasks: list, workers: int) -> Iterator[Callable[[], list]]:
    """``[fn(shared, task) for task in tasks]``, begun in ``workers`` worker processes while this
    one goes on with the body of the ``with``: each worker takes the next task when it has
    finished one (the pool would hand it several at once, which no other process could take).
    What it gives returns the results in order, this process taking its turn with the workers
    first (so with tasks that come heaviest first, none waits long for another at the end: about
    the lightest task at most); ``idle``, given to it, is called when no task is left to take
    (work to start on the core this process then leaves idle). On an error in the body, no more
    tasks are given out. ``shared`` and the results travel as for :func:`_pool_map`."""
    import threading

    left = [0, len(tasks)]  # the tasks no process has taken: tasks[left[0]:]
    given: dict[int, _Started] = {}
    lock = threading.Condition()

    with _workers_for(shared, max(1, min(workers, len(tasks)))) as start:
        def give(_done=None, *, handover: bool = False) -> None:  # (also called by the pool's thread)
            with lock:
                if left[0] >= left[1]:
                    return
                k = left[0]
                left[0] += 1
                given[k] = start(fn, tasks[k], handover=handover)
                lock.notify_all()
            given[k].when_done(give)

        def results(idle: Callable[[], Any] | None = None) -> list:
            out: dict[int, Any] = {}
            try:
                while True:
                    with lock:
                        if left[0] >= left[1]:
                            break
                        k = left[0]
                        left[0] += 1
                    out[k] = fn(shared, tasks[k])
            finally:
                stop()
            if idle is not None:  # (this process has no task left to take: the caller may start other work)
                idle()
            for k in range(len(tasks)):
                if k not in out:
                    with lock:
                        lock.wait_for(lambda: k in given)
                    out[k] = given[k]()
            return [out[k] for k in range(len(tasks))]

        def stop() -> None:
            with lock:
                left[0] = max(left)

        for w in range(min(workers, len(tasks))):
            give(handover=w == min(workers, len(tasks)) - 1)
        try:
            yield results
        finally:
            stop()


@contextlib.contextmanager
def _in_background(fn, shared: Any, task: Any) -> Iterator[Callable[[], Any]]:
    """``fn(shared, task)`` started in a worker process, while this one goes on with the body of
    the ``with``; what it gives is a function that waits for the result and returns it (as
    :func:`_pool_map`: ``shared`` inherited, the result back through a file). The work fills a
    core that this process's own serial steps leave idle."""
    with _workers_for(shared, 1) as start:
        yield start(fn, task)


class _Started:
    """A task started in a worker process (:func:`_workers_for`): called, it waits for the result
    and returns it."""

    def __init__(self, future) -> None:
        self._future = future

    def __call__(self) -> Any:
        return _unspilled(self._future.result())

    def when_done(self, then: Callable[[Any], None]) -> None:
        """Call ``then`` (with the pool's future of the task) when it is done (at once if it is)."""
        self._future.add_done_callback(then)


@contextlib.contextmanager
def _workers_for(shared: Any, workers: int) -> Iterator[Callable[..., Callable[[], Any]]]:
    """``workers`` worker processes that inherit ``shared``, and a temporary folder for their results
    (:func:`_call_shared`), both gone at the end. What it gives, ``start(fn, task)``, starts
    ``fn(shared, task)`` in one of them and returns it as :class:`_Started`; ``handover=False``:
    this process will start another task at once (it need not wait for this one to reach a worker)."""
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    with tempfile.TemporaryDirectory(prefix="analysis-pool-") as spill, \
            ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(),
                                initializer=_share, initargs=(shared,)) as pool:
        def start(fn, task, *, handover: bool = True) -> _Started:
            future = pool.submit(partial(_call_shared, fn, spill=spill), task)
            if handover:  # the pool's feeder thread hands the tasks over now: this process's own work may
                # hold the GIL for long (decoding, parsing), and a worker would wait for it (0.35 s of a
                # 100,000-article load)
                time.sleep(0.01)
            return _Started(future)

        yield start


def _unspilled(result: Any) -> Any:
    """A worker's result, read back (and its file removed) when it came through a file (:class:`_Spilled`)."""
    import pickle

    if not isinstance(result, _Spilled):
        return result
    with open(result.path, "rb") as f:
        out = pickle.load(f)
    os.unlink(result.path)
    return out


def _read_one(args, *, n_jobs: int = 1) -> _Batch:
    """Read, parse and prepare one file (a large table is prepared in up to ``n_jobs`` processes).

    Never raises for a bad file: an unforeseen error becomes a rejection of the
    whole file, so one hostile input cannot stop (or unbalance) a folder.
    """
    return _read_many([args], n_jobs=n_jobs)[0]


#: Files read one after the other whose records are then prepared together (:func:`_read_many`).
_FILES_TOGETHER = 64


def _read_many(tasks: list[tuple], *, n_jobs: int = 1) -> list[_Batch]:
    """:func:`_read_one` of each ``(path, format, columns)`` (runs in a worker process for large
    folders): the files are read and parsed one by one, then their records are prepared together
    (many small files take far fewer NumPy calls so); the same batches as one file at a time.
    With ``n_jobs`` above one, a large CSV or TSV file is parsed and prepared in pieces on all
    cores (:func:`_read_in_pieces`)."""
    if n_jobs > 1:
        pieced = {}
        for i, task in enumerate(tasks):
            done = _read_in_pieces(*task, n_jobs=n_jobs)
            if done is not None:
                pieced[i] = done
        if pieced:
            rest = iter(_read_many([t for i, t in enumerate(tasks) if i not in pieced], n_jobs=n_jobs)
                        if len(pieced) < len(tasks) else ())
            return [pieced[i] if i in pieced else next(rest) for i in range(len(tasks))]
    read = [_read_raw(*task) for task in tasks]
    records = [rec for batch, _ in read if batch is not None for rec in batch.records]
    try:
        results = _prepared_records(records, n_jobs)
    except Exception:  # (MemoryError too) an unforeseen error: each file on its own, as it is caught there
        return [done if batch is None else _prepare_read(batch, path, n_jobs)
                for (batch, done), (path, *_) in zip(read, tasks)]
    out, at = [], 0
    for batch, done in read:
        if batch is None:
            out.append(done)
            continue
        out.append(_merged(batch, results[at:at + len(batch.records)]))
        at += len(batch.records)
    return out


#: Bytes from which a CSV or TSV file is parsed in pieces on all cores (:func:`_read_in_pieces`).
PIECED_FROM = 16 << 20


def _read_in_pieces(path: Path, format: str | None, columns, *, n_jobs: int) -> _Batch | None:
    """:func:`_read_one` of a large CSV or TSV file, its text parsed and its records prepared in up to
    ``n_jobs`` processes, each taking a piece of the file that ends where a row ends (a newline
    after an even number of quote marks); None when the file is not one to read so (then it is
    read whole, as before).

    The records, labels and rejections are those of reading the file whole: each piece after
    the first is parsed with the file's header and a row of empty fields before it (as
    :func:`read_pieces` does), its labels counted on from the rows before it. Anything a piece
    would reject (a ragged row, a quote that never closes, a repeated header, text that is not
    UTF-8, no text column, too many rows) sends the file back to be read whole, which says so
    as it always did, and so do quote marks that do not pair up (the pieces could not be cut
    where rows end); only files whose reading is plain go in pieces.
    """
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) or not PIECED_FROM <= st.st_size <= MAX_FILE_BYTES or \
                format not in (None, "csv", "tsv"):
            return None
        with _open_regular(path) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        kind = format or _detect(data, path.name)
    except (OSError, _Reject):
        return None
    start, errors = (3, "replace") if data.startswith(b"\xef\xbb\xbf") else (0, "strict")  # as decode() reads it
    if kind not in ("csv", "tsv") or len(data) > MAX_FILE_BYTES or (not start and (
            data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
            or len(data[:4096].translate(None, _ODD_BYTES)) != len(data[:4096]))):
        return None
    workers = min(n_jobs, max(1, (len(data) - start) // max(1, PIECED_FROM // 2)))
    if workers < 2:
        return None
    size = len(data) - start
    cuts = _row_cuts(data, start, [start + int(size * f) for f in itertools.accumulate(_piece_shares(workers)[:-1])])
    # quotes that do not pair up: read whole, which finds them (each cut but the last follows an even
    # number of quote marks, so the file's are odd when the last piece's are)
    if len(cuts) < 3 or _quotes(data, cuts[-2], len(data)) % 2:
        return None
    header_end = _row_cuts(data, start, [start])[1]  # the end of the first row
    try:
        header = data[start:header_end].decode("utf-8", errors)
    except UnicodeDecodeError:
        return None
    sep = _sniff(header, "\t" if kind == "tsv" else ",")
    lead = sep * (len(next(csv.reader(io.StringIO(header), delimiter=sep), [""])) - 1) + "\n"
    origin = _safe_origin(str(path))
    shared = (data, cuts, kind, origin, columns, data[start:header_end] + lead.encode(), errors)
    pieces = _pool_map(_csv_piece, shared, list(range(len(cuts) - 1)), workers)
    if any(piece is None for piece in pieces) or sum(n for n, _ in pieces) > MAX_TABLE_ROWS:
        return None
    out = _Batch(seen=sum(n for n, _ in pieces))
    before = 0
    for n, batch in pieces:  # labels counted from the start of the file
        if before:
            for rec in batch.records:
                rec["origin"] = _row_label_after(rec["origin"], before)
            batch.rejected = [(_row_label_after(label, before), reason) for label, reason in batch.rejected]
        out.records += batch.records
        out.rejected += batch.rejected
        before += n
    return out


def _piece_shares(workers: int) -> list[float]:
    """The shares of a file :func:`_read_in_pieces` gives its pieces, in file order, for ``workers``
    processes: one to this process (the first piece), and one to each worker process in two
    pieces, of 60 and 40 per cent of it, taken in turn (all larger ones first).

    A worker writes a piece's result while it reads its next piece, and this process reads it
    back while the worker reads on: only the last, smaller results are written and read back
    after the work (before, half the file's records: 0.7 s of a 100,000-article load, with a
    core idle). This process's share is :data:`_OWN_SHARE` times a worker's, which also writes
    what it made (a tenth of the time it took to make it).

    >>> [round(f, 2) for f in _piece_shares(2)]
    [0.52, 0.29, 0.19]
    """
    unit = 1 / (_OWN_SHARE + workers - 1)
    return [_OWN_SHARE * unit] + [0.6 * unit] * (workers - 1) + [0.4 * unit] * (workers - 1)


_OWN_SHARE = 1.1  # this process's share of a file read in pieces, in workers' shares (see _piece_shares)


def _row_label_after(label: str, rows: int) -> str:
    """``"origin:row N"`` as ``"origin:row N+rows"``."""
    head, n = label.rsplit(" ", 1)
    return f"{head} {int(n) + rows}"


def _row_cuts(data: bytes, start: int, targets: list[int]) -> list[int]:
    """``start``, the end of the first row (a newline that follows an even number of quote marks
    from ``start``) at or after each of ``targets`` (ascending), and ``len(data)``: the cuts of
    ``data[start:]`` into pieces that end where rows end (fewer when rows run past the targets)."""
    cuts, counted, quotes = [start], start, 0
    for target in targets:
        pos = max(target, cuts[-1])
        while True:
            end = data.find(b"\n", pos)
            if end < 0:
                break
            quotes += _quotes(data, counted, end)
            counted = end
            if quotes % 2 == 0:
                break
            pos = end + 1
        if end < 0:
            break
        if end + 1 < len(data):
            cuts.append(end + 1)
    cuts.append(len(data))
    return cuts


def _quotes(data: bytes, start: int, end: int) -> int:
    """``data.count(b'"', start, end)``, by NumPy 16 MB at a time over long stretches (2.5 times as
    fast: 0.07 s for a 374 MB file, before any worker can start)."""
    import numpy as np

    if end - start < 1 << 20:
        return data.count(b'"', start, end)
    bytes_ = np.frombuffer(data, dtype=np.uint8)
    return sum(int(np.count_nonzero(bytes_[i:min(i + (16 << 20), end)] == 34)) for i in range(start, end, 16 << 20))


def _csv_piece(shared: tuple, k: int) -> tuple[int, _Batch] | None:
    """Piece ``k`` of :func:`_read_in_pieces` (in a worker process): its rows (counted) and its batch
    of prepared records (labels counted from the piece's first row), or None when reading it
    rejects anything (then the file is read whole)."""
    data, cuts, kind, origin, columns, head, errors = shared
    body = memoryview(data)[cuts[k]:cuts[k + 1]]
    try:  # (decoded straight from the file's bytes, the header and empty row joined to them as bytes: no copy of
        # the piece's text is made to put them before it)
        text = str(body, "utf-8", errors) if k == 0 else b"".join((head, body)).decode("utf-8", errors)
    except UnicodeDecodeError:
        return None
    finally:
        body.release()
    batch = _Batch()
    try:
        table = _csv_table(text, "\t" if kind == "tsv" else ",", origin, batch,
                           quotes_paired=True)  # (the piece ends where its quote marks pair up, and so does the header)
    except _Reject:
        return None
    if batch.rejected or not len(table) or table.attrs.get("record_label"):
        return None
    if k:  # the row of empty fields
        if any(table.iloc[0].tolist()):
            return None
        table = table.iloc[1:]
    n = len(table)
    _read_table(table, origin, columns, batch)
    if batch.rejected or not n:
        return None
    return n, _merged(_Batch(records=batch.records, seen=n), _prepared(batch.records))


def _read_raw(path: Path, format: str | None, columns) -> tuple[_Batch | None, _Batch | None]:
    """``(batch, None)``: one file read and parsed, its records not prepared; or ``(None, rejected)``
    when an unforeseen error (the reason names it) stopped the reading."""
    batch = _Batch()
    try:
        _read_file(path, format, columns, batch)
    except Exception as exc:  # (MemoryError too) a last resort
        return None, _unforeseen(path, exc)
    return batch, None


def _prepare_read(batch: _Batch, path: Path, n_jobs: int) -> _Batch:
    """:func:`_prepare` of one file's batch; an unforeseen error rejects the file (its reason names it)."""
    try:
        return _prepare(batch, n_jobs=n_jobs)
    except Exception as exc:  # (MemoryError too) a last resort
        return _unforeseen(path, exc)


def _unforeseen(path: Path, exc: Exception) -> _Batch:
    """The whole file rejected for an error nothing else caught (the reason names it)."""
    if isinstance(exc, MemoryError):
        return _Batch(rejected=[(_safe_origin(str(path)), "too large to load in memory")], seen=1)
    return _Batch(rejected=[(_safe_origin(str(path)), f"unexpected error while reading "
                             f"({type(exc).__name__}: {str(exc)[:200]})")], seen=1)


#: Text per piece when a large CSV/TSV or JSON Lines file is read piece by piece (:func:`read_pieces`).
PIECE_CHARS = 32 << 20
#: Rows per piece when a large Parquet file is read piece by piece (:func:`read_pieces`).
PIECE_ROWS = 20_000
_PIECE_LABEL = re.compile(r":(row|bad row|line) (\d+)$")


def read_pieces(path: Path, format: str | None = None, columns: Mapping[str, str] | None = None, *,
                n_jobs: int = 1, piece_chars: int | None = None) -> Iterator[_Batch]:
    """Prepared batches of one file: a large CSV/TSV, JSON Lines or Parquet file piece by piece,
    anything else as one batch.

    A CSV or TSV file in UTF-8 whose quotes pair up is cut into pieces of about
    :data:`PIECE_CHARS` characters, each ending where a row ends (a newline outside
    quotes), and each piece is read with the file's header as a table of its own
    (by the same code that reads a whole file: ragged rows, repeated headers and
    unterminated quotes are rejected one by one). A JSON Lines file in UTF-8 is cut
    at newlines into pieces of about :data:`PIECE_CHARS` characters, each read line by
    line as a whole file is; the columns' roles (text, title, ...) are named from the
    keys of the first piece with a valid line, and a warning says so if the keys of the
    whole file would have named them differently. A Parquet file is read
    :data:`PIECE_ROWS` rows at a time (``iter_batches``, with the file's schema, so the
    columns and their types are those of reading it whole). A WARC or ARC file is read
    :data:`analysis.ingest.warc.PIECE_RECORDS` records at a time, their pages extracted in up
    to ``n_jobs`` processes. Labels (``row N``, ``line N``, ``#record-N``)
    count from the start of the file, so the records and rejections equal those of
    reading the file whole. Memory is bounded by the piece, so :data:`MAX_FILE_BYTES`
    and :data:`MAX_TABLE_ROWS` do not apply. Any other file (another format or
    encoding, quotes that do not pair up, a NUL byte, a Parquet footer that does not
    open) is read whole, as :func:`analysis.load` reads it. A file that becomes
    unreadable after some pieces keeps what was read before, and the rest is one
    rejected input ("... after row N").

    Example
    -------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = f.write_text('title,text\\nA,"Oil rose.\\nGas fell."\\nB,Talks ended.\\nC,Sanctions stay.\\n')
    >>> batches = list(read_pieces(f, piece_chars=20))
    >>> [[r["origin"].split(":")[-1] for r in b.records] for b in batches]
    [['row 1'], ['row 2'], ['row 3']]
    """
    piece_chars = piece_chars or PIECE_CHARS
    origin = _safe_origin(str(path))
    plan = _piece_plan(path, format)
    if plan is None:
        yield _read_one((path, format, columns), n_jobs=n_jobs)
        return
    kind, start = plan
    if kind in ("warc", "arc"):
        yield from _warc_pieces(path, origin, n_jobs=n_jobs)
        return
    if kind == "parquet":
        yield from _parquet_pieces(path, origin, columns, n_jobs=n_jobs, rows=PIECE_ROWS)
        return
    if kind == "jsonl":
        yield from _jsonl_pieces(path, origin, columns, n_jobs=n_jobs, piece_chars=piece_chars, start=start)
        return
    header = lead = None
    rows_before = lines_before = bad_before = 0
    pieces = _pieces(path, piece_chars, start)
    while True:
        piece, broken = _next_piece(pieces, origin, f"row {rows_before}")
        if broken is not None:
            yield broken
        if piece is None:
            return
        batch = _Batch()
        # a later piece: the header, then a row of empty fields (so the piece's first row is never
        # the parser's first row, which it treats apart) dropped after parsing
        text = piece if header is None else header + lead + piece
        try:
            table = _csv_table(text, "\t" if kind == "tsv" else ",", origin, batch)
            if header is None and not len(table) and not batch.seen:
                more = next(pieces, None)  # a first piece of the header alone: read on
                if more is not None:
                    pieces = itertools.chain([piece + more], pieces)
                    continue
                raise _Reject(f"{kind} table has no rows" + (f" (columns are {list(map(str, table.columns))})"
                                                             if len(table.columns) else ""))
        except _Reject as exc:
            if header is not None:  # a later piece: its rows only
                exc = _Reject(f"{exc} (in the piece of the file after row {rows_before})")
            yield _Batch(rejected=[(origin, str(exc))], seen=1)
            return
        extra = 0 if header is None else 1  # the lead row, and its line
        n_bad = n_lines = 0
        for i, (label, reason) in enumerate(batch.rejected):
            m = _PIECE_LABEL.search(label)
            if not m:
                continue
            what, n = m.group(1), int(m.group(2))
            n_bad += what == "bad row"
            n_lines += what == "line"
            n += {"row": rows_before - extra, "bad row": bad_before, "line": lines_before - 2 * extra}[what]
            batch.rejected[i] = (f"{label[:m.start()]}:{what} {n}", reason)
        labels = table.attrs.get("record_label") or [f"row {i + 1}" for i in range(len(table))]
        if extra:
            table, labels = table.iloc[1:], labels[1:]
        table.attrs["record_label"] = [f"row {int(lab[4:]) - extra + rows_before}" for lab in labels]
        batch.seen -= extra
        parsed = batch.seen - n_bad - n_lines  # data rows the parser returned (repeated headers included)
        before = len(batch.rejected)
        _read_table(table, origin, columns, batch)
        if len(batch.rejected) > before:  # no text column: the file is one input, rejected whole
            yield batch
            return
        rows_before += parsed
        bad_before += n_bad
        lines_before += piece.count("\n")
        if header is None:
            header = piece[:_first_row_end(piece)]
            sep = _sniff(header, "\t" if kind == "tsv" else ",")
            lead = sep * (len(next(csv.reader(io.StringIO(header), delimiter=sep), [""])) - 1) + "\n"
        yield _prepare(batch, n_jobs=n_jobs)


def _warc_pieces(path: Path, origin: str, *, n_jobs: int) -> Iterator[_Batch]:
    """:func:`read_pieces` of a WARC or ARC file: its records read here, their pages extracted (the
    costly part) in up to ``n_jobs`` processes, as reading it whole would (one input per record)."""
    from . import warc

    workers = _jobs(n_jobs)
    try:
        fh = _open_regular(path)
    except _Reject as exc:
        yield _Batch(rejected=[(origin, str(exc))], seen=1)
        return
    except OSError as exc:
        yield _Batch(rejected=[(origin, f"cannot be read ({_os_reason(exc)})")], seen=1)
        return
    with fh:
        for items in warc.pages(fh, origin):
            if workers > 1 and len(items) > 1:
                step = -(-len(items) // workers)  # one part per process (this one does the first)
                parts = [range(i, min(i + step, len(items))) for i in range(0, len(items), step)]
                results = [r for part in _pool_map(_extract_pages, items, parts, workers) for r in part]
            else:
                results = [warc.extract(item) for item in items]
            batch = _Batch(seen=len(items))  # one input per record
            for out in results:
                (batch.records.append if isinstance(out, dict) else batch.rejected.append)(out)
            yield _prepare(batch, n_jobs=n_jobs)


def _next_piece(pieces: Iterator[str], origin: str, where: str) -> tuple[str | None, _Batch | None]:
    """The next piece of ``pieces`` (None at the end), or None and the file rejected ``after {where}``
    when it cannot be read on (it changed since it was checked)."""
    try:
        return next(pieces, None), None
    except (OSError, UnicodeDecodeError) as exc:
        return None, _Batch(rejected=[(origin, f"cannot be read after {where} ({exc})")], seen=1)


def _extract_pages(items: list, part: range) -> list:
    """:func:`analysis.ingest.warc.extract` of ``items[i]`` for ``i`` in ``part`` (in a worker process)."""
    from .warc import extract

    return [extract(items[i]) for i in part]


def _jsonl_pieces(path: Path, origin: str, columns, *, n_jobs: int, piece_chars: int,
                  start: int) -> Iterator[_Batch]:
    """:func:`read_pieces` of a JSON Lines file: pieces cut at newlines, each read as a whole file is;
    the roles of the columns named from the first piece with a valid line."""
    first: dict[str, str] | None = None
    keys: dict = {}  # every key of the file, in the order met (the columns of reading it whole)
    lines_before = 0
    seen = False
    pieces = _pieces(path, piece_chars, start, _line_end)
    while True:
        piece, broken = _next_piece(pieces, origin, f"line {lines_before}")
        if broken is not None:
            yield broken
            return
        if piece is None:
            break
        batch = _Batch()
        table = _jsonl_table(piece, origin, batch, first_line=lines_before + 1, whole=False)
        lines_before += piece.count("\n")
        seen = seen or batch.seen > 0
        if table is not None:
            keys.update(dict.fromkeys(table.columns))
            if first is None:
                try:
                    first = _map_columns(table, columns, origin)
                except _Reject:  # no text column: the file is one input, rejected whole
                    _read_table(table, origin, columns, batch)
                    yield batch
                    return
            for col in first.values():
                if col not in table.columns:  # a key the first piece had and this one does not
                    table[col] = None
            _read_table(table, origin, first, batch)
        yield _prepare(batch, n_jobs=n_jobs)
    if not seen:
        yield _Batch(rejected=[(origin, "JSON Lines file has no valid object lines")], seen=1)
    elif first is not None:
        whole = _map_columns(pd.DataFrame(columns=list(keys)), columns, origin)
        differ = {role: col for role, col in first.items() if whole.get(role) != col}
        if differ:
            warnings.warn(f"{origin}: read in pieces, the roles of its keys were named from the first piece "
                          f"({', '.join(f'{r}={c!r}' for r, c in differ.items())}); the keys of the whole file "
                          f"would name them {', '.join(f'{r}={whole.get(r)!r}' for r in differ)}. "
                          "Name them with columns= to be sure", stacklevel=2)


def _parquet_pieces(path: Path, origin: str, columns, *, n_jobs: int, rows: int) -> Iterator[_Batch]:
    """:func:`read_pieces` of a Parquet file: ``rows`` rows at a time, with the file's schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    done = 0

    def unreadable(exc: Exception) -> _Batch:
        return _Batch(rejected=[(origin, f"unreadable Parquet after row {done} ({type(exc).__name__}: {exc})")],
                      seen=1)

    try:  # pyarrow raises many types; only its reading is guarded here, not our own code
        pf = pq.ParquetFile(path, pre_buffer=False)  # no read-ahead of whole row groups
        schema, n_rows = pf.schema_arrow, pf.metadata.num_rows
        parts = pf.iter_batches(batch_size=rows, use_threads=False)
    except Exception as exc:
        yield unreadable(exc)
        return
    if not n_rows:
        names = list(map(str, schema.empty_table().to_pandas().columns))
        yield _Batch(rejected=[(origin, "parquet table has no rows" + (f" (columns are {names})" if names else ""))],
                     seen=1)
        return
    while True:
        try:
            part = next(parts, None)
            if part is None:
                return
            table = pa.Table.from_batches([part], schema=schema).to_pandas()  # pandas' index and types, as whole
        except Exception as exc:
            yield unreadable(exc)
            return
        del part
        pa.default_memory_pool().release_unused()  # give back the piece's buffers before the next
        table.attrs["record_label"] = [f"row {done + i + 1}" for i in range(len(table))]
        batch = _Batch(seen=len(table))
        done += len(table)
        _read_table(table, origin, columns, batch)
        if batch.rejected:  # no text column: the file is one input, rejected whole
            yield batch
            return
        yield _prepare(batch, n_jobs=n_jobs)


def _web_archive(path: Path, format: str | None) -> str | None:
    """``"warc"``/``"arc"`` when ``path`` is read as a web archive (by ``format``, else by its name)."""
    from .warc import kind_from_name

    if format in ("warc", "arc"):
        return format
    return kind_from_name(path.name) if format is None else None


def _first_row_end(text: str) -> int:
    """The position after the first newline of ``text`` outside quotes (``len(text)`` if none)."""
    end = text.find("\n")
    while end >= 0 and text.count('"', 0, end) % 2:
        end = text.find("\n", end + 1)
    return len(text) if end < 0 else end + 1


def _piece_plan(path: Path, format: str | None) -> tuple[str, int] | None:
    """``(kind, first byte after a BOM)`` when ``path`` can be read by :func:`read_pieces`, else None.

    A CSV, TSV or JSON Lines file: one pass over it checks what reading it whole would find
    different: strict UTF-8, no NUL byte and few control bytes at its start (whole reading
    removes them or rejects the file as binary), and for CSV/TSV an even number of quote marks.
    A Parquet file: its footer opens. A WARC or ARC file (by ``format`` or name): always.
    """
    import codecs

    web = _web_archive(path, format)
    if web:
        return (web, 0)  # read record by record, whatever its state
    if format not in (None, "csv", "tsv", "jsonl", "parquet"):
        return None
    try:
        with _open_regular(path) as fh:
            head = fh.read(65536)
            try:
                kind = format or _detect(head, path.name)
            except _Reject:
                return None
            if kind == "parquet":
                import pyarrow.parquet as pq

                try:
                    pq.ParquetFile(path)
                except Exception:  # pyarrow raises many types: reading whole says what is wrong
                    return None
                return ("parquet", 0)
            if kind not in ("csv", "tsv", "jsonl") or head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
                return None
            start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
            sample = head[start:start + 4096]
            if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > max(8, len(sample) // 100):
                return None  # rejected whole as binary content
            decoder, quotes, block = codecs.getincrementaldecoder("utf-8")("strict"), 0, head[start:]
            while block:
                if b"\x00" in block:
                    return None
                decoder.decode(block)
                quotes += block.count(b'"')
                block = fh.read(16 << 20)
            decoder.decode(b"", final=True)
    except (OSError, _Reject, UnicodeDecodeError):
        return None
    return (kind, start) if kind == "jsonl" or quotes % 2 == 0 else None


def _pieces(path: Path, size: int, start: int, cut_at=None) -> Iterator[str]:
    """The text of ``path`` (UTF-8, from byte ``start``) in pieces of about ``size`` characters that end with
    a row: where ``cut_at(text)`` says, by default at a newline after an even number of quote marks
    (outside any quoted field)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    carry = ""
    with _open_regular(path) as fh:
        fh.seek(start)
        while True:
            block = fh.read(size)
            text = carry + decoder.decode(block, final=not block)
            if not block:
                if text:
                    yield text
                return
            cut = (cut_at or _row_end)(text)
            if cut is None and len(text) > max(4 * size, 2 * MAX_TEXT_BYTES):  # no row could be this long:
                # a quote opened and never closed (reading whole skips its line): cut at a line end anyway
                cut = text.rfind("\n") + 1 or None
            if cut is None:
                carry = text
                continue
            yield text[:cut]
            carry = text[cut:]


def _line_end(text: str) -> int | None:
    """The position after the last newline of ``text``, or None."""
    end = text.rfind("\n")
    return end + 1 if end >= 0 else None


def _row_end(text: str) -> int | None:
    """The position after the last newline of ``text`` that follows an even number of quote marks, or None."""
    end = text.rfind("\n")
    quotes = text.count('"', 0, end)
    while end >= 0:
        if quotes % 2 == 0:
            return end + 1
        prev = text.rfind("\n", 0, end)
        quotes -= text.count('"', prev + 1, end)
        end = prev
    return None


def _size(n: int) -> str:
    """Human-readable byte count ("512 bytes", "1.5 KiB", "16.0 MiB")."""
    if n < 1024:
        return f"{n} bytes"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        n /= 1024
        if n < 1024 or unit == "TiB":
            return f"{n:.1f} {unit}"
    raise AssertionError  # pragma: no cover


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _safe_origin(name: str) -> str:
    """An origin label that is safe to print: control characters and undecodable
    bytes of file names (surrogate escapes) are shown as backslash escapes."""
    if not _UNSAFE.search(name):
        return name

    def esc(m: re.Match) -> str:
        c = m.group()
        if "\udc80" <= c <= "\udcff":  # a byte os.fsdecode could not decode
            return f"\\x{ord(c) - 0xDC00:02x}"
        return c.encode("unicode_escape", "backslashreplace").decode("ascii") if ord(c) < 0xD800 else f"\\u{ord(c):04x}"

    return _UNSAFE.sub(esc, name)


def _parallel_reader(files: list[Path], format, columns, workers: int) -> Iterator[_Batch]:
    from concurrent.futures import ProcessPoolExecutor

    tasks = [(f, format, columns) for f in files]
    chunks = [tasks[i:i + _FILES_TOGETHER] for i in range(0, len(tasks), _FILES_TOGETHER)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batches in pool.map(_read_many, chunks):
            yield from batches



def input_files(source: Any, *, follow_links: bool = False) -> list[Path]:
    """The files :func:`load` reads for ``source``, in the order it reads them (stable: in each
    folder its files by name, then its sub-folders by name, depth first).

    Symbolic links inside a folder are followed (sub-folders included) as long as they stay
    inside it; those leading out of it are left out, as :func:`load` rejects them, unless
    ``follow_links=True``. DataFrames in ``source`` are skipped; a missing path raises
    ``FileNotFoundError``. A digest of these files' contents changes whenever the data a load
    would read changes (also behind a linked sub-folder).

    Example
    -------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("b.txt", "a/c.csv"):
    ...     (folder / name).parent.mkdir(exist_ok=True)
    ...     _ = (folder / name).write_text("x")
    >>> [p.relative_to(folder).as_posix() for p in input_files(folder)]
    ['b.txt', 'a/c.csv']
    """
    return [p for p in _expand(source, follow_links=follow_links) if isinstance(p, Path)]


def _expand(source: Any, *, follow_links: bool = False) -> Iterator[Path | pd.DataFrame | _Problem]:
    if isinstance(source, pd.DataFrame):
        yield source
        return
    if isinstance(source, (str, os.PathLike)):
        yield from _expand_path(source, follow_links=follow_links)
        return
    if isinstance(source, Iterable):
        for item in source:
            yield from _expand(item, follow_links=follow_links)
        return
    raise TypeError(f"cannot load from {type(source).__name__}: give a path, glob, list or DataFrame")


def _expand_path(source: str | os.PathLike, *, follow_links: bool = False) -> Iterator[Path | _Problem]:
    try:
        path = Path(source).expanduser()
        is_file, is_dir = path.is_file(), path.is_dir()
        exists = is_file or is_dir or path.exists() or path.is_symlink()
    except (OSError, ValueError):  # an embedded NUL, a name too long, ...
        raise FileNotFoundError(f"no such file or folder: {_safe_origin(str(source))!r}") from None
    if is_file:
        yield path
    elif is_dir:
        yield from _walk(path, follow_links=follow_links)
    elif isinstance(source, str) and globmod.has_magic(source):
        matches = sorted(globmod.glob(os.path.expanduser(source), recursive=True))
        if not matches:
            raise FileNotFoundError(f"no file matches the pattern {source!r}")
        for m in matches:
            yield from _expand_path(m, follow_links=follow_links)
    elif exists:
        yield path  # a broken link or special file: rejected with its reason when read
    else:
        raise FileNotFoundError(f"no such file or folder: {str(source)!r}")


def _walk(folder: Path, *, follow_links: bool = False) -> Iterator[Path | _Problem]:
    """The files under ``folder``, depth first, sorted by name; links are followed while they stay
    inside ``folder`` (all of them with ``follow_links``), folders reached twice are walked once."""
    try:
        root = folder.resolve()
    except (OSError, RuntimeError):
        root = folder.absolute()
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            st = current.stat()
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop or a folder reached twice
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            yield _Problem(str(current), f"folder cannot be read ({exc.strerror or exc})")
            continue
        subdirs = []
        for e in entries:
            if not follow_links and e.is_symlink():
                outside = _outside(Path(e.path), root)
                if outside:
                    yield _Problem(_safe_origin(e.path), f"symbolic link leads out of the folder (to "
                                   f"{_safe_origin(outside)!r}): not followed (load(..., follow_links=True) "
                                   "follows it)")
                    continue
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(Path(e.path))
            else:
                yield Path(e.path)
        stack.extend(reversed(subdirs))


def _outside(link: Path, root: Path) -> str | None:
    """Where ``link`` leads if that is outside ``root`` (a loop or broken link: None, rejected when read)."""
    try:
        target = link.resolve()
    except (OSError, RuntimeError):
        return None
    if target == root or root in target.parents:
        return None
    return str(target)


@dataclass(frozen=True)
class _Problem:
    """An input found unusable while listing folders (reported as rejected)."""

    origin: str
    reason: str


def _read_file(path: Path, format: str | None, columns, batch: _Batch) -> None:
    origin = _safe_origin(str(path))
    try:
        try:
            st = path.stat()  # follows links
        except FileNotFoundError:
            if path.is_symlink():
                raise _Reject(f"broken symbolic link (its target {_safe_origin(os.readlink(path))!r} "
                              "does not exist)") from None
            raise _Reject("missing file (removed while loading)") from None
        if stat.S_ISDIR(st.st_mode):
            return
        if not stat.S_ISREG(st.st_mode):  # never open a FIFO or device: reading could block forever
            raise _Reject(f"not a regular file ({_file_kind(st.st_mode)})")
        from .warc import read_records

        with _open_regular(path) as fh:
            if _web_archive(path, format):
                before = len(batch.records) + len(batch.rejected)
                read_records(fh, origin, batch)  # web archives stream record by record (no MAX_FILE_BYTES)
                batch.seen += len(batch.records) + len(batch.rejected) - before  # one label per record read
                return
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _Reject(f"file is {_size(size)}, over the MAX_FILE_BYTES limit of {_size(MAX_FILE_BYTES)}")
            data = fh.read(MAX_FILE_BYTES + 1)  # the file may grow after fstat
        if len(data) > MAX_FILE_BYTES:
            raise _Reject(f"file is over the MAX_FILE_BYTES limit of {_size(MAX_FILE_BYTES)}")
    except _Reject as exc:
        batch.rejected.append((origin, str(exc)))
        batch.seen += 1
        return
    except OSError as exc:
        batch.rejected.append((origin, f"cannot be read ({_os_reason(exc)})"))
        batch.seen += 1
        return
    _read_bytes(data, path.name, origin, format, columns, batch)


def _os_reason(exc: OSError) -> str:
    """``[Errno 13] Permission denied`` for an OSError (its message if it has no number)."""
    if exc.errno is not None and exc.strerror:
        return f"[Errno {exc.errno}] {exc.strerror}"
    return str(exc) or type(exc).__name__


def _open_regular(path: Path):
    """``path`` opened for binary reading, or ``_Reject`` if what is opened is not a regular file.

    The open never blocks (``O_NONBLOCK``: a FIFO swapped in after the ``stat`` opens at once
    without a writer) and the descriptor itself is checked (``fstat``), so a file replaced
    between listing and reading cannot make the loader wait for ever or read a device.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _Reject(f"not a regular file ({_file_kind(mode)}, found when it was opened)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: reads never block; buffered reads expect this
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO / named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


class _Budget:
    """Bytes decompressed so far from one input file (all nested archives together)."""

    def __init__(self) -> None:
        self.used = 0


def _read_bytes(data: bytes, name: str, origin: str, format: str | None, columns, batch: _Batch,
                *, depth: int = 0, budget: _Budget | None = None) -> None:
    start = batch.seen
    try:
        _read_content(data, name, origin, format, columns, batch, depth=depth, budget=budget)
    except _Reject as exc:  # the file (or member) rejected as a whole: one input, after any parts
        batch.rejected.append((origin, str(exc)))  # of it counted and rejected on their own
        batch.seen += 1
        return
    if batch.seen == start:  # nothing inside counted on its own: a page
        batch.seen += 1


def _read_content(data: bytes, name: str, origin: str, format: str | None, columns, batch: _Batch,
                  *, depth: int, budget: _Budget | None) -> None:
    kind = _detect(data, name) if format in (None, "zip", "gzip") else format
    if kind in ("zip", "gzip", "bz2"):
        if depth >= MAX_ARCHIVE_DEPTH:
            raise _Reject(f"archive nested more than MAX_ARCHIVE_DEPTH={MAX_ARCHIVE_DEPTH} levels deep")
        inner_format = None if format in ("zip", "gzip") else format
        _read_archive(kind, data, name, origin, inner_format, columns, batch,
                      depth=depth + 1, budget=budget or _Budget())
    elif kind in ("warc", "arc"):  # inside an archive (files on disk stream from _read_file)
        from .warc import read_records

        before = len(batch.records) + len(batch.rejected)
        read_records(io.BytesIO(data), origin, batch)
        batch.seen += len(batch.records) + len(batch.rejected) - before  # one label per record read
    elif kind == "feed":
        from .feeds import read_feed

        read_feed(data, origin, batch)
    elif kind in ("raw", "html"):
        if len(data) > MAX_TEXT_BYTES:
            raise _Reject(f"page is {_size(len(data))}, over the MAX_TEXT_BYTES limit of "
                          f"{_size(MAX_TEXT_BYTES)} per article")
        text = decode(data)
        if not text.strip():
            raise _Reject("empty file")
        record = _parse_page(text, origin) if kind == "raw" else _parse_html(text, origin)
        batch.records.append(record)
    else:
        start = batch.seen
        table = _parse_table(kind, data, origin, batch)
        if table is None:
            return
        if not len(table) and batch.seen == start:
            raise _Reject(f"{kind} table has no rows" + (f" (columns are {list(map(str, table.columns))})"
                                                         if len(table.columns) else ""))
        _read_table(table, origin, columns, batch)


def _detect(data: bytes, name: str) -> str:
    if not data or data.isspace():  # (as "not data.strip()", without copying)
        raise _Reject("empty file")
    head = data[:4]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bz2"
    if head == b"PAR1":
        return "parquet"
    if data.startswith((b"WARC/", b"filedesc://")):  # a web archive (see analysis.warc)
        return "warc" if head == b"WARC" else "arc"
    ext = Path(name.lower()).suffix
    by_ext = _EXT.get(ext)
    if by_ext in ("zip", "gzip", "bz2", "parquet"):
        raise _Reject(f"not a valid {by_ext} file (its first bytes do not match)")
    if by_ext in ("warc", "arc"):
        return by_ext  # not starting like one: read_records says what is wrong
    sample = decode(data[:4096], partial=True).lstrip("\ufeff \t\r\n")
    if sample.startswith("<"):
        from .feeds import looks_like_feed

        if looks_like_feed(sample):
            return "feed"
    if by_ext == "feed":
        return "feed"  # named .rss/.atom: feedparser says what is wrong with it
    low = sample[:1024].lower()
    if low.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in low or "<article" in low:
        return "html"
    if by_ext in ("json", "jsonl", "csv", "tsv", "html"):
        return by_ext
    if sample.startswith(("{", "[")):
        first = sample.split("\n", 1)[0].strip()
        return "jsonl" if first.startswith("{") and first.endswith("}") and "\n{" in sample else "json"
    if by_ext is None and _looks_tabular(sample):
        return "tsv" if sample.split("\n", 1)[0].count("\t") > sample.split("\n", 1)[0].count(",") else "csv"
    return "raw"


def _looks_tabular(sample: str) -> bool:
    """A header naming a text column, then rows of the same width (quoted newlines allowed)."""
    for sep in (",", "\t", ";"):
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(sample), delimiter=sep), 8))
        except csv.Error:
            continue
        if len(rows) < 2 or len(rows[0]) < 2:
            continue
        header = {_key(c) for c in rows[0]}
        complete = rows[1:-1] or rows[1:]
        if header & set(ALIASES["text"]) and all(len(r) == len(rows[0]) for r in complete[:1]):
            return True
    return False


def decode(data: bytes, *, partial: bool = False) -> str:
    """Decode bytes of any common encoding to text; raise for binary content.

    UTF-8 (with or without BOM), UTF-16/32 (with BOM, or UTF-16 without one),
    then legacy single-byte text (detected with charset-normalizer, cp1252 by
    default). Undecodable bytes never raise: they become U+FFFD.

    Example
    -------
    >>> decode("Café".encode("cp1252")), decode("Café".encode("utf-16"))
    ('Café', 'Café')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                     (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    sample = data[:4096]
    if len(sample.translate(None, _ODD_BYTES)) != len(sample):  # (the usual text has none: skip the checks)
        utf16 = _utf16_order(sample) if _LOW_BYTES.search(sample) else None  # text has no bytes below TAB
        if utf16:
            return data.decode(utf16, "replace")
        nuls = sample.count(0)
        if nuls:
            if nuls > max(8, len(sample) // 100):
                raise _Reject("binary content (NUL bytes in a non-UTF-16 file)")
            data = data.replace(b"\x00", b"")  # a few stray NULs in a text: they carry no text
            sample = data[:4096]
        if len(sample) - len(sample.translate(None, _CONTROL_BYTES)) > max(8, len(sample) // 100):
            raise _Reject("binary content (control bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3:  # a character cut by the sample's end
            return data[: exc.start].decode("utf-8")
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if good and good * 4 >= bad:
        return text  # valid multi-byte UTF-8 throughout, some bytes damaged: UTF-8, damage as U+FFFD
    encoding = "cp1252"
    try:
        from charset_normalizer import from_bytes

        # UTF-8/16/32 were ruled out above (a guess of UTF-16 for a few bytes of cp1252 is wrong)
        results = [m for m in from_bytes(data[:65536])
                   if m.encoding and not m.encoding.replace("_", "").lower().startswith(("utf", "ascii"))]
        if results:
            best = results[0]
            # on a tie (cp1250 and cp1252 often tie; short texts tie with dozens), the web's usual ones win
            tied = {m.encoding for m in results if m.chaos <= best.chaos and m.coherence >= best.coherence}
            encoding = next((e for e in _USUAL_ENCODINGS if e in tied), best.encoding)
    except Exception:  # detection is a hint only
        pass
    return data.decode(encoding, "replace")


_USUAL_ENCODINGS = ("cp1252", "cp1250", "cp1251", "iso8859_15", "latin_1", "cp1253", "cp1254", "cp1257")
_CONTROL_BYTES = bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27])


_LOW_BYTES = re.compile(rb"[\x00-\x08]")
_ODD_BYTES = bytes(range(0, 9)) + _CONTROL_BYTES  # none of these: no UTF-16, NUL or control-byte checks needed


def _utf16_order(sample: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` for UTF-16 text without a BOM, else None.

    In UTF-16 text of an alphabetic script every other byte is the high byte of
    a code point and takes one or two values (0x00 for ASCII, 0x04 for Cyrillic,
    ...), while the other bytes vary; single-byte and UTF-8 text never look so.
    """
    n = len(sample) - len(sample) % 2
    if n < 8:
        return None
    for enc, high, low in (("utf-16-le", sample[1:n:2], sample[0:n:2]), ("utf-16-be", sample[0:n:2], sample[1:n:2])):
        top = Counter(high).most_common(2)
        if sum(c for _, c in top) < 0.95 * len(high) or len(set(low)) < min(6, len(low) // 2):
            continue
        if 0 not in dict(top) and not (b"\x00" in sample or _not_utf8(sample)):
            continue  # a high byte that is never 0: only believe it when the text is not UTF-8
        try:
            text = sample[:n].decode(enc)
        except UnicodeDecodeError:
            continue
        if sum(c.isprintable() or c in "\n\r\t" for c in text) >= 0.95 * len(text):
            return enc
    return None


def _not_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(sample) - 3
    return False


def _read_archive(kind: str, data: bytes, name: str, origin: str, format, columns, batch: _Batch,
                  *, depth: int, budget: _Budget) -> None:
    if kind in ("gzip", "bz2"):
        inner = _inflate(kind, data, budget)
        inner_name = name[: -len(Path(name).suffix)] if Path(name).suffix.lower() in (".gz", ".gzip", ".bz2") else name
        _read_bytes(inner, inner_name, origin, format, columns, batch, depth=depth, budget=budget)
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _Reject(f"truncated or corrupt zip archive ({exc})") from None
    if not members:
        raise _Reject("zip archive has no files")
    for info in members:
        # the member name is only a label: nothing is written to disk, so "../" or "/etc/..." is harmless
        member_origin = f"{origin}!{_safe_origin(info.filename)}"
        try:
            inner = _extract(archive, info, budget)
        except _Reject as exc:
            batch.rejected.append((member_origin, str(exc)))
            batch.seen += 1
            continue
        _read_bytes(inner, PurePosixPath(info.filename.replace("\\", "/")).name, member_origin, format, columns,
                    batch, depth=depth, budget=budget)


def _room(budget: _Budget) -> int:
    """How many bytes the next member may decompress to."""
    return max(0, min(MAX_MEMBER_BYTES, MAX_ARCHIVE_BYTES - budget.used))


def _over(n: int, budget: _Budget) -> _Reject:
    if MAX_ARCHIVE_BYTES - budget.used < MAX_MEMBER_BYTES:
        return _Reject(f"decompresses past the MAX_ARCHIVE_BYTES limit of {_size(MAX_ARCHIVE_BYTES)} "
                       f"for one input ({_size(budget.used)} already decompressed; possible compression bomb)")
    return _Reject(f"decompresses to more than the MAX_MEMBER_BYTES limit of {_size(MAX_MEMBER_BYTES)} "
                   "(possible compression bomb)")


def _inflate(kind: str, data: bytes, budget: _Budget) -> bytes:
    room = _room(budget)
    try:
        with (gzip.GzipFile(fileobj=io.BytesIO(data)) if kind == "gzip" else bz2.BZ2File(io.BytesIO(data))) as fh:
            inner = fh.read(room + 1)  # never more than the limit, however much the stream claims
    except (OSError, EOFError, ValueError, zlib_error) as exc:
        raise _Reject(f"truncated or corrupt {kind} data ({exc})") from None
    if len(inner) > room:
        raise _over(len(inner), budget)
    budget.used += len(inner)
    return inner


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    room = _room(budget)
    if info.file_size > room:  # the declared size already says no
        raise _over(info.file_size, budget)
    try:
        with archive.open(info) as fh:
            inner = fh.read(room + 1)  # the declared size may lie: read no more than allowed
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib_error) as exc:
        raise _Reject(f"cannot be extracted ({exc})") from None
    if len(inner) > room:
        raise _over(len(inner), budget)
    budget.used += len(inner)
    return inner


# --------------------------------------------------------------------------- pages


#: A raw page with more lines than this is not split into headline, credits and furniture
#: (no scraped page is that long, and line-by-line parsing would take long): its whole text
#: is the article.
_PAGE_LINES = 50_000


def _parse_page(text: str, origin: str) -> dict:
    from .rawpage import parse_page

    if text.count("\n") + text.count("\r") > _PAGE_LINES and len(text.splitlines()) > _PAGE_LINES:
        page = {"text": text, "furniture": 0}
    else:
        page = parse_page(text, origin=origin)
    if not page.get("text"):
        if page.get("title"):
            raise _Reject("page has a headline but no article text")
        raise _Reject(f"page has no article text (only page furniture: {page.get('furniture', 0)} line(s))")
    return {
        "title": page.get("title"),
        "text": page.get("text") or "",
        "published": page.get("published"),
        "url": page.get("url"),
        "source": page.get("source"),
        "dateline": page.get("dateline"),
        "authors": page.get("authors") or [],
        "origin": origin,
    }


#: Elements that never hold article text; dropped before extraction so that a page without an
#: article yields nothing (instead of its menu) and script or frame content can never leak in.
_NOT_TEXT = ("script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "template",
             "svg", "canvas", "nav", "form", "button", "select", "textarea", "menu", "dialog")


def _strip_html(text: str):
    """Parse HTML and drop the elements of :data:`_NOT_TEXT` (JSON-LD metadata is kept)."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        return None
    for el in list(tree.iter(*_NOT_TEXT)):
        if el.tag == "script" and "ld+json" in (el.get("type") or ""):
            continue
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()
    return tree


def _parse_html(text: str, origin: str, *, extensive_dates: bool = True) -> dict:
    """``extensive_dates=False``: the date only from the page's metadata and markup, none guessed
    from its text (copyright years); :mod:`analysis.warc` then falls back to the crawl's date."""
    import trafilatura
    from trafilatura.settings import set_date_params

    tree = _strip_html(text)
    if tree is None:
        raise _Reject("HTML page cannot be parsed")
    doc = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True,
                                      date_extraction_params=None if extensive_dates else set_date_params(False))
    if doc is None:
        raise _Reject("HTML page has no extractable article text")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = meta.get("text") or ""
    title = meta.get("title")
    if title and body.startswith(title):
        body = body[len(title):].lstrip("\n")
    if not body.strip():
        raise _Reject("HTML page has no extractable article text")
    authors = [a.strip() for a in re.split(r";|\band\b|,", meta.get("author") or "") if a.strip()]
    return {
        "title": title,
        "text": "\n\n".join(p.strip() for p in body.split("\n") if p.strip()),
        "published": meta.get("date"),
        "url": meta.get("url"),
        "source": meta.get("sitename") or meta.get("hostname"),
        "dateline": None,
        "authors": authors,
        "origin": origin,
    }


# --------------------------------------------------------------------------- tables


def _parse_table(kind: str, data: bytes, origin: str, batch: _Batch) -> pd.DataFrame | None:
    """The table in ``data``; the rows (lines, items) read are counted in ``batch.seen`` here."""
    if kind == "parquet":
        try:
            import pyarrow.parquet as pq

            n = pq.ParquetFile(io.BytesIO(data)).metadata.num_rows  # known before any row is read
            if n > MAX_TABLE_ROWS:
                raise _Reject(_too_many_rows())
            df = pd.read_parquet(io.BytesIO(data))
        except _Reject:
            raise
        except Exception as exc:  # pyarrow raises many types
            raise _Reject(f"unreadable Parquet ({type(exc).__name__}: {exc})") from None
        batch.seen += len(df)
        return df
    text = decode(data)
    if kind == "json":
        return _json_table(text, origin, batch)
    if kind == "jsonl":
        return _jsonl_table(text, origin, batch)
    return _csv_table(text, "\t" if kind == "tsv" else ",", origin, batch)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(obj: Any) -> Any:
    """Replace lone surrogates (from ``\\ud800``-style JSON escapes) by U+FFFD, recursively."""
    if isinstance(obj, str):
        return _SURROGATE.sub("\ufffd", obj)
    if isinstance(obj, list):
        return [_no_surrogates(x) for x in obj]
    if isinstance(obj, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in obj.items()}
    return obj


def _json_loads(text: str) -> Any:
    """``json.loads`` (duplicate keys: the last one wins) without lone surrogates."""
    obj = json.loads(text)
    return _no_surrogates(obj) if _SURROGATE_ESCAPE.search(text) else obj


def _json_table(text: str, origin: str, batch: _Batch) -> pd.DataFrame:
    try:
        obj = _json_loads(text)
    except json.JSONDecodeError as exc:
        raise _Reject(f"malformed JSON on line {exc.lineno} ({exc.msg})") from None
    except RecursionError:
        raise _Reject("JSON nested too deeply to parse") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise _Reject(f"JSON cannot be read ({str(exc)[:120]})") from None
    if isinstance(obj, dict):
        lists = [v for k, v in obj.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            obj = lists[0]
        elif any(_key(k) in ALIASES["text"] for k in obj):
            obj = [obj]
        else:
            raise _Reject(f"JSON object is not an article and holds no list of articles; keys are {list(obj)[:10]}")
    if not isinstance(obj, list):
        raise _Reject(f"JSON is not a list of objects (top level is {type(obj).__name__})")
    if not obj:
        raise _Reject("JSON list is empty")
    bad = [i for i, x in enumerate(obj) if not isinstance(x, dict)]
    if bad:
        raise _Reject(f"JSON is not a list of objects (item {bad[0]} is {type(obj[bad[0]]).__name__})")
    if len(obj) > MAX_TABLE_ROWS:
        raise _Reject(_too_many_rows())
    batch.seen += len(obj)
    rows, labels = [], []
    for i, item in enumerate(obj, start=1):
        problem = _record_problem(item)
        if problem:
            batch.rejected.append((f"{origin}:item {i}", f"item {i} {problem}"))
            continue
        rows.append(_known_layout(item))
        labels.append(f"row {i}")
    if not rows:
        return None  # every item was rejected on its own
    df = pd.DataFrame.from_records(rows)
    df.attrs["record_label"] = labels
    return df


def _record_problem(obj: dict) -> str | None:
    """Why one JSON object is not read as a record (too many keys: each would be a column), or None."""
    if len(obj) > MAX_RECORD_KEYS:
        return f"has {len(obj):,} keys, over the MAX_RECORD_KEYS limit of {MAX_RECORD_KEYS:,}"
    return None


#: NewsAPI's mark of a cut text: "... [+1234 chars]"
_NEWSAPI_CUT = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+(\d+) chars\]\s*$")


def _known_layout(obj: dict) -> dict:
    """One record of a known export layout made flat. NewsAPI (``source`` an object, ``publishedAt``,
    ``urlToImage``): ``source`` becomes its name, ``publishedAt`` the date, ``text`` the ``content``
    without its "[+N chars]" mark (else ``description``), and ``note`` says when the text is cut."""
    src = obj.get("source")
    if not (isinstance(src, dict) and ("publishedAt" in obj or "urlToImage" in obj)):
        return obj
    out = {k: v for k, v in obj.items() if k not in ("source", "publishedAt", "content", "description")}
    out["source"] = src.get("name") or None
    out["published"] = obj.get("publishedAt")
    content = obj.get("content") if isinstance(obj.get("content"), str) else ""
    description = obj.get("description") if isinstance(obj.get("description"), str) else ""
    cut = _NEWSAPI_CUT.search(content)
    if cut:
        content = content[:cut.start()]
    if cut or (not content and description):
        out["note"] = ("NewsAPI text is truncated: " + (f"{cut.group(1)} more characters not in the export"
                                                        if cut else "the description only"))
    out["text"] = content or description
    return out


_GDELT_RECORD_ID = re.compile(r"\d{14}-T?\d+")


def _gdelt_kind(columns: list[str]) -> str | None:
    """Which GDELT export a table with these columns is (DOC API, GKG, Events), or None."""
    keys = {_key(c) for c in columns}
    if {"seendate", "socialimage"} <= keys or {"url_mobile", "sourcecountry"} <= keys:
        return "the GDELT DOC API export"
    if "gkgrecordid" in keys or {"documentidentifier", "v2themes"} <= keys or (
            columns and _GDELT_RECORD_ID.fullmatch(columns[0].strip())):
        return "the GDELT GKG export"
    if {"globaleventid", "sourceurl"} <= keys or (len(columns) in (57, 58, 61) and columns[0].isdigit()
                                                  and columns[-1].startswith("http")):
        return "the GDELT Events export"
    return None


def _jsonl_table(text: str, origin: str, batch: _Batch, *, first_line: int = 1,
                 whole: bool = True) -> pd.DataFrame | None:
    """The objects of the JSON Lines ``text`` (lines numbered from ``first_line``) as a table, None when every
    line was rejected on its own; ``whole=False``: a piece of a file (no row limit, no lines is no error)."""
    rows, lines = [], []
    n_bad = len(batch.rejected)
    # split on newlines only: U+2028 and friends are legal inside JSON strings
    all_lines = text.split("\n")
    if whole and len(all_lines) > MAX_TABLE_ROWS and sum(1 for line in all_lines if line.strip()) > MAX_TABLE_ROWS:
        raise _Reject(_too_many_rows())
    for n, line in enumerate(all_lines, start=first_line):
        if not line.strip():
            continue
        batch.seen += 1
        label = f"{origin}:line {n}"
        if line[0] == "\ufeff":
            line = line.lstrip("\ufeff")  # a BOM of a file appended to this one
        if len(line) > MAX_LINE_BYTES // 4 and (size := len(line.encode("utf-8", "surrogatepass"))) > MAX_LINE_BYTES:
            batch.rejected.append((label, f"line {n} is {_size(size)}, over the MAX_LINE_BYTES limit of "
                                          f"{_size(MAX_LINE_BYTES)}"))
            continue
        try:
            obj = _json_loads(line)
        except json.JSONDecodeError as exc:
            batch.rejected.append((label, f"malformed JSON on line {n} ({exc.msg})"))
            continue
        except RecursionError:
            batch.rejected.append((label, f"line {n} is JSON nested too deeply to parse"))
            continue
        except ValueError as exc:  # an integer of more than 4,300 digits
            batch.rejected.append((label, f"line {n} cannot be read ({str(exc)[:120]})"))
            continue
        if not isinstance(obj, dict):
            batch.rejected.append((label, f"line {n} is a JSON {type(obj).__name__}, not an object"))
            continue
        problem = _record_problem(obj)
        if problem:
            batch.rejected.append((label, f"line {n} {problem}"))
            continue
        rows.append(_known_layout(obj))
        lines.append(n)
    if not rows:
        if len(batch.rejected) > n_bad or not whole:
            return None  # every line was rejected on its own
        raise _Reject("JSON Lines file has no valid object lines")
    df = pd.DataFrame.from_records(rows)
    df.attrs["record_label"] = [f"line {n}" for n in lines]
    return df


_DELIMITERS = (",", ";", "\t", "|")


def _sniff(text: str, default: str) -> str:
    """The delimiter of a delimited table: the one whose header names a text column,
    else the one that splits the header into the most fields (``default`` on a tie)."""
    head = text[:65536]
    best, best_n = default, 1
    for sep in (default,) + tuple(d for d in _DELIMITERS if d != default):
        try:
            header = next(csv.reader(io.StringIO(head), delimiter=sep), [])
        except csv.Error:
            continue
        if {_key(c) for c in header} & set(ALIASES["text"]):
            return sep
        if len(header) > best_n:
            best, best_n = sep, len(header)
    return best


#: Rows read from a CSV/TSV at a time (memory per step stays small, and the row limit is checked as it goes).
_CSV_CHUNK_ROWS = 50_000
#: Unterminated quotes skipped per CSV before the file is rejected as malformed.
_MAX_QUOTE_REPAIRS = 20


class _Unterminated(Exception):
    """A quoted CSV field that opens on line ``line`` never closes."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _csv_table(text: str, sep: str, origin: str, batch: _Batch, *, quotes_paired: bool = False) -> pd.DataFrame:
    """A delimited table read in chunks of :data:`_CSV_CHUNK_ROWS` rows. Bad rows are rejected one by
    one (ragged rows, a line opening a quote that never closes, repeated header rows), good rows kept;
    BOMs (of files concatenated into one) are removed. ``quotes_paired``: the text's quote marks are
    known to be even in number (they are not counted again)."""
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")  # a zero-width no-break space: no text in it
    sep = _sniff(text, sep)
    with warnings.catch_warnings():  # pandas' parser warnings say what the rejections below say
        warnings.simplefilter("ignore", pd.errors.ParserWarning)
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        for _ in range(_MAX_QUOTE_REPAIRS):
            try:
                df = _read_delimited(text, sep, origin, batch, quotes_paired=quotes_paired)
                break
            except _Unterminated as exc:
                lines = text.split("\n")
                batch.rejected.append((f"{origin}:line {exc.line}", f"unterminated quote: the quoted field opened "
                                       f"on line {exc.line} never closes (line skipped): {lines[exc.line - 1][:60]!r}"))
                batch.seen += 1
                del lines[exc.line - 1]
                text = "\n".join(lines)
        else:
            raise _Reject(f"malformed CSV (more than {_MAX_QUOTE_REPAIRS} unterminated quotes)")
    df.attrs["analysis.decoded_text"] = True  # read from decoded text: no lone surrogates (decode() replaces, never escapes)
    return _drop_repeated_headers(df, origin, batch)


def _read_delimited(text: str, sep: str, origin: str, batch: _Batch, *, quotes_paired: bool = False) -> pd.DataFrame:
    options = dict(sep=sep, dtype=object, keep_default_na=False, index_col=False, chunksize=_CSV_CHUNK_ROWS)
    df = None
    try:
        df = _read_chunks(pd.read_csv(_TextStream(text), on_bad_lines="error", engine="c", **options))
    except pd.errors.EmptyDataError:
        raise _Reject("CSV has no header or rows") from None
    except (pd.errors.ParserError, ValueError, csv.Error, OverflowError):
        pass
    # quotes that do not pair up: a quoted field never closes and swallows the rows after it
    # (both parsers take it silently, or the fast one fails): find it, to skip that line only
    if (df is None or (not quotes_paired and text.count('"') % 2) or _swallowed_lines(df)) and \
            (line := _unterminated_line(text, sep)):
        raise _Unterminated(line)
    if df is not None:
        batch.seen += len(df)
        return df
    bad: list[str] = []

    def keep_bad(fields: list[str]) -> None:
        bad.append(sep.join(fields)[:60])
        return None

    try:
        df = _read_chunks(pd.read_csv(_TextStream(text), on_bad_lines=keep_bad, engine="python", **options))
    except pd.errors.EmptyDataError:
        raise _Reject("CSV has no header or rows") from None
    except (pd.errors.ParserError, ValueError, csv.Error, OverflowError) as exc:
        raise _Reject(f"malformed CSV ({str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__})") from None
    for i, snippet in enumerate(bad, start=1):
        batch.rejected.append((f"{origin}:bad row {i}", f"ragged row (wrong number of fields): {snippet!r}"))
    batch.seen += len(df) + len(bad)
    return df


class _TextStream:
    """A read-only text file over a string, for ``pd.read_csv``: unlike ``io.StringIO`` (which holds
    4 bytes per character) it hands out slices of the string and copies nothing else."""

    def __init__(self, text: str) -> None:
        self._text, self._at = text, 0

    def read(self, size: int = -1) -> str:
        end = len(self._text) if size is None or size < 0 else self._at + size
        out = self._text[self._at:end]
        self._at += len(out)
        return out

    def readline(self) -> str:
        end = self._text.find("\n", self._at)
        return self.read(-1 if end < 0 else end + 1 - self._at)

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def _read_chunks(reader) -> pd.DataFrame:
    """All chunks of a ``read_csv(..., chunksize=...)`` reader as one table; ``_Reject`` as soon as
    there are more than :data:`MAX_TABLE_ROWS` rows (never more than one chunk over the limit in memory)."""
    parts, n = [], 0
    with reader:
        for chunk in reader:
            n += len(chunk)
            if n > MAX_TABLE_ROWS:
                raise _Reject(_too_many_rows())
            parts.append(chunk)
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _too_many_rows() -> str:
    return (f"table has more than the MAX_TABLE_ROWS limit of {MAX_TABLE_ROWS:,} rows per input "
            "(split it, or raise analysis.ingest.load.MAX_TABLE_ROWS)")


_ONE_LINE_ROLES = frozenset(ALIASES["title"] + ALIASES["url"] + ALIASES["published"] + ALIASES["source"])


def _swallowed_lines(df: pd.DataFrame) -> bool:
    """Whether a column that holds one line per row (title, URL, date, source) has a newline in
    some row: the mark of a quote that swallowed the rows after it (checked strictly then)."""
    for col in df.columns:
        if _key(col) in _ONE_LINE_ROLES and df[col].str.contains("\n", regex=False, na=False).any():
            return True
    return False


def _unterminated_line(text: str, sep: str) -> int | None:
    """The line on which the first badly quoted CSV row starts (a quoted field that never closes,
    or closes where no field ends), else None. A strict pass of the ``csv`` module: run only
    when the fast parser failed or the quotes do not pair up."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error:
        return start
    return None


def _drop_repeated_headers(df: pd.DataFrame, origin: str, batch: _Batch) -> pd.DataFrame:
    """``df`` without rows that repeat its header (files concatenated with their headers), each
    rejected with its reason; the rows kept are labelled with their row numbers in the file."""
    if not len(df) or len(df.columns) < 2:
        return df
    repeated = pd.Series(True, index=df.index)
    for col in df.columns:
        repeated &= df[col].astype(str).str.strip() == str(col).strip()
        if not repeated.any():
            return df
    rows = [i + 1 for i in range(len(df))]
    for i in [r for r, hit in zip(rows, repeated) if hit]:
        batch.rejected.append((f"{origin}:row {i}", "repeated header row (files concatenated with their headers?)"))
    kept = df[~repeated.to_numpy()]
    kept.attrs["record_label"] = [f"row {r}" for r, hit in zip(rows, repeated) if not hit]
    return kept


def _key(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _map_columns(df: pd.DataFrame, columns: Mapping[str, str] | None, origin: str) -> dict[str, str]:
    keys = {_key(c): c for c in df.columns}
    mapping: dict[str, str] = {}
    for role, names in ALIASES.items():
        for name in names:
            if name in keys and keys[name] not in mapping.values():
                mapping[role] = keys[name]
                break
    for role, col in (columns or {}).items():
        if col not in df.columns:
            raise _Reject(f"columns= names {col!r} for {role!r}, but the columns are {list(map(str, df.columns))}")
        mapping[role] = col
    if "text" not in mapping:
        gdelt = _gdelt_kind([str(c) for c in df.columns])
        if gdelt:
            raise _Reject(f"GDELT export: no article text ({gdelt} lists URLs and metadata only); fetch the "
                          "URLs and load the saved pages")
        raise _Reject(f"no text column; columns are {list(map(str, df.columns))}")
    return mapping


def _read_table(df: pd.DataFrame, origin: str, columns, batch: _Batch) -> None:
    try:
        mapping = _map_columns(df, columns, origin)
    except _Reject as exc:
        batch.rejected.append((origin, str(exc)))
        batch.seen -= len(df) - 1  # its rows, counted where read, are one input rejected as a whole
        return
    labels = df.attrs.get("record_label") or [f"row {i + 1}" for i in range(len(df))]
    if origin == "DataFrame":
        labels = [f"index {i}" for i in df.index]
    used = set(mapping.values())
    extra = [c for c in df.columns if c not in used and c not in COLUMNS]
    checked = bool(df.attrs.get("analysis.decoded_text"))
    role_values = {role: _scalars(_storable(df[col], checked=checked)) for role, col in mapping.items()}
    extra_values = {str(c): _storable(df[c], checked=checked) for c in extra}
    # each record: the roles, then the other columns, then its origin (a later key wins, in place)
    keys = [*role_values, *extra_values, "origin"]
    origins = [f"{origin}:{label}" for label in labels]
    batch.records.extend([dict(zip(keys, row)) for row in zip(*role_values.values(), *extra_values.values(), origins)])


def _storable(column: pd.Series, *, checked: bool = False) -> list:
    """A column's values, with lone surrogates (which no string column can store) made U+FFFD
    (``checked``: the values are known to have none)."""
    values = column.tolist()
    if not checked and column.dtype == object and any(isinstance(v, str) and _SURROGATE.search(v) for v in values):
        values = [_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for v in values]
    return values


def _scalars(values: list) -> list:
    """``values`` with NaN (a missing value of pandas) as None (the list itself when none is a float:
    a table read from text)."""
    if not any(issubclass(t, float) for t in set(map(type, values))):
        return values
    return [None if isinstance(v, float) and v != v else v for v in values]


# --------------------------------------------------------------------------- assembly


def _use_linked_pages(records: list[dict]) -> None:
    """Summary-only feed items take the text of their linked page when it was loaded too
    (see :func:`analysis.feeds.use_linked_pages`)."""
    if any("note" in rec for rec in records):
        from .feeds import use_linked_pages

        use_linked_pages(records)


def _domain(url: Any) -> str | None:
    if not isinstance(url, str) or "." not in url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


_EPOCH_S = re.compile(r"-?\d{9,10}(?:\.\d+)?")
_EPOCH_MS = re.compile(r"-?\d{12,13}")
_NS_MIN = pd.Timestamp.min.tz_localize("UTC")
_NS_MAX = pd.Timestamp.max.tz_localize("UTC")


def _in_range(parsed: pd.Series) -> pd.Series:
    """Parsed UTC times as ``datetime64[ns, UTC]``; those ns cannot hold (before 1677,
    after 2262, parsed at a coarser unit) become NaT instead of overflowing."""
    parsed = pd.to_datetime(parsed, utc=True, errors="coerce")
    ok = parsed.notna() & (parsed >= _NS_MIN) & (parsed <= _NS_MAX)
    out = pd.Series(pd.NaT, index=parsed.index, dtype="datetime64[ns, UTC]")
    if ok.any():
        out[ok] = parsed[ok].astype("datetime64[ns, UTC]")
    return out


def _parse_each(values: pd.Series, **kwargs) -> pd.Series:
    """``pd.to_datetime`` on a Series, falling back to one value at a time if it raises."""
    try:
        return _in_range(pd.to_datetime(values, utc=True, errors="coerce", **kwargs))
    except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
        pass
    out = []
    for v in values:
        try:
            out.append(_in_range(pd.to_datetime(pd.Series([v]), utc=True, errors="coerce", **kwargs)).iloc[0])
        except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
            out.append(pd.NaT)
    return pd.Series(out, index=values.index, dtype="datetime64[ns, UTC]")


def _dates(values: list[Any]) -> pd.Series:
    """Publication times from mixed values: timestamps, dates, strings, epoch seconds or
    milliseconds (numbers or digit strings). Anything unparseable or out of range is NaT."""
    s = pd.Series([v.decode("utf-8", "replace") if isinstance(v, (bytes, bytearray)) else v for v in values],
                  dtype=object)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")
    stamps = s.map(lambda v: isinstance(v, (pd.Timestamp, _date)) or (hasattr(v, "tzinfo") and not isinstance(v, str)))
    numbers = s.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v == v
                    and abs(v) != float("inf"))
    strings = s.map(lambda v: isinstance(v, str) and bool(v.strip()))
    if strings.any():  # digit strings that are epoch times (CSV cells are always strings)
        text = s[strings].map(str.strip)
        epoch = text.map(lambda t: bool(_EPOCH_S.fullmatch(t) or _EPOCH_MS.fullmatch(t))).astype(bool)
        if epoch.any():
            s = s.copy()
            for i in epoch[epoch].index:
                s.at[i] = float(text[i])
            numbers = numbers | epoch.reindex(s.index, fill_value=False)
            strings = strings & ~epoch.reindex(s.index, fill_value=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if stamps.any():
            out[stamps] = _parse_each(s[stamps].map(lambda v: pd.Timestamp(v) if isinstance(v, _date) else v))
        if numbers.any():  # epoch seconds (or milliseconds when large)
            num = pd.to_numeric(s[numbers], errors="coerce").astype(float)
            seconds = num.where(num.abs() <= 1e11, num / 1000)
            ok = seconds.abs() < 9.2e9  # the datetime64[ns] range, about 1678-2262
            conv = pd.Series(pd.NaT, index=num.index, dtype="datetime64[ns, UTC]")
            if ok.any():
                conv[ok] = pd.to_datetime((seconds[ok] * 1e9).round().astype("int64"), unit="ns", utc=True)
            out[numbers] = conv
        if strings.any():
            text = s[strings].str.strip()
            parsed = _parse_each(text)
            missing = parsed.isna()
            if missing.any():
                parsed[missing] = _parse_each(text[missing], format="mixed")
            out[strings] = parsed
    return out




def _as_text(value: Any) -> str:
    """An article text from a table cell: str as is, bytes decoded, a list of paragraphs joined.

    Raises ``_Reject`` for values that are not text (numbers, mappings, ...).
    """
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return decode(bytes(value))
    if hasattr(value, "tolist"):
        value = value.tolist()  # numpy arrays (Parquet list columns) and numpy scalars
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, str) for v in value):
            return "\n\n".join(value)
        kinds = sorted({type(v).__name__ for v in value if not isinstance(v, str)})
        raise _Reject(f"text is a list holding {', '.join(kinds)}, not paragraphs of text")
    if isinstance(value, (bool, int, float)):
        raise _Reject(f"text is a number ({type(value).__name__} {value!r}), not text")
    raise _Reject(f"text is a {type(value).__name__}, not text")


def _cleaned(rec: dict) -> dict | str:
    """One record's cleaned text and repair counts, or the reason the record is rejected."""
    try:
        raw = _as_text(rec.get("text"))
    except _Reject as exc:
        return str(exc)
    if len(raw) > MAX_TEXT_BYTES // 4 and (n := len(raw.encode("utf-8", "surrogatepass"))) > MAX_TEXT_BYTES:
        return f"text is {_size(n)}, over the MAX_TEXT_BYTES limit of {_size(MAX_TEXT_BYTES)} per article"
    try:
        raw.encode("utf-8")  # fails only on lone surrogates; much faster than searching for them
    except UnicodeEncodeError:
        raw = _SURROGATE.sub("\ufffd", raw)  # lone surrogates cannot be stored: counted as lost
    text, repaired, lost = clean_text(raw)
    if not text:
        return "empty text" if not raw.strip() else "no article text after cleaning"
    out = {"text": text, "n_repaired": repaired, "n_unrepairable": lost}
    title = rec.get("title")
    if type(title) is str and ('"' in title or "\ufffd" in title):  # the damage of the text, repaired alike
        fixed = clean_text(title)[0]  # (the counts stay those of the text)
        if fixed != title:
            out["title"] = fixed
    return out


_HASH_BATCH = 1000  # texts hashed together (fingerprints): few NumPy calls, bounded memory


def _prepared(records: list[dict]) -> list[dict | str]:
    """What :func:`_prepare` adds to each record (cleaned text, counts, word count, id and
    duplicate keys), or the reason the record is rejected."""
    out = [_cleaned(rec) for rec in records]
    kept = [new for new in out if not isinstance(new, str)]
    for i in range(0, len(kept), _HASH_BATCH):
        part = kept[i:i + _HASH_BATCH]
        for new, keys in zip(part, fingerprints([new["text"] for new in part])):
            new["n_words"] = keys.n_words
            new["article_id"] = make_article_id(new["text"])
            new["_exact"] = keys.exact
            new["_minhash"] = keys.signature
    return out


def _prepared_part(records: list[dict], part: range) -> list[dict | str]:
    """:func:`_prepared` of ``records[part]`` (in a worker process); an unchanged text is not
    sent back."""
    mine = records[part.start:part.stop]
    out = _prepared(mine)
    for rec, new in zip(mine, out):
        if not isinstance(new, str) and new["text"] is rec.get("text"):
            del new["text"]
    return out


def _prepare(batch: _Batch, *, n_jobs: int = 1) -> _Batch:
    """Clean each record's text, reject the empty ones, and compute its duplicate keys
    (in up to ``n_jobs`` processes when there are at least ``_PARALLEL_RECORDS`` records)."""
    return _merged(batch, _prepared_records(batch.records, n_jobs))


def _prepared_records(records: list[dict], n_jobs: int = 1) -> list[dict | str]:
    """:func:`_prepared` of ``records``, in up to ``n_jobs`` processes when there are at least
    ``_PARALLEL_RECORDS``."""
    workers = min(n_jobs, len(records) // (_PARALLEL_RECORDS // 2))
    if len(records) >= _PARALLEL_RECORDS and workers > 1:
        step = -(-len(records) // workers)  # one part per process
        parts = [range(i, min(i + step, len(records))) for i in range(0, len(records), step)]
        return list(itertools.chain.from_iterable(_pool_map(_prepared_part, records, parts, workers)))
    return _prepared(records)


def _merged(batch: _Batch, results: list[dict | str]) -> _Batch:
    """``batch`` with what :func:`_prepared` found for each of its records: the record updated,
    or rejected with the reason."""
    out = _Batch(rejected=list(batch.rejected), seen=batch.seen)
    for rec, new in zip(batch.records, results):
        if isinstance(new, str):
            out.rejected.append((rec["origin"], new))
        else:
            out.records.append({**rec, **new})
    return out


_NOT_COLUMNS = frozenset({"text", "_minhash", "_exact"})


def _articles(batch: _Batch, *, furniture: bool = True, n_jobs: int = 1,
              earlier: Any = None) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The articles of the prepared ``batch`` (:func:`_assemble`), their furniture removed when
    ``furniture`` (:func:`analysis.furniture.strip`) and their language detected
    (:func:`analysis.language.add_language`), in up to ``n_jobs`` processes; the rejected inputs
    and the number of exact duplicates dropped. The texts go from step to step as the strings
    they are, not read back from the table's column each time. ``earlier``: the articles of the
    chunks before this one (:class:`analysis.ingest.dedupe.Earlier`), among which near-duplicates
    are found too."""
    from .language import MIN_CHARS, PARALLEL_FROM, PREFIX_CHARS, _detect_part, _with_language

    from .furniture import MIN_ARTICLES, MIN_SHARE, _find, _found_meanwhile, _strip

    rows, rejected, n_dupes = _distinct(batch)
    texts = [r["text"] for r in rows]
    # with the furniture to remove in worker processes, the language of the texts as they are is
    # detected in the background meanwhile, on a core this process's serial steps leave idle: the first
    # while near-duplicates are found and the table is made, the last _LATE_LANGUAGE of them from when
    # this process has no outlet left to take until the pieces found are removed; a text whose start the
    # removal changed is detected again at the end
    early = furniture and _jobs(n_jobs) > 1 and len(texts) >= PARALLEL_FROM
    shared = (texts, MIN_CHARS, PREFIX_CHARS)
    first = len(texts) - int(_LATE_LANGUAGE * len(texts))
    with (_in_background(_detect_part, shared, range(first)) if early else contextlib.nullcontext()) as codes, \
            contextlib.ExitStack() as stack:
        later: list[Callable[[], list]] = []

        def detect_the_rest() -> None:  # the language of the last texts, in the background from now
            if early and not later:
                later.append(stack.enter_context(_in_background(_detect_part, shared, range(first, len(texts)))))

        twins = near_duplicates(texts, signatures=[r["_minhash"] for r in rows], n_jobs=n_jobs, earlier=earlier,
                                ids=None if earlier is None else [r["article_id"] for r in rows]) if rows else []
        # the furniture of whole outlets is found in worker processes while this one makes the table, then
        # takes its share (what the furniture needs of the table, outlets and reprints, is made first); when
        # no outlet is left for it, the language of the last texts is detected on the core it leaves idle
        sources = _sources(rows)
        outlets = pd.DataFrame({"source": sources, "near_duplicate_of": twins}, dtype=object)
        with (_found_meanwhile(outlets, texts, n_jobs=n_jobs) if furniture else contextlib.nullcontext()) as found:
            articles = _assemble(rows, texts, twins, sources)
            pieces = found(idle=detect_the_rest) if furniture else None
        stripped = texts
        if furniture and len(articles):
            if pieces is None:  # (outlets that could not be shared out: the articles in parts)
                pieces = _find(articles, "source", "text", MIN_ARTICLES, MIN_SHARE, True, n_jobs, texts=texts)
            detect_the_rest()
            articles, stripped = _strip(articles, texts=texts, pieces=pieces)
        detect_the_rest()
        if len(articles):
            articles = _with_language(articles, stripped, n_jobs=n_jobs,
                                      known=(texts, codes() + later[0]()) if early else None)
    return articles, rejected, n_dupes


#: The share of the texts whose language the loader detects from when it has no outlet's furniture left
#: to find (see _articles): about as long as the workers' last outlets and the removal of the pieces
#: leave a core idle (0.35 to 0.65 tried at 100,000 articles on 2 cores: 0.45 to 0.55 the quickest).
_LATE_LANGUAGE = 0.5


def _distinct(batch: _Batch) -> tuple[list[dict], pd.DataFrame, int]:
    """The prepared records of ``batch`` without exact duplicates (the first kept), the rejected
    inputs as a table, and the number of exact duplicates dropped."""
    rows: list[dict] = []
    seen: set[bytes] = set()
    n_dupes = 0
    for rec in batch.records:
        if rec["_exact"] in seen:
            n_dupes += 1
            continue
        seen.add(rec["_exact"])
        rows.append(rec)
    return rows, pd.DataFrame(batch.rejected, columns=["input", "reason"]).astype("string"), n_dupes


def _assemble(rows: list[dict], texts: list[str], twins: list[int | str | None],
              sources: list[str | None]) -> pd.DataFrame:
    """The table of the distinct records ``rows`` (:func:`_distinct`; ``texts``: their texts, ``sources``:
    their outlets, :func:`_sources`), each marked with the id of its near-duplicate ``twins``
    (positions, or the ids of articles of earlier chunks: :func:`near_duplicates`)."""
    if not rows:
        return empty_articles()
    df = _table(rows)
    df["text"] = as_strings(texts, "string")  # (kept out of _table: one conversion to "string")
    for col in ("title", "url", "dateline", "source_id"):
        if col in df:
            df[col] = pd.Series([_text_or_none(v) for v in df[col].tolist()], index=df.index, dtype=object)
    df["published"] = _dates(df["published"].tolist() if "published" in df else [None] * len(df))
    df["source"] = pd.Series(sources, index=df.index, dtype=object)
    ids = df["article_id"].tolist()
    df["near_duplicate_of"] = [j if j is None or type(j) is str else ids[j] for j in twins]
    return conform(df)


def _sources(rows: list[dict]) -> list[str | None]:
    """Each record's outlet: its ``source`` (:func:`_text_or_none`), else its URL's domain."""
    return [_text_or_none(r.get("source")) or _domain(_text_or_none(r.get("url"))) for r in rows]


def _table(rows: list[dict]) -> pd.DataFrame:
    """``DataFrame.from_records(rows)`` without the columns :data:`_NOT_COLUMNS` (a key a record
    lacks is NaN there too), with the schema's columns left as Python objects: :func:`_assemble`
    and :func:`analysis.schema.conform` convert each of them once, where pandas would first
    make its own strings of them (0.1 s of 100,000 articles' table, on this process's path)."""
    keys: dict[str, None] = {}  # in the order they first appear, as from_records has them
    for names in dict.fromkeys(map(tuple, rows)):
        keys.update((k, None) for k in names if k not in _NOT_COLUMNS)
    return pd.DataFrame({k: pd.Series([r.get(k, float("nan")) for r in rows], dtype=object if k in COLUMNS else None)
                         for k in keys}, index=pd.RangeIndex(len(rows)))


def _text_or_none(value: Any) -> str | None:
    if (type(value) is str and value and value.isprintable()  # isprintable: no other white space, no surrogates
            and value[0] != " " and value[-1] != " " and "  " not in value):
        return value  # already one line with single spaces
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "replace")
    elif hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value if v is not None)
    text = " ".join(str(value).split())
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text or None
