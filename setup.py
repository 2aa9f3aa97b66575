"""Build hook for the optional compiled text kernels (everything else is in pyproject.toml).

``tinnhiem._ctext`` speeds up the rule engine's text layer; ``optional=True`` lets the install
succeed without a C compiler, and ``tinnhiem._native`` then falls back to the pure-Python code.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("tinnhiem._ctext", ["src/tinnhiem/_ctext.c"], optional=True,
                             extra_compile_args=["-O2"])])
