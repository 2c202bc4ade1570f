"""Streaming analysis in chunks: same results as loading everything, bounded parts, full accounting."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analysis
from analysis.cli import main
from analysis.scale.stream import analyze_files
from analysis.scale.stream import score_chunk as _score_chunk

WORDS = ("minister pipeline sanctions harvest council ferry museum drought tariff election bakery glacier "
         "orchestra vaccine harbour railway senate embargo festival reactor").split()


def write_corpus(folder: Path, n: int, *, seed: int = 0, dupes: int = 0, bad: int = 0) -> list[str]:
    """``n`` distinct plain-text articles (plus exact duplicates and rejected files) in sub-folders."""
    rnd = random.Random(seed)
    texts = []
    for i in range(n):
        words = [rnd.choice(WORDS) for _ in range(40)]
        texts.append(f"Story {i} about {words[0]}. " + " ".join(words) + ". Russia and the EU disagreed on oil prices.")
    for i, t in enumerate(texts):
        sub = folder / f"{i // 7:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(t, encoding="utf-8")
    for k in range(dupes):
        (folder / f"zz-copy-{k}.txt").write_text(texts[k * 3], encoding="utf-8")
    for k in range(bad):
        (folder / f"zz-empty-{k}.txt").write_text("   \n", encoding="utf-8")
    return texts


def read_parts(folder: Path) -> pd.DataFrame:
    parts = sorted(folder.glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


# n_jobs=2: chunks scored whole by worker processes while the next is loaded; the last on every core
# after the others (chunk_size=10: six chunks), by the idle worker (30: two) or, alone, on every core (100)
@pytest.mark.parametrize(("n_jobs", "chunk_size"), [(1, 10), (2, 10), (2, 30), (2, 100)])
def test_parts_equal_analysis_of_the_whole_corpus(tmp_path, n_jobs, chunk_size):
    write_corpus(tmp_path / "in", 53, dupes=4, bad=2)
    tables = ("articles", "sentences", "evidence", "actor_sentiment")
    summary = analyze_files(tmp_path / "in", tmp_path / "out", chunk_size=chunk_size, progress=False, tables=tables,
                            n_jobs=n_jobs)
    whole = analysis.load(tmp_path / "in", return_rejected=True)[0]
    expected = analysis.analyze_all(whole)
    # round trip through Parquet, as the parts went
    for name in tables:
        exp = getattr(expected, name)
        exp.to_parquet(tmp_path / f"{name}.parquet", index=False)
        got = read_parts(tmp_path / "out" / name)
        assert_frame_equal(got, pd.read_parquet(tmp_path / f"{name}.parquet"), check_dtype=True)
    sizes = [chunk_size] * (53 // chunk_size) + [53 % chunk_size]
    assert summary["parts"] == len(sizes)
    assert [len(pd.read_parquet(p)) for p in sorted((tmp_path / "out" / "articles").glob("*.parquet"))] == sizes


def test_accounting_and_duplicates_across_chunks(tmp_path):
    write_corpus(tmp_path / "in", 30, dupes=5, bad=3)
    summary = analyze_files(tmp_path / "in", tmp_path / "out", chunk_size=4, progress=False)
    assert summary["loaded"] == 30
    assert summary["duplicates_dropped"] == 5
    assert summary["rejected"] == 3
    assert summary["inputs_seen"] == 38
    assert summary["inputs_seen"] == summary["loaded"] + summary["rejected"] + summary["duplicates_dropped"]
    rejected = pd.read_parquet(tmp_path / "out" / "rejected.parquet")
    assert len(rejected) == 3 and rejected["input"].str.contains("zz-empty").all()
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["loaded"] == 30
    articles = read_parts(tmp_path / "out" / "articles")
    assert articles["article_id"].is_unique and len(articles) == 30
    assert_frame_equal(articles, analysis.analyze(analysis.load(tmp_path / "in", return_rejected=True)[0]),
                       check_dtype=False)


@pytest.mark.parametrize("chunk_size", [1, 7, 1000])
def test_chunks_are_bounded(tmp_path, chunk_size):
    write_corpus(tmp_path / "in", 20)
    summary = analyze_files(tmp_path / "in", tmp_path / "out", chunk_size=chunk_size, progress=False)
    sizes = [len(pd.read_parquet(p)) for p in sorted((tmp_path / "out" / "articles").glob("*.parquet"))]
    assert max(sizes) <= chunk_size and sum(sizes) == 20 and summary["parts"] == len(sizes)


def test_rerun_with_cache_scores_nothing_and_removes_stale_parts(tmp_path, monkeypatch):
    import importlib

    an = importlib.import_module("analysis.score.analyze")
    write_corpus(tmp_path / "in", 25)
    analyze_files(tmp_path / "in", tmp_path / "out", chunk_size=5, cache=tmp_path / "cache", progress=False)
    calls = []
    real = an.score_text
    monkeypatch.setattr(an, "score_text", lambda *a, **k: calls.append(1) or real(*a, **k))
    summary = analyze_files(tmp_path / "in", tmp_path / "out", chunk_size=10, cache=tmp_path / "cache",
                            progress=False)
    assert calls == []
    assert summary["parts"] == 3
    assert len(list((tmp_path / "out" / "articles").glob("part-*.parquet"))) == 3
    assert len(read_parts(tmp_path / "out" / "articles")) == 25


def test_chunks_scored_by_worker_processes_fill_the_cache(tmp_path, monkeypatch):
    import importlib

    an = importlib.import_module("analysis.score.analyze")
    write_corpus(tmp_path / "in", 25)
    analyze_files(tmp_path / "in", tmp_path / "out", chunk_size=5, cache=tmp_path / "cache", progress=False, n_jobs=2)
    calls = []
    real = an.score_text
    monkeypatch.setattr(an, "score_text", lambda *a, **k: calls.append(1) or real(*a, **k))
    analyze_files(tmp_path / "in", tmp_path / "again", chunk_size=25, cache=tmp_path / "cache", progress=False)
    assert calls == []  # every article was scored before, four chunks of five of them in workers
    assert_frame_equal(read_parts(tmp_path / "again" / "articles"), read_parts(tmp_path / "out" / "articles"))


def _fails_on_story_7(articles, **kwargs):
    if articles["text"].str.startswith("Story 7 ").any():
        raise RuntimeError("scoring failed on story 7")
    return _score_chunk(articles, **kwargs)


def test_a_chunk_failing_in_a_worker_process_fails_the_run_and_writes_nothing(tmp_path, monkeypatch):
    import importlib

    stream = importlib.import_module("analysis.scale.stream")
    write_corpus(tmp_path / "in", 40)
    analyze_files(tmp_path / "in", tmp_path / "out", chunk_size=40, progress=False)
    before = sorted((p.relative_to(tmp_path), p.stat().st_mtime_ns) for p in (tmp_path / "out").rglob("*"))
    monkeypatch.setattr(stream, "score_chunk", _fails_on_story_7)  # the workers are forked: they see it too
    with pytest.raises(RuntimeError, match="scoring failed on story 7"):
        analyze_files(tmp_path / "in", tmp_path / "out", chunk_size=5, progress=False, n_jobs=2)
    assert sorted((p.relative_to(tmp_path), p.stat().st_mtime_ns) for p in (tmp_path / "out").rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no run folder left behind


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 10])
def test_near_duplicates_flagged_across_chunks_as_load_flags_them(tmp_path, chunk_size):
    src = tmp_path / "in"
    src.mkdir()
    body = " ".join(f"word{i}" for i in range(200))
    other = " ".join(f"term{i}" for i in range(150))
    for k, text in enumerate([f"{body} The end.", f"{other} Done.", f"{body} The finish.", "Short note.",
                              f"{other} Finished here.", f"{body} The close.", f"{body} The end, again."]):
        (src / f"{k:02d}.txt").write_text(text)
    summary = analyze_files(src, tmp_path / "out", chunk_size=chunk_size, progress=False)
    arts = read_parts(tmp_path / "out" / "articles")
    whole = analysis.load(src)
    assert arts["near_duplicate_of"].tolist() == whole["near_duplicate_of"].tolist()
    assert arts["near_duplicate_of"].notna().sum() == 4 and summary["near_duplicates"] == "across chunks"
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")) == []  # its files removed


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="tables"):
        analyze_files(tmp_path, tmp_path / "o", tables=("nope",))
    with pytest.raises(ValueError, match="chunk_size"):
        analyze_files(tmp_path, tmp_path / "o", chunk_size=0)
    with pytest.raises(FileNotFoundError):
        analyze_files(tmp_path / "missing", tmp_path / "o", progress=False)


def test_cli_streams_a_folder_into_parts(tmp_path, capsys):
    write_corpus(tmp_path / "in", 12, dupes=1)
    code = main(["analyze", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--chunk-size", "5",
                 "--evidence", "yes", "--cache", str(tmp_path / "cache"), "--no-progress"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "12 loaded" in printed and "1 exact duplicates dropped" in printed
    assert len(list((tmp_path / "out" / "articles").glob("part-*.parquet"))) == 3
    assert len(read_parts(tmp_path / "out" / "evidence")) > 0
    assert list((tmp_path / "cache").glob("v1/base-*/*.parquet"))


def test_cli_single_file_output_uses_the_cache(tmp_path):
    write_corpus(tmp_path / "in", 6)
    out = tmp_path / "scored.parquet"
    assert main(["analyze", str(tmp_path / "in"), "-o", str(out), "--cache", str(tmp_path / "c"),
                 "--no-progress"]) == 0
    assert len(pd.read_parquet(out)) == 6
    assert list((tmp_path / "c").glob("v1/base-*/*.parquet"))


def test_streamed_accounting_is_counted_where_read_and_checked(tmp_path, monkeypatch):
    """inputs_seen counts rows and files as read; a row lost silently fails the run instead of hiding."""
    import importlib

    L = importlib.import_module("analysis.ingest.load")  # the module (the package attribute is the function)
    src = tmp_path / "in"
    src.mkdir()
    pd.DataFrame({"title": ["a", "b", "c"], "text": ["Oil prices rose in Moscow.", "The UN met in New York.",
                                                      ""]}).to_csv(src / "t.csv", index=False)
    (src / "x.txt").write_text("Sanctions on Iran were extended.", encoding="utf-8")
    summary = analyze_files(src, tmp_path / "out", progress=False)
    assert summary["inputs_seen"] == 4 and summary["loaded"] == 3 and summary["rejected"] == 1
    real = L._read_table

    def drop_last_row(table, origin, columns, batch):
        return real(table.iloc[:-1], origin, columns, batch)

    monkeypatch.setattr(L, "_read_table", drop_last_row)
    with pytest.raises(L.LoadAccountingError, match="does not balance"):
        analyze_files(src, tmp_path / "out", progress=False)
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["inputs_seen"] == 4  # the old run stays


@pytest.mark.parametrize("big", [0, 1 << 40])
def test_big_files_read_in_the_streaming_process_give_the_same_parts(tmp_path, monkeypatch, big):
    """With several workers, a file over stream.BIG_FILE is read (and its table prepared on all cores) in the
    streaming process rather than by a worker that would send a copy back; the output and order are the same."""
    from analysis import stream

    src = tmp_path / "in"
    src.mkdir()
    stories = ["Oil prices rose in Moscow.", "The UN met in New York.", "Sanctions on Iran were extended.",
               "Gas exports to China grew.", "A storm hit the coast."]
    for k in range(3):
        pd.DataFrame({"title": [f"t{k}{i}" for i in range(5)],
                      "text": [f"{s} Day {k}." for s in stories]}).to_csv(src / f"{k}.csv", index=False)
    (src / "z.txt").write_text("Russia vetoed a draft resolution at the Security Council.", encoding="utf-8")
    one = analyze_files(src, tmp_path / "one", chunk_size=4, progress=False, n_jobs=1)
    monkeypatch.setattr(stream, "BIG_FILE", big)
    many = analyze_files(src, tmp_path / "many", chunk_size=4, progress=False, n_jobs=2)
    assert one["rows"] == many["rows"] and one["inputs_seen"] == many["inputs_seen"] == 16
    assert_frame_equal(pd.read_parquet(tmp_path / "one" / "articles"), pd.read_parquet(tmp_path / "many" / "articles"))


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_big_table_read_piece_by_piece_gives_the_same_parts(tmp_path, monkeypatch, n_jobs, kind):
    """A CSV, JSON Lines or Parquet file over BIG_FILE is cut into pieces (load.read_pieces) that never hold
    the file whole; the parts, the rejections and the accounting equal those of reading it whole."""
    import importlib

    from analysis import stream

    load_mod = importlib.import_module("analysis.ingest.load")
    stories = ["Oil prices rose in Moscow.\nGas followed.", 'The UN met; "no" said the envoy.', "",
               "Sanctions on Iran were extended.", "Oil prices rose in Moscow.\nGas followed."]
    rows = [{"title": f"t{i}", "text": f"{stories[i % 5]} Day {i // 5}." if i % 5 != 2 else ""} for i in range(40)]
    src = tmp_path / f"big.{kind}"
    if kind == "csv":
        pd.DataFrame(rows).to_csv(src, index=False)
        with src.open("a") as fh:
            fh.write("x,y,z\n")  # a ragged row
    elif kind == "jsonl":
        pd.DataFrame(rows).to_json(src, orient="records", lines=True)
        with src.open("a") as fh:
            fh.write("{not json}\n")  # a malformed line
    else:
        pd.DataFrame(rows + [{"title": "t40", "text": ""}]).to_parquet(src, row_group_size=9)  # an empty text
    whole = analyze_files(src, tmp_path / "whole", chunk_size=7, progress=False, n_jobs=n_jobs)
    monkeypatch.setattr(stream, "BIG_FILE", 0)
    monkeypatch.setattr(load_mod, "PIECE_CHARS", 100)
    monkeypatch.setattr(load_mod, "PIECE_ROWS", 3)
    pieces = list(load_mod.read_pieces(src))
    assert len(pieces) > 5
    cut = analyze_files(src, tmp_path / "cut", chunk_size=7, progress=False, n_jobs=n_jobs)
    for key in ("inputs_seen", "loaded", "rejected", "duplicates_dropped", "rows"):
        assert whole[key] == cut[key], key
    # 40 rows and a ragged row, a bad line or an empty text; an empty text per 5 rows; stories 0 and 4 the
    # same on each of 8 days
    assert (whole["inputs_seen"], whole["rejected"], whole["duplicates_dropped"], whole["loaded"]) == (41, 9, 8, 24)
    assert_frame_equal(pd.read_parquet(tmp_path / "whole" / "articles"), pd.read_parquet(tmp_path / "cut" / "articles"))
    reasons = lambda out: sorted(map(tuple, pd.read_parquet(out / "rejected.parquet").to_numpy().tolist()))
    assert reasons(tmp_path / "whole") == reasons(tmp_path / "cut")
