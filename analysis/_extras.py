"""Optional dependencies: a clear one-line message naming the extra to install when one is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["need"]


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
