"""Text for people: how the CLI shows versions, histories, scans and audit entries.

Pure functions from library objects to lines; the CLI prints them. Times are stored in UTC
and shown in the local time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from repo_tool.humanize import human_size, local_time, mtime_text, shown
from repo_tool.sqs import standard

if TYPE_CHECKING:  # names for the annotations; each command imports what it runs
    from repo_tool.domain.lifecycle import VersionState
    from repo_tool.domain.searching import SearchHit
    from repo_tool.generate import Generated
    from repo_tool.ingest.scanner import ScanResult
    from repo_tool.ingest.watch import Change, Notice
    from repo_tool.models import AuditEntry, Document, Version
    from repo_tool.ocr import OcrReport
    from repo_tool.repository.history import History
    from repo_tool.store.disposals import Disposal


def sqs_text(numbers: tuple[int, ...]) -> str:
    return ", ".join(f"SQS {n} {standard(n).name_zh}" for n in numbers) or "no SQS"


def scan_summary(result: ScanResult) -> list[str]:
    """The lines after a scan: each skipped file with its reason, then the counts."""
    lines = [f"skipped  {item.path}: {item.reason}" for item in result.skipped]
    for old, new in result.moved:
        lines.append(f"moved    {old} -> {new}")
    lines += [f"deleted  {path} (its versions are kept)" for path in result.deleted]
    lines += [f"missing  {path}" for path in result.missing]
    lines += [f"no text  {path}: {reason or status}" for path, status, reason in result.no_text]
    counts = result.counts()
    parts = [f"{counts[name]} {name}" for name in
             ("new", "changed", "moved", "deleted", "missing", "reappeared", "unchanged",
              "skipped")
             if counts[name] or name in ("new", "changed", "unchanged")]
    lines.append(", ".join(parts))
    if result.skipped:
        lines.append(f"{len(result.skipped)} file(s) were not recorded; see the reasons above")
    if result.no_text:
        lines.append(f"{len(result.no_text)} file(s) have no readable text: they are kept and "
                     "versioned, and search finds them by name only")
    if result.name_only:
        lines.append(f"found by name only: {format_counts(result.name_only)}")
    lines += [f"warning: {warning}" for warning in result.warnings]
    if result.still_missing:
        lines.append(f"warning: {result.still_missing} document(s) are still missing since an "
                     "earlier scan (see `repo-tool log PATH`); if they were removed on purpose, "
                     "run `repo-tool scan --confirm-deletions`")
    if result.ocr is not None:
        lines += ocr_lines(result.ocr)
    return [shown(line) for line in lines]


def format_counts(counts: tuple[tuple[str, int], ...]) -> str:
    """`3 .dwg, 1 .zip, 1 no extension`."""
    return ", ".join(f"{count} {what}" for what, count in counts)


def change_line(change: Change) -> str:
    """One line of `watch`: local time, unit, what happened, version, path."""
    try:
        when = datetime.fromisoformat(change.at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        when = change.at
    version = f"v{change.version}" if change.version is not None else "-"
    moved = f" (from {change.moved_from})" if change.moved_from else ""
    return shown(f"{when}  {change.unit:<10} {change.what:<8} {version:<5} {change.path}{moved}")


def notice_line(notice: Notice) -> str:
    """A watch notice as text (the CLI writes it to stderr)."""
    if notice.level == "skipped":
        return shown(f"skipped  {notice.path}: {notice.message}")
    return shown(f"{notice.level}: {notice.message}")


def ocr_lines(report: OcrReport) -> list[str]:
    """What an OCR pass did: files read, pages that failed, or how to enable OCR."""
    if report.problem:
        return [f"{report.problem} ({report.pending} file(s) wait for OCR)"] \
            if report.pending else []
    lines = [f"ocr      {path}: {reason}" for path, reason in report.failed]
    if report.done:
        flagged = f" ({len(report.failed)} flagged above)" if report.failed else ""
        lines.append(f"{report.done} scanned file(s) read by OCR{flagged}; their text is "
                     "searchable")
    return lines


def recent_lines(versions: list[Version]) -> list[str]:
    if not versions:
        return ["nothing recorded yet; put files in policies/<unit>/ or records/<unit>/ and run "
                "`repo-tool scan`"]
    return [shown(f"{local_time(v.recorded_at)}  v{v.number:<3} {human_size(v.size):>9}  "
                  f"{v.command:<8} {v.path}" + (f"  ({v.note})" if v.note else ""))
            for v in versions]


def history_lines(found: History, states: Mapping[int, VersionState] | None = None
                  ) -> list[str]:
    """A document's header, then its versions and events in the order they happened; with
    `states`, each policy version's lifecycle state."""
    states = states or {}
    doc = found.document
    lines = [doc.path,
             f"  unit {doc.unit}, {doc.kind}, {doc.status}; {sqs_text(doc.sqs)}"
             + (" (tagged)" if doc.sqs_source == "tag" else "")]
    timeline: list[tuple[str, int, str]] = []
    for v in found.versions:
        note = f"  {v.note}" if v.note else ""
        if v.number in states:
            note = f"  [{states[v.number].label}]{note}"
        timeline.append((v.recorded_at, 0, f"v{v.number:<3} {local_time(v.recorded_at)}  "
                         f"{human_size(v.size):>9}  {v.sha256[:12]}  {v.command}{note}"))
    for e in found.events:
        what = {"moved": f"moved from {e.detail.get('from')}",
                "tagged": f"tagged {sqs_text(tuple(e.detail.get('sqs', [])))}",
                "deleted": ("deletion confirmed (versions kept)" if e.detail.get("confirmed")
                            else "deleted from disk (versions kept)"),
                "missing": "missing: vanished with most of its unit (versions kept)",
                "reappeared": "back on disk",
                "disposed": (f"v{e.detail.get('version')} disposed of on "
                             f"{e.detail.get('disposed_on')} under rule {e.detail.get('rule')}, "
                             f"approved by {e.detail.get('approved_by')}"),
                "approved": (f"v{e.detail.get('version')} approved by {e.detail.get('approver')}"
                             f" ({e.detail.get('role')}) on {e.detail.get('approved_on')}, "
                             f"effective {e.detail.get('effective_on')}"),
                "withdrawn": (f"withdrawn by {e.detail.get('by')}"
                              + (f" ({e.detail['role']})" if e.detail.get("role") else "") + ", "
                              f"effective {e.detail.get('effective_on')}: "
                              f"{e.detail.get('note')}")}.get(e.kind, e.kind)
        timeline.append((e.at, 1, f"     {local_time(e.at)}  {what}"))
    lines += [text for _, _, text in sorted(timeline, key=lambda t: (t[0], t[1]))]
    return [shown(line) for line in lines]


def show_lines(doc: Document, v: Version, disposal: Disposal | None = None) -> list[str]:
    modified = mtime_text(v.mtime_ns)
    if disposal is not None:
        return [shown(line) for line in [
            f"{doc.path}",
            f"  version   {v.number} of {doc.versions}: disposed of",
            f"  disposed  on {disposal.disposed_on} under retention rule {disposal.rule} "
            f"({disposal.period} from {disposal.counted_from}, expired {disposal.expired_on}), "
            f"approved by {disposal.approved_by}, carried out by {disposal.disposed_by}",
            f"  size      {human_size(v.size)} ({v.size} bytes), no longer kept",
            f"  sha256    {v.sha256}",
            f"  modified  {modified}",
            f"  recorded  {local_time(v.recorded_at)} by `{v.command}`",
        ]]
    return [shown(line) for line in [
        f"{doc.path}",
        f"  version   {v.number} of {doc.versions}" + (f" ({v.note})" if v.note else ""),
        f"  unit      {doc.unit} ({doc.kind}, {doc.status})",
        f"  SQS       {sqs_text(doc.sqs)}",
        f"  size      {human_size(v.size)} ({v.size} bytes)",
        f"  sha256    {v.sha256}",
        f"  modified  {modified}",
        f"  recorded  {local_time(v.recorded_at)} by `{v.command}`",
        f"  get it:   repo-tool show '{doc.path}' --version {v.number} -o FILE",
    ]]


def audit_lines(entries: list[AuditEntry]) -> list[str]:
    if not entries:
        return ["the audit log is empty"]
    lines = []
    for e in entries:
        who = f"{e.by} ({e.user})" if e.by else e.user
        summary = ", ".join(f"{k} {v}" for k, v in e.detail.items()
                            if isinstance(v, int | str) and v != 0 and k not in ("versions_digest",
                                                                       "operation"))
        lines.append(f"#{e.id:<5} {local_time(e.at)}  {who:<16} {e.action:<12} {summary}")
    return lines


def highlighted(text: str, spans: tuple[tuple[int, int], ...],
                style: Callable[[str], str]) -> str:
    """`text` with each (start, end) span passed through `style`."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out += [text[last:start], style(text[start:end])]
        last = end
    out.append(text[last:])
    return "".join(out)


def hit_header(hit: SearchHit) -> str:
    version = f"v{hit.version}" + ("" if hit.current else f" of {hit.versions} (older version)")
    sqs = ",".join(str(n) for n in hit.sqs) or "-"
    state = f" · {hit.state}" if hit.state and hit.state != "draft" else ""
    return shown(f"{hit.path}  [{hit.unit} · SQS {sqs} · {version}{state} · "
                 f"{hit.modified[:10]}]")


def generated_lines(done: list[Generated]) -> list[str]:
    """`wrote records/ycc/generated/x.docx (version 2)` per file, then each remark once."""
    lines = [f"wrote {g.relpath} (version {g.version})" if g.relpath else
             f"wrote {g.path} (not recorded: outside the units' folders)"
             for g in done]
    return lines + list(dict.fromkeys(remark for g in done for remark in g.remarks))


def generated_json(done: list[Generated]) -> list[dict[str, Any]]:
    """The `--json` of every generate command: one object per file written."""
    return [{"path": str(g.path), "recorded_as": g.relpath, "version": g.version,
             "format": g.format} for g in done]
