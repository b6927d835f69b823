"""The search package's error kinds: both are RepoErrors whose message is one line for people."""

from __future__ import annotations

from pathlib import Path

from repo_tool.errors import InvalidInput, RepoError

REINDEX = "run `repo-tool reindex` to rebuild it"


class QueryError(InvalidInput):
    """A query with nothing to look for (empty, only punctuation, or only excluded terms)."""


class IndexUnusable(RepoError):
    """The search index is missing, from another version, or damaged; `reindex` rebuilds it."""

    @classmethod
    def missing(cls, folder: Path) -> IndexUnusable:
        return cls(f"the search index is missing from {folder}; {REINDEX}")

    @classmethod
    def damaged(cls, folder: Path) -> IndexUnusable:
        return cls(f"the search index in {folder} is damaged; {REINDEX}")

    @classmethod
    def incompatible(cls, folder: Path) -> IndexUnusable:
        return cls(f"the search index in {folder} was built by another version of repo-tool; "
                   f"{REINDEX}")
