"""Atomic file output shared by every stage that writes."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["write_parquet", "atomic_path", "code_fingerprint"]


class atomic_path:
    """Context manager giving a temporary path that replaces ``path`` on success.

    A crash or an exception leaves ``path`` as it was (absent or old), never half-written.
    The new file gets the mode the process umask gives any new file (0644 under
    umask 022), not the owner-only mode of :func:`tempfile.mkstemp`.

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
        self.tmp = _new_file(self.path.parent, prefix=f".{self.path.name}.", suffix=".part")
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def _new_file(folder: Path, *, prefix: str, suffix: str) -> Path:
    """Create an empty file with a unique name in ``folder``, mode 0666 less the umask (as ``open`` does)."""
    for _ in range(100):
        path = folder / f"{prefix}{secrets.token_hex(6)}{suffix}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(f"no unused temporary file name in {folder}")


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

    A name without a suffix is a Python module, by its path in the package
    (``"ingest/load"``); another source file of the package is named whole (``"_speedups.c"``).

    A cached result made by other code is never served, even before the
    version number is raised.

    Example
    -------
    >>> code_fingerprint("ingest/load", "ingest/clean").startswith(__import__("analysis").__version__ + "+")
    True
    """
    import hashlib
    from importlib.resources import files

    from . import __version__

    digest = hashlib.sha256()
    for name in modules:
        digest.update(files("analysis").joinpath(name if "." in name else f"{name}.py").read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
