-- A re-key (the database key changed when an account is disabled or a password reset) leaves
-- the backups made before it under the old key. The old keys are kept here, inside the
-- database that only the current key opens, so an administrator can still restore them; an
-- old key file and an old password give nothing that opens this table.
CREATE TABLE retired_key (
    key TEXT PRIMARY KEY,
    retired_at TEXT NOT NULL
) STRICT;
