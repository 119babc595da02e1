-- Recovery Register schema, version 1.
-- A shipped migration is never edited: change the schema with a new, numbered file.
-- Ids are UUIDv7 as 16-byte blobs. Dates are ISO 8601 local dates (Europe/London); times are HH:MM local.

CREATE TABLE establishment (
    id          BLOB PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id          BLOB PRIMARY KEY NOT NULL,
    username    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('administrator', 'caseworker', 'viewer')),
    created_at  TEXT NOT NULL
) STRICT;

-- Until staff accounts exist, every act is done by this one local administrator, so that
-- rows can already name who recorded them.
INSERT INTO staff (id, username, display_name, role, created_at)
VALUES (X'00000000000070008000000000000001', 'admin', 'Local administrator', 'administrator',
        '2026-01-01T00:00:00Z');

CREATE TABLE participant (
    id               BLOB PRIMARY KEY NOT NULL,
    establishment_id BLOB NOT NULL REFERENCES establishment(id),
    kind             TEXT NOT NULL CHECK (kind IN ('in_custody', 'staff', 'volunteer')),
    prison_number    TEXT,
    given_name       TEXT NOT NULL,
    family_name      TEXT NOT NULL,
    date_of_birth    TEXT,
    location         TEXT,
    status           TEXT CHECK (status IN ('in_custody', 'liberated', 'transferred', 'home_leave')),
    status_since     TEXT,
    expected_liberation TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    -- A person in custody always has a prison number and a status; staff and volunteers have neither.
    CHECK ((kind = 'in_custody') = (prison_number IS NOT NULL)),
    CHECK ((kind = 'in_custody') = (status IS NOT NULL)),
    UNIQUE (establishment_id, prison_number)
) STRICT;

-- Custody events, so that reports can count liberations and transfers by month.
CREATE TABLE status_change (
    id             BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id),
    status         TEXT NOT NULL CHECK (status IN ('in_custody', 'liberated', 'transferred', 'home_leave')),
    effective_on   TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    recorded_by    BLOB NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX status_change_participant ON status_change (participant_id, effective_on);

-- Search tokens: folded (lower case, no diacritics) words of a person's names and prison number,
-- so that "sean o su" finds "Seán Ó Súilleabháin" through an index instead of a table scan.
-- The sort key (folded "family given") is part of the key, so a search sorts small index rows
-- and fetches only the people it shows.
CREATE TABLE participant_token (
    token            TEXT NOT NULL,
    sort_key         TEXT NOT NULL,
    participant_id   BLOB NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
    establishment_id BLOB NOT NULL REFERENCES establishment(id),
    PRIMARY KEY (token, sort_key, participant_id)
) STRICT, WITHOUT ROWID;
-- Rewriting a person's tokens, and checking a second word of a search, look them up by person.
CREATE INDEX participant_token_participant ON participant_token (participant_id, token);

CREATE TABLE facilitator (
    id             BLOB PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('staff', 'volunteer', 'peer')),
    organisation   TEXT,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE recovery_group (
    id               BLOB PRIMARY KEY NOT NULL,
    establishment_id BLOB NOT NULL REFERENCES establishment(id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('aa', 'na', 'ca', 'smart_recovery', 'peer_led',
                                                   'recovery_cafe', 'programme', 'other')),
    location         TEXT,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT,
    weekday          INTEGER CHECK (weekday BETWEEN 1 AND 7),
    start_time       TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    every_weeks      INTEGER CHECK (every_weeks BETWEEN 1 AND 52),
    planned_sessions INTEGER CHECK (planned_sessions > 0),
    completion_min_attended INTEGER CHECK (completion_min_attended > 0),
    completion_excuses_regime INTEGER NOT NULL DEFAULT 0 CHECK (completion_excuses_regime IN (0, 1)),
    created_at       TEXT NOT NULL,
    UNIQUE (establishment_id, name)
) STRICT;

CREATE TABLE group_facilitator (
    group_id       BLOB NOT NULL REFERENCES recovery_group(id),
    facilitator_id BLOB NOT NULL REFERENCES facilitator(id),
    PRIMARY KEY (group_id, facilitator_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE enrolment (
    id             BLOB PRIMARY KEY NOT NULL,
    group_id       BLOB NOT NULL REFERENCES recovery_group(id),
    participant_id BLOB NOT NULL REFERENCES participant(id),
    enrolled_on    TEXT NOT NULL,
    -- The first day the person is no longer on the roster; NULL while enrolled.
    left_on        TEXT,
    leaving_reason TEXT CHECK (leaving_reason IN ('completed', 'liberated', 'transferred',
                                                   'withdrew', 'removed', 'other')),
    leaving_note   TEXT,
    CHECK ((left_on IS NULL) = (leaving_reason IS NULL)),
    CHECK (left_on IS NULL OR left_on >= enrolled_on)
) STRICT;
CREATE INDEX enrolment_group ON enrolment (group_id, enrolled_on);
CREATE INDEX enrolment_participant ON enrolment (participant_id);

CREATE TABLE session (
    id             BLOB PRIMARY KEY NOT NULL,
    group_id       BLOB NOT NULL REFERENCES recovery_group(id),
    held_on        TEXT NOT NULL,
    start_time     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
    cancellation_reason TEXT CHECK (cancellation_reason IN ('lockdown', 'staff_shortage',
                                     'facilitator_not_cleared', 'room_unavailable', 'other')),
    cancellation_note TEXT,
    topic          TEXT,
    notes          TEXT,
    from_schedule  INTEGER NOT NULL CHECK (from_schedule IN (0, 1)),
    created_at     TEXT NOT NULL,
    CHECK ((status = 'cancelled') = (cancellation_reason IS NOT NULL)),
    UNIQUE (group_id, held_on, start_time)
) STRICT;
CREATE INDEX session_date ON session (held_on);

CREATE TABLE session_facilitator (
    session_id     BLOB NOT NULL REFERENCES session(id),
    facilitator_id BLOB NOT NULL REFERENCES facilitator(id),
    PRIMARY KEY (session_id, facilitator_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE attendance (
    session_id     BLOB NOT NULL REFERENCES session(id),
    participant_id BLOB NOT NULL REFERENCES participant(id),
    mark           TEXT NOT NULL CHECK (mark IN ('present', 'late', 'left_early', 'absent')),
    absence_reason TEXT CHECK (absence_reason IN ('chose_not_to_attend', 'refused', 'unwell',
                                'not_unlocked', 'wing_lockdown', 'no_escort', 'staff_shortage',
                                'legal_visit', 'healthcare', 'court', 'work', 'education',
                                'visit', 'other')),
    note           TEXT,
    recorded_at    TEXT NOT NULL,
    recorded_by    BLOB NOT NULL REFERENCES staff(id),
    CHECK ((mark = 'absent') = (absence_reason IS NOT NULL)),
    PRIMARY KEY (session_id, participant_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_participant ON attendance (participant_id);
