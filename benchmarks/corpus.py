"""A reproducible benchmark corpus: a repository with units, policies and records on disk.

The same `files` and `seed` always give the same paths, sizes, mtimes and bytes, on any machine.
Files are written one at a time in chunks, so memory stays flat however large the corpus is.

The bytes are mixed Traditional Chinese and English text under .docx and .pdf names, not real
Office or PDF files: scanning only hashes and copies bytes, so their format does not matter here.
A search benchmark that extracts text will need real documents (python-docx is a dev dependency).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from repo_tool.repository import Repository, current_actor
from repo_tool.sqs import STANDARDS

ORG_ZH = "明德社會服務協會"
ORG_EN = "Ming Tak Social Service Association"
UNITS = 20

_CHUNK = 64 * 1024
_POLICY_SHARE = 0.2       # the rest are records (evidence), which outnumber policies
_LARGE_SHARE = 0.02       # scanned forms and reports with photos
_SMALL = (5_000, 60_000, 18_000)   # low, high, mode of a typical document's size in bytes
_LARGE = (300_000, 2_000_000)
_FIRST_DAY = datetime(2019, 1, 1, tzinfo=UTC).timestamp()
_LAST_DAY = datetime(2024, 12, 31, tzinfo=UTC).timestamp()

_DISTRICTS = (("觀塘", "Kwun Tong"), ("沙田", "Sha Tin"), ("深水埗", "Sham Shui Po"),
              ("元朗", "Yuen Long"), ("屯門", "Tuen Mun"), ("黃大仙", "Wong Tai Sin"),
              ("葵青", "Kwai Tsing"), ("東區", "Eastern"), ("荃灣", "Tsuen Wan"),
              ("大埔", "Tai Po"))
_SERVICES = (("長者鄰舍中心", "Neighbourhood Elderly Centre"),
             ("綜合青少年服務中心", "Integrated Children and Youth Services Centre"),
             ("兒童之家", "Small Group Home"),
             ("綜合家庭服務中心", "Integrated Family Service Centre"),
             ("展能中心", "Day Activity Centre"),
             ("庇護工場", "Sheltered Workshop"),
             ("護理安老院", "Care and Attention Home"),
             ("長者日間護理中心", "Day Care Centre for the Elderly"),
             ("精神健康綜合社區中心", "Integrated Community Centre for Mental Wellness"),
             ("幼兒中心", "Child Care Centre"))
# One policy title per standard, in SQS order.
_POLICIES = (("服務資料及收費政策", "Service information and fees policy"),
             ("政策及程序檢討程序", "Policy review procedure"),
             ("記錄保存及銷毀指引", "Records retention and disposal guideline"),
             ("職員職責說明", "Staff duty statements"),
             ("招聘及培訓程序", "Recruitment and training procedure"),
             ("服務計劃及評估程序", "Service planning and evaluation procedure"),
             ("財務管理程序", "Financial management procedure"),
             ("法律責任守則", "Legal obligations code"),
             ("安全及緊急應變程序", "Safety and emergency procedure"),
             ("申請及退出服務程序", "Service access and exit procedure"),
             ("需要評估程序", "Needs assessment procedure"),
             ("知情選擇指引", "Informed choice guideline"),
             ("私人財產處理程序", "Handling of private property"),
             ("私隱及保密政策", "Privacy and confidentiality policy"),
             ("投訴處理程序", "Complaints procedure"),
             ("防止侵犯程序", "Prevention of abuse procedure"))
_RECORDS = (("會議記錄", "Meeting minutes"), ("活動記錄", "Activity record"),
            ("出席記錄", "Attendance register"), ("個案評估", "Case assessment"),
            ("服務計劃", "Care plan"), ("意見調查", "Feedback survey"),
            ("消防演習記錄", "Fire drill record"), ("培訓記錄", "Training record"),
            ("投訴登記", "Complaint register"), ("財務報告", "Financial report"),
            ("同意書", "Consent form"), ("財物記錄", "Property record"))
_ZH_SENTENCES = ("本中心每年檢討一次政策及程序，並於職員會議上通過修訂。",
                 "服務使用者可隨時查閱有關服務的資料，包括收費及申請手續。",
                 "所有個人資料均按《個人資料（私隱）條例》妥善保存，只供授權職員查閱。",
                 "如有投訴，職員須於十個工作天內以書面回覆投訴人。",
                 "中心每季進行一次消防演習，並記錄參與人數及所需時間。",
                 "社工與服務使用者及其家人共同訂立個人服務計劃，並定期評估進度。",
                 "財務記錄須由單位主管核對，並每月呈交總辦事處。",
                 "新入職職員須於首三個月內完成迎新及保護兒童培訓。",
                 "服務使用者的私人財產須登記於財物記錄冊，並由兩名職員簽署。",
                 "如懷疑有侵犯個案，職員須立即通知主管並按程序跟進。",
                 "活動完成後，負責職員須填寫活動記錄及收集參加者意見。",
                 "本年度共舉辦小組及活動一百二十節，出席率達百分之八十五。")
_EN_SENTENCES = ("The unit reviews its policies and procedures at least once a year.",
                 "Service users may read the service information, fees and admission "
                 "procedure at any time.",
                 "Personal data are kept under the Personal Data (Privacy) Ordinance and "
                 "read only by authorised staff.",
                 "A written reply is sent to the complainant within ten working days.",
                 "A fire drill is held every quarter and the evacuation time is recorded.",
                 "The social worker agrees an individual care plan with the user and family.",
                 "The unit head checks the accounts and sends them to head office monthly.",
                 "New staff complete induction and child protection training within three "
                 "months.",
                 "Users' private property is entered in the register and signed by two staff.",
                 "Any suspected abuse is reported to the supervisor at once.",
                 "After each activity the worker in charge fills in the activity record.",
                 "Attendance for the year's 120 group sessions was 85 per cent.")


@dataclass(frozen=True)
class Unit:
    """A service unit of the benchmark organisation."""

    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class PlannedFile:
    """One file of the corpus, before it is written."""

    index: int
    relpath: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Corpus:
    """A generated repository: where it is, how many files and bytes it holds."""

    root: Path
    files: int
    bytes: int


def units(count: int = UNITS) -> list[Unit]:
    """u01, u02, ...: each a service in a district, named in Chinese and English."""
    result = []
    for i in range(count):
        district_zh, district_en = _DISTRICTS[i % len(_DISTRICTS)]
        service_zh, service_en = _SERVICES[(i + i // len(_DISTRICTS)) % len(_SERVICES)]
        result.append(Unit(f"u{i + 1:02d}", f"明德{district_zh}{service_zh}",
                           f"Ming Tak {service_en}, {district_en}"))
    return result


def plan(files: int, seed: int, unit_codes: list[str]) -> Iterator[PlannedFile]:
    """The corpus's files in order: the same arguments always give the same files."""
    rng = random.Random(seed)
    for index in range(files):
        unit = rng.choice(unit_codes)
        standard = rng.choice(STANDARDS)
        mtime = rng.uniform(_FIRST_DAY, _LAST_DAY)
        day = datetime.fromtimestamp(mtime, UTC)
        if rng.random() < _POLICY_SHARE:
            title_zh, title_en = _POLICIES[standard.number - 1]
            extension = ".docx" if rng.random() < 0.85 else ".pdf"
            relpath = (f"policies/{unit}/SQS-{standard.number:02d} {standard.name_zh} "
                       f"{standard.name_en}/{title_zh} {title_en} {day:%Y} ({index:06d})"
                       f"{extension}")
        else:
            title_zh, title_en = rng.choice(_RECORDS)
            extension = rng.choice((".docx", ".pdf"))
            relpath = (f"records/{unit}/SQS-{standard.number:02d} {standard.name_zh}/{day:%Y}/"
                       f"{title_zh} {title_en} {day:%Y-%m-%d} ({index:06d}){extension}")
        large = rng.random() < _LARGE_SHARE
        size = rng.randint(*_LARGE) if large else int(rng.triangular(*_SMALL))
        yield PlannedFile(index, relpath, size, int(mtime) * 1_000_000_000)


def paragraphs(seed: int, count: int = 256) -> list[bytes]:
    """A pool of mixed zh/en paragraphs (about 0.5-3 kB each) that file bodies are cut from."""
    rng = random.Random(f"{seed}/paragraphs")
    pool = []
    for _ in range(count):
        sentences = [rng.choice(_ZH_SENTENCES if rng.random() < 0.6 else _EN_SENTENCES)
                     for _ in range(rng.randint(4, 24))]
        pool.append(("".join(s if s[-1] == "。" else s + " " for s in sentences) + "\n\n")
                    .encode())
    return pool


def write_file(path: Path, planned: PlannedFile, seed: int, pool: list[bytes]) -> None:
    """Write one planned file in chunks: a unique header, then paragraphs up to its size."""
    rng = random.Random(f"{seed}/{planned.index}")
    header = f"{path.stem}\n{planned.relpath}\nseed {seed} file {planned.index}\n\n"
    pending = bytearray(header.encode())
    left = planned.size
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        while left > 0:
            while len(pending) < min(_CHUNK, left) + 4:
                pending += rng.choice(pool)
            take = min(_CHUNK, left)
            piece = bytes(pending[:take])
            if take == left:
                piece = _end_on_character(pending, take)
            out.write(piece)
            left -= take
            del pending[:take]
    os.utime(path, ns=(planned.mtime_ns, planned.mtime_ns))


def _end_on_character(data: bytearray, size: int) -> bytes:
    """The first `size` bytes, with a character the cut would split replaced by spaces."""
    cut = size
    while cut > 0 and data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte
        cut -= 1
    return bytes(data[:cut]) + b" " * (size - cut)


def build(root: Path, files: int, seed: int,
          on_progress: Callable[[int, int], None] | None = None) -> Corpus:
    """Create a repository at `root` with its units, and write the corpus's files into it.

    mtimes are set to dates in 2019-2024, as in a shared drive of older documents; a file
    modified seconds before a scan would be re-hashed by the next one (scan's racy-mtime rule).
    """
    repo = Repository.init(root, ORG_ZH, ORG_EN)
    try:
        actor = current_actor("benchmark")
        for unit in units():
            repo.add_unit(unit.code, unit.name_zh, unit.name_en, None, actor)
    finally:
        repo.close()
    pool = paragraphs(seed)
    total = 0
    for planned in plan(files, seed, [unit.code for unit in units()]):
        write_file(root / planned.relpath, planned, seed, pool)
        total += planned.size
        if on_progress and (planned.index + 1) % 1000 == 0:
            on_progress(planned.index + 1, files)
    return Corpus(root, files, total)
