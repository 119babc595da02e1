-- A team of PCs sharing one record (issue 21). Each PC keeps its own database file; what changes
-- travels between them as change files. The triggers that note what an act changed are made by
-- this migration's hook from `store::team::tables` (one list says which tables travel).

-- This PC in its team: one row, or none while the PC is on its own (then nothing is noted).
-- Never travels: each PC has its own id, signing key and clock.
CREATE TABLE this_pc (
    only_row      INTEGER PRIMARY KEY CHECK (only_row = 1),
    device_id     BLOB NOT NULL,
    team_id       BLOB NOT NULL,
    -- Ed25519 secret key that signs this PC's change files (the database itself is encrypted).
    signing_key   BLOB NOT NULL,
    -- The hybrid logical clock's last stamp (rules::clock), and the next change's number.
    clock         TEXT NOT NULL,
    next_seq      INTEGER NOT NULL DEFAULT 1,
    -- 1 on a PC made from a joining file until its first log-in records that it joined.
    join_to_record INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The team's PCs: their names and verifying keys travel, so every PC knows every other.
CREATE TABLE team_pc (
    id          BLOB PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    public_key  BLOB NOT NULL,
    added_on    TEXT NOT NULL,
    retired_on  TEXT
) STRICT;

-- Rows changed by the act under way (filled by the triggers, emptied when the act commits). A
-- key is up to two columns, and x'' stands for "no second column".
CREATE TABLE pending_change (
    tbl     TEXT NOT NULL,
    k1      ANY NOT NULL,
    k2      ANY NOT NULL,
    deleted INTEGER NOT NULL,
    PRIMARY KEY (tbl, k1, k2)
) STRICT, WITHOUT ROWID;

-- Each travelling row's latest version: the stamp of the act that made it, the PC and that PC's
-- change number. A deleted row keeps its version as a grave, so the deletion travels too.
CREATE TABLE row_version (
    tbl     TEXT NOT NULL,
    k1      ANY NOT NULL,
    k2      ANY NOT NULL,
    stamp   TEXT NOT NULL,
    device  BLOB NOT NULL,
    seq     INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    PRIMARY KEY (tbl, k1, k2)
) STRICT, WITHOUT ROWID;
CREATE INDEX row_version_origin ON row_version (device, seq);

-- What each PC of the team (this one included) is known to hold: every change of `origin` up to
-- `seq`. Learnt from the files each PC sends; a file carries what its sender may not have.
CREATE TABLE team_known (
    member  BLOB NOT NULL,
    origin  BLOB NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (member, origin)
) STRICT, WITHOUT ROWID;

-- When each PC last made a file this PC took in, and when it was taken in.
CREATE TABLE team_file_seen (
    member      BLOB PRIMARY KEY NOT NULL,
    made_at     TEXT NOT NULL,
    taken_in_at TEXT NOT NULL
) STRICT;

-- A register mark changed on two PCs without sight of each other: the one kept (by the clock) is
-- in `attendance`; the other waits here, with both versions, for a person to choose. Travels, so
-- a choice made on one PC clears it on all.
CREATE TABLE mark_conflict (
    session_id     BLOB NOT NULL REFERENCES session(id),
    participant_id BLOB NOT NULL REFERENCES participant(id),
    kept           TEXT NOT NULL,
    other          TEXT NOT NULL,
    raised_at      TEXT NOT NULL,
    PRIMARY KEY (session_id, participant_id)
) STRICT;

-- A record made on two PCs that is one thing (a person with the same prison number, a session of
-- the same group at the same time, a group or award type of the same name): the older id is kept
-- and the other points to it, so a change arriving later under the other id finds the record.
CREATE TABLE merged_id (
    tbl     TEXT NOT NULL,
    from_id BLOB NOT NULL,
    to_id   BLOB NOT NULL,
    PRIMARY KEY (tbl, from_id)
) STRICT, WITHOUT ROWID;

-- Referral steps were numbered by each PC from 1; an id made on the PC lets them travel.
ALTER TABLE referral_step ADD COLUMN uid BLOB;
UPDATE referral_step SET uid = randomblob(16);
CREATE UNIQUE INDEX referral_step_uid ON referral_step (uid);
