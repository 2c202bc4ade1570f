"""Project promises: dependency lists agree, importing does nothing, README's commands, the wheel works anywhere."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
#: Modules of the [lab] and [dask] extras: the lean install has none of them.
EXTRA_MODULES = ("papermill", "nbconvert", "nbformat", "nbclient", "jupyter_client", "jupyter_server", "jupyterlab",
                 "ipykernel", "ipywidgets", "IPython", "dask", "distributed")


def _names(specs) -> set[str]:
    return {re.split(r"[<>=!\[ ;]", s.strip(), maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def test_environment_yml_lists_the_same_dependencies():
    extras = PROJECT["optional-dependencies"]
    assert extras["all"] == ["news-analysis[lab,dask,excel]"]  # everything but the dev tools
    wanted = (_names(PROJECT["dependencies"]) | _names(extras["lab"]) | _names(extras["dask"])
              | _names(extras["excel"]) | _names(extras["dev"]))
    env = (ROOT / "environment.yml").read_text()
    block = env.split("dependencies:", 1)[1]
    listed = {m.group(1).lower().replace("_", "-") for m in re.finditer(r"^\s+- ([A-Za-z][\w.\-]*)", block, re.M)}
    listed -= {"python", "pip"}
    assert listed == wanted
    assert "- -e ." in env  # installs this package


def test_import_has_no_side_effects():
    code = (
        "import logging, warnings, matplotlib; before = dict(matplotlib.rcParams); "
        "filters = list(warnings.filters); handlers = list(logging.getLogger().handlers); "
        "import analysis, analysis.ingest.load, analysis.ingest.datasets, analysis.ingest.clean, analysis.cli; "
        "assert dict(matplotlib.rcParams) == before, 'rcParams changed'; "
        "assert warnings.filters == filters, 'warning filters changed'; "
        "assert logging.getLogger().handlers == handlers, 'logging handlers added'; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr


def test_readme_first_screen_gives_the_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text().splitlines()[:40])
    assert "make report" in first_screen and "make test" in first_screen and "make lab" in first_screen
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_entry_points_stay_functions():
    code = ("import analysis, analysis.aggregate.keywords, analysis.aggregate.topics, analysis.present.explore; "
            "from analysis import explore, keywords, topics; "
            "assert all(callable(f) and f.__name__ == n for f, n in ((analysis.keywords, 'keywords'), "
            "(analysis.topics, 'topics'), (analysis.explore, 'explore'), (analysis.keywords, 'keywords'))), "
            "(analysis.keywords, analysis.topics, analysis.explore); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr


def test_make_installs_everything_and_pip_install_is_lean():
    make = (ROOT / "Makefile").read_text()
    assert "-e '.[all,dev]'" in make
    lean = _names(PROJECT["dependencies"])
    assert not lean & {"jupyterlab", "papermill", "nbconvert", "ipywidgets", "ipykernel", "dask", "distributed"}
    assert "lxml-html-clean" in lean  # HTML loading needs lxml.html.clean (split out of lxml 5.2)
    assert {"papermill", "nbconvert", "jupyterlab", "ipykernel", "ipywidgets"} <= _names(
        PROJECT["optional-dependencies"]["lab"])
    assert PROJECT["license"] == "MIT" and "MIT License" in (ROOT / "LICENSE").read_text()
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## [{PROJECT['version']}]" in changelog and "Keep a Changelog" in changelog


def _lean(code: str) -> str:
    """Python code run with the [lab] and [dask] extras' modules made unimportable first."""
    return f"import sys; sys.modules.update(dict.fromkeys({EXTRA_MODULES!r})); {code}"


def test_lean_install_loads_html_and_scores_without_the_extras(tmp_path):
    from test_load import HTML_PAGE

    (tmp_path / "page.html").write_text(HTML_PAGE)
    code = _lean("import analysis, analysis.cli, lxml.html.clean; df = analysis.analyze(analysis.load(sys.argv[1])); "
                 "print(df.loc[0, 'title'], '|', df.loc[0, 'text'][:24], '|', round(df.loc[0, 'polarity'], 3))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "page.html")], capture_output=True, text=True,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Customs talks stall again | Negotiators from two inv")


def test_report_without_the_lab_extra_says_what_to_install(tmp_path):
    from test_report import small_corpus

    small_corpus(30).to_csv(tmp_path / "small.csv", index=False)
    code = _lean("from analysis.cli import main; sys.exit(main(sys.argv[1:]))")
    out = subprocess.run([sys.executable, "-c", code, "report", "--corpus", "small.csv", "--no-progress", "-j", "1"],
                         capture_output=True, text=True, cwd=tmp_path,
                         env=dict(os.environ, NEWS_ANALYSIS_DATA=str(tmp_path / "data")))
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1] == (
        "news-analysis report: error: executing the report's notebooks needs the [lab] extra "
        "(papermill is not installed): pip install 'news-analysis[lab]'")


# --------------------------------------------------------------------------- the wheel

_EVERYWHERE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis", ".ipynb_checkpoints",
                                     "*.so")


def _not_source(folder: str, names: list[str]) -> set[str]:
    """What a copy of the checkout leaves out: generated files, and at the top the venv, data and outputs."""
    top = {".git", ".venv", "data", "reports", "build", "dist", "benchmarks"} if Path(folder) == ROOT else set()
    return set(_EVERYWHERE(folder, names)) | (top & set(names))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a copy of the source tree (pip wheel, no build isolation)."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    shutil.copytree(ROOT, src, ignore=_not_source)
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                          "-q", "-w", str(root / "dist"), str(src)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr  # needs setuptools>=77 in this env (the [dev] extra)
    [built] = (root / "dist").glob("news_analysis-*.whl")
    return built


@pytest.fixture(scope="module")
def unpacked(wheel, tmp_path_factory) -> Path:
    """The wheel unzipped: what pip install puts in site-packages."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as whl:
        whl.extractall(site)
    return site


@pytest.mark.slow
def test_wheel_ships_the_notebooks_type_marker_and_licence(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for nb in (ROOT / "notebooks").rglob("*"):
        if nb.is_file() and ".ipynb_checkpoints" not in nb.parts:
            member = "analysis/_notebooks/" + nb.relative_to(ROOT / "notebooks").as_posix()
            assert member in names, member
            assert zipfile.ZipFile(wheel).read(member) == nb.read_bytes()
    assert "analysis/py.typed" in names and "analysis/notebook_form.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(zipfile.ZipFile(wheel).read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "Requires-Dist: lxml_html_clean" in metadata and "License-Expression: MIT" in metadata
    assert 'Requires-Dist: papermill>=2.6; extra == "lab"' in metadata


@pytest.mark.slow
def test_installed_package_finds_its_notebooks_from_any_folder(unpacked, tmp_path):
    code = "import analysis.present.report as r; print(r.__file__); print(r.notebooks_dir())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env=dict(os.environ, PYTHONPATH=str(unpacked)))
    module, folder = out.stdout.split()
    assert Path(module).is_relative_to(unpacked), out.stderr
    assert Path(folder) == unpacked / "analysis" / "_notebooks"


@pytest.fixture(scope="module")
def report_run(unpacked, tmp_path_factory):
    """`news-analysis report` from the unpacked wheel, run in an empty folder with its own home."""
    from test_report import small_corpus

    work = tmp_path_factory.mktemp("anywhere")
    small_corpus(30).to_csv(work / "small.csv", index=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_ANALYSIS_")}
    env.update(PYTHONPATH=str(unpacked), HOME=str(work / "home"), XDG_CACHE_HOME=str(work / "home" / ".cache"))
    before = sorted(p.relative_to(unpacked) for p in unpacked.rglob("*") if "__pycache__" not in p.parts)
    out = subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", "small.csv", "-j", "1"],
                         capture_output=True, text=True, cwd=work, env=env)
    after = sorted(p.relative_to(unpacked) for p in unpacked.rglob("*") if "__pycache__" not in p.parts)
    return out, work, before == after


@pytest.mark.slow
def test_report_works_from_the_installed_wheel_anywhere(report_run):
    out, work, site_untouched = report_run
    assert out.returncode == 0, out.stderr[-2000:]
    pages = sorted(p.name for p in (work / "reports").glob("*.html"))
    assert pages == sorted(["index.html", "explore.html", *(f"{n}.html" for n in _notebook_names())])
    assert site_untouched  # nothing written into the installed package
    assert (work / "home" / ".cache" / "news-analysis" / "processed").is_dir()  # the user's cache, not a checkout
    umask = os.umask(0)
    os.umask(umask)
    modes = {oct(p.stat().st_mode & 0o777) for p in (work / "reports").rglob("*") if p.is_file()}
    assert modes == {oct(0o666 & ~umask)}  # what the umask gives, not mkstemp's 0600


@pytest.mark.slow
def test_report_output_is_quiet_and_shows_page_progress(report_run):
    out, _, _ = report_run
    assert "without encryption" not in out.stderr and "IPKernelApp" not in out.stderr
    names = _notebook_names()
    for i, name in enumerate(names, 1):
        assert f"page {i} of {len(names)}: {name} ...\n" in out.stderr
        assert re.search(rf"^page {i} of {len(names)}: {name} done in \d+\.\d s$", out.stderr, re.M), out.stderr


def _notebook_names() -> list[str]:
    return sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
