"""The workflow forms' blueprints, registered on the application in one call."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from repo_tool.web import _wf_document, _wf_isa, _wf_stats, _wf_unit

    app.register_blueprint(_wf_document.pages)
    app.register_blueprint(_wf_unit.pages)
    app.register_blueprint(_wf_stats.pages)
    app.register_blueprint(_wf_isa.pages)
