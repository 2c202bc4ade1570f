"""Build hooks; all metadata is in pyproject.toml.

``analysis._speedups`` (analysis/_speedups.c, plain CPython C API) makes the
sentiment stage several times faster. It is optional: where no C compiler is
available the build goes on without it and ``analysis.sentiment`` uses its
pure-Python kernel, which gives identical results.

The top-level ``notebooks/`` folder (the source of truth, edited in JupyterLab)
is copied into the built package as ``analysis/_notebooks/``, so the wheel
ships them and ``news-analysis report`` works after a plain ``pip install``
(:func:`analysis.present.report.notebooks_dir`). An editable install reads the
checkout's folder and copies nothing.
"""

import shutil
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path("notebooks")


class build_py_with_notebooks(build_py):
    """build_py, plus notebooks/ (without checkpoints) as analysis/_notebooks/ in the build."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        if not (NOTEBOOKS / "01-one-article.ipynb").is_file():
            raise FileNotFoundError(f"{NOTEBOOKS.resolve()}: the notebooks are missing; build from a checkout "
                                    "or a complete sdist")
        target = Path(self.build_lib) / "analysis" / "_notebooks"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


setup(ext_modules=[Extension("analysis._speedups", ["analysis/_speedups.c"], optional=True)],
      cmdclass={"build_py": build_py_with_notebooks})
