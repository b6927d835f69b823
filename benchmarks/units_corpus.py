"""A generated repository of many units, for the overview's tests and benchmark (issue 22).

Each unit gets a policy and a record file naming a random set of SQSs, a `standards.yaml` of
five standards (ESR1, OS1-OS3, OC1), figures for last year and this year so far, SQS 2 reviews
of random age, improvement plan items (some overdue, some done), visits and, for some units,
an internal service audit with SQSs not met. Files go through a real `scan`; the logs are
written through the catalog's own methods in one write session, so a few hundred units take
seconds, not the minutes of one command per row. The same seed gives the same repository.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from repo_tool.domain.performance import load_standards, periods_of, year_of
from repo_tool.domain.performance._returns import assemble
from repo_tool.ingest.scanner import scan
from repo_tool.models import Actor
from repo_tool.repository import Repository
from repo_tool.sqs import NUMBERS
from repo_tool.store.session import now

ACTOR = Actor(user="generator", by="Generator")
TODAY = date(2025, 11, 20)  # mid-year: Q1 and Q2 of 2025-26 are over, the SAR of 2024-25 done

STANDARDS_YAML = """standards:
  - code: ESR1
    name_zh: 二十四小時當值
    name_en: 24-hour staffing
    frequency: quarterly
  - code: OS1
    name_zh: 平均入住率
    name_en: Average occupancy
    level: 90
    measure: "%"
  - code: OS2
    name_zh: 個案檢討完成率
    name_en: Case reviews done
    level: 85
    measure: "%"
  - code: OS3
    name_zh: 個人計劃完成率
    name_en: Individual plans done
    level: 90
    measure: "%"
    frequency: half-yearly
  - code: OC1
    name_zh: 家長滿意的比率
    name_en: Parents satisfied
    level: 80
    measure: "%"
    aggregate: latest
    frequency: yearly
"""
PLEDGES_YAML = """reviewed: {reviewed}
pledges:
  - code: PL1
    target_zh: 95%的查詢於3個工作天內回覆
    target_en: 95% of enquiries answered within 3 working days
    level: 95
    measure: "%"
    frequency: quarterly
    published: [notice board]
    monitoring:
      by_zh: 中心主任
      by_en: The centre-in-charge
      how_zh: 每月覆核查詢紀錄冊
      how_en: checks the enquiry log every month
"""
_FREQUENCY = {"ESR1": "quarterly", "OS1": "quarterly", "OS2": "quarterly",
              "OS3": "half-yearly", "OC1": "yearly"}


def unit_code(index: int) -> str:
    return f"u{index:03d}"


def _repo_yaml(root: Path, units: int) -> None:
    """Append the units to repo.yaml in one write (`unit add` re-reads the file each time)."""
    path = root / "repo.yaml"
    text = path.read_text(encoding="utf-8")
    entries = "".join(f"  - code: {unit_code(i)}\n    name_zh: 明德第{i}服務單位\n"
                      f"    name_en: Ming Tak Unit {i}\n" for i in range(1, units + 1))
    head, marker, tail = text.partition("review_cycle:")
    path.write_text(head + entries + marker + tail, encoding="utf-8")
    for i in range(1, units + 1):
        for top in ("policies", "records"):
            (root / top / unit_code(i)).mkdir(parents=True, exist_ok=True)


def _sqs_name(numbers: list[int]) -> str:
    return " ".join(f"SQS-{n:02d}" for n in sorted(numbers))


def _files(root: Path, code: str, rng: random.Random, standards: float,
           extra: random.Random, today: date) -> None:
    numbers = sorted(NUMBERS)
    policies = rng.sample(numbers, rng.randint(8, 16))
    records = rng.sample(numbers, rng.randint(4, 16))
    (root / "policies" / code / f"{_sqs_name(policies)} 政策.txt").write_text(
        f"{code} 政策 policy {rng.random()}", encoding="utf-8")
    (root / "records" / code / f"{_sqs_name(records)} 記錄.txt").write_text(
        f"{code} 記錄 record {rng.random()}", encoding="utf-8")
    if rng.random() < standards:
        (root / "records" / code / "standards.yaml").write_text(STANDARDS_YAML, encoding="utf-8")
    if extra.random() < 0.4:  # pledges, some not reviewed for over a year
        reviewed = today - timedelta(days=extra.randint(30, 600))
        (root / "records" / code / "pledges.yaml").write_text(
            PLEDGES_YAML.format(reviewed=reviewed.isoformat()), encoding="utf-8")


def _value(code: str, rng: random.Random) -> float:
    if code == "ESR1":
        return 0.0 if rng.random() < 0.15 else 1.0
    return round(rng.uniform(70, 100), 1)


def generate(root: Path, units: int, seed: int = 22, today: date = TODAY,
             standards: float = 0.9) -> Repository:
    """A repository at `root` (which must not exist) with `units` generated units, that
    share of them with a standards file."""
    rng = random.Random(seed)
    extra = random.Random(seed + 1)  # pledges and returns, apart so the rest stays as it was
    repo = Repository.init(root, "明德社會服務協會", "Ming Tak Social Service Association")
    repo.close()
    _repo_yaml(root, units)
    for i in range(1, units + 1):
        _files(root, unit_code(i), rng, standards, extra, today)
    repo = Repository.open(root)
    scan(repo, ACTOR, ocr=False)
    _logs(repo, units, rng, today)
    _pledges_and_returns(repo, units, extra, today)
    return repo


def _logs(repo: Repository, units: int, rng: random.Random, today: date) -> None:
    current = {}
    for document in repo.catalog.review_log.current_documents(None):
        if document.kind == "policy":
            current[document.unit] = document
    at = now()
    this_year = year_of(today)
    with repo.writing("generate units", ACTOR) as session, session.catalog.transaction():
        reviews = session.catalog.review_log
        performance = session.catalog.performance
        isa = session.catalog.isa
        lifecycle = session.catalog.lifecycle
        for i in range(1, units + 1):
            code = unit_code(i)
            policy = current.get(code)
            for sqs in rng.sample(sorted(NUMBERS), rng.randint(4, 16)):
                day = today - timedelta(days=rng.randint(30, 1800))
                reviews.add_review(code, sqs, day, "陳主任", "no-change", None, "sqs",
                                   [policy.version_id] if policy and sqs in policy.sqs else [],
                                   at, ACTOR.user)
            if (repo.root / "records" / code / "standards.yaml").is_file():
                for year in (this_year - 2, this_year - 1, this_year):
                    for standard, frequency in _FREQUENCY.items():
                        for period in periods_of(year, frequency):  # type: ignore[arg-type]
                            if period.end < today and rng.random() < 0.93:
                                performance.add_figure(code, standard, period.code,
                                                       _value(standard, rng), None, at,
                                                       ACTOR.user, ACTOR.by)
            for _ in range(rng.randint(0, 3)):
                due = today + timedelta(days=rng.randint(-200, 200))
                plan = performance.add_plan(code, rng.choice(["OS1", "OS2", "SQS14"]),
                                            "加強培訓 More training", "工作坊 Workshops", due,
                                            "何主任", "達標 Meet the level", at, ACTOR.user)
                if rng.random() < 0.3:
                    performance.mark_done(plan, due - timedelta(days=5), None, at)
            for _ in range(rng.randint(0, 2)):
                lifecycle.add_visit(code, today - timedelta(days=rng.randint(0, 1200)),
                                    "review", None, at, ACTOR.user)
            if rng.random() < 0.3:
                for year in (this_year - 1, this_year):
                    audit = isa.add_audit(code, year, "審查員", today, "generated", at,
                                          ACTOR.user)
                    for sqs in (6, 14):
                        isa.add_finding(audit, f"{sqs}.1", sqs,
                                        "not-met" if rng.random() < 0.6 else "met", None, None,
                                        today, [], at, ACTOR.user)
        session.audit("generate units", {"units": units})


def _pledges_and_returns(repo: Repository, units: int, rng: random.Random, today: date) -> None:
    """Pledge results for the units with pledges, and statistics returns submitted for most
    periods of the units with standards (each exactly the return its figures make)."""
    at = now()
    this_year = year_of(today)
    with repo.writing("generate returns", ACTOR) as session, session.catalog.transaction():
        performance = session.catalog.performance
        for i in range(1, units + 1):
            code = unit_code(i)
            folder = repo.root / "records" / code
            if (folder / "pledges.yaml").is_file():
                for period in periods_of(this_year, "quarterly"):
                    if period.end < today and rng.random() < 0.7:
                        performance.add_figure(code, "PL1", period.code,
                                               round(rng.uniform(88, 100), 1), None, at,
                                               ACTOR.user, ACTOR.by)
            if not (folder / "standards.yaml").is_file():
                continue
            standards = load_standards(repo.root, code)
            current = performance.current_figures(code)
            for year in (this_year - 1, this_year):
                for period in periods_of(year, "quarterly"):
                    if period.end < today and rng.random() < 0.75:
                        made = assemble(repo.config.unit(code), standards, period, today,
                                        current, [])
                        session.catalog.returns.add_submission(
                            code, period.code, 1, f"records/{code}/generated/{period.code}.csv",
                            1, made.digest, made.content, made.digest, at, ACTOR.user, ACTOR.by)
        session.audit("generate returns", {"units": units})
