"""Filling .docx templates with docxtpl through a sandboxed, autoescaping, strict Jinja2.

- Sandboxed: a template (perhaps edited by anyone with write access to the share) cannot reach
  Python internals such as `''.__class__.__mro__`.
- Autoescaped: `&` or `<` in a unit's name appears as written instead of breaking the XML and
  silently dropping a paragraph.
- StrictUndefined: a field the template names but the data lacks is an error naming the field,
  never a blank on a form that goes to an assessor.
- Bounded: it renders in a child process with a memory and a time limit (a local template is
  written by anyone who can edit the share), without `lipsum`, and `include`/`import` find
  nothing; whatever goes wrong is one line naming the template.
A template in the repository's `templates/` folder replaces the built-in one of the same name.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import FunctionLoader, StrictUndefined, TemplateError, UndefinedError
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


RENDER_SECONDS = 60
"""A form renders in about a second; a template still running after this is stopped."""
RENDER_MEMORY_MB = 1024


def _environment() -> SandboxedEnvironment:
    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined,
                                       keep_trailing_newline=True,
                                       loader=FunctionLoader(lambda name: None))
    environment.globals.pop("lipsum", None)  # text without end, for no form's purpose
    return environment


def render_docx(template: Path, context: dict[str, Any], dest: Path) -> Path:
    """Render `template` with `context` into `dest` (written atomically); returns `dest`.

    The work happens in a child process under RENDER_MEMORY_MB and RENDER_SECONDS."""
    from repo_tool.extract import limit_memory

    def limits() -> None:  # pragma: no cover - runs in the child
        limit_memory(RENDER_MEMORY_MB)

    try:
        done = subprocess.run(
            [sys.executable, "-m", "repo_tool.generate._render_worker"],
            input=pickle.dumps((str(template), context, str(dest))), capture_output=True,
            timeout=RENDER_SECONDS, preexec_fn=limits if os.name == "posix" else None,
            check=False)
    except subprocess.TimeoutExpired:
        raise TemplateProblem(f"template {template.name} was stopped after {RENDER_SECONDS} s "
                              "(a loop without end?); fix the template") from None
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else {}
    except ValueError:
        answer = {}
    if answer.get("ok"):
        return dest
    problem = answer.get("problem") or (f"the renderer stopped (exit {done.returncode}): "
                                        f"{_last_line(done.stderr)}")
    if answer.get("kind") == "TemplateProblem":
        raise TemplateProblem(problem)
    raise TemplateProblem(f"template {template.name} cannot be used: {problem}")


def _last_line(output: bytes) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no message"


def render_here(template: Path, context: dict[str, Any], dest: Path) -> Path:
    """Render in this process (the child's side of `render_docx`)."""
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
    except OverflowError as exc:
        raise TemplateProblem(f"template {template.name} cannot be used: {exc}") from None
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        document.save(str(tmp))
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest
