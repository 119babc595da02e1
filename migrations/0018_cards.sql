-- Receiving cards (issue 22): this install's own cards (an establishment's, or the national
-- office's), with their secret halves, and the cards of other installs it has been given, with
-- the fingerprint shown when each was added. Both travel between a team's PCs (one install).
CREATE TABLE own_card (
    code           TEXT PRIMARY KEY NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('establishment', 'national_office')),
    name           TEXT NOT NULL,
    -- X25519 secret key: files sealed to this card are opened with it.
    sealing_secret BLOB NOT NULL,
    -- Ed25519 secret key: files this install makes are signed with it.
    signing_secret BLOB NOT NULL,
    made_at        TEXT NOT NULL
) STRICT;

CREATE TABLE known_card (
    code          TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('establishment', 'national_office')),
    name          TEXT NOT NULL,
    sealing_key   BLOB NOT NULL,
    verifying_key BLOB NOT NULL,
    fingerprint   TEXT NOT NULL,
    added_at      TEXT NOT NULL
) STRICT;
