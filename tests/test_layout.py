"""The package's layout: modules grouped by stage in sub-packages, reachable by their short names."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

import analysis

# every module that moved into a stage's sub-package, by its former name ``analysis.<name>``
MOVED = {
    "ingest": ["dedupe", "furniture", "rawpage", "warc", "feeds", "language", "datasets"],
    "score": ["sentiment", "tone", "themes", "actors", "events", "segment", "match"],
    "aggregate": ["compare"],
    "present": ["plots", "narrate", "pages", "explorer_page", "report"],
    "scale": ["stream", "distributed", "cache"],
}
CASES = [(stage, name) for stage, names in MOVED.items() for name in names]


@pytest.mark.parametrize(("stage", "name"), CASES)
def test_short_name_is_the_stage_module(stage, name):
    module = importlib.import_module(f"analysis.{stage}.{name}")
    assert getattr(analysis, name) is module
    assert getattr(__import__("analysis", fromlist=[name]), name) is module  # from analysis import <name>


@pytest.mark.parametrize("name", ["load", "clean", "analyze", "analyze_all", "explore", "keywords", "topics"])
def test_public_functions_stay_functions(name):
    assert isinstance(getattr(analysis, name), types.FunctionType)
    assert name in analysis.__all__


def test_aggregate_package_gives_the_former_module_names():
    tables = importlib.import_module("analysis.aggregate.tables")
    for name in tables.__all__:
        assert getattr(analysis.aggregate, name) is getattr(tables, name)
    from analysis.aggregate import compare, corpus_summary  # a module of the stage and a former name side by side

    assert corpus_summary is tables.corpus_summary
    assert compare is importlib.import_module("analysis.aggregate.compare")


@pytest.mark.parametrize("owner", ["analysis", "analysis.aggregate"])
def test_unknown_name_is_an_attribute_error(owner):
    with pytest.raises(AttributeError, match=f"module '{owner}' has no attribute 'nonesuch'"):
        getattr(importlib.import_module(owner), "nonesuch")


def test_import_stays_cheap():
    code = ("import sys, analysis; "
            "print(sorted(m for m in ('matplotlib', 'dask', 'sklearn', 'scipy', 'analysis.present.plots') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
