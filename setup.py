"""The one compiled part: the analyzer's index path in C (repo_tool/search/_native_terms.c).

Everything else is in pyproject.toml. The extension is optional: where no C compiler is found
(a Windows machine without Build Tools, say) the install still succeeds and search/_terms.py
uses its pure-Python path, which gives the same tokens about 15x slower.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("repo_tool.search._native_terms",
                             sources=["repo_tool/search/_native_terms.c"],
                             extra_compile_args=["-O2"] if __import__("os").name != "nt" else [],
                             optional=True)])
