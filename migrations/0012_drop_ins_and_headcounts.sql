-- The room as it is. A drop-in is a person marked at a session without being on its roster that
-- day: they attended but were not expected, so they count in attendances and different people,
-- never in places expected or the attendance rate (ARCHITECTURE.md's definitions). The flag is
-- kept as it was when they were marked: enrolling them later does not make them expected then.
ALTER TABLE attendance ADD COLUMN drop_in INTEGER NOT NULL DEFAULT 0 CHECK (drop_in IN (0, 1));

-- People at a session nobody names: others present from inside (a café's passers-by) and
-- visitors from outside (AA members, a lived-experience recovery organisation), with the
-- visitors' organisation where known. One row per session that has a headcount.
CREATE TABLE session_headcount (
    session_id     BLOB PRIMARY KEY NOT NULL REFERENCES session(id),
    others_present INTEGER NOT NULL CHECK (others_present BETWEEN 0 AND 10000),
    visitors       INTEGER NOT NULL CHECK (visitors BETWEEN 0 AND 10000),
    visitors_from  TEXT
) STRICT, WITHOUT ROWID;
