"""Keeping extracted text and the search index caught up with the catalog.

After every change (scan, import, restore, tag) the writer extracts text from blobs that have
none yet, in isolated worker processes, and stores it in the catalog; then it brings the search
index in line with what `Texts.index_work()` says is missing or stale. Both steps are idempotent,
so a crash anywhere is healed by the next writer. `reindex` throws the index away and rebuilds
it from the stored text, without parsing a single file again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from repo_tool import search  # the engine's modules load when a catch-up or a search runs
from repo_tool.errors import RepoError
from repo_tool.extract import EXTRACTOR_VERSION
from repo_tool.store import Catalog
from repo_tool.store.session import Progress, WriteSession, now

if TYPE_CHECKING:
    from repo_tool.search import Engine
    from repo_tool.store.texts import IndexWork

STATE_FILE = "state.json"
INDEX_FORMAT = 1
_COMMIT_EVERY = 5000
_TEXT_BATCH = 50
_EXTRACT_PAGE = 2000  # blobs read from the catalog at a time for extraction


class Tally(Protocol):
    """Where a catch-up adds its findings for the command that caused it (a scan's result)."""

    no_text: list[tuple[str, str, str]]
    warnings: list[str]


@dataclass
class CatchUp:
    """What one catch-up did."""

    extracted: int = 0
    no_text: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)
    indexed: int = 0
    warning: str | None = None


NOT_A_FOLDER = "'index' is a file, not the search index's folder"


class SearchIndex:
    """The `index/` folder: one engine's files plus state.json tying them to the catalog."""

    def __init__(self, root: Path, engine: str) -> None:
        self.folder = root / "index"
        self.engine_name = engine
        self.engine_folder = self.folder / engine

    def _state(self) -> dict[str, object] | None:
        try:
            value = json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def problem(self, catalog: Catalog) -> str | None:
        """Why the index cannot be used with this catalog, or None if it can."""
        if self.folder.exists() and not self.folder.is_dir():
            return NOT_A_FOLDER
        state = self._state()
        if state is None:
            return "the search index is missing"
        if (state.get("format"), state.get("engine"), state.get("analyzer")) != (
                INDEX_FORMAT, self.engine_name, search.ANALYZER_VERSION):
            return "the search index was built by another version or engine"
        if state.get("index_id") != catalog.texts.meta("index_id"):
            return "the search index belongs to another catalog"
        return None

    def damage(self) -> list[str]:
        """Index files whose own checksums fail (only Tantivy keeps them), by name."""
        if self.engine_name != "tantivy" or not self.engine_folder.is_dir():
            return []
        return [f"index/{self.engine_name}/{name}"
                for name in search.tantivy_damage(self.engine_folder)]

    def open_for_reading(self, catalog: Catalog) -> Engine:
        problem = self.problem(catalog)
        if problem:
            raise search.IndexUnusable(f"{problem}; run `repo-tool reindex` to rebuild it")
        return search.open_engine(self.engine_name, self.engine_folder, create=False)

    def create(self, catalog: Catalog) -> Engine:
        """A new, empty index; every version is marked as not indexed (in the open transaction)."""
        if self.folder.exists() and not self.folder.is_dir():
            raise search.IndexUnusable(f"{NOT_A_FOLDER}: move it away (repo-tool keeps its "
                                       "search index in the index folder), then run "
                                       "`repo-tool reindex`")
        if self.engine_folder.exists():
            import shutil  # a new index only: shutil also loads bz2 and lzma

            shutil.rmtree(self.engine_folder)
        self.folder.mkdir(exist_ok=True)
        engine = search.open_engine(self.engine_name, self.engine_folder, create=True)
        import uuid  # a new index only

        index_id = uuid.uuid4().hex
        catalog.texts.set_meta("index_id", index_id)
        catalog.texts.forget_index()
        state = {"format": INDEX_FORMAT, "engine": self.engine_name,
                 "analyzer": search.ANALYZER_VERSION, "index_id": index_id}
        tmp = self.folder / f".{STATE_FILE}.tmp"
        tmp.write_text(json.dumps(state), encoding="utf-8")
        tmp.replace(self.folder / STATE_FILE)
        return engine


def extract_missing(session: WriteSession, on_progress: Progress | None) -> CatchUp:
    """Extract and store text for every blob that has none from the current extractor."""
    report = CatchUp()
    texts = session.catalog.texts
    total = texts.missing_count(EXTRACTOR_VERSION)
    if not total:
        return report
    # Imported here: the PDF and XML libraries cost ~80 ms, which a search (or a scan with
    # nothing new to read) need not pay.
    from repo_tool.extract import ExtractorPool, preferred_name

    def work() -> Iterator[tuple[tuple[str, str], Path, str]]:
        # A page of blobs at a time: the pool draws items as its workers free up.
        after = ""
        while page := texts.missing(EXTRACTOR_VERSION, after, _EXTRACT_PAGE):
            for sha, paths in page:
                name = preferred_name(paths)
                yield (sha, name), session.objects.path_for(sha), name.rsplit("/", 1)[-1]
            after = page[-1][0]

    pending = 0
    since = time.monotonic()
    session.catalog.db.execute("BEGIN IMMEDIATE")
    try:
        with ExtractorPool() as pool:
            for done, ((sha, name), result) in enumerate(pool.map(work()), start=1):
                if on_progress:
                    on_progress(done, total, f"reading text: {name}")
                texts.put(sha, result.status, result.reason, result.extractor,
                          EXTRACTOR_VERSION, result.pages, result.text, now(),
                          scanned=result.needs_ocr, title=result.title)
                report.extracted += 1
                if result.status != "ok":
                    report.no_text.append((name, result.status, result.reason or ""))
                pending += 1
                if pending >= _TEXT_BATCH or time.monotonic() - since > 1.0:
                    session.catalog.db.execute("COMMIT")
                    session.catalog.db.execute("BEGIN IMMEDIATE")
                    pending, since = 0, time.monotonic()
    except BaseException:
        session.catalog.db.execute("ROLLBACK")
        raise
    session.catalog.db.execute("COMMIT")
    report.no_text.sort()  # read in sha256 order; told in path order
    return report


def sync_index(session: WriteSession, index: SearchIndex, on_progress: Progress | None,
               rebuild: bool = False) -> tuple[int, str | None]:
    """Bring the index in line with the catalog; returns (versions indexed, warning or None)."""
    catalog = session.catalog
    problem = index.problem(catalog)
    never_built = catalog.texts.meta("index_id") is None
    if rebuild or (problem and never_built):
        with catalog.transaction():
            engine = index.create(catalog)
    elif problem:
        return 0, f"{problem}; search will not see this change until `repo-tool reindex`"
    else:
        try:
            engine = search.open_engine(index.engine_name, index.engine_folder, create=False)
        except RepoError as exc:
            return 0, f"{exc}"
    try:
        total = catalog.texts.pending_index()
        done = 0
        done_rows: list[tuple[int, int]] = []
        text_cache: dict[str, str] = {}
        for item in _pages(catalog, total):
            done += 1
            if on_progress:
                on_progress(done, total, f"indexing: {item.path}")
            if item.sha256 not in text_cache:
                stored = catalog.texts.get(item.sha256)
                ocr = catalog.ocr.get(item.sha256)
                text_cache = {item.sha256: "\n".join(
                    part for part in (stored.text if stored else "", ocr.text if ocr else "")
                    if part)}
            engine.delete(item.version_id)
            engine.add(search.IndexDoc(
                key=item.version_id, document_id=item.document_id, path=item.path,
                unit=item.unit, kind=item.kind, sqs=item.sqs,
                modified=item.mtime_ns // 1_000_000_000, current=item.want_current,
                text=text_cache[item.sha256]))
            done_rows.append((item.version_id, int(item.want_current)))
            if len(done_rows) >= _COMMIT_EVERY:
                _commit(engine, catalog, done_rows)
                done_rows = []
        _commit(engine, catalog, done_rows)
        return done, None
    finally:
        engine.close()


def _pages(catalog: Catalog, total: int) -> Iterator[IndexWork]:
    """The index's work, read _COMMIT_EVERY versions at a time (by version id, so that marking
    a page done does not move the next one); never more than `total` (work that appears while
    indexing waits for the next catch-up, as before)."""
    after, left = 0, total
    while left > 0:
        page = catalog.texts.index_work(after, min(_COMMIT_EVERY, left))
        if not page:
            return
        yield from page
        after, left = page[-1].version_id, left - len(page)


def _commit(engine: Engine, catalog: Catalog, rows: list[tuple[int, int]]) -> None:
    """Commit the engine first, then record what it holds: a crash between the two only
    makes the next catch-up redo these rows (each add is preceded by a delete)."""
    engine.commit()
    if rows:
        with catalog.transaction():
            catalog.texts.set_indexed(rows)


def catch_up(session: WriteSession, index: SearchIndex, on_progress: Progress | None = None,
             rebuild: bool = False) -> CatchUp:
    """Extract what has no text yet, then update the search index.

    When the last catch-up left nothing to do and nothing has changed since (Texts.lagging
    explains the mark), this is two lookups: a no-change rescan stays close to a bare walk.
    """
    texts = session.catalog.texts
    if not rebuild and texts.is_synced(EXTRACTOR_VERSION) \
            and index.problem(session.catalog) is None:
        return CatchUp()
    report = extract_missing(session, on_progress)
    report.indexed, report.warning = sync_index(session, index, on_progress, rebuild)
    if report.warning is None:  # everything extracted and indexed, nothing left over
        with session.catalog.transaction():
            texts.mark_synced(EXTRACTOR_VERSION)
    return report
