"""Import: copy files from elsewhere into a unit's folder, then record them.

Nothing is overwritten: every destination is checked before the first byte is copied, and a
clash stops the whole import. Files keep their modification times. Recording goes through the
same scanner as `scan`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from repo_tool.errors import Conflict, InvalidInput, NotFound
from repo_tool.ingest.scanner import Scanner, ScanResult
from repo_tool.ingest.tree import Rules, Skipped, nfc
from repo_tool.models import FOLDER_OF_KIND, Actor, Kind
from repo_tool.repository import Repository
from repo_tool.sqs import numbers_in_path, standard
from repo_tool.store.session import Progress


@dataclass(frozen=True)
class ImportResult:
    """Where the files went and what the scan of them recorded."""

    destination: Path
    copied: list[str]
    result: ScanResult


def sqs_folder(base: Path, number: int) -> Path:
    """The unit's folder for one SQS: an existing `SQS-14 ...` folder, or a new one."""
    if base.is_dir():
        for child in sorted(base.iterdir()):
            if child.is_dir() and numbers_in_path(child.name)[:1] == (number,):
                return child
    return base / f"SQS-{number:02d} {standard(number).name_zh}"


def _plan(sources: list[Path], target: Path, rules: Rules) -> tuple[list[tuple[Path, Path]],
                                                                     list[Skipped]]:
    """(source file, destination file) pairs, and the source files that will not be copied."""
    pairs: list[tuple[Path, Path]] = []
    skipped: list[Skipped] = []
    for source in sources:
        if source.is_symlink():
            skipped.append(Skipped(str(source), "is a symbolic link; links are not followed"))
        elif source.is_file():
            pairs.append((source, target / nfc(source.name)))
        elif source.is_dir():
            for folder, dirs, files in os.walk(source):
                dirs.sort()
                here = Path(folder)
                relative = here.relative_to(source.parent)
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in sorted(files):
                    path = here / name
                    if rules.ignored(name, name):
                        continue
                    if path.is_symlink() or not path.is_file():
                        skipped.append(Skipped(str(path), "is not a regular file; not copied"))
                        continue
                    pairs.append((path, target / nfc(str(relative / name))))
        else:
            raise NotFound(f"{source} does not exist")
    return pairs, skipped


def import_files(repo: Repository, sources: list[Path], unit: str, kind: Kind,
                 sqs: tuple[int, ...], actor: Actor,
                 on_progress: Progress | None = None,
                 audited_as: list[str] | None = None) -> ImportResult:
    """Copy `sources` (files or folders) into `<kind>/<unit>/[SQS folder]` and record them.

    `audited_as` names the sources in the audit log instead of their paths (files added from
    the browser are staged in a temporary folder whose name means nothing later)."""
    repo.config.unit(unit)
    for number in sqs:
        standard(number)
    if not sources:
        raise InvalidInput("name at least one file or folder to import")
    base = repo.root / FOLDER_OF_KIND[kind] / unit
    target = sqs_folder(base, sqs[0]) if sqs else base
    resolved = [Path(os.path.abspath(source)) for source in sources]
    for source in resolved:
        if source == repo.state or repo.state in source.parents:
            raise InvalidInput(f"{source} is inside the repository's own store (.repo/); "
                               "use `repo-tool show -o` or `restore` to get old versions")
        if source.is_dir() and (source == target or source in target.parents):
            raise InvalidInput(f"cannot import {source} into a folder inside itself")
    pairs, skipped = _plan(resolved, target, Rules(repo.config))
    for _, dest in pairs:  # never into a folder that is (or passes through) a link
        repo.disk_path(dest.relative_to(repo.root).as_posix())
    if not pairs:
        raise InvalidInput("there is nothing to import: no regular files in "
                           + ", ".join(str(s) for s in sources))
    clashes = [dest for _, dest in pairs if dest.exists() or dest.is_symlink()]
    if clashes:
        more = f" and {len(clashes) - 1} more" if len(clashes) > 1 else ""
        raise Conflict(f"{clashes[0].relative_to(repo.root)}{more} already exist(s); nothing was "
                       "imported. Rename the source or remove the existing file first")
    with repo.writing("import", actor) as session:
        copied: list[str] = []
        for done, (source, dest) in enumerate(pairs, start=1):
            if on_progress:
                on_progress(done, len(pairs), f"copying {source.name}")
            try:
                _copy_new(source, dest)
            except OSError as exc:
                skipped.append(Skipped(str(source), f"cannot be read ({exc.strerror})"))
                continue
            copied.append(dest.relative_to(repo.root).as_posix())
        scanner = Scanner(session, repo.config)
        result = scanner.run_paths(copied, on_progress)
        result.skipped[:0] = skipped
        with session.catalog.transaction():
            if sqs:
                for path in copied:
                    document = session.catalog.document(path)
                    if document is not None:
                        session.catalog.set_sqs(document.id, "tag", sqs)
            session.audit("import", {"unit": unit, "kind": kind, "sqs": list(sqs),
                                     "sources": audited_as or [str(s) for s in sources],
                                     "files": len(copied)})
        repo.catch_up(session, result, on_progress)
    return ImportResult(target, copied, result)


def _copy_new(source: Path, dest: Path) -> None:
    """Copy one file to a path that must not exist yet, keeping its modification time."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with source.open("rb") as src, open(dest, "xb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    except FileExistsError:
        raise Conflict(f"{dest} appeared while importing; nothing was overwritten") from None
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    shutil.copystat(source, dest)
