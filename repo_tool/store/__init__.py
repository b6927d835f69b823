"""Storage: content-addressed objects and the SQLite catalog."""

from repo_tool.store.catalog import Catalog
from repo_tool.store.objects import FileChanged, ObjectStore

__all__ = ["Catalog", "FileChanged", "ObjectStore"]
