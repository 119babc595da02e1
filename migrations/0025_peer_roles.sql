-- Peer roles: a person in custody who leads groups as a peer facilitator or recovery champion is
-- a facilitator linked to their own record, so the sessions they led show on it (and, when they
-- choose, on their passport). "Qualified to deliver" a course (after Training for Trainers) is
-- kept per facilitator with its date, and a group can require it of every facilitator.
ALTER TABLE facilitator ADD COLUMN participant_id BLOB REFERENCES participant(id);
ALTER TABLE facilitator ADD COLUMN peer_role TEXT CHECK (peer_role IN ('peer_facilitator', 'recovery_champion'));
ALTER TABLE facilitator ADD COLUMN peer_since TEXT;
ALTER TABLE facilitator ADD COLUMN on_passport INTEGER NOT NULL DEFAULT 0 CHECK (on_passport IN (0, 1));
-- One facilitator row per person.
CREATE UNIQUE INDEX facilitator_person ON facilitator (participant_id) WHERE participant_id IS NOT NULL;

CREATE TABLE delivery_qualification (
    id             BLOB PRIMARY KEY NOT NULL,
    facilitator_id BLOB NOT NULL REFERENCES facilitator(id),
    -- What they may now deliver, e.g. "SMART Recovery".
    course         TEXT NOT NULL,
    -- The training that qualified them, e.g. "Training for Trainers".
    training       TEXT NOT NULL,
    qualified_on   TEXT NOT NULL,
    recorded_by    BLOB NOT NULL REFERENCES staff(id),
    created_at     TEXT NOT NULL,
    UNIQUE (facilitator_id, course)
) STRICT;

-- The course every facilitator of the group must be qualified to deliver; NULL: none required.
ALTER TABLE recovery_group ADD COLUMN required_course TEXT;
