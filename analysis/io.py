"""Atomic file output shared by every stage that writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["write_parquet", "atomic_path", "code_fingerprint"]


class atomic_path:
    """Context manager giving a temporary path that replaces ``path`` on success.

    A crash or an exception leaves ``path`` as it was (absent or old), never half-written.

    Example
    -------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def __enter__(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def write_parquet(df: pd.DataFrame, path: str | os.PathLike, *, schema: Any = None) -> Path:
    """Write ``df`` to Parquet atomically (its ``attrs`` travel in the file's metadata).

    ``schema``: a ``pyarrow.Schema`` for the file (parts of one table written
    separately then share their column types, even a part with no rows).
    """
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False, schema=schema)
    return Path(path)


def code_fingerprint(*modules: str) -> str:
    """The package version plus a hash of the named modules' source, for cache keys.

    A name without a suffix is a Python module (``"load"``); another source
    file of the package is named whole (``"_speedups.c"``).

    A cached result made by other code is never served, even before the
    version number is raised.

    Example
    -------
    >>> code_fingerprint("load", "clean").startswith(__import__("analysis").__version__ + "+")
    True
    """
    import hashlib
    from importlib.resources import files

    from . import __version__

    digest = hashlib.sha256()
    for name in modules:
        digest.update(files("analysis").joinpath(name if "." in name else f"{name}.py").read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
