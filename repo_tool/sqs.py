"""The 16 Service Quality Standards and their 4 principles, in Traditional Chinese and English.

Data only: the numbering is fixed by the Social Welfare Department's Service Performance
Monitoring System (see DOMAIN.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from repo_tool.errors import InvalidInput


@dataclass(frozen=True)
class Principle:
    """One of the four principles the standards are grouped under."""

    number: int
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Standard:
    """One Service Quality Standard."""

    number: int
    principle: int
    name_zh: str
    name_en: str

    @property
    def label(self) -> str:
        """`SQS 14 私隱和保密 Privacy and confidentiality`."""
        return f"SQS {self.number} {self.name_zh} {self.name_en}"


PRINCIPLES: tuple[Principle, ...] = (
    Principle(
        1, "明確界定服務的宗旨和目標，運作形式應具透明度", "Transparency of purpose and operation"
    ),
    Principle(
        2,
        "有效管理資源，管理方法應靈活變通、不斷創新及持續改善服務質素",
        "Effective management of resources",
    ),
    Principle(3, "鑑定並滿足服務使用者的特定需要", "Identifying and meeting users' needs"),
    Principle(4, "尊重服務使用者的權利", "Respecting users' rights"),
)

STANDARDS: tuple[Standard, ...] = (
    Standard(1, 1, "服務資料", "Service information"),
    Standard(2, 1, "檢討及修訂政策和程序", "Review and update of policies and procedures"),
    Standard(3, 1, "運作及活動記錄", "Operational and activity records"),
    Standard(4, 2, "職務及責任", "Roles and responsibilities"),
    Standard(5, 2, "人力資源", "Human resources"),
    Standard(6, 2, "計劃、評估及收集意見", "Planning, evaluation and feedback"),
    Standard(7, 2, "財政管理", "Financial management"),
    Standard(8, 2, "法律責任", "Legal obligations"),
    Standard(9, 2, "安全的環境", "Safe environment"),
    Standard(10, 3, "申請和退出服務", "Service access and exit"),
    Standard(11, 3, "評估服務使用者的需要", "Assessment of service users' needs"),
    Standard(12, 4, "知情的選擇", "Informed choice"),
    Standard(13, 4, "私人財產", "Private property"),
    Standard(14, 4, "私隱和保密", "Privacy and confidentiality"),
    Standard(15, 4, "申訴", "Complaints"),
    Standard(16, 4, "免受侵犯", "Freedom from abuse"),
)

NUMBERS: frozenset[int] = frozenset(s.number for s in STANDARDS)

# `SQS14`, `SQS-14`, `sqs_14`, `SQS 14 私隱和保密`, `SQS-02`: a path segment naming a standard.
_SEGMENT = re.compile(r"(?<![a-z0-9])sqs[ _-]?0*(\d{1,2})(?!\d)", re.IGNORECASE)


def standard(number: int) -> Standard:
    """The standard with this number, or InvalidInput naming the valid range."""
    if number not in NUMBERS:
        raise InvalidInput(f"SQS {number} does not exist; the standards are numbered 1 to 16")
    return STANDARDS[number - 1]


def principle(number: int) -> Principle:
    """The principle with this number (1-4)."""
    return PRINCIPLES[number - 1]


def numbers_in_path(relpath: str) -> tuple[int, ...]:
    """SQS numbers named by the segments of a relative path, in order, without repeats."""
    found: list[int] = []
    for match in _SEGMENT.finditer(relpath):
        number = int(match.group(1))
        if number in NUMBERS and number not in found:
            found.append(number)
    return tuple(found)


def ranges(numbers: Iterable[int]) -> str:
    """SQS numbers as people write them: `1, 3, 5-13, 16`."""
    out: list[str] = []
    ordered = sorted(numbers)
    start = prev = None
    for number in [*ordered, None]:
        if number is not None and prev is not None and number == prev + 1:
            prev = number
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = number
    return ", ".join(out)
