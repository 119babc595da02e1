-- A session that did take place although someone running it was not cleared here that day.
-- Planning such a session stays refused; recording it afterwards takes a member of staff who
-- confirms it happened and says why. The rule's words at that moment are kept (a clearance
-- recorded later must not rewrite the incident), and the clearances report lists each one.
CREATE TABLE session_held_uncleared (
    session_id   BLOB PRIMARY KEY NOT NULL REFERENCES session(id),
    problem      TEXT NOT NULL,
    reason       TEXT NOT NULL,
    confirmed_by BLOB NOT NULL REFERENCES staff(id),
    confirmed_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
