"""JupyterLab: the named kernel, notebooks committed as Lab saves them, outputs kept out of git by the filter."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import notebook_form, report

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
jupyter_server = pytest.importorskip("jupyter_server")


def _lab_save(nb, folder: Path, name: str) -> Path:
    """Save ``nb`` exactly as JupyterLab does: a JSON model through jupyter-server's contents manager."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    cm = FileContentsManager(root_dir=str(folder))
    cm.save({"type": "notebook", "format": "json", "content": json.loads(json.dumps(nb))}, name)
    return folder / name


def test_the_five_notebooks_are_there():
    assert [p.stem for p in NOTEBOOKS] == list(report.NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_in_the_form_lab_saves(path, tmp_path):
    committed = path.read_bytes()
    nb = nbformat.reads(committed.decode("utf-8"), as_version=nbformat.NO_CONVERT)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert all(c.get("id") for c in nb.cells)
    assert nb.metadata.kernelspec == notebook_form.KERNELSPEC and nb.metadata.kernelspec["name"] == report.KERNEL
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert (nbformat.writes(nb) + "\n").encode() == committed  # nbformat's own writer: byte-identical
    assert _lab_save(nb, tmp_path, path.name).read_bytes() == committed  # opened and saved in Lab: unchanged
    assert notebook_form.canonical(committed.decode()) == committed.decode()


def test_normalise_removes_outputs_view_state_and_papermill(tmp_path):
    src = nbformat.read(NOTEBOOKS[0], as_version=4)
    run = nbformat.read(NOTEBOOKS[0], as_version=4)
    injected = nbformat.v4.new_code_cell("corpus = 'x'", metadata={"tags": ["injected-parameters"]})
    run.cells.insert(1, injected)
    for i, cell in enumerate(c for c in run.cells if c.cell_type == "code"):
        cell.execution_count = i + 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"out {i}\n")]
        cell.metadata.update({"scrolled": True, "execution": {"iopub.status.idle": "2026-01-01T00:00:00Z"},
                              "papermill": {"duration": 1.0}})
    run.metadata.update({"papermill": {"parameters": {}}, "widgets": {"state": {}}})
    run.metadata.language_info = dict(notebook_form.LANGUAGE_INFO, version="3.99.1")
    clean = notebook_form.canonical(nbformat.writes(run))
    assert clean == nbformat.writes(src) + "\n"
    assert '"outputs": []' in clean and "out 0" not in clean and "3.99.1" not in clean


def test_not_a_notebook_is_one_clear_error_and_the_filter_passes_it_on(tmp_path):
    with pytest.raises(ValueError, match="not a notebook"):
        notebook_form.canonical("{broken")
    out = subprocess.run([sys.executable, "-m", "analysis.notebook_form", "--filter"], input=b"{broken",
                         capture_output=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout == b"{broken"  # git never loses what is being added
    assert b"not a notebook" in out.stderr


def test_check_names_a_notebook_with_outputs(tmp_path):
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    cmd = [sys.executable, "-m", "analysis.notebook_form"]
    out = subprocess.run([*cmd, "--check", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1 and "x.ipynb: not in the committed form" in out.stdout
    assert subprocess.run([*cmd, str(path)], capture_output=True, cwd=ROOT).returncode == 0
    assert path.read_bytes() == NOTEBOOKS[0].read_bytes()


def _git(repo: Path, *args: str, env: dict | None = None) -> str:
    out = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, check=True)
    return out.stdout


def _filter_command() -> str:
    """The clean filter as the Makefile configures it, for this interpreter."""
    make = (ROOT / "Makefile").read_text()
    command = re.search(r'git config filter\.notebook\.clean "([^"]+)"', make).group(1)
    assert command.startswith("$(abspath $(PY)) "), command
    return shlex.quote(sys.executable) + command[len("$(abspath $(PY))"):]


@pytest.mark.slow
def test_running_a_notebook_in_lab_leaves_git_clean(tmp_path):
    """Execute a committed notebook as Lab does (outputs, counts, language_info), save it as Lab does: git is clean."""
    import os

    from nbclient import NotebookClient

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    for name in (".gitattributes", ".gitignore"):
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "notebooks" / "data", repo / "notebooks" / "data")
    name = "01-one-article.ipynb"
    committed = (ROOT / "notebooks" / name).read_bytes()
    (repo / "notebooks" / name).write_bytes(committed)
    env = dict(os.environ, PYTHONPATH=str(ROOT), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    _git(repo, "init", "-q", env=env)
    _git(repo, "config", "filter.notebook.clean", _filter_command(), env=env)
    _git(repo, "add", ".", env=env)
    _git(repo, "commit", "-qm", "notebooks", env=env)

    nb = nbformat.reads(committed.decode(), as_version=4)
    NotebookClient(nb, kernel_name=report.kernel_name(), resources={"metadata": {"path": str(repo / "notebooks")}},
                   timeout=300, **report._kernel_config()).execute()
    nb.cells[-1].metadata["scrolled"] = True  # view state Lab records
    saved = _lab_save(nb, repo / "notebooks", name).read_bytes()
    assert b'"output_type"' in saved and b'"execution_count": 1' in saved and b'"version": "3.' in saved
    assert _git(repo, "diff", "--stat", env=env) == ""  # nothing to see ...
    _git(repo, "add", "-A", env=env)
    assert _git(repo, "diff", "--cached", "--stat", env=env) == ""  # ... nothing to commit ...
    assert _git(repo, "status", "--porcelain", env=env) == ""  # ... and clean (git compares sizes before filtering:
    # until `git add`, `git status` alone may list a run notebook although `git diff` shows nothing)
    assert (repo / "notebooks" / name).read_bytes() == saved  # the outputs stay in the working file
    filtered = subprocess.run(_filter_command(), shell=True, input=saved, capture_output=True, cwd=repo, env=env)
    assert filtered.stdout == committed  # the filter gives back the committed bytes
    (repo / "notebooks" / name).write_bytes(saved.replace(b"Sentence by sentence", b"Sentence after sentence", 1))
    assert "Sentence after sentence" in _git(repo, "diff", env=env)  # real edits still show


def test_execute_uses_the_named_kernel_only_when_installed_for_this_python(tmp_path, monkeypatch):
    import jupyter_client.kernelspec as ks

    kernels = tmp_path / "share" / "jupyter" / "kernels"
    monkeypatch.setattr(ks, "jupyter_path", lambda *parts: [str(tmp_path / "share" / "jupyter" / Path(*parts))])
    assert report.kernel_name() == "python3"  # a fresh machine: no named kernel
    install = re.search(r"\$\(PY\) -m ipykernel install (.+)", (ROOT / "Makefile").read_text()).group(1)
    args = install.replace("$(KERNEL)", report.KERNEL).replace("--sys-prefix", f"--prefix {tmp_path}").split()
    subprocess.run([sys.executable, "-m", "ipykernel", "install", *args], check=True, capture_output=True)
    spec = json.loads((kernels / report.KERNEL / "kernel.json").read_text())
    assert spec["display_name"] == notebook_form.KERNELSPEC["display_name"]  # what the notebooks' metadata names
    assert report.kernel_name() == report.KERNEL
    spec["argv"][0] = "/elsewhere/bin/python"  # another environment's kernel of that name: not used
    (kernels / report.KERNEL / "kernel.json").write_text(json.dumps(spec))
    assert report.kernel_name() == "python3"
