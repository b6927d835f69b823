"""How `repo-tool user list` shows accounts."""

from __future__ import annotations

from repo_tool.domain.accounts import Account
from repo_tool.humanize import pad


def account_lines(found: list[Account]) -> list[str]:
    """A header and one line per account: name, role, state, units, SQSs, expiry."""
    if not found:
        return ["no accounts: `repo-tool serve` runs as the one local user; add the first "
                "admin with `repo-tool user add NAME --role admin`"]
    width = max(12, *(len(a.name) for a in found))
    lines = [f"{pad('name', width)}  {pad('role', 8)}  {pad('state', 8)}  {pad('expires', 10)}  "
             "units (SQS)"]
    for account in found:
        units = ", ".join(account.units) if account.units else "every unit"
        if account.sqs:
            units += f" (SQS {', '.join(map(str, account.sqs))})"
        lines.append(f"{pad(account.name, width)}  {pad(account.role, 8)}  "
                     f"{pad(account.state, 8)}  {pad(str(account.expires or '—'), 10)}  {units}")
    return lines
