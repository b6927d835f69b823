"""`repo-tool serve`: a small local web interface over the same library the CLI calls.

Pages are rendered on the server (Flask and Jinja2, no build step) and served by waitress, a
threaded WSGI server. The web layer parses requests, calls one library function and renders
the result; it has no logic of its own. See `create_app` for what it serves.
"""

from repo_tool.web._app import Settings, create_app

__all__ = ["Settings", "create_app"]
