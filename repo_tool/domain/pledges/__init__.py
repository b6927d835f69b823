"""Performance pledges (seed 002): targets the public understands, results per period,
monitoring and where results are published; `pledge_flags` feeds `status` and the head
office's overview.

The public surface; helper modules start with `_`.
"""

from repo_tool.domain.pledges._file import (
    FREQUENCY_NAMES,
    MARK,
    PLACES,
    PLEDGES_NAME,
    Monitoring,
    Pledge,
    Pledges,
    find_pledges,
    load_pledges,
    parse_pledges,
    pledges_relpath,
)
from repo_tool.domain.pledges._results import (
    VERDICT_ZH,
    PledgeReport,
    PledgeResult,
    frequency_text,
    period_zh,
    pledge_flags,
    pledge_report,
    publish_by,
    report_json,
)

__all__ = ["FREQUENCY_NAMES", "MARK", "PLACES", "PLEDGES_NAME", "VERDICT_ZH", "Monitoring",
           "Pledge", "PledgeReport", "PledgeResult", "Pledges", "find_pledges",
           "frequency_text", "load_pledges", "parse_pledges", "period_zh", "pledge_flags",
           "pledge_report", "pledges_relpath", "publish_by", "report_json"]
