"""The report's scoring on a Dask cluster equals the local run (issue 11, part 2)."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("dask.distributed")

from analysis import report, stream  # noqa: E402
from analysis.scale.distributed import cluster  # noqa: E402

from test_report import small_corpus  # noqa: E402  (the report tests' hand-written corpus)


@pytest.fixture(scope="module")
def client():
    with cluster("local", n_workers=2, processes=False) as c:  # threads: quick to start; same code path
        yield c


def _tables(folder) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(folder / name) for name in report.TABLES}


def _assert_same(a, b) -> None:
    for name in report.TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], check_like=False, obj=name)
        assert len(a[name]) or name in ("sanction_events", "un_votes"), f"{name} is empty: the test proves nothing"


def test_analyze_files_on_a_cluster_equals_the_local_run(tmp_path, client):
    corpus = tmp_path / "c.csv"
    small_corpus(40).to_csv(corpus, index=False)
    here = stream.analyze_files(corpus, tmp_path / "here", chunk_size=6, tables=report.TABLES, progress=False)
    there = stream.analyze_files(corpus, tmp_path / "there", chunk_size=6, tables=report.TABLES, progress=False,
                                 scheduler=client)
    assert here["parts"] == there["parts"] == 7 and here["rows"] == there["rows"]
    _assert_same(_tables(tmp_path / "here"), _tables(tmp_path / "there"))


def test_default_corpus_on_a_cluster_equals_the_local_run(tmp_path, monkeypatch, client):
    from analysis import datasets, load

    small = tmp_path / "small.csv"
    small_corpus(30).to_csv(small, index=False)
    monkeypatch.setattr(datasets, "news_articles", lambda *a, **k: load(small))
    monkeypatch.setattr(report, "DASK_TASK", 4)
    folders = {}
    for where, scheduler in (("here", None), ("there", client)):
        monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / where))
        folders[where], _ = report._analysed(None, progress=False, n_jobs=1, scheduler=scheduler)
    assert len(list((folders["there"] / "articles").iterdir())) == 8  # 31 articles in tasks of 4
    assert len(list((folders["here"] / "articles").iterdir())) == 1
    _assert_same(_tables(folders["here"]), _tables(folders["there"]))


def test_a_failing_task_fails_the_run_and_leaves_no_summary(tmp_path, monkeypatch, client):
    corpus = tmp_path / "c.csv"
    small_corpus(12).to_csv(corpus, index=False)
    out = tmp_path / "out"
    real = stream.score_chunk

    def score(articles, **kw):
        if articles["title"].str.contains("Story 5 ").any():
            raise RuntimeError("boom in a task")
        return real(articles, **kw)

    monkeypatch.setattr(stream, "score_chunk", score)  # the workers are threads here: they see the patch
    with pytest.raises(RuntimeError, match="boom in a task"):
        stream.analyze_files(corpus, out, chunk_size=4, progress=False, scheduler=client)
    assert not (out / "summary.json").exists()


def test_an_invalid_lexicon_is_refused_before_any_task(tmp_path, client):
    corpus = tmp_path / "c.csv"
    small_corpus(4).to_csv(corpus, index=False)
    with pytest.raises(ValueError, match="unknown top-level key"):
        stream.analyze_files(corpus, tmp_path / "out", progress=False, scheduler=client, themes={"x": {}})


@pytest.mark.parametrize("scheduler", ["", 3])
def test_a_bad_scheduler_is_one_clear_error(scheduler):
    with pytest.raises(ValueError, match="scheduler must be"):
        with cluster(scheduler):
            pass
