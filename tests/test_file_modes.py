"""Every file the package writes gets the mode the umask gives (0644 under 022), not mkstemp's 0600."""

from __future__ import annotations

import os
import stat
import sys

import pandas as pd
import pyarrow as pa
import pytest

from analysis.scale.cache import Cache, text_key
from analysis.io import atomic_path, write_parquet

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture(params=[0o022, 0o027, 0o077])
def umask(request):
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_atomic_path_gives_the_umask_mode(tmp_path, umask):
    target = tmp_path / "page.html"
    with atomic_path(target) as tmp:
        assert _mode(tmp) == 0o666 & ~umask  # already while being written
        tmp.write_text("<p>done</p>")
    assert _mode(target) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left


def test_replacing_a_file_gives_the_umask_mode(tmp_path, umask):
    target = tmp_path / "out.txt"
    target.write_text("old")
    os.chmod(target, 0o600)
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new" and _mode(target) == 0o666 & ~umask


def test_parquet_and_cache_files_get_the_umask_mode(tmp_path, umask):
    path = write_parquet(pd.DataFrame({"a": [1, 2]}), tmp_path / "t" / "part-00000.parquet")
    assert _mode(path) == 0o666 & ~umask
    store = Cache(tmp_path / "cache").store("demo", {"version": 1})
    store.write([text_key("Some text.")], pa.table({"n": [3]}))
    written = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert written and {_mode(p) for p in written} == {0o666 & ~umask}, written


def test_a_failed_write_leaves_nothing(tmp_path, umask):
    with pytest.raises(RuntimeError):
        with atomic_path(tmp_path / "x.txt") as tmp:
            tmp.write_text("half")
            raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []
