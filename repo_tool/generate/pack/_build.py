"""Building an evidence pack: choose the versions, stream their bytes into a zip by SQS, and add
MANIFEST.csv, SHA256SUMS, the cover and (when the `Output` asks for "pdf") the binder.

Each blob is copied into the zip in chunks, so memory does not grow with the unit's size. The
zip is written to a temporary name beside its destination and renamed when complete.

`make_pack` takes the generators' `Output` but returns its own `PackResult`, not a list of
`Generated` files: it writes one zip, never recorded as a version (the next scan would store
the whole pack again), and what people need to know is inside it: the documents packed, the
files left out of the binder and why, and warnings.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

from repo_tool.domain.head_office import MARK
from repo_tool.errors import Conflict, Damaged, InvalidInput, Unsupported
from repo_tool.generate._files import chosen_formats
from repo_tool.generate._output import Generated, Output
from repo_tool.generate.pack._names import NamePicker, sqs_folder
from repo_tool.generate.pack._select import (
    Packed,
    last_reviews,
    rows_for,
    select,
    standing,
)
from repo_tool.humanize import deceiving, shown
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.sqs import standard
from repo_tool.store.disposals import Disposal
from repo_tool.store.lock import WriterLock, pid_alive
from repo_tool.store.session import Progress, now, versions_detail

MANIFEST = "MANIFEST.csv"
SUMS = "SHA256SUMS"
COVER = "00 封面 Cover"
BINDER = "00 文件夾 Binder.pdf"
FORMATS = ("zip", "pdf")  # the zip is always made; "pdf" adds the binder inside it
ALL_SQS = tuple(range(1, 17))
MANIFEST_COLUMNS = ("path_in_pack", "source_path", "sqs", "version", "sha256", "recorded_at",
                    "last_review")
_CHUNK = 1 << 20
HEAD_OFFICE_PREFIX = f"{MARK} - "


@dataclass(frozen=True)
class Member:
    """One document file in the pack."""

    name: str
    packed: Packed


@dataclass
class PackResult:
    """What `make_pack` wrote."""

    path: Path
    unit: str
    as_of: str
    members: list[Member]
    extra: list[str] = field(default_factory=list)  # cover, binder
    not_in_binder: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def file(self) -> Generated:
        """The zip as a generated file (never recorded), for the one "wrote FILE" printer."""
        return Generated(self.path, None, None)


def _destination(output: Output, unit: str, day: str) -> Path:
    """The zip to write: `pack-<unit>-<date>.zip` in the current folder or in the folder
    `output.out`, or the file `output.out` itself."""
    name = f"pack-{unit}-{day}.zip"
    out = Path(os.path.abspath(output.out)) if output.out else Path.cwd() / name
    if out.is_dir():
        out = out / name
    if out.exists() and not output.force:
        raise Conflict(f"{out} exists; add --force to replace it, or choose another --out")
    return out


def _refuse_scanned_folder(repo: Repository, out: Path) -> None:
    try:
        relative = out.resolve().relative_to(repo.root)
    except ValueError:
        return
    if relative.parts and relative.parts[0] in ("policies", "records", ".repo"):
        raise InvalidInput(f"{out} is inside {relative.parts[0]}/, where the next scan would "
                           "store the whole pack again as a document; write it elsewhere "
                           "with --out")


def _info(name: str, size: int, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = size
    info.external_attr = 0o644 << 16  # readable files once extracted on Linux and macOS
    # zipfile sets the UTF-8 flag (0x800) itself for every name that is not plain ASCII
    return info


def _mtime(ns: int) -> tuple[int, int, int, int, int, int]:
    stamp = datetime.fromtimestamp(max(ns / 1e9, 315532800), tz=UTC)
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def _copy_in(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: io.BufferedIOBase
             ) -> str:
    digest = hashlib.sha256()
    with archive.open(info, "w", force_zip64=info.file_size > 0x7FFFFFFF) as sink:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            sink.write(chunk)
    return digest.hexdigest()


def make_pack(repo: Repository, unit: str, *, actor: Actor, output: Output,
              numbers: tuple[int, ...] = ALL_SQS, as_of: date | None = None, ocr: bool = False,
              on_progress: Progress | None = None) -> PackResult:
    """Write the evidence pack of `unit` for the SQS `numbers` as it stood at `as_of`.

    `output.formats` with "pdf" puts the binder in the zip; `output.record` does not apply
    (a pack is never recorded as a version, but the audit log names every version taken
    out). With `ocr` (needs the binder), scanned PDFs and photos go into the binder as
    searchable PDFs.
    """
    from repo_tool.generate.pack import _binder, _pages

    pdf = "pdf" in chosen_formats(output, FORMATS, ("zip",))
    day = (as_of or datetime.now().date()).isoformat()
    out = _destination(output, unit, day)
    _refuse_scanned_folder(repo, out)
    if ocr and not pdf:
        raise InvalidInput("--ocr makes the binder's scans searchable; it goes with --pdf")
    if pdf:
        _pages.need_soffice()
    languages = None
    if ocr:
        from repo_tool.ocr import engine_problem

        problem = engine_problem(repo.config.ocr_languages)
        if problem:
            raise Unsupported(problem)
        languages = repo.config.ocr_languages
    packed: list[Packed] = []
    disposed: list[tuple[Packed, Disposal]] = []  # current on the day, disposed of since
    for chosen in select(repo, unit, as_of, numbers):
        tombstone = repo.catalog.disposals.of_version(chosen.version.id)
        if tombstone is None:
            packed.append(chosen)
        else:
            disposed.append((chosen, tombstone))
    picker = NamePicker()
    members = [Member(picker.pick(sqs_folder(standard(p.sqs)), _member_name(p),
                                  p.document.path), p)
               for p in packed]
    result = PackResult(out, unit, day, members)
    result.warnings += [f"{shown(p.document.path)} v{p.version.number} (SQS {p.sqs}), current "
                        f"on {day}, is not in the pack: it was disposed of on "
                        f"{gone.disposed_on} under retention rule {gone.rule}, approved by "
                        f"{gone.approved_by}" for p, gone in disposed]
    result.warnings += [f"{shown(m.packed.document.path)}: its name holds control or "
                        "bidirectional characters that can make it look like another file; "
                        "rename it" for m in members if deceiving(m.packed.document.path)]
    sums: list[tuple[str, str]] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(out)
    with WriterLock(repo.state / "lock", "pack"):  # a pack that could not be audited is not
        pass                                        # built: find a busy writer before the work
    tmp_name = str(out.with_name(f".{out.name}.{os.getpid()}.part"))
    try:
        with tempfile.TemporaryDirectory(prefix="repo-tool-pack-") as work_dir:
            work = Path(work_dir)
            with zipfile.ZipFile(tmp_name, "w", allowZip64=True) as archive:
                total = len(members) + (len(members) if pdf else 0)
                for done, member in enumerate(members, 1):
                    version = member.packed.version
                    with repo.open_version(version) as source:
                        got = _copy_in(archive, _info(member.name, version.size,
                                                      _mtime(version.mtime_ns)),
                                       source)  # type: ignore[arg-type]
                    if got != version.sha256:  # changed after open_version checked them
                        raise Damaged(f"the stored bytes of '{version.path}' version "
                                      f"{version.number} changed while they were packed; "
                                      "run `repo-tool verify`")
                    sums.append((got, member.name))
                    if on_progress:
                        on_progress(done, total, member.name)
                now_standing = standing(repo, unit, as_of)  # one status for cover and manifest
                reviews = last_reviews(now_standing)
                rows = rows_for(packed, numbers, now_standing)
                cover_docx = _pages.write_cover(work / "cover.docx", repo.config.unit(unit), day,
                                                now()[:16].replace("T", " ") + " UTC",
                                                actor.label, rows)
                extra = [(cover_docx, f"{COVER}.docx")]
                cover_pdf: Path | None = None
                if _pages.soffice_path() is not None:
                    converted = _pages.convert_many([cover_docx], work / "cover-pdf")
                    found = converted[cover_docx]
                    if isinstance(found, Path):
                        cover_pdf = found
                        extra.append((found, f"{COVER}.pdf"))
                else:
                    result.warnings.append("no cover PDF: LibreOffice is not installed")
                if pdf and cover_pdf is not None:
                    binder = _binder.make_binder(repo, members, numbers, cover_pdf,
                                                 work / "binder", result, on_progress,
                                                 languages)
                    extra.append((binder, BINDER))
                for path, name in extra:
                    with path.open("rb") as source:
                        got = _copy_in(archive, _info(name, path.stat().st_size,
                                                      _mtime(path.stat().st_mtime_ns)),
                                       source)
                    sums.append((got, name))
                    result.extra.append(name)
                made = _mtime(time.time_ns())
                manifest = _manifest(members, reviews).encode("utf-8")
                archive.writestr(_info(MANIFEST, len(manifest), made), manifest)
                sums.append((hashlib.sha256(manifest).hexdigest(), MANIFEST))
                archive.writestr(_info(SUMS, 0, made),
                                 "".join(f"{h}  {n}\n" for h, n in sums))
        os.replace(tmp_name, out)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    try:
        _audit(repo, result, numbers, actor)
    except BaseException:  # evidence never leaves without its audit entry
        out.unlink(missing_ok=True)
        raise
    return result


def _member_name(packed: Packed) -> str:
    """The file's name in the pack; a head-office policy says so (`總辦事處 head office - …`)."""
    name = PurePosixPath(packed.document.path).name
    return f"{HEAD_OFFICE_PREFIX}{name}" if packed.head_office else name


def _remove_orphans(out: Path) -> None:
    """Delete `.NAME.PID.part` files that a killed pack left beside `out` (not a live one's)."""
    for part in out.parent.glob(f".{out.name}.*.part"):
        pid = part.name[len(out.name) + 2:-len(".part")]
        if pid.isdigit() and not pid_alive(int(pid)):
            part.unlink(missing_ok=True)


def _manifest(members: list[Member], reviews: dict[int, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    for member in members:
        version = member.packed.version
        writer.writerow((member.name, member.packed.document.path, member.packed.sqs,
                         version.number, version.sha256, version.recorded_at,
                         reviews.get(member.packed.sqs, "")))
    return "\ufeff" + buffer.getvalue()  # the BOM lets Excel read the Chinese as UTF-8


def _audit(repo: Repository, result: PackResult, numbers: tuple[int, ...], actor: Actor
           ) -> None:
    seen: dict[int, Member] = {}
    for member in result.members:
        seen.setdefault(member.packed.version.id, member)
    versions = [(m.packed.version.path, m.packed.version.number, m.packed.version.document_id,
                 m.packed.version.sha256) for m in seen.values()]
    with repo.writing("pack", actor) as session, session.catalog.transaction():
        session.audit("pack", {"unit": result.unit, "as_of": result.as_of,
                               "sqs": list(numbers), "documents": len(seen),
                               "files": len(result.members), "out": str(result.path),
                               "binder": BINDER in result.extra,
                               **versions_detail(versions)})

