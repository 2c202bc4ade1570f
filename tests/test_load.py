"""analysis.load: every format, encodings, bad inputs, accounting, duplicates."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.ingest.load import LoadError, _Reject, decode, load
from analysis.schema import COLUMNS

# Hand-written article bodies (invented events, our own words).
BODY_A = (
    "Port officials in the fictional city of Larsk said on Tuesday that grain exports rose for a third "
    "month, helped by calmer weather and a new ferry line.\n\n"
    "The harbour master, Ivo Tamm, said the figures were encouraging but warned that fuel costs "
    "remained high for small operators."
)
BODY_B = (
    "Negotiators from two invented republics met in a lakeside hotel to discuss a customs pact that "
    "has stalled for years.\n\nNeither side gave details after the talks ended late in the evening."
)
BODY_C = (
    "A regional orchestra announced a winter tour of twelve towns, its first since the old concert "
    "hall closed for repairs.\n\nTickets go on sale next week, the organisers said."
)

RAW_PAGE = """November 3, 2016 / 4:05 PM / a year ago

Larsk grain exports climb for third month

Dock workers load sacks onto a ferry in Larsk harbour, November 2, 2016. REUTERS/Ana Roe

LARSK (Reuters) - {body}

Writing by Pat Doe; Editing by Sam Poe

0 : 0
  • narrow-browser-and-phone
  • medium-browser-and-portrait-tablet
  • wide-browser-and-larger"""

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Customs talks stall again</title>
<meta name="author" content="Mira Lund">
<meta property="article:published_time" content="2017-01-15T09:30:00+00:00">
<link rel="canonical" href="https://www.example-news.test/world/customs-talks">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Customs talks stall again</h1>
<p>Negotiators from two invented republics met in a lakeside hotel to discuss a customs pact that has stalled for years.</p>
<p>Neither side gave details after the talks ended late in the evening, and officials declined to say when they would meet again.</p>
</article><footer>Copyright notice</footer></body></html>"""


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def records(n: int = 2) -> list[dict]:
    bodies = [BODY_A, BODY_B, BODY_C]
    return [
        {"headline": f"Story {i}", "body": bodies[i % 3], "publish_date": f"2017-02-0{i + 1}",
         "link": f"https://www.outlet{i}.test/story-{i}", "id": f"S{i}"}
        for i in range(n)
    ]


def quiet_load(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load(*args, **kwargs)


# --------------------------------------------------------------------------- formats


def test_raw_page_is_split_into_fields(tmp_path):
    df = load(write(tmp_path / "page.txt", RAW_PAGE.format(body=BODY_A)))
    row = df.iloc[0]
    assert row.title == "Larsk grain exports climb for third month"
    assert row.published == pd.Timestamp("2016-11-03 16:05", tz="UTC")
    assert row.dateline == "LARSK"
    assert row.source == "Reuters"
    assert row.authors == ["Pat Doe"]
    assert row.text.startswith("Port officials in the fictional city")
    for furniture in ("0 : 0", "narrow-browser", "REUTERS/Ana Roe", "Editing by", "(Reuters)"):
        assert furniture not in row.text
    assert "\n\n" in row.text  # paragraphs kept
    assert row.origin == str(tmp_path / "page.txt")


def test_html_page_main_text_and_metadata(tmp_path):
    df = load(write(tmp_path / "page.html", HTML_PAGE))
    row = df.iloc[0]
    assert row.title == "Customs talks stall again"
    assert row.text.startswith("Negotiators from two invented republics")
    assert "Home" not in row.text and "Copyright" not in row.text
    assert row.url == "https://www.example-news.test/world/customs-talks"
    assert row.authors == ["Mira Lund"]
    assert row.published.date() == pd.Timestamp("2017-01-15").date()


@pytest.mark.parametrize("name,writer", [
    ("t.csv", lambda df, p: df.to_csv(p, index=False)),
    ("t.tsv", lambda df, p: df.to_csv(p, index=False, sep="\t")),
    ("t.json", lambda df, p: df.to_json(p, orient="records")),
    ("t.jsonl", lambda df, p: df.to_json(p, orient="records", lines=True)),
    ("t.parquet", lambda df, p: df.to_parquet(p, index=False)),
    ("t.dat", lambda df, p: df.to_csv(p, index=False)),  # detected by content
])
def test_tables_in_every_format(tmp_path, name, writer):
    table = pd.DataFrame(records(3))
    writer(table, tmp_path / name)
    df = load(tmp_path / name)
    assert df["title"].tolist() == ["Story 0", "Story 1", "Story 2"]
    assert df["source_id"].tolist() == ["S0", "S1", "S2"]
    assert df["source"].tolist() == ["outlet0.test", "outlet1.test", "outlet2.test"]  # URL's domain
    assert df["published"].tolist() == list(pd.to_datetime(["2017-02-01", "2017-02-02", "2017-02-03"], utc=True))
    assert df["origin"].iloc[1].startswith(str(tmp_path / name) + ":")
    assert list(df.columns[: len(COLUMNS)]) == list(COLUMNS)


def test_schema_dtypes(tmp_path):
    df = load(pd.DataFrame(records(2)))
    for col, dtype in COLUMNS.items():
        assert str(df[col].dtype) == dtype, col
    assert df["published"].dt.tz is not None
    assert df["n_words"].tolist() == [len(BODY_A.split()), len(BODY_B.split())]


@pytest.mark.parametrize("wrapper", ["gz", "bz2", "zip"])
def test_compressed_and_archived(tmp_path, wrapper):
    page = RAW_PAGE.format(body=BODY_B).encode()
    table = pd.DataFrame(records(2)).to_csv(index=False).encode()
    if wrapper == "gz":
        write(tmp_path / "a.txt.gz", gzip.compress(page))
        write(tmp_path / "b.csv.gz", gzip.compress(table))
    elif wrapper == "bz2":
        write(tmp_path / "a.txt.bz2", bz2.compress(page))
        write(tmp_path / "b.csv.bz2", bz2.compress(table))
    else:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("pages/a.txt", page)
            z.writestr("b.csv", table)
        write(tmp_path / "bundle.zip", buf.getvalue())
    df, rejected = load(tmp_path, return_rejected=True)
    assert len(rejected) == 0
    assert sorted(df["title"].dropna()) == sorted(["Larsk grain exports climb for third month", "Story 0"])
    assert df.attrs["load_report"]["duplicates_dropped"] == 1  # Story 1 repeats the page's body
    if wrapper == "zip":
        assert any("bundle.zip!pages/a.txt" in o for o in df["origin"])


def test_dataframe_input_is_normalised_and_not_mutated():
    table = pd.DataFrame({"Headline": ["One"], "Article Text": ["  Some   words\r\nhere.  "]}, index=[7])
    before = table.copy()
    df = load(table)
    pd.testing.assert_frame_equal(table, before)
    assert df["text"].iloc[0] == "Some words\nhere."
    assert df["title"].iloc[0] == "One"
    assert df["origin"].iloc[0] == "DataFrame:index 7"


def test_columns_override(tmp_path):
    table = pd.DataFrame({"story": ["Body words here."], "summary": ["Short."], "when": ["2017-03-01 10:00"]})
    table.to_csv(tmp_path / "t.csv", index=False)
    df = load(tmp_path / "t.csv", columns={"text": "story", "published": "when"})
    assert df["text"].iloc[0] == "Body words here."
    assert df["published"].iloc[0] == pd.Timestamp("2017-03-01 10:00", tz="UTC")
    with pytest.raises(ValueError, match="unknown"):
        load(tmp_path / "t.csv", columns={"body_text": "story"})


def test_default_corpus_column_names_are_recognised():
    table = pd.DataFrame({"article_id": [9], "publish_date": ["2017/2/7"], "article_source_link":
                          ["http://www.tass.com/politics/1"], "title": ["T"], "subtitle": [""], "text": ["Words."]})
    df = load(table)
    row = df.iloc[0]
    assert (row.source_id, row.source, row.url) == ("9", "tass.com", "http://www.tass.com/politics/1")
    assert row.published == pd.Timestamp("2017-02-07", tz="UTC")
    assert "subtitle" in df.columns


def test_sources_list_glob_and_folder(tmp_path):
    write(tmp_path / "x" / "a.txt", BODY_A)
    write(tmp_path / "x" / "deep" / "er" / "b.txt", BODY_B)
    write(tmp_path / "y.txt", BODY_C)
    assert len(load(tmp_path / "x")) == 2
    assert len(load(str(tmp_path / "**" / "*.txt"))) == 3
    assert len(load([tmp_path / "x" / "a.txt", tmp_path / "y.txt"])) == 2


def test_article_id_is_stable_and_content_based(tmp_path):
    a = load(pd.DataFrame({"text": [BODY_A, BODY_B]}))
    b = load(write(tmp_path / "a.txt", BODY_A))
    assert a["article_id"].iloc[0] == b["article_id"].iloc[0]
    assert a["article_id"].is_unique
    assert a["article_id"].str.fullmatch(r"[0-9a-f]{16}").all()


def test_unknown_dates_are_nat_never_guessed():
    df = load(pd.DataFrame({"text": ["One.", "Two.", "Three."], "date": ["yesterday", "", "2017-13-45"]}))
    assert df["published"].isna().all()


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
def test_encodings(tmp_path, encoding):
    body = "Caf\u00e9 owners in Mal\u00e9n r\u00e9opened on Friday \u2014 \u201cfinally\u201d, said one."
    if encoding == "latin-1":
        body = body.replace("\u2014", "-").replace("\u201c", '"').replace("\u201d", '"')
    write(tmp_path / "e.txt", body.encode(encoding))
    df = load(tmp_path / "e.txt")
    assert df["text"].iloc[0] == body


def test_undecodable_bytes_never_crash(tmp_path):
    write(tmp_path / "bad.txt", b"Prices rose \xff\xfe\xfa sharply in the \x81 market today.")
    df = load(tmp_path / "bad.txt")
    assert df["text"].iloc[0].startswith("Prices rose")


def test_decode_rejects_binary():
    with pytest.raises(_Reject, match="binary"):
        decode(bytes(range(256)) * 4)


# --------------------------------------------------------------------------- bad input, accounting


def make_mixed_folder(root: Path) -> dict:
    """Good and bad inputs of every kind; returns the expected counts."""
    write(root / "good" / "page.txt", RAW_PAGE.format(body=BODY_A))
    write(root / "good" / "page.html", HTML_PAGE)
    pd.DataFrame(records(3)).to_csv(root / "good" / "table.csv", index=False)  # row 0 repeats page.txt's body
    write(root / "good" / "copy.txt", BODY_B)  # same body as table row 2, which is read later and dropped
    lines = [json.dumps({"title": "J1", "text": "A first short invented note about rain."}),
             "{not json",
             json.dumps({"title": "J2", "text": "A second short invented note about snow."}),
             json.dumps({"title": "J3", "text": ""})]
    write(root / "lines.jsonl", "\n".join(lines))
    write(root / "empty.txt", "")
    write(root / "blank.txt", "  \n\t \n")
    write(root / "image.txt", bytes(range(256)) * 8)
    write(root / "notext.csv", "a,b\n1,2\n")
    write(root / "broken.json", '[{"text": "fine"},\n {"text": oops}]')
    write(root / "scalar.json", "42")
    write(root / "cut.txt.gz", gzip.compress(BODY_C.encode())[:-12])
    write(root / "bad.zip", b"PK\x03\x04 this is not really a zip archive")
    return {"loaded": 6, "rejected": 10, "duplicates": 2}


def test_mixed_folder_accounts_for_every_input(tmp_path):
    expected = make_mixed_folder(tmp_path)
    df, rejected = load(tmp_path, return_rejected=True)
    report = df.attrs["load_report"]
    assert report["inputs_seen"] == report["loaded"] + report["rejected"] + report["duplicates_dropped"]
    assert (report["loaded"], report["rejected"], report["duplicates_dropped"]) == (
        expected["loaded"], expected["rejected"], expected["duplicates"])
    assert len(df) == report["loaded"] and len(rejected) == report["rejected"]
    reasons = dict(zip(rejected["input"].map(lambda s: s.replace(str(tmp_path) + "/", "")), rejected["reason"]))
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert reasons["image.txt"].startswith("binary content")
    assert reasons["notext.csv"] == "no text column; columns are ['a', 'b']"
    assert reasons["broken.json"].startswith("malformed JSON on line 2")
    assert reasons["scalar.json"].startswith("JSON is not a list of objects")
    assert reasons["lines.jsonl:line 2"].startswith("malformed JSON on line 2")
    assert reasons["lines.jsonl:line 4"] == "empty text"
    assert reasons["cut.txt.gz"].startswith("truncated or corrupt gzip")
    assert reasons["bad.zip"].startswith("truncated or corrupt zip")


def test_warning_by_default_and_strict_error(tmp_path):
    make_mixed_folder(tmp_path)
    with pytest.warns(UserWarning, match=r"10 input\(s\) rejected.*return_rejected=True"):
        load(tmp_path)
    with pytest.raises(LoadError) as info:
        load(tmp_path, strict=True)
    message = str(info.value)
    assert message.startswith("10 input(s) rejected")
    assert "empty.txt: empty file" in message and "bad.zip" in message
    assert len(info.value.rejected) == 10


def test_missing_path_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        load(tmp_path / "nowhere.csv")
    with pytest.raises(FileNotFoundError, match=r"\*\.zzz"):
        load(str(tmp_path / "*.zzz"))


def test_one_bad_file_never_stops_the_folder(tmp_path):
    for i in range(5):
        write(tmp_path / f"{i}.txt", f"Invented report number {i} about the harbour, with some words.")
    write(tmp_path / "2b.txt", b"\x00\x01\x02" * 100)
    df, rejected = load(tmp_path, return_rejected=True)
    assert len(df) == 5 and rejected["input"].tolist() == [str(tmp_path / "2b.txt")]


def test_ragged_csv_rows_are_rejected_not_fatal(tmp_path):
    write(tmp_path / "r.csv", 'title,text\nA,"First, quoted\nbody."\nB,Second body.,extra,fields\nC,Third body.\n')
    df, rejected = load(tmp_path / "r.csv", return_rejected=True)
    assert df["title"].tolist() == ["A", "C"]
    assert df["text"].iloc[0] == "First, quoted\nbody."
    assert len(rejected) == 1 and rejected["reason"].iloc[0].startswith("ragged row")


# --------------------------------------------------------------------------- duplicates


def test_exact_duplicates_dropped_and_counted():
    df = load(pd.DataFrame({"text": [BODY_A, BODY_A.upper().lower(), "  " + BODY_A.replace(" ", "  "), BODY_B]}))
    assert len(df) == 2
    assert df.attrs["load_report"]["duplicates_dropped"] == 2


def test_near_duplicates_kept_and_flagged():
    wire = " ".join([BODY_A, BODY_B, BODY_C])
    edited = wire.replace("Tuesday", "Wednesday").replace("twelve towns", "eleven towns")
    df = load(pd.DataFrame({"text": [wire, edited, BODY_C]}))
    assert len(df) == 3
    assert df["near_duplicate_of"].isna().tolist() == [True, False, True]
    assert df["near_duplicate_of"].iloc[1] == df["article_id"].iloc[0]


def test_text_damage_is_repaired_and_counted():
    df = load(pd.DataFrame({"text": ['He said "no."?The vote failed in W\ufffd\ufffdrzburg.']}))
    assert df["text"].iloc[0] == 'He said "no." The vote failed in W\ufffdrzburg.'
    assert (df["n_repaired"].iloc[0], df["n_unrepairable"].iloc[0]) == (1, 1)


@pytest.mark.parametrize("title, expected", [
    ('Talks resume despite sanctions "?ambassador', "Talks resume despite sanctions \u2014 ambassador"),
    ('"Reichsb\ufffd\ufffdrger" raided', '"Reichsb\ufffdrger" raided'),
    ('Minister says "no"', 'Minister says "no"'),  # nothing damaged: the title as it was
    ("Can\"t stop  now", "Can't stop now"),
])
def test_titles_are_repaired_as_the_text_is_and_the_counts_stay_the_texts(title, expected):
    df = load(pd.DataFrame({"title": [title], "text": ["The vote failed."]}))
    assert df["title"].iloc[0] == expected
    assert (df["n_repaired"].iloc[0], df["n_unrepairable"].iloc[0]) == (0, 0)


def test_reloading_our_own_output_is_stable(tmp_path):
    first = load(pd.DataFrame(records(3)))
    first.to_parquet(tmp_path / "articles.parquet")
    again = load(tmp_path / "articles.parquet")
    for col in ("article_id", "source_id", "title", "text", "published", "source", "url", "n_words"):
        assert again[col].tolist() == first[col].tolist(), col


def test_real_scraped_seed_pages(seed_files):
    df, rejected = load(seed_files, return_rejected=True)
    assert len(df) + len(rejected) + df.attrs["load_report"]["duplicates_dropped"] == len(seed_files)
    for row in df.itertuples():
        assert row.title and row.text
        for furniture in ("0 : 0", "narrow-browser-and-phone", "landscape-tablet", "Editing by", "Writing by"):
            assert furniture not in row.text
    first = df.iloc[0]
    assert first.dateline == "MOSCOW" and first.source == "Reuters"
    assert first.published == pd.Timestamp("2015-03-19 01:53", tz="UTC")
    assert "Lidia Kelly" in first.authors


# --------------------------------------------------------------------------- duplicate keys and speed paths


@pytest.mark.parametrize("text", [
    "", " ", "one", "Two words", "  Leading and trailing  ", "tabs\tand\x0bvertical\x0cfeeds\rhere",
    "para one.\n\npara two.\nwrapped line", "a\n\n\nb", "nbsp\u00a0ideographic\u3000thin\u2009spaces",
    "line\u2028separator\u2029and\x85next", "unit\x1fseparator\x1cfile", "CASE Folding STRASSE Straße",
    "control\x00\x07chars are words", "long-token-" * 20 + " end", "ünïcödé wörds ≠ ascii",
])
def test_fingerprint_matches_split_and_normal_form(text):
    import hashlib

    from analysis.ingest.clean import normalise_for_dedup
    from analysis.ingest.dedupe import fingerprint

    f = fingerprint(text)
    assert f.n_words == len(text.split())
    assert f.exact == hashlib.sha256(normalise_for_dedup(text).encode("utf-8", "surrogatepass")).digest()
    assert (f.signature is None) == ((f.n_words if f.n_words < 5 else f.n_words - 4) < 3)


def _shingle_set(text: str) -> set[tuple[str, ...]]:
    words = text.casefold().split()
    return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}


def _jaccard(a: str, b: str) -> float:
    x, y = _shingle_set(a), _shingle_set(b)
    return len(x & y) / len(x | y)


def test_signature_agreement_estimates_jaccard_on_short_and_long_texts():
    import random

    import numpy as np

    from analysis.ingest.dedupe import signature

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(5000)]
    errors = []
    for n in [12, 20, 40, 80, 200, 600] * 40:  # short texts leave bins empty: densification fills them
        words = rng.choices(vocab, k=n)
        edited = list(words)
        for _ in range(rng.randint(0, max(1, n // 8))):
            edited[rng.randrange(n)] = rng.choice(vocab)
        a, b = " ".join(words), " ".join(edited)
        agree = np.mean(np.frombuffer(signature(a), np.uint64) == np.frombuffer(signature(b), np.uint64))
        errors.append(agree - _jaccard(a, b))
    errors = np.array(errors)
    assert abs(errors.mean()) < 0.02  # unbiased
    assert np.abs(errors).max() < 0.3  # and never far off (64 bins: standard error at most 0.0625)


def test_near_duplicates_on_real_articles_with_synthetic_edits(corpus):
    import random

    from analysis.ingest.dedupe import near_duplicates

    rng = random.Random(2017)
    texts = [t for t in corpus["text"].tolist() if len(t.split()) >= 120]
    rng.shuffle(texts)
    # originals that are unrelated to each other (the corpus itself holds some wire copies)
    originals: list[str] = []
    seen: dict[tuple[str, ...], int] = {}
    for t in texts:
        shingles = _shingle_set(t)
        if sum(s in seen for s in shingles) < 0.1 * len(shingles):
            originals.append(t)
            for s in shingles:
                seen[s] = 1
        if len(originals) == 300:
            break
    assert len(originals) == 300
    copies, truth = [], []
    for k, t in enumerate(originals):
        words = t.split()
        edited = list(words)
        if k % 3 == 0:  # light wire edits: a few words changed and a line appended (near-duplicates)
            for _ in range(rng.randint(1, 4)):
                edited[rng.randrange(len(edited))] = rng.choice(["reportedly", "Tuesday", "officials", "the"])
            edited += ["(Updated", "with", "comment", "from", "officials.)"]
        elif k % 3 == 1:  # a paragraph dropped from the middle
            cut = len(edited) // 3
            del edited[cut:cut + max(3, len(edited) // 30)]
        else:  # heavy rewrite: most sentences changed (not near-duplicates)
            edited = [w if rng.random() < 0.8 else rng.choice(["new", "other", "changed"]) for w in edited]
        copy = " ".join(edited)
        copies.append(copy)
        truth.append(_jaccard(t, copy))
    all_texts = originals + copies
    found = near_duplicates(all_texts)
    assert found[:300] == [None] * 300  # unrelated articles are not flagged
    for k, (j, flagged) in enumerate(zip(truth, found[300:])):
        if j >= 0.9:
            assert flagged == k, (k, j)
        elif j <= 0.6:
            assert flagged is None, (k, j)
    assert sum(j >= 0.9 for j in truth) >= 150 and sum(j <= 0.6 for j in truth) >= 90  # both kinds were tested


@pytest.mark.parametrize("chunk", [1, 2, 5, 17, 64])
def test_near_duplicates_chunk_by_chunk_equal_one_call_on_all(corpus, tmp_path, monkeypatch, chunk):
    import random

    from analysis.ingest import dedupe

    rng = random.Random(chunk)
    originals = [t for t in corpus["text"].tolist() if len(t.split()) >= 150][:40]
    texts = list(originals)
    for k in range(120):  # copies of copies, some edited to near the threshold (counted exactly), short texts
        words = rng.choice(texts).split()
        share = rng.choice([0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.3])
        texts.append(" ".join(w if rng.random() >= share else f"changed{k}" for w in words))
        if k % 15 == 0:
            texts.append(f"Too short {k}.")
    rng.shuffle(texts)
    ids = [f"id{i}" for i in range(len(texts))]
    whole = [None if j is None else ids[j] for j in dedupe.near_duplicates(texts)]
    assert 50 <= sum(j is not None for j in whole) < len(texts) - 40, sum(j is not None for j in whole)
    counted = []
    real = dedupe._counted
    monkeypatch.setattr(dedupe, "_counted", lambda pool, at, *a: counted.append(len(pool) > chunk and
                                                                               bool((at >= chunk).any())) or real(pool, at, *a))
    chunked = []
    with dedupe.Earlier(tmp_path / "earlier") as earlier:
        for i in range(0, len(texts), chunk):
            part = dedupe.near_duplicates(texts[i:i + chunk], earlier=earlier, ids=ids[i:i + chunk])
            chunked += [j if j is None or isinstance(j, str) else ids[i + j] for j in part]
        assert len(earlier) == sum(dedupe.signature(t) is not None for t in texts)
    assert chunked == whole
    assert not (tmp_path / "earlier").exists()  # its files removed
    if chunk < 64:
        assert any(counted)  # pairs with an article of an earlier chunk were counted exactly from its text


def test_near_duplicates_across_chunks_need_the_ids(tmp_path):
    from analysis.ingest.dedupe import Earlier, near_duplicates

    with Earlier(tmp_path / "e") as earlier, pytest.raises(ValueError, match="ids"):
        near_duplicates(["a text"], earlier=earlier)


def test_load_flags_wire_copies_in_a_folder_through_workers(tmp_path, monkeypatch):
    import importlib

    load_module = importlib.import_module("analysis.ingest.load")  # the module (the package exports the function)
    wire = " ".join([BODY_A, BODY_B, BODY_C])
    for i in range(12):
        body = wire if i % 4 else BODY_B + f" Edition {i} of an unrelated note about harbour lights and fog {i}."
        if i % 4 == 2:
            body = body.replace("Tuesday", "Wednesday")
        write(tmp_path / f"{i:02d}.txt", RAW_PAGE.format(body=body))
    monkeypatch.setattr(load_module, "_PARALLEL_FROM", 4)
    assert load_module._workers(12) > 1 or (__import__("os").cpu_count() or 1) == 1
    parallel = load(tmp_path)
    monkeypatch.setattr(load_module, "_PARALLEL_FROM", 10_000)
    serial = load(tmp_path)
    pd.testing.assert_frame_equal(parallel, serial)
    assert parallel.attrs["load_report"] == serial.attrs["load_report"]
    assert parallel.attrs["load_report"]["duplicates_dropped"] > 0
    flagged = parallel[parallel["near_duplicate_of"].notna()]
    assert len(flagged) >= 1 and set(flagged["near_duplicate_of"]) <= set(parallel["article_id"])


@pytest.mark.parametrize("raw,clean", [
    ("Tab\tseparated\x0bwords\x0cand\r\nCRLF lines.", "Tab separated words and\nCRLF lines."),
    ("Zero\u200bwidth and soft\u00adhyphen, nbsp\u00a0here.", "Zerowidth and softhyphen, nbsp here."),
    ("Bell\x07 and escape\x1b codes.", "Bell and escape codes."),
    ("Plain ASCII text stays as it is.", "Plain ASCII text stays as it is."),
])
def test_loaded_text_is_cleaned_on_every_path(raw, clean):
    df = load(pd.DataFrame({"text": [raw]}))
    assert df["text"].iloc[0] == clean
    assert df["n_words"].iloc[0] == len(clean.split())


@pytest.mark.parametrize("text,encoding", [
    ("Café", "cp1252"), ("Zürich Straße", "cp1252"), ("Привет, как дела? Москва", "cp1251"),
])
def test_short_legacy_texts_decode(text, encoding):
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("length", [2, 7, 8, 9, 15, 16, 17, 24, 90])
def test_words_of_any_length_hash_by_all_their_letters(length):
    from analysis.ingest.dedupe import _shingles

    word = "".join("abcdefghij"[i % 10] for i in range(length))
    variants = [word, word[:-1] + "z", "z" + word[1:], word + "s"]
    sets = [frozenset(_shingles(f"the talks on {w} resumed in the port today").tolist()) for w in variants]
    assert len(set(sets)) == len(variants)  # a change anywhere in a word changes its shingles
    assert sets[0] == frozenset(_shingles(f"THE talks  on {word}\nresumed in the port today").tolist())


# --------------------------------------------------------------------------- known export layouts


def _newsapi(articles: list[dict]) -> str:
    return json.dumps({"status": "ok", "totalResults": len(articles), "articles": articles})


NEWSAPI_ITEM = {
    "source": {"id": None, "name": "Example Wire"}, "author": "Ana Ruiz",
    "title": "Larsk grain exports climb", "description": "Exports rose for a third month.",
    "url": "https://wire.example.com/grain", "urlToImage": "https://wire.example.com/grain.jpg",
    "publishedAt": "2024-01-02T03:04:05Z",
    "content": "Port officials in the fictional city of Larsk said on Tuesday that grain exports rose for a "
               "third month, helped by calmer… [+1234 chars]",
}


def test_newsapi_json_maps_nested_fields_and_says_the_text_is_truncated(tmp_path):
    summary_only = {**NEWSAPI_ITEM, "url": "https://wire.example.com/b", "content": None,
                    "description": "Negotiators from two invented republics met again.", "title": "Talks"}
    whole = {**NEWSAPI_ITEM, "url": "https://wire.example.com/c", "title": "Tour",
             "source": {"id": "orrin-courier", "name": "Orrin Courier"}, "content": BODY_C}
    (tmp_path / "newsapi.json").write_text(_newsapi([NEWSAPI_ITEM, summary_only, whole]))
    df = load(tmp_path / "newsapi.json")
    assert df["source"].tolist() == ["Example Wire", "Example Wire", "Orrin Courier"]
    assert df["published"].tolist() == [pd.Timestamp("2024-01-02 03:04:05", tz="UTC")] * 3
    assert df["authors"].tolist() == [["Ana Ruiz"]] * 3
    assert df["text"].iloc[0] == ("Port officials in the fictional city of Larsk said on Tuesday that grain exports "
                                  "rose for a third month, helped by calmer")
    assert "[+" not in "".join(df["text"])
    assert df["text"].iloc[1] == "Negotiators from two invented republics met again."
    assert df["note"].iloc[0] == "NewsAPI text is truncated: 1234 more characters not in the export"
    assert df["note"].iloc[1] == "NewsAPI text is truncated: the description only"
    assert pd.isna(df["note"].iloc[2]) and df["text"].iloc[2] == BODY_C


def test_newsplease_json_still_loads(tmp_path):
    item = {"authors": ["Ivo Tamm"], "date_download": "2024-01-03 10:00:00", "date_modify": None,
            "date_publish": "2024-01-02 08:00:00", "description": "Grain exports rose.", "filename": "x.json",
            "image_url": None, "language": "en", "localpath": None, "source_domain": "wire.example.com",
            "maintext": BODY_A, "title": "Larsk grain exports climb", "title_page": None, "title_rss": None,
            "url": "https://wire.example.com/grain"}
    (tmp_path / "np.json").write_text(json.dumps(item))
    (tmp_path / "np_list.jsonl").write_text(json.dumps({**item, "maintext": BODY_B}) + "\n")
    df = load(tmp_path)
    assert df["text"].tolist() == [BODY_A, BODY_B]
    assert df["title"].tolist() == ["Larsk grain exports climb"] * 2
    assert df["published"].tolist() == [pd.Timestamp("2024-01-02 08:00", tz="UTC")] * 2
    assert df["source"].tolist() == ["wire.example.com"] * 2 and df["authors"].tolist() == [["Ivo Tamm"]] * 2


GDELT_REASON = "GDELT export: no article text ({} lists URLs and metadata only); fetch the URLs and load the saved pages"


@pytest.mark.parametrize("name,content,kind", [
    ("doc.json", json.dumps({"articles": [{"url": "https://a.example/1", "url_mobile": "", "title": "Bridge opens",
                                           "seendate": "20240102T030405Z", "socialimage": "", "domain": "a.example",
                                           "language": "English", "sourcecountry": "Vessa"}]}),
     "the GDELT DOC API export"),
    ("gkg.csv", "GKGRECORDID,DATE,SourceCollectionIdentifier,SourceCommonName,DocumentIdentifier,V2Themes\n"
                "20240102030000-0,20240102030000,1,a.example,https://a.example/1,TAX_FNCACT;\n",
     "the GDELT GKG export"),
    ("20240102030000.gkg.csv", "20240102030000-0\t20240102030000\t1\ta.example\thttps://a.example/1\t\t\t\n"
                               "20240102030000-1\t20240102030000\t1\tb.example\thttps://b.example/2\t\t\t\n",
     "the GDELT GKG export"),
])
def test_gdelt_exports_are_rejected_saying_they_carry_no_text(tmp_path, name, content, kind):
    (tmp_path / name).write_text(content)
    df, rejected = load(tmp_path / name, return_rejected=True)
    assert len(df) == 0
    assert rejected["reason"].tolist() == [GDELT_REASON.format(kind)]


@pytest.mark.parametrize("values", [
    ["[]", "A. Writer, B. Writer", "[]", None, float("nan"), "A. Writer, B. Writer", 1, 1.0, True, pd.NA, ""],
    [["A. Writer", " "], "[]", ("B. Writer",), None],  # (lists cannot be hashed: one by one)
])
def test_list_columns_are_made_once_per_value_and_each_row_has_its_own(values):
    from analysis.schema import _as_list, _as_pieces, _lists

    for convert in (_as_list, _as_pieces):
        column = pd.Series(values, dtype=object, index=range(10, 10 + len(values)))
        got = _lists(column, convert)
        pd.testing.assert_series_equal(got, column.map(convert).astype(object))
        assert len({id(v) for v in got}) == len(got)  # no list shared between rows
        got.iloc[0].append("changed")
        assert got.iloc[2] == convert(values[2])


def test_the_table_of_records_is_from_records_with_the_schema_columns_left_as_objects():
    from analysis.ingest.load import _table

    rows = [
        {"title": "A", "text": "x", "_exact": b"1", "n_words": 3, "subtitle": "s", "_minhash": b"2"},
        {"text": "y", "title": None, "url": "http://a.example/1", "n_words": 4, "extra": 1.5},
        {"url": "b.example", "title": "C", "n_words": 5, "subtitle": None},
    ]
    got = _table(rows)
    expected = pd.DataFrame.from_records([{k: v for k, v in r.items() if k not in ("text", "_exact", "_minhash")}
                                          for r in rows])
    assert list(got.columns) == list(expected.columns) == ["title", "n_words", "subtitle", "url", "extra"]
    for col in got.columns:
        if col in COLUMNS:
            assert got[col].dtype == object
            assert [None if v is None or v != v else v for v in got[col]] == \
                   [None if v is None or v != v else v for v in expected[col].astype(object)]
        else:  # (pandas' own inference, as before)
            pd.testing.assert_series_equal(got[col], expected[col])
