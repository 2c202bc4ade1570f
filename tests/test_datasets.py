"""The default corpus: provenance, checksum, schema, caching and the offline error."""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest

from analysis import datasets
from analysis.schema import COLUMNS


def test_default_corpus_shape(corpus):
    report = corpus.attrs["load_report"]
    assert report["inputs_seen"] == datasets.NEWS_ARTICLES["n_articles"] == 3824
    assert report["inputs_seen"] == report["loaded"] + report["rejected"] + report["duplicates_dropped"]
    assert len(corpus) == report["loaded"]
    assert list(corpus.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert corpus["article_id"].is_unique
    assert corpus["source_id"].notna().all()
    # sources are the URLs' domains, and the outlets the corpus is known for are there
    assert (corpus["source"] == corpus["url"].str.extract(r"//(?:www\.)?([^/]+)")[0]).all()
    for outlet in ("aljazeera.com", "tass.com", "europe.chinadaily.com.cn", "bbc.co.uk", "cnn.com", "dw.com"):
        assert outlet in set(corpus["source"])
    dates = corpus["published"]
    assert str(dates.dt.tz) == "UTC"
    assert dates.quantile(0.01) >= pd.Timestamp("2016-12-01", tz="UTC")
    assert dates.max() < pd.Timestamp("2017-04-01", tz="UTC")


def test_cached_corpus_is_read_back_identically(corpus):
    again = datasets.news_articles()
    pd.testing.assert_frame_equal(again, corpus)
    assert again.attrs == corpus.attrs


def test_fetch_verifies_checksum_of_cached_file(tmp_path, corpus, monkeypatch):
    bad = tmp_path / datasets.NEWS_ARTICLES["file"]
    bad.write_bytes(b"not the corpus")

    def no_network(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, "", "ERROR: Could not find a version (no network)")

    monkeypatch.setattr(datasets.subprocess, "run", no_network)
    with pytest.raises(datasets.CorpusUnavailable) as info:
        datasets.fetch(folder=tmp_path)
    message = str(info.value)
    assert "make corpus" in message and datasets.NEWS_ARTICLES["sha256"] in message
    assert not bad.exists()  # the damaged copy is not kept


def test_fetch_reuses_a_verified_cache(tmp_path, monkeypatch):
    path = datasets.fetch()  # the project's cache (downloads once if needed)
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    monkeypatch.setattr(datasets.subprocess, "run", lambda *a, **k: pytest.fail("no download expected"))
    assert datasets.fetch(folder=tmp_path) == copy
