"""Generated documents: forms, notices, org charts and evidence packs.

`render_docx` fills a .docx template safely; `convert_to_pdf` turns a .docx into a PDF with
LibreOffice; `record_outputs` stores what was generated as versions of the unit's records.
Each kind of document (form 2.01, the CCTV notice, ...) builds its context and calls these.
"""

from repo_tool.generate._output import Generated, output_folder, record_outputs
from repo_tool.generate._pdf import convert_to_pdf, soffice_path
from repo_tool.generate._templating import find_template, render_docx

__all__ = ["Generated", "convert_to_pdf", "find_template", "output_folder", "record_outputs",
           "render_docx", "soffice_path"]
