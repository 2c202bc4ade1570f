"""analysis.distributed: Dask frames in, lazy Dask frames out, equal to the pandas results."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
import dask  # noqa: E402

import analysis  # noqa: E402
from analysis import distributed  # noqa: E402

PANDAS = sys.modules["analysis.score.analyze"]  # the module; ``analysis.analyze`` is the function

TEXTS = [
    "Moscow rejected the fresh EU sanctions. Oil prices climbed after the news.",
    "",
    "China and Japan argued over fishing rights. Beijing was not happy at all.",
    None,
    "The UN Security Council voted 13-0 to adopt the resolution on Syria.",
    "Kyiv agreed to buy more natural gas from Slovakia. Winter was very cold.",
    "Nothing of note happened at the village fete.",
    "Washington warned Tehran. NATO ministers met in Brussels; the railway strike went on.",
    "A new railway line opened. Railways carry freight and grain across Ukraine.",
    "The euro fell. Sanctions relief was discussed by Russia and the United States.",
]

# own theme: a term that appears in TEXTS and one that does not
USER_THEMES = {"themes": {"rail": {"strong": ["railway{,s}"]}, "farming": {"strong": ["tractor{,s}"]}}}
# replaces every packaged theme: the built-in sample text then finds no evidence at all
ONLY_RAIL = {"themes": {name: {"strong": ["railway{,s}"]} for name in ("sanctions", "energy", "un_voting")}}


def articles(n: int = len(TEXTS)) -> pd.DataFrame:
    texts = [TEXTS[i % len(TEXTS)] for i in range(n)]
    return pd.DataFrame(
        {"article_id": [f"id{i:03d}" for i in range(n)], "source": ["tass.com", "dw.com"] * (n // 2) + ["x"] * (n % 2),
         "text": texts},
        index=pd.Index([(7 * i) % 23 + 100 * i for i in range(n)], name="row"),  # not 0..n-1
    )


def split(df: pd.DataFrame, bounds: list[int]):
    """A Dask frame whose partitions are df[bounds[i]:bounds[i+1]] (empty ones allowed)."""
    pieces = [df.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    return dd.from_map(lambda piece: piece, pieces, meta=df.iloc[:0], enforce_metadata=False)


LAYOUTS = {
    "one": [0, 10],
    "even": [0, 4, 7, 10],
    "uneven_with_empty": [0, 1, 1, 8, 10],
    "empty_first_and_last": [0, 0, 3, 10, 10],
}


# every layout with the default options; the options with the two layouts that have empty partitions
CASES = [(layout, "plain") for layout in LAYOUTS] + [
    (layout, option) for layout in ("uneven_with_empty", "empty_first_and_last")
    for option in ("vader", "user_themes", "replaced_themes")]
OPTIONS = {"plain": {}, "vader": {"vader": True}, "user_themes": {"themes": USER_THEMES},
           "replaced_themes": {"themes": ONLY_RAIL}}


def check(result, expected: pd.DataFrame) -> None:
    assert distributed.is_dask(result)
    pd.testing.assert_frame_equal(result.compute(scheduler="sync"), expected)


# --------------------------------------------------------------------------- is_dask


def test_is_dask():
    df = articles(3)
    assert not distributed.is_dask(df)
    assert not distributed.is_dask(None)
    frame = dd.from_pandas(df, npartitions=2)
    assert distributed.is_dask(frame)
    assert not distributed.is_dask(frame["text"])  # a Series is not an articles table


def test_is_dask_does_not_import_dask():
    code = ("import sys, pandas as pd; from analysis import distributed; "
            "r = distributed.is_dask(pd.DataFrame({'text': ['x']})); "
            "print(r, 'dask' in sys.modules, 'dask.dataframe' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "False"]


def test_pandas_input_is_refused_with_a_pointer():
    with pytest.raises(TypeError, match="analysis.analyze"):
        distributed.analyze(articles(2))


# --------------------------------------------------------------------------- equal to pandas


@pytest.mark.parametrize("layout, option", CASES)
def test_analyze_equals_pandas(layout, option):
    ddf, options = split(articles(), LAYOUTS[layout]), OPTIONS[option]
    result = distributed.analyze(ddf, **options)
    expected = analysis.analyze(ddf.compute(), **options)
    check(result, expected)
    assert result.npartitions == ddf.npartitions
    if options.get("themes") is USER_THEMES:
        assert expected["rail_hits"].sum() > 0 and expected["farming_hits"].sum() == 0
    if options.get("themes") is ONLY_RAIL:
        assert expected["energy_hits"].sum() > 0  # now counts railways


def test_analyze_keeps_index_and_divisions():
    df = articles().sort_index()
    frame = dd.from_pandas(df, npartitions=3)
    result = distributed.analyze(frame)
    assert result.divisions == frame.divisions and result.known_divisions
    out = result.compute(scheduler="sync")
    assert out.index.equals(df.index)
    assert out.loc[out.index[0], "actors"] == ["Russia", "European Union"]


@pytest.mark.parametrize("layout", ["even", "uneven_with_empty", "empty_first_and_last"])
@pytest.mark.parametrize("name, option", [
    ("sentences", "plain"), ("sentences", "vader"), ("sentences", "user_themes"),
    ("evidence", "plain"), ("evidence", "user_themes"), ("evidence", "replaced_themes"),
    ("actor_sentiment", "plain"),
])
def test_long_tables_equal_pandas(layout, name, option):
    ddf, options = split(articles(), LAYOUTS[layout]), OPTIONS[option]
    result = getattr(distributed, name)(ddf, **options)
    expected = getattr(PANDAS, name)(ddf.compute(), **options)
    assert len(expected) > 0
    check(result, expected)


@pytest.mark.parametrize("name", ["sentences", "evidence", "actor_sentiment"])
def test_partition_local_numbering(name):
    frame = split(articles(), LAYOUTS["uneven_with_empty"])
    out = getattr(distributed, name)(frame, global_index=False).compute(scheduler="sync")
    expected = getattr(PANDAS, name)(frame.compute())
    assert not out.index.is_unique  # each partition counts from 0
    pd.testing.assert_frame_equal(out.reset_index(drop=True), expected)


def test_ids_come_from_the_index_without_an_id_column():
    frame = split(articles().drop(columns="article_id"), LAYOUTS["even"])
    check(distributed.sentences(frame), PANDAS.sentences(frame.compute()))
    check(distributed.actor_sentiment(frame), PANDAS.actor_sentiment(frame.compute()))


def test_other_column_names():
    df = articles().rename(columns={"text": "body", "article_id": "key"})
    frame = split(df, LAYOUTS["even"])
    check(distributed.analyze(frame, col="body"), analysis.analyze(frame.compute(), col="body"))
    check(distributed.evidence(frame, col="body", id_col="key"),
          PANDAS.evidence(frame.compute(), col="body", id_col="key"))


def test_empty_input():
    frame = split(articles(), [0, 0])
    check(distributed.analyze(frame, vader=True), analysis.analyze(frame.compute(), vader=True))
    assert len(distributed.sentences(frame).compute(scheduler="sync")) == 0


def test_missing_text_column_fails_at_call_time():
    frame = split(articles(), LAYOUTS["even"])
    for func in (distributed.analyze, distributed.sentences, distributed.evidence, distributed.actor_sentiment):
        with pytest.raises(KeyError, match="body"):
            func(frame, col="body")


def test_threaded_scheduler_gives_the_same_result():
    frame = split(articles(40), [0, 5, 5, 20, 33, 40])
    expected = analysis.analyze(frame.compute())
    pd.testing.assert_frame_equal(distributed.analyze(frame).compute(scheduler="threads"), expected)


# --------------------------------------------------------------------------- laziness and options


class Unread(Exception):
    pass


def _refuse(piece):
    raise Unread("a partition was read")


@pytest.mark.parametrize("name", ["analyze", "sentences", "evidence", "actor_sentiment"])
def test_calls_are_lazy(name):
    df = articles()
    frame = dd.from_map(_refuse, [df.iloc[:5], df.iloc[5:]], meta=df.iloc[:0], enforce_metadata=False)
    result = getattr(distributed, name)(frame)  # must not touch the data
    assert distributed.is_dask(result)
    assert result.npartitions == 2
    with pytest.raises(Unread):
        result.compute(scheduler="sync")


@pytest.mark.parametrize("name", ["analyze", "sentences", "evidence", "actor_sentiment"])
def test_each_partition_is_read_once(name):
    df = articles()
    reads = Counter()

    def load(bounds):
        reads[bounds] += 1
        return df.iloc[bounds[0]:bounds[1]]

    frame = dd.from_map(load, [(0, 3), (3, 3), (3, 10)], meta=df.iloc[:0], enforce_metadata=False)
    getattr(distributed, name)(frame).compute(scheduler="sync")
    assert reads == {(0, 3): 1, (3, 3): 1, (3, 10): 1}


def test_input_is_not_changed():
    frame = split(articles(), LAYOUTS["even"])
    before = frame.compute()
    distributed.analyze(frame, vader=True).compute(scheduler="sync")
    pd.testing.assert_frame_equal(frame.compute(), before)


def test_n_jobs_is_ignored_inside_partitions(monkeypatch):
    seen = []
    real = PANDAS.analyze

    def spy(part, **kwargs):
        seen.append((kwargs["n_jobs"], kwargs["progress"]))
        return real(part, **kwargs)

    monkeypatch.setattr(PANDAS, "analyze", spy)
    distributed.analyze(split(articles(), LAYOUTS["even"]), n_jobs=-1, progress=True).compute(scheduler="sync")
    assert seen and set(seen) == {(1, False)}


def test_lexicon_file_is_read_on_the_client(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[themes.rail]\nstrong = ["railway{,s}"]\n', encoding="utf-8")
    frame = split(articles(), LAYOUTS["uneven_with_empty"])
    expected = analysis.analyze(frame.compute(), themes=path)
    result = distributed.analyze(frame, themes=path)
    path.unlink()  # workers need not see the file
    check(result, expected)
    assert expected["rail"].any()


# --------------------------------------------------------------------------- the hook in analysis.analyze


@pytest.mark.parametrize("name", ["analyze", "sentences", "evidence", "actor_sentiment"])
def test_package_functions_accept_dask(name):
    frame = split(articles(), LAYOUTS["uneven_with_empty"])
    result = getattr(analysis, name)(frame)
    assert distributed.is_dask(result)
    pd.testing.assert_frame_equal(result.compute(scheduler="sync"), getattr(PANDAS, name)(frame.compute()))


# --------------------------------------------------------------------------- Parquet on (shared) storage


def test_parquet_round_trip(tmp_path):
    df = articles(30)
    df["authors"] = [[f"Writer {i}"] if i % 3 else [] for i in range(len(df))]
    with dask.config.set({"dataframe.convert-string": False}):  # keep `authors` a list column
        frame = dd.from_pandas(df, npartitions=1, sort=False).repartition(npartitions=4)
    frame.to_parquet(tmp_path / "in", schema=distributed.parquet_schema(frame))
    assert len(list((tmp_path / "in").glob("*.parquet"))) == 4

    source = distributed.read_parquet(tmp_path / "in")
    assert source.npartitions == 4
    loaded = source.compute()
    pd.testing.assert_frame_equal(loaded, df)  # lists, dtypes and index survive

    scored = distributed.analyze(source, vader=True)
    scored.to_parquet(tmp_path / "out", schema=distributed.parquet_schema(scored))
    back = distributed.read_parquet(tmp_path / "out").compute()
    expected = analysis.analyze(loaded, vader=True)
    pd.testing.assert_frame_equal(back, expected)
    assert all(type(v) is list for v in back["actors"]) and ["Russia", "European Union"] in back["actors"].tolist()

    sents = distributed.sentences(source)
    sents.to_parquet(tmp_path / "sentences", schema=distributed.parquet_schema(sents))
    pd.testing.assert_frame_equal(distributed.read_parquet(tmp_path / "sentences").compute(),
                                  PANDAS.sentences(loaded))


def test_parquet_without_index(tmp_path):
    frame = split(articles(), LAYOUTS["uneven_with_empty"])
    ev = distributed.evidence(frame, global_index=False)
    ev.to_parquet(tmp_path / "ev", write_index=False, schema=distributed.parquet_schema(ev, write_index=False))
    back = distributed.read_parquet(tmp_path / "ev").compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(back, PANDAS.evidence(frame.compute()))


def test_plain_dask_schema_inference_fails_on_list_columns(tmp_path):
    """Why parquet_schema exists: if Dask learns to infer object columns, it can go."""
    scored = distributed.analyze(split(articles(), LAYOUTS["even"]))
    with pytest.raises(Exception):
        scored.to_parquet(tmp_path / "plain")


# --------------------------------------------------------------------------- a real (local) cluster


@pytest.mark.slow
def test_local_cluster_with_processes(tmp_path):
    distributed_mod = pytest.importorskip("distributed")
    df = articles(60)
    frame = split(df, [0, 7, 7, 30, 52, 60])
    path = tmp_path / "mine.json"
    path.write_text('{"themes": {"rail": {"strong": ["railway{,s}"]}}}', encoding="utf-8")
    same = frame.compute(scheduler="sync")  # the data as Dask gives it (string dtypes may be recast)
    with distributed_mod.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                                      silence_logs=False) as cluster, distributed_mod.Client(cluster) as client:
        scored = distributed.analyze(frame, themes=path)
        out = client.compute(scored).result()
        ev = distributed.evidence(frame).compute()  # the Client is the default scheduler now
        workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2
    pd.testing.assert_frame_equal(out, analysis.analyze(same, themes=path))
    assert out["rail"].any()
    pd.testing.assert_frame_equal(ev, PANDAS.evidence(same))


def test_cache_folder_is_passed_to_the_workers(tmp_path):
    if "cache" not in __import__("inspect").signature(PANDAS.analyze).parameters:
        pytest.skip("analysis.analyze has no cache option")
    frame = split(articles(), LAYOUTS["uneven_with_empty"])
    expected = analysis.analyze(frame.compute(), cache=False)
    first = distributed.analyze(frame, cache=tmp_path / "cache").compute(scheduler="sync")
    assert any((tmp_path / "cache").rglob("*"))  # the partitions stored their results there
    again = distributed.analyze(frame, cache=tmp_path / "cache").compute(scheduler="sync")
    pd.testing.assert_frame_equal(first, expected)
    pd.testing.assert_frame_equal(again, expected)
