"""Generated documents: forms, notices, org charts and evidence packs.

Every generator is `generate_x(repo, unit, *, actor, output, ...its own options)` and returns
the files it wrote as `Generated` items; `output` is one `Output` saying where they go, in
which formats, whether an existing file may be replaced and whether they are recorded (the pack,
`make_pack`, takes the same `Output` and returns its own `PackResult`). Underneath,
`render_docx` fills a .docx template safely, `convert_to_pdf` turns a .docx into a PDF with
LibreOffice and `record_outputs` stores what was generated as versions of the unit's records.
"""

from repo_tool.generate._output import Generated, Output, output_folder, record_outputs
from repo_tool.generate._pdf import convert_to_pdf, soffice_path
from repo_tool.generate._templating import find_template, render_docx

__all__ = ["Generated", "Output", "convert_to_pdf", "find_template", "output_folder",
           "record_outputs", "render_docx", "soffice_path"]
