"""A large CSV/TSV, JSON Lines or Parquet file read piece by piece (load.read_pieces) gives what reading it whole gives."""

from __future__ import annotations

import importlib
import warnings

import pandas as pd
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


@pytest.mark.parametrize("n_jobs", [2, 3])
@pytest.mark.parametrize("case", sorted(CASES) + ["long", "quoted newlines at the cuts"])
def test_pieces_on_all_cores_equal_reading_the_file_whole(tmp_path, monkeypatch, case, n_jobs):
    """A large CSV parsed and prepared in pieces on all cores gives the batch of reading it whole (records,
    labels, rejections in order, inputs seen); a file whose reading rejects anything is read whole."""
    texts = {"long": _csv(ROWS * 40), "quoted newlines at the cuts": _csv([("T", "a\n" * 30 + "b")] * 30)}
    path = tmp_path / ("in.tsv" if case == "tsv" else "in.csv")
    path.write_bytes(texts.get(case, CASES.get(case, "")).encode("utf-8"))
    whole = load_mod._read_one((path, None, None))
    pieced = []
    original = load_mod._read_in_pieces
    monkeypatch.setattr(load_mod, "_read_in_pieces", lambda *a, **k: pieced.append(original(*a, **k)) or pieced[-1])
    monkeypatch.setattr(load_mod, "PIECED_FROM", 2)
    got = load_mod._read_one((path, None, None), n_jobs=n_jobs)
    assert got.records == whole.records
    assert got.rejected == whole.rejected
    assert got.seen == whole.seen
    plain = case in ("plain", "tsv", "crlf", "bom", "long", "quoted newlines at the cuts", "no final newline")
    assert (pieced[0] is not None) == plain  # (the others: read whole)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frames = [load_mod.load(path, n_jobs=jobs, return_rejected=True) for jobs in (1, n_jobs)]
    for one, other in zip(*frames):
        pd.testing.assert_frame_equal(one, other)


@pytest.mark.parametrize("n_jobs", [2, 3])
@pytest.mark.parametrize("at", [0.05, 0.35, 0.6, 0.95])
def test_a_quote_that_never_closes_anywhere_sends_the_file_to_be_read_whole(tmp_path, monkeypatch, at, n_jobs):
    """Quote marks that do not pair up, in any piece (the file's share ``at``): read whole, as before."""
    rows = ROWS * 40
    k = int(len(rows) * at)
    path = tmp_path / "in.csv"
    path.write_text(_csv(rows[:k]) + 'Bad,"never closes\n' + _csv(rows[k:]).split("\n", 1)[1], encoding="utf-8")
    pieced = []
    original = load_mod._read_in_pieces
    monkeypatch.setattr(load_mod, "_read_in_pieces", lambda *a, **kw: pieced.append(original(*a, **kw)) or pieced[-1])
    monkeypatch.setattr(load_mod, "PIECED_FROM", 2)
    got = load_mod._read_one((path, None, None), n_jobs=n_jobs)
    assert pieced == [None]
    whole = _whole(path)
    assert (got.records, got.rejected, got.seen) == (whole.records, whole.rejected, whole.seen)


@pytest.mark.parametrize("workers", [2, 3, 8])
def test_piece_shares_cover_the_file_with_this_process_taking_most(workers):
    shares = load_mod._piece_shares(workers)
    assert len(shares) == 2 * workers - 1 and sum(shares) == pytest.approx(1)
    own, first, second = shares[0], shares[1:workers], shares[workers:]
    assert own > first[0] > second[0] and first[0] + second[0] == pytest.approx(own / load_mod._OWN_SHARE)


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


@pytest.mark.parametrize("name, format", [("a.json", None), ("a.txt", None), ("a.csv", "json")])
def test_other_formats_are_not_pieced(tmp_path, name, format):
    path = tmp_path / name
    path.write_text('{"text": "Oil rose."}\n', encoding="utf-8")
    assert load_mod._piece_plan(path, format) is None


# --------------------------------------------------------------------------- JSON Lines

def _jsonl(rows, **extra) -> str:
    import json

    return "".join(json.dumps({"title": t, "text": x, **extra}, ensure_ascii=False) + "\n" for t, x in rows)


JSONL_CASES = {
    "plain": _jsonl(ROWS * 3),
    "crlf and blank lines": _jsonl(ROWS).replace("\n", "\r\n") + "\n\n" + _jsonl(ROWS[:3]),
    "bom": "\ufeff" + _jsonl(ROWS * 2),
    "bad lines": _jsonl(ROWS[:3]) + '{"title": "x", "text": \n[1, 2]\n"just a string"\n' + _jsonl(ROWS[3:]) + "{oops}\n",
    "other keys": _jsonl(ROWS, section="world") + _jsonl(ROWS[:2]) + _jsonl(ROWS[2:], author="Ann Lee"),
    "separators inside strings": _jsonl([("Sep", "One\u2028two\u2029three.")] * 3),
    "no final newline": _jsonl(ROWS * 2).rstrip("\n"),
    "every line bad": "{nope}\n[1]\n",
    "only blank lines after the first": "\n\n  \n" + _jsonl(ROWS[:1]),
}


def _same(records):
    """Records without their empty values (a key a piece never had is absent, reading whole gives it None)."""
    return [{k: v for k, v in r.items() if v is not None and v == v} for r in records]


@pytest.mark.parametrize("size", [1, 50, 400, 1 << 20])
@pytest.mark.parametrize("case", sorted(JSONL_CASES))
def test_json_lines_pieces_equal_reading_the_file_whole(tmp_path, case, size):
    path = tmp_path / "in.jsonl"
    path.write_bytes(JSONL_CASES[case].encode("utf-8"))
    assert load_mod._piece_plan(path, None) == ("jsonl", 3 if case == "bom" else 0)
    whole = _whole(path)
    records, rejected, seen, n = _pieced(path, size)
    assert _same(records) == _same(whole.records)
    assert sorted(rejected) == sorted(whole.rejected)
    assert seen == whole.seen
    assert n > 1 or size >= len(JSONL_CASES[case])  # really cut


def test_json_lines_over_the_line_limit_are_rejected_line_by_line_as_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(load_mod, "MAX_LINE_BYTES", 200)
    path = tmp_path / "in.jsonl"
    path.write_text(_jsonl(ROWS) + _jsonl([("Long", "word " * 100)]) + _jsonl(ROWS[:2]), encoding="utf-8")
    whole = _whole(path)
    records, rejected, seen, _ = _pieced(path, 120)
    assert [label.rsplit(":", 1)[1] for label, _ in rejected if "MAX_LINE_BYTES" in _] == ["line 8"]
    assert (_same(records), sorted(rejected), seen) == (_same(whole.records), sorted(whole.rejected), whole.seen)


@pytest.mark.parametrize("content, reason", [
    ('{"title": "a", "body2": "b"}\n' * 5, "no text column"),
    ("\n  \n\n", None),  # blank: "empty file", read whole
])
def test_json_lines_without_text_are_one_rejected_input_as_whole(tmp_path, content, reason):
    path = tmp_path / "in.jsonl"
    path.write_text(content, encoding="utf-8")
    whole = _whole(path)
    records, rejected, seen, _ = _pieced(path, 30)
    assert records == whole.records == []
    assert rejected == whole.rejected and seen == whole.seen == 1
    if reason:
        assert reason in rejected[0][1]


def test_json_lines_keys_that_would_name_roles_differently_warn(tmp_path):
    import json

    first = "".join(json.dumps({"headline": f"h{i}", "body": f"Oil rose {i}."}) + "\n" for i in range(20))
    later = "".join(json.dumps({"headline": "h", "text": f"Gas fell {i}.", "body": ""}) + "\n" for i in range(20))
    path = tmp_path / "in.jsonl"
    path.write_text(first + later, encoding="utf-8")
    with pytest.warns(UserWarning, match=r"first piece \(text='body'\).*text='text'"):
        records, _, _, _ = _pieced(path, 200)
    assert [r["text"] for r in records[:2]] == ["Oil rose 0.", "Oil rose 1."]  # the first piece's naming kept
    with warnings.catch_warnings():  # named by the caller: nothing to warn about
        warnings.simplefilter("error")
        list(load_mod.read_pieces(path, columns={"text": "body"}, piece_chars=200))


# --------------------------------------------------------------------------- Parquet

def _frame(n: int):
    import pandas as pd

    texts = [t for _, t in ROWS]
    return pd.DataFrame({"title": [f"t{i}" for i in range(n)], "text": [texts[i % len(texts)] + f" Day {i}." if i % 7
                                                                    else "" for i in range(n)],
                         "published": pd.date_range("2017-01-01", periods=n, freq="h"),
                         "words": range(n)}, index=pd.Index([f"k{i}" for i in range(n)], name="key"))


@pytest.mark.parametrize("group_rows", [7, 1000])
@pytest.mark.parametrize("piece_rows", [1, 5, 16, 1000])
def test_parquet_pieces_equal_reading_the_file_whole(tmp_path, monkeypatch, piece_rows, group_rows):
    path = tmp_path / "in.parquet"
    _frame(50).to_parquet(path, row_group_size=group_rows)
    monkeypatch.setattr(load_mod, "PIECE_ROWS", piece_rows)
    assert load_mod._piece_plan(path, None) == ("parquet", 0)
    whole = _whole(path)
    records, rejected, seen, n = _pieced(path, 1)
    assert n == -(-50 // piece_rows)
    assert records == whole.records and len(records) == 50 - 8  # an empty text every 7 rows
    assert sorted(rejected) == sorted(whole.rejected) and seen == whole.seen == 50


@pytest.mark.parametrize("frame, reason", [
    (lambda: _frame(10).rename(columns={"text": "words2"}), "no text column"),
    (lambda: _frame(0), "parquet table has no rows"),
])
def test_parquet_without_text_or_rows_is_one_rejected_input_as_whole(tmp_path, monkeypatch, frame, reason):
    path = tmp_path / "in.parquet"
    frame().to_parquet(path)
    monkeypatch.setattr(load_mod, "PIECE_ROWS", 3)
    whole = _whole(path)
    records, rejected, seen, _ = _pieced(path, 1)
    assert records == whole.records == [] and rejected == whole.rejected and seen == whole.seen == 1
    assert reason in rejected[0][1]


def test_a_parquet_file_whose_footer_is_damaged_is_read_whole(tmp_path):
    path = tmp_path / "in.parquet"
    _frame(10).to_parquet(path)
    data = path.read_bytes()
    path.write_bytes(data[:-12] + b"\x00" * 8 + data[-4:])
    assert load_mod._piece_plan(path, None) is None
    records, rejected, seen, n = _pieced(path, 1)
    assert (n, records, seen) == (1, [], 1) and "unreadable Parquet" in rejected[0][1]


@pytest.mark.parametrize("start, end", [(0, None), (7, 3 << 20), (1000, 1001), (5, 5), ((16 << 20) - 3, (32 << 20) + 9),
                                        (1, (1 << 20) + 1)])
def test_quote_marks_are_counted_as_bytes_count_does(start, end):
    import numpy as np

    rng = np.random.default_rng(3)
    data = rng.choice(np.frombuffer(b'ab,"\n', dtype=np.uint8), size=(34 << 20) + 11).tobytes()
    end = len(data) if end is None else end
    assert load_mod._quotes(data, start, end) == data.count(b'"', start, end)
