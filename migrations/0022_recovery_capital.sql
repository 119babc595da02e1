-- Recovery capital measured with BARC-10 (the Brief Assessment of Recovery Capital: ten
-- statements, each scored 1 to 6, total 10 to 60; Vilsaint et al. 2017), at a start, a review
-- and before liberation, only with the person's consent. The returns count who was assessed and
-- the median change, never anyone's score. Travels between a team's PCs.
CREATE TABLE recovery_capital (
    id             BLOB PRIMARY KEY NOT NULL,
    participant_id BLOB NOT NULL REFERENCES participant(id),
    taken_on       TEXT NOT NULL,
    stage          TEXT NOT NULL CHECK (stage IN ('start', 'review', 'before_liberation')),
    -- The ten scores in the statements' order, as ten digits 1-6 ("3456234561").
    scores         TEXT NOT NULL CHECK (length(scores) = 10 AND scores NOT GLOB '*[^1-6]*'),
    total          INTEGER NOT NULL CHECK (total BETWEEN 10 AND 60),
    -- The person agreed to it being recorded; and whether their passport may show the change.
    consent        INTEGER NOT NULL CHECK (consent = 1),
    on_passport    INTEGER NOT NULL DEFAULT 0 CHECK (on_passport IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX recovery_capital_participant ON recovery_capital (participant_id, taken_on);
