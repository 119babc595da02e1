-- Version 3: awards and their certificates.
-- An award type is kept per establishment with its wording and signatories. An award is one
-- person's certificate: its number (CODE-YEAR-NNNN, gapless per establishment and year, from
-- award_counter inside the issuing transaction), the name as printed (frozen at issue), and a
-- verification code derived from those fields with the secret below (HMAC), so that a
-- certificate can be checked offline. Prints and reprints are logged; revocation keeps the row.

CREATE TABLE award_type (
    id                   BLOB PRIMARY KEY NOT NULL,
    establishment_id     BLOB NOT NULL REFERENCES establishment(id),
    kind                 TEXT NOT NULL CHECK (kind IN ('recovery_college', 'programme_completion', 'svq', 'custom')),
    title                TEXT NOT NULL,
    svq_level            INTEGER CHECK (svq_level BETWEEN 1 AND 12),
    awarding_body        TEXT,
    wording              TEXT NOT NULL,
    issuing_organisation TEXT NOT NULL,
    show_establishment   INTEGER NOT NULL DEFAULT 0 CHECK (show_establishment IN (0, 1)),
    created_at           TEXT NOT NULL,
    UNIQUE (establishment_id, title)
) STRICT;

CREATE TABLE award_signatory (
    award_type_id BLOB NOT NULL REFERENCES award_type(id),
    position      INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    PRIMARY KEY (award_type_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE award_counter (
    establishment_id BLOB NOT NULL REFERENCES establishment(id),
    year             INTEGER NOT NULL,
    last             INTEGER NOT NULL CHECK (last >= 0),
    PRIMARY KEY (establishment_id, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE award (
    id                  BLOB PRIMARY KEY NOT NULL,
    award_type_id       BLOB NOT NULL REFERENCES award_type(id),
    participant_id      BLOB NOT NULL REFERENCES participant(id),
    group_id            BLOB REFERENCES recovery_group(id),
    number              TEXT NOT NULL UNIQUE,
    awarded_on          TEXT NOT NULL,
    name_on_certificate TEXT NOT NULL,
    verification_code   TEXT NOT NULL,
    issued_at           TEXT NOT NULL,
    issued_by           BLOB NOT NULL REFERENCES staff(id),
    revoked_on          TEXT,
    revocation_reason   TEXT,
    revoked_by          BLOB REFERENCES staff(id),
    CHECK ((revoked_on IS NULL) = (revocation_reason IS NULL))
) STRICT;
CREATE INDEX award_participant ON award (participant_id);
-- One award of a type per person per cohort (or per person, for awards not tied to a group).
CREATE UNIQUE INDEX award_once ON award (award_type_id, participant_id, coalesce(group_id, x''));

CREATE TABLE award_print (
    id         BLOB PRIMARY KEY NOT NULL,
    award_id   BLOB NOT NULL REFERENCES award(id),
    printed_at TEXT NOT NULL,
    printed_by BLOB NOT NULL REFERENCES staff(id),
    -- NULL for the first print; a reprint says why (lost, damaged, name corrected ...).
    reprint_reason TEXT
) STRICT;
CREATE INDEX award_print_award ON award_print (award_id);

-- The verification secret: random per database, never shown, never exported.
INSERT INTO setting (key, value) VALUES ('award_secret', lower(hex(randomblob(32))));
