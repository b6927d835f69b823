"""Where a generated document's files go, and what is recorded before they are written.

Every generator ends in `write_files`: it settles the formats and destinations from the
`Output`, records the inputs (the roster) and any file about to be replaced if they changed
since the last scan (the note on a chart then names a roster version whose bytes the repository
holds, and hand edits to a generated DOCX are never overwritten unrecorded), builds the files in
a hidden folder beside their destination, moves them into place only when all of them are
ready, and records them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from repo_tool.config import CONFIG_NAME
from repo_tool.errors import Conflict, InvalidInput, Unsupported
from repo_tool.generate._output import Generated, Output, output_folder, record_outputs
from repo_tool.generate._pdf import INSTALL_HINT, convert_to_pdf, soffice_path
from repo_tool.ingest.scanner import Scanner
from repo_tool.models import Actor
from repo_tool.repository import Repository

LANGS = {"zh": ("zh",), "en": ("en",), "both": ("zh", "en")}


def file_stem(base: str, lang: str, default: str) -> str:
    """`org-chart` in the default language, `org-chart.en` in another."""
    return base if lang == default else f"{base}.{lang}"


def chosen_formats(output: Output, allowed: tuple[str, ...],
                   default: tuple[str, ...]) -> tuple[str, ...]:
    """The formats `output` asks for (the default when it names none), each one `allowed`."""
    if output.formats is None:
        return default
    if not output.formats:
        raise InvalidInput(f"no format given; use {', '.join(allowed)}")
    for name in output.formats:
        if name not in allowed:
            raise InvalidInput(f"'{name}' is not a format of this document; use "
                               f"{', '.join(allowed)}")
    return tuple(dict.fromkeys(output.formats))


def destinations(repo: Repository, unit: str, stem: str, formats: tuple[str, ...],
                 out: Path | None, force: bool, allowed: tuple[str, ...]) -> dict[str, Path]:
    """The file for each format: `records/<unit>/generated/<stem>.<format>` by default.

    With `out`, an existing folder receives the default names; anything else is a file name
    whose suffix is replaced by each format's (a suffix naming another of the `allowed` formats
    is a mistake: `-o form.pdf` without the PDF). Outside the unit's generated folder an
    existing file is replaced only with `force`.
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
        suffix = out.suffix.lstrip(".").lower()
        if suffix in allowed and suffix not in formats:
            raise InvalidInput(f"-o {out}: this makes {', '.join(formats)}; give a folder, or "
                               f"a file name ending in .{formats[0]}")
        base = out.with_suffix("") if suffix in formats else out
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


def need_soffice(formats: tuple[str, ...]) -> None:
    """A PDF needs LibreOffice: say so before anything is built or recorded."""
    if "pdf" in formats and soffice_path() is None:
        raise Unsupported(f"cannot make a PDF: LibreOffice is not installed; {INSTALL_HINT}")


def write_files(repo: Repository, unit: str, stem: str, output: Output, *, kind: str,
                actor: Actor, allowed: tuple[str, ...] = ("docx", "pdf"),
                default: tuple[str, ...] = ("docx",),
                docx: Callable[[Path], object] | None = None,
                svg: Callable[[Path], object] | None = None,
                html: Callable[[Path], object] | None = None, inputs: tuple[str, ...] = (),
                notes: tuple[str, ...] = (), sqs: int | None = None,
                remarks: tuple[str, ...] = ()) -> list[Generated]:
    """Write one generated document in the formats `output` asks for and record it.

    The formats it can be made in are `allowed`, and `default` when `output` names none (most
    documents: a .docx, and a PDF on request).
    `docx(path)` writes the Word document (the PDF is that document printed by LibreOffice)
    and `svg(path)` the drawing (`html(path)` a web page); `inputs` are repository files it
    was made from, recorded
    first when changed and named with their version in the note on each file, before the
    other `notes`; `sqs` files a new document under that SQS. Returns the files in format
    order, each with the `remarks`.
    """
    formats = chosen_formats(output, allowed, default)
    out = output.out if output.record else check_unrecorded(repo, output.out)
    need_soffice(formats)
    paths = destinations(repo, unit, stem, formats, out, output.force, allowed)
    named = record_inputs(repo, list(inputs), list(paths.values()), kind, actor) \
        if output.record else []
    with staging(paths) as staged:
        if "svg" in staged and svg is not None:
            svg(staged["svg"])
        if "html" in staged and html is not None:
            html(staged["html"])
        if docx is not None and ("docx" in staged or "pdf" in staged):
            made = staged.get("docx") or staged["pdf"].with_suffix(".docx")
            docx(made)
            if "pdf" in staged:
                convert_to_pdf(made, staged["pdf"])
    if not output.record:
        return [Generated(path, None, None, remarks) for path in paths.values()]
    files = record_outputs(repo, list(paths.values()), kind, [*named, *notes], actor)
    if sqs is not None:
        tag_outputs(repo, files, sqs, actor)
    return [Generated(g.path, g.relpath, g.version, remarks) for g in files]
