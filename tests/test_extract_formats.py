"""Every kind of file an office shared drive holds is read, Chinese included, Big5 as well as
UTF-8: Word/Excel/PowerPoint 97-2003, .pptx, RTF, HTML, .eml and .msg. Files are made here
(LibreOffice writes the Office ones), scanned into a real repository and found by `search`;
damaged ones give a reason line, never a traceback or a hung worker."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from repo_tool.extract import ExtractorPool, extract_file
from repo_tool.repository import Repository
from tests.conftest import Cli
from tests.msgfile import Message, msg_bytes
from tests.office_files import (
    big5_html,
    big5_rtf,
    convert,
    make_docx,
    make_eml,
    make_fodp,
    make_xlsx,
)


@dataclass(frozen=True)
class Sample:
    path: Path
    phrase: str  # a Chinese phrase the file holds, searched for end to end
    extractor: str


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Sample]:
    """One file of each format, each holding its own Chinese phrase."""
    work = tmp_path_factory.mktemp("office")
    src, out, profile = work / "src", work / "out", work / "profile"
    src.mkdir()
    doc_src = make_docx(src / "舊版私隱政策.docx", ["舊版私隱政策", "個人資料只作服務用途。",
                                                  "Personal data for service use only."],
                        title="舊版私隱政策 Old privacy policy")
    rtf_src = make_docx(src / "義工守則.docx", ["義工招募守則", "第五條 義工須接受培訓。"])
    xls_src = make_xlsx(src / "出席統計.xlsx", "統計",
                        [["服務", "人數"], ["青少年外展出席人數", 42], ["長者", 3.5]])
    ppt_src = make_fodp(src / "投訴培訓.fodp", [("員工培訓：處理投訴程序", "講者備註：派發問卷"),
                                               ("第二頁 Complaints handling", "")])
    pptx_src = make_fodp(src / "防止虐兒.fodp", [("防止虐待兒童培訓簡報", "備註：個案保密")])
    made = {"doc": convert([doc_src], "doc", out, profile)[0],
            "rtf": convert([rtf_src], "rtf", out, profile)[0],
            "xls": convert([xls_src], "xls", out, profile)[0],
            "ppt": convert([ppt_src], "ppt", out, profile)[0],
            "pptx": convert([pptx_src], "pptx", out, profile)[0]}
    letter = make_docx(src / "回覆信.docx", ["回覆信", "附件回覆信內容：已更換冷氣機。"])
    return {
        "doc": Sample(made["doc"], "個人資料只作服務用途", "doc-ole"),
        "rtf": Sample(made["rtf"], "義工須接受培訓", "rtf"),
        "xls": Sample(made["xls"], "青少年外展出席人數", "xls-xlrd"),
        "ppt": Sample(made["ppt"], "處理投訴程序", "ppt-ole"),
        "ppt-notes": Sample(made["ppt"], "派發問卷", "ppt-ole"),
        "pptx": Sample(made["pptx"], "防止虐待兒童", "pptx-xml"),
        "pptx-notes": Sample(made["pptx"], "個案保密", "pptx-xml"),
        "big5-rtf": Sample(big5_rtf(work / "疏散程序.rtf", "緊急疏散程序",
                                    ["長者中心緊急疏散程序", "第3條 集合點在球場"]),
                           "集合點在球場", "rtf"),
        "big5-html": Sample(big5_html(work / "通告.htm", "會員大會通告", "請各會員準時出席大會",
                                      "隱藏的內部備忘"), "準時出席大會", "html"),
        "big5-eml": Sample(make_eml(work / "投訴.eml", "投訴：活動室冷氣失靈",
                                    "中心主任你好：\n活動室冷氣一直失靈，請盡快跟進。\n", "big5",
                                    attachments=[letter]), "冷氣一直失靈", "eml"),
        "eml-attachment": Sample(work / "投訴.eml", "已更換冷氣機", "eml"),
        "gb2312-eml": Sample(make_eml(work / "申请.eml", "申请资助", "", "gb2312",
                                      html="<p>申请资助：长者活动经费</p>"),
                             "長者活動經費", "eml"),
        "msg": Sample(_msg(work / "升降機.msg", made["doc"]), "長者無法上樓", "msg-extract"),
        "msg-attachment": Sample(work / "升降機.msg", "個人資料只作服務用途", "msg-extract"),
        "big5-msg": Sample(_big5_msg(work / "舊投訴.msg"), "熱水爐壞了兩星期", "msg-extract"),
        "msg-embedded": Sample(_forwarded_msg(work / "轉寄.msg"), "家長要求查閱紀錄",
                               "msg-extract"),
    }


def _msg(path: Path, attachment: Path) -> Path:
    path.write_bytes(msg_bytes("投訴：升降機故障", "李小姐 <lee@example.org>",
                               "centre@example.org", "升降機已停用三日，長者無法上樓。\r\n",
                               [("回覆信.doc", attachment.read_bytes())]))
    return path


def _big5_msg(path: Path) -> Path:
    """An older Outlook's message: 8-bit strings in the Big5 code page (950), not Unicode."""
    path.write_bytes(msg_bytes("投訴：熱水爐", "陳先生", "centre@example.org",
                               "宿舍熱水爐壞了兩星期，至今未修妥。\r\n", codepage=950))
    return path


def _forwarded_msg(path: Path) -> Path:
    """A message forwarded as an attachment: the inner message's text is read too."""
    inner = Message("查閱資料要求", "黃太太", "centre@example.org",
                    "家長要求查閱紀錄，請於四十日內回覆。\r\n")
    path.write_bytes(msg_bytes("轉寄：查閱資料要求", "主任", "社工", "請跟進。\r\n",
                               [("查閱資料要求.msg", inner)]))
    return path


# --- each reader -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["doc", "rtf", "xls", "ppt", "ppt-notes", "pptx",
                                  "pptx-notes", "big5-rtf", "big5-html", "big5-eml",
                                  "eml-attachment", "msg", "msg-attachment", "big5-msg",
                                  "msg-embedded"])
def test_each_format_is_read_with_its_chinese(samples: dict[str, Sample], kind: str) -> None:
    sample = samples[kind]
    result = extract_file(sample.path, sample.path.name)
    assert (result.status, result.extractor) == ("ok", sample.extractor), result.reason
    assert sample.phrase in result.text.replace(" ", "")


def test_titles_come_from_each_format(samples: dict[str, Sample]) -> None:
    titles = {kind: extract_file(samples[kind].path, samples[kind].path.name).title
              for kind in ("doc", "big5-rtf", "big5-html", "big5-eml", "msg", "pptx")}
    assert titles == {"doc": "舊版私隱政策 Old privacy policy", "big5-rtf": "緊急疏散程序",
                      "big5-html": "會員大會通告", "big5-eml": "投訴：活動室冷氣失靈",
                      "msg": "投訴：升降機故障", "pptx": "防止虐待兒童培訓簡報"}


def test_hidden_html_and_scripts_are_not_read(samples: dict[str, Sample]) -> None:
    result = extract_file(samples["big5-html"].path, "通告.htm")
    assert "隱藏的內部備忘" not in result.text and ".x" not in result.text


def test_message_lists_headers_body_and_attachments_in_order(samples: dict[str, Sample]) -> None:
    lines = extract_file(samples["big5-eml"].path, "投訴.eml").text.split("\n")
    assert lines[:4] == ["Subject: 投訴：活動室冷氣失靈", "From: 陳大文 <chan@example.org>",
                         "To: centre@example.org", "Date: Mon, 05 Feb 2024 10:00:00 +0800"]
    assert lines.index("Attachment: 回覆信.docx") > lines.index("中心主任你好：")


def test_xls_cells_read_like_xlsx(samples: dict[str, Sample]) -> None:
    text = extract_file(samples["xls"].path, "出席統計.xls").text
    assert text.split("\n") == ["統計", "服務\t人數", "青少年外展出席人數\t42", "長者\t3.5"]


def test_rtf_escapes_big5_lead_bytes_and_unicode(tmp_path: Path) -> None:
    path = tmp_path / "mixed.rtf"
    # \'a7A is 你 (a Big5 lead byte escaped, its trail byte a plain letter); \u31169? is 私.
    path.write_bytes(b"{\\rtf1\\ansi\\ansicpg950 \\'a7A\\u31169?\\uc0\\u38577 "
                     b"{\\*\\unknowndest skipped}{\\upr{\\title x}{\\*\\ud{\\title y}}}ok\\par}")
    result = extract_file(path, "mixed.rtf")
    assert (result.text, result.title) == ("你私隱ok", "y")  # the Unicode title, not the ANSI copy


# --- damage ----------------------------------------------------------------------------------

def damaged(samples: dict[str, Sample], folder: Path) -> dict[str, Path]:
    """A damaged file of each kind: cut short, or binary data under a text format's name."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for kind in ("doc", "xls", "ppt", "pptx", "msg"):
        data = samples[kind].path.read_bytes()
        out[kind] = folder / f"damaged.{kind}"
        out[kind].write_bytes(data[:len(data) // 3])
    noise = bytes(range(256)) * 8
    for kind in ("rtf", "htm"):
        out[kind] = folder / f"damaged.{kind}"
        out[kind].write_bytes((b"{\\rtf1" if kind == "rtf" else b"<html>") + noise)
    out["eml"] = folder / "damaged.eml"
    out["eml"].write_bytes(noise)
    return out


REASONS = {"doc": "damaged Word 97-2003 .doc", "xls": "damaged Excel 97-2003 .xls",
           "ppt": "damaged PowerPoint 97-2003 .ppt", "pptx": "not a valid PowerPoint .pptx",
           "msg": "damaged Outlook .msg", "rtf": "damaged RTF file", "htm": "damaged HTML page",
           "eml": "damaged e-mail message"}


def test_damaged_file_of_each_kind_gives_a_reason_in_the_pool(samples: dict[str, Sample],
                                                              tmp_path: Path) -> None:
    files = damaged(samples, tmp_path)
    with ExtractorPool(workers=2, timeout=30) as pool:
        found = dict(pool.map((kind, path, path.name) for kind, path in files.items()))
    assert {kind: (result.status, REASONS[kind] in (result.reason or ""))
            for kind, result in found.items()} == {kind: ("corrupt", True) for kind in files}


def test_password_protected_doc_says_it_needs_a_password(samples: dict[str, Sample],
                                                        tmp_path: Path) -> None:
    import olefile  # type: ignore[import-untyped, unused-ignore]

    path = tmp_path / "locked.doc"
    shutil.copy(samples["doc"].path, path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:  # set the FIB's fEncrypted bit
        word = bytearray(ole.openstream("WordDocument").read())
        word[0x0B] |= 0x01
        ole.write_stream("WordDocument", bytes(word))
    result = extract_file(path, "locked.doc")
    assert (result.status, result.reason) == ("encrypted", "password-protected Word 97-2003 "
                                                           ".doc: needs a password")


# --- end to end: scan, search, status --------------------------------------------------------

def test_every_format_is_found_by_search_and_damage_is_counted(
        repo: Repository, cli: Cli, samples: dict[str, Sample], tmp_path: Path) -> None:
    folder = repo.root / "records" / "ycc" / "SQS-08 投訴"
    folder.mkdir(parents=True)
    placed: dict[str, str] = {}
    for kind, sample in samples.items():
        target = folder / sample.path.name
        if not target.exists():
            shutil.copy(sample.path, target)
        placed[kind] = f"records/ycc/SQS-08 投訴/{sample.path.name}"
    for path in damaged(samples, tmp_path / "damaged").values():
        shutil.copy(path, folder / path.name)
    scanned = cli("scan", "--no-ocr")
    assert scanned.exit_code == 0, scanned.output
    for kind, reason in REASONS.items():
        assert any(line.startswith(f"no text  records/ycc/SQS-08 投訴/damaged.{kind}: {reason}")
                   for line in scanned.output.splitlines()), (kind, scanned.output)
    assert ("found by name only: 1 .doc, 1 .eml, 1 .htm, 1 .msg, 1 .ppt, 1 .pptx, 1 .rtf, "
            "1 .xls") in scanned.output
    for kind, sample in samples.items():
        found = cli("search", sample.phrase, "--json")
        assert found.exit_code == 0, found.output
        assert placed[kind] in [hit["path"] for hit in json.loads(found.stdout)], kind
    status = cli("status", "--unit", "ycc")
    assert "found by name only: 1 .doc, 1 .eml" in status.output
    shown = json.loads(cli("status", "--unit", "ycc", "--json").stdout)
    assert shown[0]["name_only"][".pptx"] == 1
    # and the unit page, where most administrators look, says the same in both languages
    from repo_tool.web._app import Settings, create_app

    with create_app(Settings(root=repo.root)).test_client() as client:
        zh = re.sub(r"<[^>]+>", "", client.get("/unit/ycc?lang=zh").get_data(as_text=True))
        en = re.sub(r"<[^>]+>", "", client.get("/unit/ycc?lang=en").get_data(as_text=True))
    assert "只能按檔名搜尋：1 個 .doc 檔、1 個 .eml 檔、1 個 .htm 檔" in zh
    assert "Found by name only: 1 .doc, 1 .eml, 1 .htm, 1 .msg, 1 .ppt, 1 .pptx" in en
