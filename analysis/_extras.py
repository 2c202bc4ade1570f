"""Optional dependencies: a clear one-line message naming the extra to install when one is missing."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Mapping

__all__ = ["need", "speedups"]


def need(extra: str, module: str, *, what: str) -> ModuleType:
    """Import ``module``, or raise ImportError saying which extra of news-analysis provides it.

    Example
    -------
    >>> need("lab", "json", what="this").__name__
    'json'
    >>> need("lab", "no_such_module_here", what="news-analysis report")
    Traceback (most recent call last):
    ...
    ImportError: news-analysis report needs the [lab] extra (no_such_module_here is not installed): pip install 'news-analysis[lab]'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or module
        raise ImportError(f"{what} needs the [{extra}] extra ({missing} is not installed): "
                          f"pip install 'news-analysis[{extra}]'") from exc


def speedups(env: str, expected: Mapping[str, object], *, fallback: str) -> ModuleType | None:
    """``analysis._speedups`` if built and its ``expected`` attributes (kernel versions) match, else None.

    ``$env=python`` forces None (the pure-Python code); ``=c`` requires the
    compiled module: ImportError when it is not built or stale. Unset, a stale
    module is a RuntimeWarning and None (``fallback`` says what runs instead).

    Example
    -------
    >>> import os
    >>> os.environ["EXAMPLE_KERNEL"] = "python"
    >>> speedups("EXAMPLE_KERNEL", {}, fallback="the Python code") is None
    True
    >>> os.environ["EXAMPLE_KERNEL"] = "fortran"
    >>> speedups("EXAMPLE_KERNEL", {}, fallback="the Python code")
    Traceback (most recent call last):
    ...
    ValueError: EXAMPLE_KERNEL must be 'c' or 'python', not 'fortran'
    >>> del os.environ["EXAMPLE_KERNEL"]
    """
    import os

    wanted = os.environ.get(env, "").strip().lower()
    if wanted not in ("", "c", "python"):
        raise ValueError(f"{env} must be 'c' or 'python', not {wanted!r}")
    if wanted == "python":
        return None
    try:
        from . import _speedups
    except ImportError as exc:
        if wanted == "c":
            raise ImportError(f"{env}=c but the compiled kernel analysis._speedups is not built "
                              "(a C compiler is needed at install time: pip install -e .)") from exc
        return None
    stale = [f"{name} {getattr(_speedups, name, None)}, expected {want}" for name, want in expected.items()
             if getattr(_speedups, name, None) != want]
    if not stale:
        return _speedups
    problem = f"analysis._speedups is stale ({'; '.join(stale)}): rebuild it with pip install -e ."
    if wanted == "c":
        raise ImportError(problem)
    import warnings

    warnings.warn(f"{problem}; using {fallback}", RuntimeWarning, stacklevel=3)
    return None
