-- One-off events (a recovery walk, a family day, a graduation ceremony, a recovery awareness
-- session): kept as a group with exactly one session and no roster or schedule, so the register
-- screen, drop-ins, headcounts, notes, the person's record and erasure all work for them as
-- they do for a group. This table says which groups are events, and of what kind; the return
-- reports events in a section of their own, apart from the groups' figures. The group's name is
-- the title and the date ("Family day, 14/08/2027"), so a title can come back every year; the
-- title alone is kept here.
CREATE TABLE event (
    group_id BLOB PRIMARY KEY NOT NULL REFERENCES recovery_group(id),
    title    TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('recovery_walk', 'family_day', 'graduation_ceremony',
                                           'awareness_session', 'other'))
) STRICT, WITHOUT ROWID;
