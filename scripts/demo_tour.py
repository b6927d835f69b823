"""`make demo`: scan the demo repository at the project root and show what repo-tool keeps.

Runs the real command line, printing each command before its output, as a user would type it.
The history part edits a duty log that .gitignore excludes (`records/**/demo-tour-*`), so the
tour never changes a tracked file; run it again and the log simply gains another version.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUTY_LOG = "records/ycc/SQS-03 運作及活動記錄/demo-tour-當值記錄 Duty Log.txt"

# The demo's paper trail of SQS 2 (minutes, form 2.01, the policies' revision histories), entered
# into the review log once: (unit, SQS, date, reviewer, outcome). The home's complaints
# procedure was missed in the 2023-24 review, so it is overdue.
DEMO_REVIEWS = (
    ("agency", 2, "2024-03-28", "梁淑儀 行政及人力資源經理", "amended"),
    ("ycc", 2, "2024-03-22", "陳美玲 中心主任", "amended"),
    ("ycc", 4, "2024-03-22", "陳美玲 中心主任", "no-change"),
    ("ycc", 14, "2024-03-22", "陳美玲 中心主任", "no-change"),
    ("ycc", 15, "2024-03-22", "陳美玲 中心主任", "amended"),
    ("home", 2, "2024-03-26", "周麗華 家舍主任", "amended"),
    ("home", 4, "2024-03-26", "周麗華 家舍主任", "no-change"),
    ("home", 14, "2024-03-26", "周麗華 家舍主任", "no-change"),
    ("home", 15, "2021-03-25", "周麗華 家舍主任", "no-change"),
)
# The amendments on the ycc's form 2.02 (2024-25): (SQS, clause, reason, new content, updated,
# released).
DEMO_AMENDMENTS = (
    ("4", "第3.1、3.5條；組織架構圖", "新增計劃社工（非資助）職位",
     "組織架構圖加入計劃社工（*）；第3.5條加入其職責", "2024-08-20", "2024-09-01"),
    ("14", "新增第3.7至3.9條", "中心安裝閉路電視", "訂明監察範圍、錄像只作管理用途、保存31日",
     "2025-01-20", "2025-02-01"),
)

# The home's statistics returns (seed 000's standards, records/home/standards.yaml): 2025-26 in
# full, 2026-27 so far; and its improvement plan: (standard, action, method, due, owner, benefit).
DEMO_FIGURES = (
    "standard,period,value,note\n"
    "ESR1,2025-26,met,\nESR2,2025-26,met,\nESR3,2025-26,met,\nESR4,2025-26,met,\n"
    "OS1,2025-26-Q1,92,\nOS1,2025-26-Q2,88,two children discharged\nOS1,2025-26-Q3,89,\n"
    "OS1,2025-26-Q4,93,\nOS2,2025-26-Q1,80,\nOS2,2025-26-Q2,82,\nOS2,2025-26-Q3,84,\n"
    "OS2,2025-26-Q4,83,\nOS3,2025-26-H1,95,\nOS3,2025-26-H2,92,\n"
    "OC1,2025-26,78,survey of 14 parents\n"
    "OS1,2026-27-Q1,91,\nOS1,2026-27-Q2,90,\nOS2,2026-27-Q1,86,\nOS2,2026-27-Q2,84,\n"
    "OS3,2026-27-H1,88,\n")
DEMO_PLANS = (
    ("OS2", "每月檢視個案覆檢進度 Monthly check of case reviews due",
     "督導會議逐個個案檢視 Case-by-case at supervision", "2026-09-30", "周麗華 家舍主任",
     "覆檢完成率回升至85%以上 Reviews back above 85%"),
    ("OC1", "每季家長座談會 Quarterly parents' meeting",
     "收集意見並跟進 Gather and follow up feedback", "2026-12-31", "何社工 Mr Ho",
     "家長滿意度達80% Parents' satisfaction at 80%"),
)

# The ycc's pledge results (records/ycc/pledges.yaml): 2025-26 in full, 2026-27 so far; PL2 was
# missed in the second quarter of 2026-27.
DEMO_PLEDGE_RESULTS = (
    "standard,period,value,note\n"
    "PL1,2025-26-Q1,97,\nPL1,2025-26-Q2,96,\nPL1,2025-26-Q3,95,\nPL1,2025-26-Q4,98,\n"
    "PL2,2025-26-Q1,92,\nPL2,2025-26-Q2,91,\nPL2,2025-26-Q3,93,\nPL2,2025-26-Q4,90,\n"
    "PL3,2025-26-H1,88,412 questionnaires\nPL3,2025-26-H2,90,398 questionnaires\n"
    "PL4,2025-26,100,7 written complaints\n"
    "PL1,2026-27-Q1,96,\nPL1,2026-27-Q2,97,\nPL2,2026-27-Q1,91,\n"
    "PL2,2026-27-Q2,86,two social workers on leave\nPL3,2026-27-H1,89,365 questionnaires\n")


def run(*args: str, echo: bool = True) -> str:
    """Run `repo-tool ARGS` in the demo repository, echoing the command and its output."""
    shown = " ".join(f"'{a}'" if " " in a else a for a in args)
    done = subprocess.run(
        [sys.executable, "-m", "repo_tool", *args], cwd=ROOT, text=True, capture_output=True
    )
    if echo:
        print(f"\n$ repo-tool {shown}", flush=True)
        print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    if done.returncode != 0:
        sys.exit(f"demo: `repo-tool {shown}` failed with exit code {done.returncode}")
    return done.stdout


def section(title: str) -> None:
    print(f"\n=== {title} ===", flush=True)


def main() -> None:
    section("The units of 明德社會服務協會 Ming Tak Social Service Association (repo.yaml)")
    run("unit", "list")

    section("Record every policy and evidence file (the first run records them all)")
    run("scan")
    run("log", "--limit", "8")

    section("One policy: its SQS comes from its folder name")
    policy = "policies/ycc/SQS-14 私隱和保密/私隱及保密政策 Privacy and Confidentiality Policy.docx"
    run("show", policy)

    section("Find every document about privacy, in either Chinese script, in milliseconds")
    run("search", "私隐")
    run("search", '"complaints"', "--unit", "home")
    run("search", "閉路電視", "--kind", "record", "--limit", "3")

    section("Every save is a version: a duty log is edited, scanned, and an old version restored")
    log_file = ROOT / DUTY_LOG
    log_file.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    with log_file.open("a", encoding="utf-8") as out:
        out.write(
            f"{stamp} 當值社工巡查活動室，一切正常。 Duty check of the activity room: all in "
            "order.\n"
        )
    run("scan")
    with log_file.open("a", encoding="utf-8") as out:
        out.write(
            f"{stamp} 更正：活動室冷氣機漏水，已通知總務。 Correction: the air conditioner "
            "leaks; maintenance informed.\n"
        )
    run("scan")
    history = run("log", DUTY_LOG, "--json", echo=False)
    numbers = [v["number"] for v in json.loads(history)["versions"]]
    run("log", DUTY_LOG)
    run("diff", DUTY_LOG)
    previous = numbers[-2]
    run("restore", DUTY_LOG, "--version", str(previous), "--by", "Demo Tour")
    print(f"\n(the duty log on disk now reads as version {previous} did:)")
    print(log_file.read_text(encoding="utf-8"), end="")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "latest-before-restore.txt"
        run("show", DUTY_LOG, "--version", str(numbers[-1]), "-o", str(copy))
        print(
            f"(and version {numbers[-1]} is still there, byte for byte: "
            f"{copy.stat().st_size} bytes)"
        )

    section("SQS 2: the review log, what is due, readiness, and forms 2.01 and 2.02")
    if json.loads(run("review", "list", "--json", echo=False)) == []:
        print("\n(entering the demo's paper record of reviews and amendments, once:)")
        for index, (unit, sqs, day, reviewer, outcome) in enumerate(DEMO_REVIEWS):
            run("review", "record", "--unit", unit, "--sqs", str(sqs), "--by", reviewer,
                "--date", day, "--outcome", outcome, echo=index == 0)
        for sqs_text, clause, reason, content, updated, released in DEMO_AMENDMENTS:
            run("amend", "--unit", "ycc", "--sqs", sqs_text, "--clause", clause, "--reason",
                reason, "--new-content", content, "--updated", updated, "--released",
                released, "--by", "陳美玲 中心主任", echo=sqs_text == "14")
    run("review", "due")
    run("generate", "form-2.01", "--unit", "ycc", "--cycle", "2023", "--head", "何家明",
        "--pdf", "--force")
    run("generate", "form-2.02", "--unit", "ycc", "--pdf", "--force")
    print("(kept in the demo repository, in records/ycc/generated/, each recorded as a version; "
          "open them to see the forms. Git ignores that folder.)")

    section("Performance standards (ESR, OS, OC), improvement plans and the SAR")
    if not json.loads(run("stats", "show", "--unit", "home", "--json", "--year", "2025",
                          echo=False))["standards"][4]["figures"]:
        print("\n(entering the home's statistics returns and improvement plan, once:)")
        with tempfile.TemporaryDirectory() as tmp:
            csv = Path(tmp) / "home-statistics.csv"
            csv.write_text(DEMO_FIGURES, encoding="utf-8")
            run("stats", "import", str(csv), "--unit", "home", "--as-of", "2026-11-01",
                "--by", "周麗華 家舍主任", echo=False)
        for code, action, method, due, owner, benefit in DEMO_PLANS:
            run("plan", "add", "--unit", "home", "--standard", code, "--action", action,
                "--method", method, "--due", due, "--owner", owner, "--benefit", benefit,
                "--by", "周麗華 家舍主任", echo=code == "OS2")
    run("stats", "show", "--unit", "home", "--year", "2025")
    run("plan", "list", "--unit", "home")
    with tempfile.TemporaryDirectory() as tmp:
        run("stats", "return", "--unit", "home", "--period", "2025-26-Q4", "--format", "xlsx",
            "-o", tmp)
    if not json.loads(run("stats", "returns", "--unit", "home", "--json",
                          echo=False))["submissions"]:
        print("\n(submitting the home's returns of 2025-26 for SPMIS, once:)")
        for quarter in ("Q1", "Q2", "Q3", "Q4"):
            run("stats", "submit", "--unit", "home", "--period", f"2025-26-{quarter}", "--by",
                "周麗華 家舍主任", echo=quarter == "Q4")
    run("stats", "returns", "--unit", "home")
    run("status", "--unit", "home")  # after the figures: its alerts are the real ones
    run("generate", "sar", "--unit", "home", "--year", "2025", "--prepared-by",
        "周麗華 家舍主任", "--head", "何家明", "--pdf", "--force")
    print("(kept in the demo repository: records/home/generated/SAR 2025-26.docx and .pdf)")

    section("Performance pledges: targets, results, the notice and its web page (seed 002)")
    listed = json.loads(run("pledge", "list", "--unit", "ycc", "--json", echo=False))
    if listed["pledges"][0]["latest"] is None:
        print("\n(entering the ycc's pledge results, once:)")
        with tempfile.TemporaryDirectory() as tmp:
            csv = Path(tmp) / "ycc-pledge-results.csv"
            csv.write_text(DEMO_PLEDGE_RESULTS, encoding="utf-8")
            run("stats", "import", str(csv), "--unit", "ycc", "--as-of", "2026-11-01",
                "--by", "陳美玲 中心主任", echo=False)
    run("pledge", "list", "--unit", "ycc")
    run("generate", "pledge-notice", "--unit", "ycc", "--force")
    print("(kept in the demo repository: records/ycc/generated/pledge-notice.docx, .pdf and "
          ".html, the page for the centre's website)")

    section("Policy lifecycle: approved by the agency head, in force, read by staff, changes")
    if not json.loads(run("visit", "list", "--unit", "ycc", "--json", echo=False)):
        print("\n(entering the demo's paper record once: the last visit, the approvals of the "
              "ycc policies for 1 April 2025, and two staff signatures:)")
        run("visit", "record", "--unit", "ycc", "--date", "2024-05-02", "--type", "review")
        for index, path in enumerate(sorted((ROOT / "policies/ycc").rglob("*.*"))):
            run("approve", path.relative_to(ROOT).as_posix(), "--by", "何家明", "--role",
                "總幹事 Chief Executive", "--date", "2025-03-20", "--effective", "2025-04-01",
                echo=index == 0)
        for staff in ("Y001", "Y003"):
            run("ack", "record", "--unit", "ycc", "--staff", staff, "--document", policy,
                "--date", "2025-04-08", "--by", "陳美玲 中心主任", echo=staff == "Y001")
    run("log", policy)
    run("search", "私隱", "--unit", "ycc", "--state", "in-force")
    run("ack", "report", "--unit", "ycc", "--document", policy)
    run("changes", "--unit", "ycc")

    section("Nothing lost: every stored version checked against its sha256, and the audit log")
    run("verify")
    run("audit")
    print("\nNext: `.venv/bin/repo-tool serve` opens the same repository in a browser at "
          "http://127.0.0.1:8000/; try `repo-tool --help`, or see README.md for every command.")


if __name__ == "__main__":
    main()
