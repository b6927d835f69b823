"""The review and amendment logs on a real catalog, and due dates across several years."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from repo_tool.domain.reviews import (
    Due,
    Filters,
    amendments,
    due,
    record_amendment,
    record_review,
    reviews,
)
from repo_tool.errors import Conflict, InvalidInput, NotFound
from repo_tool.ingest import scan
from repo_tool.repository import Repository
from tests.conftest import ACTOR, bump_mtime, rewind_catalog, write

TODAY = date(2026, 11, 23)


def policy(repo: Repository, unit: str, sqs: int, name: str, text: str = "") -> Path:
    return write(repo.root / f"policies/{unit}/SQS-{sqs:02d}/{name}.txt",
                 text or f"{name} 第一版 first edition")


def edit(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    bump_mtime(path)


def review(repo: Repository, unit: str, sqs: int, day: str, **extra: str) -> int:
    done = record_review(repo, unit=unit, sqs=sqs, reviewed_on=date.fromisoformat(day),
                         reviewer=extra.pop("reviewer", "陳美玲"),
                         outcome=extra.pop("outcome", "no-change"), actor=ACTOR,
                         today=TODAY, **extra)
    return done.id


def amend(repo: Repository, unit: str, sqs: int, updated: str, **extra: str) -> list[str]:
    done = record_amendment(repo, unit=unit, sqs=sqs, clause=extra.pop("clause", "3.7"),
                            reason="中心安裝閉路電視 CCTV installed",
                            new_content="錄像只作管理用途 footage for management only",
                            updated_on=date.fromisoformat(updated),
                            released_on=date.fromisoformat(extra.pop("released", updated)),
                            responsible="陳美玲", actor=ACTOR, today=TODAY,
                            **extra)  # type: ignore[arg-type]
    return [v.label for v in done.versions]


def item(repo: Repository, unit: str, sqs: int, today: date) -> Due:
    return next(d for d in due(repo, unit, today) if d.sqs == sqs)


# -- what a review is tied to ------------------------------------------------------------------


def test_a_review_ties_to_the_latest_version_of_every_policy_of_the_sqs(
        repo: Repository) -> None:
    policy(repo, "ycc", 14, "私隱政策")
    code = policy(repo, "ycc", 14, "資料查閱程序")
    write(repo.root / "records/ycc/SQS-14/查閱紀錄.txt", "a record, not a policy")
    policy(repo, "home", 14, "家舍私隱政策")
    scan(repo, ACTOR)
    edit(code, " 第二版")
    scan(repo, ACTOR)
    review(repo, "ycc", 14, "2024-02-20")
    (found,) = reviews(repo)
    assert found.basis == "sqs"
    assert [v.label for v in found.versions] == [
        "policies/ycc/SQS-14/私隱政策.txt v1", "policies/ycc/SQS-14/資料查閱程序.txt v2"]


def test_a_review_of_a_named_document_ties_to_it_alone(repo: Repository) -> None:
    policy(repo, "ycc", 14, "私隱政策")
    policy(repo, "ycc", 14, "資料查閱程序")
    head_office = policy(repo, "agency", 5, "人力資源政策")
    scan(repo, ACTOR)
    review(repo, "ycc", 14, "2024-02-20", document="policies/ycc/SQS-14/私隱政策.txt")
    review(repo, "ycc", 5, "2024-02-21", document=str(head_office))  # the head office's policy
    first, second = reviews(repo)
    assert (first.basis, [v.label for v in first.versions]) == (
        "document", ["policies/ycc/SQS-14/私隱政策.txt v1"])
    assert [v.label for v in second.versions] == ["policies/agency/SQS-05/人力資源政策.txt v1"]


def test_a_review_records_an_unscanned_edit_first_so_it_ties_to_what_was_read(
        repo: Repository) -> None:
    path = policy(repo, "ycc", 14, "私隱政策")
    scan(repo, ACTOR)
    edit(path, " 第二版 second edition")
    review(repo, "ycc", 14, "2024-02-20")
    assert [v.label for v in reviews(repo)[0].versions] == ["policies/ycc/SQS-14/私隱政策.txt v2"]
    entry = list(repo.catalog.audit_entries())[-1]
    assert entry.action == "review record"
    assert entry.detail["versions"] == ["policies/ycc/SQS-14/私隱政策.txt v2"]
    assert entry.detail["reviewed"] == ["policies/ycc/SQS-14/私隱政策.txt v2"]


def test_a_review_with_no_policy_on_file_is_recorded_and_says_so(repo: Repository) -> None:
    review(repo, "home", 9, "2024-03-01")
    (found,) = reviews(repo)
    assert (found.basis, found.versions) == ("none", ())


def test_every_review_and_amendment_appends_an_audit_entry(repo: Repository) -> None:
    policy(repo, "ycc", 14, "私隱政策")
    scan(repo, ACTOR)
    before = len(list(repo.catalog.audit_entries()))
    review(repo, "ycc", 14, "2024-02-20", note="加入閉路電視條文")
    amend(repo, "ycc", 14, "2025-01-20", released="2025-02-01")
    entries = list(repo.catalog.audit_entries())[before:]
    assert [(e.action, e.by, e.detail["unit"], e.detail["sqs"]) for e in entries] == [
        ("review record", "Test Officer", "ycc", 14), ("amend", "Test Officer", "ycc", 14)]
    assert entries[0].detail["date"] == "2024-02-20"
    assert entries[1].detail["next_review"] == "2027-03-31"
    assert repo.catalog.audit_chain_break() is None


# -- amendments --------------------------------------------------------------------------------


def test_an_amendment_links_the_version_saved_since_the_review(repo: Repository) -> None:
    path = policy(repo, "ycc", 14, "私隱政策")
    scan(repo, ACTOR)
    review(repo, "ycc", 14, "2024-02-20")
    edit(path, " 3.7 閉路電視")
    scan(repo, ACTOR)
    changed = item(repo, "ycc", 14, TODAY).changed_since_review
    assert changed == ("policies/ycc/SQS-14/私隱政策.txt",)
    assert amend(repo, "ycc", 14, "2025-01-20", released="2025-02-01") == [
        "policies/ycc/SQS-14/私隱政策.txt v2"]
    after = item(repo, "ycc", 14, TODAY)
    assert (after.changed_since_review, after.amended_since_review) == ((), 1)
    # a second amendment with no new save links nothing: v2 is already claimed
    assert amend(repo, "ycc", 14, "2025-03-01", clause="3.8") == []


def test_an_amendment_records_an_unscanned_edit_and_links_it(repo: Repository) -> None:
    path = policy(repo, "ycc", 15, "投訴處理程序")
    scan(repo, ACTOR)
    review(repo, "ycc", 15, "2024-02-20")
    edit(path, " 新增網上投訴")
    assert amend(repo, "ycc", 15, "2025-06-02") == ["policies/ycc/SQS-15/投訴處理程序.txt v2"]


def test_an_amendment_when_nothing_changed_links_nothing(repo: Repository) -> None:
    policy(repo, "ycc", 14, "私隱政策")
    scan(repo, ACTOR)
    review(repo, "ycc", 14, "2024-02-20")
    assert amend(repo, "ycc", 14, "2025-01-20") == []
    (found,) = amendments(repo)
    assert (found.clause, found.next_review, found.released_on) == (
        "3.7", date(2027, 3, 31), date(2025, 1, 20))


def test_an_amendment_of_a_never_reviewed_sqs_is_next_reviewed_at_the_next_deadline(
        repo: Repository) -> None:
    amend(repo, "home", 4, "2025-05-02", released="2025-05-10")
    assert amendments(repo)[0].next_review == date(2026, 3, 31)


def test_the_next_review_date_may_be_given(repo: Repository) -> None:
    record_amendment(repo, unit="home", sqs=4, clause="1", reason="r", new_content="c",
                     updated_on=date(2025, 5, 2), released_on=date(2025, 5, 2),
                     responsible="周麗華", actor=ACTOR, next_review=date(2027, 4, 1))
    assert amendments(repo)[0].next_review == date(2027, 4, 1)


# -- several years, hand-worked ----------------------------------------------------------------


def test_due_dates_across_several_years(repo: Repository) -> None:
    complaints = policy(repo, "home", 15, "投訴處理程序 Complaints Procedure")
    privacy = policy(repo, "ycc", 14, "私隱及保密政策 Privacy Policy")
    policy(repo, "ycc", 2, "政策檢討程序 Policy Review")
    scan(repo, ACTOR)

    # home SQS 15: reviewed in the 2020-21 window (seed 001's December-to-March cycle), then
    # missed in the 2023-24 window, as the demo's complaints procedure is.
    review(repo, "home", 15, "2021-03-25")
    at = item(repo, "home", 15, date(2023, 6, 30))
    assert (at.state, at.cycle, at.next_cycle, at.window_start, at.due) == (
        "ok", "2020-21", "2023-24", date(2023, 12, 1), date(2024, 3, 31))
    assert item(repo, "home", 15, date(2024, 1, 15)).state == "due soon"
    late = item(repo, "home", 15, date(2024, 6, 1))
    assert (late.state, late.days_left) == ("overdue", -62)

    # reviewed late, in May 2024: it counts for 2023-24, so the next is due by March 2027
    review(repo, "home", 15, "2024-05-10")
    caught_up = item(repo, "home", 15, date(2024, 6, 1))
    assert (caught_up.state, caught_up.cycle, caught_up.due) == ("ok", "2023-24",
                                                                  date(2027, 3, 31))
    assert caught_up.changed_since_review == ()

    # ycc SQS 2: two reviews years apart; the latest one counts
    review(repo, "ycc", 2, "2020-12-15")
    review(repo, "ycc", 2, "2024-01-10")
    assert item(repo, "ycc", 2, date(2024, 6, 1)).due == date(2027, 3, 31)

    # ycc SQS 14: reviewed in February 2024, the policy amended in January 2025
    review(repo, "ycc", 14, "2024-02-20")
    edit(privacy, " 3.7 閉路電視錄像只作管理用途")
    scan(repo, ACTOR)
    flagged = item(repo, "ycc", 14, date(2025, 1, 15))
    assert flagged.changed_since_review == (
        "policies/ycc/SQS-14/私隱及保密政策 Privacy Policy.txt",)
    assert flagged.needs_attention and flagged.state == "ok"
    amend(repo, "ycc", 14, "2025-01-20", released="2025-02-01")
    amended = item(repo, "ycc", 14, date(2025, 2, 1))
    assert (amended.state, amended.due, amended.changed_since_review,
            amended.amended_since_review) == ("ok", date(2027, 3, 31), (), 1)
    assert not amended.needs_attention
    # an amendment does not restart the cycle: the full review is still due by March 2027
    assert item(repo, "ycc", 14, date(2026, 12, 1)).state == "due soon"
    assert item(repo, "ycc", 14, date(2027, 4, 1)).state == "overdue"

    # a change after the amendment, with no record of it, is flagged again
    edit(privacy, " 3.8 未經批准的修改")
    scan(repo, ACTOR)
    assert item(repo, "ycc", 14, date(2025, 6, 1)).changed_since_review != ()

    # never reviewed
    never = item(repo, "ycc", 1, date(2025, 6, 1))
    assert (never.state, never.due, never.needs_attention) == ("never reviewed", None, True)
    assert complaints.is_file()


def test_due_lists_sixteen_standards_per_unit(repo: Repository) -> None:
    everything = due(repo, today=TODAY)
    assert [(d.unit, d.sqs) for d in everything][:3] == [("agency", 1), ("agency", 2),
                                                         ("agency", 3)]
    assert len(everything) == 3 * 16
    assert len(due(repo, "ycc", TODAY)) == 16


# -- mistakes ----------------------------------------------------------------------------------


def test_mistakes_in_a_review_are_one_clear_error(repo: Repository) -> None:
    policy(repo, "home", 14, "家舍私隱政策")
    scan(repo, ACTOR)
    with pytest.raises(NotFound, match=r"unit 'u9' is not in repo\.yaml"):
        review(repo, "u9", 2, "2024-02-20")
    with pytest.raises(InvalidInput, match="SQS 17 does not exist"):
        review(repo, "ycc", 17, "2024-02-20")
    with pytest.raises(InvalidInput, match="2027-01-01 is in the future"):
        review(repo, "ycc", 2, "2027-01-01")
    with pytest.raises(InvalidInput, match="'maybe' is not an outcome"):
        review(repo, "ycc", 2, "2024-02-20", outcome="maybe")
    with pytest.raises(InvalidInput, match=r"the reviewer's name \(--by\) is empty"):
        review(repo, "ycc", 2, "2024-02-20", reviewer="  ")
    with pytest.raises(InvalidInput, match="belongs to unit 'home', not 'ycc'"):
        review(repo, "ycc", 14, "2024-02-20", document="policies/home/SQS-14/家舍私隱政策.txt")
    with pytest.raises(NotFound, match="is not in the catalog"):
        review(repo, "ycc", 14, "2024-02-20", document="policies/ycc/nothing.txt")
    (repo.root / "policies/home/SQS-14/家舍私隱政策.txt").unlink()
    scan(repo, ACTOR)
    with pytest.raises(Conflict, match="is deleted; bring it back"):
        review(repo, "home", 14, "2024-02-20", document="policies/home/SQS-14/家舍私隱政策.txt")
    assert reviews(repo) == []


def test_an_amendment_released_before_it_was_written_is_refused(repo: Repository) -> None:
    with pytest.raises(InvalidInput, match="release date 2025-01-01 is before the date updated"):
        amend(repo, "ycc", 14, "2025-01-20", released="2025-01-01")
    with pytest.raises(InvalidInput, match="the clause amended"):
        amend(repo, "ycc", 14, "2025-01-20", clause="")


def test_the_log_is_filtered_by_unit_sqs_and_dates(repo: Repository) -> None:
    review(repo, "ycc", 2, "2021-01-10")
    review(repo, "ycc", 14, "2024-02-20")
    review(repo, "home", 14, "2024-03-01")
    assert [r.reviewed_on.year for r in reviews(repo, Filters(unit="ycc"))] == [2021, 2024]
    assert [r.unit for r in reviews(repo, Filters(sqs=14))] == ["ycc", "home"]
    assert len(reviews(repo, Filters(since=date(2024, 2, 20), until=date(2024, 2, 29)))) == 1
    with pytest.raises(InvalidInput, match="is after --to"):
        reviews(repo, Filters(since=date(2024, 3, 1), until=date(2024, 2, 1)))


def test_a_catalog_from_before_the_review_log_is_upgraded_by_the_next_writer(
        repo: Repository) -> None:
    policy(repo, "ycc", 14, "私隱政策")
    scan(repo, ACTOR)
    repo.close()
    dropped = rewind_catalog(repo.state / "catalog.sqlite", 2)
    assert {"reviews", "amendments"} <= set(dropped)  # migration 3 and any after it
    old = Repository.open(repo.root)
    review(old, "ycc", 14, "2024-02-20")
    assert [v.label for v in reviews(old)[0].versions] == ["policies/ycc/SQS-14/私隱政策.txt v1"]
    old.close()


def test_tagging_a_reviewed_policy_into_another_sqs_is_not_a_change(repo: Repository) -> None:
    privacy = policy(repo, "ycc", 14, "私隱政策")
    complaints = policy(repo, "ycc", 15, "投訴程序")
    scan(repo, ACTOR)
    review(repo, "ycc", 14, "2024-02-20")
    review(repo, "ycc", 15, "2024-02-20")
    repo.tag(privacy.relative_to(repo.root).as_posix(), (14, 15), ACTOR)  # bytes unchanged
    assert item(repo, "ycc", 15, date(2024, 6, 1)).changed_since_review == ()
    # a policy saved into SQS 15 after its review is still flagged
    write(complaints.with_name("新程序.txt"), "新程序 new procedure")
    scan(repo, ACTOR)
    assert item(repo, "ycc", 15, date(2024, 6, 1)).changed_since_review == (
        "policies/ycc/SQS-15/新程序.txt",)
