"""The command line: load, errors as one line with a non-zero exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd)


def test_load_writes_parquet_and_lists_rejected(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("An invented story about a bridge opening in a small town.")
    (tmp_path / "in" / "b.txt").write_text("")
    out = run("load", str(tmp_path / "in"), "-o", str(tmp_path / "out.parquet"))
    assert out.returncode == 0, out.stderr
    df = pd.read_parquet(tmp_path / "out.parquet")
    assert len(df) == 1 and df["text"].iloc[0].startswith("An invented story")
    assert "1 rejected" in out.stdout and "b.txt: empty file" in out.stdout


def test_missing_input_is_one_line_error(tmp_path):
    out = run("load", str(tmp_path / "absent"), "-o", str(tmp_path / "x.parquet"))
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0
    assert "absent" in out.stderr and "error" in out.stderr


def test_help_for_each_command():
    for cmd in ([], ["load"], ["report"], ["fetch"]):
        out = run(*cmd, "--help")
        assert out.returncode == 0 and "usage:" in out.stdout


def test_analyze_writes_scores_and_tables(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"title": ["A", "B"], "text": ["Oil prices rose. Moscow was pleased.",
                                                "The EU extended sanctions on Russia."]}).to_csv(src, index=False)
    out = run("analyze", str(src), "-o", str(tmp_path / "scored.parquet"), "--sentences", str(tmp_path / "s.parquet"),
              "--evidence", str(tmp_path / "e.parquet"), "--actors", str(tmp_path / "a.parquet"), "--no-progress")
    assert out.returncode == 0, out.stderr
    scored = pd.read_parquet(tmp_path / "scored.parquet")
    assert scored["energy"].tolist() == [True, False] and scored["sanctions"].tolist() == [False, True]
    assert len(pd.read_parquet(tmp_path / "s.parquet")) == 3
    assert set(pd.read_parquet(tmp_path / "e.parquet")["theme"]) == {"energy", "sanctions"}
    assert "Russia" in set(pd.read_parquet(tmp_path / "a.parquet")["actor"])
    assert "scored:    2 articles" in out.stdout


def test_analyze_of_nothing_fails_with_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    out = run("analyze", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "x.parquet"))
    assert out.returncode == 1 and "no articles loaded" in out.stderr


GERMAN = "Der Stadtrat hat den neuen Haushalt nach einer langen Debatte am Montag beschlossen, sagte der Sprecher."
ENGLISH = "The city council approved the new budget after a long debate on Monday, the spokesman said."


def test_analyze_scores_english_only_and_says_what_it_left_out(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"title": ["A", "B", "C"], "text": [ENGLISH, GERMAN, "Oil rose."]}).to_csv(src, index=False)
    out = run("analyze", str(src), "-o", str(tmp_path / "scored.parquet"), "--no-progress")
    assert out.returncode == 0, out.stderr
    scored = pd.read_parquet(tmp_path / "scored.parquet")
    assert sorted(scored["text"]) == sorted([ENGLISH, "Oil rose."])  # too short to tell: scored
    assert "language:  1 article left out: 1 German" in out.stdout
    every = run("analyze", str(src), "-o", str(tmp_path / "all.parquet"), "--languages", "--no-progress")
    assert every.returncode == 0 and len(pd.read_parquet(tmp_path / "all.parquet")) == 3


def test_streamed_analyze_lists_left_out_articles(tmp_path):
    (tmp_path / "in").mkdir()
    for i, text in enumerate([ENGLISH, GERMAN, ENGLISH.replace("Monday", "Friday")]):
        (tmp_path / "in" / f"{i}.txt").write_text(text)
    out = run("analyze", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-progress")
    assert out.returncode == 0, out.stderr
    left = pd.read_parquet(tmp_path / "out" / "left_out.parquet")
    assert left["reason"].tolist() == ["language de"]
    assert len(pd.read_parquet(tmp_path / "out" / "articles")) == 2
    assert "1 article left out: 1 German" in out.stdout
