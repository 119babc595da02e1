-- The name as it should be printed on certificates and passports, where it is not simply the
-- given name then the family name (Nguyễn Văn An: family name first). Empty means the default.
-- An erasure clears it with the other identifying fields.
ALTER TABLE participant ADD COLUMN printed_name TEXT;
