-- SVQ units: a qualification's units (kept on its SVQ award type), each signed off for a
-- candidate by an assessor on a date, and the candidate's SQA number. The centre prints a record
-- of units achieved; SQA certificates the qualification. Travels between a team's PCs.
CREATE TABLE svq_unit (
    id            BLOB PRIMARY KEY NOT NULL,
    award_type_id BLOB NOT NULL REFERENCES award_type(id),
    -- SQA's unit code as printed on the unit record, e.g. "HK9A 04".
    code          TEXT NOT NULL,
    title         TEXT NOT NULL,
    position      INTEGER NOT NULL CHECK (position >= 1),
    created_at    TEXT NOT NULL,
    UNIQUE (award_type_id, code)
) STRICT;

CREATE TABLE unit_sign_off (
    id             BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id),
    unit_id        BLOB NOT NULL REFERENCES svq_unit(id),
    assessor       TEXT NOT NULL,
    signed_off_on  TEXT NOT NULL,
    recorded_by    BLOB NOT NULL REFERENCES staff(id),
    created_at     TEXT NOT NULL,
    UNIQUE (participant_id, unit_id)
) STRICT;
CREATE INDEX unit_sign_off_participant ON unit_sign_off (participant_id);

-- The Scottish Candidate Number SQA knows the person by: nine digits. Erased with the record.
CREATE TABLE sqa_candidate (
    participant_id   BLOB PRIMARY KEY NOT NULL REFERENCES participant(id),
    candidate_number TEXT NOT NULL CHECK (length(candidate_number) = 9 AND candidate_number NOT GLOB '*[^0-9]*'),
    updated_at       TEXT NOT NULL
) STRICT, WITHOUT ROWID;
