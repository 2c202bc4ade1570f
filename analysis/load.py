"""Load any collection of news articles into one tidy DataFrame.

:func:`load` takes files, folders, globs, lists of them or a DataFrame and
returns one row per article in the schema of :mod:`analysis.schema`. Every
input is accounted for: it is loaded, dropped as an exact duplicate, or listed
as rejected with its reason, and ``attrs["load_report"]`` holds the counts::

    inputs_seen == loaded + rejected + duplicates_dropped

An *input* is one record: a raw page or HTML file, one row of a table, one line
of a JSON Lines file; a whole file counts as one input when it is rejected as a
whole (binary, malformed, no text column, ...).
"""

from __future__ import annotations

import bz2
import csv
import glob as globmod
import gzip
import hashlib
import io
import itertools
import json
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import urlsplit

import pandas as pd

from .clean import clean_text, normalise_for_dedup
from .dedupe import near_duplicates, signature
from .schema import COLUMNS, conform, empty_articles, make_article_id

__all__ = ["load", "LoadError", "FORMATS", "decode", "ALIASES"]

FORMATS = ("raw", "html", "csv", "tsv", "json", "jsonl", "parquet", "zip", "gzip")

#: Recognised column names of table inputs, per schema column (compared case-insensitively,
#: with spaces and dashes read as underscores).
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "head", "name"),
    "text": ("text", "body", "content", "maintext", "main_text", "article", "article_text",
             "article_body", "articlebody", "story", "full_text", "fulltext", "description"),
    "published": ("published", "date", "publish_date", "published_at", "publishdate", "pubdate",
                  "pub_date", "date_publish", "publication_date", "datetime", "timestamp", "time",
                  "created_at", "date_published", "datepublished"),
    "url": ("url", "link", "article_source_link", "source_url", "href", "article_url", "permalink", "uri"),
    "source": ("source", "outlet", "publisher", "source_name", "site", "site_name", "sitename",
               "publication", "newspaper", "media"),
    "authors": ("authors", "author", "byline", "by", "writer", "writers"),
    "dateline": ("dateline",),
    "source_id": ("source_id", "id", "article_id", "doc_id", "docid", "uuid", "guid", "key"),
}

_MAX_MEMBER = 1 << 30  # 1 GiB decompressed: beyond that an archive member is rejected (zip bomb)
_EXT = {
    ".txt": "raw", ".text": "raw", ".md": "raw", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet", ".zip": "zip", ".gz": "gzip", ".gzip": "gzip",
    ".bz2": "bz2",
}


class LoadError(ValueError):
    """Raised by ``load(..., strict=True)`` when any input is rejected; lists them all."""

    def __init__(self, rejected: pd.DataFrame):
        self.rejected = rejected
        lines = [f"  {r.input}: {r.reason}" for r in rejected.itertuples()]
        super().__init__(f"{len(rejected)} input(s) rejected:\n" + "\n".join(lines))


class _Reject(Exception):
    """One input cannot be loaded; the message is the reason."""


@dataclass
class _Batch:
    records: list[dict] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


# --------------------------------------------------------------------------- entry point


def load(
    source: Any,
    *,
    format: str | None = None,
    columns: Mapping[str, str] | None = None,
    strict: bool = False,
    return_rejected: bool = False,
):
    """Load news articles from files, folders, globs, lists of them, or a DataFrame.

    Parameters
    ----------
    source:
        A path (file or folder, read recursively), a glob pattern, a list of
        these, or a DataFrame with a text column to normalise.
    format:
        Force one of :data:`FORMATS` for every file; by default each file's
        format is detected from its content and extension. Gzip, bzip2 and zip
        wrappers are always detected.
    columns:
        For table inputs, which input column plays which schema role, e.g.
        ``{"text": "story", "published": "date_utc"}``. Overrides :data:`ALIASES`.
    strict:
        Raise :class:`LoadError` listing every rejected input instead of warning.
    return_rejected:
        Return ``(articles, rejected)``, ``rejected`` having columns ``input`` and ``reason``.

    Returns
    -------
    pandas.DataFrame
        One row per article, columns as documented in :mod:`analysis.schema`.
        ``attrs["load_report"]`` has ``inputs_seen``, ``loaded``, ``rejected``
        and ``duplicates_dropped``.

    Raises
    ------
    FileNotFoundError
        A named path does not exist (or a glob matches nothing).

    Example
    -------
    >>> import pandas as pd
    >>> df = load(pd.DataFrame({"headline": ["Talks resume"], "body": ["Envoys met again."]}))
    >>> df[["title", "text", "n_words"]].values.tolist()
    [['Talks resume', 'Envoys met again.', 3]]
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {format!r}")
    if columns is not None:
        unknown = [k for k in columns if k not in COLUMNS]
        if unknown:
            raise ValueError(f"columns= keys must be schema columns {list(COLUMNS)}; unknown: {unknown}")
    batch = _Batch()
    items = list(_expand(source))
    files = [i for i in items if isinstance(i, Path)]
    workers = _workers(len(files))
    if workers > 1:
        read = _parallel_reader(files, format, columns, workers)
    for item in items:
        if isinstance(item, pd.DataFrame):
            part = _Batch()
            _read_table(item, "DataFrame", columns, part)
            part = _prepare(part)
        elif isinstance(item, _Problem):
            part = _Batch(rejected=[(item.origin, item.reason)])
        elif workers > 1:
            part = next(read)
        else:
            part = _read_one((item, format, columns))
        batch.records.extend(part.records)
        batch.rejected.extend(part.rejected)
    articles, rejected, n_dupes = _assemble(batch)
    report = {
        "inputs_seen": len(articles) + len(rejected) + n_dupes,
        "loaded": len(articles),
        "rejected": len(rejected),
        "duplicates_dropped": n_dupes,
    }
    articles.attrs["load_report"] = report
    if len(rejected):
        if strict:
            raise LoadError(rejected)
        if not return_rejected:
            warnings.warn(
                f"{len(rejected)} input(s) rejected (first: {rejected.input.iloc[0]}: "
                f"{rejected.reason.iloc[0]}); call load(..., return_rejected=True) to list them all",
                stacklevel=2,
            )
    return (articles, rejected) if return_rejected else articles


# --------------------------------------------------------------------------- inputs


_PARALLEL_FROM = 400  # files; below this, worker start-up costs more than it saves


def _workers(n_files: int) -> int:
    if n_files < _PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, n_files // (_PARALLEL_FROM // 2)))


def _read_one(args) -> _Batch:
    """Read, parse and prepare one file (runs in a worker process for large folders)."""
    path, format, columns = args
    batch = _Batch()
    _read_file(path, format, columns, batch)
    return _prepare(batch)


def _parallel_reader(files: list[Path], format, columns, workers: int) -> Iterator[_Batch]:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_read_one, [(f, format, columns) for f in files], chunksize=64)



def _expand(source: Any) -> Iterator[Path | pd.DataFrame | _Problem]:
    if isinstance(source, pd.DataFrame):
        yield source
        return
    if isinstance(source, (str, os.PathLike)):
        yield from _expand_path(source)
        return
    if isinstance(source, Iterable):
        for item in source:
            yield from _expand(item)
        return
    raise TypeError(f"cannot load from {type(source).__name__}: give a path, glob, list or DataFrame")


def _expand_path(source: str | os.PathLike) -> Iterator[Path | _Problem]:
    path = Path(source).expanduser()
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from _walk(path)
    elif isinstance(source, str) and globmod.has_magic(source):
        matches = sorted(globmod.glob(os.path.expanduser(source), recursive=True))
        if not matches:
            raise FileNotFoundError(f"no file matches the pattern {source!r}")
        for m in matches:
            yield from _expand_path(m)
    elif path.exists() or path.is_symlink():
        yield path  # a broken link or special file: rejected with its reason when read
    else:
        raise FileNotFoundError(f"no such file or folder: {str(source)!r}")


def _walk(folder: Path) -> Iterator[Path | _Problem]:
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            st = current.stat()
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop or a folder reached twice
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            yield _Problem(str(current), f"folder cannot be read ({exc.strerror or exc})")
            continue
        subdirs = []
        for e in entries:
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(Path(e.path))
            else:
                yield Path(e.path)
        stack.extend(reversed(subdirs))


@dataclass(frozen=True)
class _Problem:
    """An input found unusable while listing folders (reported as rejected)."""

    origin: str
    reason: str


def _read_file(path: Path, format: str | None, columns, batch: _Batch) -> None:
    origin = str(path)
    try:
        if path.is_dir():
            return
        if not path.exists():
            raise _Reject("broken link or missing file")
        data = path.read_bytes()
    except _Reject as exc:
        batch.rejected.append((origin, str(exc)))
        return
    except OSError as exc:
        batch.rejected.append((origin, f"cannot be read ({exc.strerror or exc})"))
        return
    _read_bytes(data, path.name, origin, format, columns, batch)


def _read_bytes(data: bytes, name: str, origin: str, format: str | None, columns, batch: _Batch) -> None:
    try:
        kind = _detect(data, name) if format in (None, "zip", "gzip") else format
        if kind in ("zip", "gzip", "bz2"):
            inner_format = None if format in ("zip", "gzip") else format
            _read_archive(kind, data, name, origin, inner_format, columns, batch)
        elif kind in ("raw", "html"):
            text = decode(data)
            record = _parse_page(text, origin) if kind == "raw" else _parse_html(text, origin)
            batch.records.append(record)
        else:
            _read_table(_parse_table(kind, data, origin, batch), origin, columns, batch)
    except _Reject as exc:
        batch.rejected.append((origin, str(exc)))


def _detect(data: bytes, name: str) -> str:
    if not data.strip():
        raise _Reject("empty file")
    head = data[:4]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bz2"
    if head == b"PAR1":
        return "parquet"
    ext = Path(name.lower()).suffix
    by_ext = _EXT.get(ext)
    if by_ext in ("zip", "gzip", "bz2", "parquet"):
        raise _Reject(f"not a valid {by_ext} file (its first bytes do not match)")
    sample = decode(data[:4096], partial=True).lstrip("\ufeff \t\r\n")
    low = sample[:1024].lower()
    if low.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in low or "<article" in low:
        return "html"
    if by_ext in ("json", "jsonl", "csv", "tsv", "html"):
        return by_ext
    if sample.startswith(("{", "[")):
        first = sample.split("\n", 1)[0].strip()
        return "jsonl" if first.startswith("{") and first.endswith("}") and "\n{" in sample else "json"
    if by_ext in (None, "raw") and _looks_tabular(sample):
        return "tsv" if sample.split("\n", 1)[0].count("\t") > sample.split("\n", 1)[0].count(",") else "csv"
    return "raw"


def _looks_tabular(sample: str) -> bool:
    """A header naming a text column, then rows of the same width (quoted newlines allowed)."""
    for sep in (",", "\t"):
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(sample), delimiter=sep), 8))
        except csv.Error:
            continue
        if len(rows) < 2 or len(rows[0]) < 2:
            continue
        header = {_key(c) for c in rows[0]}
        complete = rows[1:-1] or rows[1:]
        if header & set(ALIASES["text"]) and all(len(r) == len(rows[0]) for r in complete[:1]):
            return True
    return False


def decode(data: bytes, *, partial: bool = False) -> str:
    """Decode bytes of any common encoding to text; raise for binary content.

    UTF-8 (with or without BOM), UTF-16/32 (with BOM, or UTF-16 without one),
    then legacy single-byte text (detected with charset-normalizer, cp1252 by
    default). Undecodable bytes never raise: they become U+FFFD.

    Example
    -------
    >>> decode("Café".encode("cp1252")), decode("Café".encode("utf-16"))
    ('Café', 'Café')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                     (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    if b"\x00" in data[:4096]:
        sample = data[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) * 0.3 and even < len(sample) * 0.05:
            return data.decode("utf-16-le", "replace")
        if even > len(sample) * 0.3 and odd < len(sample) * 0.05:
            return data.decode("utf-16-be", "replace")
        raise _Reject("binary content (NUL bytes in a non-UTF-16 file)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3:  # a character cut by the sample's end
            return data[: exc.start].decode("utf-8")
    controls = sum(data.count(bytes([b])) for b in (1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27))
    if controls > max(8, len(data) // 100):
        raise _Reject("binary content (control bytes)")
    encoding = "cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        if best is not None and best.encoding and best.encoding.replace("_", "").lower() not in ("utf8", "ascii"):
            encoding = best.encoding
    except Exception:  # detection is a hint only
        pass
    return data.decode(encoding, "replace")


def _read_archive(kind: str, data: bytes, name: str, origin: str, format, columns, batch: _Batch) -> None:
    if kind in ("gzip", "bz2"):
        try:
            with (gzip.GzipFile(fileobj=io.BytesIO(data)) if kind == "gzip" else bz2.BZ2File(io.BytesIO(data))) as fh:
                inner = fh.read(_MAX_MEMBER + 1)
        except (OSError, EOFError, ValueError) as exc:
            raise _Reject(f"truncated or corrupt {kind} data ({exc})") from None
        if len(inner) > _MAX_MEMBER:
            raise _Reject(f"decompresses to more than {_MAX_MEMBER >> 20} MiB (possible compression bomb)")
        inner_name = name[: -len(Path(name).suffix)] if Path(name).suffix.lower() in (".gz", ".gzip", ".bz2") else name
        _read_bytes(inner, inner_name, origin, format, columns, batch)
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _Reject(f"truncated or corrupt zip archive ({exc})") from None
    if not members:
        raise _Reject("zip archive has no files")
    total = 0
    for info in members:
        member_origin = f"{origin}!{info.filename}"
        if info.file_size > _MAX_MEMBER or total + info.file_size > 4 * _MAX_MEMBER:
            batch.rejected.append((member_origin, "member too large when decompressed (possible zip bomb)"))
            continue
        try:
            with archive.open(info) as fh:
                inner = fh.read(_MAX_MEMBER + 1)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
            batch.rejected.append((member_origin, f"cannot be extracted ({exc})"))
            continue
        if len(inner) > _MAX_MEMBER:
            batch.rejected.append((member_origin, "member too large when decompressed (possible zip bomb)"))
            continue
        total += len(inner)
        _read_bytes(inner, Path(info.filename).name, member_origin, format, columns, batch)


# --------------------------------------------------------------------------- pages


def _parse_page(text: str, origin: str) -> dict:
    from .rawpage import parse_page

    page = parse_page(text, origin=origin)
    return {
        "title": page.get("title"),
        "text": page.get("text") or "",
        "published": page.get("published"),
        "url": page.get("url"),
        "source": page.get("source"),
        "dateline": page.get("dateline"),
        "authors": page.get("authors") or [],
        "origin": origin,
    }


def _parse_html(text: str, origin: str) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        raise _Reject("HTML page has no extractable article text")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = meta.get("text") or ""
    title = meta.get("title")
    if title and body.startswith(title):
        body = body[len(title):].lstrip("\n")
    authors = [a.strip() for a in re.split(r";|\band\b|,", meta.get("author") or "") if a.strip()]
    return {
        "title": title,
        "text": "\n\n".join(p.strip() for p in body.split("\n") if p.strip()),
        "published": meta.get("date"),
        "url": meta.get("url"),
        "source": meta.get("sitename") or meta.get("hostname"),
        "dateline": None,
        "authors": authors,
        "origin": origin,
    }


# --------------------------------------------------------------------------- tables


def _parse_table(kind: str, data: bytes, origin: str, batch: _Batch) -> pd.DataFrame:
    if kind == "parquet":
        try:
            return pd.read_parquet(io.BytesIO(data))
        except Exception as exc:  # pyarrow raises many types
            raise _Reject(f"unreadable Parquet ({type(exc).__name__}: {exc})") from None
    text = decode(data)
    if kind == "json":
        return _json_table(text)
    if kind == "jsonl":
        return _jsonl_table(text, origin, batch)
    return _csv_table(text, "\t" if kind == "tsv" else ",", origin, batch)


def _json_table(text: str) -> pd.DataFrame:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Reject(f"malformed JSON on line {exc.lineno} ({exc.msg})") from None
    if isinstance(obj, dict):
        lists = [v for k, v in obj.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            obj = lists[0]
        elif any(k.lower() in ALIASES["text"] for k in obj):
            obj = [obj]
        else:
            raise _Reject(f"JSON object is not an article and holds no list of articles; keys are {list(obj)[:10]}")
    if not isinstance(obj, list):
        raise _Reject(f"JSON is not a list of objects (top level is {type(obj).__name__})")
    if not obj:
        raise _Reject("JSON list is empty")
    bad = [i for i, x in enumerate(obj) if not isinstance(x, dict)]
    if bad:
        raise _Reject(f"JSON is not a list of objects (item {bad[0]} is {type(obj[bad[0]]).__name__})")
    return pd.DataFrame.from_records(obj)


def _jsonl_table(text: str, origin: str, batch: _Batch) -> pd.DataFrame:
    rows, lines = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            batch.rejected.append((f"{origin}:line {n}", f"malformed JSON on line {n} ({exc.msg})"))
            continue
        if not isinstance(obj, dict):
            batch.rejected.append((f"{origin}:line {n}", f"line {n} is a JSON {type(obj).__name__}, not an object"))
            continue
        rows.append(obj)
        lines.append(n)
    if not rows:
        raise _Reject("JSON Lines file has no valid object lines")
    df = pd.DataFrame.from_records(rows)
    df.attrs["record_label"] = [f"line {n}" for n in lines]
    return df


def _csv_table(text: str, sep: str, origin: str, batch: _Batch) -> pd.DataFrame:
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, index_col=False,
                           on_bad_lines="error", engine="c")
    except pd.errors.EmptyDataError:
        raise _Reject("CSV has no header or rows") from None
    except (pd.errors.ParserError, ValueError, csv.Error):
        pass
    bad: list[str] = []

    def keep_bad(fields: list[str]) -> None:
        bad.append(sep.join(fields)[:60])
        return None

    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, index_col=False,
                         on_bad_lines=keep_bad, engine="python")
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        raise _Reject(f"malformed CSV ({str(exc).strip().splitlines()[-1]})") from None
    for i, snippet in enumerate(bad, start=1):
        batch.rejected.append((f"{origin}:bad row {i}", f"ragged row (wrong number of fields): {snippet!r}"))
    return df


def _key(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _map_columns(df: pd.DataFrame, columns: Mapping[str, str] | None, origin: str) -> dict[str, str]:
    keys = {_key(c): c for c in df.columns}
    mapping: dict[str, str] = {}
    for role, names in ALIASES.items():
        for name in names:
            if name in keys and keys[name] not in mapping.values():
                mapping[role] = keys[name]
                break
    for role, col in (columns or {}).items():
        if col not in df.columns:
            raise _Reject(f"columns= names {col!r} for {role!r}, but the columns are {list(map(str, df.columns))}")
        mapping[role] = col
    if "text" not in mapping:
        raise _Reject(f"no text column; columns are {list(map(str, df.columns))}")
    return mapping


def _read_table(df: pd.DataFrame, origin: str, columns, batch: _Batch) -> None:
    try:
        mapping = _map_columns(df, columns, origin)
    except _Reject as exc:
        batch.rejected.append((origin, str(exc)))
        return
    labels = df.attrs.get("record_label") or [f"row {i + 1}" for i in range(len(df))]
    if origin == "DataFrame":
        labels = [f"index {i}" for i in df.index]
    used = set(mapping.values())
    extra = [c for c in df.columns if c not in used and c not in COLUMNS]
    role_values = {role: df[col].tolist() for role, col in mapping.items()}
    extra_values = {str(c): df[c].tolist() for c in extra}
    for i, label in enumerate(labels):
        record = {role: _scalar(values[i]) for role, values in role_values.items()}
        record.update({c: values[i] for c, values in extra_values.items()})
        record["origin"] = f"{origin}:{label}"
        batch.records.append(record)


def _scalar(value: Any) -> Any:
    if isinstance(value, float) and value != value:
        return None
    return value


# --------------------------------------------------------------------------- assembly


def _domain(url: Any) -> str | None:
    if not isinstance(url, str) or "." not in url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _dates(values: list[Any]) -> pd.Series:
    s = pd.Series(values, dtype=object)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")
    stamps = s.map(lambda v: isinstance(v, (pd.Timestamp,)) or hasattr(v, "tzinfo") and not isinstance(v, str))
    numbers = s.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v == v)
    strings = s.map(lambda v: isinstance(v, str) and bool(v.strip()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if stamps.any():
            out[stamps] = pd.to_datetime(s[stamps], utc=True, errors="coerce")
        if numbers.any():  # epoch seconds (or milliseconds when large)
            num = pd.to_numeric(s[numbers])
            unit_ms = num.abs() > 1e11
            conv = pd.Series(pd.NaT, index=num.index, dtype="datetime64[ns, UTC]")
            conv[~unit_ms] = pd.to_datetime(num[~unit_ms], unit="s", utc=True, errors="coerce")
            conv[unit_ms] = pd.to_datetime(num[unit_ms], unit="ms", utc=True, errors="coerce")
            out[numbers] = conv
        if strings.any():
            text = s[strings].str.strip()
            parsed = pd.to_datetime(text, utc=True, errors="coerce")
            missing = parsed.isna()
            if missing.any():
                parsed[missing] = pd.to_datetime(text[missing], utc=True, errors="coerce", format="mixed")
            out[strings] = parsed
    return out


def _prepare(batch: _Batch) -> _Batch:
    """Clean each record's text, reject the empty ones, and compute its duplicate keys."""
    out = _Batch(rejected=list(batch.rejected))
    for rec in batch.records:
        raw = rec.get("text")
        raw = "" if raw is None or raw is pd.NA or (isinstance(raw, float) and raw != raw) else str(raw)
        text, repaired, lost = clean_text(raw)
        if not text:
            out.rejected.append((rec["origin"], "empty text" if not raw.strip() else "no article text after cleaning"))
            continue
        rec = dict(rec)
        rec["text"] = text
        rec["n_repaired"] = repaired
        rec["n_unrepairable"] = lost
        rec["n_words"] = len(text.split())
        rec["article_id"] = make_article_id(text)
        rec["_exact"] = hashlib.sha256(normalise_for_dedup(text).encode("utf-8", "surrogatepass")).digest()
        rec["_minhash"] = signature(text)
        out.records.append(rec)
    return out


def _assemble(batch: _Batch) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    rows: list[dict] = []
    seen: set[bytes] = set()
    n_dupes = 0
    for rec in batch.records:
        if rec["_exact"] in seen:
            n_dupes += 1
            continue
        seen.add(rec["_exact"])
        rows.append(rec)
    rejected_df = pd.DataFrame(batch.rejected, columns=["input", "reason"]).astype("string")
    if not rows:
        return empty_articles(), rejected_df, n_dupes
    signatures = [r.pop("_minhash") for r in rows]
    for r in rows:
        del r["_exact"]
    df = pd.DataFrame.from_records(rows)
    for col in ("title", "url", "source", "dateline", "source_id"):
        if col in df:
            df[col] = df[col].map(_text_or_none)
    df["published"] = _dates(df["published"].tolist() if "published" in df else [None] * len(df))
    urls = df["url"] if "url" in df else pd.Series([None] * len(df))
    fallback = urls.map(_domain)
    df["source"] = df["source"].where(df["source"].notna(), fallback) if "source" in df else fallback
    twins = near_duplicates(df["text"].tolist(), signatures=signatures)
    ids = df["article_id"].tolist()
    df["near_duplicate_of"] = [None if j is None else ids[j] for j in twins]
    return conform(df), rejected_df, n_dupes


def _text_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = " ".join(str(value).split())
    return text or None
