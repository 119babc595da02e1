-- Transfer packs (issue 22): a person's recovery history going with them to another
-- establishment, sealed to its card. All four travel between a team's PCs.

-- Consent to send a person's record to another establishment (a consent may name services, an
-- establishment, or both): a transfer pack is refused without one in force, as a referral is.
CREATE TABLE consent_establishment (
    consent_id BLOB NOT NULL REFERENCES consent(id),
    code       TEXT NOT NULL,
    PRIMARY KEY (consent_id, code)
) STRICT;

-- A pack made here: who, for where, under which consent. The pack itself is not kept.
CREATE TABLE transfer_out (
    id             BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id),
    to_code        TEXT NOT NULL,
    consent_id     BLOB NOT NULL REFERENCES consent(id),
    made_at        TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX transfer_out_participant ON transfer_out (participant_id);

-- A pack taken in here: the history it brought (JSON, read-only, never counted in this
-- establishment's figures) and the person it was matched to or added as. Erasure clears the
-- history and keeps the row.
CREATE TABLE transfer_in (
    id             BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id),
    from_code      TEXT NOT NULL,
    made_at        TEXT NOT NULL,
    history        TEXT NOT NULL,
    taken_in_at    TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX transfer_in_participant ON transfer_in (participant_id);

-- The ids a person had at the establishments their history came from (random ids: nothing
-- about the person), so a later pack finds them again, and a pack for someone erased here is
-- refused rather than bringing their record back.
CREATE TABLE person_origin (
    origin_id      BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id)
) STRICT;
CREATE INDEX person_origin_participant ON person_origin (participant_id);
