-- An optional logo per award type, printed at the top left of its certificates. Stored as the
-- app normalised it when chosen: a PNG at most 800 pixels on its longer side, so one logo adds
-- the same modest weight to every PDF whatever file the caseworker picked.
ALTER TABLE award_type ADD COLUMN logo_png BLOB CHECK (logo_png IS NULL OR length(logo_png) <= 4194304);
ALTER TABLE award_type ADD COLUMN logo_width INTEGER CHECK (logo_width IS NULL OR logo_width BETWEEN 1 AND 800);
ALTER TABLE award_type ADD COLUMN logo_height INTEGER CHECK (logo_height IS NULL OR logo_height BETWEEN 1 AND 800);
