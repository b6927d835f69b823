"""Retention (issue 25): rules in repo.yaml, the two-step disposal, tombstones, and what every
command says of a disposed version. The clock is injected (`--as-of`, file modification times
set to the days a history happened); nothing sleeps."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from repo_tool.config import load_config
from repo_tool.errors import ConfigError
from repo_tool.repository import Repository
from repo_tool.repository.verify import verify
from tests.conftest import Cli, write

CASES = "records/ycc/投訴 complaints"
RULES = """
retention:
  rules:
    - name: complaints-1y
      period: 1y
      unit: ycc
      path: "records/ycc/投訴*/*"
"""


def set_day(path: Path, day: str) -> None:
    stamp = datetime.fromisoformat(day).timestamp()
    os.utime(path, (stamp, stamp))


def add_rules(repo: Repository, text: str = RULES) -> None:
    config = repo.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")


def history(cli: Cli, root: Path, path: str, versions: list[tuple[str, str]]) -> None:
    """Record one version per (text, modified day) of a file, as if saved on those days."""
    for text, day in versions:
        target = write(root / path, text)
        set_day(target, day)
        assert cli("scan").exit_code == 0


@pytest.fixture
def cases(repo: Repository, cli: Cli) -> Repository:
    """Two complaint files with versions saved over three years, and records no rule covers."""
    add_rules(repo)
    history(cli, repo.root, f"{CASES}/case-1.txt", [
        ("陳大文 投訴 first statement alpha", "2024-01-10"),
        ("陳大文 投訴 second statement beta", "2025-06-01"),
        ("陳大文 投訴 closed gamma", "2026-01-05")])
    history(cli, repo.root, f"{CASES}/case-2.txt", [
        ("李小明 投訴 delta", "2024-02-01"), ("李小明 投訴 epsilon", "2024-12-01")])
    history(cli, repo.root, "records/home/visits/log.txt", [
        ("old visit log omega", "2020-01-01"), ("new visit log", "2026-01-01")])
    return Repository.open(repo.root)


def plan(cli: Cli, tmp_path: Path, as_of: str = "2026-03-01") -> Path:
    out = tmp_path / f"plan-{as_of}.json"
    done = cli("retention", "plan", "--as-of", as_of, "-o", str(out), "--force")
    assert done.exit_code == 0, done.output
    return out


def apply(cli: Cli, plan_file: Path, as_of: str = "2026-03-01") -> tuple[int, str]:
    done = cli("retention", "apply", "--plan", str(plan_file), "--by", "陳主任",
               "--approved-by", "何家明", "--as-of", as_of)
    return done.exit_code, done.output


def test_a_rule_of_one_year_plans_exactly_the_expired_versions_of_matching_records(
        cases: Repository, cli: Cli, tmp_path: Path) -> None:
    entries = json.loads(plan(cli, tmp_path).read_text(encoding="utf-8"))["entries"]
    assert [(e["path"], e["version"], e["rule"], e["expires"]) for e in entries] == [
        (f"{CASES}/case-1.txt", 1, "complaints-1y", "2025-01-10"),
        (f"{CASES}/case-2.txt", 1, "complaints-1y", "2025-02-01")]
    # case-2 v2 is its current version, on disk: the user's file, never planned
    assert all(e["sha256"] and e["size"] > 0 for e in entries)
    later = json.loads(plan(cli, tmp_path, "2026-07-01").read_text(encoding="utf-8"))
    assert [(e["path"], e["version"]) for e in later["entries"]] == [
        (f"{CASES}/case-1.txt", 1), (f"{CASES}/case-1.txt", 2), (f"{CASES}/case-2.txt", 1)]
    shown = cli("retention", "plan", "--as-of", "2026-03-01")
    assert "complaints-1y: 2 version(s)" in shown.output


def test_a_hold_keeps_every_version_under_its_rule(cases: Repository, cli: Cli,
                                                   tmp_path: Path) -> None:
    config = cases.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      period: 1y\n", "      period: 1y\n      hold: 法律程序 HCA 123/2026\n"),
        encoding="utf-8")
    found = json.loads(cli("retention", "plan", "--as-of", "2030-01-01", "--json").output)
    assert found["entries"] == [] and found["held"] == [{"rule": "complaints-1y",
                                                         "versions": 3}]


def test_a_plan_edited_by_hand_to_add_an_unexpired_version_is_refused_naming_it(
        cases: Repository, cli: Cli, tmp_path: Path) -> None:
    plan_file = plan(cli, tmp_path)
    content = json.loads(plan_file.read_text(encoding="utf-8"))
    version_2 = cases.catalog.version(cases.document(f"{CASES}/case-1.txt").id, 2)
    assert version_2 is not None
    content["entries"].append({**content["entries"][0], "version": 2,
                               "sha256": version_2.sha256, "size": version_2.size})
    plan_file.write_text(json.dumps(content), encoding="utf-8")
    code, output = apply(cli, plan_file)
    assert code != 0
    assert (f"{CASES}/case-1.txt v2: not expired: rule complaints-1y keeps it until 2026-06-01"
            in output and "nothing was disposed of" in output)
    assert cases.catalog.disposals.count() == 0
    assert cli("show", f"{CASES}/case-1.txt", "-v", "1", "-o", str(tmp_path / "v1")).exit_code == 0


@pytest.mark.parametrize("edit", ["current", "changed", "unknown", "rule"])
def test_apply_refuses_a_current_changed_unknown_or_rerouted_entry(
        cases: Repository, cli: Cli, tmp_path: Path, edit: str) -> None:
    plan_file = plan(cli, tmp_path)
    content = json.loads(plan_file.read_text(encoding="utf-8"))
    entry = content["entries"][1]
    if edit == "current":
        current = cases.version(cases.document(entry["path"]))
        entry.update(version=current.number, sha256=current.sha256, size=current.size)
        expected = "v2: it is the current version of a file on disk"
    elif edit == "changed":
        entry["sha256"] = "0" * 64
        expected = "v1: changed since the plan was made"
    elif edit == "unknown":
        entry["path"] = f"{CASES}/case-9.txt"
        expected = "case-9.txt v1: unknown"
    else:
        entry["rule"] = "other-rule"
        expected = "v1: now falls under rule complaints-1y, not other-rule"
    plan_file.write_text(json.dumps(content), encoding="utf-8")
    code, output = apply(cli, plan_file)
    assert code != 0 and expected in output, output
    assert cases.catalog.disposals.count() == 0


def test_after_apply_a_disposed_version_is_a_tombstone_everywhere(
        cases: Repository, cli: Cli, tmp_path: Path) -> None:
    case_1 = f"{CASES}/case-1.txt"
    v1 = cases.catalog.version(cases.document(case_1).id, 1)
    assert v1 is not None and cases.objects.has(v1.sha256)
    assert "alpha" in cli("search", "alpha", "--all-versions").output
    code, output = apply(cli, plan(cli, tmp_path))
    assert code == 0, output
    assert "disposed of 2 version(s)" in output

    shown = cli("show", case_1, "-v", "1", "-o", str(tmp_path / "out.txt"))
    assert shown.exit_code != 0 and not (tmp_path / "out.txt").exists()
    assert ("version 1 was disposed of on 2026-03-01 under retention rule complaints-1y, "
            "approved by 何家明") in shown.output
    assert "disposed  on 2026-03-01" in cli("show", case_1, "-v", "1").output
    assert "v1 disposed of on 2026-03-01 under rule complaints-1y, approved by 何家明" \
        in cli("log", case_1).output
    assert "disposed of on 2026-03-01" in cli("diff", case_1, "1", "2").output
    assert "no documents match" in cli("search", "alpha", "--all-versions").output
    restored = cli("restore", case_1, "--version", "1", "--by", "陳主任")
    assert restored.exit_code != 0 and "was disposed of on 2026-03-01" in restored.output
    assert "no documents match" in cli("search", "delta", "--all-versions").output
    assert "beta" in cli("search", "beta", "--all-versions").output  # v2 is kept
    assert not cases.objects.has(v1.sha256)
    assert cases.catalog.texts.get(v1.sha256) is None

    report = verify(cases)
    assert report.ok, report.problems
    assert report.disposed == 2 and report.pending == []
    entries = list(cases.catalog.audit_entries())
    last = entries[-1]
    assert last.action == "retention apply" and last.by == "陳主任"
    assert last.detail["approved_by"] == "何家明" and last.detail["count"] == 2
    assert [d.split(" (")[0] for d in last.detail["disposed"]] == [
        f"{case_1} v1", f"{CASES}/case-2.txt v1"]
    assert "retention apply" in cli("audit").output
    # the plan again: its entries were disposed of already, nothing else happens
    code, output = apply(cli, tmp_path / "plan-2026-03-01.json")
    assert code == 0 and "2 version(s) of the plan were disposed of before" in output
    assert cases.catalog.disposals.count() == 2


def test_a_deleted_document_is_disposed_of_whole_and_its_bytes_may_come_back_as_new(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    add_rules(repo, RULES.replace("period: 1y", "period: 6m\n      from: deletion"))
    path = f"{CASES}/closed.txt"
    history(cli, repo.root, path, [("closed case one", "2024-01-01"),
                                   ("closed case two", "2024-02-01")])
    assert json.loads(cli("retention", "plan", "--as-of", "2030-01-01", "--json").output)[
        "entries"] == []  # on disk: nothing counts from a deletion yet
    (repo.root / path).unlink()
    assert cli("scan").exit_code == 0
    found = json.loads(cli("retention", "plan", "--as-of", "2030-01-01", "--json").output)
    assert [e["version"] for e in found["entries"]] == [1, 2]
    code, output = apply(cli, plan(cli, tmp_path, "2030-01-01"), "2030-01-01")
    assert code == 0, output
    repo = Repository.open(repo.root)
    assert verify(repo).ok
    write(repo.root / path, "closed case two")  # the same bytes as the disposed v2
    assert cli("scan").exit_code == 0
    document = repo.document(path)
    assert document.versions == 3 and document.status == "present"
    assert cli("show", path, "-o", str(tmp_path / "back.txt")).exit_code == 0
    assert (tmp_path / "back.txt").read_text(encoding="utf-8") == "closed case two"
    assert verify(repo).ok


def test_a_pack_of_a_day_whose_version_was_disposed_of_says_so_and_packs_the_rest(
        repo: Repository, cli: Cli, tmp_path: Path) -> None:
    """A pack as of 2025-01-01 would hold the register's v1, disposed of since: it is left
    out with a warning naming it, and the rest of the pack is made."""
    register = "records/ycc/SQS-15 申訴/投訴紀錄冊.txt"
    add_rules(repo, RULES.replace('"records/ycc/投訴*/*"', '"records/ycc/SQS-15*/*"'))
    history(cli, repo.root, register, [("投訴紀錄 first", "2024-01-10"),
                                       ("投訴紀錄 second", "2026-01-05")])
    history(cli, repo.root, "records/ycc/SQS-15 申訴/程序.txt", [("申訴程序", "2024-01-10")])
    with repo.catalog.transaction():  # as if each had been recorded on the day it was saved
        repo.catalog.db.execute("UPDATE versions SET recorded_at = '2024-01-11T09:00:00Z' "
                                "WHERE number = 1")
        repo.catalog.db.execute("UPDATE versions SET recorded_at = '2026-01-06T09:00:00Z' "
                                "WHERE number = 2")
    code, output = apply(cli, plan(cli, tmp_path))
    assert code == 0 and "disposed of 1 version(s)" in output, output
    zipped = tmp_path / "pack.zip"
    packed = cli("pack", "--unit", "ycc", "--sqs", "15", "--as-of", "2025-01-01", "--out",
                 str(zipped))
    assert packed.exit_code == 0, packed.output
    assert (f"{register} v1 (SQS 15), current on 2025-01-01, is not in the pack: it was "
            "disposed of on 2026-03-01 under retention rule complaints-1y, approved by 何家明"
            ) in " ".join(packed.output.split())
    with zipfile.ZipFile(zipped) as archive:
        names = archive.namelist()
    assert any(name.endswith("程序.txt") for name in names)
    assert not any(name.endswith("投訴紀錄冊.txt") for name in names)


def test_bytes_another_document_still_holds_are_kept(repo: Repository, cli: Cli,
                                                     tmp_path: Path) -> None:
    add_rules(repo)
    history(cli, repo.root, f"{CASES}/a.txt", [("shared words zeta", "2024-01-01"),
                                               ("a now", "2026-01-01")])
    write(repo.root / "records/home/copy.txt", "shared words zeta")
    assert cli("scan").exit_code == 0
    code, output = apply(cli, plan(cli, tmp_path))
    assert code == 0, output
    repo = Repository.open(repo.root)
    assert cli("show", "records/home/copy.txt", "-o", str(tmp_path / "c")).exit_code == 0
    assert "copy.txt" in cli("search", "zeta").output
    assert verify(repo).ok


def test_status_shows_per_unit_the_versions_past_retention(cases: Repository,
                                                           cli: Cli) -> None:
    shown = cli("status", "--unit", "ycc", "--as-of", "2026-03-01").output
    assert "retention: 2 version(s) past their retention period, not yet disposed of" in shown
    assert "retention:" not in cli("status", "--unit", "home", "--as-of", "2026-03-01").output
    unit = json.loads(cli("status", "--unit", "ycc", "--as-of", "2026-03-01", "--json").output)
    assert any(a.startswith("retention: 2 version(s)") for a in unit[0]["alerts"])


@pytest.mark.parametrize(("yaml_text", "expected"), [
    ("    - name: a\n      period: 7 years\n", "retention.rules[0].period: '7 years' is not a"),
    ("    - name: a\n      period: 7y\n      unit: nowhere\n",
     "retention.rules[0].unit: unit 'nowhere' is not in units"),
    ("    - name: a\n      period: 7y\n      colour: red\n",
     "retention.rules[0].colour: unknown key"),
    ("    - name: a\n      period: 7y\n      from: closure\n",
     "retention.rules[0].from: 'closure' is not a start"),
    ("    - name: a\n      period: 7y\n    - name: a\n      period: 1y\n",
     "retention.rules[1].name: 'a' is already the name of the rule on line"),
    ("    - name: a\n      period: 7y\n      sqs: 17\n", "retention.rules[0].sqs: expected a"),
    ("    - period: 7y\n", "retention.rules[0].name: missing required key"),
])
def test_retention_rules_are_checked_strictly_naming_file_line_and_key(
        repo: Repository, yaml_text: str, expected: str) -> None:
    config = repo.root / "repo.yaml"
    before = config.read_text(encoding="utf-8")
    config.write_text(before + "retention:\n  rules:\n" + yaml_text, encoding="utf-8")
    lines = len(before.splitlines())
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert expected in raised.value.message
    assert raised.value.message.startswith("repo.yaml:")
    assert int(raised.value.message.split(":")[1]) > lines


def test_policies_fall_under_a_rule_only_when_it_names_them(repo: Repository,
                                                            cli: Cli) -> None:
    add_rules(repo, "retention:\n  rules:\n    - name: all-1y\n      period: 1y\n")
    history(cli, repo.root, "policies/ycc/SQS-14 私隱和保密/私隱政策.txt",
            [("policy one", "2020-01-01"), ("policy two", "2021-01-01")])
    found = json.loads(cli("retention", "plan", "--as-of", "2030-01-01", "--json").output)
    assert found["entries"] == []
    config = repo.root / "repo.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "      kind: [record, policy]\n",
                      encoding="utf-8")
    found = json.loads(cli("retention", "plan", "--as-of", "2030-01-01", "--json").output)
    assert [e["version"] for e in found["entries"]] == [1]


def test_a_period_counted_from_a_date_in_the_path(repo: Repository, cli: Cli) -> None:
    add_rules(repo, RULES.replace("period: 1y", "period: 18m\n      from: path-date")
              .replace('"records/ycc/投訴*/*"', '"records/ycc/投訴*/**"'))
    history(cli, repo.root, f"{CASES}/2024-02-29 closed/notes.txt",
            [("one", "2026-01-01"), ("two", "2026-02-01")])
    found = json.loads(cli("retention", "plan", "--as-of", "2025-08-29", "--json").output)
    assert [(e["version"], e["start"], e["expires"]) for e in found["entries"]] == [
        (1, "2024-02-29", "2025-08-29")]


def test_the_disposal_record_lists_what_was_disposed_of_read_back_from_docx_and_pdf(
        cases: Repository, cli: Cli, tmp_path: Path) -> None:
    from docx import Document

    from tests.paper_checks import save_pages, split_words

    code, output = apply(cli, plan(cli, tmp_path))
    assert code == 0, output
    done = cli("generate", "disposal-record", "--unit", "ycc", "--pdf", "--json", "--by",
               "陳主任")
    assert done.exit_code == 0, done.output
    files = {Path(f["path"]).suffix: Path(f["path"]) for f in json.loads(done.output)}
    document = Document(str(files[".docx"]))
    cells = [cell.text for table in document.tables for row in table.rows
             for cell in row.cells]
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "文件銷毀紀錄" in paragraphs and "2 個版本 versions" in paragraphs
    assert cells.count("2026-03-01") == 2 and cells.count("何家明") == 2
    assert "case-1.txt\nrecords/ycc/投訴 complaints/" in cells and "v1" in cells
    assert any(c.startswith("complaints-1y\n1y") for c in cells)
    text = subprocess.run(["pdftotext", "-layout", str(files[".pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    for phrase in ("文件銷毀紀錄", "Recordofdisposal", "case-1.txt", "case-2.txt",
                   "complaints-1y", "何家明", "陳主任", "2024-01-10", "2025-01-10", "2025-02-01"):
        assert phrase in flat, phrase
    assert split_words(files[".pdf"], {"disposed", "approved", "expired", "version",
                                       "versions", "tombstones"}) == []
    pages = save_pages(files[".pdf"], "disposal-record")
    assert len(pages) == 1
    # filed under SQS 14, the unit's evidence of privacy and confidentiality
    recorded = cases.catalog.document(f"records/ycc/generated/{files['.docx'].name}")
    assert recorded is not None and recorded.sqs == (14,)
