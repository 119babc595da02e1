-- Staff accounts: a password (Argon2id, as a PHC string) and whether the account may log in.
-- Accounts are disabled, never deleted: the records name who did what.
ALTER TABLE staff ADD COLUMN password_hash TEXT;
ALTER TABLE staff ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));

-- Failed logins, for the limit of 10 per account in any 5 minutes.
CREATE TABLE login_failure (
    staff_id BLOB NOT NULL REFERENCES staff(id),
    at       TEXT NOT NULL
) STRICT;
CREATE INDEX login_failure_staff ON login_failure (staff_id, at);
