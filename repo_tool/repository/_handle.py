"""Repository: open or create one, find its paths, take the writer lock; the facade the CLI uses.

Readers open the catalog without the lock (SQLite WAL lets them read while a writer works);
every changing command runs inside `writing()`, which holds `.repo/lock`, opens a write session,
and first gives any operation a crash interrupted its audit entry.
"""

from __future__ import annotations

import getpass
import os
import stat
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from repo_tool.config import CONFIG_NAME, Config, Unit, load_config, new_config_text, text_with_unit
from repo_tool.errors import (
    ConfigError,
    Conflict,
    Damaged,
    InvalidInput,
    NotARepository,
    NotFound,
    Unsupported,
)
from repo_tool.models import FOLDER_OF_KIND, Actor, Document, Version
from repo_tool.repository.catch_up import CatchUp, SearchIndex, Tally, catch_up
from repo_tool.repository.disposal import finish_disposals
from repo_tool.store import Catalog, ObjectStore
from repo_tool.store.catalog import CatalogOutdated
from repo_tool.store.lock import WriterLock
from repo_tool.store.objects import make_private_dir
from repo_tool.store.ocr_texts import languages_key
from repo_tool.store.placement import network_share_problem
from repo_tool.store.session import Progress, WriteSession, now

if TYPE_CHECKING:
    from repo_tool.ocr import OcrReport


STATE_DIR = ".repo"
CONFIG_CACHE = "config-cache.json"  # repo.yaml as last validated (config.load_config)


def current_actor(by: str | None = None) -> Actor:
    """The OS user running the command, plus the person named with `--by`."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
    return Actor(user=user, by=by.strip() if by and by.strip() else None)


def first_link(root: Path, relpath: str) -> str | None:
    """The first component of `relpath` under `root` that is a symbolic link, if any.

    Components that do not exist (yet) cannot be links; the walk stops at the first of them.
    """
    path = root
    parts = relpath.split("/")
    for depth, part in enumerate(parts, start=1):
        path = path / part
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return "/".join(parts[:depth])
        except (FileNotFoundError, NotADirectoryError):
            return None
    return None


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds repo.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise NotARepository(f"no {CONFIG_NAME} in {start} or any folder above it; run "
                         "`repo-tool init` there, or pass --repo PATH")


class Repository:
    """One repository folder: repo.yaml, policies/, records/, templates/, index/ and .repo/."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root
        self.config = config
        self.state = root / STATE_DIR
        self.objects = ObjectStore(self.state / "objects")
        self.index = SearchIndex(root, config.search_engine)
        self._catalog: Catalog | None = None

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, config: Config | None = None) -> Repository:
        """The repository at `path` (or found upward from the current folder).

        `config` is its repo.yaml already read (a server reads it again only when it changes).
        """
        if path is not None and not (path / CONFIG_NAME).is_file():
            if not path.exists():
                raise NotARepository(f"{path} does not exist")
            raise NotARepository(f"{path} has no {CONFIG_NAME}; run `repo-tool init {path}`")
        root = path.resolve() if path is not None else find_root(Path.cwd())
        repo = cls(root, config or load_config(root / CONFIG_NAME, root / STATE_DIR / CONFIG_CACHE))
        if not (repo.state / "catalog.sqlite").is_file():
            repo._create_state()
        return repo

    @classmethod
    def init(cls, path: Path, name_zh: str, name_en: str) -> Repository:
        """Create a repository in `path`: repo.yaml, the folders and an empty catalog."""
        config_path = path / CONFIG_NAME
        if config_path.exists():
            raise Conflict(f"{config_path} already exists; this is a repository already")
        if not name_zh.strip() or not name_en.strip():
            raise InvalidInput("the organisation needs a Chinese and an English name "
                               "(--name-zh and --name-en)")
        path.mkdir(parents=True, exist_ok=True)
        problem = network_share_problem(path)
        if problem:
            raise Unsupported(problem)
        config_path.write_text(new_config_text(name_zh.strip(), name_en.strip()),
                               encoding="utf-8")
        return cls.open(path)

    def check_local_disk(self) -> None:
        """Refuse a repository on a network share (see repo_tool/store/placement.py); `watch`
        and `serve` call this before they start."""
        problem = network_share_problem(self.root)
        if problem:
            raise Unsupported(problem)

    def _create_state(self) -> None:
        make_private_dir(self.state)
        self.objects.create()
        for folder in ("policies", "records", "templates", "index"):
            (self.root / folder).mkdir(exist_ok=True)
        for unit in self.config.units:
            self._create_unit_folders(unit.code)
        Catalog.create(self.state / "catalog.sqlite").close()

    def _create_unit_folders(self, code: str) -> None:
        for kind_folder in FOLDER_OF_KIND.values():
            (self.root / kind_folder / code).mkdir(parents=True, exist_ok=True)

    @property
    def catalog(self) -> Catalog:
        """A reading connection (no lock needed).

        A catalog from an older repo-tool is upgraded first, under the writer lock, so that
        after an upgrade every command works at once; if a writer is busy, the user is told.
        """
        if self._catalog is None:
            path = self.state / "catalog.sqlite"
            try:
                self._catalog = Catalog(path, write=False)
            except CatalogOutdated:
                with WriterLock(self.state / "lock", "upgrade the catalog"):
                    Catalog(path, write=True).close()
                self._catalog = Catalog(path, write=False)
        return self._catalog

    def close(self) -> None:
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None

    @contextmanager
    def writing(self, command: str, actor: Actor) -> Iterator[WriteSession]:
        """Hold the writer lock and a write session for one changing command."""
        with WriterLock(self.state / "lock", command):
            catalog = Catalog(self.state / "catalog.sqlite", write=True)
            try:
                session = WriteSession(self.root, catalog, self.objects, actor, command)
                session.recover_interrupted()
                finish_disposals(session, self.index)  # a disposal a crash cut short
                yield session
                catalog.summaries.refresh()  # what the next `status` reads of changed units
            finally:
                catalog.close()

    # -- paths ------------------------------------------------------------------------------

    def relpath(self, given: str | Path) -> str:
        """The catalog name of a path given on the command line (relative to here or the root)."""
        text = str(given)
        if not text.strip():
            raise InvalidInput("the path is empty")
        candidate = Path(os.path.abspath(text))
        try:
            relative = candidate.relative_to(self.root)
        except ValueError:
            relative = Path(text)
            if relative.is_absolute():
                raise InvalidInput(f"{given} is outside the repository {self.root}") from None
        parts = [part for part in relative.as_posix().split("/") if part not in ("", ".")]
        if ".." in parts or not parts:
            raise InvalidInput(f"{given} is outside the repository {self.root}")
        return unicodedata.normalize("NFC", "/".join(parts))

    def disk_path(self, relpath: str) -> Path:
        """Where a repository path lies on disk, refusing one that passes through a symbolic
        link (which could lead out of the repository) or resolves outside the root."""
        link = first_link(self.root, relpath)
        if link is not None:
            raise InvalidInput(f"'{link}' is a symbolic link; repo-tool does not follow links, "
                               "which could lead out of the repository: replace it with a real "
                               "folder")
        path = self.root / relpath
        real, root = Path(os.path.realpath(path)), Path(os.path.realpath(self.root))
        if real != root and root not in real.parents:
            raise InvalidInput(f"'{relpath}' leads outside the repository {self.root}")
        return path

    def document(self, given: str | Path) -> Document:
        """The document at a path, or NotFound saying how to record it.

        A path whose folders on disk now pass through a symbolic link is refused (InvalidInput):
        whatever reads or writes the document next must not be led out of the repository.
        """
        relpath = self.relpath(given)
        self.disk_path(relpath)
        document = self.catalog.document(relpath)
        if document is None:
            raise NotFound(f"'{relpath}' is not in the catalog; check the path with "
                           "`repo-tool log`, or record it with `repo-tool scan`")
        return document

    def version(self, document: Document, number: int | None = None) -> Version:
        """A version of a document: the given number, or the latest."""
        versions = self.catalog.versions(document.id)
        if number is None:
            return versions[-1]
        for version in versions:
            if version.number == number:
                return version
        raise NotFound(f"'{document.path}' has no version {number}; it has versions 1 to "
                       f"{len(versions)} (see `repo-tool log '{document.path}'`)")

    def open_version(self, version: Version) -> BinaryIO:
        """A version's stored bytes for reading, checked against its sha256 first: bytes that
        are missing or altered are refused, naming the document and version; a version disposed
        of under a retention rule is refused with its tombstone (when, rule, approver)."""
        disposal = self.catalog.disposals.of_version(version.id)
        if disposal is not None:
            raise NotFound(f"'{version.path}' version {version.number} was disposed of on "
                           f"{disposal.disposed_on} under retention rule {disposal.rule}, "
                           f"approved by {disposal.approved_by}; its bytes and text are gone "
                           "(the catalog keeps its tombstone)")
        try:
            return self.objects.open(version.sha256)
        except FileNotFoundError:
            raise NotFound(f"the bytes of '{version.path}' version {version.number} are missing "
                           "from .repo/objects; run `repo-tool verify`") from None
        except Damaged:
            raise Damaged(f"the stored bytes of '{version.path}' version {version.number} no "
                          "longer match their sha256 (the copy in .repo/objects was altered or "
                          "damaged), so they are not handed out; run `repo-tool verify` and "
                          "restore .repo/objects from a backup") from None

    # -- commands ---------------------------------------------------------------------------

    def ocr(self, actor: Actor, on_progress: Progress | None = None, *,
            retry_failed: bool = False) -> OcrReport:
        """Read every queued scanned page by OCR and add the text to the search index.

        With `retry_failed`, files whose OCR failed before (a time limit, a damaged page, an
        engine since upgraded) join the queue again first.
        """
        with self.writing("ocr", actor) as session:
            if retry_failed:
                with session.catalog.transaction():
                    session.catalog.ocr.forget_failures()
            return self.run_ocr(session, on_progress)

    def run_ocr(self, session: WriteSession, on_progress: Progress | None) -> OcrReport:
        """Read the OCR queue inside `session` and index what was read."""
        from repo_tool.ocr import run_queue  # OCR's own imports (subprocess, ...) wait till here

        report = run_queue(session, self.config.ocr_languages, on_progress)
        if report.done:
            self.catch_up(session, None, on_progress)
        return report

    def ocr_problem(self) -> str | None:
        """One line saying why OCR cannot run here and how to enable it, or None when it can
        (or when repo.yaml switches it off, which is a choice, not a problem), or when no file
        waits for it: Tesseract is only asked when there is something to read."""
        if not self.config.ocr_enabled:
            return None
        waiting = self.ocr_queue()
        if not waiting:
            return None
        from repo_tool.ocr import engine_problem  # subprocess and the rest wait till here

        problem = engine_problem(self.config.ocr_languages)
        if problem is None:
            return None
        return (f"{problem}; {len(waiting)} file(s) wait for it (or switch it off "
                "in repo.yaml with `ocr: {enabled: false}`)")

    def ocr_queue(self) -> list[tuple[str, str]]:
        """(sha256, path) of each blob waiting for OCR with the configured languages."""
        return self.catalog.ocr.queue(languages_key(self.config.ocr_languages))

    def catch_up(self, session: WriteSession, result: Tally | None = None,
                 on_progress: Progress | None = None, rebuild: bool = False) -> CatchUp:
        """Extract text that is missing and update the search index (inside a write session)."""
        report = catch_up(session, self.index, on_progress, rebuild)
        if result is not None:
            result.no_text += report.no_text
            if report.warning:
                result.warnings.append(report.warning)
        return report

    def reindex(self, actor: Actor, on_progress: Progress | None = None) -> CatchUp:
        """Rebuild the search index from the stored text (and extract what has none)."""
        with self.writing("reindex", actor) as session:
            report = self.catch_up(session, None, on_progress, rebuild=True)
            with session.catalog.transaction():
                session.audit("reindex", {"engine": self.index.engine_name,
                                          "versions": report.indexed,
                                          "extracted": report.extracted})
        return report

    def add_unit(self, code: str, name_zh: str, name_en: str, phone: str | None,
                 actor: Actor) -> Unit:
        """Register a unit in repo.yaml (comments kept) and create its folders."""
        unit = Unit(code=code.strip(), name_zh=name_zh.strip(), name_en=name_en.strip(),
                    phone=phone.strip() if phone else None)
        path = self.root / CONFIG_NAME
        with self.writing("unit add", actor) as session:
            text = path.read_text(encoding="utf-8")
            if self.config.has_unit(unit.code):
                raise Conflict(f"unit '{unit.code}' is already registered in {CONFIG_NAME}")
            try:
                new_text = text_with_unit(text, path, unit)
            except ConfigError as exc:
                raise InvalidInput(f"cannot add unit '{unit.code}': {exc}") from None
            tmp = path.with_name(f".{CONFIG_NAME}.{os.getpid()}.tmp")
            tmp.write_text(new_text, encoding="utf-8")
            os.replace(tmp, path)
            self.config = load_config(path)
            self._create_unit_folders(unit.code)
            with session.catalog.transaction():
                session.audit("unit add", {"unit": unit.code, "name_zh": unit.name_zh,
                                           "name_en": unit.name_en})
        return unit

    def unit_summaries(self) -> list[tuple[Unit, int, int]]:
        """Each registered unit with its count of present documents and of versions."""
        counts = self.catalog.unit_counts()
        return [(unit, *counts.get(unit.code, (0, 0))) for unit in self.config.units]

    def tag(self, given: str | Path, numbers: tuple[int, ...], actor: Actor) -> Document:
        """Set a document's SQS numbers (an empty tuple goes back to what its path names)."""
        document = self.document(given)
        with self.writing("tag", actor) as session:
            with session.catalog.transaction():
                session.catalog.set_sqs(document.id, "tag", numbers)
                session.catalog.add_event(document.id, now(), "tagged",
                                          {"sqs": list(numbers)}, session.operation)
                session.audit("tag", {"path": document.path, "sqs": list(numbers),
                                      "before": list(document.sqs)})
            self.catch_up(session)
        return self.catalog.document_by_id(document.id)

