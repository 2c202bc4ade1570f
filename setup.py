"""Build hook for the optional compiled kernel; all metadata is in pyproject.toml.

``analysis._speedups`` (analysis/_speedups.c, plain CPython C API) makes the
sentiment stage several times faster. It is optional: where no C compiler is
available the build goes on without it and ``analysis.sentiment`` uses its
pure-Python kernel, which gives identical results.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("analysis._speedups", ["analysis/_speedups.c"], optional=True)])
