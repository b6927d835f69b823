"""Retention: which versions have outlived their rule, the plan people review, the disposal
that follows it, and the counts `status` shows (see docs/retention.md)."""

from repo_tool.domain.retention._apply import Applied, apply_plan
from repo_tool.domain.retention._judge import Judged, judge, judge_all
from repo_tool.domain.retention._overdue import RETENTION_ALERT, alerts, overdue_counts
from repo_tool.domain.retention._plan import (
    PlanEntry,
    RetentionPlan,
    plan_json,
    read_plan,
    retention_plan,
    write_plan,
)

__all__ = ["RETENTION_ALERT", "Applied", "Judged", "PlanEntry", "RetentionPlan", "alerts",
           "apply_plan", "judge", "judge_all", "overdue_counts", "plan_json", "read_plan",
           "retention_plan", "write_plan"]
