"""analysis.warc: WARC and ARC files through analysis.load (records, skips, accounting, damage, Dask).

The WARC files are written here with warcio's writer; ARC files by hand (no
library here writes ARC; the format is a line of five fields before each record).
"""

from __future__ import annotations

import gzip
import io
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from analysis.ingest.load import LoadError, load

# Hand-written article bodies (invented events, our own words).
PORT = ["The port of Larsk reopened on Monday after a week of repairs to its two oldest cranes.",
        "Dock workers said the first ferry left on time, carrying grain and a few dozen passengers."]
CHOIR = ["A youth choir from the hill town of Vessa won the regional contest on Saturday evening.",
         "The conductor, Ilse Marr, said the singers had rehearsed every morning for three months."]
BRIDGE = ["Engineers closed the old river bridge in Tolm after finding cracks in two of its piers.",
          "Traffic was sent over the northern crossing, adding twenty minutes to the morning commute."]


def page(title: str, paragraphs: list[str], *, date: str | None = None, charset: str = "utf-8",
         footer: str = "About us | Contact | Privacy") -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{meta}</head>'
            f'<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>'
            f"<article><h1>{title}</h1>{body}</article><footer>{footer}</footer></body></html>")


def http(status: str = "200 OK", content_type: str | None = "text/html; charset=utf-8") -> StatusAndHeaders:
    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def response(writer: WARCWriter, url: str, body: bytes | str, *, date: str = "2024-03-04T05:06:07Z",
             status: str = "200 OK", content_type: str | None = "text/html; charset=utf-8"):
    payload = body.encode("utf-8") if isinstance(body, str) else body
    return writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                     http_headers=http(status, content_type),
                                     warc_headers_dict={"WARC-Date": date})


def mixed_warc(gzipped: bool) -> bytes:
    """warcinfo, request, two article pages, a 404, a PDF, a revisit, a metadata record (in this order)."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzipped)
    w.write_record(w.create_warcinfo_record("crawl.warc", {"software": "test"}))
    w.write_record(w.create_warc_record(
        "https://www.larsk.example/port", "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders("GET /port HTTP/1.1", [("Host", "www.larsk.example")], is_http_request=True)))
    w.write_record(response(w, "https://www.larsk.example/port",
                            page("Port reopens", PORT, date="2023-11-20T08:00:00Z"), date="2024-03-04T05:06:07Z"))
    w.write_record(response(w, "http://news.vessa.example/choir?id=7",
                            page("Choir wins", CHOIR, footer="(c) 2019 Vessa News"), date="2024-03-05T10:00:00Z"))
    w.write_record(response(w, "https://www.larsk.example/missing", page("Not found", BRIDGE), status="404 Not Found"))
    w.write_record(response(w, "https://www.larsk.example/report.pdf", b"%PDF-1.4 binary", content_type="application/pdf"))
    w.write_record(w.create_revisit_record("https://www.larsk.example/port", "sha1:AAAA",
                                           "https://www.larsk.example/port", "2024-03-01T00:00:00Z",
                                           http_headers=http()))
    w.write_record(w.create_warc_record("https://www.larsk.example/port", "metadata",
                                        payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
                                        warc_content_type="application/warc-fields"))
    return buf.getvalue()


def quiet_load(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load(*args, **kwargs)


SKIPPED = {
    1: "skipped: warcinfo record (about the file, not a page)",
    2: "skipped: request record, not a response",
    5: "skipped: HTTP status 404, not 200",
    6: "skipped: content type application/pdf, not HTML",
    7: "skipped: revisit record (the page is not stored again)",
    8: "skipped: metadata record, not a response",
}


@pytest.mark.parametrize("name,gzipped", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_articles_skips_and_accounting(tmp_path, name, gzipped):
    path = tmp_path / name
    path.write_bytes(mixed_warc(gzipped))
    df, rejected = load(path, return_rejected=True)
    assert df.text.tolist() == ["\n\n".join(PORT), "\n\n".join(CHOIR)]
    assert df.title.tolist() == ["Port reopens", "Choir wins"]
    assert df.url.tolist() == ["https://www.larsk.example/port", "http://news.vessa.example/choir?id=7"]
    assert df.source.tolist() == ["larsk.example", "news.vessa.example"]
    # the page's own date (its day, as for HTML files) when it has one; else the crawl's WARC-Date
    # (the footer's "(c) 2019" is no date)
    assert df.published.tolist() == [pd.Timestamp("2023-11-20", tz="UTC"), pd.Timestamp("2024-03-05 10:00", tz="UTC")]
    assert df.origin.tolist() == [f"{path}#record-3", f"{path}#record-4"]
    assert df.source_id.str.startswith("<urn:uuid:").all()
    assert dict(zip(rejected.input, rejected.reason)) == {f"{path}#record-{n}": r for n, r in SKIPPED.items()}
    report = df.attrs["load_report"]
    assert report == {"inputs_seen": 8, "loaded": 2, "rejected": 6, "duplicates_dropped": 0}


def test_strict_lists_the_skipped_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(mixed_warc(True))
    with pytest.raises(LoadError) as err:
        load(path, strict=True)
    assert len(err.value.rejected) == 6


def test_repeated_page_is_a_duplicate_not_a_second_article(tmp_path):
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for url in ("https://a.example/port", "https://a.example/port?utm=x"):
        w.write_record(response(w, url, page("Port reopens", PORT)))
    (tmp_path / "twice.warc.gz").write_bytes(buf.getvalue())
    df = load(tmp_path / "twice.warc.gz")
    assert len(df) == 1
    assert df.attrs["load_report"] == {"inputs_seen": 2, "loaded": 1, "rejected": 0, "duplicates_dropped": 1}


@pytest.mark.parametrize("content_type,charset_in_page,expected", [
    ("text/html; charset=windows-1251", "windows-1251", "Порт Ларск снова открыт после недели ремонта кранов."),
    ("application/xhtml+xml", "utf-8", "Порт Ларск снова открыт после недели ремонта кранов."),
    (None, "utf-8", "Порт Ларск снова открыт после недели ремонта кранов."),  # no type: the body looks like HTML
])
def test_content_types_and_charsets(tmp_path, content_type, charset_in_page, expected):
    paragraphs = [expected, "Первый паром ушёл вовремя, с зерном и несколькими десятками пассажиров."]
    html = page("Порт открыт", paragraphs, charset=charset_in_page).encode(charset_in_page)
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    w.write_record(response(w, "https://larsk.example/ru/port", html, content_type=content_type))
    (tmp_path / "ru.warc").write_bytes(buf.getvalue())
    df = load(tmp_path / "ru.warc")
    assert df.text.tolist() == ["\n\n".join(paragraphs)]


@pytest.mark.parametrize("status,reason", [
    ("301 Moved Permanently", "skipped: HTTP status 301, not 200"),
    ("500 Internal Server Error", "skipped: HTTP status 500, not 200"),
])
def test_other_statuses_are_skipped(tmp_path, status, reason):
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(response(w, "https://a.example/x", page("Port reopens", PORT), status=status))
    (tmp_path / "s.warc.gz").write_bytes(buf.getvalue())
    df, rejected = load(tmp_path / "s.warc.gz", return_rejected=True)
    assert len(df) == 0 and rejected.reason.tolist() == [reason]


def test_page_over_the_text_limit_names_it(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys.modules["analysis.ingest.load"], "MAX_TEXT_BYTES", 200)  # the module (analysis.load is the function)
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(response(w, "https://a.example/x", page("Port reopens", PORT)))
    (tmp_path / "big.warc.gz").write_bytes(buf.getvalue())
    _, rejected = load(tmp_path / "big.warc.gz", return_rejected=True)
    assert rejected.reason.tolist() == ["page is over the MAX_TEXT_BYTES limit of 200 bytes per article"]


def arc_file(gzipped: bool) -> bytes:
    """An ARC (version 1) file written by hand: a filedesc record, then one page and one 404."""
    def record(header: str, block: bytes) -> bytes:
        data = f"{header} {len(block)}\n".encode() + block + b"\n"
        return gzip.compress(data) if gzipped else data

    desc = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    ok = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + page("Bridge closed", BRIDGE).encode()
    gone = b"HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html><body>gone</body></html>"
    return b"".join([record("filedesc://old.arc 0.0.0.0 20090102030405 text/plain", desc),
                     record("http://www.tolm.example/bridge 10.0.0.1 20090102030506 text/html", ok),
                     record("http://www.tolm.example/gone 10.0.0.1 20090102030607 text/html", gone)])


@pytest.mark.parametrize("name,gzipped", [("old.arc.gz", True), ("old.arc", False)])
def test_arc_files(tmp_path, name, gzipped):
    path = tmp_path / name
    path.write_bytes(arc_file(gzipped))
    df, rejected = load(path, return_rejected=True)
    row = df.iloc[0]
    assert (row.text, row.url, row.source) == ("\n\n".join(BRIDGE), "http://www.tolm.example/bridge", "tolm.example")
    assert row.published == pd.Timestamp("2009-01-02 03:05:06", tz="UTC")  # the ARC date: the page has none
    assert pd.isna(row.source_id)  # ARC records have no ids
    assert rejected.values.tolist() == [[f"{path}#record-1", "skipped: warcinfo record (about the file, not a page)"],
                                        [f"{path}#record-3", "skipped: HTTP status 404, not 200"]]


def two_pages(gzipped: bool) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzipped)
    w.write_record(response(w, "https://a.example/port", page("Port reopens", PORT)))
    w.write_record(response(w, "https://a.example/choir", page("Choir wins", CHOIR)))
    return buf.getvalue()


@pytest.mark.parametrize("gzipped", [True, False])
def test_truncated_file_keeps_earlier_records_and_says_so_once(tmp_path, gzipped):
    data = two_pages(gzipped)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(data[: len(data) - 40])  # cut inside the second record's page
    df, rejected = load(path, return_rejected=True)
    assert df.title.tolist() == ["Port reopens"]
    assert rejected.input.tolist() == [f"{path}#record-2"]
    assert rejected.reason.iloc[0].startswith("truncated or corrupt WARC data after record 1 (")
    report = df.attrs["load_report"]
    assert report["inputs_seen"] == report["loaded"] + report["rejected"] + report["duplicates_dropped"] == 2


@pytest.mark.parametrize("name,data,reason", [
    ("junk.warc.gz", b"\x1f\x8b\x08\x00not really gzip at all", "not a readable WARC or ARC file (Error -3 while decompressing data"),
    ("junk.warc", b"this is not a web archive\n", "not a readable WARC or ARC file (its first bytes, b'this is not', "),
    ("junk.arc", b"<html><body>a page</body></html>", "not a readable WARC or ARC file (its first bytes, b'<html><body'"),
    ("empty.warc", b"", "WARC file has no records"),
])
def test_not_a_web_archive_is_one_rejected_line(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    df, rejected = load(tmp_path / name, return_rejected=True)
    assert len(df) == 0
    assert rejected.input.tolist() == [str(tmp_path / name)]
    assert rejected.reason.iloc[0].startswith(reason)


def test_whole_file_gzip_is_read_too(tmp_path):
    (tmp_path / "one-member.warc.gz").write_bytes(gzip.compress(two_pages(False)))  # `gzip file.warc`
    assert load(tmp_path / "one-member.warc.gz").title.tolist() == ["Port reopens", "Choir wins"]


def test_detected_by_content_inside_a_zip_and_by_format(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("crawl/part-1.warc.gz", two_pages(True))
    (tmp_path / "bundle.zip").write_bytes(buf.getvalue())
    df = load(tmp_path / "bundle.zip")
    assert df.origin.tolist() == [f"{tmp_path / 'bundle.zip'}!crawl/part-1.warc.gz#record-{n}" for n in (1, 2)]
    (tmp_path / "crawl.dat").write_bytes(two_pages(True))  # a name that says nothing
    assert len(load(tmp_path / "crawl.dat", format="warc")) == 2
    assert len(load(tmp_path / "crawl.dat")) == 2  # gzip, then "WARC/" inside


def test_files_on_disk_stream_instead_of_being_read_whole(tmp_path, monkeypatch):
    (tmp_path / "a.warc.gz").write_bytes(two_pages(True))

    def refuse(self):
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert len(load(tmp_path / "a.warc.gz")) == 2


def test_many_files_become_dask_partitions(tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    from analysis.scale.distributed import read_warc

    (tmp_path / "a.warc.gz").write_bytes(mixed_warc(True))
    (tmp_path / "b.warc").write_bytes(two_pages(False))
    (tmp_path / "notes.txt").write_text("not an archive")  # left out: a folder gives its WARC/ARC files
    ddf = read_warc(tmp_path)
    assert isinstance(ddf, dd.DataFrame) and ddf.npartitions == 2
    got = ddf.compute(scheduler="sync")
    expected = pd.concat([quiet_load(tmp_path / "a.warc.gz"), quiet_load(tmp_path / "b.warc")])
    pd.testing.assert_frame_equal(got, expected)
    assert got.title.tolist() == ["Port reopens", "Choir wins", "Port reopens", "Choir wins"]
    with pytest.raises(FileNotFoundError):
        read_warc([tmp_path / "notes.txt"][0].parent / "*.nothing")


def test_gzip_content_encoding_is_undone(tmp_path):
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    body = gzip.compress(page("Port reopens", PORT).encode())
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                               protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://a.example/port", "response", payload=io.BytesIO(body),
                                        http_headers=headers))
    (tmp_path / "enc.warc.gz").write_bytes(buf.getvalue())
    assert load(tmp_path / "enc.warc.gz").text.tolist() == ["\n\n".join(PORT)]


def test_a_page_that_trips_the_extractor_costs_that_page_only(tmp_path, monkeypatch):
    import sys

    loader = sys.modules["analysis.ingest.load"]
    real = loader._parse_html

    def flaky(text, origin, **kwargs):
        if "Choir" in text:
            raise RuntimeError("parser bug")
        return real(text, origin, **kwargs)

    monkeypatch.setattr(loader, "_parse_html", flaky)
    (tmp_path / "two.warc.gz").write_bytes(two_pages(True))
    df, rejected = load(tmp_path / "two.warc.gz", return_rejected=True)
    assert df.title.tolist() == ["Port reopens"]
    assert rejected.values.tolist() == [[f"{tmp_path / 'two.warc.gz'}#record-2",
                                         "unexpected error while extracting the page (RuntimeError: parser bug)"]]


def many_pages(gzipped: bool, cut: int = 0) -> bytes:
    """The mixed file's eight records, then twelve article pages (each its own text), the last ``cut`` bytes cut."""
    buf = io.BytesIO(mixed_warc(gzipped))
    buf.seek(0, 2)
    w = WARCWriter(buf, gzip=gzipped)
    for i in range(12):
        story = [f"{s[:-1]} (report {i} from desk {i % 3})." for s in (PORT, CHOIR, BRIDGE)[i % 3]]
        w.write_record(response(w, f"https://news{i % 4}.example/story/{i}", page(f"Story {i}", story)))
    data = buf.getvalue()
    return data[: len(data) - cut]


@pytest.mark.parametrize("n_jobs", [1, 2])
@pytest.mark.parametrize("every", [1, 3, 7, 2000])
@pytest.mark.parametrize("gzipped,cut", [(True, 0), (False, 0), (False, 40), (True, 40)])
def test_pieces_equal_reading_the_file_whole(tmp_path, monkeypatch, gzipped, cut, every, n_jobs):
    """read_pieces reads the records here and extracts their pages in lists of ``every`` (in workers
    when n_jobs > 1): the records, rejections and accounting of reading the file whole, a cut one too."""
    from analysis.ingest import load as load_mod
    from analysis.ingest import warc

    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(many_pages(gzipped, cut))
    monkeypatch.setattr(warc, "PIECE_RECORDS", every)
    whole = load_mod._read_one((path, None, None))
    batches = list(load_mod.read_pieces(path, n_jobs=n_jobs))
    # lists of ``every`` (the damage found while reading the twentieth can join the nineteenth's list)
    assert -(-19 // every) <= len(batches) <= -(-20 // every) and max(b.seen for b in batches) <= every + 1
    assert [r for b in batches for r in b.records] == whole.records
    assert [x for b in batches for x in b.rejected] == whole.rejected
    assert sum(b.seen for b in batches) == whole.seen == 20
    assert len(whole.records) == 2 + 12 - (1 if cut else 0)
    if cut:
        assert whole.rejected[-1][0] == f"{path}#record-20"
        assert whole.rejected[-1][1].startswith("truncated or corrupt WARC data after record 19 (")


@pytest.mark.parametrize("name,data", [("junk.warc", b"this is not a web archive\n"), ("empty.warc", b"")])
def test_a_bad_archive_read_in_pieces_is_one_rejected_input(tmp_path, name, data):
    from analysis.ingest import load as load_mod

    path = tmp_path / name
    path.write_bytes(data)
    whole = load_mod._read_one((path, None, None))
    batches = list(load_mod.read_pieces(path, n_jobs=2))
    assert [x for b in batches for x in b.rejected] == whole.rejected and len(whole.rejected) == 1
    assert sum(b.seen for b in batches) == whole.seen == 1


def test_load_extracts_a_web_archive_on_all_cores_with_the_same_table(tmp_path, monkeypatch):
    from analysis.ingest import load as load_mod
    from analysis.ingest import warc

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(many_pages(True))
    (tmp_path / "note.txt").write_text("The river bridge in Tolm reopened to buses on Friday after repairs.",
                                       encoding="utf-8")
    monkeypatch.setattr(warc, "PIECE_RECORDS", 5)
    calls = []
    real = load_mod._pool_map

    def pool_map(fn, shared, tasks, workers):
        calls.append((fn.__name__, len(tasks), workers))
        return real(fn, shared, tasks, workers)

    monkeypatch.setattr(load_mod, "_pool_map", pool_map)
    one, rej_one = load(tmp_path, return_rejected=True, n_jobs=1)
    assert calls == []
    two, rej_two = load(tmp_path, return_rejected=True, n_jobs=2)
    assert calls == [("_extract_pages", 2, 2)] * 4  # 20 records in lists of 5, each in two processes
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(rej_one, rej_two)
    assert one.attrs["load_report"] == two.attrs["load_report"] == {
        "inputs_seen": 21, "loaded": 15, "rejected": 6, "duplicates_dropped": 0}
