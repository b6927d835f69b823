"""Word documents whose Chinese never prints as boxes.

Text is set in Noto Sans CJK TC (LibreOffice and the PDFs use it; fonts-noto-cjk on Linux). The
font table names PMingLiU as its alternative with the Big5 character set, so Word on a PC
without Noto substitutes the Traditional Chinese font every Hong Kong Windows has.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

FONT = "Noto Sans CJK TC"
ALT_FONT = "PMingLiU"
_FONT_ENTRY = (f'<w:font w:name="{FONT}"><w:altName w:val="{ALT_FONT}"/><w:charset w:val="88"/>'
               '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>')


def font_properties(rpr: Any) -> None:
    """Set the CJK font and zh-HK language on a `w:rPr` element."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    set_languages(rpr)


def set_languages(rpr: Any) -> None:
    """English (British) for Latin text and Chinese (Hong Kong) for CJK on a `w:rPr`."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "zh-HK")


def explicit_fonts(rpr: Any, latin: str, east_asian: str) -> None:
    """Explicit Latin and East Asian fonts on a `w:rPr`, without the theme fonts (which lack
    CJK); the scripts that build our templates and demo documents use it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def default_fonts(document: Any, latin: str, east_asian: str) -> None:
    """The document defaults (`w:docDefaults`) in these fonts and languages."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    explicit_fonts(rpr, latin, east_asian)
    set_languages(rpr)


def use_cjk_font(document: Any) -> None:
    """Make the CJK font the default of `document` (a python-docx Document) and declare it."""
    normal = document.styles["Normal"].element
    font_properties(normal.get_or_add_rPr())
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            blob = part.blob.decode("utf-8")
            if f'w:name="{FONT}"' not in blob:
                part._blob = blob.replace("</w:fonts>", _FONT_ENTRY + "</w:fonts>").encode()
