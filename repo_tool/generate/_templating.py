"""Filling .docx templates with docxtpl through a sandboxed, autoescaping, strict Jinja2.

- Sandboxed: a template (perhaps edited by anyone with write access to the share) cannot reach
  Python internals such as `''.__class__.__mro__`.
- Autoescaped: `&` or `<` in a unit's name appears as written instead of breaking the XML and
  silently dropping a paragraph.
- StrictUndefined: a field the template names but the data lacks is an error naming the field,
  never a blank on a form that goes to an assessor.
A template in the repository's `templates/` folder replaces the built-in one of the same name.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from repo_tool.errors import NotFound, RepoError


class TemplateProblem(RepoError):
    """A template that cannot be rendered: an unknown field, a forbidden expression, bad syntax."""


def builtin_templates() -> Path:
    """The folder of templates shipped inside the package."""
    return Path(str(resources.files("repo_tool") / "templates"))


def find_template(repo_root: Path, name: str) -> Path:
    """The repository's own `templates/<name>` if present, else the built-in one."""
    local = repo_root / "templates" / name
    if local.is_file():
        return local
    builtin = builtin_templates() / name
    if builtin.is_file():
        return builtin
    raise NotFound(f"there is no template called {name} (looked in {repo_root / 'templates'} "
                   "and among the built-in templates)")


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined,
                                keep_trailing_newline=True)


def render_docx(template: Path, context: dict[str, Any], dest: Path) -> Path:
    """Render `template` with `context` into `dest` (written atomically); returns `dest`."""
    from docxtpl import DocxTemplate

    try:
        document = DocxTemplate(str(template))
        document.render(context, jinja_env=_environment(), autoescape=True)
    except UndefinedError as exc:
        raise TemplateProblem(f"template {template.name} uses a field the data does not have: "
                              f"{exc.message}; fix the template or remove that field") from None
    except SecurityError as exc:
        raise TemplateProblem(f"template {template.name} was refused: it tries something a "
                              f"template may not do ({exc})") from None
    except TemplateError as exc:
        raise TemplateProblem(f"template {template.name} cannot be used: {exc}") from None
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        document.save(str(tmp))
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest
