"""Hard edges of the command line, the report and streaming: nothing loaded, output formats, outputs that
are inputs, failed and interrupted runs leaving the previous outputs as they were, unreadable and linked inputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import report
from analysis.cli import main
from analysis.scale.stream import analyze_files

STORIES = ["Oil prices rose after OPEC agreed to cut crude output, traders in Moscow said on Monday.",
           "The European Union extended sanctions on Russia for six more months after a long meeting.",
           "Russia vetoed a draft resolution at the UN Security Council on Tuesday, diplomats said.",
           "The city council opened a new park near the river, and families came to see it at once."]


def table_corpus(path: Path, n: int = 8) -> Path:
    pd.DataFrame({"title": [f"Story {i}" for i in range(n)],
                  "text": [f"{STORIES[i % 4]} Report number {i} followed." for i in range(n)],
                  "source": ["tass.com", "bbc.co.uk"] * (n // 2),
                  "published": [f"2017-01-{i + 2:02d}" for i in range(n)]}).to_csv(path, index=False)
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (hidden ones too) with its bytes and modification time."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden_siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


# --------------------------------------------------------------------------- nothing loaded


@pytest.fixture
def notext(tmp_path) -> Path:
    path = tmp_path / "notext.csv"
    pd.DataFrame({"a": [1], "b": [2]}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("command", ["load", "analyze"])
@pytest.mark.parametrize("what", ["empty folder", "no text column"])
def test_nothing_loaded_fails_with_the_reason_and_writes_nothing(tmp_path, notext, capsys, command, what):
    (tmp_path / "empty").mkdir()
    source = tmp_path / "empty" if what == "empty folder" else notext
    out = tmp_path / "out.parquet"
    assert main([command, str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no articles loaded from" in err
    assert ("no input files found" if what == "empty folder" else "notext.csv: no text column") in err
    assert not out.exists()


def test_many_rejected_inputs_are_listed_one_per_line_and_capped(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    for i in range(25):
        (tmp_path / "in" / f"e{i:02d}.txt").write_text("")
    assert main(["load", str(tmp_path / "in"), "-o", str(tmp_path / "x.parquet")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("25 inputs rejected:")
    assert err[1].strip().endswith("e00.txt: empty file") and len(err) == 1 + 20 + 1
    assert err[-1] == "  ... and 5 more"


def test_streamed_analyze_of_nothing_keeps_the_earlier_output(tmp_path, notext, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(STORIES[0])
    assert main(["analyze", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-progress"]) == 0
    before = snapshot(tmp_path / "out")
    assert main(["analyze", str(notext), str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out")]) == 1
    assert "no such file" in capsys.readouterr().err  # a missing input: one line, nothing done
    (tmp_path / "empty.txt").write_text("")
    assert main(["analyze", str(notext), str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "2 inputs rejected" in err and "notext.csv: no text column" in err and "empty.txt: empty file" in err
    assert snapshot(tmp_path / "out") == before and hidden_siblings(tmp_path / "out") == []


# --------------------------------------------------------------------------- output formats


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl", ".ndjson", ".json"])
def test_output_is_written_in_the_format_its_suffix_names(tmp_path, suffix, capsys):
    src = tmp_path / "in.csv"
    pd.DataFrame({"title": ["A"], "text": [STORIES[0]], "authors": ["Ann Lee; Bo Chan"]}).to_csv(src, index=False)
    out = tmp_path / f"out{suffix}"
    assert main(["load", str(src), "-o", str(out)]) == 0
    if suffix == ".parquet":
        assert list(pd.read_parquet(out)["authors"].iloc[0]) == ["Ann Lee", "Bo Chan"]
    elif suffix == ".csv":  # a list is one cell of JSON text
        assert json.loads(pd.read_csv(out)["authors"].iloc[0]) == ["Ann Lee", "Bo Chan"]
    elif suffix == ".json":
        assert json.loads(out.read_text())[0]["authors"] == ["Ann Lee", "Bo Chan"]
    else:  # JSON Lines keeps real lists
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(rows) == 1 and rows[0]["authors"] == ["Ann Lee", "Bo Chan"] and rows[0]["title"] == "A"
    assert not out.read_bytes().startswith(b"PAR1") or suffix == ".parquet"


def test_csv_list_cells_are_unambiguous(tmp_path):
    from analysis.cli import write_table

    df = pd.DataFrame({"actors": [["EU; UN", 'say "no"'], []], "n": [1, 2]})
    back = pd.read_csv(write_table(df, tmp_path / "a.csv"))
    assert [json.loads(v) for v in back["actors"]] == [["EU; UN", 'say "no"'], []]


@pytest.mark.parametrize("name", ["x.txt", "x.xls", "x"])
def test_unknown_output_suffix_is_refused_before_reading(tmp_path, name, capsys):
    src = tmp_path / "in.txt"
    src.write_text(STORIES[0])
    assert main(["load", str(src), "-o", str(tmp_path / name)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".parquet, .pq, .csv, .jsonl, .ndjson, .json, .xlsx" in err
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("openpyxl", ["installed", "missing"])
def test_xlsx_needs_openpyxl_or_is_written(tmp_path, capsys, monkeypatch, openpyxl):
    import importlib.util

    if openpyxl == "installed":
        pytest.importorskip("openpyxl")  # the [excel] extra (make installs it)
    else:
        real = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "openpyxl" else real(name, *a))
    src = tmp_path / "in.txt"
    src.write_text(STORIES[0])
    code = main(["load", str(src), "-o", str(tmp_path / "x.xlsx")])
    if openpyxl == "missing":
        assert code == 1 and "openpyxl" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()
    else:
        back = pd.read_excel(tmp_path / "x.xlsx")
        assert code == 0 and back["text"].iloc[0] == STORIES[0]
        assert json.loads(back["authors"].iloc[0]) == []  # a list column: one JSON cell


def test_analyze_tables_follow_their_suffixes(tmp_path):
    src = table_corpus(tmp_path / "in.csv", 4)
    assert main(["analyze", str(src), "-o", str(tmp_path / "s.csv"), "--actors", str(tmp_path / "a.jsonl"),
                 "--no-progress"]) == 0
    assert len(pd.read_csv(tmp_path / "s.csv")) == 4
    assert {"actor", "article_id"} <= set(json.loads((tmp_path / "a.jsonl").read_text().splitlines()[0]))


# --------------------------------------------------------------------------- --columns, --version


def test_columns_option_maps_input_columns(tmp_path, capsys):
    src = tmp_path / "in.csv"
    pd.DataFrame({"headline": ["Talks resume"], "body": [STORIES[1]]}).to_csv(src, index=False)
    out = tmp_path / "out.parquet"
    assert main(["load", str(src), "--columns", "text=body,title=headline", "-o", str(out)]) == 0
    df = pd.read_parquet(out)
    assert df["title"].tolist() == ["Talks resume"] and df["text"].tolist() == [STORIES[1]]
    assert main(["analyze", str(src), "--columns", "text=body", "-o", str(tmp_path / "s.parquet"),
                 "--no-progress"]) == 0
    assert pd.read_parquet(tmp_path / "s.parquet")["sanctions"].tolist() == [True]


@pytest.mark.parametrize("value, says", [("text", "ROLE=COLUMN"), ("text=", "ROLE=COLUMN"),
                                         ("body=text", "'body' is not a schema column"),
                                         ("text=a,text=b", "'text' twice")])
def test_bad_columns_option_is_one_clear_usage_error(tmp_path, capsys, value, says):
    with pytest.raises(SystemExit) as exit_:
        main(["load", str(tmp_path), "--columns", value, "-o", str(tmp_path / "x.parquet")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert says in err and err.strip().splitlines()[-1].startswith("news-analysis load: error: argument --columns")


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    import analysis

    assert capsys.readouterr().out.strip() == f"news-analysis {analysis.__version__}"


# --------------------------------------------------------------------------- an output is never an input


def test_output_named_like_an_option_never_overwrites_an_input(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    table_corpus(tmp_path / "a.csv", 4)
    pd.DataFrame({"text": ["A different story about a ferry.", "And one about a museum."]}).to_csv(
        tmp_path / "-oa.csv", index=False)
    before = (tmp_path / "a.csv").read_bytes()
    # the shell expands `load -o out.parquet *` to this; argparse reads -oa.csv as -o a.csv
    assert main(["load", "-o", "out.parquet", "-oa.csv", "a.csv"]) == 1
    err = capsys.readouterr().err
    assert "-o a.csv is one of the inputs" in err and "'--'" in err and err.count("\n") == 1
    assert (tmp_path / "a.csv").read_bytes() == before and not (tmp_path / "out.parquet").exists()
    assert main(["load", "-o", "out.parquet", "--", "-oa.csv", "a.csv"]) == 0  # as the help says
    assert len(pd.read_parquet(tmp_path / "out.parquet")) == 6


@pytest.mark.parametrize("argv", [["analyze", "{in}/a.csv", "-o", "{in}/a.csv"],
                                  ["analyze", "{in}", "-o", "{in}/b.csv"],
                                  ["analyze", "{in}/a.csv", "-o", "{in}/s.parquet", "--evidence", "{in}/a.csv"],
                                  ["analyze", "{in}/*.csv", "-o", "{in}/b.csv"],
                                  ["report", "--corpus", "{in}", "--processed", "{in}/a.csv"],
                                  ["analyze", "{in}", "-o", "{in}/.."],
                                  ["report", "--corpus", "{in}/a.csv", "--out", "{in}"]])
def test_analyze_and_report_outputs_are_never_inputs(tmp_path, capsys, argv):
    (tmp_path / "in").mkdir()
    table_corpus(tmp_path / "in" / "a.csv", 4)
    table_corpus(tmp_path / "in" / "b.csv", 4)
    before = snapshot(tmp_path / "in")
    assert main([a.replace("{in}", str(tmp_path / "in")) for a in argv]) == 1
    err = capsys.readouterr().err
    assert "is one of the inputs" in err or "holds the input" in err
    assert snapshot(tmp_path / "in") == before


# --------------------------------------------------------------------------- streaming: a killed re-run


def folder_corpus(folder: Path, n: int, *, tag: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(f"{STORIES[i % 4]} {tag} Report number {i} followed.")
    return folder


def test_killed_stream_rerun_leaves_the_old_output_whole(tmp_path, monkeypatch):
    import importlib

    io = importlib.import_module("analysis.io")
    out = tmp_path / "out"
    analyze_files(folder_corpus(tmp_path / "old", 6), out, chunk_size=2, progress=False)
    before = snapshot(out)
    real = io.write_parquet
    written = []

    def dies_on_the_third_part(df, path, **kw):
        if Path(path).name == "part-00002.parquet":
            raise KeyboardInterrupt  # the run is killed while writing parts
        written.append(path)
        return real(df, path, **kw)

    monkeypatch.setattr(io, "write_parquet", dies_on_the_third_part)
    with pytest.raises(KeyboardInterrupt):
        analyze_files(folder_corpus(tmp_path / "new", 10, tag="Later."), out, chunk_size=2, progress=False)
    assert len(written) == 2  # two new parts had been written (aside)
    assert snapshot(out) == before
    assert len(pd.read_parquet(out / "articles")) == 6 and json.loads((out / "summary.json").read_text())["loaded"] == 6
    assert hidden_siblings(out) == [] and not [p for p in out.rglob(".*")]
    monkeypatch.setattr(io, "write_parquet", real)
    summary = analyze_files(tmp_path / "new", out, chunk_size=2, progress=False)
    assert summary["parts"] == 5 and len(pd.read_parquet(out / "articles")) == 10
    assert hidden_siblings(out) == []


def test_stream_run_removes_what_a_killed_run_left(tmp_path):
    out = tmp_path / "out"
    for left in (".out.run-abc123", ".out.old-xyz"):
        (tmp_path / left / "articles").mkdir(parents=True)
        (tmp_path / left / "articles" / ".part-00000.parquet.x.part").write_bytes(b"\0" * 1000)
    (tmp_path / ".outer.run-keep").mkdir()  # another output's: kept
    analyze_files(folder_corpus(tmp_path / "in", 3), out, progress=False)
    assert hidden_siblings(out) == [] and (tmp_path / ".outer.run-keep").is_dir()


def test_stream_refuses_to_replace_a_folder_of_other_files(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("precious")
    with pytest.raises(ValueError, match="holds other files"):
        analyze_files(folder_corpus(tmp_path / "in", 2), tmp_path / "mine", progress=False)
    assert (tmp_path / "mine" / "thesis.docx").read_text() == "precious"


def test_stream_of_nothing_raises_and_keeps_the_old_output(tmp_path, notext):
    out = tmp_path / "out"
    analyze_files(folder_corpus(tmp_path / "in", 2), out, progress=False)
    before = snapshot(out)
    with pytest.raises(ValueError, match="notext.csv: no text column"):
        analyze_files(notext, out, progress=False)
    assert snapshot(out) == before and hidden_siblings(out) == []


# --------------------------------------------------------------------------- the report


def fake_execute(calls: list, *, fail_on: str | None = None, error: BaseException | None = None):
    """Stands in for papermill: writes a one-cell executed notebook (and fails on one page when asked)."""

    def execute(name, out_dir, parameters):
        calls.append(name)
        if name == fail_on:
            raise error
        out_dir.mkdir(parents=True, exist_ok=True)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {name} {parameters.get('start')}")])
        dest = out_dir / f"{name}.ipynb"
        with open(dest, "w", encoding="utf-8") as fh:  # in place, as papermill writes
            nbformat.write(nb, fh)
        return dest

    return execute


@pytest.fixture
def reported(tmp_path, monkeypatch):
    """A report built from a small corpus (notebooks stood in for), its processed table and the corpus."""
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    corpus = table_corpus(tmp_path / "small.csv")
    calls: list[str] = []
    monkeypatch.setattr(report, "execute", fake_execute(calls))
    out = tmp_path / "reports"
    processed = tmp_path / "processed.parquet"
    assert main(["report", "--corpus", str(corpus), "--out", str(out), "--processed", str(processed),
                 "--no-progress", "-j", "1"]) == 0
    assert calls == list(report.NOTEBOOKS)
    return out, processed, corpus


@pytest.mark.parametrize("argv, says", [
    (["--start", "2030-01-01"], "no article falls in 2030-01-01 .. (corpus spans 2017-01-02 .. 2017-01-09)"),
    (["--start", "2017-01-05", "--end", "2017-01-04"], "no article falls in 2017-01-05 .. 2017-01-04 (corpus"),
    (["--outlets", "nowhere.example"], "not in the corpus"),
    (["--corpus", "{notext}"], "no articles loaded from {notext}: {notext}: no text column"),
])
def test_failed_report_says_why_in_one_line_and_leaves_every_output_as_it_was(reported, notext, monkeypatch, capsys,
                                                                               argv, says):
    out, processed, corpus = reported
    before, before_data = snapshot(out), snapshot(out.parent / "data")
    processed_before = (processed.read_bytes(), processed.stat().st_mtime_ns)
    calls: list[str] = []
    monkeypatch.setattr(report, "execute", fake_execute(calls))
    argv = [a.replace("{notext}", str(notext)) for a in argv]
    if "--corpus" not in argv:
        argv = ["--corpus", str(corpus), *argv]
    capsys.readouterr()
    assert main(["report", *argv, "--out", str(out), "--processed", str(processed), "--no-progress", "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says.replace("{notext}", str(notext)) in err, err
    assert "----" not in err and calls == []  # checked before any notebook ran
    assert snapshot(out) == before and hidden_siblings(out) == []
    assert snapshot(out.parent / "data") == before_data
    assert (processed.read_bytes(), processed.stat().st_mtime_ns) == processed_before


def papermill_error():
    from papermill.exceptions import PapermillExecutionError

    return PapermillExecutionError(cell_index=3, exec_count=3, source="1/0", ename="ZeroDivisionError",
                                   evalue="division by zero", traceback=["long", "banner"])


@pytest.mark.parametrize("n_jobs", [1, 2])  # pages one at a time, or two at once
@pytest.mark.parametrize("error", [papermill_error(), KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_report_interrupted_on_page_three_keeps_the_old_set(reported, monkeypatch, error, n_jobs):
    out, processed, corpus = reported
    before = snapshot(out)
    calls: list[str] = []
    third = list(report.NOTEBOOKS)[2]
    monkeypatch.setattr(report, "execute", fake_execute(calls, fail_on=third, error=error))
    raised = KeyboardInterrupt if isinstance(error, KeyboardInterrupt) else (RuntimeError, OSError)
    with pytest.raises(raised) as exc:
        report.build(str(corpus), out=out, start="2017-01-03", progress=False, n_jobs=n_jobs)
    if n_jobs == 1:
        assert calls == list(report.NOTEBOOKS)[:3]  # two new pages were made, then page three failed
    else:  # the first two made side by side, then page three (and perhaps four beside it) started
        assert sorted(calls[:2]) == list(report.NOTEBOOKS)[:2] and third in calls
    if hasattr(error, "ename"):
        assert str(exc.value) == f"notebook {third} failed: ZeroDivisionError: division by zero"
    assert snapshot(out) == before and hidden_siblings(out) == []


def test_failing_notebook_is_one_line_on_the_command_line(reported, monkeypatch, capsys):
    out, processed, corpus = reported
    third = list(report.NOTEBOOKS)[2]
    monkeypatch.setattr(report, "execute", fake_execute([], fail_on=third, error=papermill_error()))
    capsys.readouterr()
    assert main(["report", "--corpus", str(corpus), "--out", str(out), "--force", "--no-progress", "-j", "1"]) == 1
    assert capsys.readouterr().err == (f"news-analysis report: error: notebook {third} failed: "
                                       "ZeroDivisionError: division by zero\n")


def test_report_switches_the_whole_set_and_keeps_up_to_date_pages(reported, monkeypatch):
    out, processed, corpus = reported
    before = snapshot(out)
    calls: list[str] = []
    monkeypatch.setattr(report, "execute", fake_execute(calls))
    second = list(report.NOTEBOOKS)[1]
    report.build(str(corpus), out=out, notebooks=[second], force=True, progress=False, n_jobs=1)
    assert calls == [second]
    after = snapshot(out)
    kept = [n for n in report.NOTEBOOKS if n != second]
    assert all(after[f"{n}.html"] == before[f"{n}.html"] for n in kept)  # same bytes, same time
    assert after[f"{second}.html"][1] != before[f"{second}.html"][1]
    assert hidden_siblings(out) == []
    index = (out / "index.html").read_text()
    assert f'href="{second}.html"' in index


def test_report_survives_an_unreadable_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    corpus = folder_corpus(tmp_path / "in", 3)
    secret = corpus / "001.txt"
    real_open, real_os_open = open, os.open

    def denied(path, *a, **k):
        if Path(path) == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    def os_denied(path, *a, **k):  # as chmod 000 does for a user other than root
        if Path(path) == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *a, **k)

    monkeypatch.setattr(report, "open", denied, raising=False)  # the digest
    monkeypatch.setattr(os, "open", os_denied)  # the loader opens without blocking (os.open)
    bundle = report.prepare(str(corpus), n_jobs=1)
    assert bundle.info["load_report"]["loaded"] == 2 and bundle.info["load_report"]["rejected"] == 1
    rejected = pd.read_parquet(bundle.folder / "rejected.parquet")
    assert rejected["input"].str.endswith("001.txt").all() and rejected["reason"].str.contains("Permission").all()
    denied_digest = bundle.info["sha256"]
    calls: list[str] = []
    monkeypatch.setattr(report, "execute", fake_execute(calls))
    assert main(["report", "--corpus", str(corpus), "--out", str(tmp_path / "reports"), "--processed",
                 str(tmp_path / "p.parquet"), "-j", "1", "--no-progress"]) == 0  # the command goes on, says why
    assert "001.txt: cannot be read ([Errno 13] Permission denied)" in capsys.readouterr().out
    monkeypatch.undo()
    assert report._source(str(corpus))["sha256"] != denied_digest  # readable again: analysed again


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any file")
def test_report_survives_a_file_without_read_permission(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    corpus = folder_corpus(tmp_path / "in", 3)
    (corpus / "001.txt").chmod(0)
    try:
        bundle = report.prepare(str(corpus), n_jobs=1)
    finally:
        (corpus / "001.txt").chmod(0o644)
    assert bundle.info["load_report"]["loaded"] == 2 and bundle.info["load_report"]["rejected"] == 1


def test_report_follows_symlinked_folders_when_checking_for_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    # A linked sub-folder inside the corpus folder is followed; one leading out of it is not (a
    # security rule of the loader: rejected, saying so), and the corpus named by a link is read.
    data = folder_corpus(tmp_path / "store", 5, tag="Linked.")
    folder_corpus(data / "inner", 2, tag="Inner.")
    (data / "more").symlink_to("inner", target_is_directory=True)  # inside: the same two files, walked once
    (data / "out").symlink_to(folder_corpus(tmp_path / "elsewhere", 3, tag="Elsewhere."), target_is_directory=True)
    corpus = tmp_path / "corpus"
    corpus.symlink_to(data, target_is_directory=True)
    first = report.prepare(str(corpus), n_jobs=1)
    assert first.info["n_articles"] == 7
    rejected = pd.read_parquet(first.folder / "rejected.parquet")
    assert rejected["input"].str.endswith("out").all() and rejected["reason"].str.contains("leads out").all()
    for p in sorted((data / "inner").iterdir())[:1] + sorted(data.glob("*.txt"))[:2]:
        p.unlink()  # the data behind the links shrinks
    assert report.prepare(str(corpus), n_jobs=1).info["n_articles"] == 4


def test_report_of_a_corpus_with_nothing_scored_says_why(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_ANALYSIS_DATA", str(tmp_path / "data"))
    german = ("Der Stadtrat hat den neuen Haushalt nach einer langen Debatte am Montag beschlossen, sagte der "
              "Sprecher der Stadt.")
    corpus = tmp_path / "de"
    corpus.mkdir()
    for i in range(2):
        (corpus / f"{i}.txt").write_text(f"{german} Bericht Nummer {i} folgt.")
    calls: list[str] = []
    monkeypatch.setattr(report, "execute", fake_execute(calls))
    with pytest.raises(ValueError, match=r"^no article to report on in .*de: 2 articles left out: 2 German"):
        report.build(str(corpus), out=tmp_path / "reports", progress=False, n_jobs=1)
    assert calls == [] and not (tmp_path / "reports").exists() and hidden_siblings(tmp_path / "reports") == []


def test_corpus_checksum_does_not_depend_on_how_its_path_is_written(tmp_path, monkeypatch):
    corpus = folder_corpus(tmp_path / "in", 2)
    monkeypatch.chdir(tmp_path)
    assert report._source("in")["sha256"] == report._source(str(corpus))["sha256"]


KILLED_BUILD = """
import os, sys
from pathlib import Path
import nbformat
from analysis import report

def execute(name, out_dir, parameters):
    if name == sys.argv[3]:
        os._exit(9)  # killed: no clean-up runs
    out_dir.mkdir(parents=True, exist_ok=True)
    dest = out_dir / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(name)]), str(dest))
    return dest

report.execute = execute
report.build(sys.argv[1], out=sys.argv[2], start="2017-01-03", progress=False, n_jobs=1)
"""


def test_killed_report_leaves_the_old_set_and_the_next_build_reuses_its_pages(reported, monkeypatch):
    import subprocess
    import sys

    out, processed, corpus = reported
    before = snapshot(out)
    third = list(report.NOTEBOOKS)[2]
    env = {**os.environ, "PYTHONPATH": str(Path(report.__file__).parents[1])}
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(corpus), str(out), third],
                            capture_output=True, text=True, env=env)
    assert killed.returncode == 9, killed.stderr[-2000:]
    assert snapshot(out) == before  # the old set, whole
    assert [n.split("-")[0] for n in hidden_siblings(out)] == [".reports.build"]  # what the kill left
    calls: list[str] = []
    monkeypatch.setattr(report, "execute", fake_execute(calls))
    report.build(str(corpus), out=out, start="2017-01-03", progress=False, n_jobs=1)
    assert calls == list(report.NOTEBOOKS)[2:]  # the two pages the killed build finished are reused
    assert hidden_siblings(out) == []
    assert json.loads((out / ".report.json").read_text()).keys() == {*report.NOTEBOOKS, "index"}
