"""Plain text (.txt, .md, .csv, ...): the encoding is found, not assumed.

Order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; else strict UTF-8; else the Chinese
double-byte encodings Hong Kong files are written in, Big5-HKSCS and GB18030. Both of those
decode almost any byte string without error, so the one whose text holds more of the most
common Chinese characters wins; when neither looks like Chinese, Windows-1252 (Western) is used.
`extractor` names the encoding: "plain-utf-8", "plain-big5hkscs", "plain-gb18030"...
"""

from __future__ import annotations

import codecs
from pathlib import Path

from repo_tool.extract._types import Extraction, failure, split_lines, text_result

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))

# The most frequent characters of Chinese text, in both scripts. A wrong double-byte decoding
# gives valid but rare characters, so it scores low on these.
_COMMON = frozenset(
    "的一是不了人我在有他這这中大來来上國国個个到說说們们為为子和你地出道也時时年得就那要下以生"
    "會会自著着去之過过家學学對对可她裡里後后小麼么心多天而能好都然沒没日於于起還还發发成事只作當"
    "当想看文無无開开手十用主行方又如前所本見见經经頭头面公同三已老從从動动兩两長长知民樣样現现分"
    "將将外但身些與与高意進进把法此實实回二理美點点月明其種种聲声全工己話话兒儿者向情部正名定女問问"
    "力機机給给等幾几很業业最間间新什打便位因重被走電电四第門门相次東东政海口使教西再平真聽听世氣气"
    "信北少關关並并內内加化由卻却代軍军產产入先山五太水萬万市眼體体別别處处總总才場场師师書书比住員"
    "员服務务質质素標标準准社會社區区單单位表格資资料申請请計计劃划報报告議议程序及或")


_SAMPLE_CHARS = 200_000  # enough to tell the encodings apart, and cheap on a large file


def extract_plain(path: Path) -> Extraction:
    """The text of a plain-text file in whatever encoding it was saved in."""
    data = path.read_bytes()
    text, encoding = decode(data)
    if text is None:
        return failure("unsupported", "binary data, not text (it holds NUL bytes and no "
                                      "byte-order mark)", "plain")
    return text_result(split_lines(text), f"plain-{encoding}", "the text file has only "
                                                              "whitespace")


def decode(data: bytes) -> tuple[str | None, str]:
    """The text and the name of its encoding; (None, "binary") for non-text bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding.removesuffix("-sig")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:65536]:
        return None, "binary"
    best: tuple[float, str, str] | None = None
    for encoding in ("big5hkscs", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE_CHARS]
        wide = sum(1 for char in sample if ord(char) > 0x2E7F) or 1
        score = sum(1 for char in sample if char in _COMMON) / wide
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is not None and best[0] >= 0.05:
        return best[1], best[2]
    return data.decode("cp1252", errors="replace"), "cp1252"
