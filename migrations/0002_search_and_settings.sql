-- Version 2: a settings table for per-install values (the first is the default establishment),
-- and indexes that the Today screen and the monthly report lean on.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE INDEX participant_expected_liberation ON participant (expected_liberation)
    WHERE expected_liberation IS NOT NULL;
CREATE INDEX session_group_date ON session (group_id, held_on);
