"""Benchmark corpora made from the default corpus.

``replicate(articles, n)`` gives ``n`` articles with distinct ids and lightly
varied text (a marker sentence and one word swap per copy) so that caches and
de-duplication cannot shortcut the work; ``write_raw_files`` writes one
scraped-shape text file per article, as users' raw inputs look.

    python benchmarks/corpus.py --n 100000 --raw OUT_DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.schema import make_article_id

_SWAPS = [("said", "stated"), ("the", "the"), ("has", "had"), ("will", "would"), ("on", "upon")]


def replicate(articles: pd.DataFrame, n: int, *, start: int = 0) -> pd.DataFrame:
    """``n`` rows cycling through ``articles``, each copy's text made distinct.

    ``start``: the rows ``start`` to ``start + n - 1`` of the longer replica (to write a large one in blocks).
    """
    base = articles.reset_index(drop=True)
    reps = base.iloc[[i % len(base) for i in range(start, start + n)]].reset_index(drop=True)
    texts = []
    for i, text in enumerate(reps["text"].tolist(), start):
        copy = i // len(base)
        if copy:
            old, new = _SWAPS[copy % len(_SWAPS)]
            text = text.replace(f" {old} ", f" {new} ", 1) + f"\n\nEdition {copy} of this report, number {i}."
        texts.append(text)
    reps["text"] = pd.Series(texts, dtype="string")
    reps["article_id"] = reps["text"].map(make_article_id).astype("string")
    reps["n_words"] = reps["text"].str.split().str.len().astype("int64")
    return reps


def raw_page(row) -> str:
    """One article in the scraped-page shape (timestamp, headline, caption, dateline, credits, furniture)."""
    when = row.published.strftime("%B %d, %Y / %I:%M %p") if pd.notna(row.published) else ""
    title = row.title if isinstance(row.title, str) else "Untitled"
    paragraphs = str(row.text).split("\n\n")
    paragraphs[0] = f"LONDON (Reuters) - {paragraphs[0]}"
    return "\n\n".join([
        f"{when} / 2 years ago", title,
        "A file photo shows a street scene in the city. REUTERS/Staff Photographer",
        *paragraphs,
        "Reporting by Ann Writer; Editing by Bob Editor",
        "0 : 0\n  \u2022 narrow-browser-and-phone\n  \u2022 medium-browser-and-portrait-tablet\n  \u2022 wide-browser-and-larger",
    ])


def _write_pages(articles: pd.DataFrame, folder: Path, page, suffix: str, per_folder: int) -> int:
    folder = Path(folder)
    for i, row in enumerate(articles.itertuples()):
        sub = folder / f"{i // per_folder:04d}"
        if i % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:07d}{suffix}").write_text(page(row), encoding="utf-8")
    return len(articles)


def write_raw_files(articles: pd.DataFrame, folder: Path, *, per_folder: int = 1000) -> int:
    """Write one ``.txt`` page per article under ``folder`` (sub-folders of ``per_folder``)."""
    return _write_pages(articles, folder, raw_page, ".txt", per_folder)


def html_page(row) -> str:
    """One article as a news site's HTML page (title, date metadata, menu, article, footer)."""
    from html import escape

    title = escape(row.title if isinstance(row.title, str) else "Untitled")
    when = row.published.isoformat() if pd.notna(row.published) else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in str(row.text).split("\n\n"))
    return (f'<!DOCTYPE html>\n<html><head><title>{title}</title>'
            f'<meta property="article:published_time" content="{when}"></head>\n<body>'
            '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>\n'
            f'<article><h1>{title}</h1>\n{body}\n</article>\n'
            '<footer><p>Copyright 2017 The Daily Example. All rights reserved.</p></footer></body></html>')


def write_html_files(articles: pd.DataFrame, folder: Path, *, per_folder: int = 1000) -> int:
    """Write one ``.html`` page per article under ``folder`` (sub-folders of ``per_folder``)."""
    return _write_pages(articles, folder, html_page, ".html", per_folder)


def main(argv=None) -> int:
    from analysis.ingest.datasets import news_articles

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--parquet", help="write the replicated table here")
    p.add_argument("--raw", help="write one raw page per article under this folder")
    args = p.parse_args(argv)
    df = replicate(news_articles(), args.n)
    if args.parquet:
        df.to_parquet(args.parquet, index=False)
    if args.raw:
        write_raw_files(df, Path(args.raw))
    print(f"{len(df):,} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
