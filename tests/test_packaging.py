"""Project promises: dependency lists agree, importing does nothing, README's two commands."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _names(specs) -> set[str]:
    return {re.split(r"[<>=!\[ ;]", s.strip(), maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def test_environment_yml_lists_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"]) | _names(project["optional-dependencies"]["dev"])
    env = (ROOT / "environment.yml").read_text()
    block = env.split("dependencies:", 1)[1]
    listed = {m.group(1).lower() for m in re.finditer(r"^\s+- ([A-Za-z][\w.\-]*)", block, re.M)}
    listed -= {"python", "pip"}
    assert listed == wanted
    assert "- -e ." in env  # installs this package


def test_import_has_no_side_effects():
    code = (
        "import logging, warnings, matplotlib; before = dict(matplotlib.rcParams); "
        "filters = list(warnings.filters); handlers = list(logging.getLogger().handlers); "
        "import analysis, analysis.load, analysis.datasets, analysis.clean, analysis.cli; "
        "assert dict(matplotlib.rcParams) == before, 'rcParams changed'; "
        "assert warnings.filters == filters, 'warning filters changed'; "
        "assert logging.getLogger().handlers == handlers, 'logging handlers added'; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr


def test_readme_first_screen_gives_the_two_commands():
    first_screen = "\n".join((ROOT / "README.md").read_text().splitlines()[:40])
    assert "make report" in first_screen and "make test" in first_screen
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_entry_points_stay_functions():
    code = ("import analysis, analysis.keywords, analysis.topics, analysis.explore; "
            "from analysis import explore, keywords, topics; "
            "assert all(callable(f) and f.__name__ == n for f, n in ((analysis.keywords, 'keywords'), "
            "(analysis.topics, 'topics'), (analysis.explore, 'explore'), (analysis.keywords, 'keywords'))), "
            "(analysis.keywords, analysis.topics, analysis.explore); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr
