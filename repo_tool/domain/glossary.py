"""The bilingual search glossary: an English word of this work also finds its Chinese term.

Built from three sources, in this order: the 16 SQS names (English and Chinese, `Complaints`
申訴), the built-in terms below, and repo.yaml's `glossary:` section, whose entry for a term
replaces the built-in one (an empty list removes it). docs/search.md lists the built-in terms.
"""

from __future__ import annotations

from repo_tool.config import Config
from repo_tool.search import Glossary
from repo_tool.sqs import STANDARDS

BUILT_IN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("privacy", ("私隱",)),
    ("confidentiality", ("保密",)),
    ("personal data", ("個人資料",)),
    ("consent", ("同意書",)),
    ("complaint", ("投訴", "申訴")),
    ("CCTV", ("閉路電視",)),
    ("fire", ("消防", "火警")),
    ("fire drill", ("走火演習",)),
    ("evacuation", ("疏散",)),
    ("first aid", ("急救",)),
    ("emergency", ("緊急",)),
    ("accident", ("意外",)),
    ("incident", ("事故",)),
    ("abuse", ("虐待",)),
    ("infection control", ("感染控制",)),
    ("hygiene", ("衞生",)),
    ("risk", ("風險",)),
    ("staff", ("職員",)),
    ("volunteer", ("義工",)),
    ("service user", ("服務使用者",)),
    ("supervision", ("督導",)),
    ("training", ("培訓",)),
    ("org chart", ("組織圖", "組織架構圖")),
    ("review", ("檢討",)),
    ("amendment", ("修訂",)),
)
"""Terms of SQS evidence that policies and records write in Chinese and people search for in
English (or the reverse)."""


def _key(term: str) -> str:
    return " ".join(term.casefold().split())


def glossary_for(config: Config) -> Glossary:
    """The glossary a repository's searches use: SQS names, built-in terms, repo.yaml's."""
    entries = {_key(term): (term, others) for term, others in BUILT_IN}
    for term, others in config.glossary:
        entries[_key(term)] = (term, others)
    groups: list[tuple[str, ...]] = [(s.name_en, s.name_zh) for s in STANDARDS]
    groups += [(term, *others) for term, others in entries.values() if others]
    return Glossary(groups)
