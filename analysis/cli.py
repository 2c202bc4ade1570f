"""Command line: ``python -m analysis`` or ``news-analysis``.

Sub-commands::

    fetch                      download and verify the default corpus (once)
    load PATH... -o OUT        load any files/folders/globs into one Parquet table
    report [--corpus PATH]     the main job on the default corpus (or PATH)

Exit code 0 on success; on failure a one-line reason on stderr and exit code 1
(2 for bad usage).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


def _summary_lines(articles) -> list[str]:
    from .aggregate import corpus_summary

    s = corpus_summary(articles)
    rep = s["load_report"]
    span = (f"{s['first']:%Y-%m-%d} to {s['last']:%Y-%m-%d}" if s["first"] is not None else "no dates")
    top = ", ".join(f"{k} ({v})" for k, v in list(s["sources"].items())[:10])
    lines = [
        f"articles:  {s['articles']:,} ({s['words']:,} words)",
        f"outlets:   {len(s['sources'])}: {top}",
        f"published: {span}" + (f"; {s['undated']} undated" if s["undated"] else ""),
    ]
    if rep:
        lines.append(f"inputs:    {rep['inputs_seen']:,} seen, {rep['loaded']:,} loaded, "
                     f"{rep['rejected']:,} rejected, {rep['duplicates_dropped']:,} exact duplicates dropped")
    return lines


def _cmd_fetch(args) -> int:
    from .datasets import fetch

    print(fetch())
    return 0


def _cmd_load(args) -> int:
    from .io import write_parquet
    from .load import load

    articles, rejected = load(args.paths, format=args.format, return_rejected=True)
    write_parquet(articles, args.output)
    for line in _summary_lines(articles):
        print(line)
    if len(rejected):
        print(f"rejected:  {len(rejected)} input(s):")
        for row in rejected.itertuples():
            print(f"  {row.input}: {row.reason}")
    print(f"written:   {args.output}")
    return 0


def _cmd_report(args) -> int:
    from .datasets import data_dir, news_articles
    from .io import write_parquet
    from .load import load

    if args.corpus:
        articles, _ = load(args.corpus, return_rejected=True)
    else:
        articles = news_articles()
    out = Path(args.processed) if args.processed else data_dir() / "processed" / "articles.parquet"
    write_parquet(articles, out)
    for line in _summary_lines(articles):
        print(line)
    print(f"written:   {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="news-analysis", description="Load, score and report on news articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("fetch", help="download and verify the default corpus")
    p.set_defaults(func=_cmd_fetch)

    p = sub.add_parser("load", help="load files, folders or globs into one Parquet table")
    p.add_argument("paths", nargs="+", help="files, folders (read recursively) or glob patterns")
    p.add_argument("-o", "--output", required=True, help="Parquet file to write")
    p.add_argument("--format", default=None, help="force one input format (default: detect)")
    p.set_defaults(func=_cmd_load)

    p = sub.add_parser("report", help="the main job: load (and analyse) the default corpus or --corpus")
    p.add_argument("--corpus", nargs="+", default=None, help="files or folders instead of the default corpus")
    p.add_argument("--processed", default=None, help="where to write the article table "
                   "(default data/processed/articles.parquet)")
    p.set_defaults(func=_cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("news-analysis: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line, no traceback, for the command line
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"news-analysis {args.command}: error: {reason}", file=sys.stderr)
        return 1
