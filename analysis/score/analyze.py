"""Score every article and sentence: sentiment, themes with evidence, actors.

One pass per article does all the work: the text is split into sentences
(:mod:`analysis.segment`), tokenised once for TextBlob-exact sentiment of the
article and each sentence (:mod:`analysis.sentiment`), and searched once for
theme terms (:mod:`analysis.themes`) and actors (:mod:`analysis.actors`). The
public functions differ only in the table they build from that pass:

* :func:`analyze` - one row per article (the input's columns plus scores),
* :func:`sentences` - one row per sentence,
* :func:`evidence` - one row per theme hit,
* :func:`actor_sentiment` - one row per article and actor.

All are pure: a new DataFrame out, the input untouched, its index kept (for
the per-article table). The text is scored as given, never cleaned or altered.

Each distinct text is scored once per call. With ``cache=`` (a folder, or
``$NEWS_ANALYSIS_CACHE``) per-article results are kept on disk by the hash of
the text (:mod:`analysis.cache`) and texts scored before are not scored again;
the tables are identical with and without the cache. For corpora larger than
memory, see :func:`analysis.stream.analyze_files`.
"""

from __future__ import annotations

import gc
import math
import os
import time
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..scale import distributed
from .match import share
from ..schema import require_columns

__all__ = ["code_version", "analyze", "analyze_all", "sentences", "evidence", "actor_sentiment", "sanction_events",
           "un_votes", "score_text", "ArticleScores",
           "Tables", "NEUTRAL_BAND"]

#: |score| at or below this counts as neutral when comparing TextBlob with VADER.
NEUTRAL_BAND = 0.05
_PROGRESS_FROM = 2000  # articles: with progress=None, show a bar from this size on
_CHUNK = 64  # articles per task at least ...
_CHUNK_MAX = 1024  # ... and at most: tasks shrink towards the end of a run so that the workers finish together
_FLUSH_ARTICLES = 10_000  # with a cache, each scoring process stores its results after this many articles ...
_FLUSH_SECONDS = 120.0  # ... or this many seconds, so that an interrupted run keeps its work


@dataclass(slots=True)
class ArticleScores:
    """Everything the scoring pass finds in one text."""

    spans: list[tuple[int, int]]
    polarity: float
    subjectivity: float
    sentence_sentiment: list[tuple[float, float]]
    theme_hits: list[dict]
    actor_hits: list[dict]  # each with "sentence_no" added
    vader: list[float] | None = None  # compound score per sentence
    tone: float = 0.0  # analysis.tone of the article ...
    sentence_tone: list[float] | None = None  # ... and of each sentence


@dataclass(frozen=True)
class _Config:
    themes: Any = None
    actors: Any = None
    vader: bool = False


@lru_cache(maxsize=8)
def _resources(config: _Config):
    from . import actors, themes

    lexicon = themes.load_lexicon(_unfreeze(config.themes))
    gazetteer = actors.load_gazetteer(_unfreeze(config.actors))
    share(lexicon.matcher, gazetteer.matcher)  # one automaton pass per text finds theme terms and actors
    analyzer = None
    if config.vader:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
    return lexicon, gazetteer, analyzer


def _hashable(source: Any) -> Any:
    """Lexicon or gazetteer sources as cache keys (dicts are frozen to their repr)."""
    if source is None or isinstance(source, (str, os.PathLike)):
        return source
    if isinstance(source, dict):
        return _Frozen(source)
    return source


class _Frozen:
    """A dict source made hashable by its canonical repr, still usable as the dict."""

    def __init__(self, value: dict):
        self.value = value
        self.key = repr(sorted(value.items(), key=lambda kv: str(kv[0])))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Frozen) and other.key == self.key


def _config(themes: Any, vader: bool, actors: Any = None) -> _Config:
    return _Config(_hashable(themes), _hashable(actors), bool(vader))


def _unfreeze(source: Any) -> Any:
    return source.value if isinstance(source, _Frozen) else source


def score_text(text: str, *, themes: Any = None, vader: bool = False, _config_: _Config | None = None,
               _tone_: bool = True) -> ArticleScores:
    """Run the whole scoring pass on one text.

    Example
    -------
    >>> s = score_text("Moscow rejected new sanctions. Oil prices rose sharply.")
    >>> len(s.spans), [h["theme"] for h in s.theme_hits], sorted({h["actor"] for h in s.actor_hits})
    (2, ['sanctions', 'energy'], ['Russia'])
    """
    from . import actors as actors_mod
    from . import segment, sentiment
    from . import themes as themes_mod
    from . import tone as tone_mod

    config = _config_ or _config(themes, vader)
    lexicon, gazetteer, analyzer = _resources(config)
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    spans = segment.sentence_spans(text)
    (pol, subj), per_sentence = sentiment.score(text, spans, sentences=True)
    # tone (analysis.tone); _tone_=False: left to the caller, which scores many texts at once
    sentence_tone, tone = tone_mod.sentence_tones(text, spans, per_sentence) if _tone_ else (None, 0.0)
    hits = themes_mod.find_hits(text, spans, lexicon=lexicon) if spans else []
    mentions = actors_mod.find_actors(text, gazetteer=gazetteer, spans=spans)  # with "sentence_no"
    compounds = None
    if analyzer is not None:
        compounds = [analyzer.polarity_scores(text[s:e])["compound"] for s, e in spans]
    return ArticleScores(spans, pol, subj, per_sentence, hits, mentions, compounds, tone, sentence_tone)


# --------------------------------------------------------------------------- running over many articles
#
# Every table is built from per-article *records* in columnar (pyarrow) form, one table per kind:
#   base   - spans, article and sentence sentiment, actor mentions, per-actor sentence means
#   vader  - VADER compound per sentence and their mean (with vader=True)
#   themes - theme hits
# Records are either computed (``_work``, in worker processes when n_jobs > 1) or read from the
# cache (:mod:`analysis.cache`), which stores exactly these records; so cached and uncached runs
# build their tables from identical data with the same code.


def _texts(articles: pd.DataFrame, col: str) -> _Texts:
    require_columns(articles, [col], what="articles")
    return _Texts(articles[col])


def _text_list(values: pd.Series) -> list[str]:
    """The texts as Python strings (missing values as ``""``, other values as ``str(value)``)."""
    missing = values.isna().to_numpy()
    return ["" if gone else (t if type(t) is str else str(t)) for t, gone in zip(values.tolist(), missing)]


def _arrow_strings(values: pd.Series) -> Any:
    """The pyarrow string data behind an Arrow-backed text column (no copy), or None."""
    import pyarrow as pa

    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        if dtype.storage != "pyarrow":
            return None
    elif not isinstance(dtype, pd.ArrowDtype):
        return None
    try:
        data = values.array.__arrow_array__()
    except Exception:  # noqa: BLE001 - any trouble: the plain path
        return None
    t = data.type
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return data
    return None


class _Texts:
    """The texts of a column: a read-only sequence of ``str`` (missing values as ``""``), made lazily.

    For an Arrow-backed column (pandas ``str`` / ``string[pyarrow]``), :meth:`keys` hashes the
    UTF-8 data in place and :meth:`pick` makes strings of the chosen texts only, so that a warm
    cached run never turns the whole column into Python strings.
    """

    __slots__ = ("_values", "_arrow", "_list")

    def __init__(self, values: pd.Series):
        self._values = values
        self._arrow = _arrow_strings(values)
        self._list: list[str] | None = None

    def __len__(self) -> int:
        return len(self._values)

    def _all(self) -> list[str]:
        if self._list is None:
            self._list = _text_list(self._values)
        return self._list

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())

    def keys(self) -> np.ndarray:
        """``cache.text_keys`` of the texts: ``(n, 32)`` uint8."""
        from ..scale.cache import text_keys

        return text_keys(self._arrow if self._arrow is not None and self._list is None else self._all())

    def pick(self, positions: np.ndarray) -> list[str]:
        """The texts at ``positions``."""
        if self._arrow is None or self._list is not None:
            texts = self._all()
            return [texts[i] for i in positions.tolist()]
        got = _take_strings(self._arrow, np.asarray(positions, dtype=np.int64))
        return ["" if t is None else t for t in got]


def _take_strings(data: Any, positions: np.ndarray) -> list:
    """``data.take(positions).to_pylist()``, chunk by chunk (a chunked take would first join the chunks)."""
    import pyarrow as pa

    chunks = data.chunks if isinstance(data, pa.ChunkedArray) else [data]
    if len(chunks) == 1:
        return chunks[0].take(pa.array(positions)).to_pylist()
    bounds = np.cumsum([0] + [len(c) for c in chunks])
    which = np.searchsorted(bounds, positions, side="right") - 1
    out: list = [None] * len(positions)
    for c in np.unique(which).tolist():
        sel = np.flatnonzero(which == c)
        for j, v in zip(sel.tolist(), chunks[c].take(pa.array(positions[sel] - bounds[c])).to_pylist()):
            out[j] = v
    return out


def _n_workers(n_jobs: int | None) -> int:
    if n_jobs is None or n_jobs == 0:
        return 1
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + n_jobs)
    return n_jobs


@lru_cache(maxsize=1)
def _schemas() -> dict:
    import pyarrow as pa

    ints, floats, strs = pa.list_(pa.int64()), pa.list_(pa.float64()), pa.list_(pa.string())
    return {
        "base": pa.schema([("polarity", pa.float64()), ("subjectivity", pa.float64()), ("n_sentences", pa.int64()),
                           ("starts", ints), ("ends", ints), ("spol", floats), ("ssub", floats),
                           ("a_actor", strs), ("a_start", ints), ("a_end", ints), ("a_sent", ints),
                           ("as_actor", strs), ("as_n", ints), ("as_pol", floats), ("as_subj", floats),
                           ("tone", pa.float64()), ("stone", floats)]),
        "vader": pa.schema([("vader_mean", pa.float64()), ("compounds", floats)]),
        "themes": pa.schema([("t_theme", strs), ("t_term", strs), ("t_start", ints), ("t_end", ints),
                             ("t_sent", ints)]),
        # event records (analysis.events); lists of names are ";"-joined, unstated tallies are null
        "events": pa.schema([("e_sender", strs), ("e_target", strs), ("e_status", strs), ("e_measure", strs),
                             ("e_cameo", strs), ("e_sent", ints), ("e_sender_sent", ints),
                             ("v_body", strs), ("v_outcome", strs), ("v_yes", ints), ("v_no", ints), ("v_abstain", ints),
                             ("v_veto", strs), ("v_res", strs), ("v_subject", strs), ("v_sent", ints)]),
    }


def _mean(values: list[float]) -> float:
    """Mean with a correctly rounded sum (``math.fsum``): the same on every machine and path."""
    return math.fsum(values) / len(values)


def _base_record(s: ArticleScores) -> tuple:
    by_actor: dict[str, set[int]] = {}
    for m in s.actor_hits:
        if m["sentence_no"] >= 0:
            by_actor.setdefault(m["actor"], set()).add(m["sentence_no"])
    as_actor, as_n, as_pol, as_subj = [], [], [], []
    for actor, nos in by_actor.items():
        order = sorted(nos)
        as_actor.append(actor)
        as_n.append(len(nos))
        as_pol.append(_mean([s.sentence_sentiment[i][0] for i in order]))
        as_subj.append(_mean([s.sentence_sentiment[i][1] for i in order]))
    return (s.polarity, s.subjectivity, len(s.spans), [a for a, _ in s.spans], [b for _, b in s.spans],
            [p for p, _ in s.sentence_sentiment], [q for _, q in s.sentence_sentiment],
            [m["actor"] for m in s.actor_hits], [m["start"] for m in s.actor_hits],
            [m["end"] for m in s.actor_hits], [m["sentence_no"] for m in s.actor_hits],
            as_actor, as_n, as_pol, as_subj, s.tone, s.sentence_tone)


def _vader_record(compounds: list[float]) -> tuple:
    return (_mean(compounds) if compounds else 0.0, list(compounds))


def _themes_record(hits: list[dict]) -> tuple:
    return ([h["theme"] for h in hits], [h["term"] for h in hits], [h["start"] for h in hits],
            [h["end"] for h in hits], [h["sentence_no"] for h in hits])


def _events_record(sanctions: list[dict], votes: list[dict]) -> tuple:
    return ([r["sender"] for r in sanctions], [r["target"] for r in sanctions], [r["status"] for r in sanctions],
            [";".join(r["measure"]) for r in sanctions], [r["cameo"] for r in sanctions],
            [r["sentence_no"] for r in sanctions], [r.get("sender_sentence_no") for r in sanctions],
            [v["body"] for v in votes], [v["outcome"] for v in votes], [v["yes"] for v in votes],
            [v["no"] for v in votes], [v["abstain"] for v in votes], [";".join(v["vetoed_by"]) for v in votes],
            [v["resolution"] for v in votes], [v["subject"] for v in votes], [v["sentence_no"] for v in votes])


def _table(kind: str, rows: list[tuple]):
    import pyarrow as pa

    schema = _schemas()[kind]
    cols = list(zip(*rows)) if rows else [[] for _ in schema.names]
    return pa.table([pa.array(list(c), type=f.type) for c, f in zip(cols, schema)], schema=schema)


class _Unstored:
    """Records computed but not yet stored in the cache, written one segment per kind at a time.

    Each process that scores keeps its own (the main process when ``n_jobs=1``, else each worker,
    which writes its segments itself: the main process never handles the full records). It is
    written every ``_FLUSH_ARTICLES`` articles or ``_FLUSH_SECONDS`` seconds, so that an
    interrupted run keeps most of its work, and at the end (a worker: when it exits).
    """

    def __init__(self, stores: dict, full: Any = None):
        self.stores = stores
        self.parts: dict[str, tuple[list, list]] = {}
        self.n = 0
        self.since = time.monotonic()
        self.full = full  # in a worker: an Event set when the disk is full (the main process warns once)
        self.stopped = False  # the disk was full: nothing more is written in this run

    def add(self, kind: str, keys: list[bytes], table) -> None:
        k, t = self.parts.setdefault(kind, ([], []))
        k.extend(keys)
        t.append(table)

    def done(self, n: int) -> None:
        """``n`` more articles were added: write them all when enough work is waiting."""
        self.n += n
        if self.n >= _FLUSH_ARTICLES or time.monotonic() - self.since >= _FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        from ..scale.cache import is_disk_full

        parts, self.parts = self.parts, {}
        self.n, self.since = 0, time.monotonic()
        for kind, (keys, tables) in parts.items():
            if self.stopped:
                return
            try:
                self.stores[kind].write(keys, pa.concat_tables(tables))
            except OSError as exc:
                if not is_disk_full(exc):
                    raise
                self.stopped = True
                if self.full is not None:
                    self.full.set()
                else:
                    _warn_disk_full(self.stores[kind].folder)


def _warn_disk_full(folder: Any) -> None:
    import warnings

    from ..scale.cache import CacheWarning

    warnings.warn(f"cache: disk full at {folder}; results not cached", CacheWarning, stacklevel=2)


_worker_unstored: _Unstored | None = None  # in a worker process, with a cache
_worker_items: list[tuple] | None = None  # in a forked worker process: all items of the run


def _start_worker(stores: dict[str, tuple], items: list[tuple] | None, full: Any = None,
                  parent: int | None = None) -> None:
    """Worker initializer: store this worker's results in ``stores`` (``{kind: (folder, key)}``).

    ``items``: all the run's items when the worker is forked (inherited, not sent); tasks are then
    ranges of positions in them. ``full``: an Event to set when the disk is full. ``parent``: the
    main process's id; the worker exits when that process dies (:func:`_exit_with_parent`).
    """
    global _worker_unstored, _worker_items
    from multiprocessing.util import Finalize

    from ..scale.cache import Store

    if parent is not None and os.getppid() == parent:  # (not so under "forkserver": no watch there)
        _exit_with_parent(parent)
    _worker_items = items
    if stores:
        _worker_unstored = _Unstored({kind: Store(folder, key) for kind, (folder, key) in stores.items()}, full)
        Finalize(None, _worker_unstored.flush, exitpriority=10)  # runs when the pool shuts the worker down


_PARENT_CHECK = 0.5  # seconds between checks that the main process is alive


def _exit_with_parent(parent: int) -> None:
    """Make this worker process exit when the process ``parent`` dies, even by SIGKILL.

    On Linux the kernel sends SIGKILL when the parent thread exits (``PR_SET_PDEATHSIG``);
    everywhere, a daemon thread also checks every ``_PARENT_CHECK`` seconds that the
    parent is still this process's parent and ends the process (``os._exit``) when not.
    """
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # died before the above took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_PARENT_CHECK)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _work(config: _Config, need: dict[str, list[str]], items: list[tuple] | range,
          unstored: _Unstored | None = None) -> dict:
    """Compute records for ``items`` = ``(text, spans, themes?, vader?, cache key, events?)`` (or their range).

    ``spans`` None: the whole pass (:func:`score_text`) gives every kind. Otherwise the sentence
    spans come from the cache and only theme hits, VADER scores and/or event records are computed on them.
    Full records go to ``unstored`` (the worker's own in a worker process); the result is
    ``{kind: (positions in items, pyarrow table of the need[kind] columns)}``.
    """
    from . import events as events_mod
    from . import themes as themes_mod

    if isinstance(items, range):
        items = _worker_items[items.start:items.stop]
    lexicon, gazetteer, analyzer = _resources(config)
    cues = events_mod.load_cues()
    rows: dict[str, tuple[list, list]] = {"base": ([], []), "vader": ([], []), "themes": ([], []), "events": ([], [])}
    # Scoring makes many short-lived objects and no reference cycles: the cyclic garbage
    # collector would only cost time here (about 7%), so it waits until the chunk is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        scored = []  # (position, text, scores) of the texts scored in full; their tone comes below, all at once
        for i, (text, spans, need_themes, need_vader, _, need_events) in enumerate(items):
            if spans is None:
                s = score_text(text, _config_=config, _tone_=False)
                scored.append((i, text, s))
                rows["themes"][0].append(i)
                rows["themes"][1].append(_themes_record(s.theme_hits))
                rows["events"][0].append(i)
                rows["events"][1].append(_events_record(*events_mod.extract(text, s.spans, s.actor_hits, cues=cues)))
                if s.vader is not None:
                    rows["vader"][0].append(i)
                    rows["vader"][1].append(_vader_record(s.vader))
                continue
            if need_themes:
                hits = themes_mod.find_hits(text, spans, lexicon=lexicon) if spans else []
                rows["themes"][0].append(i)
                rows["themes"][1].append(_themes_record(hits))
            if need_vader:
                rows["vader"][0].append(i)
                compounds = [analyzer.polarity_scores(text[a:b])["compound"] for a, b in spans]
                rows["vader"][1].append(_vader_record(compounds))
            if need_events:
                rows["events"][0].append(i)
                rows["events"][1].append(_events_record(*events_mod.extract(text, spans, gazetteer=gazetteer, cues=cues)))
        if scored:
            from .tone import score_many

            tones = score_many([t for _, t, _ in scored], [s.spans for _, _, s in scored],
                               [s.sentence_sentiment for _, _, s in scored])
            for (i, _, s), (per_sentence, whole) in zip(scored, tones):
                s.sentence_tone, s.tone = per_sentence, whole
                rows["base"][0].append(i)
                rows["base"][1].append(_base_record(s))
    finally:
        if collecting:
            gc.enable()
    if unstored is None:
        unstored = _worker_unstored
    stored = unstored.stores if unstored is not None else {}
    out = {}
    for kind, (pos, recs) in rows.items():
        if not pos or (kind not in need and kind not in stored):
            continue
        table = _table(kind, recs)
        if kind in stored:
            unstored.add(kind, [items[i][4] for i in pos], table)
        if kind in need:
            out[kind] = (np.asarray(pos, dtype=np.int64), table.select(need[kind]))
    if unstored is not None:
        unstored.done(len(items))
    return out


def _chunks(n: int, workers: int) -> list[range]:
    """Tasks over ``n`` items: each a quarter of a worker's share of what is left, within the bounds.

    Large tasks while much is left (less to send, receive and wait for), small ones at the end.

    Example
    -------
    >>> tasks = _chunks(3000, 2)
    >>> tasks[:2], len(tasks), tasks[-1]
    ([range(0, 375), range(375, 703)], 22, range(2982, 3000))
    """
    tasks, start = [], 0
    while start < n:
        size = min(max((n - start) // (4 * workers), _CHUNK), _CHUNK_MAX)
        tasks.append(range(start, min(n, start + size)))
        start += size
    return tasks


def _map(items: list[tuple], config: _Config, need: dict[str, list[str]], *, n_jobs: int | None,
         progress: bool | None, desc: str, stores: dict | None = None) -> dict:
    """Run :func:`_work` over ``items`` in chunks, optionally in worker processes; positions are global.

    With ``stores`` (``{kind: cache.Store}``), every record computed is stored there, by the
    process that computed it (see :class:`_Unstored`); only the ``need`` columns come back.
    """
    import pyarrow as pa
    from tqdm.auto import tqdm

    show = (len(items) >= _PROGRESS_FROM) if progress is None else bool(progress)
    workers = min(_n_workers(n_jobs), max(1, len(items) // _CHUNK))
    chunks = _chunks(len(items), workers)
    parts: dict[str, tuple[list, list]] = {}
    bar = tqdm(total=len(items), desc=desc, unit="article", disable=not show, leave=False)

    def add(offset: int, result: dict, n: int) -> None:
        for kind, (pos, table) in result.items():
            p, t = parts.setdefault(kind, ([], []))
            p.append(pos + offset)
            t.append(table)
        bar.update(n)

    from ..scale.cache import is_disk_full

    try:
        for store in (stores or {}).values():
            store.prepare()  # a cache that cannot be written fails the run now, not after the scoring
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        _warn_disk_full(store.folder)  # a full disk only costs the caching
        stores = None
    gc.freeze()  # long-lived objects (the input, caches) need no scanning by each collection while scoring
    try:
        if workers <= 1:
            unstored = _Unstored(stores) if stores else None
            for r in chunks:
                add(r.start, _work(config, need, items[r.start:r.stop], unstored), len(r))
            if unstored is not None:
                unstored.flush()
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context()
            forked = context.get_start_method() == "fork"  # the workers inherit the items: send only ranges
            tasks = chunks if forked else [items[r.start:r.stop] for r in chunks]
            where = {kind: (store.folder, store.key) for kind, store in (stores or {}).items()}
            full = context.Event() if where else None
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                                     initargs=(where, items if forked else None, full, os.getpid())) as pool:
                for r, result in zip(chunks, pool.map(partial(_work, config, need), tasks)):
                    add(r.start, result, len(r))
            if full is not None and full.is_set():
                _warn_disk_full(next(iter(stores.values())).folder)
            else:
                for store in (stores or {}).values():  # the workers wrote their segments on exit
                    store.tidy()
    finally:
        gc.unfreeze()
        bar.close()
    return {kind: (np.concatenate(p), pa.concat_tables(t)) for kind, (p, t) in parts.items()}


def _keys(config: _Config) -> dict[str, dict]:
    """What each kind's results depend on besides the text (the cache keys)."""
    from importlib.metadata import PackageNotFoundError, version

    def lib(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    lexicon = _resources(config)[0]
    code = code_version()
    return {
        "base": {"version": code, "textblob": lib("textblob"), "gazetteer": _gazetteer_hash(config),
                 "vaderSentiment": lib("vaderSentiment")},  # tone reads VADER's lexicon
        "vader": {"version": code, "vaderSentiment": lib("vaderSentiment")},
        "themes": {"version": code, "lexicon": lexicon.match_sha256},  # hits only: thresholds apply later
        "events": {"version": code, "gazetteer": _gazetteer_hash(config)},  # the cue lexicon is part of the code
    }


# the scoring code: its modules and the compiled kernel's source (shipped with the package)
_SCORING_MODULES = ("score/analyze", "score/segment", "score/sentiment", "score/themes", "score/actors", "score/match",
                    "_speedups.c", "score/tone", "data/tone_weights.tsv", "score/events", "data/events.toml")


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version plus a fingerprint of the scoring code (the cache keys' version).

    Example
    -------
    >>> code_version().startswith(__import__("analysis").__version__ + "+")
    True
    """
    from ..io import code_fingerprint

    return code_fingerprint(*_SCORING_MODULES)


@lru_cache(maxsize=8)
def _gazetteer_hash(config: _Config) -> str:
    from ..scale.cache import gazetteer_sha256

    return gazetteer_sha256(_resources(config)[1])


class _TextList(_Texts):
    """A plain list of texts in the :class:`_Texts` interface."""

    def __init__(self, texts: list[str]):
        self._values, self._arrow, self._list = texts, None, list(texts)


def _distinct_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows of ``keys`` (``(n, 32)`` uint8), numbered in order of first appearance.

    Returns ``inverse`` (each row's number), ``firsts`` (the first row of each number) and the
    distinct keys as ``(u, 4)`` uint64 rows.
    """
    words = np.ascontiguousarray(keys).view(np.uint64)
    n = len(words)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), words
    inverse = pd.factorize(words[:, 0])[0]  # numbered by first appearance
    inverse = inverse.astype(np.int64, copy=False)
    firsts = _first_positions(inverse)
    if not (words == words[firsts][inverse]).all():  # distinct keys sharing their first 8 bytes
        first: dict[bytes, int] = {}
        blob = words.tobytes()
        inverse = np.fromiter((first.setdefault(blob[i:i + 32], len(first)) for i in range(0, 32 * n, 32)),
                              dtype=np.int64, count=n)
        firsts = _first_positions(inverse)
    return inverse, firsts, words[firsts]


def _first_positions(inverse: np.ndarray) -> np.ndarray:
    """First position of each number in ``inverse`` (numbers given in order of first appearance)."""
    new = np.ones(len(inverse), dtype=bool)
    new[1:] = inverse[1:] > np.maximum.accumulate(inverse)[:-1]
    return np.flatnonzero(new)


_OVERLAP = True  # read the cache's indexes while hashing, and its kinds side by side (threads)


def _hash_and_refresh(texts: _Texts, stores: list) -> np.ndarray:
    """``texts.keys()``, while the stores' indexes are brought up to date in a thread (I/O, decoding)."""
    if not _OVERLAP or not stores:
        for store in stores:
            store.refresh()
        return texts.keys()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        refreshed = pool.submit(lambda: [store.refresh() for store in stores])
        try:
            keys = texts.keys()
        finally:
            refreshed.result()
    return keys


def _map_threads(func, args: list) -> list:
    """``[func(a) for a in args]``, in threads (one per argument) when there are several."""
    if not _OVERLAP or len(args) < 2:
        return [func(a) for a in args]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(args)) as pool:
        return list(pool.map(func, args))


def _key_list(words: np.ndarray) -> list[bytes]:
    blob = np.ascontiguousarray(words).tobytes()
    return [blob[i:i + 32] for i in range(0, len(blob), 32)]


def _gather(texts: _Texts | list[str], config: _Config, need: dict[str, list[str]], *, cache: Any, n_jobs: int | None,
            progress: bool | None, desc: str) -> dict:
    """Records of ``need`` kinds (with those columns) for every text, aligned with ``texts``.

    Each distinct text is scored once; with a cache, only texts whose records are not stored are
    scored (and their records are then stored).
    """
    import pyarrow as pa

    from ..scale.cache import resolve

    store_of = resolve(cache)
    kinds = [k for k in ("base", "vader", "themes", "events") if k in need and (k != "vader" or config.vader)]
    if "base" not in kinds:
        kinds.insert(0, "base")
    if not isinstance(texts, _Texts):
        texts = _TextList(texts)
    stores, found, cached = {}, {}, {}
    if store_of is not None:
        key_specs = _keys(config)
        stores = {kind: store_of.store(kind, key_specs[kind], schema=_schemas()[kind]) for kind in kinds}
        # distinct texts by their keys (uint64 rows), numbered in order of first appearance
        inverse, firsts, ukeys = _distinct_keys(_hash_and_refresh(texts, list(stores.values())))
        utext = texts.pick  # strings only for the texts to be scored
        reads = {kind: (ukeys, need.get(kind) or ["n_sentences"]) for kind in kinds}
        for kind, result in zip(kinds, _map_threads(lambda kind: stores[kind].read(*reads[kind], refresh=False),
                                                    kinds)):
            found[kind], cached[kind] = result
    else:
        first: dict[str, int] = {}
        inverse = np.fromiter((first.setdefault(t, len(first)) for t in texts), dtype=np.int64, count=len(texts))
        utexts = list(first)
        ukeys = None

        def utext(positions: np.ndarray) -> list[str]:
            return [utexts[i] for i in positions.tolist()]
    u = len(ukeys) if ukeys is not None else len(utexts)
    for kind in kinds:
        found.setdefault(kind, np.zeros(u, dtype=bool))
    full = ~found["base"]
    need_t = ("themes" in kinds) & ~found.get("themes", np.ones(u, dtype=bool)) & ~full
    need_v = ("vader" in kinds) & ~found.get("vader", np.ones(u, dtype=bool)) & ~full
    need_e = ("events" in kinds) & ~found.get("events", np.ones(u, dtype=bool)) & ~full
    partial = np.flatnonzero(need_t | need_v | need_e)
    spans: dict[int, list] = {}
    if len(partial):
        got, tab = stores["base"].read(ukeys[partial], ["starts", "ends"], refresh=False)
        rows = np.cumsum(got) - 1
        st, en = tab["starts"].to_pylist(), tab["ends"].to_pylist()
        for j, i in enumerate(partial):
            if got[j]:
                spans[int(i)] = list(zip(st[rows[j]], en[rows[j]]))
            else:  # the segment went bad meanwhile: score in full
                full[i] = True
    todo = np.flatnonzero(full | need_t | need_v | need_e)
    todo_keys = _key_list(ukeys[todo]) if stores else [None] * len(todo)
    todo_texts = utext(firsts[todo]) if store_of is not None else utext(todo)
    items = [(text, None if f else spans[i], t, v, k, e) for i, f, t, v, e, text, k in zip(
        todo.tolist(), full[todo].tolist(), need_t[todo].tolist(), need_v[todo].tolist(), need_e[todo].tolist(),
        todo_texts, todo_keys)]
    computed = _map(items, config, need, n_jobs=n_jobs, progress=progress, desc=desc, stores=stores) if items else {}
    out = {}
    for kind, (pos, table) in computed.items():
        computed[kind] = (todo[pos], table)
    for kind in kinds:
        if kind not in need:
            continue
        cols = need[kind]
        pieces, where = [], []
        if found[kind].any():
            pieces.append(cached[kind].select(cols))
            where.append(np.flatnonzero(found[kind]))
        if kind in computed:
            pos, table = computed[kind]
            keep = ~found[kind][pos]
            if not keep.all():
                pos, table = pos[keep], table.filter(pa.array(keep))
            pieces.append(table.select(cols))
            where.append(pos)
        if not pieces:
            table = _table(kind, []).select(cols)
            where_all = np.zeros(0, dtype=np.int64)
        else:
            table = pa.concat_tables([p.cast(pieces[0].schema) for p in pieces]) if len(pieces) > 1 else pieces[0]
            where_all = np.concatenate(where)
        if len(where_all) != u:
            raise RuntimeError(f"internal error: {len(where_all)} {kind} records for {u} texts")
        slot = np.empty(u, dtype=np.int64)
        slot[where_all] = np.arange(u)
        take = slot[inverse]
        if len(take) != table.num_rows or not np.array_equal(take, np.arange(len(take))):
            table = table.take(pa.array(take))
        out[kind] = table.combine_chunks()
    return out


# --------------------------------------------------------------------------- tables from records


def _flat(table, col: str) -> tuple[np.ndarray, Any]:
    """Offsets (numpy) and flattened values (pyarrow) of a list column."""
    arr = table.column(col).combine_chunks() if hasattr(table, "column") else table
    offsets = np.asarray(arr.offsets, dtype=np.int64)
    return offsets - offsets[0], arr.flatten()


def _lists(table, col: str) -> tuple[np.ndarray, list]:
    offsets, values = _flat(table, col)
    return offsets, values.to_pylist()


_BASE_ARTICLE = ["polarity", "subjectivity", "tone", "n_sentences", "as_actor"]
_BASE_SENTENCE = ["n_sentences", "starts", "ends", "spol", "ssub", "stone", "a_actor", "a_sent"]
_BASE_ACTORS = ["as_actor", "as_n", "as_pol", "as_subj", "n_sentences", "stone", "a_actor", "a_sent"]
_THEMES_ALL = ["t_theme", "t_term", "t_start", "t_end", "t_sent"]


def _article_frame(articles: pd.DataFrame, rec: dict, config: _Config) -> pd.DataFrame:
    lexicon = _resources(config)[0]
    base = rec["base"]
    out = articles.copy()
    idx = articles.index
    n = len(articles)
    out["polarity"] = pd.Series(base.column("polarity").to_numpy(), index=idx, dtype="float64")
    out["subjectivity"] = pd.Series(base.column("subjectivity").to_numpy(), index=idx, dtype="float64")
    out["tone"] = pd.Series(base.column("tone").to_numpy(), index=idx, dtype="float64")
    if config.vader:
        out["vader"] = pd.Series(rec["vader"].column("vader_mean").to_numpy(), index=idx, dtype="float64")
        band = NEUTRAL_BAND
        out["sentiment_disagree"] = ((out["polarity"] > band) & (out["vader"] < -band)) | (
            (out["polarity"] < -band) & (out["vader"] > band))
    out["n_sentences"] = pd.Series(base.column("n_sentences").to_numpy(), index=idx, dtype="int64")
    # T_hits, T_salience, T: the rule of analysis.themes (one implementation), headlines matched here
    from .themes import _theme_frame

    offsets, names = _flat(rec["themes"], "t_theme")
    parents = np.repeat(np.arange(n), np.diff(offsets))
    theme_cols = _theme_frame(idx, out["n_sentences"].to_numpy(), parents,
                              names.to_numpy(zero_copy_only=False), _flat(rec["themes"], "t_term")[1].to_pylist(),
                              _flat(rec["themes"], "t_sent")[1].to_numpy(), lexicon=lexicon,
                              titles=articles["title"].tolist() if "title" in articles.columns else None)
    for c in theme_cols.columns:
        out[c] = theme_cols[c]
    # distinct actors in order of first mention (the per-actor records are kept in that order)
    out["actors"] = pd.Series(base.column("as_actor").to_pylist(), index=idx, dtype=object)
    return out


def _ids(articles: pd.DataFrame, id_col: str) -> list:
    return articles[id_col].tolist() if id_col in articles.columns else articles.index.tolist()


def _repeat(ids: list, parents: np.ndarray) -> list:
    return [ids[p] for p in parents.tolist()]


_SENTENCE_COLS = ["article_id", "sentence_no", "start", "end", "sentence", "polarity", "subjectivity", "tone", "vader",
                  "actors", "themes"]


def _sentence_frame(ids: list, rec: dict, texts: list[str], vader: bool) -> pd.DataFrame:
    base, themes = rec["base"], rec["themes"]
    n_sent = base.column("n_sentences").to_numpy().astype(np.int64)
    total = int(n_sent.sum())
    if total == 0:
        out = pd.DataFrame([], columns=_SENTENCE_COLS)
    else:
        n = len(ids)
        offs = np.concatenate([[0], np.cumsum(n_sent)])
        parents = np.repeat(np.arange(n), n_sent)
        starts = _flat(base, "starts")[1].to_numpy()
        ends = _flat(base, "ends")[1].to_numpy()
        st, en = starts.tolist(), ends.tolist()
        sentence = []
        for i, t in enumerate(texts):
            a, b = offs[i], offs[i + 1]
            if a != b:
                sentence.extend([t[x:y] for x, y in zip(st[a:b], en[a:b])])
        actors_by: list[list] = [[] for _ in range(total)]
        a_off, a_names = _lists(base, "a_actor")
        a_sent = _flat(base, "a_sent")[1].to_numpy()
        a_par = np.repeat(np.arange(n), np.diff(a_off))
        ok = (a_sent >= 0) & (a_sent < n_sent[a_par])
        for j in np.flatnonzero(ok).tolist():
            slot = actors_by[offs[a_par[j]] + a_sent[j]]
            if a_names[j] not in slot:
                slot.append(a_names[j])
        themes_by: list[list] = [[] for _ in range(total)]
        t_off, t_names = _lists(themes, "t_theme")
        t_sent = _flat(themes, "t_sent")[1].to_numpy()
        t_par = np.repeat(np.arange(n), np.diff(t_off))
        for j in range(len(t_names)):
            slot = themes_by[offs[t_par[j]] + (t_sent[j] if t_sent[j] >= 0 else n_sent[t_par[j]] + t_sent[j])]
            if t_names[j] not in slot:
                slot.append(t_names[j])
        out = pd.DataFrame({
            "article_id": _repeat(ids, parents),
            "sentence_no": np.arange(total, dtype=np.int64) - offs[parents],
            "start": starts, "end": ends, "sentence": sentence,
            "polarity": _flat(base, "spol")[1].to_numpy(), "subjectivity": _flat(base, "ssub")[1].to_numpy(),
            "tone": _flat(base, "stone")[1].to_numpy(),
            "vader": _flat(rec["vader"], "compounds")[1].to_numpy() if vader else None,
            "actors": actors_by, "themes": themes_by,
        }, columns=_SENTENCE_COLS)
    out = out.astype({"sentence_no": "int64", "start": "int64", "end": "int64", "polarity": "float64",
                      "subjectivity": "float64", "tone": "float64", "sentence": "string"})
    return out if vader else out.drop(columns="vader")


def _evidence_frame(ids: list, rec: dict, texts: list[str]) -> pd.DataFrame:
    from .themes import snippet

    cols = ["article_id", "theme", "term", "start", "end", "sentence_no", "snippet"]
    themes, base = rec["themes"], rec["base"]
    t_off, theme = _lists(themes, "t_theme")
    if not theme:
        out = pd.DataFrame([], columns=cols)
    else:
        n = len(ids)
        parents = np.repeat(np.arange(n), np.diff(t_off))
        term = _flat(themes, "t_term")[1].to_pylist()
        start = _flat(themes, "t_start")[1].to_numpy()
        end = _flat(themes, "t_end")[1].to_numpy()
        sent = _flat(themes, "t_sent")[1].to_numpy()
        s_off, s_st = _lists(base, "starts")
        s_en = _flat(base, "ends")[1].to_pylist()
        snippets = []
        for p, a, b, k in zip(parents.tolist(), start.tolist(), end.tolist(), sent.tolist()):
            lo, hi = s_off[p], s_off[p + 1]
            j = (lo + k) if k >= 0 else (hi + k)
            snippets.append(snippet(texts[p], (s_st[j], s_en[j]), a, b))
        out = pd.DataFrame({"article_id": _repeat(ids, parents), "theme": theme, "term": term, "start": start,
                            "end": end, "sentence_no": sent, "snippet": snippets}, columns=cols)
    return out.astype({"start": "int64", "end": "int64", "sentence_no": "int64"})


_EVENTS_ALL = ["e_sender", "e_target", "e_status", "e_measure", "e_cameo", "e_sent", "e_sender_sent", "v_body", "v_outcome", "v_yes",
               "v_no", "v_abstain", "v_veto", "v_res", "v_subject", "v_sent"]


def _article_meta(articles: pd.DataFrame, parents: np.ndarray) -> dict[str, Any]:
    """``source`` and ``published`` of each row's article (missing when the input has no such column)."""
    out = {}
    for col in ("source", "published"):
        if col in articles.columns:
            out[col] = articles[col].iloc[parents].reset_index(drop=True)
        else:
            out[col] = pd.Series([None] * len(parents), dtype="object" if col == "source" else "datetime64[ns, UTC]")
    return out


def _event_rows(rec: dict, prefix: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray, dict]:
    """Parents, sentence numbers and evidence (start, end, quote) of one record list of the events kind."""
    events, base = rec["events"], rec["base"]
    offsets, sent = _flat(events, f"{prefix}_sent")
    parents = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    sent = sent.to_numpy(zero_copy_only=False).astype(np.int64)
    s_off, s_st = _flat(base, "starts")
    s_st = s_st.to_numpy(zero_copy_only=False)
    s_en = _flat(base, "ends")[1].to_numpy(zero_copy_only=False)
    j = s_off[parents] + sent
    starts, ends = s_st[j].astype(np.int64), s_en[j].astype(np.int64)
    quotes = [texts[p][a:b] for p, a, b in zip(parents.tolist(), starts.tolist(), ends.tolist())]
    return parents, sent, {"start": starts, "end": ends, "quote": quotes}


def _sanction_frame(articles: pd.DataFrame, ids: list, rec: dict, texts: list[str]) -> pd.DataFrame:
    from .events import SANCTION_COLUMNS

    parents, sent, ev = _event_rows(rec, "e", texts)
    events = rec["events"]
    col = {c: _flat(events, f"e_{c}")[1].to_pylist() for c in ("sender", "target", "status", "measure", "cameo")}
    out = pd.DataFrame({"article_id": _repeat(ids, parents), "sender": col["sender"], "target": col["target"],
                        "status": col["status"], "measure": [m.split(";") for m in col["measure"]],
                        "cameo": col["cameo"], "sentence_no": sent,
                        "sender_sentence_no": pd.array(_flat(events, "e_sender_sent")[1].to_pylist(), dtype="Int64"),
                        **ev, **_article_meta(articles, parents)}, columns=SANCTION_COLUMNS)
    return _event_dtypes(out)


def _vote_frame(articles: pd.DataFrame, ids: list, rec: dict, texts: list[str]) -> pd.DataFrame:
    from .events import VOTE_COLUMNS

    parents, sent, ev = _event_rows(rec, "v", texts)
    events = rec["events"]
    col = {c: _flat(events, f"v_{c}")[1] for c in ("body", "outcome", "yes", "no", "abstain", "veto", "res", "subject")}
    out = pd.DataFrame({"article_id": _repeat(ids, parents), "body": col["body"].to_pylist(),
                        "outcome": col["outcome"].to_pylist(),
                        **{k: pd.array(col[k].to_pylist(), dtype="Int64") for k in ("yes", "no", "abstain")},
                        "vetoed_by": [[x for x in v.split(";") if x] for v in col["veto"].to_pylist()],
                        "resolution": col["res"].to_pylist(), "subject": col["subject"].to_pylist(),
                        "sentence_no": sent, **ev, **_article_meta(articles, parents)}, columns=VOTE_COLUMNS)
    return _event_dtypes(out)


def _event_dtypes(out: pd.DataFrame) -> pd.DataFrame:
    """Offsets as int64; an empty table's text and list columns as object (not the float64 pandas gives)."""
    fix = {"start": "int64", "end": "int64", "sentence_no": "int64"}
    if out.empty:
        fix.update({c: object for c in out.columns if c not in fix and out[c].dtype == "float64"})
    return out.astype(fix)


def _actor_tones(base, parents: np.ndarray, actor: list) -> np.ndarray:
    """Mean sentence tone (``stone``) of the distinct sentences naming each (article, actor) row.

    The same sentences as ``as_pol``: every mention with ``a_sent >= 0``, each
    sentence counted once per actor. Vectorised over the whole table.
    """
    m_off, m_actor = _flat(base, "a_actor")
    m_sent = _flat(base, "a_sent")[1].to_numpy()
    if not len(m_sent):
        return np.full(len(actor), np.nan)
    n_sent = base.column("n_sentences").to_numpy().astype(np.int64)
    s_off = np.concatenate([[0], np.cumsum(n_sent)])
    m_par = np.repeat(np.arange(len(n_sent)), np.diff(m_off))
    ok = m_sent >= 0
    codes, names = pd.factorize(np.concatenate([np.asarray(actor, dtype=object),
                                                m_actor.to_numpy(zero_copy_only=False)]))
    n_names = max(len(names), 1)
    row_key = parents.astype(np.int64) * n_names + codes[:len(actor)]
    m_key = m_par[ok] * n_names + codes[len(actor):][ok]
    g = s_off[m_par[ok]] + m_sent[ok]  # the mentioned sentence's row in the flat per-sentence lists
    hits = pd.DataFrame({"key": m_key, "g": g}).drop_duplicates()
    stone = _flat(base, "stone")[1].to_numpy()
    means = pd.Series(stone[hits["g"].to_numpy()]).groupby(hits["key"].to_numpy()).mean()
    return means.reindex(row_key).to_numpy(dtype=np.float64)


def _actor_frame(ids: list, rec: dict) -> pd.DataFrame:
    cols = ["article_id", "actor", "n_sentences", "polarity", "subjectivity", "tone"]
    base = rec["base"]
    off, actor = _lists(base, "as_actor")
    if not actor:
        out = pd.DataFrame([], columns=cols)
    else:
        parents = np.repeat(np.arange(len(ids)), np.diff(off))
        out = pd.DataFrame({"article_id": _repeat(ids, parents), "actor": actor,
                            "n_sentences": _flat(base, "as_n")[1].to_numpy(),
                            "polarity": _flat(base, "as_pol")[1].to_numpy(),
                            "subjectivity": _flat(base, "as_subj")[1].to_numpy(),
                            "tone": _actor_tones(base, parents, actor)}, columns=cols)
    return out.astype({"n_sentences": "int64", "polarity": "float64", "subjectivity": "float64", "tone": "float64"})


# --------------------------------------------------------------------------- public tables

def analyze(
    articles: pd.DataFrame,
    *,
    themes: Any = None,
    vader: bool = False,
    n_jobs: int | None = 1,
    progress: bool | None = None,
    col: str = "text",
    cache: Any = None,
) -> pd.DataFrame:
    """Score each article: sentiment, sentence count, themes and actors.

    Parameters
    ----------
    articles:
        Any DataFrame with a ``text`` column (``col``), e.g. from :func:`analysis.load`.
    themes:
        ``None`` for the packaged lexicon, or a lexicon file/dict adding or
        overriding themes (see ``analysis/data/README.md``).
    vader:
        Also score with VADER, sentence by sentence as its authors advise for
        long texts, averaged over the article's sentences (column ``vader``),
        and flag ``sentiment_disagree`` where TextBlob and VADER point opposite
        ways, both outside the neutral band ``±NEUTRAL_BAND``.
    n_jobs:
        Worker processes (``-1``: one per core). Results and row order are
        identical to ``n_jobs=1``.
    progress:
        Show a progress bar (notebook-aware); ``None`` shows one for large inputs.
    cache:
        Reuse results stored by earlier runs and store new ones: a folder,
        ``True`` for ``analysis.datasets.data_dir() / "cache"``, ``False`` for
        none; ``None`` (default) uses ``$NEWS_ANALYSIS_CACHE`` when set. Results
        are identical with and without it (see :mod:`analysis.cache`).

    Returns
    -------
    pandas.DataFrame
        A copy of ``articles`` (same index) plus ``polarity`` and
        ``subjectivity`` (exactly ``TextBlob(text).sentiment``), ``tone``
        (float in [-1, 1] fitted to human ratings: the word-weighted mean of the
        sentences' tones, see :mod:`analysis.tone`), ``vader`` and
        ``sentiment_disagree`` (with ``vader=True``), ``n_sentences``, for each
        theme T ``T_hits`` (int, every mention), ``T_salience`` (float in
        [0, 1]; a ``title`` column, when present, is matched as the headline)
        and ``T`` (bool, the article is *about* T), exactly as
        :func:`analysis.themes.themes`, and ``actors`` (list of
        canonical names, in order of first mention).

    Example
    -------
    >>> df = pd.DataFrame({"text": ["The EU extended sanctions on Russia. Moscow was not pleased."]})
    >>> out = analyze(df)
    >>> bool(out.loc[0, "sanctions"]), int(out.loc[0, "n_sentences"]), out.loc[0, "actors"]
    (True, 2, ['European Union', 'Russia'])
    """
    if distributed.is_dask(articles):  # a Dask DataFrame: scored lazily, partition by partition
        return distributed.analyze(articles, themes=themes, vader=vader, col=col, cache=cache)
    config = _config(themes, vader)
    need = {"base": _BASE_ARTICLE, "themes": ["t_theme", "t_term", "t_sent"], "vader": ["vader_mean"]}
    rec = _gather(_texts(articles, col), config, need, cache=cache, n_jobs=n_jobs, progress=progress,
                  desc="analyze")
    return _article_frame(articles, rec, config)


def sentences(articles: pd.DataFrame, *, themes: Any = None, vader: bool = False, n_jobs: int | None = 1,
              progress: bool | None = None, col: str = "text", id_col: str = "article_id",
              cache: Any = None) -> pd.DataFrame:
    """One row per sentence: offsets, text, TextBlob sentiment, actors and themes.

    Columns: ``article_id``, ``sentence_no``, ``start``, ``end`` (character
    offsets into the article's text), ``sentence``, ``polarity``,
    ``subjectivity`` (``TextBlob(sentence).sentiment``), ``tone``
    (:mod:`analysis.tone`, in [-1, 1]), ``vader`` (with
    ``vader=True``), ``actors`` and ``themes`` (lists). ``article_id`` is the
    index value when the input has no ``article_id`` column. ``cache`` as in
    :func:`analyze`.

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["Kyiv buys natural gas. It is cold."]})
    >>> sentences(df)[["sentence_no", "sentence", "actors", "themes"]].values.tolist()
    [[0, 'Kyiv buys natural gas.', ['Ukraine'], ['energy']], [1, 'It is cold.', [], []]]
    """
    if distributed.is_dask(articles):
        return distributed.sentences(articles, themes=themes, vader=vader, col=col, id_col=id_col, cache=cache)
    config = _config(themes, vader)
    texts = _texts(articles, col)
    need = {"base": _BASE_SENTENCE, "themes": ["t_theme", "t_sent"], "vader": ["compounds"]}
    rec = _gather(texts, config, need, cache=cache, n_jobs=n_jobs, progress=progress, desc="sentences")
    return _sentence_frame(_ids(articles, id_col), rec, texts, vader)


def evidence(articles: pd.DataFrame, *, themes: Any = None, n_jobs: int | None = 1, progress: bool | None = None,
             col: str = "text", id_col: str = "article_id", cache: Any = None) -> pd.DataFrame:
    """One row per theme hit: which term, where, in which sentence, with a snippet.

    Columns: ``article_id``, ``theme``, ``term`` (the lexicon term that
    matched; the text itself is ``text[start:end]``), ``start``, ``end``,
    ``sentence_no``, ``snippet`` (the sentence, trimmed to about 200
    characters around the hit; plain text). ``cache`` as in :func:`analyze`.

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["Oil prices fell on Monday."]})
    >>> evidence(df)[["theme", "term", "start", "end"]].values.tolist()
    [['energy', 'oil prices', 0, 10]]
    """
    if distributed.is_dask(articles):
        return distributed.evidence(articles, themes=themes, col=col, id_col=id_col, cache=cache)
    texts = _texts(articles, col)
    rec = _gather(texts, _config(themes, False), {"base": ["starts", "ends"], "themes": _THEMES_ALL},
                  cache=cache, n_jobs=n_jobs, progress=progress, desc="evidence")
    return _evidence_frame(_ids(articles, id_col), rec, texts)


def actor_sentiment(articles: pd.DataFrame, *, n_jobs: int | None = 1, progress: bool | None = None,
                    col: str = "text", id_col: str = "article_id", cache: Any = None) -> pd.DataFrame:
    """Per article and actor: mean tone and TextBlob sentiment of the sentences that mention the actor.

    Columns: ``article_id``, ``actor``, ``n_sentences`` (distinct sentences
    mentioning the actor), ``polarity`` and ``subjectivity`` (their mean
    TextBlob scores) and ``tone`` (the mean of their :mod:`analysis.tone`
    scores, the ``tone`` column of :func:`sentences`; in [-1, 1]). ``cache`` as
    in :func:`analyze`.

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["China praised the good deal. China and Japan argued."]})
    >>> out = actor_sentiment(df)
    >>> out[["actor", "n_sentences"]].values.tolist(), list(out.columns[-2:])
    ([['China', 2], ['Japan', 1]], ['subjectivity', 'tone'])
    """
    if distributed.is_dask(articles):
        return distributed.actor_sentiment(articles, col=col, id_col=id_col, cache=cache)
    rec = _gather(_texts(articles, col), _config(None, False), {"base": _BASE_ACTORS}, cache=cache,
                  n_jobs=n_jobs, progress=progress, desc="actor sentiment")
    return _actor_frame(_ids(articles, id_col), rec)


def _event_table(articles: pd.DataFrame, build, *, n_jobs: int | None, progress: bool | None, col: str,
                 id_col: str, cache: Any, desc: str) -> pd.DataFrame:
    """One of the event tables (``build``: :func:`_sanction_frame` or :func:`_vote_frame`) for pandas input."""
    texts = _texts(articles, col)
    rec = _gather(texts, _config(None, False), {"base": ["starts", "ends"], "events": _EVENTS_ALL}, cache=cache,
                  n_jobs=n_jobs, progress=progress, desc=desc)
    return build(articles, _ids(articles, id_col), rec, texts)


def sanction_events(articles: pd.DataFrame, *, n_jobs: int | None = 1, progress: bool | None = None,
                    col: str = "text", id_col: str = "article_id", cache: Any = None) -> pd.DataFrame:
    """Who sanctions whom: one row per distinct (article, sender, target, status), with its evidence.

    Columns: ``article_id``; ``sender`` and ``target`` (canonical actor names,
    ``"unknown"`` when the article does not say who imposes); ``status``
    (``imposed``, ``threatened``, ``eased``); ``measure`` (list from ``trade``,
    ``financial``, ``travel``, ``arms``, ``diplomatic``, ``general``); ``cameo``
    (163 impose, 1312 threaten, 085 ease, 0254 appeal for / 1054 demand easing);
    ``sentence_no``, ``start``, ``end`` and ``quote`` (the first sentence that
    states the record); ``sender_sentence_no`` (the sentence that names the
    sender: ``sentence_no`` itself, or another one, as in "Washington ... It
    imposed sanctions on ...", whose text is then part of the evidence; null
    when the sender is unknown or is taken from the article as a whole);
    ``source`` and ``published`` (copied from the input when it has them). See :mod:`analysis.events` for the rules and what is not a
    sanction. ``cache`` as in :func:`analyze`.

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["The EU extended sanctions against Russia."]})
    >>> sanction_events(df)[["sender", "target", "status", "cameo"]].values.tolist()
    [['European Union', 'Russia', 'imposed', '163']]
    """
    if distributed.is_dask(articles):
        return distributed.sanction_events(articles, col=col, id_col=id_col, cache=cache)
    return _event_table(articles, _sanction_frame, n_jobs=n_jobs, progress=progress, col=col, id_col=id_col,
                        cache=cache, desc="sanction events")


def un_votes(articles: pd.DataFrame, *, n_jobs: int | None = 1, progress: bool | None = None,
             col: str = "text", id_col: str = "article_id", cache: Any = None) -> pd.DataFrame:
    """How UN votes went: one row per UN vote or draft an article reports, with its evidence.

    Columns: ``article_id``; ``body`` (``security_council``,
    ``general_assembly``, ``human_rights_council``, ``other_un``); ``outcome``
    (``adopted``, ``vetoed``, ``failed``, ``scheduled``); ``yes``, ``no``,
    ``abstain`` (``Int64``, missing unless stated); ``vetoed_by`` (list of
    canonical names); ``resolution`` (number or symbol, or None); ``subject``
    (a few words after "resolution on ...", or ""); ``sentence_no``, ``start``,
    ``end``, ``quote``; ``source``, ``published``. Resolutions cited only as law
    are not votes. ``cache`` as in :func:`analyze`.

    Example
    -------
    >>> df = pd.DataFrame({"article_id": ["a"], "text": ["The Security Council adopted resolution 2334 by 14-0."]})
    >>> un_votes(df)[["body", "outcome", "yes", "no", "resolution"]].values.tolist()
    [['security_council', 'adopted', 14, 0, '2334']]
    """
    if distributed.is_dask(articles):
        return distributed.un_votes(articles, col=col, id_col=id_col, cache=cache)
    return _event_table(articles, _vote_frame, n_jobs=n_jobs, progress=progress, col=col, id_col=id_col,
                        cache=cache, desc="UN votes")


class Tables(NamedTuple):
    """All six tables of one scoring pass (see :func:`analyze_all`)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    evidence: pd.DataFrame
    actor_sentiment: pd.DataFrame
    sanction_events: pd.DataFrame
    un_votes: pd.DataFrame


def analyze_all(articles: pd.DataFrame, *, themes: Any = None, vader: bool = False, n_jobs: int | None = 1,
                progress: bool | None = None, col: str = "text", id_col: str = "article_id",
                cache: Any = None) -> Tables:
    """:func:`analyze`, :func:`sentences`, :func:`evidence`, :func:`actor_sentiment`,
    :func:`sanction_events` and :func:`un_votes` in one pass.

    Each article is scored once; the six tables are those the six
    functions return for the same arguments. ``cache`` as in :func:`analyze`.

    Example
    -------
    >>> t = analyze_all(pd.DataFrame({"article_id": ["a"], "text": ["Oil fell. Russia gained."]}))
    >>> len(t.articles), len(t.sentences), t.evidence["term"].tolist(), t.actor_sentiment["actor"].tolist()
    (1, 2, [], ['Russia'])
    """
    config = _config(themes, vader)
    texts = _texts(articles, col)
    base_cols = list(dict.fromkeys(_BASE_ARTICLE + _BASE_SENTENCE + _BASE_ACTORS))
    need = {"base": base_cols, "themes": _THEMES_ALL, "vader": ["vader_mean", "compounds"], "events": _EVENTS_ALL}
    rec = _gather(texts, config, need, cache=cache, n_jobs=n_jobs, progress=progress, desc="analyze")
    ids = _ids(articles, id_col)
    return Tables(
        _article_frame(articles, rec, config),
        _sentence_frame(ids, rec, texts, vader),
        _evidence_frame(ids, rec, texts),
        _actor_frame(ids, rec),
        _sanction_frame(articles, ids, rec, texts),
        _vote_frame(articles, ids, rec, texts),
    )
