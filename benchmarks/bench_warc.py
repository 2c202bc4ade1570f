"""WARC loading: read speed (warcio vs FastWARC), read + extract speed, and extraction quality.

A gzipped WARC (one gzip member per record, as Common Crawl writes them) is
generated from the default corpus: a ``warcinfo`` record, then for each article
a ``request`` record and a ``response`` holding the article as an HTML page
with a title, an ``article:published_time`` meta tag, a navigation bar, a
header, a "related stories" aside and a footer around the article's
paragraphs (the text split into paragraphs of three sentences), in three
layouts (see :func:`page_html`: an ``<article>``; ``<div>`` s with a promo and
a caption inside the story; ``<div>`` s with readers' comments after it). The
article text is the known main text.

Figures, all from one run:

* read only, warcio vs FastWARC (when installed): records/s iterating the file
  and reading every record's payload - the step the two libraries compete on
  (and warcio as :mod:`analysis.warc` runs it, over Python's gzip module);
* ``analysis.load`` of the file (read + HTML extraction + cleaning + duplicates):
  records/s and articles/s, in one process and on every core (the pages of one
  file extracted in pieces, one per process; the two tables must be equal);
* quality: the share of pages whose loaded text contains the article's first and
  its last sentence, and the mean character-weighted overlap between loaded and
  known text (2 x characters in matching word runs / characters of both; 1.0 is
  identical), plus the share whose ``published`` is the meta tag's day; for
  all pages and per layout. ``load`` runs as users run it, page furniture
  removal included: on the default corpus the pages that miss their last
  sentence lose a repeated "Source: AFP news agency" credit line to that step
  (one outlet here, so the line is repeated across it), not to extraction.

    python benchmarks/bench_warc.py            # 3,000 pages
    python benchmarks/bench_warc.py --n 500
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import sys
import tempfile
import time
import warnings
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from corpus import replicate  # noqa: E402

from analysis.ingest.datasets import news_articles  # noqa: E402
from analysis.ingest.load import load  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘])|(?<=[.!?][\"”’'])\s+(?=[A-Z\"“‘])")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


LAYOUTS = ("article", "div+promo", "div+comments")


def page_html(row, i: int) -> str:
    """One article as a news page: the known text in <p> paragraphs inside page boilerplate.

    Pages cycle through :data:`LAYOUTS`: an ``<article>`` element; plain ``<div>`` s
    with a newsletter promo and a photo caption between paragraphs; ``<div>`` s
    followed by readers' comments.
    """
    sents = sentences(row.text)
    paragraphs = [html.escape(" ".join(sents[j:j + 3])) for j in range(0, len(sents), 3)]
    title = html.escape(row.title if isinstance(row.title, str) else f"Story {i}")
    date = row.published.strftime("%Y-%m-%dT%H:%M:%SZ") if pd.notna(row.published) else ""
    layout = LAYOUTS[i % len(LAYOUTS)]
    ps = [f"<p>{p}</p>" for p in paragraphs]
    if layout == "article":
        main = f'<article><h1>{title}</h1><div class="byline">By Staff Reporter</div>{"".join(ps)}</article>'
    elif layout == "div+promo":
        ps.insert(1, '<div class="promo"><p>Sign up for our morning newsletter and get the day\'s top stories '
                     'in your inbox.</p></div><figure><img src="/p.jpg" alt=""><figcaption>A file photo of '
                     "the city centre.</figcaption></figure>")
        main = f'<div id="main"><h1>{title}</h1><div class="story-body">{"".join(ps)}</div></div>'
    else:
        main = (f'<div class="post"><h1 class="entry-title">{title}</h1><div class="entry-content">{"".join(ps)}'
                '</div><section id="comments" class="comments"><h3>3 comments</h3>'
                '<div class="comment"><p>Great piece, thanks for reporting this.</p></div>'
                '<div class="comment"><p>I disagree with most of this article.</p></div></section></div>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The Daily Example</title>
<meta property="article:published_time" content="{date}">
<meta name="viewport" content="width=device-width"></head>
<body><header><div class="logo">The Daily Example</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main>{main}
<aside><h2>Related stories</h2><ul><li><a href="/a">Markets close higher on trade hopes</a></li>
<li><a href="/b">Weather warning issued for the weekend</a></li></ul></aside></main>
<footer><p>&copy; 2017 The Daily Example. All rights reserved.</p><p><a href="/privacy">Privacy</a> |
<a href="/terms">Terms of use</a> | <a href="/contact">Contact us</a></p></footer></body></html>"""


def write_warc(articles: pd.DataFrame, path: Path) -> tuple[int, dict[str, pd.Series]]:
    """The WARC file; returns its number of records and the known article per URL."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    known = {}
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "bench_warc"}))
        n = 1
        for i, row in enumerate(articles.itertuples()):
            url = f"https://www.daily-example.test/news/{i}"
            request = StatusAndHeaders(f"GET /news/{i} HTTP/1.1", [("Host", "www.daily-example.test")],
                                       is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", http_headers=http,
                                                payload=io.BytesIO(page_html(row, i).encode("utf-8")),
                                                warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z"}))
            known[url] = row
            n += 2
    return n, known


def read_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            record.content_stream().read()
            n += 1
    return n


def read_warcio_as_loaded(path: Path) -> int:
    """warcio over the gzip stream ``analysis.warc`` gives it (Python's gzip: any member layout)."""
    from warcio.archiveiterator import ArchiveIterator

    from analysis.ingest.warc import _Source

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(_Source(fh)):
            record.content_stream().read()
            n += 1
    return n


def read_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            record.reader.read()
            n += 1
    return n


def overlap(got: str, want: str) -> float:
    """2 x characters in matching word runs / characters of both texts (1.0: the same words)."""
    a, b = got.split(), want.split()
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(sum(len(w) + 1 for w in a[i:i + size]) for i, _, size in matcher.get_matching_blocks())
    total = sum(len(w) + 1 for w in a) + sum(len(w) + 1 for w in b)
    return 2 * matched / total if total else 1.0


def quality(loaded: pd.DataFrame, known: dict) -> dict[str, float]:
    """Shares over all known pages (a page not loaded counts as a miss and as overlap 0)."""
    both, overlap_sum, dated = 0, 0.0, 0
    for row in loaded.itertuples():
        want = known[row.url]
        got = " ".join(str(row.text).split())
        sents = sentences(want.text)
        both += sents[0] in got and sents[-1] in got
        overlap_sum += overlap(got, " ".join(want.text.split()))
        dated += bool(pd.notna(want.published) and row.published == want.published.normalize())
    n = len(known)
    return {"first_and_last": both / n, "overlap": overlap_sum / n, "dated": dated / n, "loaded": len(loaded) / n}


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def run(n: int = 3000) -> list[tuple[str, str, str, str]]:
    corpus = news_articles()
    articles = corpus.head(n) if n <= len(corpus) else replicate(corpus, n)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        n_records, known = write_warc(articles, path)
        size = f"{n_records:,} records, {path.stat().st_size / 2**20:.1f} MiB gz"
        speeds = {}
        for name, reader in (("warcio", read_warcio), ("warcio as analysis.warc reads", read_warcio_as_loaded),
                             ("fastwarc", read_fastwarc)):
            try:
                best = min(timed(reader, path)[1] for _ in range(3))
            except ImportError:
                rows.append((f"read only, {name}", size, "-", "not installed (pip install fastwarc)"))
                continue
            speeds[name] = n_records / best
            rows.append((f"read only, {name}", size, f"{best:.2f} s", f"{speeds[name]:,.0f} records/s"))
        if "fastwarc" in speeds:
            rows.append(("fastwarc / warcio read speed", "", "", f"{speeds['fastwarc'] / speeds['warcio']:.1f}x"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            (one, _), one_secs = timed(load, path, return_rejected=True, n_jobs=1)
            (loaded, rejected), secs = timed(load, path, return_rejected=True, n_jobs=-1)
        # the same table either way: pages extracted in pieces on every core change nothing
        pd.testing.assert_frame_equal(one, loaded)
        rows.append(("analysis.load (read + extract), n_jobs=1", size, f"{one_secs:.1f} s",
                     f"{n_records / one_secs:,.0f} records/s, {len(one) / one_secs:,.1f} articles/s"))
        rows.append((f"analysis.load (read + extract), n_jobs=-1 ({os.cpu_count()} cores)", size, f"{secs:.1f} s",
                     f"{n_records / secs:,.0f} records/s, {len(loaded) / secs:,.1f} articles/s, "
                     f"{one_secs / secs:.2f}x one process"))
        if speeds:
            share = (n_records / speeds["warcio as analysis.warc reads"]) / one_secs
            rows.append(("reading's share of load time (one process)", "", "", f"{share:.1%}"))
        rows.append(("records rejected", "", "", f"{len(rejected):,} ({(rejected.reason.str.startswith('skipped:')).sum():,} "
                     "skipped: requests, warcinfo)"))
        urls = list(known)
        for layout in ("all", *LAYOUTS):
            part = urls if layout == "all" else urls[LAYOUTS.index(layout)::len(LAYOUTS)]
            q = quality(loaded[loaded.url.isin(set(part))], {u: known[u] for u in part})
            rows.append((f"quality, {layout} pages", f"{len(part):,} pages", "",
                         f"loaded {q['loaded']:.1%}, first+last sentence {q['first_and_last']:.1%}, "
                         f"overlap {q['overlap']:.3f}, date {q['dated']:.1%}"))
    return rows


if __name__ == "__main__":
    from run import print_table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="pages in the generated WARC (default 3000)")
    print_table(run(parser.parse_args().n), "WARC: read, extract, quality")
