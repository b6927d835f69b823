"""What every generator is told about its files (`Output`), what it says it wrote
(`Generated`), and how the files are recorded.

The contract, checked by tests/test_generate_contract.py: each generator is
`generate_x(repo, unit, *, actor, output, ...its own options) -> list[Generated]`.

By default a unit's generated files go to `records/<unit>/generated/` and are recorded as new
versions there, each with a note naming the inputs (and their versions) it was made from, so a
visit can see which roster produced which chart. With `Output(out=PATH)` the file goes where
asked and is recorded only if that place is inside a unit's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repo_tool.ingest.scanner import Scanner
from repo_tool.models import GENERATED, Actor
from repo_tool.repository import Repository


@dataclass(frozen=True)
class Output:
    """Where a generator writes, in which formats, and whether it records what it wrote.

    `formats`: the files to make, e.g. `("docx", "pdf")`; None means the generator's default
    (a .docx for the forms, the SAR, the sign-off sheet and the changes report; docx and pdf
    for the CCTV notice; docx, svg and pdf for the org chart). Asking for "pdf" is how every
    generator is told to make a PDF too (the CLI's `--pdf`), and the PDF is always the .docx
    printed by LibreOffice. A format the generator does not make is an error naming the ones
    it does.
    `out`: None for `records/<unit>/generated/`; else an existing folder (the default names
    go there) or a file name whose suffix each format replaces.
    `force`: replace an existing file at `out` (files in the generated folder are always
    replaced, after any hand edit to them is recorded).
    `record`: False for a download: `out` must then be a folder outside the repository, and
    the repository is not changed at all.
    """

    formats: tuple[str, ...] | None = None
    out: Path | None = None
    force: bool = False
    record: bool = True


@dataclass(frozen=True)
class Generated:
    """One generated file and, when recorded, its catalog path and version number.

    `remarks` are what the generator has to tell people about the file beyond its name (the
    org chart: its posts, pages and type size); the CLI prints each once after the files.
    """

    path: Path
    relpath: str | None
    version: int | None
    remarks: tuple[str, ...] = ()

    @property
    def format(self) -> str:
        """`docx`, `pdf`, `svg`, `zip`: the file's suffix."""
        return self.path.suffix.lstrip(".").lower()

    @property
    def recorded(self) -> bool:
        return self.version is not None


def output_folder(repo: Repository, unit: str) -> Path:
    """`records/<unit>/generated/` (created when needed)."""
    repo.config.unit(unit)
    folder = repo.root / "records" / unit / GENERATED
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def record_outputs(repo: Repository, files: list[Path], kind: str, inputs: list[str],
                   actor: Actor) -> list[Generated]:
    """Record generated files that lie inside the repository as new versions.

    `kind` names what was generated (e.g. "form 2.01"); `inputs` describe what it was made
    from (e.g. "records/ycc/staff.yaml v3"); both go into each version's note and the audit log.
    """
    note = f"generated {kind}" + (f" from {', '.join(inputs)}" if inputs else "")
    inside: dict[Path, str] = {}
    for path in files:
        try:
            inside[path] = path.resolve().relative_to(repo.root).as_posix()
        except ValueError:
            continue  # written outside the repository: nothing to record
    if not inside:
        return [Generated(path, None, None) for path in files]
    with repo.writing("generate", actor) as session:
        scanner = Scanner(session, repo.config, note=note)
        result = scanner.run_paths(inside.values())
        numbers = dict(result.versions)
        with session.catalog.transaction():
            session.audit("generate", {"kind": kind, "files": sorted(inside.values()),
                                       "inputs": inputs})
        repo.catch_up(session, result)
    out = []
    for path in files:
        relpath = inside.get(path)
        document = repo.catalog.document(relpath) if relpath else None
        number = numbers.get(relpath or "") or (document.versions if document else None)
        # inside the repository but outside a unit's folder: written, not recorded
        out.append(Generated(path, relpath if number else None, number))
    return out
