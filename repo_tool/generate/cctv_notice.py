"""`generate cctv-notice`: the SQS 14 CCTV notice for a unit, from repo.yaml and a template.

The wording is SWD's sample (seed 000), in the built-in template `cctv-notice.docx` (made by
scripts/make_notice_templates.py); a unit's own `templates/cctv-notice.docx` replaces it. The
unit's names and phone go through the sandboxed, autoescaping template engine, so a name such
as `A & B <Centre>` prints as written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from repo_tool.errors import InvalidInput
from repo_tool.generate._files import (
    LANGS,
    check_unrecorded,
    config_note,
    destinations,
    record_inputs,
    staging,
    tag_outputs,
)
from repo_tool.generate._output import Generated, record_outputs
from repo_tool.generate._pdf import convert_to_pdf
from repo_tool.generate._templating import builtin_templates, find_template, render_docx
from repo_tool.generate.org_chart import file_stem
from repo_tool.models import Actor
from repo_tool.repository import Repository

FORMATS = ("docx", "pdf")
TEMPLATE = "cctv-notice.docx"
KIND = "CCTV notice"
SQS = 14  # privacy and confidentiality


def notice_phone(repo: Repository, unit_code: str, phone: str | None) -> str:
    """The phone given, else the unit's from repo.yaml; a clear error when there is neither."""
    if phone is not None and phone.strip():
        return phone.strip()
    unit = repo.config.unit(unit_code)
    if unit.phone:
        return unit.phone
    raise InvalidInput(f"unit '{unit_code}' has no enquiry phone number: give one with "
                       f"--phone, or add `phone: \"2345 6789\"` to the unit in repo.yaml")


def generate_cctv_notice(repo: Repository, unit_code: str, *, actor: Actor,
                         phone: str | None = None, lang: str = "both",
                         formats: tuple[str, ...] = FORMATS, out: Path | None = None,
                         force: bool = False, record: bool = True) -> list[Generated]:
    """Make the unit's CCTV notice in `formats` and record the files with their inputs.

    With `record=False` (a download) the files go to the folder `out`, outside the repository,
    and nothing is recorded: the repository is not changed at all.
    """
    unit = repo.config.unit(unit_code)
    if not record:
        out = check_unrecorded(repo, out)
    number = notice_phone(repo, unit.code, phone)
    template = find_template(repo.root, TEMPLATE)
    langs = LANGS[lang]
    context = {"zh": "zh" in langs, "en": "en" in langs, "unit_name_zh": unit.name_zh,
               "unit_name_en": unit.name_en, "phone": number}
    paths = destinations(repo, unit.code, file_stem("cctv-notice", lang, "both"), formats, out,
                         force)
    inputs = record_inputs(repo, [], list(paths.values()), KIND, actor) if record else []
    with staging(paths) as staged:
        docx = staged.get("docx") or staged["pdf"].with_suffix(".docx")
        render_docx(template, context, docx)
        if "pdf" in staged:
            convert_to_pdf(docx, staged["pdf"])
    if not record:
        return [Generated(path, None, None) for path in paths.values()]
    notes = [*inputs, config_note(repo)]
    if template.parent != builtin_templates():
        digest = hashlib.sha256(template.read_bytes()).hexdigest()[:12]
        notes.append(f"templates/{TEMPLATE} (sha256 {digest})")
    if phone is not None:
        notes.append(f"phone {number} given on the command line")
    files = record_outputs(repo, list(paths.values()), KIND, notes, actor)
    tag_outputs(repo, files, SQS, actor)
    return files
