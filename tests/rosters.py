"""Rosters for tests: a realistic 60-post establishment, and writers for staff.yaml/.csv."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TEAMS = [("family", "兒童及家庭服務", "Children and Family Services"),
         ("youth", "青少年發展服務", "Youth Development Services"),
         ("school", "學校社會工作", "School Social Work"),
         ("outreach", "外展服務", "Outreaching Services"),
         ("admin", "行政及支援", "Administration and Support")]
WORKERS = [("社會工作員", "Social Worker"), ("社會工作助理", "Social Work Assistant"),
           ("福利工作員", "Welfare Worker"), ("活動幹事", "Programme Worker"),
           ("計劃工作員", "Project Worker"), ("輔導員", "Counsellor"),
           ("文書助理", "Clerical Assistant"), ("工友", "Workman"),
           ("導師", "Tutor"), ("司機", "Driver"), ("活動助理", "Programme Assistant")]


def sixty_posts() -> list[dict[str, Any]]:
    """1 centre-in-charge, 5 team heads, and 54 posts under them (some two levels down)."""
    posts: list[dict[str, Any]] = [
        {"id": "head", "post_zh": "中心主任", "post_en": "Centre-in-charge", "reports_to": None,
         "subvented": 1}]
    for t, (team, zh, en) in enumerate(TEAMS):
        head = f"{team}_head"
        posts.append({"id": head, "post_zh": f"督導主任（{zh}）",
                      "post_en": f"Supervisor ({en})", "reports_to": "head", "subvented": 1,
                      "team": zh})
        for n in range(10 if t < 4 else 14):
            wzh, wen = WORKERS[(n + t) % len(WORKERS)]
            boss = head if n < 6 else f"{team}_{n % 3}"
            post: dict[str, Any] = {"id": f"{team}_{n}", "post_zh": f"{wzh}（{zh[:2]}{n + 1}）",
                                    "post_en": f"{wen} ({en.split()[0]} {n + 1})",
                                    "reports_to": boss, "subvented": 1 + (n + t) % 4,
                                    "team": zh}
            if n % 4 == 3:
                post["non_subvented"] = 1
            if n % 7 == 5:
                post["subvented"] = 0
                post["non_subvented"] = 2
            posts.append(post)
    assert len(posts) == 60, len(posts)
    return posts


def write_yaml(path: Path, posts: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"posts": posts}, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


ELDERLY = [  # id, reports_to, post_zh, post_en, subvented, non_subvented
    ("head", None, "中心主任", "Centre-in-charge", 1, 0),
    ("sw", "head", "社會工作員（個案及小組）", "Social Work Officer (Casework and Groups)", 2, 0),
    ("project", "head", "計劃幹事（長者數碼共融計劃）",
     "Programme Officer (Elderly Digital Inclusion Project)", 0, 1),
    ("nurse", "head", "登記護士（長者健康支援）", "Enrolled Nurse (Elderly Health Support)", 1, 0),
    ("carer", "head", "護理員（護老者支援服務）", "Care Worker (Carer Support Services)", 2, 0),
    ("clerk", "head", "文書主任", "Clerical Officer", 1, 0),
    ("swa", "sw", "社會工作助理（義工發展）", "Social Work Assistant (Volunteer Development)",
     2, 0),
    ("welfare", "sw", "福利工作員", "Welfare Worker", 1, 0),
    ("pa", "project", "活動助理（長者學苑）", "Programme Assistant (Elder Academy)", 0, 1),
    ("ca", "clerk", "文書助理", "Clerical Assistant", 1, 0),
    ("workman", "clerk", "工友", "Workman", 2, 0),
    ("personal", "carer", "個人照顧工作員", "Personal Care Worker", 3, 0),
]


def elderly_centre_posts() -> list[dict[str, Any]]:
    """A neighbourhood elderly centre whose chart must wrap its long bracketed titles."""
    return [{"id": pid, "reports_to": boss, "post_zh": zh, "post_en": en, "subvented": sub,
             "non_subvented": non} for pid, boss, zh, en, sub, non in ELDERLY]
