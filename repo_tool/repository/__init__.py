"""The repository handle and what reads it: open/init, index catch-up, history, diff, verify."""

from repo_tool.repository._handle import Repository, current_actor, find_root, first_link

__all__ = ["Repository", "current_actor", "find_root", "first_link"]
