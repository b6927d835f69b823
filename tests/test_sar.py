"""`stats`, `plan`, `status` alerts and `generate sar` through the command line.

The SAR is read back with python-docx and, after LibreOffice, with pdftotext; the trend charts
are parsed (SVG) and their pixels inspected (PNG).
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from repo_tool.repository import Repository
from tests.conftest import Cli, write
from tests.paper_checks import docx_words, save_pages, split_words

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = "2026-04-20"
FIGURES = [("OS1", "2025-26-Q1", "92"), ("OS1", "2025-26-Q2", "88"),
           ("OS1", "2025-26-Q3", "89"), ("OS1", "2025-26-Q4", "93"),
           ("OS2", "2025-26-Q1", "80"), ("OS2", "2025-26-Q2", "82"),
           ("OS2", "2025-26-Q3", "84"), ("OS2", "2025-26-Q4", "83"),
           ("OS3", "2025-26-H1", "95"), ("OS3", "2025-26-H2", "92"),
           ("OC1", "2025-26", "78"), ("ESR1", "2025-26", "met"), ("ESR2", "2025-26", "met"),
           ("ESR3", "2025-26", "not-met")]


@pytest.fixture
def home(repo: Repository, cli: Cli) -> Cli:
    """The home with the demo's standards (seed 000) and the year 2025-26 entered."""
    standards = (PROJECT / "records/home/standards.yaml").read_text(encoding="utf-8")
    write(repo.root / "records/home/standards.yaml", standards)
    for code, period, value in FIGURES:
        done = cli("stats", "record", "--unit", "home", "--standard", code, "--period", period,
                   "--value", value, "--as-of", AS_OF, "--by", "陳主任")
        assert done.exit_code == 0, done.output
    return cli


def test_stats_show_judges_each_standard_with_hand_worked_figures(home: Cli) -> None:
    done = home("stats", "show", "--unit", "home", "--year", "2025", "--as-of", AS_OF)
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    os1 = lines.index("OS1  一年內的平均入住率 Average occupancy rate in a year")
    assert lines[os1 + 1] == ("     agreed ≥ 90%, average (quarterly):  Q1 92%  Q2 88%  Q3 89%  "
                              "Q4 93%  ▇▁▂█")
    # (92 + 88 + 89 + 93) / 4 = 90.5
    assert lines[os1 + 2] == ("     met — met on the year's average only (90.5% against ≥ 90%; "
                              "Q2, Q3 below)")
    # (80 + 82 + 84 + 83) / 4 = 82.25, shown to one decimal
    assert "     not met — not met: year's average 82.2% against ≥ 85%" in lines
    assert lines[-1] == ("home 2025-26: 4 met, 3 not met, 1 no figures; 1 period(s) missing; "
                         "0 plan item(s) open (0 overdue)")
    data = json.loads(home("stats", "show", "--unit", "home", "--year", "2025-26", "--as-of",
                           AS_OF, "--json").output)
    verdicts = {s["code"]: (s["verdict"], s["actual"]) for s in data["standards"]}
    assert verdicts == {"ESR1": ("met", 1.0), "ESR2": ("met", 1.0), "ESR3": ("not met", 0.0),
                        "ESR4": ("no figures", None), "OS1": ("met", 90.5),
                        "OS2": ("not met", 82.25), "OS3": ("met", 93.5),
                        "OC1": ("not met", 78.0)}
    assert data["standards"][3]["missing"] == ["2025-26"]


def test_trend_charts_are_written_as_svg_and_png(home: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    done = home("stats", "show", "--unit", "home", "--year", "2025", "--as-of", AS_OF,
                "--charts", str(folder))
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"home 2025-26 {code}.{ext}" for code in ("OS1", "OS2", "OS3", "OC1")
        for ext in ("svg", "png"))
    svg = ET.parse(folder / "home 2025-26 OS1.svg").getroot()
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    for label in ("92%", "88%", "89%", "93%", "議定水平 level 90%", "第一季 Q1", "第四季 Q4",
                  "Jan-Mar 2026", "OS1  一年內的平均入住率", "Average occupancy rate in a year",
                  "2025-26  議定水平 agreed level: 不少於 at least 90%（季度數字的平均 average of "
                  "quarterly figures）", "點線：累計平均 dotted line: average so far"):
        assert label in texts, label
    assert "結果 result: 符合 met（全年平均 year's average 90.5%）" in texts
    dots = [c.get("fill") for c in svg.iter("{http://www.w3.org/2000/svg}circle")]
    assert dots == ["#3a8f4b", "#e07b24", "#e07b24", "#3a8f4b"]  # Q2 and Q3 below the level
    image = Image.open(folder / "home 2025-26 OS1.png").convert("RGB")
    assert image.size == (1920, 1260)
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}
    for colour in ((0x3A, 0x8F, 0x4B), (0xE0, 0x7B, 0x24), (0xB0, 0x2A, 0x2A)):
        assert colour in colours  # a point met, a point below, the level line
    # the PNG (the SAR's picture) prints the Chinese, not boxes: OCR reads it back
    read = subprocess.run(["tesseract", str(folder / "home 2025-26 OS1.png"), "-", "-l",
                           "chi_tra+eng"], capture_output=True, text=True, check=True).stdout
    flat = "".join(read.split())
    for label in ("平均入住率", "Averageoccupancyrate", "議定水平", "第四季Q4", "符合met",
                  "累計平均"):
        assert label in flat, (label, read)


def test_plans_list_overdue_and_done_through_the_cli(home: Cli) -> None:
    added = home("plan", "add", "--unit", "home", "--standard", "OS2", "--action", "每月檢視覆檢",
                 "--method", "督導會議", "--due", "2026-03-31", "--owner", "陳主任",
                 "--benefit", "覆檢率達85%", "--by", "陳主任")
    assert added.exit_code == 0 and added.output.startswith("added plan item #1 for home OS2")
    overdue = json.loads(home("plan", "list", "--overdue", "--as-of", AS_OF, "--json").output)
    assert [(p["id"], p["standard"], p["overdue"]) for p in overdue] == [(1, "OS2", True)]
    assert home("plan", "list", "--overdue", "--as-of", "2026-03-31").output.strip() == \
        "no improvement plan items"
    assert home("plan", "done", "1", "--on", "2026-04-15").exit_code == 0
    assert home("plan", "list", "--overdue", "--as-of", AS_OF).output.strip() == \
        "no improvement plan items"


def test_bad_input_is_one_line_and_exit_2(home: Cli) -> None:
    done = home("stats", "record", "--unit", "home", "--standard", "OS1", "--period", "2025-H1",
                "--value", "90")
    assert done.exit_code == 2
    assert done.output == ("error: OS1 is reported quarterly; give a period such as "
                           "2025-26-Q1, not '2025-H1'\n")
    assert home("stats", "show", "--unit", "home", "--year", "2025-27").exit_code == 2


def test_status_lists_the_alerts(home: Cli) -> None:
    data = json.loads(home("status", "--unit", "home", "--as-of", AS_OF, "--json").output)
    assert data[0]["alerts"][0].startswith("SAR 2025-26 due 2026-05-15 (in 25 days)")
    text = home("status", "--unit", "home", "--as-of", AS_OF).output
    assert "home: alert ESR4: no figure for 2025-26 (Apr 2025-Mar 2026)" in text


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_the_sar_holds_every_standard_figure_result_plan_and_signature(
        home: Cli, repo: Repository) -> None:
    home("plan", "add", "--unit", "home", "--standard", "OS2", "--action", "每月檢視覆檢",
         "--method", "督導會議逐個檢視", "--due", "2026-09-30", "--owner", "陳主任",
         "--benefit", "覆檢率達85%")
    done = home("generate", "sar", "--unit", "home", "--year", "2025", "--as-of", AS_OF,
                "--prepared-by", "陳美玲", "--head", "李志明", "--pdf", "--by", "陳主任")
    assert done.exit_code == 0, done.output
    assert done.output.splitlines() == [
        "wrote records/home/generated/SAR 2025-26.docx (version 1)",
        "wrote records/home/generated/SAR 2025-26.pdf (version 1)"]
    docx = repo.root / "records/home/generated/SAR 2025-26.docx"
    text = _docx_text(docx)
    for phrase in ("自我評估報告 Self Assessment Report 2025-26", "呈交限期 Due by: 2026-05-15",
                   "ESR1", "ESR4", "OS1", "OS2", "OS3", "OC1", "一年內的平均入住率",
                   "Q1: 92%", "Q2: 88%", "Q3: 89%", "Q4: 93%", "90.5%", "82.2%", "93.5%",
                   "2025-26: 78%", "≥ 90%", "≥ 85%", "≥ 80%", "符合 met", "未符合 not met",
                   "每月檢視覆檢", "督導會議逐個檢視", "2026-09-30", "覆檢率達85%",
                   "未訂改善計劃 no improvement plan recorded", "陳美玲", "李志明",
                   "Q2, Q3 低於水平", "私隱和保密\nPrivacy and confidentiality"):
        assert phrase in text, phrase
    document = Document(str(docx))
    assert len(document.inline_shapes) == 4  # a trend chart per OS/OC with figures
    plan_table = document.tables[3]
    items = [row.cells[0].text for row in plan_table.rows[1:]]
    # OS2 and OC1 not met (ESR3 too), and SQS 1-16 with no evidence in this fresh repository
    assert items == ["ESR3", "OS2", "OC1", "SQS 1-16"]
    pdf = docx.with_suffix(".pdf")
    pdf_text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    for phrase in ("Self Assessment Report", "OS1", "OC1", "ESR4", "90.5%", "82.2%", "92%",
                   "未符合", "每月檢視覆檢", "陳美玲"):
        assert phrase in pdf_text, phrase
    shown = repo.catalog.document("records/home/generated/SAR 2025-26.docx")
    assert shown is not None and shown.sqs == (6,)
    entry = [e for e in repo.catalog.audit_entries() if e.action == "generate"][-1]
    assert entry.detail["kind"] == "SAR"
    assert entry.detail["inputs"][:2] == ["records/home/standards.yaml v1",
                                          "14 figures of 2025-26 as of 2026-04-20"]


def test_a_csv_saved_by_excel_in_big5_is_imported_and_other_encodings_are_refused(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    write(repo.root / "records/home/standards.yaml",
          (PROJECT / "records/home/standards.yaml").read_text(encoding="utf-8"))
    rows = "standard,period,value,note\r\nOS1,2025-26-Q1,91,家舍主任核實\r\n"
    big5 = tmp_path / "統計.csv"  # Excel's plain "CSV" on a Hong Kong PC
    big5.write_bytes(rows.encode("big5hkscs"))
    done = cli("stats", "import", str(big5), "--unit", "home", "--as-of", AS_OF, "--json")
    assert done.exit_code == 0, done.output
    shown = json.loads(cli("stats", "show", "--unit", "home", "--year", "2025", "--as-of",
                           AS_OF, "--json").output)
    os1 = next(item for item in shown["standards"] if item["code"] == "OS1")
    assert [(f["period"], f["value"], f["note"]) for f in os1["figures"]] == [
        ("2025-26-Q1", 91.0, "家舍主任核實")]
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(rows.encode("utf-16"))
    refused = cli("stats", "import", str(utf16), "--unit", "home")
    assert refused.exit_code == 2
    assert refused.output == ("error: utf16.csv: neither UTF-8 nor Big5 text; save it from "
                              "Excel as 'CSV UTF-8'\n")


def test_an_sqs_with_gaps_is_not_met_in_the_sar_as_in_status(home: Cli, repo: Repository) -> None:
    write(repo.root / "policies/home/SQS-15 申訴/投訴處理程序.txt", "投訴處理程序")
    assert home("scan").exit_code == 0
    assert home("review", "record", "--unit", "home", "--sqs", "15", "--by", "周主任",
                "--date", "2026-03-20", "--outcome", "no-change").exit_code == 0
    rows = json.loads(home("status", "--unit", "home", "--as-of", AS_OF, "--json").output)[0][
        "rows"]
    sqs15 = rows[14]
    assert (sqs15["state"], sqs15["gaps"], sqs15["met"]) == ("ok", ["no records"], False)
    assert home("generate", "sar", "--unit", "home", "--year", "2025", "--as-of",
                AS_OF).exit_code == 0
    table = Document(str(repo.root / "records/home/generated/SAR 2025-26.docx")).tables[1]
    row = next(r for r in table.rows if r.cells[0].text.startswith("15"))
    cells = [c.text for c in row.cells]
    assert "未符合 not met" in cells and "no records" in cells[-1]


def test_no_english_word_is_broken_in_the_sar_tables(home: Cli, repo: Repository) -> None:
    for code, action, method, due, owner, benefit in (
            ("OS2", "每月檢視個案覆檢進度 Monthly check of case reviews due",
             "督導會議逐個個案檢視 Case-by-case at supervision", "2026-03-31",
             "周麗華 家舍主任", "覆檢完成率回升至85%以上 Reviews back above 85%"),
            ("OC1", "每季家長座談會 Quarterly parents' meeting",
             "收集意見並跟進 Gather and follow up feedback", "2026-12-31", "何社工 Mr Ho",
             "家長滿意度達80% Parents' satisfaction at 80%")):
        assert home("plan", "add", "--unit", "home", "--standard", code, "--action", action,
                    "--method", method, "--due", due, "--owner", owner, "--benefit",
                    benefit).exit_code == 0
    done = home("generate", "sar", "--unit", "home", "--year", "2025", "--as-of", AS_OF,
                "--prepared-by", "周麗華 家舍主任", "--head", "何家明", "--pdf")
    assert done.exit_code == 0, done.output
    docx = repo.root / "records/home/generated/SAR 2025-26.docx"
    pdf = docx.with_suffix(".pdf")
    save_pages(pdf, "sar")
    words = docx_words(docx)
    assert {"responsible", "overdue", "responsibilities", "supervision"} <= words
    assert split_words(pdf, words) == []  # was ['Respons|ible', 'overdu|e']
    shown = set(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout.split())
    assert {"Responsible", "overdue", "responsibilities", "Case-by-case"} <= shown
