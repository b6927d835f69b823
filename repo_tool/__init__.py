"""repo-tool: a versioned records repository for Hong Kong social-service units.

The folders are the architecture. Each part may use only the parts listed above it here
(`tests/test_layers.py` holds the same table and fails on any other import):

    errors.py lazy.py models.py config.py sqs.py humanize.py retention.py
                   the leaves: the error family, imports made on first use, the records that
                   cross modules, repo.yaml, the 16 SQSs, how sizes and dates read for people,
                   and retention rules
    store/         the catalog (SQLite), the object store, the writer lock, the write session
    extract/       text out of Word, Excel, ODF, PDF and text files, in a sandboxed pool
    search/        the CJK analyzer and the search engines (Tantivy, Whoosh) behind one interface
    ocr/           scanned pages and photos read by Tesseract; searchable PDFs
    repository/    the handle: open/init, write sessions, index catch-up, history, diff, verify
    ingest/        files becoming versions: the folder walk, the scanner, watch, import, restore
    domain/        the rules of the work: SQS 2 reviews and due dates, status, the policy
                   lifecycle, staff sign-offs, changes since a visit, the roster, performance
                   standards and plans, and searching with those filters
    generate/      papers: forms 2.01/2.02, the CCTV notice, the org chart, the SAR, sign-off
                   sheets, the changes report, trend charts, and the evidence pack
    web/           the `serve` face: Flask pages over the same library
    cli/           the `repo-tool` face: click commands and the text they print

Nothing below the faces prints or exits; errors are `errors.RepoError` with a message for
people, caught once by each face. docs/architecture.md explains the design.
"""

__version__ = "0.1.0"
