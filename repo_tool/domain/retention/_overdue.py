"""What `status` and the unit page say: versions past retention and not yet disposed of."""

from __future__ import annotations

from datetime import date

from repo_tool.domain.retention._judge import judge_all
from repo_tool.humanize import human_size
from repo_tool.repository import Repository

RETENTION_ALERT = "retention: "
"""How the status line about versions past retention starts (the web shows it to admins)."""


def overdue_counts(repo: Repository, unit: str, today: date | None = None) -> tuple[int, int]:
    """(versions, bytes) of the unit past their retention period, not on hold, not disposed."""
    expired = [j for j in judge_all(repo.catalog, repo.config.retention, today or date.today(),
                                    unit) if j.expired]
    return len(expired), sum(j.candidate.size for j in expired)


def alerts(repo: Repository, unit: str, today: date) -> tuple[str, ...]:
    """One line when the unit has versions past their retention period."""
    count, size = overdue_counts(repo, unit, today)
    if not count:
        return ()
    return (f"{RETENTION_ALERT}{count} version(s) past their retention period, not yet disposed of "
            f"({human_size(size)}); review them with `repo-tool retention plan --unit {unit} "
            "-o plan.json`",)
