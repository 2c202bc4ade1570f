"""The committed form of the notebooks: as JupyterLab saves them, without outputs or machine details.

JupyterLab saves through jupyter-server's contents manager, which writes
``nbformat.write(nb, version=NO_CONVERT)``: JSON with keys sorted, indent 1,
non-ASCII kept, a trailing newline, nbformat 4.5 with cell ids. The form kept
in git is that, with:

- no outputs and no execution counts (they are made by ``make report``);
- the project's kernel in ``metadata.kernelspec`` (``news-analysis``, as
  ``make lab`` registers it) and ipykernel's ``language_info`` without its
  ``version`` (the Python version differs from machine to machine);
- no view state (scrolled or collapsed outputs, timings, widget state) and no
  papermill records (its metadata and its ``injected-parameters`` cell).

The git clean filter named in ``.gitattributes`` runs this on every notebook
that is added or compared, so opening and running a notebook in Lab leaves
git clean unless the cells themselves are edited::

    git config filter.notebook.clean "python -m analysis.notebook_form --filter"

Command line::

    python -m analysis.notebook_form notebooks/*.ipynb          # rewrite in the committed form
    python -m analysis.notebook_form --check notebooks/*.ipynb  # exit 1 naming those that are not
    python -m analysis.notebook_form --filter < in.ipynb > out.ipynb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["canonical", "normalise", "KERNELSPEC", "LANGUAGE_INFO", "main"]

#: ``metadata.kernelspec`` as Lab writes it for the kernel ``make lab`` registers.
KERNELSPEC = {"display_name": "news-analysis", "language": "python", "name": "news-analysis"}
#: ``metadata.language_info`` as ipykernel reports it (and Lab writes it), less the machine's Python version.
LANGUAGE_INFO = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                 "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                 "pygments_lexer": "ipython3"}
_NOTEBOOK_KEYS_DROPPED = ("widgets", "papermill", "toc", "varInspector")
_CELL_KEYS_DROPPED = ("collapsed", "scrolled", "execution", "ExecuteTime", "papermill", "jp-MarkdownHeadingCollapsed",
                      "heading_collapsed", "hidden", "jupyter")


def _nbformat():
    from ._extras import need

    return need("lab", "nbformat", what="analysis.notebook_form")


def normalise(nb: Any) -> Any:
    """A copy of notebook ``nb`` (a ``NotebookNode``, nbformat 4) in the committed form.

    Example
    -------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", execution_count=3,
    ...     outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)])])
    >>> clean = normalise(nb)
    >>> clean.cells[0].outputs, clean.cells[0].execution_count, clean.metadata.kernelspec["name"]
    ([], None, 'news-analysis')
    >>> len(nb.cells[0].outputs)  # the input is left as it was
    1
    """
    import copy

    nbformat = _nbformat()
    nb = copy.deepcopy(nb)
    if nb.get("nbformat") != 4:
        raise ValueError(f"notebook format {nb.get('nbformat')}: only nbformat 4 notebooks are kept in this project")
    nb.nbformat_minor = max(nb.get("nbformat_minor", 0), 5)  # 4.5: cell ids, as Lab writes
    for key in _NOTEBOOK_KEYS_DROPPED:
        nb.metadata.pop(key, None)
    nb.metadata["kernelspec"] = nbformat.from_dict(KERNELSPEC)
    nb.metadata["language_info"] = nbformat.from_dict(LANGUAGE_INFO)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        cell.setdefault("id", nbformat.v4.new_code_cell().id)
        for key in _CELL_KEYS_DROPPED:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def canonical(text: str) -> str:
    """Notebook JSON ``text`` in the committed form, written exactly as Lab's contents manager writes it.

    Example
    -------
    >>> import nbformat
    >>> text = canonical(nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")])))
    >>> text.endswith("}\\n"), canonical(text) == text
    (True, True)
    """
    nbformat = _nbformat()
    try:
        nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    except Exception as exc:  # nbformat raises several kinds for unreadable JSON
        raise ValueError(f"not a notebook: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}") from exc
    out = nbformat.writes(normalise(nb), version=nbformat.NO_CONVERT)
    return out if out.endswith("\n") else out + "\n"  # nbformat.write adds the newline


def main(argv: list[str] | None = None) -> int:
    """Rewrite, check or filter notebooks; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m analysis.notebook_form",
                                     description="Put notebooks in the committed form (as Lab saves them, no outputs).")
    parser.add_argument("paths", nargs="*", help="notebooks to rewrite in place (or check)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 naming notebooks not in form")
    parser.add_argument("--filter", action="store_true", help="read a notebook on stdin, write it on stdout (git)")
    args = parser.parse_args(argv)
    if args.filter:
        data = sys.stdin.buffer.read()
        try:
            sys.stdout.buffer.write(canonical(data.decode("utf-8")).encode("utf-8"))
        except ValueError as exc:  # UnicodeDecodeError included
            print(f"notebook_form: stdin: {exc}; passed on unchanged", file=sys.stderr)
            sys.stdout.buffer.write(data)  # never lose what is being committed
        return 0
    if not args.paths:
        parser.error("give notebooks, or --filter")
    bad = 0
    for path in map(Path, args.paths):
        try:
            text = path.read_text(encoding="utf-8")
            form = canonical(text)
        except (OSError, ValueError) as exc:
            print(f"notebook_form: {path}: {exc}", file=sys.stderr)
            bad += 1
            continue
        if form == text:
            continue
        if args.check:
            print(f"{path}: not in the committed form (run: python -m analysis.notebook_form {path})")
            bad += 1
        else:
            from .io import atomic_path

            with atomic_path(path) as tmp:
                tmp.write_text(form, encoding="utf-8")
            print(f"{path}: rewritten")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
