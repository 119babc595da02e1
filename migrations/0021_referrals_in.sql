-- Referrals into the service and programme waiting lists (issue 24): who asked for a person to
-- be seen, when, for what, how long they waited and how it ended. Scotland's standard is 90% of
-- people starting within three weeks of referral. All three tables travel between a team's PCs.

-- A programme as it recurs (MOIR each autumn, the Recovery College): its waiting list is the
-- open referrals for it, and each cohort (a structured-programme group) is allocated from it.
-- Two PCs that each add "MOIR" have one programme (`establishment_id`, `name`).
CREATE TABLE programme (
    id               BLOB PRIMARY KEY NOT NULL,
    establishment_id BLOB NOT NULL REFERENCES establishment(id),
    name             TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (establishment_id, name)
) STRICT;

-- One referral in. `wants` says for what: an ongoing group (`group_id`), a programme's waiting
-- list (`programme_id`), or one-to-one support (neither). The outcome closes it: started (on
-- `outcome_on`, the day the wait ends), declined, not suitable, or liberated before starting.
-- No free text: the source, the dates and the outcome are what the returns count.
CREATE TABLE referral_in (
    id               BLOB PRIMARY KEY NOT NULL,
    participant_id   BLOB NOT NULL REFERENCES participant(id),
    source           TEXT NOT NULL CHECK (source IN ('self_referral', 'healthcare', 'hall_staff', 'court',
                                                    'another_prison', 'community')),
    referred_on      TEXT NOT NULL,
    wants            TEXT NOT NULL CHECK (wants IN ('group', 'programme', 'one_to_one')),
    group_id         BLOB REFERENCES recovery_group(id),
    programme_id     BLOB REFERENCES programme(id),
    first_contact_on TEXT,
    outcome          TEXT CHECK (outcome IN ('started', 'declined', 'not_suitable', 'liberated_first')),
    outcome_on       TEXT,
    -- The cohort a programme referral was allocated to (the enrolment made with it).
    cohort_id        BLOB REFERENCES recovery_group(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK ((wants = 'group') = (group_id IS NOT NULL)),
    CHECK ((wants = 'programme') = (programme_id IS NOT NULL)),
    CHECK (first_contact_on IS NULL OR first_contact_on >= referred_on),
    CHECK ((outcome IS NULL) = (outcome_on IS NULL)),
    CHECK (outcome_on IS NULL OR outcome_on >= referred_on),
    CHECK (cohort_id IS NULL OR wants = 'programme')
) STRICT;
CREATE INDEX referral_in_participant ON referral_in (participant_id);
CREATE INDEX referral_in_referred ON referral_in (referred_on);
CREATE INDEX referral_in_waiting ON referral_in (programme_id, referred_on) WHERE outcome IS NULL;

-- Someone passed over when a cohort was allocated from a waiting list, and why ("in
-- segregation", "asked to wait for the spring cohort"): the list is worked oldest first, and a
-- skip is explained. Erasure clears the reason.
CREATE TABLE waiting_list_skip (
    id             BLOB PRIMARY KEY NOT NULL,
    referral_in_id BLOB NOT NULL REFERENCES referral_in(id),
    cohort_id      BLOB NOT NULL REFERENCES recovery_group(id),
    skipped_on     TEXT NOT NULL,
    reason         TEXT NOT NULL
) STRICT;
CREATE INDEX waiting_list_skip_referral ON waiting_list_skip (referral_in_id);
