"""Benchmarks for repo-tool, run by `make bench` (`python -m benchmarks`).

Each benchmark builds its own reproducible corpus in a temporary folder, measures repo-tool and
a plain-Python baseline in the same run, and returns rows for one table, printed and written
to RESULTS.md; see README.md.
"""
