"""Where a generated document's files go, and what is recorded before they are written.

Before anything is written, the inputs (the roster) and any file about to be replaced are
recorded if they changed since the last scan: the note on a chart then names a roster version
whose bytes the repository holds, and hand edits to a generated DOCX are never overwritten
unrecorded. Files are built in a hidden folder beside their destination and moved into place
only when all of them are ready.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from repo_tool.config import CONFIG_NAME
from repo_tool.errors import Conflict, InvalidInput
from repo_tool.generate._output import Generated, output_folder
from repo_tool.ingest.scanner import Scanner
from repo_tool.models import Actor
from repo_tool.repository import Repository

LANGS = {"zh": ("zh",), "en": ("en",), "both": ("zh", "en")}


def parse_formats(value: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """`docx,pdf` -> ("docx", "pdf"), in the order given, each known and named once."""
    formats: list[str] = []
    for part in value.replace(" ", ",").split(","):
        name = part.strip().lower().lstrip(".")
        if not name:
            continue
        if name not in allowed:
            raise InvalidInput(f"'{name}' is not a format of this document; use "
                               f"{', '.join(allowed)} (comma-separated)")
        if name not in formats:
            formats.append(name)
    if not formats:
        raise InvalidInput(f"no format given; use {', '.join(allowed)} (comma-separated)")
    return tuple(formats)


def destinations(repo: Repository, unit: str, stem: str, formats: tuple[str, ...],
                 out: Path | None, force: bool) -> dict[str, Path]:
    """The file for each format: `records/<unit>/generated/<stem>.<format>` by default.

    With `out`, an existing folder receives the default names; anything else is a file name
    whose suffix is replaced by each format's. Outside the unit's generated folder an existing
    file is replaced only with `force`.
    """
    if out is None:
        folder = output_folder(repo, unit)
        return {fmt: folder / f"{stem}.{fmt}" for fmt in formats}
    out = Path(os.path.abspath(out))
    if out.is_dir():
        paths = {fmt: out / f"{stem}.{fmt}" for fmt in formats}
    else:
        if not out.parent.is_dir():
            raise InvalidInput(f"cannot write {out}: the folder {out.parent} does not exist")
        base = out.with_suffix("") if out.suffix.lstrip(".").lower() in formats else out
        paths = {fmt: base.with_name(f"{base.name}.{fmt}") for fmt in formats}
    existing = [p for p in paths.values() if p.exists()]
    if existing and not force:
        raise Conflict(f"{existing[0]} exists; add --force to replace it, or choose another "
                       "--out")
    return paths


def check_unrecorded(repo: Repository, out: Path | None) -> Path:
    """A document made without recording (a download from `serve`) goes outside the repository,
    where no scan would pick it up: `out` must be a folder there."""
    if out is None or not out.is_dir():
        raise InvalidInput("a document that is not recorded needs an existing output folder")
    try:
        out.resolve().relative_to(repo.root)
    except ValueError:
        return out
    raise InvalidInput(f"{out} is inside the repository; a document that is not recorded is "
                       "written outside it")


def config_note(repo: Repository) -> str:
    """repo.yaml is not versioned by scans, so notes name its content by hash."""
    digest = hashlib.sha256((repo.root / CONFIG_NAME).read_bytes()).hexdigest()
    return f"{CONFIG_NAME} (sha256 {digest[:12]})"


def record_inputs(repo: Repository, inputs: list[str], replaced: list[Path], kind: str,
                  actor: Actor) -> list[str]:
    """Record changed inputs and to-be-replaced outputs; returns "path vN" for each input."""
    inside = []
    for path in replaced:
        try:
            if path.is_file():
                inside.append(path.resolve().relative_to(repo.root).as_posix())
        except ValueError:
            continue
    with repo.writing("generate", actor) as session:
        scanner = Scanner(session, repo.config, note=f"recorded before generating {kind}")
        result = scanner.run_paths([*inputs, *inside])
        if result.recorded_anything:
            with session.catalog.transaction():
                session.audit("scan", result.counts())
            repo.catch_up(session, result)
    notes = []
    for relpath in inputs:
        document = repo.catalog.document(relpath)
        notes.append(f"{relpath} v{repo.version(document).number}" if document else relpath)
    return notes


@contextmanager
def staging(paths: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """Temporary files beside each destination; moved into place when the block succeeds."""
    folder = next(iter(paths.values())).parent
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".repo-tool-", dir=folder))
    try:
        staged = {fmt: work / path.name for fmt, path in paths.items()}
        yield staged
        for fmt, path in paths.items():
            os.replace(staged[fmt], path)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def tag_outputs(repo: Repository, files: list[Generated], sqs: int, actor: Actor) -> None:
    """File newly generated documents under their SQS (4: org chart, 14: CCTV notice), unless
    someone has tagged them already."""
    for generated in files:
        if generated.relpath is None:
            continue
        document = repo.catalog.document(generated.relpath)
        if document is not None and not document.sqs:
            repo.tag(generated.relpath, (sqs,), actor)
