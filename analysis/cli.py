"""Command line: ``python -m analysis`` or ``news-analysis``.

Sub-commands::

    fetch                             download and verify the default corpus (once)
    load PATH... -o OUT               load any files/folders/globs into one Parquet table
    analyze IN... -o OUT [--sentences S] [--evidence E] [--actors A] [--events DIR] [--cache DIR] [--chunk-size N]
                                      score articles (a Parquet table from `load`, or any inputs);
                                      a folder or several inputs with OUT a folder: streamed in chunks
    report [--corpus PATH...] [--out DIR]
                                      the main job: analyse, execute the notebooks, render HTML

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


def _streams(args) -> bool:
    """Several inputs or a folder, written to a folder (no .parquet suffix): stream in chunks."""
    import glob

    if Path(args.output).suffix.lower() in (".parquet", ".pq"):
        return False
    return len(args.inputs) > 1 or Path(args.inputs[0]).is_dir() or glob.has_magic(args.inputs[0])


def _cmd_analyze_stream(args) -> int:
    from .stream import analyze_files

    flags = {"sentences": args.sentences, "evidence": args.evidence, "actor_sentiment": args.actors,
             "sanction_events": args.events, "un_votes": args.events}
    tables = ["articles"] + [name for name, value in flags.items() if value]
    summary = analyze_files(args.inputs, args.output, chunk_size=args.chunk_size, themes=args.lexicon,
                            vader=args.vader, n_jobs=args.jobs, cache=args.cache,
                            progress=None if args.progress else False, tables=tables,
                            languages=args.languages or None)
    print(f"inputs:    {summary['inputs_seen']:,} seen, {summary['loaded']:,} loaded, "
          f"{summary['rejected']:,} rejected, {summary['duplicates_dropped']:,} exact duplicates dropped")
    if summary["loaded"] == 0:
        raise ValueError(f"no articles loaded from {', '.join(args.inputs)} ({summary['rejected']} input(s) rejected)")
    if args.languages:
        print(f"language:  {summary['left_out_note']} (scored: {', '.join(args.languages)})")
    for name in tables:
        print(f"written:   {Path(args.output) / name}/ ({summary['rows'][name]:,} rows in {summary['parts']} part(s))")
    print(f"written:   {Path(args.output) / 'rejected.parquet'}")
    return 0


def _cmd_analyze(args) -> int:
    from .analyze import analyze, analyze_all
    from .io import write_parquet
    from .load import load

    if _streams(args):
        return _cmd_analyze_stream(args)
    articles, rejected = load(args.inputs, return_rejected=True)
    if articles.empty:
        raise ValueError(f"no articles loaded from {', '.join(args.inputs)} ({len(rejected)} input(s) rejected)")
    if args.languages:
        from .language import keep_languages, left_out_note

        articles, left_out = keep_languages(articles, args.languages, keep_unknown=True)
        print(f"language:  {left_out_note(left_out)} (scored: {', '.join(args.languages)})")
    extra = {"sentences": args.sentences, "evidence": args.evidence, "actor_sentiment": args.actors}
    if args.events:
        if Path(args.events).suffix.lower() in (".parquet", ".pq") or Path(args.events).is_file():
            raise ValueError(f"--events {args.events}: give a folder (sanction_events.parquet and un_votes.parquet "
                             "are written in it)")
        extra.update({name: str(Path(args.events) / f"{name}.parquet") for name in ("sanction_events", "un_votes")})
    progress = None if args.progress else False
    if any(extra.values()):
        tables = analyze_all(articles, vader=args.vader, n_jobs=args.jobs, progress=progress,
                             themes=args.lexicon, cache=args.cache)
        scored = tables.articles
        for name, path in extra.items():
            if path:
                write_parquet(getattr(tables, name), path)
                print(f"written:   {path} ({len(getattr(tables, name)):,} rows)")
    else:
        scored = analyze(articles, vader=args.vader, n_jobs=args.jobs, progress=progress, themes=args.lexicon,
                         cache=args.cache)
    write_parquet(scored, args.output)
    themes = [c[:-5] for c in scored.columns if c.endswith("_hits")]
    shares = ", ".join(f"{t} {scored[t].mean():.1%}" for t in themes)
    print(f"scored:    {len(scored):,} articles; mean polarity {scored['polarity'].mean():+.3f}; themes: {shares}")
    print(f"written:   {args.output}")
    return 0


def _cmd_report(args) -> int:
    from .datasets import data_dir
    from .report import build, export_articles, prepare

    progress = None if args.progress else False
    index = build(args.corpus, out=args.out, start=args.start, end=args.end, outlets=args.outlets,
                  n_jobs=args.jobs, cache=args.cache, progress=progress, force=args.force,
                  with_code=args.with_code, scheduler=args.scheduler)
    bundle = prepare(args.corpus, n_jobs=args.jobs, cache=args.cache)  # the analysis just made: read, not scored
    articles = bundle.articles
    articles.attrs["load_report"] = bundle.info.get("load_report", {})
    out = Path(args.processed) if args.processed else data_dir() / "processed" / "articles.parquet"
    export_articles(bundle, out)
    for line in _summary_lines(articles):
        print(line)
    print(f"written:   {out}")
    print(f"report:    {index}")
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

    p = sub.add_parser("analyze", help="score articles: sentiment, themes with evidence, actors")
    p.add_argument("inputs", nargs="+", help="a Parquet table from `load`, or any files/folders/globs")
    p.add_argument("-o", "--output", required=True, help="Parquet file for the scored articles; with a folder or "
                   "several inputs, a folder (no .parquet suffix) streams in chunks and writes Parquet parts there")
    p.add_argument("--sentences", help="also write the sentence table here (Parquet; when streaming, give any "
                   "value: it goes to OUT/sentences/)")
    p.add_argument("--evidence", help="also write the theme evidence table here (Parquet)")
    p.add_argument("--actors", help="also write the actor sentiment table here (Parquet)")
    p.add_argument("--events", help="also write event records to this folder: sanction_events.parquet (who sanctions "
                   "whom) and un_votes.parquet (when streaming, give any value: they go to OUT/sanction_events/ and "
                   "OUT/un_votes/)")
    p.add_argument("--vader", action="store_true", help="add VADER scores and disagreement flags")
    p.add_argument("--languages", nargs="*", default=["en"], help="score only articles detected in these languages "
                   "(ISO 639-1; default en; articles too short to tell are scored); give no value to score all")
    p.add_argument("--lexicon", help="a theme lexicon file (TOML/JSON) adding or overriding themes")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (-1: one per core)")
    p.add_argument("--cache", default=None, help="result cache folder: articles scored before are not scored "
                   "again (default: $NEWS_ANALYSIS_CACHE if set)")
    p.add_argument("--chunk-size", type=int, default=5000, help="articles per chunk when streaming (default 5000)")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    p.set_defaults(func=_cmd_analyze)

    p = sub.add_parser("report", help="the main job: analyse, execute the notebooks and render them to HTML")
    p.add_argument("--corpus", nargs="+", default=None, help="files or folders instead of the default corpus")
    p.add_argument("--out", default="reports", help="folder for the rendered report (default: reports)")
    p.add_argument("--start", help="first publication date to include (YYYY-MM-DD)")
    p.add_argument("--end", help="last publication date to include (YYYY-MM-DD)")
    p.add_argument("--outlets", nargs="+", help="only these sources (as in the source column)")
    p.add_argument("--processed", default=None, help="where to write the analysed article table, text included "
                   "(default data/processed/articles.parquet)")
    p.add_argument("-j", "--jobs", type=int, default=-1, help="worker processes for the analysis (default -1: one "
                   "per core)")
    p.add_argument("--cache", default=None, help="result cache folder: articles scored before are not scored again "
                   "(default: $NEWS_ANALYSIS_CACHE if set)")
    p.add_argument("--force", action="store_true", help="make every page again, even those that are up to date")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="score on a Dask cluster: a scheduler "
                   "address (tcp://host:8786) or 'local' for a local cluster of one worker per core")
    p.add_argument("--with-code", action="store_true", help="keep the notebooks' code cells in the pages")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
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
