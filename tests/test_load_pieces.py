"""A large CSV/TSV read piece by piece (load.read_pieces) gives what reading it whole gives."""

from __future__ import annotations

import importlib

import pytest

load_mod = importlib.import_module("analysis.ingest.load")

ROWS = [
    ("Oil deal", "Oil prices rose after the deal.\nGas followed."),
    ("Quoted", 'The minister said "no" to "new" sanctions.'),
    ("Plain", "Talks in Geneva ended without a vote."),
    ("Multi", "First line.\n\nSecond paragraph, with a comma.\nThird."),
    ("Empty", ""),
    ("Dup", "Talks in Geneva ended without a vote."),
    ("Unicode", "Ценности и энергия: 能源 — the UN voted."),
]


def _csv(rows, sep=",", header=("title", "text")) -> str:
    def cell(v):
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in f'"\n{sep}') else v
    return "\n".join([sep.join(header)] + [sep.join(cell(v) for v in r) for r in rows]) + "\n"


CASES = {
    "plain": _csv(ROWS * 3),
    "tsv": _csv(ROWS * 2, sep="\t"),
    "crlf": _csv(ROWS * 2).replace("\n", "\r\n"),
    "bom": "\ufeff" + _csv(ROWS * 2),
    "ragged rows": _csv(ROWS).rstrip("\n") + "\nx,y,z,w\n" + _csv(ROWS[:3]).split("\n", 1)[1] + "a,b,c\n",
    "repeated headers": _csv(ROWS) + _csv(ROWS[:4]),
    "unterminated quote": _csv(ROWS[:3]) + 'Bad,"never closes\n' + _csv(ROWS[3:]).split("\n", 1)[1],
    "no text column": "title,body\nA,b\nC,d\n",
    "header only": "title,text\n",
    "one row": "title,text\nA,Oil prices rose.\n",
    "no final newline": _csv(ROWS * 2).rstrip("\n"),
}


def _whole(path):
    return load_mod._read_one((path, None, None))


def _pieced(path, size):
    batches = list(load_mod.read_pieces(path, piece_chars=size))
    records = [r for b in batches for r in b.records]
    rejected = [x for b in batches for x in b.rejected]
    return records, rejected, sum(b.seen for b in batches), len(batches)


@pytest.mark.parametrize("size", [1, 40, 333, 1 << 20])
@pytest.mark.parametrize("case", sorted(CASES))
def test_pieces_equal_reading_the_file_whole(tmp_path, case, size):
    path = tmp_path / ("in.tsv" if case == "tsv" else "in.csv")
    path.write_bytes(CASES[case].encode("utf-8"))
    whole = _whole(path)
    records, rejected, seen, _ = _pieced(path, size)
    assert records == whole.records
    assert sorted(rejected) == sorted(whole.rejected)  # (in file order piece by piece, reading before cleaning)
    assert seen == whole.seen


def test_a_small_piece_size_makes_many_pieces_with_labels_counted_from_the_file_start(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(_csv(ROWS * 4) + "a,b,c\n", encoding="utf-8")
    records, rejected, _, n = _pieced(path, 60)
    assert n > 5  # really read in pieces
    kept = [r["origin"].rsplit(":", 1)[1] for r in records]
    empty = [f"row {i}" for i in (5, 12, 19, 26)]  # ROWS[4], the empty text, in each of the 4 repeats
    assert kept == [f"row {i}" for i in range(1, 29) if f"row {i}" not in empty]
    assert sorted(label.rsplit(":", 1)[1] for label, _ in rejected) == sorted(["bad row 1", *empty])


@pytest.mark.parametrize("content, why", [
    ('title,text\nA,"one quote\nB,x\n'.encode(), "quotes that do not pair up"),
    ("title,text\nA,Café crème\n".encode("cp1252"), "not UTF-8"),
    (b"title,text\nA,a\x00b\n", "a NUL byte"),
    ("title,text\nA,x\n".encode("utf-16"), "UTF-16"),
])
def test_files_that_cannot_be_cut_safely_are_read_whole(tmp_path, content, why):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    assert load_mod._piece_plan(path, None) is None, why
    batches = list(load_mod.read_pieces(path, piece_chars=4))
    whole = _whole(path)
    assert len(batches) == 1 and batches[0].records == whole.records and batches[0].rejected == whole.rejected


@pytest.mark.parametrize("name, format", [("a.json", None), ("a.txt", None), ("a.csv", "jsonl")])
def test_other_formats_are_not_pieced(tmp_path, name, format):
    path = tmp_path / name
    path.write_text('{"text": "Oil rose."}\n', encoding="utf-8")
    assert load_mod._piece_plan(path, format) is None
