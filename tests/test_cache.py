"""The result cache: identical results, nothing scored twice, safe when shared, damaged or interrupted."""

from __future__ import annotations

import importlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analysis
import analysis.scale.cache as cache_mod
import analysis.score.themes as themes_mod
from analysis.scale.cache import Cache, CacheWarning, resolve, text_key

an = importlib.import_module("analysis.score.analyze")  # the module (the package exports the function)

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "Moscow said the new sanctions would hurt European farmers.",
    "Oil prices climbed after the pipeline reopened on Tuesday.",
    "The Security Council voted on a draft resolution about the ceasefire.",
    "Kyiv asked Brussels for more gas through the winter.",
    "Beijing welcomed the trade talks with Washington.",
    "The weather was awful and the match was cancelled.",
    "NATO ministers met in a very good mood.",
    "Nobody expected such a terrible outcome for the small town.",
    "Natural gas exports fell sharply, analysts said.",
    "The United Nations General Assembly adopted the text without a vote.",
    "A local bakery won a prize for its excellent bread.",
    "Critics called the embargo a sad and pointless gesture.",
]


def corpus(n: int, seed: int = 0, start: int = 0) -> pd.DataFrame:
    rnd = random.Random(seed)
    texts = []
    for i in range(start, start + n):
        body = " ".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(1, 6)))
        texts.append(f"Report {i}. {body}")
    return pd.DataFrame({"article_id": [f"id{i}" for i in range(start, start + n)], "text": texts},
                        index=pd.RangeIndex(start, start + n, name="row"))


def assert_tables_equal(a, b) -> None:
    for x, y in zip(a, b):
        assert_frame_equal(x, y)


@pytest.fixture
def count(monkeypatch):
    """Counts of full scorings (score_text) and of theme matchings (find_hits)."""
    counts = {"score": 0, "themes": 0}
    real_score, real_hits = an.score_text, themes_mod.find_hits

    def score(*args, **kwargs):
        counts["score"] += 1
        return real_score(*args, **kwargs)

    def hits(*args, **kwargs):
        counts["themes"] += 1
        return real_hits(*args, **kwargs)

    monkeypatch.setattr(an, "score_text", score)
    monkeypatch.setattr(themes_mod, "find_hits", hits)

    def reset():
        counts.update(score=0, themes=0)
        return counts

    counts["reset"] = reset
    return counts


@pytest.mark.parametrize("vader", [False, True])
def test_all_tables_identical_with_and_without_cache(tmp_path, vader):
    df = corpus(60)
    plain = analysis.analyze_all(df, vader=vader)
    cold = analysis.analyze_all(df, vader=vader, cache=tmp_path)
    warm = analysis.analyze_all(df, vader=vader, cache=tmp_path)
    assert_tables_equal(plain, cold)
    assert_tables_equal(plain, warm)
    assert_frame_equal(analysis.analyze(df, vader=vader, cache=tmp_path), plain.articles)
    assert_frame_equal(analysis.sentences(df, vader=vader, cache=tmp_path), plain.sentences)
    assert_frame_equal(analysis.evidence(df, cache=tmp_path), plain.evidence)
    assert_frame_equal(analysis.actor_sentiment(df, cache=tmp_path), plain.actor_sentiment)


def test_single_table_functions_fill_the_cache_for_each_other(tmp_path, count):
    df = corpus(30)
    plain = analysis.analyze_all(df)
    count["reset"]()
    assert_frame_equal(analysis.actor_sentiment(df, cache=tmp_path), plain.actor_sentiment)
    assert count["score"] == 30
    count["reset"]()
    assert_tables_equal(analysis.analyze_all(df, cache=tmp_path), plain)
    assert count["score"] == 0


def test_warm_run_scores_nothing_and_new_articles_only_once(tmp_path, count):
    df = corpus(80)
    analysis.analyze(df, cache=tmp_path)
    assert count["score"] == 80
    count["reset"]()
    warm = analysis.analyze(df, cache=tmp_path)
    assert count["score"] == 0
    assert_frame_equal(warm, analysis.analyze(df, cache=False))
    count["reset"]()
    grown = pd.concat([df, corpus(25, seed=1, start=80)])
    out = analysis.analyze_all(grown, cache=tmp_path)
    assert count["score"] == 25
    count["reset"]()
    assert_tables_equal(out, analysis.analyze_all(grown, cache=False))


def test_repeated_texts_are_scored_once(tmp_path, count):
    df = corpus(10)
    twice = pd.concat([df, df], ignore_index=True)
    out = analysis.analyze_all(twice)
    assert count["score"] == 10
    assert out.articles["polarity"].tolist() == 2 * out.articles["polarity"].tolist()[:10]
    assert len(out.sentences) == 2 * len(analysis.sentences(df))


def test_lexicon_change_reruns_only_theme_matching(tmp_path, count):
    df = corpus(40)
    analysis.analyze_all(df, cache=tmp_path)
    lexicon = {"themes": {"bakery": {"strong": ["bread", "bakery"]}, "energy": {"strong": ["pipeline"]}}}
    count["reset"]()
    out = analysis.analyze_all(df, themes=lexicon, cache=tmp_path)
    assert count["score"] == 0 and count["themes"] == 40
    count["reset"]()
    assert_tables_equal(out, analysis.analyze_all(df, themes=lexicon, cache=False))
    assert out.articles["bakery"].any() and not out.articles["bakery"].all()
    count["reset"]()
    analysis.analyze(df, themes=lexicon, cache=tmp_path)
    assert count == {"score": 0, "themes": 0, "reset": count["reset"]}


def test_vader_added_later_reuses_the_sentences(tmp_path, count):
    df = corpus(20)
    analysis.analyze(df, cache=tmp_path)
    count["reset"]()
    out = analysis.analyze_all(df, vader=True, cache=tmp_path)
    assert count["score"] == 0
    assert_tables_equal(out, analysis.analyze_all(df, vader=True, cache=False))


def test_new_package_version_invalidates(tmp_path, count, monkeypatch):
    df = corpus(12)
    analysis.analyze(df, cache=tmp_path)
    monkeypatch.setattr(sys.modules["analysis.score.analyze"], "code_version", lambda: "999.0+changed")
    count["reset"]()
    analysis.analyze(df, cache=tmp_path)
    assert count["score"] == 12


def test_gazetteer_hash_follows_content():
    from analysis.score.actors import load_gazetteer

    base = cache_mod.gazetteer_sha256(load_gazetteer())
    assert base == cache_mod.gazetteer_sha256(load_gazetteer())
    other = load_gazetteer({"Atlantis": {"kind": "country", "aliases": ["Atlantis"]}})
    assert cache_mod.gazetteer_sha256(other) != base


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_damaged_segment_is_ignored_with_a_warning_and_recomputed(tmp_path, count, damage):
    df = corpus(30)
    plain = analysis.analyze_all(df)
    analysis.analyze_all(df, cache=tmp_path)
    segments = sorted(tmp_path.glob("v1/base-*/*.parquet"))
    assert len(segments) == 1
    data = segments[0].read_bytes()
    segments[0].write_bytes({"truncate": data[: len(data) // 2], "garbage": b"PAR1" + os.urandom(300),
                             "empty": b""}[damage])
    count["reset"]()
    with pytest.warns(CacheWarning, match="damaged"):
        again = analysis.analyze_all(df, cache=tmp_path)
    assert count["score"] == 30
    assert_tables_equal(again, plain)
    assert list(tmp_path.glob("v1/base-*/*.damaged"))
    count["reset"]()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert_tables_equal(analysis.analyze_all(df, cache=tmp_path), plain)
    assert count["score"] == 0


def test_leftover_temporary_files_are_invisible(tmp_path):
    df = corpus(10)
    analysis.analyze(df, cache=tmp_path)
    folder = next(tmp_path.glob("v1/base-*"))
    (folder / ".half-written.parquet.abc.part").write_bytes(b"PAR1 partial")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert_frame_equal(analysis.analyze(df, cache=tmp_path), analysis.analyze(df, cache=False))


def test_segments_are_merged_and_stay_correct(tmp_path, count, monkeypatch):
    monkeypatch.setattr(cache_mod, "COMPACT_AFTER", 3)
    parts = [corpus(8, seed=k, start=8 * k) for k in range(6)]
    for k in range(6):
        analysis.analyze(pd.concat(parts[: k + 1]), cache=tmp_path)
    assert len(list(tmp_path.glob("v1/base-*/*.parquet"))) <= 3
    whole = pd.concat(parts)
    count["reset"]()
    cached = analysis.analyze_all(whole, cache=tmp_path)
    assert count["score"] == 0
    assert_tables_equal(cached, analysis.analyze_all(whole, cache=False))


def test_worker_processes_store_what_they_score(tmp_path, count, monkeypatch):
    # small flushes and merges: (forked) workers write several segments each and merge them meanwhile
    monkeypatch.setattr(an, "_FLUSH_ARTICLES", 40)
    monkeypatch.setattr(cache_mod, "COMPACT_AFTER", 3)
    df = corpus(400, seed=11)
    plain = analysis.analyze_all(df, vader=True, cache=False)
    assert_frame_equal(analysis.analyze(df, cache=tmp_path, n_jobs=2), plain.articles.drop(
        columns=["vader", "sentiment_disagree"]))
    assert len(list(tmp_path.glob("v1/base-*/*.parquet"))) <= 3  # merged after the workers wrote
    assert_tables_equal(analysis.analyze_all(df, vader=True, cache=tmp_path, n_jobs=2), plain)  # VADER only
    count["reset"]()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert_tables_equal(analysis.analyze_all(df, vader=True, cache=tmp_path), plain)
    assert count["score"] == 0 and count["themes"] == 0


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_cache_that_cannot_be_written_fails_before_scoring(tmp_path, count, n_jobs):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(OSError):
        analysis.analyze(corpus(300), cache=tmp_path / "file" / "cache", n_jobs=n_jobs)
    assert count["score"] == 0


def test_store_read_write_roundtrip_in_key_order(tmp_path):
    import pyarrow as pa

    store = Cache(tmp_path).store("demo", {"v": 1})
    keys = [text_key(str(i)) for i in range(5000)]
    store.write(keys[:3000], pa.table({"n": list(range(3000))}))
    store.write(keys[2000:], pa.table({"n": list(range(2000, 5000))}))  # overlapping: only new keys stored
    assert len(store) == 5000
    wanted = [keys[i] for i in (4999, 7, 2500, 3100)] + [text_key("absent")]
    found, table = Cache(tmp_path).store("demo", {"v": 1}).read(wanted, ["n"])
    assert found.tolist() == [True, True, True, True, False]
    assert table["n"].to_pylist() == [4999, 7, 2500, 3100]
    assert Cache(tmp_path).store("demo", {"v": 2}).read(wanted, ["n"])[0].sum() == 0


def test_cache_argument_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv(cache_mod.ENV, raising=False)
    assert resolve(None) is None and resolve(False) is None
    assert resolve(tmp_path).root == tmp_path
    monkeypatch.setenv(cache_mod.ENV, str(tmp_path / "env"))
    assert resolve(None).root == tmp_path / "env"
    assert resolve(False) is None
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    assert resolve(True).root == tmp_path / "data" / "cache"
    with pytest.raises(TypeError):
        resolve(3)


def test_environment_variable_turns_the_cache_on(tmp_path, monkeypatch, count):
    monkeypatch.setenv(cache_mod.ENV, str(tmp_path))
    df = corpus(9)
    analysis.analyze(df)
    count["reset"]()
    analysis.analyze(df)
    assert count["score"] == 0
    analysis.analyze(df, cache=False)
    assert count["score"] == 9


# --------------------------------------------------------------------------- several processes

_RUNNER = textwrap.dedent("""
    import sys, pickle
    import pandas as pd
    import importlib, analysis
    an = importlib.import_module("analysis.score.analyze")
    an._FLUSH_ARTICLES = int(sys.argv[4])
    df = pd.read_parquet(sys.argv[1])
    out = analysis.analyze_all(df, cache=sys.argv[2], n_jobs=int(sys.argv[5]), progress=False)
    with open(sys.argv[3], "wb") as fh:
        pickle.dump(tuple(out), fh)
""")


def _runner(tmp_path, df, cache, out, flush=100, n_jobs=1) -> subprocess.Popen:
    src = tmp_path / "corpus.parquet"
    if not src.exists():
        df.to_parquet(src)
    script = tmp_path / "runner.py"
    script.write_text(_RUNNER)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop(cache_mod.ENV, None)
    log = open(Path(str(out) + ".log"), "wb")  # a file, not a pipe: orphaned workers cannot block us
    proc = subprocess.Popen([sys.executable, str(script), str(src), str(cache), str(out), str(flush), str(n_jobs)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    proc.log = Path(str(out) + ".log")
    return proc


def _end(proc: subprocess.Popen, timeout: float) -> None:
    """Wait for a runner; if it hangs, kill it. Then kill any of its worker processes still alive (by pid)."""
    psutil = pytest.importorskip("psutil")
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        family = []
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    for child in family:
        try:
            child.kill()
        except psutil.Error:
            pass


@pytest.mark.slow
def test_two_runs_share_one_cache_at_once(tmp_path, count):
    import pickle

    df = corpus(1500, seed=5)
    procs = [_runner(tmp_path, df, tmp_path / "cache", tmp_path / f"out{k}.pkl", flush=200) for k in range(2)]
    for p in procs:
        _end(p, 300)
        assert p.returncode == 0, p.log.read_text()[-2000:]
    plain = analysis.analyze_all(df, cache=False)
    for k in range(2):
        assert_tables_equal(pickle.loads((tmp_path / f"out{k}.pkl").read_bytes()), plain)
    count["reset"]()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert_tables_equal(analysis.analyze_all(df, cache=tmp_path / "cache"), plain)
    assert count["score"] == 0


def _wait_for_segments(folder: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if list(folder.glob("v1/base-*/*.parquet")):
            return
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("victim", ["main", "worker"])
def test_killed_run_leaves_a_usable_cache(tmp_path, count, victim):
    psutil = pytest.importorskip("psutil")
    df = corpus(6000, seed=7)
    cache = tmp_path / "cache"
    proc = _runner(tmp_path, df, cache, tmp_path / "out.pkl", flush=150, n_jobs=1 if victim == "main" else 2)
    _wait_for_segments(cache, proc)
    time.sleep(0.2)
    if victim == "main":
        proc.send_signal(signal.SIGKILL)
        _end(proc, 60)
    else:
        children = []
        deadline = time.monotonic() + 60
        while not children and proc.poll() is None and time.monotonic() < deadline:
            children = psutil.Process(proc.pid).children(recursive=True)
            time.sleep(0.02)
        assert children, "no worker process found"
        os.kill(children[0].pid, signal.SIGKILL)
        # concurrent.futures can hang when a worker dies holding its queue's lock: then the run is ended too
        _end(proc, 60)
    assert proc.returncode != 0, "the run finished before it could be interrupted"
    stored = Cache(cache).store("base", an._keys(an._config(None, False))["base"])
    stored.refresh()
    assert 0 < len(stored) < len(df)
    count["reset"]()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        out = analysis.analyze_all(df, cache=cache)
    assert count["score"] == len(df) - len(stored)
    count["reset"]()
    assert_tables_equal(out, analysis.analyze_all(df, cache=False))


# --------------------------------------------------------------------------- vectorised keys and index

KEY_TEXTS = ["plain ascii", "", "Zürich café", "Кремль заявил", "北京 welcomes talks", "emoji 🙂 end",
             "tab\tand\nnewline", "replacement \ufffd char", "Zürich café", "x" * 5000]


def _expected_keys(texts) -> list[bytes]:
    return [text_key("" if t is None else t) for t in texts]


@pytest.mark.parametrize("arrow_type", ["string", "large_string", "string_view"])
@pytest.mark.parametrize("shape", ["array", "sliced", "chunked"])
def test_text_keys_of_arrow_strings_equal_text_key(arrow_type, shape):
    import numpy as np
    import pyarrow as pa

    texts = KEY_TEXTS + [None, "after a missing one", None]
    typ = getattr(pa, arrow_type)()
    if shape == "array":
        data, want = pa.array(texts, type=typ), texts
    elif shape == "sliced":  # a slice of a larger array: its offsets do not start at zero
        data, want = pa.array(["before"] + texts + ["after"], type=typ).slice(1, len(texts)), texts
    else:
        data = pa.chunked_array([pa.array(texts[:4], type=typ), pa.array([], type=typ),
                                 pa.array(texts[4:], type=typ).slice(1)], type=typ)
        want = texts[:4] + texts[5:]
    keys = cache_mod.text_keys(data)
    assert keys.dtype == np.uint8 and keys.shape == (len(want), 32)
    assert [k.tobytes() for k in keys] == _expected_keys(want)


def test_text_keys_of_python_strings_and_of_nothing():
    import pyarrow as pa

    assert [k.tobytes() for k in cache_mod.text_keys(KEY_TEXTS)] == _expected_keys(KEY_TEXTS)
    assert [k.tobytes() for k in cache_mod.text_keys(["lone \ud800 surrogate"])] == [text_key("lone \ud800 surrogate")]
    assert cache_mod.text_keys([]).shape == (0, 32)
    assert cache_mod.text_keys(pa.array([], type=pa.string())).shape == (0, 32)
    assert [k.tobytes() for k in cache_mod.text_keys(pa.nulls(3, type=pa.string()))] == [text_key("")] * 3


def _fake_keys(firsts: list[int], tails: list[int]) -> list[bytes]:
    """32-byte keys whose first 8 bytes (and the rest) are chosen: to make first-word collisions."""
    return [f.to_bytes(8, "little") + t.to_bytes(24, "little") for f, t in zip(firsts, tails)]


@pytest.mark.parametrize("colliding", [False, True])
def test_store_lookup_is_exact_when_keys_share_their_first_bytes(tmp_path, colliding):
    import numpy as np
    import pyarrow as pa

    firsts = [7] * 6 if colliding else list(range(6))
    keys = _fake_keys(firsts, [1, 2, 3, 4, 5, 6])
    store = Cache(tmp_path).store("demo", {"v": 1})
    store.write(keys[:3], pa.table({"n": [0, 1, 2]}))
    store.write(keys[2:5], pa.table({"n": [20, 3, 4]}))  # keys[2] is stored already: skipped
    assert len(store) == 5
    absent = _fake_keys([7 if colliding else 0], [99])[0]
    wanted = [keys[4], absent, keys[0], keys[5], keys[2], keys[4]]
    for reader in (store, Cache(tmp_path).store("demo", {"v": 1})):  # the writer's index and a fresh one
        found, table = reader.read(wanted, ["n"])
        assert found.tolist() == [True, False, True, False, True, True]
        assert table["n"].to_pylist() == [4, 0, 2, 4]
        arr = np.frombuffer(b"".join(wanted), dtype=np.uint8).reshape(-1, 32)  # the array form gives the same
        assert reader.read(arr, ["n"])[0].tolist() == found.tolist()
        assert reader.contains(wanted).tolist() == found.tolist()


def test_store_keeps_the_first_of_duplicate_keys_across_segments(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = [text_key(f"t{i}") for i in range(4)]
    folder = tmp_path / "v1" / "seg"
    folder.mkdir(parents=True)
    for name, ks, ns in (("a.parquet", keys[:3], [0, 1, 2]), ("b.parquet", keys[1:], [10, 11, 12])):
        pq.write_table(pa.table({"key": pa.array(ks, type=pa.binary(32)), "n": ns}), folder / name)
    from analysis.scale.cache import Store

    store = Store(folder, {})
    found, table = store.read(keys[::-1], ["n"])
    assert found.all() and table["n"].to_pylist() == [12, 2, 1, 0]  # "a" comes first by name
    assert len(store) == 4
    (folder / "a.parquet").unlink()  # merged away by another run: the index is rebuilt from "b"
    found, table = store.read(keys, ["n"])
    assert found.tolist() == [False, True, True, True] and table["n"].to_pylist() == [10, 11, 12]


def test_store_rejects_keys_that_are_not_digests(tmp_path):
    import pyarrow as pa

    store = Cache(tmp_path).store("demo", {"v": 1})
    with pytest.raises(ValueError):
        store.write([b"short"], pa.table({"n": [1]}))
    with pytest.raises(ValueError):
        store.read([b"x" * 33], ["n"])


# --------------------------------------------------------------------------- hostile sharing (audit #8, #15)


def test_merging_segments_whose_keys_are_all_stored_already(tmp_path):
    # two runs that did not see each other's segments store the same article: merging must cope
    import pyarrow as pa

    key, folder = text_key("same text"), tmp_path / "v1" / "demo"
    for _ in range(2):
        cache_mod.Store(folder, {"v": 1}).write([key], pa.table({"n": [3]}))
    store = cache_mod.Store(folder, {"v": 1})
    assert store.compact() is not None
    assert len(list(folder.glob("*.parquet"))) == 1
    found, table = cache_mod.Store(folder, {"v": 1}).read([key], ["n"])
    assert found.tolist() == [True] and table["n"].to_pylist() == [3]


def _share_runs(root: str, seed: int) -> None:
    for k in range(4):  # overlapping corpora: every process stores (and merges) the same articles too
        analysis.analyze_all(corpus(60, seed=k, start=20 * k), cache=root)


def test_three_processes_share_one_cache(tmp_path, monkeypatch, count):
    import multiprocessing

    monkeypatch.setattr(an, "_FLUSH_ARTICLES", 7)  # many small segments ...
    monkeypatch.setattr(cache_mod, "COMPACT_AFTER", 2)  # ... merged all the time, by all three at once
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_share_runs, args=(str(tmp_path), s)) for s in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(240)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    whole = pd.concat([corpus(60, seed=k, start=20 * k) for k in range(4)]).drop_duplicates("text")
    plain = analysis.analyze_all(whole, cache=False)
    count["reset"]()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)
        assert_tables_equal(analysis.analyze_all(whole, cache=tmp_path), plain)
    assert count["score"] == 0


def test_segment_that_cannot_be_opened_is_skipped_not_renamed(tmp_path, count, monkeypatch):
    # another user's segment without read permission: not damaged, so it must not be set aside
    import pyarrow.parquet as pq

    df = corpus(20)
    plain = analysis.analyze_all(df)
    analysis.analyze_all(df, cache=tmp_path)
    theirs = sorted(tmp_path.glob("v1/base-*/*.parquet"))[0]
    real = pq.ParquetFile

    def parquet_file(source, *args, **kwargs):
        if Path(str(source)) == theirs:
            raise PermissionError(13, "Permission denied", str(theirs))
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pq, "ParquetFile", parquet_file)
    count["reset"]()
    with pytest.warns(CacheWarning, match="skipped.*cannot be opened") as caught:
        again = analysis.analyze_all(df, cache=tmp_path)
    assert sum("cannot be opened" in str(w.message) for w in caught) == 1  # said once
    assert count["score"] == 20
    assert_tables_equal(again, plain)
    assert theirs.exists() and not list(tmp_path.glob("v1/*/*.damaged"))


@pytest.mark.parametrize("fault", ["missing column", "wrong type"])
def test_segment_with_a_wrong_column_is_a_miss(tmp_path, count, fault):
    import pyarrow as pa
    import pyarrow.parquet as pq

    df = corpus(20)
    plain = analysis.analyze_all(df)
    analysis.analyze_all(df, cache=tmp_path)
    seg = sorted(tmp_path.glob("v1/base-*/*.parquet"))[0]
    table = pq.read_table(seg)
    if fault == "missing column":
        table = table.drop_columns(["spol"])
    else:
        table = table.set_column(table.schema.get_field_index("polarity"), "polarity",
                                 table["polarity"].cast(pa.string()))
    pq.write_table(table, seg)
    count["reset"]()
    with pytest.warns(CacheWarning, match="skipped") as caught:
        again = analysis.analyze_all(df, cache=tmp_path)
    assert sum("skipped" in str(w.message) for w in caught) == 1
    assert count["score"] == 20
    assert_tables_equal(again, plain)
    count["reset"]()
    with warnings.catch_warnings():  # the segment is still there, still skipped (and said so)
        warnings.simplefilter("ignore", CacheWarning)
        analysis.analyze_all(df, cache=tmp_path)  # the recomputed results were stored
    assert count["score"] == 0


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_full_disk_warns_once_and_returns_results(tmp_path, count, monkeypatch, capfd, n_jobs):
    import errno

    def full(self, keys, table):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_mod.Store, "write", full)  # forked workers inherit it
    df = corpus(300, seed=5)
    plain = analysis.analyze_all(df, cache=False)
    with pytest.warns(CacheWarning, match="disk full at .*; results not cached") as caught:
        got = analysis.analyze_all(df, cache=tmp_path, n_jobs=n_jobs)
    assert sum("disk full" in str(w.message) for w in caught) == 1
    assert_tables_equal(got, plain)
    assert "Traceback" not in capfd.readouterr().err
    assert not list(tmp_path.glob("v1/*/*.parquet"))
