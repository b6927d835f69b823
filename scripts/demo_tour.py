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

    section("Nothing lost: every stored version checked against its sha256, and the audit log")
    run("verify")
    run("audit")
    print("\nNext: try `repo-tool --help`, or see README.md for every command.")


if __name__ == "__main__":
    main()
