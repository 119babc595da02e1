-- Liberation and community referrals: a directory of services outside, each person's plan for
-- release (home area, consent to share, referrals and their steps, meetings), so support carries
-- on after the gate. Dates are ISO local dates (Europe/London).

-- Recovery hubs, lived-experience recovery organisations, cafés, mutual-aid meetings, rehab.
-- `match_key` (folded name and area) is what a CSV import matches on, so "Dundee Recovery Café"
-- typed twice, once without the accent, is one service.
CREATE TABLE community_service (
    id            BLOB PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('recovery_hub', 'lived_experience', 'recovery_cafe',
                                               'mutual_aid', 'residential_rehab', 'other')),
    area          TEXT NOT NULL,
    address       TEXT,
    phone         TEXT,
    email         TEXT,
    website       TEXT,
    meeting_times TEXT,
    notes         TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    match_key     TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX community_service_area ON community_service (area COLLATE NOCASE);

-- One plan per person: where they are going. The expected liberation date stays on the person.
CREATE TABLE liberation_plan (
    participant_id BLOB PRIMARY KEY NOT NULL REFERENCES participant(id),
    home_area      TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

-- Consent to share information, given on a date, with a scope in the person's words, naming the
-- services it covers; withdrawn on a date (never deleted: a referral made under it stays
-- explained).
CREATE TABLE consent (
    id             BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id),
    given_on       TEXT NOT NULL,
    scope          TEXT NOT NULL,
    withdrawn_on   TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on)
) STRICT;
CREATE INDEX consent_participant ON consent (participant_id);

CREATE TABLE consent_service (
    consent_id BLOB NOT NULL REFERENCES consent(id),
    service_id BLOB NOT NULL REFERENCES community_service(id),
    PRIMARY KEY (consent_id, service_id)
) STRICT, WITHOUT ROWID;

-- A referral to a service. Details are shared only under a consent that named the service and
-- was in force on the day (checked in the core; the CHECK keeps the link).
CREATE TABLE referral (
    id             BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id),
    service_id     BLOB NOT NULL REFERENCES community_service(id),
    referred_on    TEXT NOT NULL,
    details_shared INTEGER NOT NULL CHECK (details_shared IN (0, 1)),
    consent_id     BLOB REFERENCES consent(id),
    notes          TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (details_shared = 0 OR consent_id IS NOT NULL)
) STRICT;
CREATE INDEX referral_participant ON referral (participant_id);
CREATE INDEX referral_date ON referral (referred_on);

-- Each step of a referral with its date: the first is 'referred' on the referral date; the
-- latest is its status. Continuity of care is read from the date of the 'engaged' step.
CREATE TABLE referral_step (
    id          INTEGER PRIMARY KEY,
    referral_id BLOB NOT NULL REFERENCES referral(id),
    status      TEXT NOT NULL CHECK (status IN ('referred', 'accepted', 'first_contact', 'engaged',
                                                'declined', 'lost_contact')),
    on_date     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by BLOB NOT NULL REFERENCES staff(id)
) STRICT;
CREATE INDEX referral_step_referral ON referral_step (referral_id, on_date);

-- Meetings with the person about their release: before liberation, on home leave, after.
CREATE TABLE liberation_meeting (
    id             BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id),
    held_on        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('before_liberation', 'home_leave', 'after_liberation')),
    service_id     BLOB REFERENCES community_service(id),
    notes          TEXT,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX liberation_meeting_participant ON liberation_meeting (participant_id, held_on);
