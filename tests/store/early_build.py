"""The schema a project file of an early build has: 0002 recorded, before 0001 was edited.

Recovered from git (``git show ece1563:qcode/store/migrations/versions/0001_project_domain.py``
and ``0002_composite_vignettes.py``, run by Alembic, then ``SELECT sql FROM sqlite_master``):
commit 50097a7 later added ``when_to_use``, ``when_not_to_use`` and ``example`` to ``codes`` in
0001 in place, so such a file records schema 0002 while its codes table lacks them.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

REVISION = "0002"
MISSING = ("when_to_use", "when_not_to_use", "example")  # codes' columns it lacks
TEXT = "Interviewer: how was it?\nPA: my mentor listened.\nPA: the rota was brutal.\n"
AT = "2026-11-20 09:00:00"
SHA256 = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()

SCHEMA = (
    """
    CREATE TABLE alembic_version (
        version_num VARCHAR(32) NOT NULL,
        CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
    )
    """,
    """
    CREATE TABLE coders (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        name VARCHAR(200) NOT NULL,
        initials VARCHAR(10) NOT NULL,
        color VARCHAR(7) NOT NULL,
        CONSTRAINT pk_coders PRIMARY KEY (id),
        CONSTRAINT uq_coders_guid UNIQUE (guid),
        CONSTRAINT uq_coders_name UNIQUE (name)
    )
    """,
    """
    CREATE TABLE codes (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        parent_id INTEGER,
        name VARCHAR(400) NOT NULL,
        color VARCHAR(7) NOT NULL,
        description TEXT NOT NULL,
        is_context BOOLEAN NOT NULL,
        is_mechanism BOOLEAN NOT NULL,
        position INTEGER NOT NULL,
        created_at DATETIME NOT NULL,
        CONSTRAINT pk_codes PRIMARY KEY (id),
        CONSTRAINT fk_codes_parent_id_codes FOREIGN KEY(parent_id) REFERENCES codes (id) ON DELETE CASCADE,
        CONSTRAINT uq_codes_guid UNIQUE (guid)
    )
    """,  # noqa: E501
    "CREATE INDEX ix_codes_parent_position ON codes (parent_id, position)",
    """
    CREATE TABLE participants (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        label VARCHAR(100) NOT NULL,
        CONSTRAINT pk_participants PRIMARY KEY (id),
        CONSTRAINT uq_participants_guid UNIQUE (guid),
        CONSTRAINT uq_participants_label UNIQUE (label)
    )
    """,
    """
    CREATE TABLE project (
        id INTEGER NOT NULL,
        title VARCHAR(400) NOT NULL,
        description TEXT NOT NULL,
        created_at DATETIME NOT NULL,
        created_by_version VARCHAR(40) NOT NULL,
        CONSTRAINT pk_project PRIMARY KEY (id)
    )
    """,
    """
    CREATE TABLE audit_events (
        id INTEGER NOT NULL,
        at DATETIME NOT NULL,
        coder_id INTEGER,
        actor VARCHAR(200) NOT NULL,
        action VARCHAR(100) NOT NULL,
        target_type VARCHAR(50) NOT NULL,
        target_id VARCHAR(100) NOT NULL,
        "before" TEXT NOT NULL,
        "after" TEXT NOT NULL,
        reason TEXT NOT NULL,
        CONSTRAINT pk_audit_events PRIMARY KEY (id),
        CONSTRAINT fk_audit_events_coder_id_coders FOREIGN KEY(coder_id) REFERENCES coders (id) ON DELETE SET NULL
    )
    """,  # noqa: E501
    "CREATE INDEX ix_audit_events_at ON audit_events (at)",
    """
    CREATE TABLE cases (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        name VARCHAR(400) NOT NULL,
        description TEXT NOT NULL,
        participant_id INTEGER,
        created_at DATETIME NOT NULL,
        CONSTRAINT pk_cases PRIMARY KEY (id),
        CONSTRAINT fk_cases_participant_id_participants FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE SET NULL,
        CONSTRAINT uq_cases_guid UNIQUE (guid),
        CONSTRAINT uq_cases_name UNIQUE (name)
    )
    """,  # noqa: E501
    """
    CREATE TABLE cmo_statements (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        theme_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        position INTEGER NOT NULL,
        created_at DATETIME NOT NULL,
        CONSTRAINT pk_cmo_statements PRIMARY KEY (id),
        CONSTRAINT fk_cmo_statements_theme_id_codes FOREIGN KEY(theme_id) REFERENCES codes (id) ON DELETE CASCADE,
        CONSTRAINT uq_cmo_statements_guid UNIQUE (guid)
    )
    """,  # noqa: E501
    "CREATE INDEX ix_cmo_statements_theme_id ON cmo_statements (theme_id)",
    """
    CREATE TABLE documents (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        name VARCHAR(400) NOT NULL,
        kind VARCHAR(20) NOT NULL,
        participant_id INTEGER,
        wave INTEGER,
        text TEXT NOT NULL,
        sha256 VARCHAR(64) NOT NULL,
        original_filename VARCHAR(1000) NOT NULL,
        format VARCHAR(10) NOT NULL,
        imported_at DATETIME NOT NULL,
        CONSTRAINT pk_documents PRIMARY KEY (id),
        CONSTRAINT ck_documents_kind CHECK (kind IN ('interview', 'questionnaire', 'note')),
        CONSTRAINT fk_documents_participant_id_participants FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE SET NULL,
        CONSTRAINT uq_documents_guid UNIQUE (guid),
        CONSTRAINT uq_documents_name UNIQUE (name)
    )
    """,  # noqa: E501
    "CREATE INDEX ix_documents_participant_wave ON documents (participant_id, wave)",
    "CREATE INDEX ix_documents_sha256 ON documents (sha256)",
    """
    CREATE TABLE participant_attributes (
        id INTEGER NOT NULL,
        participant_id INTEGER NOT NULL,
        name VARCHAR(200) NOT NULL,
        value_type VARCHAR(10) NOT NULL,
        value TEXT NOT NULL,
        CONSTRAINT pk_participant_attributes PRIMARY KEY (id),
        CONSTRAINT ck_participant_attributes_value_type CHECK (value_type IN ('text', 'integer', 'float', 'boolean', 'date')),
        CONSTRAINT fk_participant_attributes_participant_id_participants FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT uq_participant_attributes_participant_id UNIQUE (participant_id, name)
    )
    """,  # noqa: E501
    """
    CREATE TABLE cmo_categories (
        statement_id INTEGER NOT NULL,
        code_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        CONSTRAINT pk_cmo_categories PRIMARY KEY (statement_id, code_id),
        CONSTRAINT fk_cmo_categories_code_id_codes FOREIGN KEY(code_id) REFERENCES codes (id) ON DELETE CASCADE,
        CONSTRAINT fk_cmo_categories_statement_id_cmo_statements FOREIGN KEY(statement_id) REFERENCES cmo_statements (id) ON DELETE CASCADE
    )
    """,  # noqa: E501
    "CREATE INDEX ix_cmo_categories_code_id ON cmo_categories (code_id)",
    """
    CREATE TABLE segments (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        document_id INTEGER NOT NULL,
        code_id INTEGER NOT NULL,
        coder_id INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        created_at DATETIME NOT NULL,
        CONSTRAINT pk_segments PRIMARY KEY (id),
        CONSTRAINT ck_segments_span CHECK (start >= 0 AND start < "end"),
        CONSTRAINT fk_segments_code_id_codes FOREIGN KEY(code_id) REFERENCES codes (id) ON DELETE CASCADE,
        CONSTRAINT fk_segments_coder_id_coders FOREIGN KEY(coder_id) REFERENCES coders (id) ON DELETE RESTRICT,
        CONSTRAINT fk_segments_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE,
        CONSTRAINT uq_segments_guid UNIQUE (guid)
    )
    """,  # noqa: E501
    "CREATE INDEX ix_segments_code ON segments (code_id)",
    "CREATE INDEX ix_segments_coder ON segments (coder_id)",
    "CREATE INDEX ix_segments_document_start ON segments (document_id, start)",
    """
    CREATE TABLE workshop_decisions (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        document_id INTEGER NOT NULL,
        code_id INTEGER NOT NULL,
        coder_a_id INTEGER NOT NULL,
        coder_b_id INTEGER NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        choice VARCHAR(10) NOT NULL,
        result_start INTEGER,
        result_end INTEGER,
        rationale TEXT NOT NULL,
        attendees TEXT NOT NULL,
        decided_by_id INTEGER,
        decided_at DATETIME NOT NULL,
        CONSTRAINT pk_workshop_decisions PRIMARY KEY (id),
        CONSTRAINT ck_workshop_decisions_choice CHECK (choice IN ('keep_a', 'keep_b', 'union', 'overlap', 'custom', 'none')),
        CONSTRAINT fk_workshop_decisions_code_id_codes FOREIGN KEY(code_id) REFERENCES codes (id) ON DELETE CASCADE,
        CONSTRAINT fk_workshop_decisions_coder_a_id_coders FOREIGN KEY(coder_a_id) REFERENCES coders (id) ON DELETE RESTRICT,
        CONSTRAINT fk_workshop_decisions_coder_b_id_coders FOREIGN KEY(coder_b_id) REFERENCES coders (id) ON DELETE RESTRICT,
        CONSTRAINT fk_workshop_decisions_decided_by_id_coders FOREIGN KEY(decided_by_id) REFERENCES coders (id) ON DELETE SET NULL,
        CONSTRAINT fk_workshop_decisions_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE,
        CONSTRAINT uq_workshop_decisions_guid UNIQUE (guid)
    )
    """,  # noqa: E501
    "CREATE INDEX ix_workshop_decisions_code_id ON workshop_decisions (code_id)",
    "CREATE INDEX ix_workshop_decisions_document_id ON workshop_decisions (document_id)",
    """
    CREATE TABLE case_segments (
        case_id INTEGER NOT NULL,
        segment_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        CONSTRAINT pk_case_segments PRIMARY KEY (case_id, segment_id),
        CONSTRAINT fk_case_segments_case_id_cases FOREIGN KEY(case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_case_segments_segment_id_segments FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE
    )
    """,  # noqa: E501
    "CREATE INDEX ix_case_segments_segment_id ON case_segments (segment_id)",
    """
    CREATE TABLE cmo_evidence (
        statement_id INTEGER NOT NULL,
        segment_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        CONSTRAINT pk_cmo_evidence PRIMARY KEY (statement_id, segment_id),
        CONSTRAINT fk_cmo_evidence_segment_id_segments FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE,
        CONSTRAINT fk_cmo_evidence_statement_id_cmo_statements FOREIGN KEY(statement_id) REFERENCES cmo_statements (id) ON DELETE CASCADE
    )
    """,  # noqa: E501
    "CREATE INDEX ix_cmo_evidence_segment_id ON cmo_evidence (segment_id)",
    """
    CREATE TABLE memos (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        title VARCHAR(400) NOT NULL,
        text TEXT NOT NULL,
        coder_id INTEGER,
        document_id INTEGER,
        code_id INTEGER,
        segment_id INTEGER,
        participant_id INTEGER,
        case_id INTEGER,
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL,
        CONSTRAINT pk_memos PRIMARY KEY (id),
        CONSTRAINT ck_memos_one_target CHECK ((document_id IS NOT NULL) + (code_id IS NOT NULL) + (segment_id IS NOT NULL) + (participant_id IS NOT NULL) + (case_id IS NOT NULL) <= 1),
        CONSTRAINT fk_memos_case_id_cases FOREIGN KEY(case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_memos_code_id_codes FOREIGN KEY(code_id) REFERENCES codes (id) ON DELETE CASCADE,
        CONSTRAINT fk_memos_coder_id_coders FOREIGN KEY(coder_id) REFERENCES coders (id) ON DELETE SET NULL,
        CONSTRAINT fk_memos_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE,
        CONSTRAINT fk_memos_participant_id_participants FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT fk_memos_segment_id_segments FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE CASCADE,
        CONSTRAINT uq_memos_guid UNIQUE (guid)
    )
    """,  # noqa: E501
    "CREATE INDEX ix_memos_case_id ON memos (case_id)",
    "CREATE INDEX ix_memos_code_id ON memos (code_id)",
    "CREATE INDEX ix_memos_document_id ON memos (document_id)",
    "CREATE INDEX ix_memos_participant_id ON memos (participant_id)",
    "CREATE INDEX ix_memos_segment_id ON memos (segment_id)",
    """
    CREATE TABLE vignettes (
        id INTEGER NOT NULL,
        guid VARCHAR(36) NOT NULL,
        title VARCHAR(400) NOT NULL,
        theme_id INTEGER,
        narrative TEXT NOT NULL,
        created_at DATETIME NOT NULL,
        CONSTRAINT pk_vignettes PRIMARY KEY (id),
        CONSTRAINT fk_vignettes_theme_id_codes FOREIGN KEY(theme_id) REFERENCES codes (id) ON DELETE SET NULL,
        CONSTRAINT uq_vignettes_guid UNIQUE (guid)
    )
    """,  # noqa: E501
    """
    CREATE TABLE vignette_parts (
        id INTEGER NOT NULL,
        vignette_id INTEGER NOT NULL,
        section VARCHAR(10) NOT NULL,
        segment_id INTEGER,
        edited_text TEXT NOT NULL,
        position INTEGER NOT NULL,
        CONSTRAINT pk_vignette_parts PRIMARY KEY (id),
        CONSTRAINT ck_vignette_parts_section CHECK (section IN ('context', 'mechanism', 'outcome')),
        CONSTRAINT fk_vignette_parts_segment_id_segments FOREIGN KEY(segment_id) REFERENCES segments (id) ON DELETE SET NULL,
        CONSTRAINT fk_vignette_parts_vignette_id_vignettes FOREIGN KEY(vignette_id) REFERENCES vignettes (id) ON DELETE CASCADE
    )
    """,  # noqa: E501
    "CREATE INDEX ix_vignette_parts_segment_id ON vignette_parts (segment_id)",
    "CREATE INDEX ix_vignette_parts_vignette_id ON vignette_parts (vignette_id)",
)

ROWS = (
    "INSERT INTO project (title, description, created_at, created_by_version)"
    f" VALUES ('Early study', 'made by an early build', '{AT}', '0.1.0')",
    "INSERT INTO coders (guid, name, initials, color) VALUES ('k1', 'Ana', 'A', '#0072b2')",
    "INSERT INTO participants (guid, label) VALUES ('p1', 'PA')",
    "INSERT INTO documents (guid, name, kind, participant_id, wave, text, sha256,"
    " original_filename, format, imported_at)"
    f" VALUES ('d1', 'PA 1', 'interview', 1, 1, :text, :sha256, 'PA 1.docx', 'docx', '{AT}')",
    "INSERT INTO codes (guid, parent_id, name, color, description, is_context, is_mechanism,"
    f" position, created_at) VALUES ('c1', NULL, 'Support', '#2ca02c', 'Help given', 0, 0, 0,"
    f" '{AT}')",
    "INSERT INTO codes (guid, parent_id, name, color, description, is_context, is_mechanism,"
    f" position, created_at) VALUES ('c2', 1, 'Listening', '#1f77b4', '', 0, 1, 0, '{AT}')",
    "INSERT INTO codes (guid, parent_id, name, color, description, is_context, is_mechanism,"
    f" position, created_at) VALUES ('c3', NULL, 'Workload', '#d62728', '', 1, 0, 1, '{AT}')",
    'INSERT INTO segments (guid, document_id, code_id, coder_id, start, "end", created_at)'
    f" VALUES ('s1', 1, 2, 1, 29, 47, '{AT}')",
    'INSERT INTO segments (guid, document_id, code_id, coder_id, start, "end", created_at)'
    f" VALUES ('s2', 1, 3, 1, 53, 73, '{AT}')",
    "INSERT INTO memos (guid, title, text, coder_id, segment_id, created_at, updated_at)"
    f" VALUES ('m1', 'Note', 'kind words', 1, 1, '{AT}', '{AT}')",
)


def make_early_build_file(path: Path) -> None:
    """A small study as the early build wrote it: its tables, schema 0002 recorded, WAL."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        for statement in SCHEMA:
            conn.execute(statement)
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (REVISION,))
        for statement in ROWS:
            conn.execute(statement, {"text": TEXT, "sha256": SHA256})
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
