-- Security clearances of facilitators, per establishment (cleared at one prison is not cleared
-- at another). A renewal points at the clearance it renews; each is renewed at most once, so
-- the renewals of a clearance form a chain. Dates are ISO local dates; `expires_on` is the last
-- day the clearance is valid (none: open-ended).
CREATE TABLE clearance (
    id               BLOB PRIMARY KEY NOT NULL,
    facilitator_id   BLOB NOT NULL REFERENCES facilitator(id),
    establishment_id BLOB NOT NULL REFERENCES establishment(id),
    kind             TEXT NOT NULL CHECK (kind IN ('enhanced_vetting', 'standard_plus_completed',
                                                   'standard_plus_licence', 'photo_card', 'other')),
    status           TEXT NOT NULL CHECK (status IN ('applied', 'in_progress', 'granted', 'refused',
                                                     'appealed', 'expired', 'withdrawn')),
    applied_on       TEXT,
    granted_on       TEXT,
    expires_on       TEXT,
    reference        TEXT,
    notes            TEXT,
    renews           BLOB UNIQUE REFERENCES clearance(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (expires_on IS NULL OR granted_on IS NULL OR expires_on >= granted_on)
) STRICT;
CREATE INDEX clearance_facilitator ON clearance (facilitator_id, establishment_id);
CREATE INDEX clearance_expiry ON clearance (establishment_id, expires_on);
