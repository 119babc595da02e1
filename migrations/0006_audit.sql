-- The audit trail: who did what to which record, when, on which PC. One row per act, written in
-- the act's own transaction. Append-only: the triggers refuse any change or deletion, and each
-- row carries the SHA-256 of itself and the row before, so an edit made around the triggers
-- (with another tool) is found by the check. Rows hold identifiers, never names or notes.
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    staff_id    BLOB REFERENCES staff(id),
    workstation TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_kind TEXT,
    record_id   TEXT,
    detail      TEXT,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_staff ON audit (staff_id, seq);
CREATE INDEX audit_record ON audit (record_id, seq) WHERE record_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;
