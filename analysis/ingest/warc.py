"""Web archives as articles: WARC and ARC files (Common Crawl News and other crawls).

:func:`analysis.load` hands every ``.warc``, ``.warc.gz``, ``.arc`` and
``.arc.gz`` file (or any file whose content starts like one) to
:func:`read_records`, which streams the file record by record: memory holds one
record's page at a time, never the file, so a 1 GB CC-NEWS file loads in the
memory of its articles. Each record is one *input* of the loader's accounting
(``inputs_seen == loaded + rejected + duplicates_dropped``):

* an **HTTP 200 response with an HTML content type** (``text/html``,
  ``application/xhtml+xml``; a response without a content type whose body looks
  like HTML; a ``resource`` record holding HTML) goes through the loader's HTML
  extraction (``analysis.ingest.load._parse_html``: lxml + trafilatura). Its ``url`` is
  the record's ``WARC-Target-URI``, ``source`` that URL's host (``www.``
  dropped), ``source_id`` the ``WARC-Record-ID`` (none for ARC records, which
  have no ids), ``origin`` ``FILE#record-N`` (N counts every record from 1).
  ``published`` is the date in the page's own metadata and markup (meta tags,
  JSON-LD, ``<time>`` elements...), else the record's ``WARC-Date`` (the time
  of the crawl). The page is searched without htmldate's *extensive* guesses
  (copyright years, the first date-like text), which would put a footer's
  "(c) 2024" before the crawl time.
* every other record is **rejected with a reason** starting ``skipped:`` -
  ``warcinfo``, ``request``, ``metadata``, ``revisit`` (no page stored again),
  ``conversion``/``continuation`` records, non-HTTP responses (``dns:``),
  HTTP statuses other than 200, and content types other than HTML - so that
  ``rejected`` lists what each file held besides articles. Pages that yield no
  article text are rejected with the extractor's reason, pages over
  ``analysis.ingest.load.MAX_TEXT_BYTES`` with that limit's name.
* a file that is **truncated or corrupt** keeps the records read before the
  damage and adds one rejected line, ``FILE#record-N: truncated or corrupt WARC
  data after record N-1 (...)``; a file that is not readable from its start
  (``FILE: not a readable WARC or ARC file (...)``) or has no records is one
  rejected input.

``MAX_FILE_BYTES`` and the archive limits do not apply to these files: they
stream, and only one page (at most ``MAX_TEXT_BYTES``, however large its
record or its content-encoding claims) is in memory at a time.

Reader: `warcio <https://github.com/webrecorder/warcio>`_ (Webrecorder; pure
Python, reads WARC 1.0/1.1 and ARC, gzipped per record or not, and writes
WARC). It was chosen over FastWARC (Resiliparse, compiled) by measurement:
``python benchmarks/bench_warc.py`` (a gzipped WARC of 3,000 news pages and
their requests, 6,001 records) reads with FastWARC about 4 times as fast as
with warcio (warcio: 12,000 to 25,000 records/s on the shared 2-core machine
it was measured on), but ``analysis.load`` of the same file (reading, HTML
extraction with trafilatura, cleaning, duplicates) is about 40 times slower
than warcio's reading (130 to 250 articles/s): reading is 2-3% of the time,
so FastWARC would save at most that. FastWARC cannot read ARC files ("Invalid WARC header"),
so it would need warcio beside it anyway; warcio alone reads both and writes
the tests' WARC files (neither writes ARC: the tests write those by hand). Whole-file gzip (``gzip file.warc``, not one
gzip member per record, which warcio refuses) is read too: gzip is undone by
Python's ``gzip`` module, which streams over any number of members (at warcio's
own speed, within 10%).

Example
-------
>>> import io
>>> from warcio.warcwriter import WARCWriter
>>> from warcio.statusandheaders import StatusAndHeaders
>>> buf = io.BytesIO()
>>> writer = WARCWriter(buf, gzip=True)
>>> page = (b"<html><head><title>Port reopens</title></head><body><article>"
...         b"<p>The port of Larsk reopened on Monday after a week of repairs to its cranes.</p>"
...         b"</article></body></html>")
>>> http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
>>> writer.write_record(writer.create_warc_record("https://www.larsk.example/port", "response",
...     payload=io.BytesIO(page), http_headers=http, warc_headers_dict={"WARC-Date": "2024-03-04T05:06:07Z"}))
>>> _ = buf.seek(0)
>>> import analysis, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "crawl.warc.gz"
>>> _ = path.write_bytes(buf.getvalue())
>>> df = analysis.load(path)
>>> df[["source", "url", "title", "text"]].values.tolist()
[['larsk.example', 'https://www.larsk.example/port', 'Port reopens', 'The port of Larsk reopened on Monday after a week of repairs to its cranes.']]
>>> str(df.published[0]), df.origin[0].endswith("crawl.warc.gz#record-1")
('2024-03-04 05:06:07+00:00', True)
"""

from __future__ import annotations

import codecs
import gzip
import importlib
import zlib
from typing import IO, Any, Iterator

__all__ = ["read_records", "pages", "extract", "kind_from_name", "HTML_TYPES"]

#: Content types (without parameters) read as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_loader = importlib.import_module(".load", __package__)  # the module (``analysis.load`` is the function)

_SUFFIXES = {".warc": "warc", ".arc": "arc", ".warc.gz": "warc", ".arc.gz": "arc", ".warc.gzip": "warc",
             ".arc.gzip": "arc"}

_SKIPPED_TYPES = {
    "warcinfo": "skipped: warcinfo record (about the file, not a page)",
    "request": "skipped: request record, not a response",
    "metadata": "skipped: metadata record, not a response",
    "revisit": "skipped: revisit record (the page is not stored again)",
    "conversion": "skipped: conversion record, not a response",
    "continuation": "skipped: continuation record (a segment of an earlier record)",
}


def kind_from_name(name: str) -> str | None:
    """``"warc"`` or ``"arc"`` when a file name says so (``.warc``, ``.warc.gz``, ``.arc.gz``...), else None.

    Example
    -------
    >>> kind_from_name("CC-NEWS-20240101-00001.warc.gz"), kind_from_name("old.ARC"), kind_from_name("a.gz")
    ('warc', 'arc', None)
    """
    low = name.lower()
    for suffix, kind in _SUFFIXES.items():
        if low.endswith(suffix):
            return kind
    return None


def read_records(stream: IO[bytes], origin: str, batch: Any) -> None:
    """Stream the records of a WARC or ARC file into a loader batch.

    Parameters
    ----------
    stream:
        The file, opened for binary reading (plain or gzipped; read once, front to back).
    origin:
        The file's label; records are ``origin#record-N``.
    batch:
        The loader's ``_Batch``: articles go to ``batch.records``, everything else to
        ``batch.rejected`` as ``(input, reason)``.

    Example
    -------
    >>> import io
    >>> from analysis.ingest.load import _Batch
    >>> batch = _Batch()
    >>> read_records(io.BytesIO(b"WARC/1.0\\r\\nWARC-Type: warcinfo\\r\\nContent-Length: 0\\r\\n\\r\\n\\r\\n\\r\\n"),
    ...              "x.warc", batch)
    >>> batch.records, batch.rejected
    ([], [('x.warc#record-1', 'skipped: warcinfo record (about the file, not a page)')])
    """
    for items in pages(stream, origin):
        for item in items:
            out = extract(item)
            if isinstance(out, dict):
                batch.records.append(out)
            else:
                batch.rejected.append(out)


#: Records per list that :func:`pages` yields (the pages of a list are extracted together, in workers
#: when the loader has several).
PIECE_RECORDS = 2000


def pages(stream: IO[bytes], origin: str, *, every: int | None = None) -> Iterator[list]:
    """The records of a WARC or ARC file, read but not extracted, in lists of about ``every``
    (default :data:`PIECE_RECORDS`).

    Each item is a page to :func:`extract` (a dict: its label, URL, record id, crawl date, body
    and charset) or ``(label, reason)`` for a record or a file rejected in reading (skipped
    record types, statuses and content types; a truncated or unreadable file). Reading is
    the cheap part (2-3% of loading a page); extraction, the rest, may run anywhere, so a
    large file is extracted on all cores (:func:`analysis.ingest.load.read_pieces`).
    ``read_records`` is ``extract`` of every item, in order.

    Example
    -------
    >>> import io
    >>> items = list(pages(io.BytesIO(b"WARC/1.0\\r\\nWARC-Type: request\\r\\nContent-Length: 0\\r\\n\\r\\n\\r\\n\\r\\n"),
    ...                    "x.warc"))
    >>> items
    [[('x.warc#record-1', 'skipped: request record, not a response')]]
    """
    from warcio.archiveiterator import ArchiveIterator

    every = every or PIECE_RECORDS
    done = 0  # records read to their end and accounted for
    record = None
    kind = "WARC"
    pending: list = []
    try:
        source = _Source(stream)
        kind = source.kind
        records = iter(ArchiveIterator(source, arc2warc=True))
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            label = f"{origin}#record-{done + 1}"
            try:
                pending.append(_fetch(record, label, arc=kind == "ARC"))
            except _loader._Reject as exc:
                pending.append((label, str(exc)))
            except (_Damaged, MemoryError):
                raise
            except Exception as exc:  # one record that trips the reader costs that record only
                pending.append((label, f"unexpected error while extracting the page "
                                       f"({type(exc).__name__}: {str(exc)[:200]})"))
            done += 1
            if len(pending) > every:  # the last item stays: it may be taken back below
                yield pending[:-1]
                pending = pending[-1:]
        # an uncompressed file cut inside a record's body ends without an error: its block is short
        if record is not None and getattr(record.raw_stream, "limit", 0) > 0:
            done -= 1
            pending.pop()
            raise _Damaged(f"the file ends {record.raw_stream.limit} byte(s) before the end of record {done + 1}")
    except Exception as exc:  # warcio, gzip and zlib raise many types for damaged files
        if isinstance(exc, MemoryError):
            raise
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        if done == 0:
            pending.append((origin, f"not a readable WARC or ARC file ({detail})"))
        else:
            pending.append((f"{origin}#record-{done + 1}",
                            f"truncated or corrupt {kind} data after record {done} ({detail})"))
    else:
        if done == 0:
            pending.append((origin, f"{kind} file has no records"))
    if pending:
        yield pending


def extract(item: dict | tuple) -> dict | tuple[str, str]:
    """The article (the loader's record) of a page from :func:`pages`, or ``(label, reason)``
    when it has none; an item rejected in reading is returned as it is."""
    if not isinstance(item, dict):
        return item
    try:
        return _extracted(item)
    except _loader._Reject as exc:
        return (item["label"], str(exc))
    except MemoryError:
        raise
    except Exception as exc:  # one page that trips the extractor costs that page only
        return (item["label"], f"unexpected error while extracting the page "
                               f"({type(exc).__name__}: {str(exc)[:200]})")


class _Damaged(Exception):
    """The file itself (not one page's encoding) is truncated or corrupt: no record after this is read."""


class _Source:
    """The file for warcio: gzip undone by Python's ``gzip`` (one member per record or one for all),
    and its errors made :class:`_Damaged` (warcio takes a plain ``EOFError`` for the end of the file)."""

    def __init__(self, stream: IO[bytes]) -> None:
        head = stream.read(11)
        stream.seek(-len(head), 1)
        self._stream: Any = stream
        if head.startswith(b"\x1f\x8b"):
            self._stream = gzip.GzipFile(fileobj=stream, mode="rb")
            try:
                head = self._stream.peek(11)[:11]
            except (OSError, EOFError, zlib.error) as exc:
                raise _Damaged(str(exc) or type(exc).__name__) from None
        #: "ARC" for files of ARC records (they begin with a filedesc:// record), else "WARC"
        self.kind = "ARC" if head.startswith(b"filedesc://") else "WARC"
        if head and not head.startswith((b"WARC/", b"filedesc://")):  # warcio would take any line for ARC
            raise _Damaged(f"its first bytes, {head!r}, are not a WARC or ARC record header")
        # read1: whatever is ready, so that a truncated gzip member cannot hide the intact records before it
        self._read = getattr(self._stream, "read1", self._stream.read)

    def read(self, size: int = -1) -> bytes:
        try:
            return self._read(size)
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            raise _Damaged(str(exc) or type(exc).__name__) from None


def _fetch(record: Any, label: str, *, arc: bool) -> dict:
    """A page to extract from a WARC record (its body read); ``_Reject`` with the reason otherwise."""
    rec_type = record.rec_type
    if rec_type in _SKIPPED_TYPES:
        raise _loader._Reject(_SKIPPED_TYPES[rec_type])
    if rec_type == "response":
        http = record.http_headers
        if http is None:
            raise _loader._Reject("skipped: response without HTTP headers (not a web page)")
        status = http.get_statuscode()
        if status != "200":
            raise _loader._Reject(f"skipped: HTTP status {status or 'missing'}, not 200")
        content_type = http.get_header("Content-Type")
    elif rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        raise _loader._Reject(f"skipped: {rec_type} record, not a response")
    mime, charset = _content_type(content_type)
    if mime is not None and mime not in HTML_TYPES:
        raise _loader._Reject(f"skipped: content type {mime}, not HTML")  # its body is never read
    payload = _payload(record)
    if mime is None and not _looks_html(payload):
        raise _loader._Reject("skipped: no content type, and the body is not HTML")
    headers = record.rec_headers
    return {"label": label, "url": headers.get_header("WARC-Target-URI"), "payload": payload, "charset": charset,
            # warcio makes random ids for ARC records
            "record_id": None if arc else headers.get_header("WARC-Record-ID"),
            "date": headers.get_header("WARC-Date")}


def _extracted(page: dict) -> dict:
    """One article record (the loader's shape) from a page of :func:`_fetch`; ``_Reject`` with the reason."""
    text = _text(page["payload"], page["charset"])
    if not text.strip():
        raise _loader._Reject("empty page")
    url = page["url"]
    article = _loader._parse_html(text, page["label"], extensive_dates=False)
    article.update(url=url, source=_loader._domain(url), source_id=page["record_id"],
                   published=article.get("published") or page["date"])
    return article


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """``("text/html", "utf-8")`` from ``"text/html; charset=UTF-8"``; Nones when absent."""
    if not value or not value.strip():
        return None, None
    mime, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _payload(record: Any) -> bytes:
    """The page's bytes (transfer and content encodings undone), at most ``MAX_TEXT_BYTES``."""
    limit = _loader.MAX_TEXT_BYTES
    try:
        data = record.content_stream().read(limit + 1)
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        # a damaged chunked or compressed body: this page is lost, the file's next records are not
        raise _loader._Reject(f"page body cannot be decoded ({type(exc).__name__}: {str(exc)[:100]})") from None
    if len(data) > limit:
        raise _loader._Reject(f"page is over the MAX_TEXT_BYTES limit of {_loader._size(limit)} per article")
    return data


def _looks_html(payload: bytes) -> bool:
    try:
        return _loader._detect(payload[:4096], "") == "html"
    except _loader._Reject:
        return False


def _text(payload: bytes, charset: str | None) -> str:
    """The page as text: UTF-8 when it is valid UTF-8, else the declared charset, else the loader's guess."""
    if charset:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            codec = None
        if codec and codec != "utf-8":
            try:
                payload.decode("utf-8")  # pages declared Latin-1 but written in UTF-8 are common
            except UnicodeDecodeError:
                return payload.decode(codec, "replace")
    return _loader.decode(payload)
