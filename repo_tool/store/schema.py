"""The catalog schema as ordered migrations; `PRAGMA user_version` counts those applied.

Never edit a migration that has shipped: add a new one. Each runs in its own transaction.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        unit TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('policy', 'record')),
        status TEXT NOT NULL CHECK (status IN ('present', 'deleted', 'missing')),
        seen_size INTEGER,
        seen_mtime_ns INTEGER,
        created_at TEXT NOT NULL
    );
    CREATE TABLE operations (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        user TEXT NOT NULL,
        by_name TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        number INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        command TEXT NOT NULL,
        note TEXT,
        operation_id INTEGER REFERENCES operations(id),
        UNIQUE (document_id, number)
    );
    CREATE INDEX versions_sha256 ON versions(sha256);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        operation_id INTEGER REFERENCES operations(id)
    );
    CREATE INDEX events_document ON events(document_id);
    CREATE TABLE document_sqs (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        sqs INTEGER NOT NULL CHECK (sqs BETWEEN 1 AND 16),
        source TEXT NOT NULL CHECK (source IN ('path', 'tag')),
        PRIMARY KEY (document_id, source, sqs)
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        by_name TEXT,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    """,
    # 2: extracted text per blob, the search index's view of each version, key/value meta
    """
    CREATE TABLE texts (
        sha256 TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        reason TEXT,
        extractor TEXT NOT NULL,
        extractor_version INTEGER NOT NULL,
        pages INTEGER,
        chars INTEGER NOT NULL,
        body BLOB NOT NULL,
        extracted_at TEXT NOT NULL
    );
    ALTER TABLE versions ADD COLUMN index_current INTEGER;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 3: the SQS 2 review log and amendment log (form 2.01 and 2.02 rows), each tied to the
    # versions it reviewed or introduced
    """
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        sqs INTEGER NOT NULL CHECK (sqs BETWEEN 1 AND 16),
        reviewed_on TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('no-change', 'amended')),
        note TEXT,
        basis TEXT NOT NULL CHECK (basis IN ('document', 'sqs', 'none')),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    );
    CREATE INDEX reviews_unit_sqs ON reviews(unit, sqs, reviewed_on);
    CREATE TABLE review_versions (
        review_id INTEGER NOT NULL REFERENCES reviews(id),
        version_id INTEGER NOT NULL REFERENCES versions(id),
        PRIMARY KEY (review_id, version_id)
    );
    CREATE TABLE amendments (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        sqs INTEGER NOT NULL CHECK (sqs BETWEEN 1 AND 16),
        clause TEXT NOT NULL,
        reason TEXT NOT NULL,
        new_content TEXT NOT NULL,
        updated_on TEXT NOT NULL,
        released_on TEXT NOT NULL,
        next_review TEXT,
        responsible TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    );
    CREATE INDEX amendments_unit_sqs ON amendments(unit, sqs, updated_on);
    CREATE TABLE amendment_versions (
        amendment_id INTEGER NOT NULL REFERENCES amendments(id),
        version_id INTEGER NOT NULL REFERENCES versions(id),
        PRIMARY KEY (amendment_id, version_id)
    );
    """,
    # 4: performance statistics (one row per figure entered; the newest of a unit, standard and
    # period counts, older ones stay as history) and improvement plan items. IF NOT EXISTS, so
    # that a catalog rolled back to an older user_version (as the upgrade tests do) migrates.
    """
    CREATE TABLE IF NOT EXISTS figures (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        standard TEXT NOT NULL,
        period TEXT NOT NULL,
        value REAL NOT NULL,
        note TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        by_name TEXT
    );
    CREATE INDEX IF NOT EXISTS figures_key ON figures(unit, standard, period, id);
    CREATE TABLE IF NOT EXISTS plan_items (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        standard TEXT NOT NULL,
        action TEXT NOT NULL,
        method TEXT NOT NULL,
        due TEXT NOT NULL,
        owner TEXT NOT NULL,
        benefit TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        done_on TEXT,
        done_note TEXT,
        done_recorded_at TEXT
    );
    CREATE INDEX IF NOT EXISTS plan_items_unit ON plan_items(unit, standard);
    """,
    # 5: the policy lifecycle: approvals and withdrawals by the agency head (states are derived
    # from these and today's date), staff read-and-understood acknowledgements, and visits
    """
    CREATE TABLE approvals (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        version_id INTEGER NOT NULL REFERENCES versions(id),
        approver TEXT NOT NULL,
        role TEXT NOT NULL,
        approved_on TEXT NOT NULL,
        effective_on TEXT NOT NULL,
        note TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    );
    CREATE INDEX approvals_document ON approvals(document_id, effective_on);
    CREATE TABLE withdrawals (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        withdrawn_by TEXT NOT NULL,
        role TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        effective_on TEXT NOT NULL,
        note TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    );
    CREATE INDEX withdrawals_document ON withdrawals(document_id, effective_on);
    CREATE TABLE acknowledgements (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        version_id INTEGER NOT NULL REFERENCES versions(id),
        acknowledged_on TEXT NOT NULL,
        source TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        UNIQUE (unit, staff_id, version_id)
    );
    CREATE TABLE visits (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        visited_on TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('review', 'surprise', 'new-service', 'risk-based')),
        note TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    );
    CREATE INDEX visits_unit ON visits(unit, visited_on);
    """,
    # 6: whether OCR has pages to read in a blob, as a flag the queue can select on (it once
    # searched the extractor's human-readable reason for a sentence)
    """
    ALTER TABLE texts ADD COLUMN scanned INTEGER NOT NULL DEFAULT 0;
    UPDATE texts SET scanned = 1 WHERE status = 'no-text'
        OR (status = 'ok' AND reason LIKE '%pages are scanned, without a text layer%');
    """,
    # 7: the accounts of `repo-tool serve` (people, their role, units and SQSs, and API tokens).
    # A removed account keeps its row (status 'removed', no password) so the audit log's names
    # stay explained; a new account may then take the name again.
    """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reviewer', 'viewer')),
        password_hash TEXT,
        expires TEXT,
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'disabled', 'removed')),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        changed_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX accounts_name ON accounts(name) WHERE status != 'removed';
    CREATE TABLE account_units (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        unit TEXT NOT NULL,
        PRIMARY KEY (account_id, unit)
    );
    CREATE TABLE account_sqs (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        sqs INTEGER NOT NULL CHECK (sqs BETWEEN 1 AND 16),
        PRIMARY KEY (account_id, sqs)
    );
    CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        token_sha256 TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    """,
    # 8: the document's title as extraction found it (search hits show it above the path);
    # NULL until the blob is read again by an extractor that finds titles (EXTRACTOR_VERSION 2)
    """
    ALTER TABLE texts ADD COLUMN title TEXT;
    """,
    # 9: the internal service audit (ISA): one audit per unit and financial year, its findings
    # per checklist criterion (a criterion judged again adds a row; the newest counts, the older
    # stay as history), the versions each finding cites as evidence, and the improvement plan
    # items raised from findings
    """
    CREATE TABLE isa_audits (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        year INTEGER NOT NULL,
        auditor TEXT NOT NULL,
        started_on TEXT NOT NULL,
        checklist TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        UNIQUE (unit, year)
    );
    CREATE TABLE isa_findings (
        id INTEGER PRIMARY KEY,
        audit_id INTEGER NOT NULL REFERENCES isa_audits(id),
        criterion TEXT NOT NULL,
        sqs INTEGER NOT NULL CHECK (sqs BETWEEN 1 AND 16),
        result TEXT NOT NULL CHECK (result IN ('met', 'partly', 'not-met', 'n/a')),
        observation TEXT,
        recommendation TEXT,
        found_on TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    );
    CREATE INDEX isa_findings_audit ON isa_findings(audit_id, criterion, id);
    CREATE TABLE isa_evidence (
        finding_id INTEGER NOT NULL REFERENCES isa_findings(id),
        version_id INTEGER NOT NULL REFERENCES versions(id),
        PRIMARY KEY (finding_id, version_id)
    );
    CREATE TABLE isa_plan_items (
        plan_id INTEGER PRIMARY KEY REFERENCES plan_items(id),
        audit_id INTEGER NOT NULL REFERENCES isa_audits(id),
        criterion TEXT NOT NULL
    );
    """,
    # 10: statistics returns submitted to SWD's SPMIS: one row per submission of a unit's return
    # for a period (revision 1, 2, ... when figures changed after submitting), naming the file
    # kept as a version, its sha256, and the figures it held (JSON) to tell a later revision
    """
    CREATE TABLE return_submissions (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        path TEXT NOT NULL,
        version INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        content TEXT NOT NULL,
        content_sha256 TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        submitted_by TEXT NOT NULL,
        by_name TEXT,
        UNIQUE (unit, period, revision)
    );
    """,
    # 11: retention. A disposed version keeps
    # its `versions` row (the audit chain's digests name it) and gains a tombstone here: what it
    # was, under which rule, when and on whose approval it was disposed of. `finished_at` is set
    # once its bytes, text and index entry are gone, so a crash in between is finished later.
    """
    CREATE TABLE disposals (
        id INTEGER PRIMARY KEY,
        version_id INTEGER NOT NULL UNIQUE REFERENCES versions(id),
        document_id INTEGER NOT NULL REFERENCES documents(id),
        path TEXT NOT NULL,
        number INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        unit TEXT NOT NULL,
        rule TEXT NOT NULL,
        period TEXT NOT NULL,
        counted_from TEXT NOT NULL,
        start_on TEXT NOT NULL,
        expired_on TEXT NOT NULL,
        disposed_on TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        disposed_by TEXT NOT NULL,
        at TEXT NOT NULL,
        operation_id INTEGER REFERENCES operations(id),
        finished_at TEXT
    );
    CREATE INDEX disposals_document ON disposals(document_id);
    CREATE INDEX disposals_unit ON disposals(unit, disposed_on);
    """,
    # 12: one unit's documents, in path order, without reading every unit's: the unit page and
    # `status --unit` at a million documents (benchmarks/scale_bench.py, docs/scale.md)
    """
    CREATE INDEX IF NOT EXISTS documents_unit ON documents(unit, path);
    """,
    # 13: the few texts search finds by name only, without reading every text's row (each holds
    # the extracted body): `status` and the overview count them per unit (review_log.name_only)
    """
    CREATE INDEX IF NOT EXISTS texts_status ON texts(status, sha256);
    """,
    # 14: what `status` and the overview read of each unit, kept between writes
    # (store/unit_summaries.py). Triggers count every change to a unit's documents, versions
    # and SQS numbers, whoever makes it; a summary is used only while its count is current, and
    # the writer brings the stale ones up to date as its session ends.
    """
    CREATE TABLE unit_changes (
        unit TEXT PRIMARY KEY,
        generation INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE unit_summaries (
        unit TEXT PRIMARY KEY,
        generation INTEGER NOT NULL,
        tallies TEXT NOT NULL,
        policies TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO unit_changes (unit, generation) SELECT DISTINCT unit, 1 FROM documents;
    CREATE TRIGGER documents_added AFTER INSERT ON documents BEGIN
        INSERT INTO unit_changes (unit, generation) VALUES (NEW.unit, 1)
            ON CONFLICT (unit) DO UPDATE SET generation = generation + 1;
    END;
    CREATE TRIGGER documents_changed AFTER UPDATE OF unit, path, kind, status ON documents
    WHEN OLD.unit IS NOT NEW.unit OR OLD.path IS NOT NEW.path OR OLD.kind IS NOT NEW.kind
         OR OLD.status IS NOT NEW.status BEGIN
        INSERT INTO unit_changes (unit, generation) VALUES (NEW.unit, 1)
            ON CONFLICT (unit) DO UPDATE SET generation = generation + 1;
        UPDATE unit_changes SET generation = generation + 1
            WHERE unit = OLD.unit AND OLD.unit IS NOT NEW.unit;
    END;
    CREATE TRIGGER documents_removed AFTER DELETE ON documents BEGIN
        UPDATE unit_changes SET generation = generation + 1 WHERE unit = OLD.unit;
    END;
    CREATE TRIGGER versions_added AFTER INSERT ON versions BEGIN
        UPDATE unit_changes SET generation = generation + 1
            WHERE unit = (SELECT unit FROM documents WHERE id = NEW.document_id);
    END;
    CREATE TRIGGER versions_changed AFTER UPDATE OF document_id, number, mtime_ns, recorded_at
    ON versions BEGIN
        UPDATE unit_changes SET generation = generation + 1
            WHERE unit IN (SELECT unit FROM documents
                           WHERE id IN (OLD.document_id, NEW.document_id));
    END;
    CREATE TRIGGER versions_removed AFTER DELETE ON versions BEGIN
        UPDATE unit_changes SET generation = generation + 1
            WHERE unit = (SELECT unit FROM documents WHERE id = OLD.document_id);
    END;
    CREATE TRIGGER sqs_added AFTER INSERT ON document_sqs BEGIN
        UPDATE unit_changes SET generation = generation + 1
            WHERE unit = (SELECT unit FROM documents WHERE id = NEW.document_id);
    END;
    CREATE TRIGGER sqs_changed AFTER UPDATE ON document_sqs BEGIN
        UPDATE unit_changes SET generation = generation + 1
            WHERE unit IN (SELECT unit FROM documents
                           WHERE id IN (OLD.document_id, NEW.document_id));
    END;
    CREATE TRIGGER sqs_removed AFTER DELETE ON document_sqs BEGIN
        UPDATE unit_changes SET generation = generation + 1
            WHERE unit = (SELECT unit FROM documents WHERE id = OLD.document_id);
    END;
    """,
)
