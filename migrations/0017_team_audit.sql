-- A team's key and every PC's audit trail (issue 21).
--
-- The database key the team's change files are sealed under: the one every PC holds. After a
-- re-key on one PC, files stay sealed under it (and carry the new key, with the stamp of its
-- change) until every PC has taken the new key; then files are sealed under the new one.
ALTER TABLE this_pc ADD COLUMN team_key TEXT;
ALTER TABLE this_pc ADD COLUMN key_stamp TEXT;

-- The fingerprint of the key each PC's newest file said it holds.
CREATE TABLE team_key_seen (
    member      BLOB PRIMARY KEY NOT NULL,
    fingerprint TEXT NOT NULL
) STRICT;

-- Every PC's audit trail reaches the other PCs of its team: each PC's own entries
-- (from the first it made in the team) travel in its change files, and every PC keeps the
-- others' here, each chain checked on arrival. Append-only, as this PC's own trail is.

-- The first entry of this PC's own trail in the team (those before came with the joining file,
-- or were made before the team began).
ALTER TABLE this_pc ADD COLUMN audit_from INTEGER NOT NULL DEFAULT 1;

-- Other PCs' entries, as they made them; `previous` is the hash of the entry before, so the
-- first entry held can be checked too.
CREATE TABLE team_audit (
    device      BLOB NOT NULL,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    staff_id    BLOB,
    workstation TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_kind TEXT,
    record_id   TEXT,
    detail      TEXT,
    hash        TEXT NOT NULL,
    previous    TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER team_audit_no_update BEFORE UPDATE ON team_audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

CREATE TRIGGER team_audit_no_delete BEFORE DELETE ON team_audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

-- Where each PC's own trail starts, and what each PC is known to hold of each trail.
CREATE TABLE team_audit_start (
    device    BLOB PRIMARY KEY NOT NULL,
    first_seq INTEGER NOT NULL
) STRICT;

CREATE TABLE team_audit_known (
    member  BLOB NOT NULL,
    origin  BLOB NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (member, origin)
) STRICT, WITHOUT ROWID;
