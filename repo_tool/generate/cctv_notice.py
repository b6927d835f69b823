"""`generate cctv-notice`: the SQS 14 CCTV notice for a unit, from repo.yaml and a template.

The wording is SWD's sample (seed 000), in the built-in template `cctv-notice.docx` (made by
scripts/make_notice_templates.py); a unit's own `templates/cctv-notice.docx` replaces it. The
unit's names and phone go through the sandboxed, autoescaping template engine, so a name such
as `A & B <Centre>` prints as written.
"""

from __future__ import annotations

import hashlib

from repo_tool.errors import InvalidInput
from repo_tool.generate._files import LANGS, config_note, file_stem, write_files
from repo_tool.generate._output import Generated, Output
from repo_tool.generate._templating import builtin_templates, find_template, render_docx
from repo_tool.models import Actor
from repo_tool.repository import Repository

FORMATS = ("docx", "pdf")
TEMPLATE = "cctv-notice.docx"
KIND = "CCTV notice"
SQS = 14  # privacy and confidentiality


def notice_phone(repo: Repository, unit: str, phone: str | None) -> str:
    """The phone given, else the unit's from repo.yaml; a clear error when there is neither."""
    if phone is not None and phone.strip():
        return phone.strip()
    registered = repo.config.unit(unit)
    if registered.phone:
        return registered.phone
    raise InvalidInput(f"unit '{unit}' has no enquiry phone number: give one with "
                       f"--phone, or add `phone: \"2345 6789\"` to the unit in repo.yaml")


def generate_cctv_notice(repo: Repository, unit: str, *, actor: Actor, output: Output,
                         phone: str | None = None, lang: str = "both") -> list[Generated]:
    """The unit's CCTV notice (by default as .docx and .pdf), recorded with its inputs and
    filed under SQS 14 unless `output` says not to record it."""
    registered = repo.config.unit(unit)
    number = notice_phone(repo, registered.code, phone)
    template = find_template(repo.root, TEMPLATE)
    langs = LANGS[lang]
    context = {"zh": "zh" in langs, "en": "en" in langs, "unit_name_zh": registered.name_zh,
               "unit_name_en": registered.name_en, "phone": number}
    notes = [config_note(repo)]
    if template.parent != builtin_templates():
        digest = hashlib.sha256(template.read_bytes()).hexdigest()[:12]
        notes.append(f"templates/{TEMPLATE} (sha256 {digest})")
    if phone is not None:
        notes.append(f"phone {number} given on the command line")
    return write_files(repo, registered.code, file_stem("cctv-notice", lang, "both"), output,
                       kind=KIND, actor=actor, allowed=FORMATS, default=FORMATS,
                       docx=lambda path: render_docx(template, context, path),
                       notes=tuple(notes), sqs=SQS)
