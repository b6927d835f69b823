#!/usr/bin/env bash
# System packages the tests need: LibreOffice (PDF output; its Calc and Impress write the
# .xls/.ppt/.pptx files the extraction tests read), Noto CJK fonts (Chinese glyphs in
# PDFs), poppler-utils (pdftotext, pdftoppm, pdffonts to check generated PDFs) and Tesseract
# with Traditional Chinese and English (OCR of scanned evidence), Chromium and its WebDriver
# (the browser tests of `serve`, driven by Selenium), and systemd-analyze (checks the service
# files `repo-tool service systemd` prints).
# Idempotent and quick when everything is there; installs with apt-get as root (or sudo).
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
if command -v dpkg-query >/dev/null 2>&1; then
    installed libreoffice-calc-nogui || installed libreoffice-calc || missing+=(libreoffice-calc-nogui)
    installed libreoffice-impress-nogui || installed libreoffice-impress || missing+=(libreoffice-impress-nogui)
fi
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -x chi_tra >/dev/null || missing+=(tesseract-ocr-chi-tra)
tesseract --list-langs 2>/dev/null | grep -x eng >/dev/null || missing+=(tesseract-ocr-eng)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: please install ${missing[*]} (LibreOffice, poppler, Noto Sans CJK, Tesseract, Chromium, systemd)" >&2
    exit 1
fi
run=()
[ "$(id -u)" -eq 0 ] || run=(sudo)
echo "system-deps: installing ${missing[*]}" >&2
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
