"""The internal service audit (issue 21) through the command line, on a real repository.

Two financial years are simulated honestly where the clock cannot be: the documents are
recorded by a real `scan`, and then their `recorded_at` in the catalog is moved back to the day
they would have been recorded in a repository kept since 2024 (the audit log's digests cover
document, number and sha256, not that time, so `verify` still passes). Everything else, the
findings, plan items, approvals, figures, is entered by the commands with `--as-of`.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from docx import Document

from repo_tool.domain.isa import load_checklist, parse_checklist
from repo_tool.errors import ConfigError
from repo_tool.generate import soffice_path
from repo_tool.repository import Repository
from repo_tool.sqs import STANDARDS
from tests.conftest import Cli, write
from tests.paper_checks import docx_words, save_pages, split_words

PROJECT = Path(__file__).resolve().parent.parent
STANDARDS_YAML = (PROJECT / "records/home/standards.yaml").read_text(encoding="utf-8")
REPORT = "records/home/generated/ISA 2025-26.docx"


def ok(done: object) -> str:
    assert getattr(done, "exit_code") == 0, getattr(done, "output")  # noqa: B009
    return str(getattr(done, "output"))  # noqa: B009


def policy(sqs: int) -> str:
    name = STANDARDS[sqs - 1].name_zh
    return f"policies/home/SQS-{sqs:02d} {name}/政策 policy {sqs}.txt"


def backdate(repo: Repository, path: str, number: int, day: str) -> None:
    """Move a version's recorded_at back (see the module notes)."""
    db = sqlite3.connect(repo.root / ".repo/catalog.sqlite")
    db.execute("UPDATE versions SET recorded_at = ? WHERE number = ? AND document_id = "
               "(SELECT id FROM documents WHERE path = ?)", (f"{day}T09:00:00.000+00:00",
                                                           number, path))
    db.commit()
    db.close()


@pytest.fixture
def home(repo: Repository, cli: Cli) -> Cli:
    """The home: a policy per SQS recorded in May 2024, its standards, OS1 below its level in
    2024-25 and 2025-26."""
    for sqs in range(1, 17):
        write(repo.root / policy(sqs), f"SQS {sqs} 政策 policy text, first edition\n")
    write(repo.root / "records/home/standards.yaml", STANDARDS_YAML)
    ok(cli("scan", "--no-ocr"))
    for sqs in range(1, 17):
        backdate(repo, policy(sqs), 1, "2024-05-02")
    for year in ("2024-25", "2025-26"):
        for quarter in ("Q1", "Q2", "Q3", "Q4"):
            ok(cli("stats", "record", "--unit", "home", "--standard", "OS1", "--period",
                   f"{year}-{quarter}", "--value", "82", "--as-of", "2026-04-20"))
    return cli


def audit_year(cli: Cli, year: str, as_of: str, not_met: dict[str, str]) -> None:
    """Judge every criterion of the starter checklist, met with its SQS's policy as evidence
    except those in `not_met` (criterion -> result)."""
    ok(cli("isa", "start", "--unit", "home", "--year", year, "--auditor", "黃審查員",
           "--as-of", as_of, "--by", "黃審查員"))
    for criterion in load_checklist(cli.root, "home").criteria:
        result = not_met.get(criterion.id, "met")
        args = ["isa", "find", "--unit", "home", "--year", year, "--criterion", criterion.id,
                "--result", result, "--as-of", as_of, "--by", "黃審查員",
                "--evidence", f"{policy(criterion.sqs)}@v1"]
        if result != "met":
            args += ["--observation", f"{criterion.id} 紀錄不全 records incomplete",
                     "--recommendation", f"{criterion.id} 每月覆核紀錄 check the records "
                     "monthly"]
        ok(cli(*args))


def test_two_years_of_audits_from_checklist_to_approved_report_and_sar(
        repo: Repository, home: Cli, tmp_path: Path) -> None:
    audit_year(home, "2024", "2025-04-15", {"14.2": "not-met"})
    audit_year(home, "2025", "2026-04-10", {"14.2": "not-met", "9.1": "partly",
                                            "13.1": "n/a"})
    shown = json.loads(ok(home("isa", "show", "--unit", "home", "--year", "2025", "--json")))
    total = len(load_checklist(repo.root, "home").criteria)
    assert (shown["done"], shown["total"]) == (total, total)
    assert shown["counts"] == {"met": total - 3, "not-met": 1, "partly": 1, "n/a": 1}
    c142 = next(c for c in shown["criteria"] if c["id"] == "14.2")
    assert c142["evidence"] == [f"{policy(14)} v1"] and c142["result"] == "not-met"
    # two plan items raised in one step each, through the plan machinery
    for criterion in ("14.2", "9.1"):
        out = ok(home("isa", "plan", "--unit", "home", "--year", "2025", "--criterion",
                      criterion, "--method", "主任每月抽查 monthly spot checks", "--due",
                      "2026-09-30", "--owner", "陳主任", "--benefit", "紀錄齊全 complete "
                      "records", "--by", "黃審查員"))
        assert f"(criterion {criterion})" in out
    plans = json.loads(ok(home("plan", "list", "--unit", "home", "--json")))
    assert sorted(p["standard"] for p in plans) == ["SQS14", "SQS9"]
    refused = home("isa", "plan", "--unit", "home", "--year", "2025", "--criterion", "1.1",
                   "--method", "m", "--due", "2026-09-30", "--owner", "o", "--benefit", "b")
    assert refused.exit_code != 0 and "judged met" in refused.output
    listed = ok(home("isa", "list"))
    assert f"home 2025-26  auditor 黃審查員, started 2026-04-10: {total} of {total} criteria " \
           "done" in listed and "no report yet" in listed

    # the report, through LibreOffice when it is installed
    pdf = soffice_path() is not None
    made = ok(home("generate", "isa-report", "--unit", "home", "--year", "2025", "--head",
                   "何家明", "--chair", "李主席", "--as-of", "2026-04-20",
                   *(["--pdf"] if pdf else [])))
    assert REPORT in made
    document = Document(str(repo.root / REPORT))
    text = "\n".join([p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells])
    for expected in ("內部服務審查報告 Internal Service Audit Report 2025-26", "黃審查員",
                     "2025-04-01 至 to 2026-03-31", f"{policy(14)} v1",
                     "14.2 每月覆核紀錄 check the records monthly", "部分符合 partly met",
                     "管治委員會主席", "何家明", "李主席",
                     "持續未符合 — 密切監察 persistently not met — close monitoring"):
        assert expected in text, expected
    flagged = next(t for t in document.tables if t.rows[0].cells[0].text == "項目 Item")
    assert [[c.text for c in r.cells] for r in flagged.rows[1:]] == [
        ["OS1", "2024-25, 2025-26"], ["SQS14", "2024-25, 2025-26"]]
    summary = document.tables[0]
    row14 = next(r for r in summary.rows if r.cells[0].text == "14")
    assert [c.text for c in row14.cells[2:]] == ["2", "0", "1", "0", "3/3"]
    if pdf:
        pdf_path = (repo.root / REPORT).with_suffix(".pdf")
        words = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"],
                               capture_output=True, text=True, check=True).stdout
        flat = " ".join(words.split())
        assert "內部服務審查報告 Internal Service Audit Report 2025-26" in flat
        assert "persistently not met — close monitoring" in flat
        assert split_words(pdf_path, docx_words(repo.root / REPORT)) == []
        assert save_pages(pdf_path, "isa-report")

    # before approval: status alerts it; the approval is the lifecycle's `approve`
    alerts = json.loads(ok(home("status", "--unit", "home", "--as-of", "2026-04-25",
                                "--json")))[0]["alerts"]
    assert f"no approved internal service audit report (ISA) for 2025-26: {REPORT} v1 is not " \
           f"approved; record the approvals with `repo-tool approve '{REPORT}' ...`" in alerts
    assert "OS1: persistently not met — close monitoring (not met in 2024-25, 2025-26)" \
        in alerts
    assert "SQS14: persistently not met — close monitoring (not met in 2024-25, 2025-26)" \
        in alerts
    for name, role in (("何家明", "總幹事 Agency head"), ("李主席", "主席 Chairperson")):
        ok(home("approve", REPORT, "--by", name, "--role", role, "--effective", "2026-04-28",
                "--date", "2026-04-28"))
    alerts = json.loads(ok(home("status", "--unit", "home", "--as-of", "2026-04-30",
                                "--json")))[0]["alerts"]
    assert not any("no approved internal service audit" in a for a in alerts)
    assert "approved" in ok(home("isa", "list", "--unit", "home")).splitlines()[-1]
    # approving the report does not put the home's policies under the lifecycle
    assert "draft" not in " ".join(json.loads(ok(home("status", "--unit", "home", "--json")))
                                   [0]["alerts"])

    # the SAR of 2025-26 has the audit summary and names the approved report
    ok(home("generate", "sar", "--unit", "home", "--year", "2025", "--as-of", "2026-04-30"))
    sar = Document(str(repo.root / "records/home/generated/SAR 2025-26.docx"))
    paragraphs = [p.text for p in sar.paragraphs]
    assert "內部服務審查 Internal service audit" in paragraphs
    assert f"已核准報告 Approved report: {REPORT} v1, 批核 approved by 何家明 " \
           "(總幹事 Agency head) 2026-04-28; 李主席 (主席 Chairperson) 2026-04-28" in paragraphs
    assert any(p.startswith("持續未符合 — 密切監察: OS1: persistently not met") for p in paragraphs)
    # the SAR of 2024-25: an audit but no approved report, in red
    ok(home("generate", "sar", "--unit", "home", "--year", "2024", "--as-of", "2025-04-30"))
    old = Document(str(repo.root / "records/home/generated/SAR 2024-25.docx"))
    red = next(p for p in old.paragraphs if p.text.startswith("未有已核准的內部服務審查報告"))
    assert "No approved internal service audit report for 2024-25" in red.text
    assert str(red.runs[0].font.color.rgb) == "B02A2A"

    # stats show flags OS1
    shown_stats = ok(home("stats", "show", "--unit", "home", "--year", "2025", "--as-of",
                          "2026-04-30"))
    assert shown_stats.splitlines()[-2:] == [
        "OS1: persistently not met — close monitoring (not met in 2024-25, 2025-26)",
        "SQS14: persistently not met — close monitoring (not met in 2024-25, 2025-26)"]
    actions = [e["action"] for e in json.loads(ok(home("audit", "--json")))]
    assert {"isa start", "isa find", "isa plan", "approve"} <= set(actions)
    assert "audit entries: ok" in ok(home("verify"))


def test_a_unit_with_an_audit_but_no_report_is_alerted(home: Cli) -> None:
    ok(home("isa", "start", "--unit", "ycc", "--year", "2025", "--auditor", "黃審查員"))
    alerts = json.loads(ok(home("status", "--unit", "ycc", "--as-of", "2026-05-01",
                                "--json")))[0]["alerts"]
    assert alerts == ["no approved internal service audit report (ISA) for 2025-26: make it "
                      "with `repo-tool generate isa-report --unit ycc --year 2025`"]


def test_evidence_not_current_during_the_year_is_refused_in_one_line(
        repo: Repository, home: Cli) -> None:
    ok(home("isa", "start", "--unit", "home", "--year", "2025", "--auditor", "黃審查員"))
    # v2 recorded now (after 2025-26 ended)
    write(repo.root / policy(14), "SQS 14 second edition\n")
    ok(home("scan", "--no-ocr"))
    late = home("isa", "find", "--unit", "home", "--year", "2025", "--criterion", "14.1",
                "--result", "met", "--evidence", f"{policy(14)}@v2")
    assert late.exit_code != 0
    assert late.output.strip().count("\n") == 0
    assert f"{policy(14)} v2 was recorded on " in late.output
    assert "after 2025-26 ended (2026-03-31)" in late.output
    # v1 of SQS 9 replaced by v2 before 2025-26 began
    write(repo.root / policy(9), "SQS 9 second edition\n")
    ok(home("scan", "--no-ocr"))
    backdate(repo, policy(9), 1, "2023-05-02")
    backdate(repo, policy(9), 2, "2024-06-01")
    early = home("isa", "find", "--unit", "home", "--year", "2025", "--criterion", "9.1",
                 "--result", "met", "--evidence", f"{policy(9)}@v1")
    assert early.exit_code != 0 and early.output.strip().count("\n") == 0
    assert f"{policy(9)} v1 was replaced by v2 on 2024-06-01, before 2025-26 began " \
           "(2025-04-01)" in early.output
    # without @vN: the version current at the year's end (v1 of SQS 14: v2 came later)
    done = ok(home("isa", "find", "--unit", "home", "--year", "2025", "--criterion", "14.1",
                   "--result", "met", "--evidence", policy(14)))
    assert f"({policy(14)} v1)" in done
    missing = home("isa", "find", "--unit", "home", "--year", "2025", "--criterion", "14.1",
                   "--result", "met")
    assert missing.exit_code != 0 and "--evidence" in missing.output


BAD_DUPLICATE = """checklist:
  - sqs: 14
    criteria:
      - {id: "14.1", zh: 私隱政策, en: Privacy policy}
      - id: "14.1"
        zh: 重複
        en: Repeated
"""
BAD_SQS = """checklist:
  - sqs: 1
    criteria:
      - {id: "1.1", zh: 服務資料, en: Service information}
  - sqs: 17
    criteria:
      - {id: "17.1", zh: 無此標準, en: No such standard}
"""


@pytest.mark.parametrize(("text", "expected"), [
    (BAD_DUPLICATE, "audit-checklist.yaml:5: checklist[0].criteria[1].id: '14.1' is already "
                    "the id of the criterion on line 4"),
    (BAD_SQS, "audit-checklist.yaml:5: checklist[1].sqs: '17' is not an SQS; the SQSs are "
              "numbered 1 to 16")])
def test_a_bad_checklist_is_refused_naming_file_and_line(repo: Repository, cli: Cli,
                                                        text: str, expected: str) -> None:
    write(repo.root / "audit-checklist.yaml", text)
    done = cli("isa", "start", "--unit", "home", "--year", "2025", "--auditor", "黃審查員")
    assert done.exit_code != 0
    assert expected in done.output
    assert done.output.strip().count("\n") == 0
    with pytest.raises(ConfigError, match="already the id"):
        parse_checklist(BAD_DUPLICATE, "x.yaml")


def test_the_agency_checklist_replaces_the_starter_and_a_unit_adds_to_it(
        repo: Repository) -> None:
    starter = load_checklist(repo.root, "home")
    assert sorted({c.sqs for c in starter.criteria}) == list(range(1, 17))
    assert "starter" in starter.sources[0]
    write(repo.root / "audit-checklist.yaml", BAD_SQS.split("  - sqs: 17")[0])
    write(repo.root / "records/home/audit-checklist.yaml",
          'checklist:\n  - sqs: 1\n    criteria:\n      - {id: "1.2", zh: 單位自訂, en: Own}\n'
          '      - {id: "1.10", zh: 第十, en: Tenth}\n')
    found = load_checklist(repo.root, "home")
    assert [c.id for c in found.criteria] == ["1.1", "1.2", "1.10"]
    assert [c.id for c in load_checklist(repo.root, "ycc").criteria] == ["1.1"]
    write(repo.root / "records/home/audit-checklist.yaml",
          'checklist:\n  - sqs: 1\n    criteria:\n      - {id: "1.1", zh: 重複, en: Again}\n')
    with pytest.raises(ConfigError) as caught:
        load_checklist(repo.root, "home")
    assert caught.value.message == (
        "records/home/audit-checklist.yaml:4: checklist[0].criteria[0].id: '1.1' is already "
        "the id of the criterion on audit-checklist.yaml:4")
